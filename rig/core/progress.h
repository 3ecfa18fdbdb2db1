/*
 * progress.h - `--progress`: a live progress bar on stderr, redrawn as each
 * test ends: "[#######.....]  37/93 tests  0:12 elapsed  ETA 0:18".
 */
#ifndef RR_PROGRESS_H
#define RR_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

struct progress {
	FILE *out; /* stderr */
	bool on;
	int total, done;
	double t0;  /* wall seconds at the start */
	bool drawn; /* the bar is on the screen now */
};

/* Start with the number of tests the run will report (0 = unknown). */
void progress_start(struct progress *p, FILE *out, int total);
/* Remove the bar before other output goes to the terminal. */
void progress_clear(struct progress *p);
/* One more test ended: redraw. */
void progress_tick(struct progress *p);
/* The run ended: the bar's last state stays, with a newline. */
void progress_end(struct progress *p);

#endif
