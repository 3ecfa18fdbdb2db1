/* test_result.c - result records and the worker pipe format. */
#include <stdio.h>
#include <stdlib.h>

#include "result.h"
#include "sbuf.h"
#include "test.h"

static void sample(struct rr_result *r)
{
	memset(r, 0, sizeof(*r));
	r->file = rr_strdup("tests/suites/a.lua");
	r->line = 12;
	r->classname = rr_strdup("backup DC");
	r->name = rr_strdup("refuses ON1, with a comma, and 3: colon");
	r->outcome = RR_FAIL;
	r->duration = 0.125;
	r->message = rr_strdup("values differ\nexpected: \"a\"\n  actual: \"b\"");
	r->where = rr_strdup("tests/suites/a.lua:14");
	r->transcript = rr_strdup("");
	r->nm = 2;
	r->m = calloc(2, sizeof(*r->m));
	r->m[0].name = rr_strdup("pulse");
	r->m[0].units = rr_strdup("s");
	r->m[0].value = 4.001;
	r->m[0].low = 3.9;
	r->m[0].has_low = true;
	r->m[0].pass = true;
	r->m[1].name = rr_strdup("n");
	r->m[1].value = -1;
}

TEST(result_roundtrip)
{
	struct rr_result a, b;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	sample(&a);
	assert_true(f);
	assert_int_equal(rr_result_write(f, &a), 0);
	assert_int_equal(rr_result_write(f, &a), 0);
	fclose(f);
	f = fmemopen(buf, len, "r");
	assert_true(f);
	for (int k = 0; k < 2; k++) {
		assert_true(rr_result_read(f, &b) == 1);
		assert_string_equal(b.file, a.file);
		assert_int_equal(b.line, 12);
		assert_string_equal(b.classname, a.classname);
		assert_string_equal(b.name, a.name);
		assert_int_equal(b.outcome, RR_FAIL);
		assert_true(b.duration == 0.125);
		assert_string_equal(b.message, a.message);
		assert_string_equal(b.where, a.where);
		assert_true(b.trace == NULL);
		assert_string_equal(b.transcript, "");
		assert_true(b.nm == 2);
		assert_string_equal(b.m[0].name, "pulse");
		assert_string_equal(b.m[0].units, "s");
		assert_true(b.m[0].value == 4.001 && b.m[0].has_low && !b.m[0].has_high && b.m[0].pass);
		assert_true(b.m[1].units == NULL && !b.m[1].pass && b.m[1].value == -1);
		rr_result_free(&b);
	}
	assert_int_equal(rr_result_read(f, &b), 0);
	fclose(f);
	free(buf);
	rr_result_free(&a);
}

TEST(result_read_rejects_garbage)
{
	struct rr_result r;
	const char *bad[] = { "X", "R5:ab", "R99999999999:", "R3:abc;" };
	for (int i = 0; i < 4; i++) {
		FILE *f = fmemopen((void *)bad[i], strlen(bad[i]), "r");
		assert_true(rr_result_read(f, &r) < 0);
		fclose(f);
	}
}

TEST(run_counts)
{
	struct rr_run run;
	struct rr_result r;
	memset(&run, 0, sizeof(run));
	for (int i = 0; i < 7; i++) {
		memset(&r, 0, sizeof(r));
		r.file = rr_strdup("f");
		r.outcome = (enum rr_outcome)(i % 4);
		assert_int_equal(rr_run_add(&run, &r), 0);
	}
	struct rr_counts c = rr_count(&run, 0, run.n);
	assert_int_equal(c.passed, 2);
	assert_int_equal(c.failed, 2);
	assert_int_equal(c.errors, 2);
	assert_int_equal(c.skipped, 1);
	assert_string_equal(rr_outcome_name(RR_SKIP), "skip");
	rr_run_free(&run);
}

TEST(result_roundtrip_cell)
{
	struct rr_result a, b;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	sample(&a);
	a.cell = calloc(1, sizeof(*a.cell));
	assert_true(a.cell && f);
	a.cell->matrix = rr_strdup("Model with the AC voltage sensor");
	a.cell->row = rr_strdup("relay");
	a.cell->column = rr_strdup("option1");
	a.cell->heads = rr_strdup("BACKUPLIMIT\tDC\n");
	a.cell->evidence = rr_strdup("line 1\nline 2,3:");
	assert_int_equal(rr_result_write(f, &a), 0);
	fclose(f);
	f = fmemopen(buf, len, "r");
	assert_true(f);
	assert_true(rr_result_read(f, &b) == 1);
	assert_true(b.cell != NULL);
	assert_string_equal(b.cell->matrix, a.cell->matrix);
	assert_string_equal(b.cell->row, "relay");
	assert_string_equal(b.cell->column, "option1");
	assert_true(b.cell->row_name == NULL && b.cell->condition == NULL);
	assert_string_equal(b.cell->heads, "BACKUPLIMIT\tDC\n");
	assert_string_equal(b.cell->evidence, "line 1\nline 2,3:");
	rr_result_free(&b);
	assert_int_equal(rr_result_read(f, &b), 0);
	fclose(f);
	free(buf);
	rr_result_free(&a);
}
