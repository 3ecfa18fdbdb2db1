/*
 * trace.h - statement traceability (`relayrig --trace`).
 */
#ifndef RR_TRACE_H
#define RR_TRACE_H

#include "ctx.h"

/* Read the statement list, collect the tests of files, print each
 * statement with the tests whose tags name it. Returns the exit status:
 * 0 all traced, 1 untraced statements or tags naming none, 2 setup error. */
int trace_main(struct rr_ctx *c, const char *statements, char **files, int nfiles);

/* The statement list alone (IDs and texts, malloc'ed arrays of malloc'ed
 * strings) for the reports' traceability. 0, or -1 with err. */
int trace_statement_list(const char *path, char ***ids, char ***texts, int *n, char *err,
			 size_t errlen);

#endif
