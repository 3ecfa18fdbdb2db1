/* cpupin.h - one CPU for a runner and the simulated unit it drives.
 *
 * The runner and its simulator take turns: one waits while the other
 * works, never both at once. On one CPU each hand-off is a direct switch;
 * across two it wakes an idle CPU every time, which costs more than the
 * work in between. So before it starts a simulator, the process that will
 * drive it binds itself (and, through fork, the child) to one CPU: worker
 * i of -j N to the i-th CPU it may run on (modulo their count), a serial
 * run to the CPU it is on. --no-pin or RELAYRIG_PIN=0 turns this off. */
#ifndef RR_CPUPIN_H
#define RR_CPUPIN_H

#include <stdbool.h>

/* Off for the rest of the process (--no-pin). */
void cpupin_disable(void);
/* This process is worker `slot` of a pool (-1: a serial run, the default). */
void cpupin_set_slot(int slot);
/* Bind the calling process to its CPU, once; later calls do nothing. Returns
 * the CPU, or -1 when not bound (off, one CPU allowed, or refused). */
int cpupin_bind(void);

#endif
