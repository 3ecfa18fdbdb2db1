/*
 * result.h - what a run produces: one record per test, and the run's
 * header (unit, station, times). Report writers only read these.
 */
#ifndef RR_RESULT_H
#define RR_RESULT_H

#include <stdbool.h>
#include <stdio.h>

enum rr_outcome {
	RR_PASS = 0,
	RR_FAIL = 1,  /* an assertion, a limit, or the unit misbehaved */
	RR_ERROR = 2, /* a Lua error, a time limit, an interrupted test */
	RR_SKIP = 3,  /* pending, or not selected by tags */
};

const char *rr_outcome_name(enum rr_outcome o); /* "pass", "fail", ... */

struct rr_measure {
	char *name;
	char *units;   /* may be NULL */
	double value;
	double low, high;
	bool has_low, has_high;
	bool pass;
};

struct rr_result {
	char *file;       /* the test file as given */
	int line;         /* line of the it() call */
	char *classname;  /* the describe path, or the file name */
	char *name;
	enum rr_outcome outcome;
	double duration;  /* wall seconds */
	char *message;    /* failure or error text, NULL on pass */
	char *where;      /* "file:line" of the failing statement */
	char *trace;      /* Lua traceback for errors */
	char *transcript; /* modem transcript excerpt on failure */
	struct rr_measure *m;
	int nm;
};

struct rr_run {
	struct rr_result *r;
	int n, cap;
	char *serial, *firmware, *station, *rig;
	double t_start, t_end; /* seconds since 1970 */
	unsigned long seed;
	bool interrupted;
	int setup_errors;      /* malformed files and similar */
	char *safe_state;      /* the rig's outputs after the final safe state */
};

struct rr_counts {
	int passed, failed, errors, skipped;
};

void rr_result_free(struct rr_result *r);
/* Move *res into the run (res is zeroed). Returns 0 or RR_ERR_NOMEM. */
int rr_run_add(struct rr_run *run, struct rr_result *res);
void rr_run_free(struct rr_run *run);
/* Counts over results [from, to). */
struct rr_counts rr_count(const struct rr_run *run, int from, int to);
/* Set *field to a copy of s, freeing the old value. */
void rr_set(char **field, const char *s);

/* Serialise one result for a worker pipe (netstrings), and read it back.
 * rr_result_read returns 1 on a record, 0 on a clean end, <0 on error. */
int rr_result_write(FILE *f, const struct rr_result *r);
int rr_result_read(FILE *f, struct rr_result *r);

/* Netstring field of the pipe format; NULL travels as "-,". rr_ns_get
 * returns 0 with a malloc'ed string (or NULL), or a negative rr_err. */
void rr_ns_put(FILE *f, const char *s);
int rr_ns_get(FILE *f, char **out);

#endif
