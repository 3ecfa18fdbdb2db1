/* fake_clock.c - virtual rig clock for the tests (fake_clock.h). */
#include "fake_clock.h"

#include <poll.h>

#include "rigclk.h"

#define BASE_US 5000000000ull

static uint64_t now_us = BASE_US;

void fake_clock_reset(void) { now_us = BASE_US; }
uint64_t fake_clock_ms(void) { return (now_us - BASE_US) / 1000u; }
void fake_clock_advance_ms(uint64_t ms) { now_us += ms * 1000u; }

uint64_t rigclk_us(void)
{
	return now_us;
}

int rigclk_wait(struct pollfd *fds, int n, int timeout_ms)
{
	if (n > 0 && poll(fds, (nfds_t)n, 0) > 0)
		return 1;
	if (timeout_ms > 0)
		now_us += (uint64_t)timeout_ms * 1000u;
	return 0;
}
