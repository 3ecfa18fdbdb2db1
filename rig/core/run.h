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

/* Load the rig descriptions (--rig, repeatable; --sim, --hang-timeout and
 * --serial fill the [sim] keys), check -j against them, and set c up to
 * drive the first. May raise o->jobs to one per rig. 0, or RR_ERR_* with
 * a message in err. */
int run_pick_driver(struct rr_ctx *c, struct rr_opts *o, char *err, size_t errlen);
/* Before any test: the simulator each sim rig will start can run. 0, or
 * RR_ERR_NODEV with the reason in err. */
int run_check_sim(char *err, size_t errlen);
/* The rig worker i drives (the rigs taken in turn). */
const struct rigfile *run_rig(int worker);

/* A result on the console (and the --progress bar, p may be NULL). */
void run_show_result(struct console *k, struct progress *p, const struct rr_result *r);

/* Run files in jobs worker processes; results land in run in file order
 * and on the console as each file completes in order. */
int pool_run(struct rr_ctx *c, char **files, int n, int jobs, struct rr_run *run,
	     struct console *k);

#endif
