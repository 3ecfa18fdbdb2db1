/* db_sqlite.c - the SQLite back end of db.h (the embedded default). */
#include "db.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DB(d) ((sqlite3 *)(d)->h)

static void s_close(struct db *d)
{
	if (d->h)
		sqlite3_close(DB(d));
	d->h = NULL;
}

static const char *s_version(struct db *d)
{
	snprintf(d->ver, sizeof(d->ver), "SQLite %s", sqlite3_libversion());
	return d->ver;
}

static bool s_lost(struct db *d) { return d->h == NULL; }

/* $N -> ?N outside quotes: SQLite binds ?N by number. */
static char *rewrite(const char *sql)
{
	char *o = malloc(strlen(sql) + 1), *q = o;
	char quote = 0;
	if (!o)
		return NULL;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			*q++ = '?';
			continue;
		}
		*q++ = *p;
	}
	*q = '\0';
	return o;
}

static struct db_res *s_query(struct db *d, const char *sql, int n, const char *const *p, bool rows)
{
	sqlite3 *h = DB(d);
	char *text = rewrite(sql);
	const char *tail;
	struct db_res *res = NULL;

	if (!h || !text) {
		snprintf(d->err, sizeof(d->err), "%s", h ? "out of memory" : "the database is closed");
		free(text);
		return NULL;
	}
	/* several statements (schema text) run one after the other */
	for (const char *s = text; s && *s;) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(h, s, -1, &st, &tail);
		if (rc != SQLITE_OK) {
			snprintf(d->err, sizeof(d->err), "%s", sqlite3_errmsg(h));
			goto fail;
		}
		if (!st) /* only whitespace or a comment left */
			break;
		for (int i = 0; i < n && i < sqlite3_bind_parameter_count(st); i++)
			sqlite3_bind_text(st, i + 1, p[i], -1, SQLITE_TRANSIENT);
		int cols = sqlite3_column_count(st);
		db_res_free(res);
		res = db_res_new(cols);
		if (!res) {
			sqlite3_finalize(st);
			goto fail;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (!rows)
				continue;
			const char *v[64];
			for (int c = 0; c < cols && c < 64; c++)
				v[c] = (const char *)sqlite3_column_text(st, c);
			if (db_res_add(res, v) < 0) {
				sqlite3_finalize(st);
				goto fail;
			}
		}
		if (rc != SQLITE_DONE) {
			snprintf(d->err, sizeof(d->err), "%s", sqlite3_errmsg(h));
			sqlite3_finalize(st);
			goto fail;
		}
		sqlite3_finalize(st);
		s = tail;
	}
	free(text);
	return res ? res : db_res_new(0);
fail:
	db_res_free(res);
	free(text);
	return NULL;
}

static int s_begin_exclusive(struct db *d, const char *lock_table)
{
	(void)lock_table;
	struct db_res *r = s_query(d, "BEGIN IMMEDIATE", 0, NULL, false);
	db_res_free(r);
	return r ? 0 : -1;
}

static const struct db_ops sqlite_ops = {
	.kind = "sqlite",
	.id_type = "INTEGER PRIMARY KEY AUTOINCREMENT",
	.close = s_close,
	.version = s_version,
	.lost = s_lost,
	.query = s_query,
	.begin_exclusive = s_begin_exclusive,
};

static void make_parent(const char *path)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s", path);
	char *dir = dirname(tmp);
	char part[PATH_MAX];
	size_t n = strlen(dir);
	for (size_t i = 1; i <= n; i++) {
		if (dir[i] == '/' || dir[i] == '\0') {
			memcpy(part, dir, i);
			part[i] = '\0';
			mkdir(part, 0777);
		}
	}
}

int db_sqlite_open(const char *path, struct db *d)
{
	sqlite3 *h = NULL;
	const char *file = strncmp(path, "sqlite:", 7) ? path : path + 7;

	d->ops = &sqlite_ops;
	make_parent(file);
	if (sqlite3_open_v2(file, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(d->err, sizeof(d->err), "%s: %s", file, h ? sqlite3_errmsg(h) : "cannot open");
		if (h)
			sqlite3_close(h);
		return -1;
	}
	d->h = h;
	/* several stations or runs may write the same file: wait for the lock */
	sqlite3_busy_timeout(h, 30000);
	struct db_res *r = s_query(d, "PRAGMA foreign_keys = ON", 0, NULL, false);
	if (!r)
		return -1;
	db_res_free(r);
	return 0;
}
