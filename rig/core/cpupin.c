/* cpupin.c - one CPU for a runner and its simulator (cpupin.h). */
#define _GNU_SOURCE
#define LOG_PREFIX "cpu: "
#include "cpupin.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static bool off;
static int slot = -1;
static int bound = -2; /* -2: not tried yet */

void cpupin_disable(void) { off = true; }

void cpupin_set_slot(int s) { slot = s; }

int cpupin_bind(void)
{
	cpu_set_t allowed, one;
	const char *env = getenv("RELAYRIG_PIN");
	int n, want, cpu = -1;

	if (bound != -2)
		return bound;
	bound = -1;
	if (off || (env && !strcmp(env, "0")))
		return -1;
	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0)
		return -1;
	n = CPU_COUNT(&allowed);
	if (n < 2)
		return -1;
	if (slot >= 0) {
		want = slot % n;
		for (int c = 0; c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &allowed) && want-- == 0) {
				cpu = c;
				break;
			}
	} else {
		cpu = sched_getcpu();
	}
	if (cpu < 0 || !CPU_ISSET(cpu, &allowed))
		return -1;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) != 0)
		return -1;
	rr_dbg("bound to CPU %d (of %d) with the simulator", cpu, n);
	return bound = cpu;
}
