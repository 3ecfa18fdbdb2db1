/*
 * store.h - the results database: every run with its unit, station,
 * operator, rig, tests, certification cells and statements, measurements
 * with limits and units, evidence, the JSON run record and the Product
 * Information Card. One interface, two back ends (db.h): SQLite, the
 * embedded default, and PostgreSQL for many stations writing one database.
 *
 * The schema is versioned (table schema_version); store_open applies the
 * migrations a database lacks, in one transaction. A run is written in
 * one transaction: it is stored whole or not at all.
 */
#ifndef RR_STORE_H
#define RR_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "result.h"

struct db;
struct store;

/* What a run record carries beyond struct rr_run. Strings may be NULL. */
struct store_meta {
	char *operator_, *model, *hardware, *label;
	char *card;        /* the unit's tabs as read over USB: "[tab]\nKEY=VALUE\n..." */
	char *record;      /* the JSON run record (report_json) */
	char *files;       /* the folder of the run's report files */
	long long unit_id; /* the station's attempt this run belongs to (0: none) */
};
void store_meta_free(struct store_meta *m);

/* The schema version this relayrig writes. */
#define STORE_SCHEMA_VERSION 3

/* The default database: $RELAYRIG_DB, else $RELAYRIG_REPORTS/results.db
 * (reports/results.db). */
const char *store_default_url(char *buf, size_t len);
/* The URL to show: a password ("user:secret@", "password=secret") is
 * replaced by "***". Returns buf. */
const char *store_shown_url(const char *url, char *buf, size_t len);
/* Open (or create) and migrate. 0, or -1 with the reason in err. */
int store_open(const char *url, struct store **out, char *err, size_t errlen);
void store_close(struct store *s);
struct db *store_db(struct store *s);
const char *store_url(const struct store *s);
/* After a lost connection: connect again (0) or not (-1). */
int store_reconnect(struct store *s, char *err, size_t errlen);

/* Store a finished run in one transaction; its id in *id. 0 or -1 (err). */
int store_save(struct store *s, const struct rr_run *run, const struct store_meta *m,
	       long long *id, char *err, size_t errlen);
/* Read a stored run back (for reports). 0, or -1 (no such run, err). */
int store_load(struct store *s, long long id, struct rr_run *run, struct store_meta *m,
	       char *err, size_t errlen);

/* Station attempts: one row per unit tested, written before its run starts
 * (state "running"); the run's transaction marks it "done". */
int store_unit_begin(struct store *s, const char *station, const char *serial,
		     long long *id, int *attempt, char *err, size_t errlen);
/* Mark the given station's attempts still "running" as "interrupted";
 * returns how many (or -1), listing them in out (one line each). */
int store_unit_interrupted(struct store *s, const char *station, char *out, size_t outlen);

/* The statement IDs and certification cells a test names in its tags
 * (#S51, #T.relay.option1): calls fn for each. */
void store_each_cell(const char *classname, const char *name,
		     void (*fn)(void *arg, const char *cell), void *arg);

/* The run spool: a run whose record could not be stored is written here
 * (the pipe format of result.h) and read back by `relayrig results import`. */
int store_spool_write(const char *path, const struct rr_run *run, const struct store_meta *m);
int store_spool_read(const char *path, struct rr_run *run, struct store_meta *m);

#endif
