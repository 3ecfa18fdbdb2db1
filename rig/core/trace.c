/*
 * trace.c - `relayrig --trace`: which tests name each testable statement.
 *
 * The statements are read from a Markdown file (fixtures/statements.md by
 * default): every table row whose first cell is an ID (`S01`, or a table
 * cell `T.<row>.<column>`) is a statement, its last cell the statement's
 * text. The test files are collected as for --list (nothing runs, no unit
 * is started) and each tag of a test that looks like an ID is matched
 * against the list. Exit status: 0 every statement traced, 1 a statement
 * untraced or a tag naming no statement, 2 a setup error.
 */
#include "trace.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "runner.h"
#include "sbuf.h"

struct stmt {
	char *id, *text;
	struct sbuf tests; /* one "path:line: name" line per test */
	int ntests;
};

struct trace {
	struct stmt *v;
	int n, cap;
	struct sbuf unknown; /* tags naming no statement */
	int nunknown, ntagged;
	bool oom;
};

/* S followed by digits, or T.<word>.<word>. */
static bool trace_is_id(const char *s, size_t n)
{
	size_t i, dots = 0;

	if (n >= 2 && s[0] == 'S') {
		for (i = 1; i < n; i++)
			if (!isdigit((unsigned char)s[i]))
				return false;
		return true;
	}
	if (n < 5 || s[0] != 'T' || s[1] != '.')
		return false;
	for (i = 2; i < n; i++) {
		if (s[i] == '.') {
			if (s[i - 1] == '.' || i + 1 == n)
				return false;
			dots++;
		} else if (!isalnum((unsigned char)s[i]) && s[i] != '_') {
			return false;
		}
	}
	return dots == 1;
}

static char *trimmed(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *r = malloc(n + 1);
	if (r) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

static struct stmt *find(struct trace *t, const char *id, size_t n)
{
	for (int i = 0; i < t->n; i++)
		if (strlen(t->v[i].id) == n && !memcmp(t->v[i].id, id, n))
			return &t->v[i];
	return NULL;
}

/* One line of the statements file; 0, or -1 with a message in err. */
static int parse_line(struct trace *t, const char *line, char *err, size_t errlen)
{
	const char *cell[16];
	size_t len[16];
	int nc = 0;
	const char *p = line;

	while (*p == ' ')
		p++;
	if (*p != '|')
		return 0;
	/* cells between the bars */
	for (p++; *p && *p != '\n' && nc < 16;) {
		const char *e = strchr(p, '|');
		if (!e)
			break;
		cell[nc] = p;
		len[nc++] = (size_t)(e - p);
		p = e + 1;
	}
	if (nc < 2)
		return 0;
	char *id = trimmed(cell[0], len[0]);
	if (!id)
		return -1;
	if (!trace_is_id(id, strlen(id))) {
		free(id);
		return 0;
	}
	if (find(t, id, strlen(id))) {
		snprintf(err, errlen, "statement %s is listed twice", id);
		free(id);
		return -1;
	}
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 128;
		struct stmt *v = realloc(t->v, (size_t)cap * sizeof(*v));
		if (!v) {
			free(id);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		t->v = v;
		t->cap = cap;
	}
	struct stmt *s = &t->v[t->n++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->text = trimmed(cell[nc - 1], len[nc - 1]);
	sb_init(&s->tests);
	return s->text ? 0 : -1;
}

static int load_statements(struct trace *t, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int lineno = 0;

	if (!f) {
		snprintf(err, errlen, "cannot read the statement list %s: %s", path,
			 strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char msg[256] = "out of memory";
		lineno++;
		if (parse_line(t, line, msg, sizeof(msg)) < 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	if (t->n == 0) {
		snprintf(err, errlen, "%s: no statement IDs found (table rows starting "
				      "with | S01 | or | T.<row>.<column> |)",
			 path);
		return -1;
	}
	return 0;
}

static void seen(void *arg, const char *path, int line, const char *name, const char *tags)
{
	struct trace *t = arg;
	const char *p = tags;
	bool tagged = false;

	while (*p) {
		while (*p == ' ' || *p == '#')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		size_t n = (size_t)(e - p);
		if (n && trace_is_id(p, n)) {
			struct stmt *s = find(t, p, n);
			tagged = true;
			if (s) {
				sb_printf(&s->tests, "%s:%d: %s\n", path, line, name);
				s->ntests++;
			} else {
				sb_printf(&t->unknown, "%s:%d: #%.*s names no statement\n", path,
					  line, (int)n, p);
				t->nunknown++;
			}
		}
		p = e;
	}
	t->ntagged += tagged;
}

/* Print the report; returns the number of untraced statements. */
static int print_report(const struct trace *t, FILE *out)
{
	int traced = 0;
	bool any_untraced = false;

	for (int i = 0; i < t->n; i++) {
		const struct stmt *s = &t->v[i];
		fprintf(out, "%-24s %s\n", s->id, s->text);
		if (s->ntests) {
			traced++;
			for (const char *l = s->tests.s; *l;) {
				const char *e = strchr(l, '\n');
				fprintf(out, "    %.*s\n", (int)(e - l), l);
				l = e + 1;
			}
		} else {
			fprintf(out, "    UNTRACED: no test names %s\n", s->id);
		}
	}
	fputc('\n', out);
	for (int i = 0; i < t->n; i++)
		if (!t->v[i].ntests) {
			fprintf(out, "%s %s", any_untraced ? "" : "untraced:", t->v[i].id);
			any_untraced = true;
		}
	if (any_untraced)
		fputc('\n', out);
	if (t->nunknown)
		fputs(t->unknown.s, out);
	fprintf(out, "trace: %d statements, %d traced, %d untraced; %d tests name "
		     "statements; %d tag%s naming no statement\n",
		t->n, traced, t->n - traced, t->ntagged, t->nunknown,
		t->nunknown == 1 ? "" : "s");
	return t->n - traced;
}

int trace_main(struct rr_ctx *c, const char *statements, char **files, int nfiles)
{
	struct trace t;
	char err[512];
	int status = 0;

	memset(&t, 0, sizeof(t));
	sb_init(&t.unknown);
	if (load_statements(&t, statements, err, sizeof(err)) < 0) {
		rr_error("%s", err);
		status = 2;
		goto done;
	}
	for (int i = 0; i < nfiles; i++)
		if (runner_collect(c, files[i], seen, &t) < 0)
			status = 2;
	int untraced = print_report(&t, stdout);
	fflush(stdout);
	if (status == 0 && (untraced || t.nunknown))
		status = 1;
done:
	for (int i = 0; i < t.n; i++) {
		free(t.v[i].id);
		free(t.v[i].text);
		sb_free(&t.v[i].tests);
	}
	free(t.v);
	sb_free(&t.unknown);
	return status;
}

int trace_statement_list(const char *path, char ***ids, char ***texts, int *n, char *err,
			 size_t errlen)
{
	struct trace t;

	memset(&t, 0, sizeof(t));
	sb_init(&t.unknown);
	*ids = *texts = NULL;
	*n = 0;
	if (load_statements(&t, path, err, errlen) < 0 ||
	    !(*ids = calloc((size_t)t.n, sizeof(char *))) ||
	    !(*texts = calloc((size_t)t.n, sizeof(char *)))) {
		for (int i = 0; i < t.n; i++) {
			free(t.v[i].id);
			free(t.v[i].text);
			sb_free(&t.v[i].tests);
		}
		free(*ids);
		*ids = NULL;
		free(t.v);
		sb_free(&t.unknown);
		return -1;
	}
	for (int i = 0; i < t.n; i++) {
		(*ids)[i] = t.v[i].id;
		(*texts)[i] = t.v[i].text;
		sb_free(&t.v[i].tests);
	}
	*n = t.n;
	free(t.v);
	sb_free(&t.unknown);
	return 0;
}
