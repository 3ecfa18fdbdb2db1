/*
 * report.h - writers for a finished (or interrupted) run: JUnit XML, TAP
 * 14, the JSON run record, and the console.
 *
 * The file writers build the whole document in memory and replace the
 * target atomically (write to FILE.tmp, rename), so a report on disk is
 * always complete and well-formed, even after Ctrl-C.
 */
#ifndef RR_REPORT_H
#define RR_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "result.h"
#include "sbuf.h"

void report_junit(const struct rr_run *run, struct sbuf *out);
/* TAP of a finished run, plan first; version 13 or 14. */
void report_tap(const struct rr_run *run, struct sbuf *out, int version);
/* Streamed TAP: the version line, one test (numbered from 1), the plan
 * (and "Bail out!" for an interrupted run) at the end. */
void report_tap_head(struct sbuf *out, int version);
void report_tap_result(struct sbuf *out, int num, const struct rr_result *r);
void report_tap_tail(struct sbuf *out, int n, bool interrupted);
void report_json(const struct rr_run *run, struct sbuf *out);

/* Write b to path atomically. Returns 0 or a negative rr_err. */
int report_save(const char *path, const struct sbuf *b);

/* ISO 8601 UTC ("2026-11-21T10:00:00.123Z") of epoch seconds. */
void report_iso_time(double t, char *buf, size_t len);

/* Not run on this rig: skipped tests whose reason is a missing capability
 * ("needs temp: ..."), grouped by reason in run order (notrun.c). */
struct not_run_group {
	const char *reason; /* points into the run */
	int count, first;   /* tests with it; index of the first */
};
bool report_not_run(const struct rr_result *r);
/* The groups (malloc'ed into *out, free it); returns how many. */
int report_not_run_groups(const struct rr_run *run, struct not_run_group **out);
/* "not run on this rig: N tests" and a line per reason (nothing if none). */
void report_not_run_console(FILE *f, const struct rr_run *run);
/* JSON array [{reason, count, tests: [{file, line, name}]}]. */
void report_not_run_json(struct sbuf *b, const struct rr_run *run);

/* Console: progress while running, details of failures, the summary. */
struct console {
	FILE *out;       /* progress and details */
	FILE *sumout;    /* the summary line (stderr with --tap) */
	bool tty, color;
	int done, total_files, files_done;
	struct rr_counts c;
	const char *cur_file;
	FILE *tap;       /* --tap: the TAP stream, one test at a time */
	bool tap_failed; /* a write to the TAP stream failed */
};

void console_init(struct console *k, FILE *out, FILE *sumout, bool color_allowed);
/* One result arrived (in run order). */
void console_result(struct console *k, const struct rr_result *r);
/* A file finished: counts for the file so far. */
void console_file_done(struct console *k, const char *file, struct rr_counts fc);
/* Details of every failed test, then "N passed, N failed, N skipped". */
void console_summary(struct console *k, const struct rr_run *run);

#endif
