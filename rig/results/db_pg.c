/* db_pg.c - the PostgreSQL back end of db.h (libpq): one database that
 * many stations write to. */
#include "db.h"

#include <dlfcn.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

/* libpq is loaded when a postgresql:// store is opened, not at start:
 * linked in, it and what it pulls in (Kerberos, LDAP, TLS) cost every
 * relayrig process about 12 ms before main, PostgreSQL or not. The
 * prototypes still come from libpq-fe.h, so each call is type-checked. */
#define PQ_FUNCS(X)              \
	X(PQclear);              \
	X(PQconnectdbParams);    \
	X(PQerrorMessage);       \
	X(PQexec);               \
	X(PQexecParams);         \
	X(PQfinish);             \
	X(PQgetisnull);          \
	X(PQgetvalue);           \
	X(PQnfields);            \
	X(PQntuples);            \
	X(PQresultErrorMessage); \
	X(PQresultStatus);       \
	X(PQserverVersion);      \
	X(PQsetNoticeProcessor); \
	X(PQstatus);
#define PQ_SLOT(f) __typeof__(&f) f
static struct {
	PQ_FUNCS(PQ_SLOT)
} pq;
#define PQ_SONAME "libpq.so.5"

/* 0, or -1 with the reason in err. */
static int pq_load(char *err, size_t errlen)
{
	static void *lib;
	void *sym;

	if (lib)
		return 0;
	void *h = dlopen(PQ_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, errlen, "PostgreSQL client library not available (%s; Debian: libpq5)",
			 dlerror());
		return -1;
	}
#define PQ_LOAD(f)                                                    \
	if (!(sym = dlsym(h, #f))) {                                  \
		snprintf(err, errlen, "%s has no %s", PQ_SONAME, #f); \
		dlclose(h);                                           \
		return -1;                                            \
	}                                                             \
	memcpy(&pq.f, &sym, sizeof(sym));
	PQ_FUNCS(PQ_LOAD)
#undef PQ_LOAD
	lib = h;
	return 0;
}

#define PQclear pq.PQclear
#define PQconnectdbParams pq.PQconnectdbParams
#define PQerrorMessage pq.PQerrorMessage
#define PQexec pq.PQexec
#define PQexecParams pq.PQexecParams
#define PQfinish pq.PQfinish
#define PQgetisnull pq.PQgetisnull
#define PQgetvalue pq.PQgetvalue
#define PQnfields pq.PQnfields
#define PQntuples pq.PQntuples
#define PQresultErrorMessage pq.PQresultErrorMessage
#define PQresultStatus pq.PQresultStatus
#define PQserverVersion pq.PQserverVersion
#define PQsetNoticeProcessor pq.PQsetNoticeProcessor
#define PQstatus pq.PQstatus

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

/* A UTF8 database refuses text that is not UTF-8 (a unit's SMS may carry
 * any byte): such a parameter goes in with U+FFFD for each bad byte. */
static char *utf8_clean(const char *s)
{
	size_t n = strlen(s), adv;
	bool ok = true;
	for (size_t i = 0; i < n && ok; i += adv)
		ok = utf8_decode((const unsigned char *)s + i, n - i, &adv) >= 0;
	if (ok)
		return NULL;
	char *o = malloc(n * 3 + 1), *q = o;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i += adv) {
		if (utf8_decode((const unsigned char *)s + i, n - i, &adv) < 0) {
			memcpy(q, "\xEF\xBF\xBD", 3);
			q += 3;
		} else {
			memcpy(q, s + i, adv);
			q += adv;
		}
	}
	*q = '\0';
	return o;
}

static struct db_res *p_query(struct db *d, const char *sql, int n, const char *const *p0, bool rows)
{
	PGresult *r;
	struct db_res *res;
	const char *p[64] = { 0 };
	char *clean[64] = { 0 };

	if (!d->h) {
		set_err(d, "the connection is closed");
		return NULL;
	}
	if (n > 64) {
		set_err(d, "too many parameters");
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		clean[i] = p0[i] ? utf8_clean(p0[i]) : NULL;
		p[i] = clean[i] ? clean[i] : p0[i];
	}

	r = n ? PQexecParams(PG(d), sql, n, NULL, p, NULL, NULL, 0) : PQexec(PG(d), sql);
	for (int i = 0; i < n; i++)
		free(clean[i]);
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
	char why[256];

	d->ops = &pg_ops;
	if (pq_load(why, sizeof(why)) < 0) {
		set_err(d, why);
		return -1;
	}
	PGconn *c = PQconnectdbParams(keys, vals, 1);
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
