/*
 * fake_clock.h - virtual time for the driver's tests, linked instead of
 * rig/drivers/ftdi/rigclk.c: time moves only when the driver waits, and a
 * wait returns at once when a descriptor is readable.
 */
#ifndef FAKE_CLOCK_H
#define FAKE_CLOCK_H

#include <stdint.h>

/* Time back to 0 ms (the clock itself starts at an arbitrary offset). */
void fake_clock_reset(void);
/* Milliseconds since the last reset. */
uint64_t fake_clock_ms(void);
/* Let time pass without the driver waiting. */
void fake_clock_advance_ms(uint64_t ms);

#endif
