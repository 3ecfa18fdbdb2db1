/*
 * db.h - the two SQL back ends of the results store behind one small
 * interface: SQLite (a file) and PostgreSQL (a connection URL).
 *
 * SQL is written once, in the subset both engines accept: parameters are
 * $1..$n (text, or NULL), "INSERT ... RETURNING id", TEXT, INTEGER and
 * DOUBLE PRECISION columns. The only dialect difference, the type of an
 * identity column, is the token {ID} in schema text (db_ddl).
 */
#ifndef RR_DB_H
#define RR_DB_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_res;

/* "postgresql://..." or "postgres://..." or "host=... dbname=..." is
 * PostgreSQL; anything else is an SQLite file (its folder is created).
 * Returns 0, or -1 with the reason in err. */
int db_open(const char *url, struct db **out, char *err, size_t errlen);
void db_close(struct db *d);
const char *db_kind(const struct db *d);  /* "sqlite" or "postgresql" */
const char *db_version(struct db *d);     /* engine or server version */
const char *db_error(const struct db *d); /* the last failure */
/* The connection is gone (the server stopped, the network failed). */
bool db_lost(struct db *d);

/* A statement with params[0..n-1] (NULL = SQL NULL). 0 or -1. */
int db_exec(struct db *d, const char *sql, int n, const char *const *params);
/* A query: every row, every column as text (NULL for SQL NULL). */
struct db_res *db_query(struct db *d, const char *sql, int n, const char *const *params);
int db_rows(const struct db_res *r);
int db_cols(const struct db_res *r);
const char *db_get(const struct db_res *r, int row, int col);
void db_res_free(struct db_res *r);

/* Schema text with {ID} replaced by the engine's identity column type. */
char *db_ddl(const struct db *d, const char *sql);
/* Start the transaction that applies migrations, holding out other
 * writers (BEGIN IMMEDIATE / a table lock). */
int db_begin_exclusive(struct db *d, const char *lock_table);

/* --- for the back ends (db_sqlite.c, db_pg.c) --- */
struct db_ops {
	const char *kind;
	const char *id_type;
	void (*close)(struct db *d);
	const char *(*version)(struct db *d);
	bool (*lost)(struct db *d);
	struct db_res *(*query)(struct db *d, const char *sql, int n, const char *const *p, bool rows);
	int (*begin_exclusive)(struct db *d, const char *lock_table);
};
struct db {
	const struct db_ops *ops;
	void *h;
	char err[512];
	char ver[64];
};
struct db_res *db_res_new(int cols);
/* Append a row of cols values (copied; NULL allowed). 0 or -1. */
int db_res_add(struct db_res *r, const char *const *vals);
int db_sqlite_open(const char *path, struct db *d);
int db_pg_open(const char *url, struct db *d);

#endif
