/* reports.c - the run's report files: setup and checks, partial names,
 * atomic writes, and the snapshot a second stop signal writes out. */
#define LOG_PREFIX ""
#include "reports.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "err.h"
#include "guard.h"
#include "log.h"

int reports_setup(struct reports *R, const struct rr_opts *o, char *err, size_t errlen)
{
	const struct {
		const char *opt, *path;
		void (*render)(const struct rr_run *, struct sbuf *);
	} all[] = {
		{ "--junit", o->junit, report_junit },
		{ "--junit-ant", o->junit_ant, report_junit_ant },
		{ "--json", o->json, report_json },
		{ "--html", o->html, report_html },
		{ "--matrix", o->matrix, report_matrix_text },
	};
	char why[1024], part[4096];

	memset(R, 0, sizeof(*R));
	R->tap = o->tap;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (!all[i].path)
			continue;
		for (int k = 0; k < R->n; k++)
			if (!strcmp(R->f[k].path, all[i].path)) {
				snprintf(err, errlen, "%s and %s name the same file %s", R->f[k].opt,
					 all[i].opt, all[i].path);
				return -1;
			}
		if (report_check_path(all[i].path, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s: %s", all[i].opt, why);
			return -1;
		}
		report_partial_path(all[i].path, part, sizeof(part));
		if (report_check_path(part, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s: %s", all[i].opt, why);
			return -1;
		}
		R->f[R->n].opt = all[i].opt;
		R->f[R->n].path = all[i].path;
		R->f[R->n].render = all[i].render;
		R->n++;
	}
	return 0;
}

bool reports_want_unit(const struct reports *R)
{
	for (int i = 0; i < R->n; i++)
		if (R->f[i].render == report_html)
			return true;
	return false;
}

const char *reports_partial_reason(const struct rr_opts *o, char *buf, size_t len)
{
	if (o->filter)
		snprintf(buf, len, "tests selected with --filter %s", o->filter);
	else if (o->tags)
		snprintf(buf, len, "tests selected with --tags %s", o->tags);
	else if (o->exclude_tags)
		snprintf(buf, len, "tests left out with --exclude-tags %s", o->exclude_tags);
	else if (o->without)
		snprintf(buf, len, "rig capabilities left out with --without %s", o->without);
	else
		return NULL;
	return buf;
}

static const char *target(const char *path, const struct rr_run *run, char *buf, size_t len)
{
	if (!run->partial)
		return path;
	report_partial_path(path, buf, len);
	return buf;
}

int reports_write(const struct reports *R, const struct rr_run *run)
{
	char part[4096];
	int status = 0;

	for (int i = 0; i < R->n; i++) {
		struct sbuf b;
		const char *path = target(R->f[i].path, run, part, sizeof(part));
		sb_init(&b);
		R->f[i].render(run, &b);
		if (report_save(path, &b) < 0) {
			rr_error("cannot write the %s report %s: %s", R->f[i].opt, path,
				 strerror(errno ? errno : EIO));
			status = 2;
		} else if (run->partial) {
			rr_warn("partial run (%s): %s written as %s", run->partial, R->f[i].opt, path);
		}
		sb_free(&b);
	}
	return status;
}

/* ---- the snapshot for a second signal ---- */

struct snap_file {
	char path[4096], tmp[4200];
	char *data;
	size_t len;
};

struct snap {
	int n;
	struct snap_file f[REPORTS_MAX];
	char tap[64];
	size_t taplen;
};

static struct snap *volatile snap_cur;
/* Rendering every report after every result would cost more than the run
 * on a fast simulator: a result is rendered at once when the last
 * rendering is older than SNAP_EVERY_NS, else marked due, and rendered
 * while the next test waits (guard_idle) or at the end of its file. */
#define SNAP_EVERY_NS 250000000LL
static const struct reports *snap_R;
static const struct rr_run *snap_run;
static int64_t snap_at;
static bool snap_due;
static pid_t snap_pid;

static void put(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Async-signal-safe: open, write, close, rename, nothing else. */
static void snap_write(void)
{
	struct snap *s = snap_cur;

	if (!s)
		return;
	if (s->taplen)
		put(1, s->tap, s->taplen);
	for (int i = 0; i < s->n; i++) {
		int fd = open(s->f[i].tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			continue;
		put(fd, s->f[i].data, s->f[i].len);
		if (close(fd) == 0)
			rename(s->f[i].tmp, s->f[i].path);
		else
			unlink(s->f[i].tmp);
	}
}

static void snap_free(struct snap *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++)
		free(s->f[i].data);
	free(s);
}

void reports_snapshot_clear(void)
{
	struct snap *old = snap_cur;

	guard_idle = NULL;
	snap_due = false;
	snap_run = NULL;
	snap_cur = NULL;
	snap_free(old);
}

static void render(const struct reports *R, const struct rr_run *run,
		   const struct rr_result *pending);

static void snap_idle(void)
{
	if (snap_due && snap_run && getpid() == snap_pid &&
	    guard_now_ns() - snap_at >= SNAP_EVERY_NS)
		render(snap_R, snap_run, NULL);
}

void reports_snapshot(const struct reports *R, const struct rr_run *run,
		      const struct rr_result *pending)
{
	if (!R->n && !R->tap)
		return;
	snap_R = R;
	snap_run = run;
	snap_pid = getpid();
	guard_idle = snap_idle;
	if (snap_cur && guard_now_ns() - snap_at < SNAP_EVERY_NS) {
		snap_due = true; /* pending is in the run by the next wait */
		return;
	}
	render(R, run, pending);
}

void reports_snapshot_flush(void)
{
	if (snap_due && snap_run && getpid() == snap_pid)
		render(snap_R, snap_run, NULL);
}

static void render(const struct reports *R, const struct rr_run *run,
		   const struct rr_result *pending)
{
	struct rr_run t = *run;
	struct rr_result *r = NULL;
	struct snap *s, *old;
	struct timeval tv;
	char part[4096];

	snap_due = false;
	snap_at = guard_now_ns();
	s = calloc(1, sizeof(*s));
	if (!s)
		return;
	if (pending) {
		r = malloc(((size_t)run->n + 1) * sizeof(*r));
		if (!r) {
			free(s);
			return;
		}
		if (run->n)
			memcpy(r, run->r, (size_t)run->n * sizeof(*r));
		r[run->n] = *pending;
		t.r = r;
		t.n = run->n + 1;
	}
	gettimeofday(&tv, NULL);
	t.t_end = (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
	t.interrupted = true;
	if (!t.partial)
		t.partial = (char *)"interrupted by a second stop signal";
	for (int i = 0; i < R->n; i++) {
		struct sbuf b;
		struct snap_file *f = &s->f[s->n];
		sb_init(&b);
		R->f[i].render(&t, &b);
		if (!sb_ok(&b)) {
			sb_free(&b);
			continue;
		}
		const char *to = target(R->f[i].path, &t, part, sizeof(part));
		snprintf(f->path, sizeof(f->path), "%s", to);
		snprintf(f->tmp, sizeof(f->tmp), "%s.tmp.%d", to, (int)getpid());
		f->len = b.len;
		f->data = sb_steal(&b);
		s->n++;
	}
	if (R->tap)
		s->taplen = (size_t)snprintf(s->tap, sizeof(s->tap), "1..%d\nBail out! interrupted\n",
					     t.n);
	free(r);
	old = snap_cur;
	snap_cur = s;
	guard_last_words = snap_write;
	snap_free(old);
}
