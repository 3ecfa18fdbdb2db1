/*
 * reports.h - the report files of a run: which are asked for, the check
 * that each can be written (before anything runs), partial runs, writing
 * them atomically at the end, and the copy rendered after every result
 * that a second stop signal writes out before the process ends.
 *
 * A partial run (filtered by --filter, --tags or --exclude-tags, --without,
 * stopped by --fail-fast or a signal, or a setup error) never writes the paths given:
 * it writes NAME.partial.EXT next to them, and each report says why it is
 * partial. A listed run (--list, --trace) writes no report.
 */
#ifndef RR_REPORTS_H
#define RR_REPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "report.h"
#include "result.h"

#define REPORTS_MAX 8

struct reports {
	int n;
	struct {
		const char *opt;  /* "--junit" */
		const char *path; /* as given */
		void (*render)(const struct rr_run *, struct sbuf *);
	} f[REPORTS_MAX];
	int tap; /* TAP on stdout: the tail goes out on a second signal */
};

/* Collect the report options and check every path can be written. 0, or
 * -1 with the reason in err. */
int reports_setup(struct reports *R, const struct rr_opts *o, char *err, size_t errlen);
/* Does any report need the unit's tabs (the HTML report's card)? */
bool reports_want_unit(const struct reports *R);
/* Why the run is partial from its options and paths, or NULL (static). */
const char *reports_partial_reason(const struct rr_opts *o, char *buf, size_t len);
/* Write every report (the partial names when run->partial). 0, or 2 after
 * printing what could not be written. */
int reports_write(const struct reports *R, const struct rr_run *run);
/* Render the reports as they stand (pending: a result not yet in run, or
 * NULL) and keep them for a second stop signal. */
void reports_snapshot(const struct reports *R, const struct rr_run *run,
		      const struct rr_result *pending);
/* Render now if a result is waiting to be (the end of a file). */
void reports_snapshot_flush(void);
/* Drop the snapshot (the finalizer writes the real reports). */
void reports_snapshot_clear(void);

#endif
