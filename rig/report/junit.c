/* junit.c - JUnit XML as Jenkins and GitLab read it: one <testsuite> per
 * test file, counts with "skipped" (not "skip"), <failure message=...>
 * with the full text, <error> for Lua errors, <system-out> with the
 * transcript excerpt and measurements. */
#include <string.h>

#include "escape.h"
#include "report.h"

static void attr(struct sbuf *b, const char *name, const char *v)
{
	sb_printf(b, " %s=\"", name);
	esc_xml(b, v ? v : "");
	sb_putc(b, '"');
}

static void counts(struct sbuf *b, struct rr_counts c, double time)
{
	sb_printf(b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\"",
		  c.passed + c.failed + c.errors + c.skipped, c.failed, c.errors, c.skipped,
		  time);
}

static void measures(struct sbuf *b, const struct rr_result *r)
{
	for (int i = 0; i < r->nm; i++) {
		const struct rr_measure *m = &r->m[i];
		sb_puts(b, "measure ");
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

/* The full failure text: where, message, traceback. */
static void full_text(struct sbuf *t, const struct rr_result *r)
{
	if (r->where && !(r->message && !strncmp(r->message, r->where, strlen(r->where))))
		sb_printf(t, "%s: ", r->where);
	sb_puts(t, r->message ? r->message : "");
	if (r->trace)
		sb_printf(t, "\n%s", r->trace);
}

static void testcase(struct sbuf *b, const struct rr_result *r)
{
	struct sbuf t;

	sb_puts(b, "    <testcase");
	attr(b, "classname", r->classname);
	attr(b, "name", r->name);
	attr(b, "file", r->file);
	sb_printf(b, " line=\"%d\" time=\"%.6f\"", r->line, r->duration);
	if (r->outcome == RR_PASS && !r->nm) {
		sb_puts(b, "/>\n");
		return;
	}
	sb_puts(b, ">\n");
	sb_init(&t);
	full_text(&t, r);
	if (r->outcome == RR_FAIL || r->outcome == RR_ERROR) {
		const char *tag = r->outcome == RR_FAIL ? "failure" : "error";
		sb_printf(b, "      <%s", tag);
		attr(b, "message", t.s);
		attr(b, "type", tag);
		sb_puts(b, ">");
		esc_xml(b, t.s);
		sb_printf(b, "</%s>\n", tag);
	} else if (r->outcome == RR_SKIP) {
		sb_puts(b, "      <skipped");
		attr(b, "message", r->message);
		sb_puts(b, "/>\n");
	}
	sb_free(&t);
	if (r->transcript || r->nm) {
		sb_puts(b, "      <system-out>");
		measures(b, r);
		if (r->transcript) {
			sb_puts(b, "modem transcript (last lines):\n");
			esc_xml(b, r->transcript);
		}
		sb_puts(b, "</system-out>\n");
	}
	sb_puts(b, "    </testcase>\n");
}

void report_junit(const struct rr_run *run, struct sbuf *b)
{
	char ts[40];
	double total = 0;

	report_iso_time(run->t_start, ts, sizeof(ts));
	for (int i = 0; i < run->n; i++)
		total += run->r[i].duration;
	sb_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	attr(b, "name", "relayrig");
	counts(b, rr_count(run, 0, run->n), run->t_end > run->t_start ? run->t_end - run->t_start : total);
	attr(b, "timestamp", ts);
	sb_puts(b, ">\n");
	for (int i = 0; i < run->n;) {
		int j = i;
		double t = 0;
		while (j < run->n && !strcmp(run->r[j].file, run->r[i].file))
			t += run->r[j++].duration;
		sb_puts(b, "  <testsuite");
		attr(b, "name", run->r[i].file);
		counts(b, rr_count(run, i, j), t);
		attr(b, "timestamp", ts);
		sb_puts(b, ">\n    <properties>\n");
		static const char *const keys[] = { "serial", "firmware", "station", "rig" };
		const char *vals[] = { run->serial, run->firmware, run->station, run->rig };
		for (int k = 0; k < 4; k++) {
			sb_puts(b, "      <property");
			attr(b, "name", keys[k]);
			attr(b, "value", vals[k]);
			sb_puts(b, "/>\n");
		}
		sb_printf(b, "      <property name=\"seed\" value=\"%lu\"/>\n", run->seed);
		sb_puts(b, "    </properties>\n");
		for (; i < j; i++)
			testcase(b, &run->r[i]);
		sb_puts(b, "  </testsuite>\n");
	}
	sb_puts(b, "</testsuites>\n");
}
