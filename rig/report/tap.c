/* tap.c - TAP version 13 (what Debian's prove reads) or 14: one line per
 * test, a YAML block (JSON-style quoted scalars, which YAML reads as-is)
 * under failures and measurements. A finished run is rendered with its
 * plan first; a streamed run (the console's --tap) gets the plan last,
 * which both versions allow. */
#include <string.h>

#include "escape.h"
#include "report.h"

/* Test description: no '#' (it starts a directive), single line (esc_tap). */
static void desc(struct sbuf *b, const struct rr_result *r)
{
	const char *parts[2] = { r->classname, r->name };

	for (int k = 0; k < 2; k++) {
		if (!parts[k] || (k == 0 && !strcmp(parts[0], r->file)))
			continue;
		if (k && b->len && b->s[b->len - 1] != ' ')
			sb_putc(b, ' ');
		esc_tap(b, parts[k]);
	}
}

static void yaml_kv(struct sbuf *b, const char *k, const char *v)
{
	if (!v)
		return;
	sb_printf(b, "  %s: ", k);
	esc_json_str(b, v);
	sb_putc(b, '\n');
}

void report_tap_head(struct sbuf *b, int version)
{
	sb_printf(b, "TAP version %d\n", version == 14 ? 14 : 13);
}

void report_tap_tail(struct sbuf *b, int n, bool interrupted)
{
	sb_printf(b, "1..%d\n", n);
	if (interrupted)
		sb_puts(b, "Bail out! interrupted\n");
}

void report_tap(const struct rr_run *run, struct sbuf *b, int version)
{
	report_tap_head(b, version);
	sb_printf(b, "1..%d\n", run->n);
	for (int i = 0; i < run->n; i++)
		report_tap_result(b, i + 1, &run->r[i]);
	if (run->interrupted)
		sb_puts(b, "Bail out! interrupted\n");
}

void report_tap_result(struct sbuf *b, int num, const struct rr_result *r)
{
	struct sbuf d;
	bool bad = r->outcome == RR_FAIL || r->outcome == RR_ERROR;

	sb_init(&d);
	desc(&d, r);
	sb_printf(b, "%s %d - %s", bad ? "not ok" : "ok", num, d.s);
	sb_free(&d);
	if (r->outcome == RR_SKIP) {
		sb_puts(b, " # SKIP ");
		esc_tap(b, r->message);
	}
	sb_putc(b, '\n');
	if (!bad && !r->nm)
		return;
	sb_puts(b, "  ---\n");
	if (bad) {
		yaml_kv(b, "severity", r->outcome == RR_FAIL ? "fail" : "error");
		yaml_kv(b, "message", r->message);
		yaml_kv(b, "at", r->where);
		yaml_kv(b, "traceback", r->trace);
		yaml_kv(b, "transcript", r->transcript);
	}
	sb_printf(b, "  duration_ms: %.3f\n", r->duration * 1000.0);
	if (r->nm) {
		sb_puts(b, "  measurements:\n");
		for (int k = 0; k < r->nm; k++) {
			const struct rr_measure *m = &r->m[k];
			sb_puts(b, "    - name: ");
			esc_json_str(b, m->name);
			sb_printf(b, "\n      value: %.10g\n", m->value);
			if (m->has_low)
				sb_printf(b, "      low: %.10g\n", m->low);
			if (m->has_high)
				sb_printf(b, "      high: %.10g\n", m->high);
			if (m->units) {
				sb_puts(b, "      units: ");
				esc_json_str(b, m->units);
				sb_putc(b, '\n');
			}
			sb_printf(b, "      outcome: %s\n", m->pass ? "pass" : "fail");
		}
	}
	sb_puts(b, "  ...\n");
}
