/* db_pg.c - the PostgreSQL back end of db.h (libpq): one database that
 * many stations write to. */
#include "db.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG(d) ((PGconn *)(d)->h)

static void p_close(struct db *d)
{
	if (d->h)
		PQfinish(PG(d));
	d->h = NULL;
}

static const char *p_version(struct db *d)
{
	int v = d->h ? PQserverVersion(PG(d)) : 0;
	if (v >= 100000)
		snprintf(d->ver, sizeof(d->ver), "PostgreSQL %d.%d", v / 10000, v % 10000);
	else
		snprintf(d->ver, sizeof(d->ver), "PostgreSQL %d.%d.%d", v / 10000, v / 100 % 100, v % 100);
	return d->ver;
}

static bool p_lost(struct db *d)
{
	return !d->h || PQstatus(PG(d)) != CONNECTION_OK;
}

static void set_err(struct db *d, const char *msg)
{
	snprintf(d->err, sizeof(d->err), "%s", msg && *msg ? msg : "unknown error");
	size_t n = strlen(d->err);
	while (n && (d->err[n - 1] == '\n' || d->err[n - 1] == ' '))
		d->err[--n] = '\0';
}

static struct db_res *p_query(struct db *d, const char *sql, int n, const char *const *p, bool rows)
{
	PGresult *r;
	struct db_res *res;

	if (!d->h) {
		set_err(d, "the connection is closed");
		return NULL;
	}
	r = n ? PQexecParams(PG(d), sql, n, NULL, p, NULL, NULL, 0) : PQexec(PG(d), sql);
	if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)) {
		if (r && *PQresultErrorMessage(r))
			set_err(d, PQresultErrorMessage(r));
		else
			set_err(d, PQerrorMessage(PG(d)));
		PQclear(r);
		return NULL;
	}
	res = db_res_new(PQnfields(r));
	for (int i = 0; res && rows && i < PQntuples(r); i++) {
		const char *v[64];
		for (int c = 0; c < PQnfields(r) && c < 64; c++)
			v[c] = PQgetisnull(r, i, c) ? NULL : PQgetvalue(r, i, c);
		if (db_res_add(res, v) < 0) {
			db_res_free(res);
			res = NULL;
		}
	}
	PQclear(r);
	if (!res)
		set_err(d, "out of memory");
	return res;
}

static int p_begin_exclusive(struct db *d, const char *lock_table)
{
	char sql[160];
	struct db_res *r = p_query(d, "BEGIN", 0, NULL, false);
	if (!r)
		return -1;
	db_res_free(r);
	snprintf(sql, sizeof(sql), "LOCK TABLE %s IN EXCLUSIVE MODE", lock_table);
	r = p_query(d, sql, 0, NULL, false);
	if (!r) {
		db_res_free(p_query(d, "ROLLBACK", 0, NULL, false));
		return -1;
	}
	db_res_free(r);
	return 0;
}

static const struct db_ops pg_ops = {
	.kind = "postgresql",
	.id_type = "BIGSERIAL PRIMARY KEY",
	.close = p_close,
	.version = p_version,
	.lost = p_lost,
	.query = p_query,
	.begin_exclusive = p_begin_exclusive,
};

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* NOTICEs ("relation already exists, skipping") */
}

int db_pg_open(const char *url, struct db *d)
{
	/* a server that does not answer must not hold a run's end for long;
	 * a connect_timeout in the URL wins (later keywords override) */
	const char *const keys[] = { "connect_timeout", "dbname", NULL };
	const char *const vals[] = { "10", url, NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 1);

	d->ops = &pg_ops;
	if (!c || PQstatus(c) != CONNECTION_OK) {
		set_err(d, c ? PQerrorMessage(c) : "out of memory");
		if (c)
			PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	d->h = c;
	return 0;
}
