/*
 * report.h - writers for a finished (or interrupted) run: JUnit XML, TAP
 * 13/14, the JSON run record, the integrator report (HTML), the
 * certification matrix (text and HTML), the Product Information Card, and
 * the console. Every format is rendered from the run record alone.
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

/* JUnit XML. ant = false: <testsuites> carries the totals (the schema of
 * Jenkins' xunit plugin, tests/schema/junit-xunit.xsd); ant = true: a bare
 * <testsuites> (the Ant JUnit schema, tests/schema/junit-ant.xsd; also
 * valid for xunit). Everything below <testsuites> is the same. */
void report_junit(const struct rr_run *run, struct sbuf *out);
void report_junit_ant(const struct rr_run *run, struct sbuf *out);
/* TAP of a finished run, plan first; version 13 or 14. */
void report_tap(const struct rr_run *run, struct sbuf *out, int version);
/* Streamed TAP: the version line, one test (numbered from 1), the plan
 * (and "Bail out!" for an interrupted run) at the end. */
void report_tap_head(struct sbuf *out, int version);
void report_tap_result(struct sbuf *out, int num, const struct rr_result *r);
void report_tap_tail(struct sbuf *out, int n, bool interrupted);
void report_json(const struct rr_run *run, struct sbuf *out);

/* The certification matrix (matrix.c), rebuilt from the tests' cells. */
struct rr_matrix_counts {
	int cells, passed, failed, skipped, not_run;
};
struct rr_matrix_counts report_matrix_counts(const struct rr_run *run);
/* Text tables and the cell counts; nothing without cells. */
void report_matrix_text(const struct rr_run *run, struct sbuf *out);
/* HTML fragment: one table per matrix, each cell's evidence folded
 * (<details>, open for failing cells). */
void report_matrix_html(const struct rr_run *run, struct sbuf *out);

/* The integrator report (html.c): one self-contained HTML document. */
void report_html(const struct rr_run *run, struct sbuf *out);
/* The same onto a stream; 0 or a negative rr_err. */
int report_html_file(const struct rr_run *run, FILE *f);

/* The Product Information Card (pic.c), Configuration Guide chapter 4,
 * filled in from the unit's tabs (run->unit_tabs). As a whole document
 * with print CSS, or as a section of the integrator report. */
void report_pic_html(const struct rr_run *run, struct sbuf *out, bool document);
/* The card as a malloc'ed string (NULL when out of memory). */
char *report_pic_string(const struct rr_run *run);

/* Write b to path atomically (temporary file in the same folder, fsync,
 * rename). Returns 0 or a negative rr_err; errno tells the cause. */
int report_save(const char *path, const struct sbuf *b);
/* Can a report be written at path? (creates and removes a temporary file
 * next to it). 0, or -1 with the reason in err. */
int report_check_path(const char *path, char *err, size_t errlen);
/* The path a partial run writes instead of path: "x/certification.html"
 * -> "x/certification.partial.html". */
void report_partial_path(const char *path, char *out, size_t len);

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
/* The same over the results from..to-1 only (one file's suite). */
int report_not_run_groups_in(const struct rr_run *run, int from, int to,
			     struct not_run_group **out);
/* "not run on this rig: N tests" and a line per reason (nothing if none). */
void report_not_run_console(FILE *f, const struct rr_run *run);
/* JSON array [{reason, count, tests: [{file, line, name}]}]. */
void report_not_run_json(struct sbuf *b, const struct rr_run *run);
/* JUnit <property> lines of the results from..to-1 (nothing if none). */
void report_not_run_junit(struct sbuf *b, const struct rr_run *run, int from, int to);

/* Console: progress while running, details of failures, the summary. */
struct console {
	FILE *out;    /* progress and details */
	FILE *sumout; /* the summary line (stderr with --tap) */
	bool tty, color;
	int done, total_files, files_done;
	struct rr_counts c;
	const char *cur_file;
	FILE *tap; /* --tap: the TAP stream, one test at a time */
	/* Called after each result is shown (it is not yet in the run). */
	void (*on_result)(void *arg, const struct rr_result *r);
	void *on_result_arg;
	/* Called after console_file_done (the file's results are in the run). */
	void (*on_file_done)(void);
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
