/* test_store.c - the results store on SQLite: migrations, a run's round
 * trip, one transaction per run, cells from tags, the unstored spool. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "results/db.h"
#include "results/store.h"
#include "sbuf.h"
#include "test.h"

static void tmp_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "/tmp/relayrig-test-store-%ld-%s", (long)getpid(), name);
	unlink(buf);
}

static void make_run(struct rr_run *run)
{
	struct rr_result r;
	memset(run, 0, sizeof(*run));
	run->serial = rr_strdup("SR7-000042");
	run->firmware = rr_strdup("1.0.0");
	run->station = rr_strdup("line-1");
	run->rig = rr_strdup("sim");
	run->t_start = 1796174000.5;
	run->t_end = 1796174003.25;
	run->seed = 7;
	run->safe_state = rr_strdup("dc=0 ac=0 bat=0 usb=0 inputs=000000");
	memset(&r, 0, sizeof(r));
	r.file = rr_strdup("tests/eol/eol.lua");
	r.line = 10;
	r.classname = rr_strdup("end of line #eol");
	r.name = rr_strdup("relays release #S35 #T.relay.option1");
	r.outcome = RR_PASS;
	r.duration = 0.5;
	r.nm = 1;
	r.m = calloc(1, sizeof(*r.m));
	r.m[0].name = rr_strdup("release");
	r.m[0].units = rr_strdup("s");
	r.m[0].value = 0.01;
	r.m[0].high = 0.5;
	r.m[0].has_high = true;
	r.m[0].pass = true;
	rr_run_add(run, &r);
	memset(&r, 0, sizeof(r));
	r.file = rr_strdup("tests/eol/eol.lua");
	r.line = 20;
	r.name = rr_strdup("inputs, with 'quotes' #S35");
	r.outcome = RR_FAIL;
	r.message = rr_strdup("no SMS\nexpected: x");
	rr_run_add(run, &r);
}

static int count(struct store *s, const char *sql)
{
	struct db_res *r = db_query(store_db(s), sql, 0, NULL);
	int n = r && db_get(r, 0, 0) ? atoi(db_get(r, 0, 0)) : -1;
	db_res_free(r);
	return n;
}

TEST(store_round_trip_sqlite)
{
	char path[128], err[512];
	struct store *s;
	struct rr_run run, back;
	struct store_meta m = { 0 }, mb;
	long long id;

	tmp_path(path, sizeof(path), "a.db");
	assert_true(store_open(path, &s, err, sizeof(err)) == 0);
	make_run(&run);
	m.operator_ = rr_strdup("Ona");
	m.card = rr_strdup("[info]\nSERIAL=SR7-000042\n");
	assert_true(store_save(s, &run, &m, &id, err, sizeof(err)) == 0);
	assert_int_equal(id, 1);
	assert_true(store_load(s, id, &back, &mb, err, sizeof(err)) == 0);
	assert_string_equal(back.serial, "SR7-000042");
	assert_string_equal(mb.operator_, "Ona");
	assert_string_equal(mb.card, "[info]\nSERIAL=SR7-000042\n");
	assert_true(back.t_start == run.t_start);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.r[1].name, "inputs, with 'quotes' #S35");
	assert_int_equal(back.r[1].outcome, RR_FAIL);
	assert_string_equal(back.r[1].message, "no SMS\nexpected: x");
	assert_int_equal(back.r[0].nm, 1);
	assert_true(back.r[0].m[0].has_high && !back.r[0].m[0].has_low);
	assert_true(back.r[0].m[0].high == 0.5);
	assert_string_equal(back.r[0].m[0].units, "s");
	/* the cells: S35 named by both tests (one failed), the table cell once */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM cells WHERE cell = 'S35' AND outcome = 'fail' AND tests = 2"), 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM cells WHERE cell = 'T.relay.option1' AND outcome = 'pass'"), 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM runs WHERE outcome = 'fail' AND failed = 1"), 1);
	rr_run_free(&back);
	store_meta_free(&mb);
	store_close(s);
	/* migrations run once: reopening changes nothing */
	assert_true(store_open(path, &s, err, sizeof(err)) == 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM schema_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM runs"), 1);
	/* one transaction per run: a failure on the last insert leaves nothing */
	assert_true(db_exec(store_db(s), "CREATE TRIGGER refuse BEFORE INSERT ON cells BEGIN "
					 "SELECT RAISE(ABORT, 'disk full'); END",
			    0, NULL) == 0);
	assert_true(store_save(s, &run, &m, &id, err, sizeof(err)) < 0);
	assert_true(strstr(err, "disk full") != NULL);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM runs"), 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM tests"), 2);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM measurements"), 1);
	store_close(s);
	rr_run_free(&run);
	store_meta_free(&m);
	unlink(path);
}

TEST(store_newer_schema_refused)
{
	char path[128], err[512];
	struct store *s;
	tmp_path(path, sizeof(path), "b.db");
	assert_true(store_open(path, &s, err, sizeof(err)) == 0);
	assert_true(db_exec(store_db(s), "INSERT INTO schema_version VALUES (99, 0, 'future')", 0, NULL) == 0);
	store_close(s);
	assert_true(store_open(path, &s, err, sizeof(err)) < 0);
	assert_true(strstr(err, "schema version 99") != NULL);
	unlink(path);
}

static void collect(void *arg, const char *cell)
{
	struct sbuf *b = arg;
	sb_printf(b, "%s;", cell);
}

TEST(store_cells_from_tags)
{
	struct sbuf b;
	sb_init(&b);
	store_each_cell("Backup #backup #T.relay.option1.", "ON1 #S51, #S5x #S #s7 #T.alarm.derived_dc",
			collect, &b);
	assert_string_equal(b.s, "T.relay.option1;S51;T.alarm.derived_dc;");
	sb_free(&b);
}

TEST(store_spool_round_trip)
{
	char path[128];
	struct rr_run run, back;
	struct store_meta m = { 0 }, mb;
	tmp_path(path, sizeof(path), "c.rec");
	make_run(&run);
	run.interrupted = true;
	m.record = rr_strdup("{\"tool\": \"relayrig\"}");
	m.unit_id = 12;
	assert_true(store_spool_write(path, &run, &m) == 0);
	assert_true(store_spool_read(path, &back, &mb) == 0);
	assert_string_equal(back.station, "line-1");
	assert_true(back.interrupted);
	assert_true(back.t_end == run.t_end);
	assert_int_equal(back.n, 2);
	assert_int_equal(mb.unit_id, 12);
	assert_string_equal(mb.record, "{\"tool\": \"relayrig\"}");
	assert_true(mb.card == NULL);
	rr_run_free(&run);
	rr_run_free(&back);
	store_meta_free(&m);
	store_meta_free(&mb);
	unlink(path);
}

TEST(store_url_hides_password)
{
	char b[256];
	assert_string_equal(store_shown_url("postgresql://line:s3cret@db.example/results", b, sizeof(b)),
			    "postgresql://line:***@db.example/results");
	assert_string_equal(store_shown_url("postgresql://line@db.example/results", b, sizeof(b)),
			    "postgresql://line@db.example/results");
	assert_string_equal(store_shown_url("host=db password=s3cret dbname=r", b, sizeof(b)),
			    "host=db password=*** dbname=r");
	assert_string_equal(store_shown_url("reports/results.db", b, sizeof(b)), "reports/results.db");
}
