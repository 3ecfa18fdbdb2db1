/* json.c - the JSON run record: unit, station, times, every test with
 * outcome, duration, measurements, and failure details. */
#include <math.h>

#include "escape.h"
#include "report.h"

static void num(struct sbuf *b, double v)
{
	if (isfinite(v))
		sb_printf(b, "%.10g", v);
	else
		sb_puts(b, "null");
}

static void key(struct sbuf *b, const char *k, bool comma)
{
	sb_printf(b, "%s\"%s\":", comma ? "," : "", k);
}

static void measure(struct sbuf *b, const struct rr_measure *m)
{
	sb_puts(b, "{\"name\":");
	esc_json_str(b, m->name);
	key(b, "value", true);
	num(b, m->value);
	key(b, "low", true);
	if (m->has_low)
		num(b, m->low);
	else
		sb_puts(b, "null");
	key(b, "high", true);
	if (m->has_high)
		num(b, m->high);
	else
		sb_puts(b, "null");
	key(b, "units", true);
	esc_json_str(b, m->units);
	key(b, "outcome", true);
	sb_puts(b, m->pass ? "\"pass\"}" : "\"fail\"}");
}

static void test(struct sbuf *b, const struct rr_result *r)
{
	sb_puts(b, "{\"file\":");
	esc_json_str(b, r->file);
	key(b, "line", true);
	sb_printf(b, "%d", r->line);
	key(b, "classname", true);
	esc_json_str(b, r->classname);
	key(b, "name", true);
	esc_json_str(b, r->name);
	key(b, "outcome", true);
	esc_json_str(b, rr_outcome_name(r->outcome));
	key(b, "duration", true);
	num(b, r->duration);
	key(b, "message", true);
	esc_json_str(b, r->message);
	key(b, "where", true);
	esc_json_str(b, r->where);
	key(b, "traceback", true);
	esc_json_str(b, r->trace);
	key(b, "transcript", true);
	esc_json_str(b, r->transcript);
	key(b, "measurements", true);
	sb_putc(b, '[');
	for (int i = 0; i < r->nm; i++) {
		if (i)
			sb_putc(b, ',');
		measure(b, &r->m[i]);
	}
	sb_putc(b, ']');
	key(b, "cell", true);
	if (!r->cell) {
		sb_puts(b, "null}");
		return;
	}
	const struct rr_cell *c = r->cell;
	const char *k[] = { "matrix", "row", "row_name", "column", "column_name", "heads",
			    "condition", "expect", "evidence" };
	const char *v[] = { c->matrix, c->row, c->row_name, c->column, c->column_name, c->heads,
			    c->condition, c->expect, c->evidence };
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		sb_puts(b, i ? "," : "{");
		key(b, k[i], false);
		esc_json_str(b, v[i]);
	}
	sb_puts(b, "}}");
}

void report_json(const struct rr_run *run, struct sbuf *b)
{
	struct rr_counts c = rr_count(run, 0, run->n);
	char t[40];

	sb_puts(b, "{\"tool\":\"relayrig\"");
	key(b, "unit", true);
	sb_puts(b, "{\"serial\":");
	esc_json_str(b, run->serial);
	key(b, "firmware", true);
	esc_json_str(b, run->firmware);
	sb_putc(b, '}');
	key(b, "station", true);
	esc_json_str(b, run->station);
	key(b, "operator", true);
	esc_json_str(b, run->operator_name);
	key(b, "hostname", true);
	esc_json_str(b, run->hostname);
	key(b, "verdict", true);
	esc_json_str(b, rr_verdict(run));
	key(b, "partial", true);
	esc_json_str(b, run->partial);
	key(b, "setup_error", true);
	esc_json_str(b, run->setup_error);
	key(b, "unit_tabs", true);
	esc_json_str(b, run->unit_tabs);
	key(b, "unit_note", true);
	esc_json_str(b, run->unit_note);
	key(b, "rig", true);
	esc_json_str(b, run->rig);
	key(b, "seed", true);
	sb_printf(b, "%lu", run->seed);
	report_iso_time(run->t_start, t, sizeof(t));
	key(b, "start", true);
	esc_json_str(b, t);
	report_iso_time(run->t_end, t, sizeof(t));
	key(b, "end", true);
	esc_json_str(b, t);
	key(b, "duration", true);
	num(b, run->t_end - run->t_start);
	key(b, "interrupted", true);
	sb_puts(b, run->interrupted ? "true" : "false");
	key(b, "safe_state", true);
	esc_json_str(b, run->safe_state);
	key(b, "outcome", true);
	sb_puts(b, c.failed || c.errors || run->setup_errors || run->setup_error ||
				   run->interrupted
			   ? "\"fail\""
			   : "\"pass\"");
	key(b, "summary", true);
	sb_printf(b, "{\"passed\":%d,\"failed\":%d,\"errors\":%d,\"skipped\":%d,\"setup_errors\":%d}",
		  c.passed, c.failed, c.errors, c.skipped, run->setup_errors);
	key(b, "not_run_on_this_rig", true);
	report_not_run_json(b, run);
	{
		struct rr_matrix_counts m = report_matrix_counts(run);
		key(b, "matrix", true);
		sb_printf(b, "{\"cells\":%d,\"passed\":%d,\"failed\":%d,\"skipped\":%d,"
			     "\"not_run\":%d}",
			  m.cells, m.passed, m.failed, m.skipped, m.not_run);
	}
	key(b, "tests", true);
	sb_puts(b, "[\n");
	for (int i = 0; i < run->n; i++) {
		if (i)
			sb_puts(b, ",\n");
		test(b, &run->r[i]);
	}
	sb_puts(b, "\n]}\n");
}
