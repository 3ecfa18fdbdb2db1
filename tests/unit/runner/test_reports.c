/* test_reports.c - JUnit, TAP and JSON writers on a run with every
 * outcome and awkward text. */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "test.h"

static void add(struct rr_run *run, const char *file, const char *name, enum rr_outcome o,
		const char *msg)
{
	struct rr_result r;
	memset(&r, 0, sizeof(r));
	r.file = rr_strdup(file);
	r.line = 7;
	r.classname = rr_strdup("relays <R1> & \"R2\"");
	r.name = rr_strdup(name);
	r.outcome = o;
	r.duration = 0.5;
	r.message = rr_strdup(msg);
	if (o == RR_FAIL) {
		r.where = rr_strdup("a.lua:9");
		r.transcript = rr_strdup("[   1.000] > AT+CMGS=\"+1\"\n[   1.000] > hi\x1a");
		r.nm = 1;
		r.m = calloc(1, sizeof(*r.m));
		r.m[0].name = rr_strdup("pulse");
		r.m[0].units = rr_strdup("s");
		r.m[0].value = 4;
		r.m[0].high = 3;
		r.m[0].has_high = true;
	}
	if (o == RR_ERROR)
		r.trace = rr_strdup("stack traceback:\n\ta.lua:3: in function <a.lua:1>");
	rr_run_add(run, &r);
}

static void sample(struct rr_run *run)
{
	memset(run, 0, sizeof(*run));
	add(run, "a.lua", "passes", RR_PASS, NULL);
	add(run, "a.lua", "fails #tag", RR_FAIL, "values differ\nexpected: \"<a>\"\n  actual: \"b\"");
	add(run, "b.lua", "errors", RR_ERROR, "a.lua:3: attempt to index a nil value");
	add(run, "b.lua", "later", RR_SKIP, "pending");
	run->serial = rr_strdup("SR7-000001");
	run->firmware = rr_strdup("1.0.0");
	run->station = rr_strdup("EOL \"1\"");
	run->rig = rr_strdup("sim");
	run->t_start = 1795000000.25;
	run->t_end = 1795000002.5;
	run->seed = 42;
	run->safe_state = rr_strdup("dc=0 ac=0 bat=0 usb=0 inputs=000000");
}

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

#define HAS(s, x)                                                             \
	do {                                                                  \
		if (!strstr((s), (x)))                                        \
			test_fail_at(__FILE__, __LINE__, "missing: %s", (x)); \
	} while (0)

TEST(junit_structure)
{
	struct rr_run run;
	struct sbuf b;
	sample(&run);
	sb_init(&b);
	report_junit(&run, &b);
	HAS(b.s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	/* the xunit schema's totals on <testsuites>: no skipped, no timestamp */
	HAS(b.s, "<testsuites name=\"relayrig\" tests=\"4\" failures=\"1\" errors=\"1\" time=\"2.250\">");
	assert_true(!strstr(b.s, " skip="));
	/* Ant's required suite attributes, timestamp without a zone */
	HAS(b.s, "<testsuite name=\"a.lua\" package=\"a\" id=\"0\" timestamp=\"2026-11-18T11:06:40\"");
	HAS(b.s, "tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\"");
	HAS(b.s, "<testsuite name=\"b.lua\" package=\"b\" id=\"1\"");
	HAS(b.s, "tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"1\"");
	HAS(b.s, "classname=\"relays &lt;R1&gt; &amp; &quot;R2&quot;\"");
	assert_true(!strstr(b.s, " file=") && !strstr(b.s, " line="));
	HAS(b.s, "<failure message=\"values differ&#10;expected: &quot;&lt;a&gt;&quot;");
	HAS(b.s, "type=\"relayrig.failure\">a.lua:9: values differ");
	HAS(b.s, "<error message=\"a.lua:3: attempt to index a nil value\" type=\"relayrig.error\">");
	HAS(b.s, "&#10;stack traceback:");
	HAS(b.s, "<skipped message=\"pending\"/>");
	/* Ant allows no output in a testcase: measurements in the suite's
	 * system-out, the transcript in the failure text */
	HAS(b.s, "<system-out>fails #tag:");
	HAS(b.s, "  measure pulse = 4 s high=3 FAIL");
	HAS(b.s, "&gt; hi\xEF\xBF\xBD</failure>");
	HAS(b.s, "<system-err/>");
	HAS(b.s, "<property name=\"serial\" value=\"SR7-000001\"/>");
	HAS(b.s, "<property name=\"station\" value=\"EOL &quot;1&quot;\"/>");
	HAS(b.s, "time=\"0.500000\"");
	assert_int_equal(count(b.s, "<testcase "), 4);
	assert_int_equal(count(b.s, "<testsuite "), 2);
	assert_int_equal(count(b.s, "</testsuite>"), 2);
	assert_int_equal(count(b.s, "</testcase>"), 3); /* the pass is self-closed */
	sb_free(&b);
	rr_run_free(&run);
}

TEST(tap_structure)
{
	struct rr_run run;
	struct sbuf b;
	sample(&run);
	sb_init(&b);
	report_tap(&run, &b, 14);
	assert_int_equal(strncmp(b.s, "TAP version 14\n1..4\n", 20), 0);
	HAS(b.s, "\nok 1 - relays <R1> & \"R2\" passes\n");
	HAS(b.s, "\nnot ok 2 - relays <R1> & \"R2\" fails \\#tag\n  ---\n");
	HAS(b.s, "  severity: \"fail\"\n");
	HAS(b.s, "  message: \"values differ\\nexpected: \\\"<a>\\\"\\n  actual: \\\"b\\\"\"\n");
	HAS(b.s, "  at: \"a.lua:9\"\n");
	HAS(b.s, "  transcript: \"[   1.000] > AT+CMGS=\\\"+1\\\"\\n[   1.000] > hi\\u001a\"\n");
	HAS(b.s, "      outcome: fail\n  ...\n");
	HAS(b.s, "\nnot ok 3 - relays <R1> & \"R2\" errors\n");
	HAS(b.s, "  severity: \"error\"\n");
	HAS(b.s, "\nok 4 - relays <R1> & \"R2\" later # SKIP pending\n");
	assert_true(!strstr(b.s, "Bail out!"));
	run.interrupted = true;
	sb_clear(&b);
	report_tap(&run, &b, 13);
	assert_int_equal(strncmp(b.s, "TAP version 13\n1..4\n", 20), 0);
	HAS(b.s, "Bail out! interrupted\n");
	sb_free(&b);
	rr_run_free(&run);
}

TEST(json_record)
{
	struct rr_run run;
	struct sbuf b;
	sample(&run);
	sb_init(&b);
	report_json(&run, &b);
	HAS(b.s, "{\"tool\":\"relayrig\",\"unit\":{\"serial\":\"SR7-000001\",\"firmware\":\"1.0.0\"}");
	HAS(b.s, "\"station\":\"EOL \\\"1\\\"\"");
	HAS(b.s, "\"start\":\"2026-11-18T");
	HAS(b.s, "\"interrupted\":false");
	HAS(b.s, "\"outcome\":\"fail\",\"summary\":{\"passed\":1,\"failed\":1,\"errors\":1,\"skipped\":1");
	HAS(b.s, "\"measurements\":[{\"name\":\"pulse\",\"value\":4,\"low\":null,\"high\":3,\"units\":\"s\",\"outcome\":\"fail\"}]");
	HAS(b.s, "\"outcome\":\"skip\"");
	HAS(b.s, "\"traceback\":\"stack traceback:\\n\\ta.lua:3: in function <a.lua:1>\"");
	HAS(b.s, "\"safe_state\":\"dc=0 ac=0 bat=0 usb=0 inputs=000000\"");
	assert_int_equal(count(b.s, "{\"file\":"), 4);
	sb_free(&b);
	rr_run_free(&run);
}

TEST(iso_time)
{
	char t[40];
	report_iso_time(0.5, t, sizeof(t));
	assert_string_equal(t, "1970-01-01T00:00:00.500Z");
}

/* A cell of a matrix: the matrix is rebuilt from the cells in run order. */
static void add_cell(struct rr_run *run, const char *row, const char *col, const char *cond,
		     enum rr_outcome o)
{
	struct rr_result r;
	struct rr_cell *c = calloc(1, sizeof(*c));
	memset(&r, 0, sizeof(r));
	r.file = rr_strdup("cert.lua");
	r.classname = rr_strdup("Backup");
	r.name = rr_strdup(cond);
	r.outcome = o;
	r.message = o == RR_FAIL ? rr_strdup("deviation") : NULL;
	c->matrix = rr_strdup("M");
	c->row = rr_strdup(row);
	c->row_name = rr_strdup(!strcmp(row, "r1") ? "Relays" : "Alarm");
	c->column = rr_strdup(col);
	c->column_name = rr_strdup(!strcmp(col, "o1") ? "Option 1" : "Option 2");
	c->heads = rr_strdup(!strcmp(col, "o1") ? "BACKUPLIMIT\tDC\n" : "BACKUPLIMIT\tOFF\n");
	c->condition = rr_strdup(cond);
	c->expect = rr_strdup(!strcmp(row, "r1") ? "Limited (NOTE-B)" : "No limitation");
	c->evidence = rr_strdup("seen <it>");
	r.cell = c;
	rr_run_add(run, &r);
}

static void matrix_run(struct rr_run *run)
{
	memset(run, 0, sizeof(*run));
	add_cell(run, "r1", "o1", "DC ok", RR_PASS);
	add_cell(run, "r1", "o1", "DC failed", RR_FAIL);
	add_cell(run, "r2", "o1", "DC ok", RR_PASS);
	add_cell(run, "r1", "o2", "OFF ok", RR_SKIP);
	run->t_start = 1795000000;
	run->t_end = 1795000001;
}

TEST(matrix_from_cells)
{
	struct rr_run run;
	struct sbuf b;
	struct rr_matrix_counts k;

	matrix_run(&run);
	k = report_matrix_counts(&run);
	/* Alarm under "DC failed" and under Option 2 never ran */
	assert_int_equal(k.cells, 6);
	assert_int_equal(k.passed, 2);
	assert_int_equal(k.failed, 1);
	assert_int_equal(k.skipped, 1);
	assert_int_equal(k.not_run, 2);
	sb_init(&b);
	report_matrix_text(&run, &b);
	HAS(b.s, "M\n");
	HAS(b.s, "BACKUPLIMIT DC");
	HAS(b.s, "\nRelays      L ok FAIL      L skip        \n");
	HAS(b.s, "\nAlarm       - ok --        ? --          \n");
	HAS(b.s, "certification matrix: 2 cells passed, 1 failed, 1 skipped, 2 not run\n");
	sb_clear(&b);
	report_matrix_html(&run, &b);
	assert_int_equal(count(b.s, "<details class=\"cell fail\" data-verdict=\"fail\" id=\"cell-0-0-0-1\" open>"), 1);
	assert_int_equal(count(b.s, "<a class=\"mark fail\" data-verdict=\"fail\" href=\"#cell-0-0-0-1\">"), 1);
	assert_int_equal(count(b.s, "<details class=\"cell ok\""), 2);
	assert_int_equal(count(b.s, "<details class=\"cell none\" data-verdict=\"none\""), 2);
	/* the failing cell's evidence comes first */
	assert_true(strstr(b.s, "<details class=\"cell fail\"") < strstr(b.s, "<details class=\"cell ok\""));
	HAS(b.s, "seen &lt;it&gt;");
	sb_free(&b);
	rr_run_free(&run);
}

TEST(html_report_verdict)
{
	struct rr_run run;
	struct sbuf b;

	matrix_run(&run);
	assert_string_equal(rr_verdict(&run), "fail");
	sb_init(&b);
	report_html(&run, &b);
	HAS(b.s, "<div id=\"verdict\" class=\"verdict v-fail\" data-verdict=\"fail\">FAIL</div>");
	HAS(b.s, "data-tests=\"4\" data-passed=\"2\" data-failed=\"1\" data-errors=\"0\" data-skipped=\"1\"");
	assert_true(strstr(b.s, "id=\"failures\"") < strstr(b.s, "id=\"matrix\""));
	assert_true(!strstr(b.s, "<script") && !strstr(b.s, "http"));
	sb_free(&b);
	/* every test passed, but one was skipped: not a PASS */
	run.r[1].outcome = RR_PASS;
	assert_string_equal(rr_verdict(&run), "incomplete");
	run.r[3].outcome = RR_PASS;
	assert_string_equal(rr_verdict(&run), "pass");
	rr_set(&run.partial, "filtered");
	assert_string_equal(rr_verdict(&run), "incomplete");
	run.interrupted = true;
	assert_string_equal(rr_verdict(&run), "interrupted");
	rr_run_free(&run);
}

TEST(partial_names)
{
	char p[256];
	report_partial_path("reports/certification.html", p, sizeof(p));
	assert_string_equal(p, "reports/certification.partial.html");
	report_partial_path("a.b/run", p, sizeof(p));
	assert_string_equal(p, "a.b/run.partial");
	report_partial_path(".hidden", p, sizeof(p));
	assert_string_equal(p, ".hidden.partial");
}

TEST(pic_from_tabs)
{
	struct rr_run run;
	char *card;

	memset(&run, 0, sizeof(run));
	run.unit_tabs = rr_strdup("[security]\nSECURITY=ON\nNUM1=+3701\nNUM2=\nNUM3=+3703\n"
				  "[confirm]\nCALLCONFIRM=CALL\n[backup]\nBACKUPLIMIT=AC\n"
				  "[scheduler]\nTASK2=10:00,*,ONR1\n[info]\nHW=SR7-1.0\nVERSION=1.0.0\n");
	card = report_pic_string(&run);
	assert_true(card);
	HAS(card, "<h2>4. Product Information Card</h2>");
	HAS(card, "Security by numbers list (enabled/disabled)?</td><td class=\"ch\">5.1</td>"
		  "<td class=\"tr\"></td><td class=\"val\">enabled</td>");
	HAS(card, "<td class=\"val\">+3701, +3703</td>");
	HAS(card, "<td class=\"val\">back call</td>");
	HAS(card, "Backup mode limitation (DC/AC/OFF)?</td><td class=\"ch\">17</td><td class=\"tr\"></td>"
		  "<td class=\"val\">AC</td>");
	HAS(card, "<tr><td>2</td><td class=\"val\">10:00,*</td><td class=\"val\">ONR1</td></tr>");
	HAS(card, "<td class=\"val\">SR7-1.0</td>");
	free(card);
	rr_run_free(&run);
}
