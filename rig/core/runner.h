/*
 * runner.h - runs one test file in a fresh Lua state.
 *
 * The file runs first (describe/it collect the tests), then each selected
 * test runs: setup hooks, before_each, the test, after_each, teardown,
 * each a protected call with a message handler, under the per-test
 * deadline. A unit that crashed, or any failed test, ends the unit's
 * session (safe state first); the next test that touches the rig gets a
 * fresh unit. The session also ends with the file.
 */
#ifndef RR_RUNNER_H
#define RR_RUNNER_H

#include <stdio.h>

#include "ctx.h"
#include "result.h"

/* Receives each result; takes ownership of its contents. */
typedef void (*runner_emit)(void *arg, struct rr_result *r);

/* Run one file. RR_OK; RR_ERR_ARG for a setup error: a malformed file (an
 * error result naming the problem was emitted) or a unit the rig could not
 * start; RR_ERR_INTR when a stop signal came. */
int runner_file(struct rr_ctx *c, const char *path, runner_emit emit, void *arg);

/* -j: the units of work of a file. starts[0..nitems-1] is the test number
 * (1-based, in the selected list) each begins at, starts[nitems] one past
 * the last test; malloc'ed. A unit is one test of an independent describe,
 * or a run of the file's other tests. RR_ERR_ARG for a malformed file. */
int runner_plan(struct rr_ctx *c, const char *path, int **starts, int *nitems);

/* A worker's hold on one file: its Lua state, kept while the worker runs
 * units of work of that file. Setups run before the first test this state
 * runs in each describe, teardowns when it leaves the describe (next test
 * elsewhere, or runner_part_close); a teardown that fails then gives an
 * error result of its own. */
struct runner_part;
int runner_part_open(struct rr_ctx *c, const char *path, struct runner_part **out);
/* Run tests first..last (1-based); RR_OK, RR_ERR_ARG (the rig could not
 * start a unit) or RR_ERR_INTR. */
int runner_part_run(struct runner_part *p, int first, int last, runner_emit emit, void *arg);
void runner_part_close(struct runner_part *p, runner_emit emit, void *arg);

/* The file's summarize hooks over results (the file's, in order), run in
 * a state of its own without a unit (the -j parent). */
int runner_summarize(struct rr_ctx *c, const char *path, const struct rr_result *res, int nres,
		     runner_emit emit, void *arg);

/* Print the selected tests of a file ("path:line: full name  #tags").
 * RR_ERR_ARG for a malformed file (message on stderr). */
int runner_list(struct rr_ctx *c, const char *path, FILE *out);

/* Receives each selected test of a file: its line, full name and tags
 * ("#a #b", sorted; "" for none). */
typedef void (*runner_seen)(void *arg, const char *path, int line, const char *name,
			    const char *tags);

/* Load a file and hand each selected test to seen, running none.
 * RR_ERR_ARG for a malformed file (message on stderr). */
int runner_collect(struct rr_ctx *c, const char *path, runner_seen seen, void *arg);

#endif
