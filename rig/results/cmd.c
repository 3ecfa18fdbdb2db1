/*
 * cmd.c - `relayrig results list|show|yield|compare|export|import` and
 * `relayrig report RUN`, over the results database (store.h).
 */
#define LOG_PREFIX "results: "
#include "cmd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "escape.h"
#include "log.h"
#include "report.h"
#include "sbuf.h"
#include "store.h"
#include "trace.h"
#include "cli.h"

static const char usage[] =
	"usage: relayrig results [--db FILE|URL] COMMAND ...\n"
	"  list    [FILTER...] [--limit N]   the stored runs, newest first\n"
	"  show    RUN                       one run: unit, counts, failures, measurements\n"
	"  yield   [FILTER...] [--top N]     per station, day and firmware: runs, units,\n"
	"                                    pass rate, first-pass yield, top failing tests\n"
	"  compare A B [--tolerance SHARE]   per test, measurement and certification cell;\n"
	"                                    exit 1 on any regression\n"
	"  export  [FILTER...] [--format csv|json] [--table runs|tests|measurements] [-o FILE]\n"
	"  import  FILE...                   store records kept in reports/unstored/\n"
	"  version                           the database engine and schema version\n"
	"FILTER: --serial S --station NAME --firmware V --label L --since YYYY-MM-DD\n"
	"        --until YYYY-MM-DD --outcome pass|fail|interrupted\n"
	"A, B (compare): a run number, 'latest', 'previous', or fw=VERSION, label=L,\n"
	"        serial=S, station=NAME: every run matching, the latest result of each test\n"
	"       relayrig report RUN [--db FILE|URL] [-o FILE] [--statements FILE]\n"
	"                                    the integrator report of a stored run\n"
	"Exit status: 0 done, 1 compare found a regression, 2 usage or database error.\n";

/* ---- options ---- */

struct ropts {
	const char *db;
	const char *serial, *station, *firmware, *label, *since, *until, *outcome;
	const char *format, *table, *output, *statements;
	int limit, top;
	double tolerance;
	const char *pos[16];
	int npos;
};

static int parse(int argc, char **argv, struct ropts *o)
{
	memset(o, 0, sizeof(*o));
	o->limit = 50;
	o->top = 3;
	o->tolerance = 0.10;
	o->format = "csv";
	o->table = "tests";
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		if (a[0] != '-' || !a[1]) {
			if (o->npos < 16)
				o->pos[o->npos++] = a;
			continue;
		}
		const char *eq = strchr(a, '=');
		char name[32];
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		if (len >= sizeof(name)) {
			fprintf(stderr, "relayrig results: unknown option '%s'\n", a);
			return -1;
		}
		memcpy(name, a, len);
		name[len] = '\0';
		const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
		if (!strcmp(name, "--db")) dst = &o->db;
		else if (!strcmp(name, "--serial")) dst = &o->serial;
		else if (!strcmp(name, "--station")) dst = &o->station;
		else if (!strcmp(name, "--firmware")) dst = &o->firmware;
		else if (!strcmp(name, "--label")) dst = &o->label;
		else if (!strcmp(name, "--since")) dst = &o->since;
		else if (!strcmp(name, "--until")) dst = &o->until;
		else if (!strcmp(name, "--outcome")) dst = &o->outcome;
		else if (!strcmp(name, "--format")) dst = &o->format;
		else if (!strcmp(name, "--table")) dst = &o->table;
		else if (!strcmp(name, "-o") || !strcmp(name, "--output")) dst = &o->output;
		else if (!strcmp(name, "--statements")) dst = &o->statements;
		else if (strcmp(name, "--limit") && strcmp(name, "--top") && strcmp(name, "--tolerance")) {
			fprintf(stderr, "relayrig results: unknown option '%s'\n", a);
			return -1;
		}
		if (!v) {
			fprintf(stderr, "relayrig results: option '%s' needs a value\n", a);
			return -1;
		}
		if (!eq)
			i++;
		if (dst) {
			*dst = v;
			continue;
		}
		char *end;
		double d = strtod(v, &end);
		if (*end || end == v || d < 0) {
			fprintf(stderr, "relayrig results: %s: expected a number, got '%s'\n", name, v);
			return -1;
		}
		if (!strcmp(name, "--limit")) o->limit = (int)d;
		else if (!strcmp(name, "--top")) o->top = (int)d;
		else o->tolerance = d;
	}
	return 0;
}

static struct store *open_store(const struct ropts *o)
{
	char url[1200], err[1024];
	struct store *s;
	if (o->db)
		snprintf(url, sizeof(url), "%s", o->db);
	else
		store_default_url(url, sizeof(url));
	if (store_open(url, &s, err, sizeof(err)) < 0) {
		fprintf(stderr, "relayrig results: %s\n", err);
		return NULL;
	}
	return s;
}

/* WHERE clause over runs (alias r) from the filters; params in p. */
struct where {
	char sql[512];
	const char *p[8];
	int n;
};

static void where_add(struct where *w, const char *col, const char *op, const char *v)
{
	if (!v)
		return;
	size_t len = strlen(w->sql);
	snprintf(w->sql + len, sizeof(w->sql) - len, "%s r.%s %s $%d", w->n ? " AND" : " WHERE", col,
		 op, w->n + 1);
	w->p[w->n++] = v;
}

static void where_build(struct where *w, const struct ropts *o)
{
	memset(w, 0, sizeof(*w));
	where_add(w, "serial", "=", o->serial);
	where_add(w, "station", "=", o->station);
	where_add(w, "firmware", "=", o->firmware);
	where_add(w, "label", "=", o->label);
	where_add(w, "day", ">=", o->since);
	where_add(w, "day", "<=", o->until);
	where_add(w, "outcome", "=", o->outcome);
}

static void iso(const char *epoch, char *buf, size_t n)
{
	time_t t = epoch ? (time_t)atof(epoch) : 0;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
}

static const char *nz(const char *s) { return s && *s ? s : "-"; }

/* ---- list ---- */

static int cmd_list(struct store *s, const struct ropts *o)
{
	struct where w;
	char sql[1024], lim[16];
	where_build(&w, o);
	snprintf(lim, sizeof(lim), "%d", o->limit ? o->limit : 1000000);
	w.p[w.n] = lim;
	snprintf(sql, sizeof(sql), "SELECT r.id, r.started, r.serial, r.station, r.firmware, r.outcome,"
				   " r.passed, r.failed, r.errors, r.skipped, r.operator, r.label FROM runs r%s"
				   " ORDER BY r.started DESC, r.id DESC LIMIT $%d",
		 w.sql, w.n + 1);
	struct db_res *r = db_query(store_db(s), sql, w.n + 1, w.p);
	if (!r) {
		fprintf(stderr, "relayrig results: %s\n", db_error(store_db(s)));
		return 2;
	}
	printf("%5s  %-19s  %-14s  %-12s  %-9s  %-11s  %5s %5s %5s  %s\n", "RUN", "STARTED (UTC)",
	       "SERIAL", "STATION", "FIRMWARE", "OUTCOME", "PASS", "FAIL", "SKIP", "OPERATOR/LABEL");
	for (int i = 0; i < db_rows(r); i++) {
		char t[32];
		iso(db_get(r, i, 1), t, sizeof(t));
		printf("%5s  %-19s  %-14s  %-12s  %-9s  %-11s  %5s %5d %5s  %s%s%s\n", db_get(r, i, 0), t,
		       nz(db_get(r, i, 2)), nz(db_get(r, i, 3)), nz(db_get(r, i, 4)), db_get(r, i, 5),
		       db_get(r, i, 6), atoi(db_get(r, i, 7)) + atoi(db_get(r, i, 8)), db_get(r, i, 9),
		       nz(db_get(r, i, 10)), db_get(r, i, 11) ? " " : "",
		       db_get(r, i, 11) ? db_get(r, i, 11) : "");
	}
	printf("%d run%s\n", db_rows(r), db_rows(r) == 1 ? "" : "s");
	db_res_free(r);
	return 0;
}

/* ---- show ---- */

static int parse_run(const char *a, long long *id)
{
	char *end;
	*id = strtoll(a, &end, 10);
	if (*end || end == a || *id <= 0) {
		fprintf(stderr, "relayrig results: '%s' is not a run number\n", a);
		return -1;
	}
	return 0;
}

static int cmd_show(struct store *s, const struct ropts *o)
{
	struct rr_run run;
	struct store_meta m;
	char err[1024], t[32], e[32], num[32];
	long long id;

	if (o->npos != 1) {
		fprintf(stderr, "relayrig results show RUN\n");
		return 2;
	}
	if (parse_run(o->pos[0], &id) < 0)
		return 2;
	if (store_load(s, id, &run, &m, err, sizeof(err)) < 0) {
		fprintf(stderr, "relayrig results: %s\n", err);
		return 2;
	}
	struct rr_counts c = rr_count(&run, 0, run.n);
	snprintf(num, sizeof(num), "%.17g", run.t_start);
	iso(num, t, sizeof(t));
	snprintf(num, sizeof(num), "%.17g", run.t_end);
	iso(num, e, sizeof(e));
	printf("run %lld: %s\n", id, run.interrupted ? "INTERRUPTED" : c.failed || c.errors || run.setup_errors ? "FAIL"
														: "PASS");
	printf("  unit      serial %s, model %s, hardware %s, firmware %s\n", nz(run.serial),
	       nz(m.model), nz(m.hardware), nz(run.firmware));
	printf("  station   %s, operator %s, rig %s, label %s\n", nz(run.station), nz(m.operator_),
	       nz(run.rig), nz(m.label));
	printf("  time      %s .. %s UTC (%.1f s), seed %lu\n", t, e, run.t_end - run.t_start, run.seed);
	printf("  tests     %d passed, %d failed, %d errors, %d skipped%s\n", c.passed, c.failed,
	       c.errors, c.skipped, run.setup_errors ? ", setup errors" : "");
	printf("  safe      %s\n", nz(run.safe_state));
	printf("  files     %s; card %s\n", nz(m.files), m.card ? "stored" : "none");
	for (int i = 0; i < run.n; i++) {
		const struct rr_result *r = &run.r[i];
		if (r->outcome == RR_FAIL || r->outcome == RR_ERROR) {
			printf("  %s %s:%d: %s%s%s\n", r->outcome == RR_FAIL ? "FAIL " : "ERROR",
			       nz(r->file), r->line, r->classname ? r->classname : "",
			       r->classname ? " " : "", r->name);
			if (r->message) {
				const char *nl = strchr(r->message, '\n');
				printf("        %.*s\n", nl ? (int)(nl - r->message) : (int)strlen(r->message),
				       r->message);
			}
		}
	}
	for (int i = 0; i < run.n; i++)
		for (int k = 0; k < run.r[i].nm; k++) {
			const struct rr_measure *q = &run.r[i].m[k];
			char lo[32] = "", hi[32] = "";
			if (q->has_low) snprintf(lo, sizeof(lo), "%g", q->low);
			if (q->has_high) snprintf(hi, sizeof(hi), "%g", q->high);
			printf("  measure %-4s %-40s %10g %-3s [%s..%s]\n", q->pass ? "ok" : "OUT",
			       q->name, q->value, q->units ? q->units : "", lo, hi);
		}
	rr_run_free(&run);
	store_meta_free(&m);
	return 0;
}

/* ---- yield ---- */

struct group {
	char key[96];
	int runs, passed, units, first_pass;
	struct failer {
		char name[200];
		int n;
	} * f;
	int nf;
};

static struct group *group_get(struct group **g, int *n, const char *key)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp((*g)[i].key, key))
			return &(*g)[i];
	struct group *v = realloc(*g, (size_t)(*n + 1) * sizeof(**g));
	if (!v)
		return NULL;
	*g = v;
	memset(&v[*n], 0, sizeof(v[*n]));
	snprintf(v[*n].key, sizeof(v[*n].key), "%s", key);
	return &v[(*n)++];
}

static int by_count(const void *a, const void *b)
{
	const struct failer *x = a, *y = b;
	return y->n != x->n ? y->n - x->n : strcmp(x->name, y->name);
}

static int cmd_yield(struct store *s, const struct ropts *o)
{
	struct where w;
	char sql[1400];
	where_build(&w, o);
	snprintf(sql, sizeof(sql), "SELECT r.id, r.serial, r.station, r.day, r.firmware, r.outcome"
				   " FROM runs r%s ORDER BY r.started, r.id",
		 w.sql);
	struct db_res *r = db_query(store_db(s), sql, w.n, w.p);
	snprintf(sql, sizeof(sql), "SELECT r.station, r.day, r.firmware, t.classname, t.name"
				   " FROM tests t JOIN runs r ON r.id = t.run_id%s%s t.outcome IN ('fail', 'error')",
		 w.sql, w.n ? " AND" : " WHERE");
	struct db_res *f = db_query(store_db(s), sql, w.n, w.p);
	if (!r || !f) {
		fprintf(stderr, "relayrig results: %s\n", db_error(store_db(s)));
		db_res_free(r);
		db_res_free(f);
		return 2;
	}
	static const char *const dims[] = { "station", "day", "firmware" };
	for (int d = 0; d < 3; d++) {
		struct group *g = NULL;
		int ng = 0;
		/* units: a serial's first run in the group decides first-pass yield */
		for (int i = 0; i < db_rows(r); i++) {
			struct group *x = group_get(&g, &ng, nz(db_get(r, i, 2 + d)));
			if (!x)
				break;
			bool pass = !strcmp(db_get(r, i, 5), "pass");
			x->runs++;
			x->passed += pass;
			const char *ser = db_get(r, i, 1);
			bool first = true;
			for (int j = 0; ser && j < i; j++)
				if (db_get(r, j, 1) && !strcmp(db_get(r, j, 1), ser) &&
				    !strcmp(nz(db_get(r, j, 2 + d)), x->key))
					first = false;
			if (first) {
				x->units++;
				x->first_pass += pass;
			}
		}
		for (int i = 0; i < db_rows(f); i++) {
			struct group *x = group_get(&g, &ng, nz(db_get(f, i, d)));
			char name[200];
			if (!x)
				break;
			snprintf(name, sizeof(name), "%s%s%s", db_get(f, i, 3) ? db_get(f, i, 3) : "",
				 db_get(f, i, 3) ? " " : "", db_get(f, i, 4));
			int k;
			for (k = 0; k < x->nf && strcmp(x->f[k].name, name); k++)
				;
			if (k == x->nf) {
				struct failer *v = realloc(x->f, (size_t)(x->nf + 1) * sizeof(*v));
				if (!v)
					break;
				x->f = v;
				snprintf(v[k].name, sizeof(v[k].name), "%s", name);
				v[k].n = 0;
				x->nf++;
			}
			x->f[k].n++;
		}
		printf("yield per %s\n", dims[d]);
		printf("  %-20s %5s %6s %6s %9s %9s  %s\n", dims[d], "runs", "passed", "units",
		       "pass rate", "first-pass", "top failing tests");
		for (int i = 0; i < ng; i++) {
			struct group *x = &g[i];
			printf("  %-20s %5d %6d %6d %8.1f%% %8.1f%%", x->key, x->runs, x->passed, x->units,
			       x->runs ? 100.0 * x->passed / x->runs : 0.0,
			       x->units ? 100.0 * x->first_pass / x->units : 0.0);
			if (x->nf > 1)
				qsort(x->f, (size_t)x->nf, sizeof(*x->f), by_count);
			for (int k = 0; k < x->nf && k < o->top; k++)
				printf("%s%s (%d)", k ? "; " : "  ", x->f[k].name, x->f[k].n);
			printf("\n");
			free(x->f);
		}
		free(g);
	}
	db_res_free(r);
	db_res_free(f);
	return 0;
}

/* ---- compare ---- */

struct titem {
	char *key;   /* file \t describe name */
	char *label; /* file:line: describe name */
	char outcome[12];
	long long run;
	int idx;
};
struct side {
	char desc[256];
	long long *runs;
	int nruns;
	struct titem *t;
	int nt;
	struct citem {
		char cell[64];
		char outcome[8];
	} * c;
	int nc;
	struct mitem {
		char *key;
		char name[96];
		char test[200];
		double v, lo, hi;
		bool has_lo, has_hi;
		char units[16];
	} * m;
	int nm;
};

static void side_free(struct side *s)
{
	for (int i = 0; i < s->nt; i++) {
		free(s->t[i].key);
		free(s->t[i].label);
	}
	for (int i = 0; i < s->nm; i++)
		free(s->m[i].key);
	free(s->t);
	free(s->c);
	free(s->m);
	free(s->runs);
}

static int select_runs(struct store *s, const char *sel, struct side *out)
{
	struct db *d = store_db(s);
	struct db_res *r;
	char sql[512];
	const char *p[1];
	const char *eq = strchr(sel, '=');

	if (!strcmp(sel, "latest") || !strcmp(sel, "previous")) {
		r = db_query(d, "SELECT id FROM runs ORDER BY started DESC, id DESC LIMIT 2", 0, NULL);
		if (r && db_rows(r) < (!strcmp(sel, "latest") ? 1 : 2)) {
			fprintf(stderr, "relayrig results: no %s run\n", sel);
			db_res_free(r);
			return -1;
		}
		if (r) {
			long long id = atoll(db_get(r, !strcmp(sel, "latest") ? 0 : 1, 0));
			db_res_free(r);
			snprintf(sql, sizeof(sql), "%lld", id);
			return select_runs(s, sql, out);
		}
	} else if (eq) {
		static const char *const cols[][2] = { { "fw", "firmware" }, { "firmware", "firmware" }, { "label", "label" }, { "serial", "serial" }, { "station", "station" } };
		const char *col = NULL;
		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			if (strlen(cols[i][0]) == (size_t)(eq - sel) && !strncmp(sel, cols[i][0], (size_t)(eq - sel)))
				col = cols[i][1];
		if (!col) {
			fprintf(stderr, "relayrig results: cannot select runs by '%s' (fw=, label=, serial=, station=)\n", sel);
			return -1;
		}
		snprintf(sql, sizeof(sql), "SELECT id FROM runs WHERE %s = $1 ORDER BY started, id", col);
		p[0] = eq + 1;
		r = db_query(d, sql, 1, p);
	} else {
		long long id;
		if (parse_run(sel, &id) < 0)
			return -1;
		p[0] = sel;
		r = db_query(d, "SELECT id FROM runs WHERE id = $1", 1, p);
	}
	if (!r) {
		fprintf(stderr, "relayrig results: %s\n", db_error(d));
		return -1;
	}
	if (!db_rows(r)) {
		fprintf(stderr, "relayrig results: no run matches '%s'\n", sel);
		db_res_free(r);
		return -1;
	}
	out->nruns = db_rows(r);
	out->runs = calloc((size_t)out->nruns, sizeof(*out->runs));
	for (int i = 0; out->runs && i < out->nruns; i++)
		out->runs[i] = atoll(db_get(r, i, 0));
	db_res_free(r);
	if (out->nruns == 1)
		snprintf(out->desc, sizeof(out->desc), "run %lld", out->runs[0]);
	else
		snprintf(out->desc, sizeof(out->desc), "%s (%d runs, %lld..%lld)", sel, out->nruns,
			 out->runs[0], out->runs[out->nruns - 1]);
	return out->runs ? 0 : -1;
}

static const char *strip_dot(const char *f)
{
	while (f && f[0] == '.' && f[1] == '/')
		f += 2;
	return f ? f : "";
}

/* The runs of a side, oldest first: a later run's result replaces an
 * earlier one's for the same test, cell or measurement. */
static int load_side(struct store *s, struct side *sd)
{
	struct db *d = store_db(s);
	for (int k = 0; k < sd->nruns; k++) {
		char rid[24];
		snprintf(rid, sizeof(rid), "%lld", sd->runs[k]);
		const char *p[] = { rid };
		struct db_res *t = db_query(d, "SELECT idx, file, line, classname, name, outcome FROM tests"
					       " WHERE run_id = $1 ORDER BY idx",
					    1, p);
		struct db_res *c = db_query(d, "SELECT cell, outcome FROM cells WHERE run_id = $1", 1, p);
		struct db_res *m = db_query(d, "SELECT test_idx, idx, name, value, low, high, units"
					       " FROM measurements WHERE run_id = $1 ORDER BY test_idx, idx",
					    1, p);
		if (!t || !c || !m) {
			fprintf(stderr, "relayrig results: %s\n", db_error(d));
			db_res_free(t);
			db_res_free(c);
			db_res_free(m);
			return -1;
		}
		int mk = 0;
		for (int i = 0; i < db_rows(t); i++) {
			struct sbuf key, label;
			const char *cls = db_get(t, i, 3);
			sb_init(&key);
			sb_init(&label);
			sb_printf(&key, "%s\t%s\t%s", strip_dot(db_get(t, i, 1)), cls ? cls : "", db_get(t, i, 4));
			sb_printf(&label, "%s:%s: %s%s%s", strip_dot(db_get(t, i, 1)), nz(db_get(t, i, 2)),
				  cls ? cls : "", cls ? " " : "", db_get(t, i, 4));
			int j;
			for (j = 0; j < sd->nt && strcmp(sd->t[j].key, key.s); j++)
				;
			if (j == sd->nt) {
				struct titem *v = realloc(sd->t, (size_t)(sd->nt + 1) * sizeof(*v));
				if (!v)
					return -1;
				sd->t = v;
				memset(&v[j], 0, sizeof(v[j]));
				sd->nt++;
			} else {
				free(sd->t[j].key);
				free(sd->t[j].label);
			}
			sd->t[j].key = sb_steal(&key);
			sd->t[j].label = sb_steal(&label);
			sb_free(&key);
			sb_free(&label);
			snprintf(sd->t[j].outcome, sizeof(sd->t[j].outcome), "%s", db_get(t, i, 5));
			sd->t[j].run = sd->runs[k];
			/* this test's measurements: key "test key \t name \t n" */
			int idx = atoi(db_get(t, i, 0));
			while (mk < db_rows(m) && atoi(db_get(m, mk, 0)) < idx)
				mk++;
			for (; mk < db_rows(m) && atoi(db_get(m, mk, 0)) == idx; mk++) {
				struct sbuf mkey;
				sb_init(&mkey);
				sb_printf(&mkey, "%s\t%s\t%s", sd->t[j].key, db_get(m, mk, 2), db_get(m, mk, 1));
				int q;
				for (q = 0; q < sd->nm && strcmp(sd->m[q].key, mkey.s); q++)
					;
				if (q == sd->nm) {
					struct mitem *v = realloc(sd->m, (size_t)(sd->nm + 1) * sizeof(*v));
					if (!v)
						return -1;
					sd->m = v;
					memset(&v[q], 0, sizeof(v[q]));
					sd->nm++;
				} else {
					free(sd->m[q].key);
				}
				sd->m[q].key = sb_steal(&mkey);
				sb_free(&mkey);
				snprintf(sd->m[q].name, sizeof(sd->m[q].name), "%s", db_get(m, mk, 2));
				snprintf(sd->m[q].test, sizeof(sd->m[q].test), "%s", sd->t[j].label);
				sd->m[q].v = atof(db_get(m, mk, 3));
				sd->m[q].has_lo = db_get(m, mk, 4) != NULL;
				sd->m[q].lo = sd->m[q].has_lo ? atof(db_get(m, mk, 4)) : 0;
				sd->m[q].has_hi = db_get(m, mk, 5) != NULL;
				sd->m[q].hi = sd->m[q].has_hi ? atof(db_get(m, mk, 5)) : 0;
				snprintf(sd->m[q].units, sizeof(sd->m[q].units), "%s", db_get(m, mk, 6) ? db_get(m, mk, 6) : "");
			}
		}
		for (int i = 0; i < db_rows(c); i++) {
			int j;
			for (j = 0; j < sd->nc && strcmp(sd->c[j].cell, db_get(c, i, 0)); j++)
				;
			if (j == sd->nc) {
				struct citem *v = realloc(sd->c, (size_t)(sd->nc + 1) * sizeof(*v));
				if (!v)
					return -1;
				sd->c = v;
				sd->nc++;
				snprintf(v[j].cell, sizeof(v[j].cell), "%s", db_get(c, i, 0));
			}
			snprintf(sd->c[j].outcome, sizeof(sd->c[j].outcome), "%s", db_get(c, i, 1));
		}
		db_res_free(t);
		db_res_free(c);
		db_res_free(m);
	}
	return 0;
}

static bool bad_outcome(const char *o) { return !strcmp(o, "fail") || !strcmp(o, "error"); }

static bool within(const struct mitem *m)
{
	return (!m->has_lo || m->v >= m->lo) && (!m->has_hi || m->v <= m->hi);
}

static int cmd_compare(struct store *s, const struct ropts *o)
{
	struct side a, b;
	int reg_t = 0, reg_c = 0, reg_m = 0, fixed = 0, added = 0, gone = 0, skipped = 0;

	if (o->npos != 2) {
		fprintf(stderr, "relayrig results compare A B [--tolerance SHARE]\n");
		return 2;
	}
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (select_runs(s, o->pos[0], &a) < 0 || select_runs(s, o->pos[1], &b) < 0 ||
	    load_side(s, &a) < 0 || load_side(s, &b) < 0) {
		side_free(&a);
		side_free(&b);
		return 2;
	}
	printf("compare A = %s with B = %s (measurement tolerance %g)\n", a.desc, b.desc, o->tolerance);
	for (int i = 0; i < a.nt; i++) {
		const struct titem *x = &a.t[i];
		int j;
		for (j = 0; j < b.nt && strcmp(b.t[j].key, x->key); j++)
			;
		if (j == b.nt) {
			if (strcmp(x->outcome, "skip")) {
				printf("REGRESSION gone       %s (was %s)\n", x->label, x->outcome);
				gone++;
				reg_t++;
			}
			continue;
		}
		const struct titem *y = &b.t[j];
		if (!bad_outcome(x->outcome) && bad_outcome(y->outcome)) {
			printf("REGRESSION %s->%-5s %s (run %lld)\n", x->outcome, y->outcome, y->label, y->run);
			reg_t++;
		} else if (bad_outcome(x->outcome) && !strcmp(y->outcome, "pass")) {
			printf("fixed      %s->pass  %s\n", x->outcome, y->label);
			fixed++;
		} else if (!strcmp(x->outcome, "pass") && !strcmp(y->outcome, "skip")) {
			printf("skipped    pass->skip  %s\n", y->label);
			skipped++;
		}
	}
	for (int j = 0; j < b.nt; j++) {
		int i;
		for (i = 0; i < a.nt && strcmp(a.t[i].key, b.t[j].key); i++)
			;
		if (i == a.nt) {
			printf("new        %-10s %s\n", b.t[j].outcome, b.t[j].label);
			added++;
		}
	}
	for (int i = 0; i < a.nm; i++) {
		const struct mitem *x = &a.m[i];
		int j;
		for (j = 0; j < b.nm && strcmp(b.m[j].key, x->key); j++)
			;
		if (j == b.nm)
			continue; /* its test is reported gone or failed */
		const struct mitem *y = &b.m[j];
		double base = fabs(x->v) > 1e-9 ? fabs(x->v) : 1e-9;
		double share = fabs(y->v - x->v) / base;
		if (within(x) && !within(y)) {
			printf("REGRESSION limit      %s: %g -> %g %s, outside [%g..%g] (%s)\n", x->name,
			       x->v, y->v, y->units, y->lo, y->hi, y->test);
			reg_m++;
		} else if (within(x) && share > o->tolerance && fabs(y->v - x->v) > 1e-12) {
			printf("REGRESSION moved      %s: %g -> %g %s (%+.1f%%, tolerance %g%%) (%s)\n",
			       x->name, x->v, y->v, y->units, 100.0 * (y->v - x->v) / base,
			       100.0 * o->tolerance, y->test);
			reg_m++;
		}
	}
	for (int i = 0; i < a.nc; i++) {
		int j;
		for (j = 0; j < b.nc && strcmp(b.c[j].cell, a.c[i].cell); j++)
			;
		if (j == b.nc) {
			if (strcmp(a.c[i].outcome, "skip")) {
				printf("REGRESSION gone       %s %s (was %s)\n",
				       a.c[i].cell[0] == 'T' ? "cell" : "statement", a.c[i].cell, a.c[i].outcome);
				reg_c++;
			}
		} else if (strcmp(a.c[i].outcome, "fail") && !strcmp(b.c[j].outcome, "fail")) {
			printf("REGRESSION %-10s %s %s->fail\n", a.c[i].cell[0] == 'T' ? "cell" : "statement",
			       a.c[i].cell, a.c[i].outcome);
			reg_c++;
		} else if (!strcmp(a.c[i].outcome, "fail") && !strcmp(b.c[j].outcome, "pass")) {
			printf("fixed      %-10s %s fail->pass\n", a.c[i].cell[0] == 'T' ? "cell" : "statement",
			       a.c[i].cell);
		}
	}
	int reg = reg_t + reg_c + reg_m;
	printf("compare: %d regression%s (%d tests, %d cells, %d measurements), %d fixed, %d new, "
	       "%d gone, %d now skipped; %d tests and %d cells in A, %d tests and %d cells in B\n",
	       reg, reg == 1 ? "" : "s", reg_t, reg_c, reg_m, fixed, added, gone, skipped, a.nt, a.nc,
	       b.nt, b.nc);
	side_free(&a);
	side_free(&b);
	return reg ? 1 : 0;
}

/* ---- export ---- */

static void csv(struct sbuf *b, const char *s, bool last)
{
	esc_csv(b, s);
	sb_putc(b, last ? '\n' : ',');
}

static int cmd_export(struct store *s, const struct ropts *o)
{
	struct where w;
	char sql[1400];
	struct sbuf b;
	struct db_res *r;
	where_build(&w, o);
	sb_init(&b);
	if (!strcmp(o->format, "json")) {
		snprintf(sql, sizeof(sql), "SELECT r.id, r.model, r.hardware, r.operator, r.label, r.record,"
					   " r.card FROM runs r%s ORDER BY r.started, r.id",
			 w.sql);
		r = db_query(store_db(s), sql, w.n, w.p);
		if (!r)
			goto dberr;
		sb_puts(&b, "[\n");
		for (int i = 0; i < db_rows(r); i++) {
			sb_printf(&b, "%s{\"run\": %s, \"model\": ", i ? ",\n" : "", db_get(r, i, 0));
			const char *f[] = { db_get(r, i, 1), db_get(r, i, 2), db_get(r, i, 3), db_get(r, i, 4), db_get(r, i, 6) };
			const char *names[] = { NULL, "hardware", "operator", "label", "card" };
			for (int k = 0; k < 5; k++) {
				if (names[k])
					sb_printf(&b, ", \"%s\": ", names[k]);
				if (f[k])
					esc_json_str(&b, f[k]);
				else
					sb_puts(&b, "null");
			}
			sb_puts(&b, ", \"record\": ");
			const char *rec = db_get(r, i, 5);
			sb_puts(&b, rec && *rec ? rec : "null");
			while (b.len && b.s[b.len - 1] == '\n')
				b.s[--b.len] = '\0';
			sb_puts(&b, "}");
		}
		sb_puts(&b, "\n]\n");
	} else if (!strcmp(o->format, "csv")) {
		const char *cols;
		if (!strcmp(o->table, "runs"))
			cols = "r.id, r.started, r.day, r.serial, r.model, r.hardware, r.firmware, r.station,"
			       " r.operator, r.rig, r.label, r.outcome, r.passed, r.failed, r.errors, r.skipped";
		else if (!strcmp(o->table, "tests"))
			cols = "r.id, r.day, r.serial, r.station, r.firmware, t.file, t.line, t.classname,"
			       " t.name, t.outcome, t.duration, t.message";
		else if (!strcmp(o->table, "measurements"))
			cols = "r.id, r.day, r.serial, r.station, r.firmware, t.classname, t.name, m.name,"
			       " m.value, m.low, m.high, m.units, m.outcome";
		else {
			fprintf(stderr, "relayrig results: --table runs, tests or measurements\n");
			sb_free(&b);
			return 2;
		}
		const char *from = !strcmp(o->table, "runs")    ? "runs r"
				   : !strcmp(o->table, "tests") ? "tests t JOIN runs r ON r.id = t.run_id"
								: "measurements m JOIN tests t ON t.run_id = m.run_id AND t.idx = m.test_idx"
								  " JOIN runs r ON r.id = m.run_id";
		snprintf(sql, sizeof(sql), "SELECT %s FROM %s%s ORDER BY r.started, r.id%s", cols, from,
			 w.sql, !strcmp(o->table, "runs") ? "" : !strcmp(o->table, "tests") ? ", t.idx"
											    : ", m.test_idx, m.idx");
		r = db_query(store_db(s), sql, w.n, w.p);
		if (!r)
			goto dberr;
		/* the header: the column names without their table */
		char hdr[600];
		snprintf(hdr, sizeof(hdr), "%s", cols);
		for (char *tok = strtok(hdr, ", "); tok; tok = strtok(NULL, ", ")) {
			const char *dot = strchr(tok, '.');
			const char *nm = dot ? dot + 1 : tok;
			if (!strcmp(tok, "r.id")) nm = "run";
			else if (!strcmp(tok, "m.name")) nm = "measurement";
			else if (!strcmp(tok, "m.outcome")) nm = "measurement_outcome";
			sb_puts(&b, b.len && b.s[b.len - 1] != '\n' ? "," : "");
			sb_puts(&b, nm);
		}
		sb_putc(&b, '\n');
		for (int i = 0; i < db_rows(r); i++)
			for (int c = 0; c < db_cols(r); c++)
				csv(&b, db_get(r, i, c), c == db_cols(r) - 1);
	} else {
		fprintf(stderr, "relayrig results: --format csv or json\n");
		sb_free(&b);
		return 2;
	}
	db_res_free(r);
	int rc = 0;
	if (o->output && strcmp(o->output, "-")) {
		if (report_save(o->output, &b) < 0) {
			fprintf(stderr, "relayrig results: cannot write %s\n", o->output);
			rc = 2;
		}
	} else if (fwrite(b.s, 1, b.len, stdout) != b.len) {
		rc = 2;
	}
	sb_free(&b);
	return rc;
dberr:
	fprintf(stderr, "relayrig results: %s\n", db_error(store_db(s)));
	sb_free(&b);
	return 2;
}

/* ---- import ---- */

static int cmd_import(struct store *s, const struct ropts *o)
{
	int bad = 0;
	for (int i = 0; i < o->npos; i++) {
		struct rr_run run;
		struct store_meta m;
		char err[1024];
		long long id;
		if (store_spool_read(o->pos[i], &run, &m) < 0) {
			fprintf(stderr, "relayrig results: %s is not a kept run record\n", o->pos[i]);
			bad++;
		} else if (store_save(s, &run, &m, &id, err, sizeof(err)) < 0) {
			fprintf(stderr, "relayrig results: %s: %s\n", o->pos[i], err);
			bad++;
		} else {
			printf("%s: stored as run %lld\n", o->pos[i], id);
			unlink(o->pos[i]);
		}
		rr_run_free(&run);
		store_meta_free(&m);
	}
	return bad ? 2 : 0;
}

int results_main(int argc, char **argv)
{
	struct ropts o;
	struct store *s;
	int rc;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	/* --db may come before the command */
	int ci = 1;
	const char *db = NULL;
	if (!strcmp(argv[1], "--db") && argc > 3) {
		db = argv[2];
		ci = 3;
	} else if (!strncmp(argv[1], "--db=", 5)) {
		db = argv[1] + 5;
		ci = 2;
	}
	const char *cmd = argv[ci];
	if (parse(argc - ci - 1, argv + ci + 1, &o) < 0)
		return 2;
	if (db && !o.db)
		o.db = db;
	static const char *const cmds[] = { "list", "show", "yield", "compare", "export", "import", "version" };
	bool known = false;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		known |= !strcmp(cmd, cmds[i]);
	if (!known) {
		fprintf(stderr, "relayrig results: unknown command '%s'\n%s", cmd, usage);
		return 2;
	}
	if (!(s = open_store(&o)))
		return 2;
	if (!strcmp(cmd, "list")) rc = cmd_list(s, &o);
	else if (!strcmp(cmd, "show")) rc = cmd_show(s, &o);
	else if (!strcmp(cmd, "yield")) rc = cmd_yield(s, &o);
	else if (!strcmp(cmd, "compare")) rc = cmd_compare(s, &o);
	else if (!strcmp(cmd, "export")) rc = cmd_export(s, &o);
	else if (!strcmp(cmd, "import")) rc = cmd_import(s, &o);
	else {
		char shown[1200];
		printf("%s, %s, schema version %d\n", store_shown_url(store_url(s), shown, sizeof(shown)),
		       db_version(store_db(s)),
		       STORE_SCHEMA_VERSION);
		rc = 0;
	}
	store_close(s);
	return rc;
}

int report_main(int argc, char **argv)
{
	struct ropts o;
	struct store *s;
	struct rr_run run;
	struct store_meta m;
	char err[1024], path[4200];
	long long id;

	if (parse(argc - 1, argv + 1, &o) < 0)
		return 2;
	if (o.npos != 1 || parse_run(o.pos[0], &id) < 0) {
		fprintf(stderr, "usage: relayrig report RUN [--db FILE|URL] [-o FILE] [--statements FILE]\n");
		return 2;
	}
	if (!(s = open_store(&o)))
		return 2;
	if (store_load(s, id, &run, &m, err, sizeof(err)) < 0) {
		fprintf(stderr, "relayrig report: %s\n", err);
		store_close(s);
		return 2;
	}
	store_close(s);
	if (o.output)
		snprintf(path, sizeof(path), "%s", o.output);
	else
		snprintf(path, sizeof(path), "%s/run-%lld.html",
			 getenv("RELAYRIG_REPORTS") && *getenv("RELAYRIG_REPORTS") ? getenv("RELAYRIG_REPORTS")
										   : "reports",
			 id);
	/* statement traceability from the current statement list, as a run does */
	char serr[256];
	const char *stmts = o.statements ? o.statements : RR_DEFAULT_STATEMENTS;
	if (access(stmts, R_OK) == 0)
		trace_statement_list(stmts, &run.stmt_id, &run.stmt_text, &run.nstmt, serr, sizeof(serr));
	struct sbuf b;
	sb_init(&b);
	report_html(&run, &b);
	int rc = 0;
	if (!strcmp(path, "-")) {
		fwrite(b.s, 1, b.len, stdout);
	} else if (report_save(path, &b) < 0) {
		fprintf(stderr, "relayrig report: cannot write %s\n", path);
		rc = 2;
	} else {
		printf("%s\n", path);
	}
	sb_free(&b);
	rr_run_free(&run);
	store_meta_free(&m);
	return rc;
}
