/*
 * run.h - a whole run: choose the rig, find the files, run them (here or
 * in parallel workers), then the finalizer: rig safe, reports written,
 * summary printed, exit status.
 */
#ifndef RR_RUN_H
#define RR_RUN_H

#include "cli.h"
#include "ctx.h"
#include "report.h"
#include "result.h"

/* Run with parsed options; returns the process exit status. */
int run_main(struct rr_opts *o);

/* Set up the driver of c from --rig / --sim. 0, or RR_ERR_* with a
 * message in err. */
int run_pick_driver(struct rr_ctx *c, const struct rr_opts *o, char *err, size_t errlen);

/* Run files in jobs worker processes; results land in run in file order
 * and on the console as each file completes in order. */
int pool_run(struct rr_ctx *c, char **files, int n, int jobs, struct rr_run *run,
	     struct console *k);

#endif
