/*
 * rigclk.h - the real rig's time: a monotonic clock and a wait on
 * descriptors. Kept apart so that the tests can link a virtual clock
 * instead (tests/unit/ftdi/fake_clock.c).
 */
#ifndef RR_FTDI_RIGCLK_H
#define RR_FTDI_RIGCLK_H

#include <poll.h>
#include <stdint.h>

/* Monotonic time in microseconds. */
uint64_t rigclk_us(void);

/* Wait up to timeout_ms for one of fds (may be NULL, n = 0) to be readable.
 * Returns > 0 when woken early (a descriptor is ready, or a signal came),
 * 0 when the time passed. */
int rigclk_wait(struct pollfd *fds, int n, int timeout_ms);

#endif
