/* store.c - the results database over db.h: schema, migrations, runs. */
#include "store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "sbuf.h"

struct store {
	struct db *db;
	char url[1024];
};

/* Versioned migrations: each is applied once, in order, in the
 * transaction that records it in schema_version. Never edit a released
 * one; add the next. */
static const struct {
	int version;
	const char *what;
	const char *sql;
} migrations[] = {
	{ 1, "runs, tests, measurements, cells",
	  "CREATE TABLE runs ("
	  " id {ID},"
	  " started DOUBLE PRECISION NOT NULL, ended DOUBLE PRECISION, day TEXT NOT NULL,"
	  " serial TEXT, model TEXT, hardware TEXT, firmware TEXT,"
	  " station TEXT, operator TEXT, rig TEXT, seed TEXT,"
	  " outcome TEXT NOT NULL, interrupted INTEGER NOT NULL,"
	  " passed INTEGER NOT NULL, failed INTEGER NOT NULL, errors INTEGER NOT NULL,"
	  " skipped INTEGER NOT NULL, setup_errors INTEGER NOT NULL,"
	  " safe_state TEXT, files TEXT, label TEXT, record TEXT, card TEXT);"
	  "CREATE TABLE tests ("
	  " run_id INTEGER NOT NULL REFERENCES runs(id), idx INTEGER NOT NULL,"
	  " file TEXT, line INTEGER, classname TEXT, name TEXT NOT NULL, outcome TEXT NOT NULL,"
	  " duration DOUBLE PRECISION, message TEXT, location TEXT, traceback TEXT, transcript TEXT,"
	  " PRIMARY KEY (run_id, idx));"
	  "CREATE TABLE measurements ("
	  " run_id INTEGER NOT NULL REFERENCES runs(id), test_idx INTEGER NOT NULL, idx INTEGER NOT NULL,"
	  " name TEXT NOT NULL, value DOUBLE PRECISION, low DOUBLE PRECISION, high DOUBLE PRECISION,"
	  " units TEXT, outcome TEXT NOT NULL, PRIMARY KEY (run_id, test_idx, idx));"
	  "CREATE TABLE cells ("
	  " run_id INTEGER NOT NULL REFERENCES runs(id), cell TEXT NOT NULL, outcome TEXT NOT NULL,"
	  " tests INTEGER NOT NULL, PRIMARY KEY (run_id, cell));"
	  "CREATE INDEX runs_serial ON runs (serial);"
	  "CREATE INDEX runs_firmware ON runs (firmware);"
	  "CREATE INDEX runs_station ON runs (station, day);" },
	{ 2, "station attempts",
	  "CREATE TABLE station_units ("
	  " id {ID}, station TEXT NOT NULL, serial TEXT NOT NULL, attempt INTEGER NOT NULL,"
	  " state TEXT NOT NULL, started DOUBLE PRECISION NOT NULL, ended DOUBLE PRECISION,"
	  " run_id INTEGER REFERENCES runs(id));"
	  "CREATE INDEX station_units_serial ON station_units (serial);" },
	{ 3, "the run's verdict and notes, the tests' certification cells",
	  "ALTER TABLE runs ADD COLUMN verdict TEXT;"
	  "ALTER TABLE runs ADD COLUMN partial TEXT;"
	  "ALTER TABLE runs ADD COLUMN setup_error TEXT;"
	  "ALTER TABLE runs ADD COLUMN hostname TEXT;"
	  "ALTER TABLE runs ADD COLUMN unit_note TEXT;"
	  "ALTER TABLE tests ADD COLUMN cell_matrix TEXT;"
	  "ALTER TABLE tests ADD COLUMN cell_row TEXT;"
	  "ALTER TABLE tests ADD COLUMN cell_row_name TEXT;"
	  "ALTER TABLE tests ADD COLUMN cell_column TEXT;"
	  "ALTER TABLE tests ADD COLUMN cell_column_name TEXT;"
	  "ALTER TABLE tests ADD COLUMN cell_heads TEXT;"
	  "ALTER TABLE tests ADD COLUMN cell_condition TEXT;"
	  "ALTER TABLE tests ADD COLUMN cell_expect TEXT;"
	  "ALTER TABLE tests ADD COLUMN cell_evidence TEXT;" },
};
#define NMIG (int)(sizeof(migrations) / sizeof(migrations[0]))

void store_meta_free(struct store_meta *m)
{
	free(m->operator_);
	free(m->model);
	free(m->hardware);
	free(m->label);
	free(m->card);
	free(m->record);
	free(m->files);
	memset(m, 0, sizeof(*m));
}

const char *store_default_url(char *buf, size_t len)
{
	const char *e = getenv("RELAYRIG_DB"), *r = getenv("RELAYRIG_REPORTS");
	if (e && *e && strcmp(e, "none"))
		snprintf(buf, len, "%s", e);
	else
		snprintf(buf, len, "%s/results.db", r && *r ? r : "reports");
	return buf;
}

const char *store_shown_url(const char *url, char *buf, size_t len)
{
	const char *scheme = strstr(url, "://"), *at, *colon, *pw;
	snprintf(buf, len, "%s", url);
	if (scheme && (at = strchr(scheme + 3, '@')) &&
	    (colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3))))
		snprintf(buf, len, "%.*s:***%s", (int)(colon - url), url, at);
	else if ((pw = strstr(url, "password=")))
		snprintf(buf, len, "%.*spassword=***%s", (int)(pw - url), url,
			 strchr(pw, ' ') ? strchr(pw, ' ') : "");
	return buf;
}

static int fail(char *err, size_t n, const char *what, struct db *d)
{
	snprintf(err, n, "%s: %s", what, db_error(d));
	return -1;
}

static int migrate(struct store *s, char *err, size_t n)
{
	struct db *d = s->db;
	struct db_res *r;
	int have;

	if (db_exec(d, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
		       " applied DOUBLE PRECISION NOT NULL, description TEXT NOT NULL)",
		    0, NULL) < 0)
		return fail(err, n, "schema_version", d);
	if (db_begin_exclusive(d, "schema_version") < 0)
		return fail(err, n, "migration lock", d);
	r = db_query(d, "SELECT MAX(version) FROM schema_version", 0, NULL);
	if (!r) {
		fail(err, n, "schema_version", d);
		goto rollback;
	}
	have = db_get(r, 0, 0) ? atoi(db_get(r, 0, 0)) : 0;
	db_res_free(r);
	if (have > STORE_SCHEMA_VERSION) {
		snprintf(err, n, "the database has schema version %d; this relayrig knows up to %d "
				 "(use a newer relayrig)",
			 have, STORE_SCHEMA_VERSION);
		goto rollback;
	}
	for (int i = 0; i < NMIG; i++) {
		char v[16], t[32];
		if (migrations[i].version <= have)
			continue;
		char *ddl = db_ddl(d, migrations[i].sql);
		if (!ddl || db_exec(d, ddl, 0, NULL) < 0) {
			free(ddl);
			snprintf(err, n, "migration %d (%s): %s", migrations[i].version,
				 migrations[i].what, db_error(d));
			goto rollback;
		}
		free(ddl);
		snprintf(v, sizeof(v), "%d", migrations[i].version);
		snprintf(t, sizeof(t), "%.3f", (double)time(NULL));
		const char *p[] = { v, t, migrations[i].what };
		if (db_exec(d, "INSERT INTO schema_version (version, applied, description) "
			       "VALUES ($1, $2, $3)",
			    3, p) < 0) {
			fail(err, n, "schema_version", d);
			goto rollback;
		}
	}
	if (db_exec(d, "COMMIT", 0, NULL) < 0)
		return fail(err, n, "migration commit", d);
	return 0;
rollback:
	db_exec(d, "ROLLBACK", 0, NULL);
	return -1;
}

int store_open(const char *url, struct store **out, char *err, size_t n)
{
	struct store *s = calloc(1, sizeof(*s));
	char e[600];

	*out = NULL;
	if (!s) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	snprintf(s->url, sizeof(s->url), "%s", url);
	if (db_open(url, &s->db, e, sizeof(e)) < 0) {
		snprintf(err, n, "%s", e);
		free(s);
		return -1;
	}
	if (migrate(s, err, n) < 0) {
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	db_close(s->db);
	free(s);
}

struct db *store_db(struct store *s) { return s->db; }
const char *store_url(const struct store *s) { return s->url; }

int store_reconnect(struct store *s, char *err, size_t n)
{
	struct db *d;
	char e[600];
	if (db_open(s->url, &d, e, sizeof(e)) < 0) {
		snprintf(err, n, "%s", e);
		return -1;
	}
	db_close(s->db);
	s->db = d;
	return 0;
}

/* ---- cells: statement IDs and certification cells named by tags ---- */

static bool is_cell(const char *t, size_t n)
{
	if (n >= 2 && t[0] == 'S' && isdigit((unsigned char)t[1])) {
		for (size_t i = 1; i < n; i++)
			if (!isdigit((unsigned char)t[i]))
				return false;
		return true;
	}
	return n > 2 && t[0] == 'T' && t[1] == '.';
}

static void cells_in(const char *s, void (*fn)(void *, const char *), void *arg)
{
	for (const char *p = s ? strchr(s, '#') : NULL; p; p = strchr(p + 1, '#')) {
		const char *b = p + 1, *e = b;
		char tag[64];
		while (*e && (isalnum((unsigned char)*e) || *e == '.' || *e == '_' || *e == '-'))
			e++;
		while (e > b && e[-1] == '.')
			e--;
		if (e - b > 0 && (size_t)(e - b) < sizeof(tag) && is_cell(b, (size_t)(e - b))) {
			memcpy(tag, b, (size_t)(e - b));
			tag[e - b] = '\0';
			fn(arg, tag);
		}
	}
}

void store_each_cell(const char *classname, const char *name,
		     void (*fn)(void *arg, const char *cell), void *arg)
{
	cells_in(classname, fn, arg);
	cells_in(name, fn, arg);
}

struct cell {
	char id[64];
	int worst; /* 0 skip, 1 pass, 2 fail */
	int tests;
};
struct cells {
	struct cell *v;
	int n, cap;
	int outcome;
	bool oom;
};

static void cell_add(void *arg, const char *id)
{
	struct cells *c = arg;
	int i;
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].id, id))
			break;
	if (i == c->n) {
		if (c->n == c->cap) {
			int cap = c->cap ? c->cap * 2 : 32;
			struct cell *v = realloc(c->v, (size_t)cap * sizeof(*v));
			if (!v) {
				c->oom = true;
				return;
			}
			c->v = v;
			c->cap = cap;
		}
		memset(&c->v[i], 0, sizeof(c->v[i]));
		snprintf(c->v[i].id, sizeof(c->v[i].id), "%s", id);
		c->n++;
	}
	c->v[i].tests++;
	int w = c->outcome == RR_PASS ? 1 : c->outcome == RR_SKIP ? 0
								  : 2;
	if (w > c->v[i].worst)
		c->v[i].worst = w;
}

/* ---- saving a run ---- */

static void fmt_d(char *b, size_t n, double v) { snprintf(b, n, "%.17g", v); }

static const char *run_outcome(const struct rr_run *run, struct rr_counts c)
{
	if (run->interrupted)
		return "interrupted";
	return c.failed || c.errors || run->setup_errors ? "fail" : "pass";
}

int store_save(struct store *s, const struct rr_run *run, const struct store_meta *m,
	       long long *id, char *err, size_t n)
{
	struct db *d = s->db;
	struct rr_counts c = rr_count(run, 0, run->n);
	char started[40], ended[40], day[16], seed[24], intr[4], np[12], nf[12], ne[12], ns[12],
		nse[12], rid[24];
	struct db_res *r;
	struct cells cl = { 0 };
	time_t t0 = (time_t)run->t_start;
	struct tm tm;

	*id = 0;
	fmt_d(started, sizeof(started), run->t_start);
	fmt_d(ended, sizeof(ended), run->t_end);
	gmtime_r(&t0, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	snprintf(seed, sizeof(seed), "%lu", run->seed);
	snprintf(intr, sizeof(intr), "%d", run->interrupted ? 1 : 0);
	snprintf(np, sizeof(np), "%d", c.passed);
	snprintf(nf, sizeof(nf), "%d", c.failed);
	snprintf(ne, sizeof(ne), "%d", c.errors);
	snprintf(ns, sizeof(ns), "%d", c.skipped);
	snprintf(nse, sizeof(nse), "%d", run->setup_errors);

	if (db_exec(d, "BEGIN", 0, NULL) < 0)
		return fail(err, n, "begin", d);
	const char *rp[] = { started, ended, day, run->serial, m->model, m->hardware, run->firmware,
			     run->station, m->operator_, run->rig, seed, run_outcome(run, c), intr,
			     np, nf, ne, ns, nse, run->safe_state, m->files, m->label, m->record,
			     m->card, rr_verdict(run), run->partial, run->setup_error, run->hostname,
			     run->unit_note };
	r = db_query(d, "INSERT INTO runs (started, ended, day, serial, model, hardware, firmware,"
			" station, operator, rig, seed, outcome, interrupted, passed, failed, errors,"
			" skipped, setup_errors, safe_state, files, label, record, card, verdict, partial,"
			" setup_error, hostname, unit_note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
			" $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,"
			" $26, $27, $28) RETURNING id",
		     28, rp);
	if (!r || !db_get(r, 0, 0)) {
		db_res_free(r);
		fail(err, n, "runs", d);
		goto rollback;
	}
	snprintf(rid, sizeof(rid), "%s", db_get(r, 0, 0));
	db_res_free(r);
	for (int i = 0; i < run->n; i++) {
		const struct rr_result *t = &run->r[i];
		char idx[12], line[12], dur[40];
		snprintf(idx, sizeof(idx), "%d", i);
		snprintf(line, sizeof(line), "%d", t->line);
		fmt_d(dur, sizeof(dur), t->duration);
		const struct rr_cell *ce = t->cell;
		const char *tp[] = { rid, idx, t->file, line, t->classname, t->name ? t->name : "",
				     rr_outcome_name(t->outcome), dur, t->message, t->where, t->trace,
				     t->transcript, ce ? ce->matrix : NULL, ce ? ce->row : NULL,
				     ce ? ce->row_name : NULL, ce ? ce->column : NULL,
				     ce ? ce->column_name : NULL, ce ? ce->heads : NULL,
				     ce ? ce->condition : NULL, ce ? ce->expect : NULL,
				     ce ? ce->evidence : NULL };
		if (db_exec(d, "INSERT INTO tests (run_id, idx, file, line, classname, name, outcome,"
			       " duration, message, location, traceback, transcript, cell_matrix, cell_row,"
			       " cell_row_name, cell_column, cell_column_name, cell_heads, cell_condition,"
			       " cell_expect, cell_evidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
			       " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
			    21, tp) < 0) {
			fail(err, n, "tests", d);
			goto rollback;
		}
		for (int k = 0; k < t->nm; k++) {
			const struct rr_measure *me = &t->m[k];
			char mi[12], v[40], lo[40], hi[40];
			snprintf(mi, sizeof(mi), "%d", k);
			fmt_d(v, sizeof(v), me->value);
			fmt_d(lo, sizeof(lo), me->low);
			fmt_d(hi, sizeof(hi), me->high);
			const char *mp[] = { rid, idx, mi, me->name ? me->name : "", v,
					     me->has_low ? lo : NULL, me->has_high ? hi : NULL,
					     me->units, me->pass ? "pass" : "fail" };
			if (db_exec(d, "INSERT INTO measurements (run_id, test_idx, idx, name, value, low,"
				       " high, units, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
				    9, mp) < 0) {
				fail(err, n, "measurements", d);
				goto rollback;
			}
		}
		cl.outcome = t->outcome;
		store_each_cell(t->classname, t->name, cell_add, &cl);
	}
	for (int i = 0; i < cl.n; i++) {
		static const char *const w[] = { "skip", "pass", "fail" };
		char nt[12];
		snprintf(nt, sizeof(nt), "%d", cl.v[i].tests);
		const char *cp[] = { rid, cl.v[i].id, w[cl.v[i].worst], nt };
		if (db_exec(d, "INSERT INTO cells (run_id, cell, outcome, tests) VALUES ($1, $2, $3, $4)",
			    4, cp) < 0) {
			fail(err, n, "cells", d);
			goto rollback;
		}
	}
	if (m->unit_id > 0) {
		char uid[24];
		snprintf(uid, sizeof(uid), "%lld", m->unit_id);
		const char *up[] = { rid, ended, uid };
		if (db_exec(d, "UPDATE station_units SET state = 'done', run_id = $1, ended = $2"
			       " WHERE id = $3",
			    3, up) < 0) {
			fail(err, n, "station_units", d);
			goto rollback;
		}
	}
	if (cl.oom) {
		snprintf(err, n, "out of memory");
		goto rollback;
	}
	if (db_exec(d, "COMMIT", 0, NULL) < 0) {
		fail(err, n, "commit", d);
		goto rollback;
	}
	free(cl.v);
	*id = atoll(rid);
	return 0;
rollback:
	free(cl.v);
	db_exec(d, "ROLLBACK", 0, NULL);
	return -1;
}

/* ---- reading a run back ---- */

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

int store_load(struct store *s, long long id, struct rr_run *run, struct store_meta *m,
	       char *err, size_t n)
{
	struct db *d = s->db;
	char rid[24];
	const char *p[] = { rid };
	struct db_res *r, *t, *me;

	memset(run, 0, sizeof(*run));
	memset(m, 0, sizeof(*m));
	snprintf(rid, sizeof(rid), "%lld", id);
	r = db_query(d, "SELECT started, ended, serial, model, hardware, firmware, station, operator,"
			" rig, seed, interrupted, setup_errors, safe_state, files, label, record, card,"
			" partial, setup_error, hostname, unit_note FROM runs WHERE id = $1",
		     1, p);
	if (!r)
		return fail(err, n, "runs", d);
	if (!db_rows(r)) {
		db_res_free(r);
		snprintf(err, n, "no run %lld in %s", id, s->url);
		return -1;
	}
	run->t_start = atof(db_get(r, 0, 0));
	run->t_end = db_get(r, 0, 1) ? atof(db_get(r, 0, 1)) : run->t_start;
	run->serial = dup_or_null(db_get(r, 0, 2));
	m->model = dup_or_null(db_get(r, 0, 3));
	m->hardware = dup_or_null(db_get(r, 0, 4));
	run->firmware = dup_or_null(db_get(r, 0, 5));
	run->station = dup_or_null(db_get(r, 0, 6));
	m->operator_ = dup_or_null(db_get(r, 0, 7));
	run->rig = dup_or_null(db_get(r, 0, 8));
	run->seed = db_get(r, 0, 9) ? strtoul(db_get(r, 0, 9), NULL, 10) : 0;
	run->interrupted = db_get(r, 0, 10) && atoi(db_get(r, 0, 10));
	run->setup_errors = db_get(r, 0, 11) ? atoi(db_get(r, 0, 11)) : 0;
	run->safe_state = dup_or_null(db_get(r, 0, 12));
	m->files = dup_or_null(db_get(r, 0, 13));
	m->label = dup_or_null(db_get(r, 0, 14));
	m->record = dup_or_null(db_get(r, 0, 15));
	m->card = dup_or_null(db_get(r, 0, 16));
	run->partial = dup_or_null(db_get(r, 0, 17));
	run->setup_error = dup_or_null(db_get(r, 0, 18));
	run->hostname = dup_or_null(db_get(r, 0, 19));
	run->unit_note = dup_or_null(db_get(r, 0, 20));
	run->operator_name = dup_or_null(m->operator_);
	run->unit_tabs = dup_or_null(m->card);
	db_res_free(r);
	t = db_query(d, "SELECT idx, file, line, classname, name, outcome, duration, message,"
			" location, traceback, transcript, cell_matrix, cell_row, cell_row_name, cell_column,"
			" cell_column_name, cell_heads, cell_condition, cell_expect, cell_evidence"
			" FROM tests WHERE run_id = $1 ORDER BY idx",
		     1, p);
	me = db_query(d, "SELECT test_idx, name, value, low, high, units, outcome FROM measurements"
			 " WHERE run_id = $1 ORDER BY test_idx, idx",
		      1, p);
	if (!t || !me) {
		db_res_free(t);
		db_res_free(me);
		return fail(err, n, "tests", d);
	}
	int k = 0;
	for (int i = 0; i < db_rows(t); i++) {
		struct rr_result x;
		memset(&x, 0, sizeof(x));
		int idx = atoi(db_get(t, i, 0));
		x.file = dup_or_null(db_get(t, i, 1));
		x.line = db_get(t, i, 2) ? atoi(db_get(t, i, 2)) : 0;
		x.classname = dup_or_null(db_get(t, i, 3));
		x.name = dup_or_null(db_get(t, i, 4));
		const char *o = db_get(t, i, 5);
		x.outcome = !strcmp(o, "pass") ? RR_PASS : !strcmp(o, "fail") ? RR_FAIL
						   : !strcmp(o, "error")      ? RR_ERROR
									      : RR_SKIP;
		x.duration = db_get(t, i, 6) ? atof(db_get(t, i, 6)) : 0;
		x.message = dup_or_null(db_get(t, i, 7));
		x.where = dup_or_null(db_get(t, i, 8));
		x.trace = dup_or_null(db_get(t, i, 9));
		x.transcript = dup_or_null(db_get(t, i, 10));
		if (db_get(t, i, 12) || db_get(t, i, 14)) {
			x.cell = calloc(1, sizeof(*x.cell));
			if (x.cell) {
				char **f[] = { &x.cell->matrix, &x.cell->row, &x.cell->row_name,
					       &x.cell->column, &x.cell->column_name, &x.cell->heads,
					       &x.cell->condition, &x.cell->expect, &x.cell->evidence };
				for (int q = 0; q < 9; q++)
					*f[q] = dup_or_null(db_get(t, i, 11 + q));
			}
		}
		int first = k;
		while (k < db_rows(me) && atoi(db_get(me, k, 0)) == idx)
			k++;
		if (k > first) {
			x.m = calloc((size_t)(k - first), sizeof(*x.m));
			for (int j = first; x.m && j < k; j++) {
				struct rr_measure *q = &x.m[x.nm++];
				q->name = dup_or_null(db_get(me, j, 1));
				q->value = atof(db_get(me, j, 2));
				q->has_low = db_get(me, j, 3) != NULL;
				q->low = q->has_low ? atof(db_get(me, j, 3)) : 0;
				q->has_high = db_get(me, j, 4) != NULL;
				q->high = q->has_high ? atof(db_get(me, j, 4)) : 0;
				q->units = dup_or_null(db_get(me, j, 5));
				q->pass = !strcmp(db_get(me, j, 6), "pass");
			}
		}
		rr_run_add(run, &x);
	}
	db_res_free(t);
	db_res_free(me);
	return 0;
}

/* ---- station attempts ---- */

int store_unit_begin(struct store *s, const char *station, const char *serial,
		     long long *id, int *attempt, char *err, size_t n)
{
	struct db *d = s->db;
	struct db_res *r;
	char t[40], at[12];

	if (db_begin_exclusive(d, "station_units") < 0)
		return fail(err, n, "station_units", d);
	const char *p1[] = { serial };
	r = db_query(d, "SELECT COUNT(*) FROM station_units WHERE serial = $1", 1, p1);
	if (!r) {
		fail(err, n, "station_units", d);
		goto rollback;
	}
	*attempt = atoi(db_get(r, 0, 0)) + 1;
	db_res_free(r);
	snprintf(at, sizeof(at), "%d", *attempt);
	fmt_d(t, sizeof(t), (double)time(NULL));
	const char *p2[] = { station, serial, at, t };
	r = db_query(d, "INSERT INTO station_units (station, serial, attempt, state, started)"
			" VALUES ($1, $2, $3, 'running', $4) RETURNING id",
		     4, p2);
	if (!r || !db_get(r, 0, 0)) {
		db_res_free(r);
		fail(err, n, "station_units", d);
		goto rollback;
	}
	*id = atoll(db_get(r, 0, 0));
	db_res_free(r);
	if (db_exec(d, "COMMIT", 0, NULL) < 0)
		return fail(err, n, "station_units", d);
	return 0;
rollback:
	db_exec(d, "ROLLBACK", 0, NULL);
	return -1;
}

int store_unit_interrupted(struct store *s, const char *station, char *out, size_t outlen)
{
	struct db *d = s->db;
	const char *p[] = { station };
	struct db_res *r = db_query(d, "SELECT id, serial, attempt FROM station_units WHERE"
				       " station = $1 AND state = 'running' ORDER BY id",
				    1, p);
	size_t used = 0;
	if (!r)
		return -1;
	if (outlen)
		out[0] = '\0';
	for (int i = 0; i < db_rows(r); i++) {
		if (used < outlen)
			used += (size_t)snprintf(out + used, outlen - used, "%s attempt %s\n",
						 db_get(r, i, 1), db_get(r, i, 2));
	}
	int k = db_rows(r);
	db_res_free(r);
	if (k && db_exec(d, "UPDATE station_units SET state = 'interrupted' WHERE station = $1"
			    " AND state = 'running'",
			 1, p) < 0)
		return -1;
	return k;
}

/* ---- the spool ---- */

#define SPOOL_MAGIC "relayrig-run-spool 2\n"

int store_spool_write(const char *path, const struct rr_run *run, const struct store_meta *m)
{
	char tmp[4200], num[64];
	FILE *f;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fputs(SPOOL_MAGIC, f);
	const char *hdr[] = { run->serial, run->firmware, run->station, run->rig, run->safe_state,
			      m->operator_, m->model, m->hardware, m->label, m->card, m->record,
			      m->files, run->partial, run->setup_error, run->hostname, run->unit_note };
	for (size_t i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		rr_ns_put(f, hdr[i]);
	snprintf(num, sizeof(num), "%.17g %.17g %lu %d %d %lld", run->t_start, run->t_end,
		 run->seed, run->interrupted ? 1 : 0, run->setup_errors, m->unit_id);
	rr_ns_put(f, num);
	for (int i = 0; i < run->n; i++)
		rr_result_write(f, &run->r[i]);
	if (fflush(f) || ferror(f) || fsync(fileno(f))) {
		fclose(f);
		unlink(tmp);
		return -1;
	}
	fclose(f);
	return rename(tmp, path);
}

int store_spool_read(const char *path, struct rr_run *run, struct store_meta *m)
{
	FILE *f = fopen(path, "r");
	char magic[64];
	int rc = -1;

	memset(run, 0, sizeof(*run));
	memset(m, 0, sizeof(*m));
	if (!f)
		return -1;
	if (!fgets(magic, sizeof(magic), f) || strcmp(magic, SPOOL_MAGIC))
		goto out;
	char **hdr[] = { &run->serial, &run->firmware, &run->station, &run->rig, &run->safe_state,
			 &m->operator_, &m->model, &m->hardware, &m->label, &m->card, &m->record,
			 &m->files, &run->partial, &run->setup_error, &run->hostname, &run->unit_note };
	for (size_t i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		if (rr_ns_get(f, hdr[i]) < 0)
			goto out;
	char *num = NULL;
	int ia = 0;
	if (rr_ns_get(f, &num) < 0 || !num)
		goto out;
	int k = sscanf(num, "%lf %lf %lu %d %d %lld", &run->t_start, &run->t_end, &run->seed, &ia,
		       &run->setup_errors, &m->unit_id);
	free(num);
	if (k != 6)
		goto out;
	run->interrupted = ia;
	run->operator_name = m->operator_ ? strdup(m->operator_) : NULL;
	run->unit_tabs = m->card ? strdup(m->card) : NULL;
	for (;;) {
		struct rr_result x;
		memset(&x, 0, sizeof(x));
		int r = rr_result_read(f, &x);
		if (r == 0)
			break;
		if (r < 0) {
			rr_result_free(&x);
			goto out;
		}
		rr_run_add(run, &x);
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}
