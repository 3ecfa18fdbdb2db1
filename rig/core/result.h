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
	char *units; /* may be NULL */
	double value;
	double low, high;
	bool has_low, has_high;
	bool pass;
};

/* A certification cell (rig.cell{...}): where the test sits in a matrix
 * laid out like the guide's table, and the evidence it gathered. The
 * renderer rebuilds the layout from the cells, in the order they ran. */
struct rr_cell {
	char *matrix; /* the matrix's title (one table per title) */
	char *row, *row_name;
	char *column, *column_name;
	char *heads;     /* the column's header rows: "label\tvalue\n"... */
	char *condition; /* the concrete condition the test reached */
	char *expect;    /* what the table says for the cell, e.g. "Limited (NOTE-B)" */
	char *evidence;  /* what was observed, whatever the verdict */
};

struct rr_result {
	char *file;      /* the test file as given */
	int line;        /* line of the it() call */
	char *classname; /* the describe path, or the file name */
	char *name;
	enum rr_outcome outcome;
	double duration;  /* wall seconds */
	char *message;    /* failure or error text, NULL on pass */
	char *where;      /* "file:line" of the failing statement */
	char *trace;      /* Lua traceback for errors */
	char *transcript; /* emulator transcript excerpt on failure */
	struct rr_measure *m;
	int nm;
	struct rr_cell *cell; /* NULL unless the test recorded one */
};

struct rr_run {
	struct rr_result *r;
	int n, cap;
	char *serial, *firmware, *station, *rig;
	double t_start, t_end; /* seconds since 1970 */
	unsigned long seed;
	bool interrupted;
	int setup_errors;    /* malformed files and similar */
	char *safe_state;    /* the rig's outputs after the final safe state */
	char *operator_name; /* --operator */
	char *hostname;      /* the station's host */
	char *partial;       /* why the run is not a full one, or NULL */
	char *setup_error;   /* the first setup error's text, or NULL */
	/* The unit as read over USB after the run (relayrig pic does the
	 * same): every tab as "[tab]\nKEY=VALUE\n...", NULL if not read;
	 * unit_note says why not. */
	char *unit_tabs, *unit_note;
	/* The statement list (fixtures/statements.md) for traceability. */
	char **stmt_id, **stmt_text;
	int nstmt;
};

struct rr_counts {
	int passed, failed, errors, skipped;
};

void rr_result_free(struct rr_result *r);
void rr_cell_free(struct rr_cell *c); /* frees c itself; accepts NULL */
/* Complete *cellp (the body's rig.cell, or NULL) with the fields declared
 * with the test (declared, or NULL; taken over); a cell without row and
 * column is dropped; matrix and condition get defaults. */
void rr_cell_complete(struct rr_cell **cellp, struct rr_cell *declared);
/* "pass", "fail", "incomplete", "interrupted": the verdict of a run.
 * PASS only when every test passed, nothing was skipped, no setup error,
 * and the run was full and not interrupted. */
const char *rr_verdict(const struct rr_run *run);
/* The value of KEY in tab of run->unit_tabs (copied into buf), or NULL. */
const char *rr_unit_value(const struct rr_run *run, const char *tab, const char *key,
			  char *buf, size_t len);
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
