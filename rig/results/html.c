/* html.c - a stored run as one self-contained HTML page: verdict, unit,
 * failures first, every test with its measurements and evidence, and the
 * Product Information Card tabs read from the unit. */
#include "html.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "report.h"

static void td(struct sbuf *b, const char *s)
{
	sb_puts(b, "<td>");
	esc_xml(b, s ? s : "");
	sb_puts(b, "</td>");
}

static void row(struct sbuf *b, const char *k, const char *v)
{
	sb_puts(b, "<tr><th>");
	esc_xml(b, k);
	sb_puts(b, "</th>");
	td(b, v ? v : "-");
	sb_puts(b, "</tr>\n");
}

static void test_row(struct sbuf *b, const struct rr_result *r)
{
	char line[32];
	snprintf(line, sizeof(line), "%d", r->line);
	sb_printf(b, "<tr class=\"%s\">", rr_outcome_name(r->outcome));
	td(b, rr_outcome_name(r->outcome));
	sb_puts(b, "<td>");
	esc_xml(b, r->classname ? r->classname : "");
	sb_puts(b, " ");
	esc_xml(b, r->name);
	sb_puts(b, "<br><small>");
	esc_xml(b, r->file ? r->file : "");
	sb_printf(b, ":%s</small>", line);
	if (r->message) {
		sb_puts(b, "<pre>");
		esc_xml(b, r->message);
		if (r->where) {
			sb_puts(b, "\nat ");
			esc_xml(b, r->where);
		}
		sb_puts(b, "</pre>");
	}
	if (r->transcript) {
		sb_puts(b, "<details><summary>modem transcript</summary><pre>");
		esc_xml(b, r->transcript);
		sb_puts(b, "</pre></details>");
	}
	sb_puts(b, "</td><td>");
	for (int k = 0; k < r->nm; k++) {
		const struct rr_measure *q = &r->m[k];
		char v[160];
		snprintf(v, sizeof(v), "%s%s = %g %s", k ? "<br>" : "", "", q->value, q->units ? q->units : "");
		sb_puts(b, k ? "<br>" : "");
		sb_printf(b, "<span class=\"%s\">", q->pass ? "pass" : "fail");
		esc_xml(b, q->name);
		sb_printf(b, " = %g %s", q->value, q->units ? q->units : "");
		if (q->has_low || q->has_high) {
			sb_puts(b, " [");
			if (q->has_low) sb_printf(b, "%g", q->low);
			sb_puts(b, "..");
			if (q->has_high) sb_printf(b, "%g", q->high);
			sb_puts(b, "]");
		}
		sb_puts(b, "</span>");
	}
	sb_printf(b, "</td><td>%.3f s</td></tr>\n", r->duration);
}

void results_html(const struct rr_run *run, const struct store_meta *m, long long id,
		  struct sbuf *b)
{
	struct rr_counts c = rr_count(run, 0, run->n);
	bool pass = !run->interrupted && !c.failed && !c.errors && !run->setup_errors;
	char t0[40], t1[40], dur[32], num[32];

	report_iso_time(run->t_start, t0, sizeof(t0));
	report_iso_time(run->t_end, t1, sizeof(t1));
	snprintf(dur, sizeof(dur), "%.1f s", run->t_end - run->t_start);
	sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
	sb_printf(b, "<title>relayrig run %lld: %s</title>\n", id, pass ? "PASS" : "FAIL");
	sb_puts(b, "<style>\n"
		"body{font:11pt sans-serif;margin:1.5em;color:#111}\n"
		"h1 .v{padding:0 .4em;color:#fff}.PASS{background:#1a7f37}.FAIL{background:#c62828}\n"
		"table{border-collapse:collapse;margin:.5em 0;width:100%}\n"
		"th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}\n"
		"tr.fail td:first-child,tr.error td:first-child,span.fail{color:#c62828;font-weight:bold}\n"
		"tr.skip{color:#777}pre{white-space:pre-wrap;margin:.3em 0;font-size:9pt}\n"
		"table.meta{width:auto}@page{size:A4;margin:15mm}\n"
		"@media print{details{display:block}body{margin:0}}\n"
		"</style></head><body>\n");
	sb_printf(b, "<h1>Run %lld <span class=\"v %s\">%s</span></h1>\n", id, pass ? "PASS" : "FAIL",
		  run->interrupted ? "INTERRUPTED" : pass ? "PASS" : "FAIL");
	sb_puts(b, "<table class=\"meta\">\n");
	row(b, "Serial", run->serial);
	row(b, "Model", m->model);
	row(b, "Hardware", m->hardware);
	row(b, "Firmware", run->firmware);
	row(b, "Station", run->station);
	row(b, "Operator", m->operator_);
	row(b, "Rig", run->rig);
	row(b, "Started", t0);
	row(b, "Ended", t1);
	row(b, "Duration", dur);
	snprintf(num, sizeof(num), "%lu", run->seed);
	row(b, "Seed", num);
	row(b, "Safe state", run->safe_state);
	snprintf(num, sizeof(num), "%d / %d / %d / %d", c.passed, c.failed, c.errors, c.skipped);
	row(b, "Passed / failed / errors / skipped", num);
	sb_puts(b, "</table>\n");
	if (!pass) {
		sb_puts(b, "<h2>Failures</h2>\n<table><tr><th>outcome</th><th>test</th><th>measurements</th><th>time</th></tr>\n");
		for (int i = 0; i < run->n; i++)
			if (run->r[i].outcome == RR_FAIL || run->r[i].outcome == RR_ERROR)
				test_row(b, &run->r[i]);
		sb_puts(b, "</table>\n");
	}
	sb_puts(b, "<h2>Tests</h2>\n<table><tr><th>outcome</th><th>test</th><th>measurements</th><th>time</th></tr>\n");
	for (int i = 0; i < run->n; i++)
		test_row(b, &run->r[i]);
	sb_puts(b, "</table>\n");
	if (m->card) {
		sb_puts(b, "<h2>Product Information Card</h2>\n<p>The unit's settings as read over USB.</p>\n<pre>");
		esc_xml(b, m->card);
		sb_puts(b, "</pre>\n");
	}
	sb_puts(b, "</body></html>\n");
}
