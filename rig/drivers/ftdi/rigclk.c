/* rigclk.c - monotonic clock and poll() for the real rig (rigclk.h). */
#include "rigclk.h"

#include <errno.h>
#include <time.h>

uint64_t rigclk_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int rigclk_wait(struct pollfd *fds, int n, int timeout_ms)
{
	int rc = poll(fds, (nfds_t)n, timeout_ms);
	if (rc < 0)
		return errno == EINTR ? 1 : 0;
	return rc;
}
