/* matrix.c - the certification matrix in the layout of the guide's table,
 * rebuilt from the cells the tests recorded (rig.cell): one table per
 * matrix title, rows and columns in the order they first ran, each column
 * showing one verdict per concrete condition it stands for. The verdict of
 * a cell is its test's outcome. Rendered as text (console, .txt) and as
 * an HTML fragment (the integrator report), every cell with its evidence. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"

#define MX_ROWS 32
#define MX_COLS 32
#define MX_CONDS 16

struct mx_col {
	const struct rr_cell *first; /* names and header rows */
	const char *cond[MX_CONDS];
	int ncond;
	const struct rr_result *hit[MX_ROWS][MX_CONDS]; /* the last run of each cell */
};

struct mx {
	const char *title;
	const struct rr_cell *row[MX_ROWS];
	int nrow;
	struct mx_col col[MX_COLS];
	int ncol;
};

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Matrices of the run, in order. Returns how many (at most max). */
static int layout(const struct rr_run *run, struct mx *m, int max)
{
	int n = 0;

	for (int i = 0; i < run->n; i++) {
		const struct rr_cell *c = run->r[i].cell;
		struct mx *x = NULL;
		int k;

		if (!c)
			continue;
		for (k = 0; k < n; k++)
			if (same(m[k].title, c->matrix))
				x = &m[k];
		if (!x) {
			if (n == max)
				continue;
			x = &m[n++];
			memset(x, 0, sizeof(*x));
			x->title = c->matrix;
		}
		int r, d;
		for (r = 0; r < x->nrow && !same(x->row[r]->row, c->row); r++)
			;
		if (r == x->nrow) {
			if (r == MX_ROWS)
				continue;
			x->row[x->nrow++] = c;
		}
		for (k = 0; k < x->ncol && !same(x->col[k].first->column, c->column); k++)
			;
		if (k == x->ncol) {
			if (k == MX_COLS)
				continue;
			x->col[x->ncol++].first = c;
		}
		struct mx_col *col = &x->col[k];
		for (d = 0; d < col->ncond && !same(col->cond[d], c->condition); d++)
			;
		if (d == col->ncond) {
			if (d == MX_CONDS)
				continue;
			col->cond[col->ncond++] = c->condition;
		}
		col->hit[r][d] = &run->r[i]; /* the last run of a cell counts */
	}
	return n;
}

#define find(x, r, c, d) ((x)->col[c].hit[r][d])

static const char *mark(const struct rr_result *r)
{
	if (!r)
		return "--";
	switch (r->outcome) {
	case RR_PASS: return "ok";
	case RR_SKIP: return "skip";
	default: return "FAIL";
	}
}

static const char *cls(const struct rr_result *r)
{
	if (!r)
		return "none";
	switch (r->outcome) {
	case RR_PASS: return "ok";
	case RR_SKIP: return "skip";
	default: return "fail";
	}
}

static bool limited(const char *expect)
{
	return expect && (expect[0] == 'L' || expect[0] == 'l');
}

/* Value of the header row label in heads ("label\tvalue\n"...). */
static void head_value(const char *heads, const char *label, struct sbuf *out)
{
	size_t ll = strlen(label);

	for (const char *p = heads; p && *p;) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
		if (!tab || !nl)
			return;
		if ((size_t)(tab - p) == ll && !strncmp(p, label, ll)) {
			sb_putn(out, tab + 1, (size_t)(nl - tab - 1));
			return;
		}
		p = nl + 1;
	}
}

/* The header row labels of a matrix, in order, as "label\n"... */
static void head_labels(const struct mx *x, struct sbuf *out)
{
	for (int c = 0; c < x->ncol; c++) {
		for (const char *p = x->col[c].first->heads; p && *p;) {
			const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
			if (!tab || !nl)
				break;
			bool seen = false;
			for (const char *q = out->s; q && *q;) {
				const char *e = strchr(q, '\n');
				if ((size_t)(e - q) == (size_t)(tab - p) && !strncmp(q, p, (size_t)(tab - p)))
					seen = true;
				q = e + 1;
			}
			if (!seen) {
				sb_putn(out, p, (size_t)(tab - p));
				sb_putc(out, '\n');
			}
			p = nl + 1;
		}
	}
}

struct rr_matrix_counts report_matrix_counts(const struct rr_run *run)
{
	struct rr_matrix_counts k = { 0, 0, 0, 0, 0 };
	struct mx *m = calloc(8, sizeof(*m));
	int n;

	if (!m)
		return k;
	n = layout(run, m, 8);
	for (int i = 0; i < n; i++)
		for (int r = 0; r < m[i].nrow; r++)
			for (int c = 0; c < m[i].ncol; c++)
				for (int d = 0; d < m[i].col[c].ncond; d++) {
					const struct rr_result *x = find(&m[i], r, c, d);
					k.cells++;
					if (!x)
						k.not_run++;
					else if (x->outcome == RR_PASS)
						k.passed++;
					else if (x->outcome == RR_SKIP)
						k.skipped++;
					else
						k.failed++;
				}
	free(m);
	return k;
}

/* ---- one walk, two layouts ----
 * walk() lays the run out and visits every matrix in the same order for
 * both renderings: the matrix opens (title, column names), one row per
 * header label with the value of each column, the rule between the header
 * and the body, one row per table row with each column's cell, and the
 * matrix closes. A layout says how each of these is written. */

struct mx_emit {
	struct sbuf *b;
	int i; /* the matrix's index in the run */
	const struct mx *x;
	const struct sbuf *labels; /* head_labels() */
	struct sbuf v;             /* scratch for the cell being written */
	size_t L, W;               /* text: width of the row names and of a column */
};

struct mx_layout {
	void (*open)(struct mx_emit *e);
	/* A header row: the label as in the headers (p, n), and as a string. */
	void (*head_row)(struct mx_emit *e, const char *p, size_t n, const char *label);
	void (*head_cell)(struct mx_emit *e, const struct sbuf *value);
	void (*rule)(struct mx_emit *e); /* between the header and the body */
	void (*row)(struct mx_emit *e, int r);
	void (*cell)(struct mx_emit *e, int r, int c);
	void (*row_end)(struct mx_emit *e);
	void (*close)(struct mx_emit *e);
	/* After every matrix, when there was at least one. */
	void (*done)(const struct rr_run *run, struct sbuf *b);
};

static void walk(const struct rr_run *run, struct sbuf *b, const struct mx_layout *lo)
{
	struct mx *m = calloc(8, sizeof(*m));
	int n;

	if (!m)
		return;
	n = layout(run, m, 8);
	for (int i = 0; i < n; i++) {
		const struct mx *x = &m[i];
		struct sbuf labels;
		struct mx_emit e = { b, i, x, &labels, { 0 }, 0, 0 };
		struct sbuf value;

		sb_init(&labels);
		sb_init(&e.v);
		sb_init(&value);
		head_labels(x, &labels);
		lo->open(&e);
		for (const char *p = labels.s; *p; p = strchr(p, '\n') + 1) {
			size_t ln = (size_t)(strchr(p, '\n') - p);
			char lab[256];
			snprintf(lab, sizeof(lab), "%.*s", (int)ln, p);
			lo->head_row(&e, p, ln, lab);
			for (int c = 0; c < x->ncol; c++) {
				sb_clear(&value);
				head_value(x->col[c].first->heads, lab, &value);
				lo->head_cell(&e, &value);
			}
			lo->row_end(&e);
		}
		lo->rule(&e);
		for (int r = 0; r < x->nrow; r++) {
			lo->row(&e, r);
			for (int c = 0; c < x->ncol; c++)
				lo->cell(&e, r, c);
			lo->row_end(&e);
		}
		lo->close(&e);
		sb_free(&labels);
		sb_free(&e.v);
		sb_free(&value);
	}
	if (n && lo->done)
		lo->done(run, b);
	free(m);
}

static const char *colname(const struct mx_col *c)
{
	return c->first->column_name ? c->first->column_name : c->first->column;
}

static const char *rowname(const struct rr_cell *c)
{
	return c->row_name ? c->row_name : c->row;
}

/* ---- text ---- */

static void pad(struct sbuf *b, const char *s, size_t n, size_t w)
{
	sb_putn(b, s, n > w ? w : n);
	for (size_t i = n; i < w; i++)
		sb_putc(b, ' ');
}

static void t_line(struct mx_emit *e)
{
	for (size_t k = 0; k < e->L + (e->W + 1) * (size_t)e->x->ncol; k++)
		sb_putc(e->b, '-');
	sb_putc(e->b, '\n');
}

static void t_open(struct mx_emit *e)
{
	const struct mx *x = e->x;

	e->L = 0;
	e->W = 14;
	for (int r = 0; r < x->nrow; r++)
		if (strlen(rowname(x->row[r])) > e->L)
			e->L = strlen(rowname(x->row[r]));
	for (const char *p = e->labels->s; *p; p = strchr(p, '\n') + 1)
		if ((size_t)(strchr(p, '\n') - p) > e->L)
			e->L = (size_t)(strchr(p, '\n') - p);
	for (int c = 0; c < x->ncol; c++) {
		size_t w = strlen(colname(&x->col[c])) + 2;
		if ((size_t)(2 + 5 * x->col[c].ncond) > w)
			w = (size_t)(2 + 5 * x->col[c].ncond);
		if (w > e->W)
			e->W = w;
	}
	sb_printf(e->b, "%s%s\n", e->i ? "\n" : "", x->title);
	pad(e->b, "", 0, e->L);
	for (int c = 0; c < x->ncol; c++) {
		const char *nm = colname(&x->col[c]);
		sb_putc(e->b, ' ');
		pad(e->b, nm, strlen(nm), e->W);
	}
	sb_putc(e->b, '\n');
}

static void t_head_row(struct mx_emit *e, const char *p, size_t n, const char *label)
{
	(void)label;
	pad(e->b, p, n, e->L);
}

static void t_head_cell(struct mx_emit *e, const struct sbuf *value)
{
	sb_putc(e->b, ' ');
	pad(e->b, value->s, value->len, e->W);
}

static void t_row(struct mx_emit *e, int r)
{
	const char *nm = rowname(e->x->row[r]);

	pad(e->b, nm, strlen(nm), e->L);
}

static void t_cell(struct mx_emit *e, int r, int c)
{
	const struct rr_result *any = NULL;

	sb_clear(&e->v);
	for (int d = 0; d < e->x->col[c].ncond; d++) {
		const struct rr_result *res = find(e->x, r, c, d);
		if (res)
			any = res;
		sb_printf(&e->v, " %s", mark(res));
	}
	sb_putc(e->b, ' ');
	sb_puts(e->b, any && limited(any->cell->expect) ? "L" : any ? "-"
								    : "?");
	pad(e->b, e->v.s, e->v.len, e->W - 1);
}

static void t_row_end(struct mx_emit *e)
{
	sb_putc(e->b, '\n');
}

static void t_done(const struct rr_run *run, struct sbuf *b)
{
	struct rr_matrix_counts k = report_matrix_counts(run);

	sb_puts(b, "\nL = limited per the table, - = no limitation; one verdict per "
		   "concrete condition (ok, FAIL, skip, -- not run)\n");
	sb_printf(b, "certification matrix: %d cells passed, %d failed, %d skipped, %d not run\n",
		  k.passed, k.failed, k.skipped, k.not_run);
}

static const struct mx_layout text_layout = {
	.open = t_open,
	.head_row = t_head_row,
	.head_cell = t_head_cell,
	.rule = t_line,
	.row = t_row,
	.cell = t_cell,
	.row_end = t_row_end,
	.close = t_line,
	.done = t_done,
};

void report_matrix_text(const struct rr_run *run, struct sbuf *b)
{
	walk(run, b, &text_layout);
}

/* ---- HTML ---- */

static void h(struct sbuf *b, const char *s)
{
	esc_xml(b, s ? s : "");
}

/* One cell's evidence, folded unless it failed; id "cell-M-R-C-D". */
static void evidence(struct sbuf *b, int i, const struct mx *x, int r, int c, int d)
{
	const struct rr_result *res = find(x, r, c, d);
	bool bad = res && (res->outcome == RR_FAIL || res->outcome == RR_ERROR);

	sb_printf(b, "<details class=\"cell %s\" data-verdict=\"%s\" id=\"cell-%d-%d-%d-%d\"%s>"
		     "<summary>",
		  cls(res), cls(res), i, r, c, d, bad ? " open" : "");
	h(b, rowname(x->row[r]));
	sb_puts(b, " | ");
	h(b, colname(&x->col[c]));
	sb_puts(b, " | ");
	h(b, x->col[c].cond[d]);
	sb_printf(b, ": <b>%s</b></summary>", mark(res));
	sb_puts(b, "<pre>");
	if (!res) {
		sb_puts(b, "not run");
	} else {
		if (res->cell->expect) {
			sb_puts(b, "the table says: ");
			h(b, res->cell->expect);
			sb_puts(b, "\n");
		}
		if (bad && res->message && !(res->cell->evidence && !strcmp(res->message, res->cell->evidence))) {
			h(b, res->message);
			sb_puts(b, "\n");
		}
		if (res->cell->evidence)
			h(b, res->cell->evidence);
		else if (res->outcome == RR_SKIP && res->message)
			h(b, res->message);
		else if (!bad)
			sb_puts(b, "(no evidence recorded)");
	}
	sb_puts(b, "</pre></details>\n");
}

static void h_open(struct mx_emit *e)
{
	struct sbuf *b = e->b;

	sb_puts(b, "<h3>");
	h(b, e->x->title);
	sb_puts(b, "</h3>\n<table class=\"matrix\">\n<thead><tr><th></th>");
	for (int c = 0; c < e->x->ncol; c++) {
		sb_puts(b, "<th>");
		h(b, colname(&e->x->col[c]));
		sb_puts(b, "</th>");
	}
	sb_puts(b, "</tr>\n");
}

static void h_head_row(struct mx_emit *e, const char *p, size_t n, const char *label)
{
	(void)p;
	(void)n;
	sb_puts(e->b, "<tr class=\"head\"><th>");
	h(e->b, label);
	sb_puts(e->b, "</th>");
}

static void h_head_cell(struct mx_emit *e, const struct sbuf *value)
{
	sb_puts(e->b, "<td>");
	h(e->b, value->s);
	sb_puts(e->b, "</td>");
}

static void h_rule(struct mx_emit *e)
{
	sb_puts(e->b, "</thead>\n<tbody>\n");
}

static void h_row(struct mx_emit *e, int r)
{
	sb_puts(e->b, "<tr><th>");
	h(e->b, rowname(e->x->row[r]));
	sb_puts(e->b, "</th>");
}

static void h_cell(struct mx_emit *e, int r, int c)
{
	const struct mx *x = e->x;
	struct sbuf *b = e->b;
	const struct rr_result *any = NULL;

	for (int d = 0; d < x->col[c].ncond && !any; d++)
		any = find(x, r, c, d);
	sb_printf(b, "<td class=\"%s\">", any && limited(any->cell->expect) ? "limited" : "nolimit");
	sb_puts(b, "<div class=\"expect\">");
	h(b, any && any->cell->expect ? any->cell->expect : "");
	sb_puts(b, "</div>");
	for (int d = 0; d < x->col[c].ncond; d++) {
		const struct rr_result *res = find(x, r, c, d);
		sb_printf(b, "<a class=\"mark %s\" data-verdict=\"%s\" "
			     "href=\"#cell-%d-%d-%d-%d\">",
			  cls(res), cls(res), e->i, r, c, d);
		h(b, x->col[c].cond[d]);
		sb_printf(b, ": <b>%s</b></a>", mark(res));
	}
	sb_puts(b, "</td>");
}

static void h_row_end(struct mx_emit *e)
{
	sb_puts(e->b, "</tr>\n");
}

static void h_close(struct mx_emit *e)
{
	const struct mx *x = e->x;
	struct sbuf *b = e->b;

	sb_puts(b, "</tbody></table>\n<h4>Evidence, cell by cell (");
	h(b, x->title);
	sb_puts(b, ")</h4>\n<div class=\"evidence\">\n");
	/* failing cells first, then every cell in the table's order */
	for (int pass = 0; pass < 2; pass++)
		for (int r = 0; r < x->nrow; r++)
			for (int c = 0; c < x->ncol; c++)
				for (int d = 0; d < x->col[c].ncond; d++) {
					const struct rr_result *res = find(x, r, c, d);
					bool bad = res && (res->outcome == RR_FAIL ||
							   res->outcome == RR_ERROR);
					if (bad == (pass == 0))
						evidence(b, e->i, x, r, c, d);
				}
	sb_puts(b, "</div>\n");
}

static const struct mx_layout html_layout = {
	.open = h_open,
	.head_row = h_head_row,
	.head_cell = h_head_cell,
	.rule = h_rule,
	.row = h_row,
	.cell = h_cell,
	.row_end = h_row_end,
	.close = h_close,
	.done = NULL,
};

void report_matrix_html(const struct rr_run *run, struct sbuf *b)
{
	walk(run, b, &html_layout);
}
