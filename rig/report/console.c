/* console.c - what a person watching the run sees. On a terminal one
 * line per test as it ends (verdict, time, name; colour unless NO_COLOR);
 * elsewhere one line per file. Failures are detailed at the end, and the last line is
 * always "N passed, N failed, N skipped" (errors count as failed). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *col(const struct console *k, const char *c)
{
	return k->color ? c : "";
}

void console_init(struct console *k, FILE *out, FILE *sumout, bool color_allowed)
{
	const char *nc = getenv("NO_COLOR");

	memset(k, 0, sizeof(*k));
	k->out = out;
	k->sumout = sumout;
	k->tty = isatty(fileno(out));
	k->color = color_allowed && k->tty && !(nc && *nc);
}

static void progress(struct console *k, const char *file)
{
	fprintf(k->out, "\r\033[K%s%d passed%s, %s%d failed%s, %d skipped  %s",
		col(k, GREEN), k->c.passed, col(k, RESET),
		col(k, k->c.failed + k->c.errors ? RED : ""), k->c.failed + k->c.errors,
		col(k, RESET), k->c.skipped, file ? file : "");
	fflush(k->out);
}

void console_result(struct console *k, const struct rr_result *r)
{
	switch (r->outcome) {
	case RR_PASS: k->c.passed++; break;
	case RR_FAIL: k->c.failed++; break;
	case RR_ERROR: k->c.errors++; break;
	case RR_SKIP: k->c.skipped++; break;
	}
	k->done++;
	if (k->tap) {
		struct sbuf b;
		sb_init(&b);
		report_tap_result(&b, k->done, r);
		if (fwrite(b.s, 1, b.len, k->tap) != b.len || fflush(k->tap))
			k->tap_failed = true;
		sb_free(&b);
	}
	if (k->tty && !k->tap) {
		static const char *const verdict[] = { "PASS", "FAIL", "ERROR", "SKIP" };
		const char *c = r->outcome == RR_PASS ? GREEN : r->outcome == RR_SKIP ? YELLOW
										      : RED;
		fprintf(k->out, "%s%-5s%s %8.3f s  %s:%d: %s%s%s%s%s\n", col(k, c),
			verdict[r->outcome], col(k, RESET), r->duration, r->file, r->line,
			r->classname && *r->classname ? r->classname : "",
			r->classname && *r->classname ? " " : "", r->name ? r->name : "",
			r->outcome == RR_SKIP && r->message ? ": " : "",
			r->outcome == RR_SKIP && r->message ? r->message : "");
		fflush(k->out);
	} else {
		if (r->outcome == RR_FAIL || r->outcome == RR_ERROR) {
			if (k->tty)
				fputs("\r\033[K", k->out);
			fprintf(k->out, "%s%s%s %s:%d: %s %s\n", col(k, RED),
				r->outcome == RR_FAIL ? "FAIL" : "ERROR", col(k, RESET), r->file,
				r->line, r->classname ? r->classname : "", r->name ? r->name : "");
		}
		if (k->tty && ((k->done & 63) == 0 || r->outcome != RR_PASS))
			progress(k, r->file);
	}
	if (k->on_result)
		k->on_result(k->on_result_arg, r);
}

void console_file_done(struct console *k, const char *file, struct rr_counts fc)
{
	k->files_done++;
	if (k->tty && k->tap)
		progress(k, file);
	else
		fprintf(k->out, "%s: %d passed, %d failed, %d skipped\n", file, fc.passed,
			fc.failed + fc.errors, fc.skipped);
	if (k->on_file_done)
		k->on_file_done();
}

static void indent(FILE *f, const char *text, const char *pre)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);
		fprintf(f, "%s%.*s\n", pre, n, p);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void detail(struct console *k, int nr, const struct rr_result *r)
{
	FILE *f = k->out;

	fprintf(f, "\n%s%d) %s%s %s%s\n", col(k, BOLD), nr,
		r->outcome == RR_FAIL ? "FAIL " : "ERROR ",
		r->classname ? r->classname : "", r->name ? r->name : "", col(k, RESET));
	if (r->line > 0)
		fprintf(f, "   %s:%d\n", r->file, r->line);
	else
		fprintf(f, "   %s\n", r->file);
	if (r->where && !(r->message && !strncmp(r->message, r->where, strlen(r->where))))
		fprintf(f, "   at %s\n", r->where);
	indent(f, r->message ? r->message : "", "   ");
	if (r->trace)
		indent(f, r->trace, "   ");
	if (r->transcript) {
		fprintf(f, "   modem transcript (last lines):\n");
		indent(f, r->transcript, "     ");
	}
}

void console_summary(struct console *k, const struct rr_run *run)
{
	struct rr_counts c = rr_count(run, 0, run->n);
	int nr = 0;

	if (k->tty)
		fputs("\r\033[K", k->out);
	for (int i = 0; i < run->n; i++)
		if (run->r[i].outcome == RR_FAIL || run->r[i].outcome == RR_ERROR)
			detail(k, ++nr, &run->r[i]);
	if (nr)
		fputc('\n', k->out);
	fflush(k->out);
	report_not_run_console(k->sumout, run);
	fprintf(k->sumout, "%s%d failures, %d errors, %d files, %.3f s, seed %lu%s%s\n",
		run->interrupted ? "INTERRUPTED: " : "", c.failed, c.errors,
		k->files_done, run->t_end - run->t_start, run->seed,
		run->firmware ? ", firmware " : "", run->firmware ? run->firmware : "");
	fprintf(k->sumout, "%s%d passed%s, %s%d failed%s, %s%d skipped%s\n",
		col(k, c.passed ? GREEN : ""), c.passed, col(k, RESET),
		col(k, c.failed + c.errors ? RED : ""), c.failed + c.errors, col(k, RESET),
		col(k, c.skipped ? YELLOW : ""), c.skipped, col(k, RESET));
	fflush(k->sumout);
}
