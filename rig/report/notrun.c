/* notrun.c - what was not certified on this rig and why: the skipped tests
 * whose reason is a capability the rig lacks ("needs temp: the ftdi rig
 * cannot set temperature readings", or one --without left out), grouped by
 * that reason, for the console summary, the JSON record and the JUnit
 * suites' properties. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"

bool report_not_run(const struct rr_result *r)
{
	return r->outcome == RR_SKIP && r->message && !strncmp(r->message, "needs ", 6);
}

int report_not_run_groups(const struct rr_run *run, struct not_run_group **out)
{
	return report_not_run_groups_in(run, 0, run->n, out);
}

int report_not_run_groups_in(const struct rr_run *run, int from, int to,
			     struct not_run_group **out)
{
	struct not_run_group *g = NULL;
	int n = 0;

	*out = NULL;
	for (int i = from; i < to; i++) {
		const struct rr_result *r = &run->r[i];
		int k;
		if (!report_not_run(r))
			continue;
		for (k = 0; k < n && strcmp(g[k].reason, r->message); k++)
			;
		if (k == n) {
			struct not_run_group *v = realloc(g, (size_t)(n + 1) * sizeof(*g));
			if (!v)
				break;
			g = v;
			g[n].reason = r->message;
			g[n].first = i;
			g[n].count = 0;
			n++;
		}
		g[k].count++;
	}
	*out = g;
	return n;
}

void report_not_run_console(FILE *f, const struct rr_run *run)
{
	struct not_run_group *g;
	int n = report_not_run_groups(run, &g);

	if (n > 0) {
		int total = 0;
		for (int k = 0; k < n; k++)
			total += g[k].count;
		fprintf(f, "not run on this rig: %d test%s\n", total, total == 1 ? "" : "s");
		for (int k = 0; k < n; k++)
			fprintf(f, "  %4d  %s\n", g[k].count, g[k].reason);
	}
	free(g);
}

void report_not_run_json(struct sbuf *b, const struct rr_run *run)
{
	struct not_run_group *g;
	int n = report_not_run_groups(run, &g);

	sb_putc(b, '[');
	for (int k = 0; k < n; k++) {
		sb_puts(b, k ? ",{\"reason\":" : "{\"reason\":");
		esc_json_str(b, g[k].reason);
		sb_printf(b, ",\"count\":%d,\"tests\":[", g[k].count);
		for (int i = g[k].first, m = 0; i < run->n; i++) {
			const struct rr_result *r = &run->r[i];
			if (!report_not_run(r) || strcmp(r->message, g[k].reason))
				continue;
			sb_puts(b, m++ ? ",{\"file\":" : "{\"file\":");
			esc_json_str(b, r->file);
			sb_printf(b, ",\"line\":%d,\"name\":", r->line);
			esc_json_str(b, r->name);
			sb_putc(b, '}');
		}
		sb_puts(b, "]}");
	}
	sb_putc(b, ']');
	free(g);
}

/* In a JUnit suite's <properties> (both schemas take any number of
 * name/value pairs; Jenkins keeps them with the suite): not_run_on_this_rig
 * = how many of the suite's tests, then per reason, in run order,
 * not_run_on_this_rig.K.reason and not_run_on_this_rig.K.count (K from 1).
 * Each of those tests is also a <testcase> with <skipped message=reason>. */
void report_not_run_junit(struct sbuf *b, const struct rr_run *run, int from, int to)
{
	struct not_run_group *g;
	int n = report_not_run_groups_in(run, from, to, &g), total = 0;

	for (int k = 0; k < n; k++)
		total += g[k].count;
	if (n > 0)
		sb_printf(b, "      <property name=\"not_run_on_this_rig\" value=\"%d\"/>\n", total);
	for (int k = 0; k < n; k++) {
		sb_printf(b, "      <property name=\"not_run_on_this_rig.%d.reason\" value=\"", k + 1);
		esc_xml(b, g[k].reason);
		sb_printf(b, "\"/>\n      <property name=\"not_run_on_this_rig.%d.count\" value=\"%d\"/>\n",
			  k + 1, g[k].count);
	}
	free(g);
}
