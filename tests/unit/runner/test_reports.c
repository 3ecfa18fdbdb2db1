/* test_reports.c - JUnit, TAP and JSON writers on a run with every
 * outcome and awkward text. */
#include <stdlib.h>

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

#define HAS(s, x)                                                            \
	do {                                                                 \
		if (!strstr((s), (x)))                                       \
			test_fail_at(__FILE__, __LINE__, "missing: %s", (x));   \
	} while (0)

TEST(junit_structure)
{
	struct rr_run run;
	struct sbuf b;
	sample(&run);
	sb_init(&b);
	report_junit(&run, &b);
	HAS(b.s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	HAS(b.s, "<testsuites name=\"relayrig\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\"");
	assert_true(!strstr(b.s, " skip="));
	HAS(b.s, "<testsuite name=\"a.lua\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\"");
	HAS(b.s, "<testsuite name=\"b.lua\" tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"1\"");
	HAS(b.s, "classname=\"relays &lt;R1&gt; &amp; &quot;R2&quot;\"");
	HAS(b.s, "<failure message=\"a.lua:9: values differ&#10;expected: &quot;&lt;a&gt;&quot;");
	HAS(b.s, "<error message=\"a.lua:3: attempt to index a nil value&#10;stack traceback:");
	HAS(b.s, "<skipped message=\"pending\"/>");
	HAS(b.s, "<system-out>measure pulse = 4 s high=3 FAIL");
	HAS(b.s, "&gt; hi\xEF\xBF\xBD</system-out>");
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
