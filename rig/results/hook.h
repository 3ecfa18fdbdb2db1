/*
 * hook.h - the run's one call into the results database: store the
 * finished run (run.c finish()).
 */
#ifndef RR_RESULTS_HOOK_H
#define RR_RESULTS_HOOK_H

#include "cli.h"
#include "result.h"

/* Exit status of a run whose record could not be stored. */
#define RESULTS_NOT_STORED 3

/* Store the run in the results database (--db, default
 * reports/results.db; nothing with --no-db). Returns 0, or
 * RESULTS_NOT_STORED after saying so on stderr; the record is then kept
 * in the report folder's unstored/ for `relayrig results import`. */
int results_after_run(const struct rr_opts *o, struct rr_run *run);

#endif
