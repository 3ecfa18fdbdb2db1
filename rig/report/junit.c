/* junit.c - JUnit XML that both published schemas accept below the root:
 * the schema of Jenkins' xunit plugin (junit-10.xsd) and the Ant JUnit
 * schema (tests/schema/ has our own encodings of both).
 *
 * One <testsuite> per test file, with package, id, name, timestamp (UTC,
 * no zone: Ant's pattern), hostname, the counts (skipped too) and time;
 * <properties> first (serial, firmware, station, ..., and the suite's
 * tests not run on this rig, grouped by reason: notrun.c); each <testcase>
 * has only name, classname and time, and at most one of <failure>,
 * <error>, <skipped>; the suite's <system-out> carries the measurements
 * and modem transcripts (Ant allows no output inside a testcase), and an
 * empty <system-err> closes it. The root differs: report_junit gives
 * <testsuites> the totals (xunit), report_junit_ant a bare <testsuites>
 * (Ant forbids attributes there; xunit accepts it too). */
#include <string.h>
#include <time.h>

#include "escape.h"
#include "report.h"

static void attr(struct sbuf *b, const char *name, const char *v)
{
	sb_printf(b, " %s=\"", name);
	esc_xml(b, v ? v : "");
	sb_putc(b, '"');
}

static void measures(struct sbuf *b, const struct rr_result *r)
{
	for (int i = 0; i < r->nm; i++) {
		const struct rr_measure *m = &r->m[i];
		sb_puts(b, "  measure ");
		esc_xml(b, m->name);
		sb_printf(b, " = %.10g", m->value);
		if (m->units) {
			sb_putc(b, ' ');
			esc_xml(b, m->units);
		}
		if (m->has_low)
			sb_printf(b, " low=%.10g", m->low);
		if (m->has_high)
			sb_printf(b, " high=%.10g", m->high);
		sb_printf(b, " %s\n", m->pass ? "PASS" : "FAIL");
	}
}

/* The full failure text: where, message, traceback, transcript. */
static void full_text(struct sbuf *t, const struct rr_result *r)
{
	if (r->where && !(r->message && !strncmp(r->message, r->where, strlen(r->where))))
		sb_printf(t, "%s: ", r->where);
	sb_puts(t, r->message ? r->message : "");
	if (r->trace)
		sb_printf(t, "\n%s", r->trace);
	if (r->transcript)
		sb_printf(t, "\nmodem transcript (last lines):\n%s", r->transcript);
}

static void testcase(struct sbuf *b, const struct rr_result *r)
{
	sb_puts(b, "    <testcase");
	attr(b, "name", r->name && *r->name ? r->name : "(unnamed)");
	attr(b, "classname", r->classname && *r->classname ? r->classname : r->file);
	sb_printf(b, " time=\"%.6f\"", r->duration > 0 ? r->duration : 0.0);
	if (r->outcome == RR_PASS) {
		sb_puts(b, "/>\n");
		return;
	}
	sb_puts(b, ">\n");
	if (r->outcome == RR_FAIL || r->outcome == RR_ERROR) {
		const char *tag = r->outcome == RR_FAIL ? "failure" : "error";
		struct sbuf t;
		sb_init(&t);
		full_text(&t, r);
		sb_printf(b, "      <%s", tag);
		attr(b, "message", r->message ? r->message : tag);
		attr(b, "type", r->outcome == RR_FAIL ? "relayrig.failure" : "relayrig.error");
		sb_puts(b, ">");
		esc_xml(b, t.s);
		sb_printf(b, "</%s>\n", tag);
		sb_free(&t);
	} else {
		sb_puts(b, "      <skipped");
		attr(b, "message", r->message ? r->message : "skipped");
		sb_puts(b, "/>\n");
	}
	sb_puts(b, "    </testcase>\n");
}

/* Ant's timestamp: UTC without a zone or fraction. */
static void ant_time(double t, char *buf, size_t len)
{
	time_t s = (time_t)t;
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* "tests/certify/notes.lua" -> "tests.certify.notes" */
static void package(struct sbuf *b, const char *file)
{
	size_t n = strlen(file);
	struct sbuf p;

	if (n > 4 && !strcmp(file + n - 4, ".lua"))
		n -= 4;
	while (n && (*file == '.' || *file == '/'))
		file++, n--;
	sb_init(&p);
	for (size_t i = 0; i < n; i++)
		sb_putc(&p, file[i] == '/' || file[i] == ' ' ? '.' : file[i]);
	attr(b, "package", p.len ? p.s : "relayrig");
	sb_free(&p);
}

static void property(struct sbuf *b, const char *name, const char *v)
{
	sb_puts(b, "      <property");
	attr(b, "name", name);
	attr(b, "value", v);
	sb_puts(b, "/>\n");
}

static void suite(struct sbuf *b, const struct rr_run *run, int id, int from, int to,
		  const char *ts)
{
	struct rr_counts c = rr_count(run, from, to);
	char seed[32], hw[64], v[64];
	double t = 0;
	bool out = false;

	for (int i = from; i < to; i++)
		t += run->r[i].duration;
	sb_puts(b, "  <testsuite");
	attr(b, "name", run->r[from].file);
	package(b, run->r[from].file);
	sb_printf(b, " id=\"%d\"", id);
	attr(b, "timestamp", ts);
	attr(b, "hostname", run->hostname && *run->hostname ? run->hostname : "localhost");
	sb_printf(b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
		  to - from, c.failed, c.errors, c.skipped, t);
	sb_puts(b, "    <properties>\n");
	snprintf(seed, sizeof(seed), "%lu", run->seed);
	property(b, "serial", run->serial);
	property(b, "firmware", run->firmware);
	if (rr_unit_value(run, "info", "HW", hw, sizeof(hw)))
		property(b, "hardware", hw);
	property(b, "station", run->station);
	property(b, "operator", run->operator_name);
	property(b, "rig", run->rig);
	property(b, "seed", seed);
	snprintf(v, sizeof(v), "%s", rr_verdict(run));
	property(b, "verdict", v);
	if (run->partial)
		property(b, "partial", run->partial);
	if (run->interrupted)
		property(b, "interrupted", "true");
	report_not_run_junit(b, run, from, to);
	sb_puts(b, "    </properties>\n");
	for (int i = from; i < to; i++)
		testcase(b, &run->r[i]);
	for (int i = from; i < to; i++) {
		const struct rr_result *r = &run->r[i];
		if (!r->nm)
			continue;
		if (!out)
			sb_puts(b, "    <system-out>");
		out = true;
		esc_xml(b, r->name);
		sb_puts(b, ":\n");
		measures(b, r);
	}
	sb_puts(b, out ? "</system-out>\n" : "    <system-out/>\n");
	sb_puts(b, "    <system-err/>\n  </testsuite>\n");
}

static void junit(const struct rr_run *run, struct sbuf *b, bool ant)
{
	struct rr_counts c = rr_count(run, 0, run->n);
	char ts[40];
	double total = 0;
	int id = 0;

	ant_time(run->t_start, ts, sizeof(ts));
	for (int i = 0; i < run->n; i++)
		total += run->r[i].duration;
	sb_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	if (!ant) {
		attr(b, "name", "relayrig");
		sb_printf(b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\"",
			  run->n + (run->setup_error ? 1 : 0), c.failed,
			  c.errors + (run->setup_error ? 1 : 0),
			  run->t_end > run->t_start ? run->t_end - run->t_start : total);
	}
	sb_puts(b, ">\n");
	for (int i = 0; i < run->n;) {
		int j = i;
		while (j < run->n && !strcmp(run->r[j].file, run->r[i].file))
			j++;
		suite(b, run, id++, i, j, ts);
		i = j;
	}
	if (run->setup_error) {
		/* a run that could not start: one errored test names the reason */
		sb_printf(b, "  <testsuite name=\"relayrig setup\" package=\"relayrig\" id=\"%d\"", id);
		attr(b, "timestamp", ts);
		attr(b, "hostname", run->hostname && *run->hostname ? run->hostname : "localhost");
		sb_puts(b, " tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0.000\">\n"
			   "    <properties/>\n    <testcase name=\"setup\" classname=\"relayrig\" "
			   "time=\"0\">\n      <error");
		attr(b, "message", run->setup_error);
		sb_puts(b, " type=\"relayrig.setup\">");
		esc_xml(b, run->setup_error);
		sb_puts(b, "</error>\n    </testcase>\n    <system-out/>\n    <system-err/>\n"
			   "  </testsuite>\n");
	}
	sb_puts(b, "</testsuites>\n");
}

void report_junit(const struct rr_run *run, struct sbuf *b)
{
	junit(run, b, false);
}

void report_junit_ant(const struct rr_run *run, struct sbuf *b)
{
	junit(run, b, true);
}
