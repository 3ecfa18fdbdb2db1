/* html.c - the integrator report: one self-contained HTML file (inline CSS,
 * no scripts, no network, prints on A4). Header with the verdict and the
 * unit's identity, the failures first, the certification matrix with every
 * cell's evidence, the other checks (the notes under the table), the
 * measurements with their limits, the statements traced, and the Product
 * Information Card. Rendered from the run record only, so the results
 * database can regenerate it. Elements the CI browser check reads carry
 * ids and data- attributes (verdict, counts, cells). */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "escape.h"
#include "report.h"

static void h(struct sbuf *b, const char *s)
{
	esc_xml(b, s ? s : "");
}

static const char css[] =
	"@page{size:A4;margin:14mm 12mm}"
	"body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#111;margin:0 auto;max-width:190mm}"
	"h1{font-size:16pt;margin:0 0 4pt}h2{font-size:13pt;border-bottom:1px solid #999;margin:14pt 0 6pt;break-after:avoid}"
	"h3{font-size:11pt;margin:10pt 0 4pt;break-after:avoid}"
	"table{border-collapse:collapse;width:100%;margin:4pt 0}"
	"td,th{border:1px solid #999;padding:2pt 4pt;vertical-align:top;text-align:left}"
	"th{background:#eee}tr{break-inside:avoid}"
	"table.id th{width:32%}"
	".verdict{font-size:18pt;font-weight:bold;padding:6pt 10pt;border:2px solid;display:inline-block;margin:4pt 0}"
	".v-pass{color:#0a5d0a;background:#d8f5d8}.v-fail{color:#8b0000;background:#fbd5d5}"
	".v-incomplete,.v-interrupted{color:#7a4d00;background:#fdebc8}"
	".banner{border:2px solid #b36b00;background:#fdebc8;padding:4pt 8pt;margin:4pt 0;font-weight:bold}"
	"pre{white-space:pre-wrap;word-break:break-word;font-size:8pt;background:#f6f6f6;padding:3pt;margin:2pt 0}"
	"table.matrix{font-size:7.5pt;table-layout:fixed}table.matrix td,table.matrix th{padding:1pt 2pt;overflow-wrap:anywhere}"
	"td.limited .expect{font-weight:bold}"
	"a.mark{display:block;color:inherit;text-decoration:none;border-left:4pt solid #ccc;"
	"padding-left:2pt;margin:1pt 0}"
	"a.ok{border-color:#2e9b2e}a.fail{border-color:#c00;background:#fbd5d5}"
	"a.skip{border-color:#c90;background:#fdf3dc}a.none{border-color:#bbb;color:#777}"
	"h4{font-size:10pt;margin:8pt 0 3pt}"
	"details.cell{margin:1pt 0;border-left:4pt solid #ccc;padding-left:3pt;break-inside:avoid}"
	"details.cell summary{cursor:pointer}"
	"details.ok{border-color:#2e9b2e}details.fail{border-color:#c00;background:#fbd5d5}"
	"details.skip{border-color:#c90}details.none{border-color:#bbb;color:#777}"
	"tr.fail td,tr.error td{background:#fbd5d5}tr.skip td{background:#fdf3dc}"
	".failure{border:1px solid #c00;padding:3pt 6pt;margin:4pt 0;break-inside:avoid}"
	".muted{color:#666}"
	"@media print{details>summary{list-style:none}details.fail pre{display:block}body{max-width:none}}";

static void row(struct sbuf *b, const char *k, const char *v, const char *id)
{
	sb_puts(b, "<tr><th>");
	h(b, k);
	sb_puts(b, "</th><td");
	if (id)
		sb_printf(b, " id=\"%s\"", id);
	sb_puts(b, ">");
	if (v && *v)
		h(b, v);
	else
		sb_puts(b, "<span class=\"muted\">not recorded</span>");
	sb_puts(b, "</td></tr>\n");
}

static bool bad(const struct rr_result *r)
{
	return r->outcome == RR_FAIL || r->outcome == RR_ERROR;
}

static void test_name(struct sbuf *b, const struct rr_result *r)
{
	if (r->classname && strcmp(r->classname, r->file)) {
		h(b, r->classname);
		sb_puts(b, " &#8250; ");
	}
	h(b, r->name);
}

static void failures(struct sbuf *b, const struct rr_run *run)
{
	int n = 0;

	for (int i = 0; i < run->n; i++)
		n += bad(&run->r[i]);
	if (!n && !run->setup_error)
		return;
	sb_printf(b, "<section id=\"failures\" data-count=\"%d\"><h2>Failures (%d)</h2>\n", n, n);
	if (run->setup_error) {
		sb_puts(b, "<div class=\"failure\"><b>Setup error</b><pre>");
		h(b, run->setup_error);
		sb_puts(b, "</pre></div>\n");
	}
	for (int i = 0; i < run->n; i++) {
		const struct rr_result *r = &run->r[i];
		if (!bad(r))
			continue;
		sb_printf(b, "<div class=\"failure\" data-outcome=\"%s\"><b>%s</b> ",
			  rr_outcome_name(r->outcome), r->outcome == RR_FAIL ? "FAIL" : "ERROR");
		test_name(b, r);
		sb_puts(b, "<br><span class=\"muted\">");
		h(b, r->file);
		sb_printf(b, ":%d</span><pre>", r->line);
		if (r->where && !(r->message && !strncmp(r->message, r->where, strlen(r->where)))) {
			h(b, r->where);
			sb_puts(b, ": ");
		}
		h(b, r->message);
		if (r->trace) {
			sb_puts(b, "\n");
			h(b, r->trace);
		}
		sb_puts(b, "</pre>");
		if (r->transcript) {
			sb_puts(b, "<details><summary>modem transcript (last lines)</summary><pre>");
			h(b, r->transcript);
			sb_puts(b, "</pre></details>");
		}
		sb_puts(b, "</div>\n");
	}
	sb_puts(b, "</section>\n");
}

/* Tests that recorded no cell: the notes' checks and any other test,
 * grouped by their describe path in run order. */
static void checks(struct sbuf *b, const struct rr_run *run)
{
	int n = 0;

	for (int i = 0; i < run->n; i++)
		n += !run->r[i].cell;
	if (!n)
		return;
	sb_printf(b, "<section id=\"checks\" data-count=\"%d\"><h2>Checks outside the matrix (%d)</h2>\n"
		     "<p class=\"muted\">Every test that is not a matrix cell: the notes under the table "
		     "and any other test of the run, grouped by suite.</p>\n",
		  n, n);
	const char *group = NULL;
	for (int i = 0; i < run->n; i++) {
		const struct rr_result *r = &run->r[i];
		if (r->cell)
			continue;
		if (!group || strcmp(group, r->classname ? r->classname : r->file)) {
			if (group)
				sb_puts(b, "</tbody></table>\n");
			group = r->classname ? r->classname : r->file;
			sb_puts(b, "<h3>");
			h(b, group);
			sb_puts(b, " <span class=\"muted\">(");
			h(b, r->file);
			sb_puts(b, ")</span></h3>\n<table class=\"checks\"><thead><tr><th>Check</th>"
				   "<th style=\"width:14%\">Result</th><th style=\"width:12%\">Time</th>"
				   "</tr></thead><tbody>\n");
		}
		sb_printf(b, "<tr class=\"%s\" data-outcome=\"%s\"><td>", rr_outcome_name(r->outcome),
			  rr_outcome_name(r->outcome));
		h(b, r->name);
		if (r->outcome == RR_SKIP && r->message) {
			sb_puts(b, "<br><span class=\"muted\">");
			h(b, r->message);
			sb_puts(b, "</span>");
		}
		sb_printf(b, "</td><td>%s</td><td>%.3f s</td></tr>\n",
			  r->outcome == RR_PASS ? "pass" : r->outcome == RR_SKIP ? "skipped"
						   : r->outcome == RR_FAIL       ? "FAIL"
										 : "ERROR",
			  r->duration);
	}
	sb_puts(b, "</tbody></table>\n</section>\n");
}

static void num(struct sbuf *b, bool has, double v)
{
	if (has)
		sb_printf(b, "%.6g", v);
	else
		sb_puts(b, "&#8212;");
}

static void measurements(struct sbuf *b, const struct rr_run *run)
{
	int n = 0;

	for (int i = 0; i < run->n; i++)
		n += run->r[i].nm;
	sb_printf(b, "<section id=\"measurements\" data-count=\"%d\"><h2>Measurements (%d)</h2>\n",
		  n, n);
	if (!n) {
		sb_puts(b, "<p class=\"muted\">No test recorded a measurement.</p></section>\n");
		return;
	}
	sb_puts(b, "<table><thead><tr><th>Measurement</th><th>Value</th><th>Low limit</th>"
		   "<th>High limit</th><th>Units</th><th>Result</th><th>Test</th></tr></thead><tbody>\n");
	for (int i = 0; i < run->n; i++) {
		const struct rr_result *r = &run->r[i];
		for (int k = 0; k < r->nm; k++) {
			const struct rr_measure *m = &r->m[k];
			sb_printf(b, "<tr class=\"%s\"><td>", m->pass ? "pass" : "fail");
			h(b, m->name);
			sb_puts(b, "</td><td>");
			num(b, true, m->value);
			sb_puts(b, "</td><td>");
			num(b, m->has_low, m->low);
			sb_puts(b, "</td><td>");
			num(b, m->has_high, m->high);
			sb_puts(b, "</td><td>");
			h(b, m->units);
			sb_printf(b, "</td><td>%s</td><td>", m->pass ? "pass" : "FAIL");
			h(b, r->name);
			sb_puts(b, "</td></tr>\n");
		}
	}
	sb_puts(b, "</tbody></table></section>\n");
}

/* Does the test name carry the tag #id (followed by a space or the end)? */
static bool names(const char *name, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = name ? strchr(name, '#') : NULL; p; p = strchr(p + 1, '#'))
		if (!strncmp(p + 1, id, n) && (p[1 + n] == '\0' || p[1 + n] == ' '))
			return true;
	return false;
}

static void traceability(struct sbuf *b, const struct rr_run *run)
{
	int checked = 0, failed = 0;

	if (!run->nstmt)
		return;
	for (int s = 0; s < run->nstmt; s++) {
		bool any = false, fail = false;
		for (int i = 0; i < run->n; i++)
			if (names(run->r[i].name, run->stmt_id[s])) {
				any = true;
				fail |= bad(&run->r[i]);
			}
		checked += any;
		failed += fail;
	}
	sb_printf(b, "<section id=\"trace\" data-statements=\"%d\" data-checked=\"%d\" "
		     "data-failed=\"%d\"><h2>Statement traceability</h2>\n<p>%d statements; "
		     "%d checked by this run (%d with a failing test), %d not checked by this run. "
		     "A test names the statements it checks in its name (#S51).</p>\n"
		     "<table><thead><tr><th style=\"width:9%%\">ID</th><th>Statement</th>"
		     "<th style=\"width:38%%\">Tests in this run</th></tr></thead><tbody>\n",
		  run->nstmt, checked, failed, run->nstmt, checked, failed, run->nstmt - checked);
	for (int s = 0; s < run->nstmt; s++) {
		struct sbuf t;
		int np = 0, nf = 0, ns = 0;
		sb_init(&t);
		for (int i = 0; i < run->n; i++) {
			const struct rr_result *r = &run->r[i];
			if (!names(r->name, run->stmt_id[s]))
				continue;
			if (bad(r)) {
				nf++;
				sb_puts(&t, "<b>FAIL</b> ");
				h(&t, r->name);
				sb_puts(&t, "<br>");
			} else if (r->outcome == RR_SKIP) {
				ns++;
			} else {
				np++;
			}
		}
		sb_printf(b, "<tr class=\"%s\"><td>", nf ? "fail" : np ? "pass"
								       : "skip");
		h(b, run->stmt_id[s]);
		sb_puts(b, "</td><td>");
		h(b, run->stmt_text[s]);
		sb_puts(b, "</td><td>");
		if (!np && !nf && !ns)
			sb_puts(b, "<span class=\"muted\">not checked by this run</span>");
		else
			sb_printf(b, "%s%d passed, %d failed, %d skipped", t.s, np, nf, ns);
		sb_puts(b, "</td></tr>\n");
		sb_free(&t);
	}
	sb_puts(b, "</tbody></table></section>\n");
}

static const char *verdict_text(const char *v)
{
	if (!strcmp(v, "pass"))
		return "PASS";
	if (!strcmp(v, "fail"))
		return "FAIL";
	if (!strcmp(v, "interrupted"))
		return "INTERRUPTED";
	return "INCOMPLETE";
}

void report_html(const struct rr_run *run, struct sbuf *b)
{
	struct rr_counts c = rr_count(run, 0, run->n);
	struct rr_matrix_counts mc = report_matrix_counts(run);
	const char *v = rr_verdict(run);
	char t0[40], t1[40], buf[128], hw[64], fw[64], model[160], seed[32], dur[32];

	report_iso_time(run->t_start, t0, sizeof(t0));
	report_iso_time(run->t_end, t1, sizeof(t1));
	snprintf(seed, sizeof(seed), "%lu", run->seed);
	snprintf(dur, sizeof(dur), "%.3f s", run->t_end - run->t_start);
	if (!rr_unit_value(run, "info", "HW", hw, sizeof(hw)))
		hw[0] = '\0';
	if (!rr_unit_value(run, "info", "VERSION", fw, sizeof(fw)))
		snprintf(fw, sizeof(fw), "%s", run->firmware ? run->firmware : "");
	if (rr_unit_value(run, "info", "ACSENSOR", buf, sizeof(buf)))
		snprintf(model, sizeof(model), "iSocket Smart Relay%s%s, %s AC voltage sensor",
			 hw[0] ? " " : "", hw, !strcmp(buf, "YES") ? "with" : "without");
	else
		model[0] = '\0';

	sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		   "<meta name=\"generator\" content=\"relayrig " RR_VERSION "\">\n<title>");
	sb_printf(b, "%s: ", verdict_text(v));
	h(b, run->serial ? run->serial : "unit");
	sb_puts(b, " - relayrig test report</title>\n<style>");
	sb_puts(b, css);
	sb_puts(b, "</style></head>\n<body>\n<header>\n<h1>iSocket Smart Relay: test report</h1>\n");
	sb_printf(b, "<div id=\"verdict\" class=\"verdict v-%s\" data-verdict=\"%s\">%s</div>\n", v, v,
		  verdict_text(v));
	if (run->partial) {
		sb_puts(b, "<div id=\"partial\" class=\"banner\">Partial run, not a full certification: ");
		h(b, run->partial);
		sb_puts(b, "</div>\n");
	}
	if (run->interrupted)
		sb_puts(b, "<div id=\"interrupted\" class=\"banner\">Interrupted: the run was stopped by "
			   "a signal; the results below are those recorded before it stopped.</div>\n");
	sb_printf(b, "<p id=\"counts\" data-tests=\"%d\" data-passed=\"%d\" data-failed=\"%d\" "
		     "data-errors=\"%d\" data-skipped=\"%d\">%d tests: %d passed, %d failed, %d errors, "
		     "%d skipped%s</p>\n",
		  run->n, c.passed, c.failed, c.errors, c.skipped, run->n,
		  c.passed, c.failed, c.errors, c.skipped,
		  run->setup_errors ? " (and setup errors)" : "");
	sb_puts(b, "<table class=\"id\">\n");
	row(b, "Unit serial", run->serial, "serial");
	row(b, "Model", model, "model");
	row(b, "Hardware version", hw, "hw");
	row(b, "Firmware version", fw, "firmware");
	row(b, "Station", run->station, "station");
	row(b, "Operator", run->operator_name, "operator");
	row(b, "Rig", run->rig, "rig");
	row(b, "Host", run->hostname, NULL);
	row(b, "Date (UTC)", t0, "date");
	row(b, "Finished (UTC)", t1, NULL);
	row(b, "Duration", dur, "duration");
	row(b, "Seed", seed, "seed");
	row(b, "Rig after the run", run->safe_state, NULL);
	sb_puts(b, "</table>\n</header>\n");

	failures(b, run);
	if (mc.cells) {
		sb_printf(b, "<section id=\"matrix\" data-cells=\"%d\" data-passed=\"%d\" "
			     "data-failed=\"%d\" data-skipped=\"%d\" data-not-run=\"%d\">\n"
			     "<h2>Certification matrix</h2>\n<p>%d cells: %d passed, %d failed, %d skipped, "
			     "%d not run. Each column shows one verdict per concrete condition it stands "
			     "for; each cell links to its evidence below the table (failing cells first and "
			     "open, passing cells folded).</p>\n",
			  mc.cells, mc.passed, mc.failed, mc.skipped, mc.not_run, mc.cells, mc.passed,
			  mc.failed, mc.skipped, mc.not_run);
		report_matrix_html(run, b);
		sb_puts(b, "</section>\n");
	}
	checks(b, run);
	measurements(b, run);
	traceability(b, run);
	sb_puts(b, "<section id=\"pic\">\n");
	if (run->unit_tabs) {
		report_pic_html(run, b, false);
	} else {
		sb_puts(b, "<h2>Product Information Card</h2><p class=\"muted\">The unit's settings "
			   "were not read: ");
		h(b, run->unit_note ? run->unit_note : "no unit");
		sb_puts(b, ".</p>\n");
	}
	sb_puts(b, "</section>\n<footer class=\"muted\"><p>relayrig " RR_VERSION
		   "; this file is self-contained and prints on A4.</p></footer>\n</body></html>\n");
}

int report_html_file(const struct rr_run *run, FILE *f)
{
	struct sbuf b;
	int rc = RR_OK;

	sb_init(&b);
	report_html(run, &b);
	if (!sb_ok(&b))
		rc = RR_ERR_NOMEM;
	else if (fwrite(b.s, 1, b.len, f) != b.len || fflush(f))
		rc = RR_ERR_IO;
	sb_free(&b);
	return rc;
}
