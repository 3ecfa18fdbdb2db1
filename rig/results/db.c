/* db.c - the back-end-neutral half of db.h. */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db_res {
	int cols, rows, cap;
	char **v; /* rows * cols */
};

struct db_res *db_res_new(int cols)
{
	struct db_res *r = calloc(1, sizeof(*r));
	if (r)
		r->cols = cols;
	return r;
}

int db_res_add(struct db_res *r, const char *const *vals)
{
	if (r->rows == r->cap) {
		int cap = r->cap ? r->cap * 2 : 16;
		char **v = realloc(r->v, (size_t)cap * (size_t)r->cols * sizeof(*v));
		if (!v)
			return -1;
		r->v = v;
		r->cap = cap;
	}
	for (int c = 0; c < r->cols; c++)
		r->v[r->rows * r->cols + c] = vals[c] ? strdup(vals[c]) : NULL;
	r->rows++;
	return 0;
}

int db_rows(const struct db_res *r) { return r ? r->rows : 0; }
int db_cols(const struct db_res *r) { return r ? r->cols : 0; }

const char *db_get(const struct db_res *r, int row, int col)
{
	if (!r || row < 0 || row >= r->rows || col < 0 || col >= r->cols)
		return NULL;
	return r->v[row * r->cols + col];
}

void db_res_free(struct db_res *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->rows * r->cols; i++)
		free(r->v[i]);
	free(r->v);
	free(r);
}

static bool is_pg_url(const char *u)
{
	return !strncmp(u, "postgresql://", 13) || !strncmp(u, "postgres://", 11) ||
	       strstr(u, "dbname=") != NULL || !strncmp(u, "host=", 5);
}

int db_open(const char *url, struct db **out, char *err, size_t errlen)
{
	struct db *d = calloc(1, sizeof(*d));
	int rc;

	*out = NULL;
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = is_pg_url(url) ? db_pg_open(url, d) : db_sqlite_open(url, d);
	if (rc < 0) {
		snprintf(err, errlen, "%s", d->err);
		if (d->ops)
			d->ops->close(d);
		free(d);
		return -1;
	}
	*out = d;
	return 0;
}

void db_close(struct db *d)
{
	if (!d)
		return;
	d->ops->close(d);
	free(d);
}

const char *db_kind(const struct db *d) { return d->ops->kind; }
const char *db_version(struct db *d) { return d->ops->version(d); }
const char *db_error(const struct db *d) { return d->err; }
bool db_lost(struct db *d) { return d->ops->lost(d); }

int db_exec(struct db *d, const char *sql, int n, const char *const *params)
{
	struct db_res *r = d->ops->query(d, sql, n, params, false);
	if (!r)
		return -1;
	db_res_free(r);
	return 0;
}

struct db_res *db_query(struct db *d, const char *sql, int n, const char *const *params)
{
	return d->ops->query(d, sql, n, params, true);
}

int db_begin_exclusive(struct db *d, const char *lock_table)
{
	return d->ops->begin_exclusive(d, lock_table);
}

char *db_ddl(const struct db *d, const char *sql)
{
	const char *tok = "{ID}";
	size_t n = 1;
	for (const char *p = sql; *p; p++)
		n += strncmp(p, tok, 4) ? 1 : strlen(d->ops->id_type);
	char *o = malloc(n), *q = o;
	if (!o)
		return NULL;
	for (const char *p = sql; *p;) {
		if (!strncmp(p, tok, 4)) {
			q += sprintf(q, "%s", d->ops->id_type);
			p += 4;
		} else {
			*q++ = *p++;
		}
	}
	*q = '\0';
	return o;
}
