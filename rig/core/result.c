/* result.c - test records: ownership, counting, and the worker pipe format.
 *
 * Pipe format: each field is a netstring "<len>:<bytes>,"; a record is the
 * tag "R" followed by a fixed list of fields, measurements last. */
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sbuf.h"

const char *rr_outcome_name(enum rr_outcome o)
{
	switch (o) {
	case RR_PASS: return "pass";
	case RR_FAIL: return "fail";
	case RR_ERROR: return "error";
	case RR_SKIP: return "skip";
	}
	return "unknown";
}

void rr_set(char **field, const char *s)
{
	free(*field);
	*field = rr_strdup(s);
}

void rr_result_free(struct rr_result *r)
{
	free(r->file);
	free(r->classname);
	free(r->name);
	free(r->message);
	free(r->where);
	free(r->trace);
	free(r->transcript);
	for (int i = 0; i < r->nm; i++) {
		free(r->m[i].name);
		free(r->m[i].units);
	}
	free(r->m);
	rr_cell_free(r->cell);
	memset(r, 0, sizeof(*r));
}

void rr_cell_free(struct rr_cell *c)
{
	if (!c)
		return;
	free(c->matrix);
	free(c->row);
	free(c->row_name);
	free(c->column);
	free(c->column_name);
	free(c->heads);
	free(c->condition);
	free(c->expect);
	free(c->evidence);
	free(c);
}

void rr_cell_complete(struct rr_cell **cellp, struct rr_cell *declared)
{
	struct rr_cell *c = *cellp;

	if (!c) {
		*cellp = declared;
		c = declared;
	} else if (declared) {
		char **to[] = { &c->matrix, &c->row, &c->row_name, &c->column, &c->column_name,
				&c->heads, &c->condition, &c->expect, &c->evidence };
		char **from[] = { &declared->matrix, &declared->row, &declared->row_name,
				  &declared->column, &declared->column_name, &declared->heads,
				  &declared->condition, &declared->expect, &declared->evidence };
		for (size_t i = 0; i < sizeof(to) / sizeof(to[0]); i++)
			if (!*to[i]) {
				*to[i] = *from[i];
				*from[i] = NULL;
			}
		rr_cell_free(declared);
	}
	if (!c)
		return;
	if (!c->row || !c->column) { /* no coordinates: not a cell */
		rr_cell_free(c);
		*cellp = NULL;
		return;
	}
	if (!c->matrix)
		c->matrix = rr_strdup("Certification matrix");
	if (!c->condition)
		c->condition = rr_strdup(c->column_name ? c->column_name : c->column);
}

const char *rr_verdict(const struct rr_run *run)
{
	struct rr_counts c = rr_count(run, 0, run->n);

	if (c.failed || c.errors || run->setup_errors || run->setup_error)
		return "fail";
	if (run->interrupted)
		return "interrupted";
	if (c.skipped || run->partial || run->n == 0)
		return "incomplete";
	return "pass";
}

const char *rr_unit_value(const struct rr_run *run, const char *tab, const char *key,
			  char *buf, size_t len)
{
	const char *p = run->unit_tabs;
	bool in = false;
	size_t kl = strlen(key);

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (p[0] == '[')
			in = n == strlen(tab) + 2 && !strncmp(p + 1, tab, strlen(tab));
		else if (in && n > kl && !strncmp(p, key, kl) && p[kl] == '=') {
			snprintf(buf, len, "%.*s", (int)(n - kl - 1), p + kl + 1);
			return buf;
		}
		p = e ? e + 1 : p + n;
	}
	return NULL;
}

int rr_run_add(struct rr_run *run, struct rr_result *res)
{
	if (run->n == run->cap) {
		int cap = run->cap ? run->cap * 2 : 64;
		struct rr_result *r = realloc(run->r, (size_t)cap * sizeof(*r));
		if (!r)
			return RR_ERR_NOMEM;
		run->r = r;
		run->cap = cap;
	}
	run->r[run->n++] = *res;
	memset(res, 0, sizeof(*res));
	return RR_OK;
}

void rr_run_free(struct rr_run *run)
{
	for (int i = 0; i < run->n; i++)
		rr_result_free(&run->r[i]);
	free(run->r);
	free(run->serial);
	free(run->firmware);
	free(run->station);
	free(run->rig);
	free(run->safe_state);
	free(run->operator_name);
	free(run->hostname);
	free(run->partial);
	free(run->setup_error);
	free(run->unit_tabs);
	free(run->unit_note);
	for (int i = 0; i < run->nstmt; i++) {
		free(run->stmt_id[i]);
		free(run->stmt_text[i]);
	}
	free(run->stmt_id);
	free(run->stmt_text);
	memset(run, 0, sizeof(*run));
}

struct rr_counts rr_count(const struct rr_run *run, int from, int to)
{
	struct rr_counts c = { 0, 0, 0, 0 };

	for (int i = from; i < to; i++) {
		switch (run->r[i].outcome) {
		case RR_PASS: c.passed++; break;
		case RR_FAIL: c.failed++; break;
		case RR_ERROR: c.errors++; break;
		case RR_SKIP: c.skipped++; break;
		}
	}
	return c;
}

/* ---- pipe format ---- */

void rr_ns_put(FILE *f, const char *s)
{
	if (!s) {
		fputs("-,", f); /* NULL is distinct from "" */
		return;
	}
	fprintf(f, "%zu:", strlen(s));
	fputs(s, f);
	fputc(',', f);
}

static void put_num(FILE *f, double v)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%.17g", v);
	rr_ns_put(f, buf);
}

int rr_result_write(FILE *f, const struct rr_result *r)
{
	fputc('R', f);
	rr_ns_put(f, r->file);
	put_num(f, r->line);
	rr_ns_put(f, r->classname);
	rr_ns_put(f, r->name);
	put_num(f, r->outcome);
	put_num(f, r->duration);
	rr_ns_put(f, r->message);
	rr_ns_put(f, r->where);
	rr_ns_put(f, r->trace);
	rr_ns_put(f, r->transcript);
	put_num(f, r->nm);
	for (int i = 0; i < r->nm; i++) {
		const struct rr_measure *m = &r->m[i];
		rr_ns_put(f, m->name);
		rr_ns_put(f, m->units);
		put_num(f, m->value);
		put_num(f, m->low);
		put_num(f, m->high);
		put_num(f, (m->has_low ? 1 : 0) | (m->has_high ? 2 : 0) | (m->pass ? 4 : 0));
	}
	put_num(f, r->cell ? 1 : 0);
	if (r->cell) {
		const struct rr_cell *c = r->cell;
		const char *v[] = { c->matrix, c->row, c->row_name, c->column, c->column_name,
				    c->heads, c->condition, c->expect, c->evidence };
		for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
			rr_ns_put(f, v[i]);
	}
	return ferror(f) ? RR_ERR_IO : RR_OK;
}

/* Read one netstring; *out is malloc'ed (NULL for the "-" marker). */
int rr_ns_get(FILE *f, char **out)
{
	size_t len = 0;
	int c;

	*out = NULL;
	c = fgetc(f);
	if (c == '-')
		return fgetc(f) == ',' ? RR_OK : RR_ERR_ARG;
	while (c >= '0' && c <= '9') {
		len = len * 10 + (size_t)(c - '0');
		if (len > (64u << 20))
			return RR_ERR_ARG;
		c = fgetc(f);
	}
	if (c != ':')
		return RR_ERR_ARG;
	*out = malloc(len + 1);
	if (!*out)
		return RR_ERR_NOMEM;
	if (fread(*out, 1, len, f) != len || fgetc(f) != ',') {
		free(*out);
		*out = NULL;
		return RR_ERR_IO;
	}
	(*out)[len] = '\0';
	return RR_OK;
}

static int get_num(FILE *f, double *v)
{
	char *s;
	int rc = rr_ns_get(f, &s);

	if (rc == RR_OK && !s)
		rc = RR_ERR_ARG;
	if (rc == RR_OK)
		*v = strtod(s, NULL);
	free(s);
	return rc;
}

static int get_measure(FILE *f, struct rr_measure *m)
{
	double flags = 0;
	int rc = rr_ns_get(f, &m->name);

	if (!rc)
		rc = rr_ns_get(f, &m->units);
	if (!rc)
		rc = get_num(f, &m->value);
	if (!rc)
		rc = get_num(f, &m->low);
	if (!rc)
		rc = get_num(f, &m->high);
	if (!rc)
		rc = get_num(f, &flags);
	m->has_low = (int)flags & 1;
	m->has_high = (int)flags & 2;
	m->pass = (int)flags & 4;
	return rc;
}

int rr_result_read(FILE *f, struct rr_result *r)
{
	double line = 0, outcome = 0, nm = 0;
	int c = fgetc(f), rc;

	memset(r, 0, sizeof(*r));
	if (c == EOF)
		return 0;
	if (c != 'R')
		return RR_ERR_ARG;
	rc = rr_ns_get(f, &r->file);
	if (!rc) rc = get_num(f, &line);
	if (!rc) rc = rr_ns_get(f, &r->classname);
	if (!rc) rc = rr_ns_get(f, &r->name);
	if (!rc) rc = get_num(f, &outcome);
	if (!rc) rc = get_num(f, &r->duration);
	if (!rc) rc = rr_ns_get(f, &r->message);
	if (!rc) rc = rr_ns_get(f, &r->where);
	if (!rc) rc = rr_ns_get(f, &r->trace);
	if (!rc) rc = rr_ns_get(f, &r->transcript);
	if (!rc) rc = get_num(f, &nm);
	r->line = (int)line;
	r->outcome = (enum rr_outcome)(int)outcome;
	if (!rc && (nm < 0 || nm > 100000))
		rc = RR_ERR_ARG;
	if (!rc && nm > 0) {
		r->m = calloc((size_t)nm, sizeof(*r->m));
		if (!r->m)
			rc = RR_ERR_NOMEM;
		for (int i = 0; !rc && i < (int)nm; i++) {
			r->nm = i + 1;
			rc = get_measure(f, &r->m[i]);
		}
	}
	double has_cell = 0;
	if (!rc)
		rc = get_num(f, &has_cell);
	if (!rc && has_cell > 0) {
		struct rr_cell *c = calloc(1, sizeof(*c));
		if (!c) {
			rc = RR_ERR_NOMEM;
		} else {
			char **v[] = { &c->matrix, &c->row, &c->row_name, &c->column,
				       &c->column_name, &c->heads, &c->condition, &c->expect,
				       &c->evidence };
			r->cell = c;
			for (size_t i = 0; !rc && i < sizeof(v) / sizeof(v[0]); i++)
				rc = rr_ns_get(f, v[i]);
		}
	}
	if (rc) {
		rr_result_free(r);
		return rc;
	}
	return 1;
}
