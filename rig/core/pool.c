/* pool.c - parallel units: N forked workers, each with its own unit.
 *
 * Work is handed out by units of work (runner_plan): a file whose tests
 * are not marked independent is one unit, run whole (runner_file); in a
 * file with independent describes, each of their tests is one unit and the
 * file's other tests stay together. The parent hands out units one at a
 * time over a pipe ("<file> <unit> <first> <last>\n": the unit's tests,
 * unit -1 for a whole file), in file order. A file is planned (its Lua
 * loaded to find its units) when its first unit is about to be handed out,
 * so the workers start after the first file's plan, not all of them. A
 * worker keeps a file's Lua state (runner_part) while it gets units of
 * that file, and lets it go (teardowns of the describes it is in) before
 * it takes a unit of another file or ends.
 *
 * A worker sends back framed records: "<len>\n" then a result ('R', see
 * result.c) of the unit in progress, a result outside any unit ('X' and
 * the file index, then the result: a teardown that failed when the worker
 * let the file go), the end of a unit ('F': file, unit, setup-error flag,
 * firmware, serial, safe state) or the release of a file ('C': file).
 * Results are kept per unit and released to the run in serial order once
 * every unit of the file is done and no worker holds the file; then the
 * file's summarize hooks run here, over all its results.
 *
 * Worker i drives run_rig(i): with several --rig files, one unit each. */
#define LOG_PREFIX "pool: "
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpupin.h"
#include "err.h"
#include "guard.h"
#include "log.h"
#include "run.h"
#include "runner.h"

struct unit_slot {
	struct rr_result *r;
	int n, cap;
	bool done;
};

struct file_slot {
	int *starts; /* runner_plan; NULL: the file runs whole */
	int nunits;
	struct unit_slot *u;
	struct unit_slot extra; /* results outside any unit */
	int holders;            /* workers holding the file's state */
	bool setup_error;
};

struct worker {
	pid_t pid;
	int cmd_w, res_r;
	int file, unit;   /* unit in progress (file -1: idle) */
	int held;         /* file whose state the worker holds, -1 none */
	struct sbuf in;   /* bytes not yet parsed */
	int64_t heard_ns; /* last record, or the hand-out of its unit */
	bool stuck;       /* killed for its silence (silence_ms) */
};

/* ---- worker side ---- */

struct wemit {
	FILE *out;
	int extra_file; /* >= 0: results outside a unit, of this file */
};

static void frame(FILE *out, const char *data, size_t len)
{
	fprintf(out, "%zu\n", len);
	fwrite(data, 1, len, out);
	fflush(out);
}

static void emit_frame(void *arg, struct rr_result *r)
{
	struct wemit *e = arg;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	if (e->extra_file >= 0)
		fprintf(m, "X%d\n", e->extra_file);
	rr_result_write(m, r);
	fclose(m);
	frame(e->out, buf, len);
	free(buf);
}

static void end_frame(FILE *out, struct rr_ctx *c, int file, int unit, bool setup_error)
{
	char *buf = NULL, num[32];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	fputc('F', m);
	snprintf(num, sizeof(num), "%d", file);
	rr_ns_put(m, num);
	snprintf(num, sizeof(num), "%d", unit);
	rr_ns_put(m, num);
	rr_ns_put(m, setup_error ? "1" : "0");
	rr_ns_put(m, c->fw);
	rr_ns_put(m, c->serial);
	rr_ns_put(m, c->safe_state);
	fclose(m);
	frame(out, buf, len);
	free(buf);
}

/* Let the held file go: teardowns, then 'C'. */
static void release(FILE *out, struct runner_part **part, int *held)
{
	struct wemit e = { out, *held };
	char msg[32];

	if (!*part)
		return;
	runner_part_close(*part, emit_frame, &e);
	*part = NULL;
	int len = snprintf(msg, sizeof(msg), "C%d", *held);
	frame(out, msg, (size_t)len);
	*held = -1;
}

static void worker_main(struct rr_ctx *c, char **files, int n,
			int cmd_r, int res_w)
{
	FILE *in = fdopen(cmd_r, "r"), *out = fdopen(res_w, "w");
	struct runner_part *part = NULL;
	int f, u, first, last, held = -1;

	guard_soft_signals();
	while (in && out && fscanf(in, "%d %d %d %d", &f, &u, &first, &last) == 4) {
		if (f < 0 || f >= n || (u >= 0 && (first < 1 || last < first)))
			break;
		struct wemit e = { out, -1 };
		int rc;
		if (held != f)
			release(out, &part, &held);
		if (u < 0) {
			rc = runner_file(c, files[f], emit_frame, &e);
		} else {
			if (!part) {
				rc = runner_part_open(c, files[f], &part);
				if (rc == RR_OK)
					held = f;
			}
			if (part)
				rc = runner_part_run(part, first, last, emit_frame, &e);
			else /* changed since the parent read it: load it whole */
				rc = runner_file(c, files[f], emit_frame, &e);
		}
		end_frame(out, c, f, u, rc == RR_ERR_ARG);
		if (rc == RR_ERR_INTR)
			break;
	}
	if (out)
		release(out, &part, &held);
	ctx_end_session(c);
	if (out)
		fflush(out);
	_exit(0);
}

/* ---- parent side ---- */

static int spawn(struct worker *w, int index, struct rr_ctx *c, char **files, int n,
		 struct worker *all, int nall)
{
	int cmd[2], res[2];

	if (pipe(cmd))
		return RR_ERR_IO;
	if (pipe(res)) {
		close(cmd[0]);
		close(cmd[1]);
		return RR_ERR_IO;
	}
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0) {
		close(cmd[0]);
		close(cmd[1]);
		close(res[0]);
		close(res[1]);
		return RR_ERR_IO;
	}
	if (w->pid == 0) {
		close(cmd[1]);
		close(res[0]);
		for (int i = 0; i < nall; i++) { /* other workers' ends */
			if (all[i].pid > 0) {
				close(all[i].cmd_w);
				close(all[i].res_r);
			}
		}
		cpupin_set_slot(index);         /* its own CPU, shared with its unit */
		ctx_use_rig(c, run_rig(index)); /* one rig per worker */
		worker_main(c, files, n, cmd[0], res[1]);
	}
	close(cmd[0]);
	close(res[1]);
	w->cmd_w = cmd[1];
	w->res_r = res[0];
	w->file = -1;
	w->held = -1;
	sb_init(&w->in);
	return RR_OK;
}

static void give(struct worker *w, struct file_slot *fs, int file, int unit)
{
	char buf[64];
	int len = unit >= 0 ? snprintf(buf, sizeof(buf), "%d %d %d %d\n", file, unit,
				       fs[file].starts[unit], fs[file].starts[unit + 1] - 1)
			    : snprintf(buf, sizeof(buf), "%d -1 0 0\n", file);

	w->file = file;
	w->unit = unit;
	w->heard_ns = guard_now_ns();
	if (w->held != file) {
		/* the worker lets its file go first ('C' comes for it) */
		w->held = unit >= 0 ? file : -1;
		if (unit >= 0)
			fs[file].holders++;
	}
	if (write(w->cmd_w, buf, (size_t)len) != len)
		rr_warn("worker %d: cannot hand out work", (int)w->pid);
}

static void slot_add(struct unit_slot *s, struct rr_result *r)
{
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 16;
		struct rr_result *v = realloc(s->r, (size_t)cap * sizeof(*v));
		if (!v) {
			rr_result_free(r);
			return;
		}
		s->r = v;
		s->cap = cap;
	}
	s->r[s->n++] = *r;
}

/* Load the file to find its units of work (runner_plan). 0, or
 * RR_ERR_NOMEM. */
static int plan(struct rr_ctx *c, const char *path, struct file_slot *f)
{
	if (runner_plan(c, path, &f->starts, &f->nunits) < 0 || f->nunits < 2) {
		/* malformed (the worker reports it) or nothing independent */
		free(f->starts);
		f->starts = NULL;
		f->nunits = 1;
	}
	f->u = calloc((size_t)f->nunits, sizeof(*f->u));
	return f->u ? RR_OK : RR_ERR_NOMEM;
}

/* Hand worker w the next unit of work (*nf, *nu), planning its file first
 * if it is the file's first. 0, or RR_ERR_NOMEM (nothing handed out). */
static int hand_next(struct rr_ctx *c, char **files, struct file_slot *fs, struct worker *w,
		     int *nf, int *nu)
{
	if (!fs[*nf].u && plan(c, files[*nf], &fs[*nf]) < 0)
		return RR_ERR_NOMEM;
	give(w, fs, *nf, fs[*nf].starts ? *nu : -1);
	if (++*nu >= fs[*nf].nunits) {
		(*nf)++;
		*nu = 0;
	}
	return RR_OK;
}

static struct unit_slot *unit_of(struct file_slot *fs, int file, int unit)
{
	return &fs[file].u[unit < 0 ? 0 : unit];
}

/* Parse the complete frames in w->in. */
static void parse(struct worker *w, struct file_slot *fs, int nfiles, struct rr_ctx *c)
{
	size_t off = 0;

	for (;;) {
		char *nl = memchr(w->in.s + off, '\n', w->in.len - off);
		if (!nl)
			break;
		size_t len = strtoul(w->in.s + off, NULL, 10);
		size_t start = (size_t)(nl - w->in.s) + 1;
		if (w->in.len - start < len)
			break;
		FILE *m = fmemopen(w->in.s + start, len, "r");
		char kind = w->in.s[start];
		off = start + len;
		if (!m)
			continue;
		if (kind == 'R' && w->file >= 0) {
			struct rr_result r;
			if (rr_result_read(m, &r) == 1)
				slot_add(unit_of(fs, w->file, w->unit), &r);
		} else if (kind == 'X') {
			struct rr_result r;
			int f = -1;
			if (fscanf(m, "X%d\n", &f) == 1 && f >= 0 && f < nfiles &&
			    rr_result_read(m, &r) == 1)
				slot_add(&fs[f].extra, &r);
		} else if (kind == 'C') {
			int f = -1;
			if (fscanf(m, "C%d", &f) == 1 && f >= 0 && f < nfiles && fs[f].holders > 0)
				fs[f].holders--;
			if (f >= 0 && f == w->held)
				w->held = -1;
		} else if (kind == 'F') {
			char *f[7] = { 0 };
			fgetc(m);
			for (int i = 0; i < 6; i++)
				rr_ns_get(m, &f[i]);
			if (f[0] && f[1] && w->file == atoi(f[0]) && w->unit == atoi(f[1])) {
				unit_of(fs, w->file, w->unit)->done = true;
				if (f[2] && f[2][0] == '1')
					fs[w->file].setup_error = true;
				w->file = -1;
			}
			if (f[3] && f[3][0])
				snprintf(c->fw, sizeof(c->fw), "%s", f[3]);
			if (f[4] && f[4][0])
				snprintf(c->serial, sizeof(c->serial), "%s", f[4]);
			if (f[5] && f[5][0])
				snprintf(c->safe_state, sizeof(c->safe_state), "%s", f[5]);
			for (int i = 0; i < 6; i++)
				free(f[i]);
		}
		fclose(m);
	}
	memmove(w->in.s, w->in.s + off, w->in.len - off);
	w->in.len -= off;
	if (w->in.cap)
		w->in.s[w->in.len] = '\0';
}

/* A worker ended: a unit in progress gets an error, its file is let go. */
static void lost(struct worker *w, struct file_slot *fs, char **files, int status,
		 int64_t silence_ms)
{
	struct rr_result r;
	char msg[256];

	if (w->held >= 0 && fs[w->held].holders > 0)
		fs[w->held].holders--;
	w->held = -1;
	if (w->file < 0)
		return;
	memset(&r, 0, sizeof(r));
	r.file = rr_strdup(files[w->file]);
	r.classname = rr_strdup(files[w->file]);
	r.name = rr_strdup("(worker)");
	r.outcome = RR_ERROR;
	if (w->stuck)
		snprintf(msg, sizeof(msg), "the worker process running this file sent nothing for "
					   "%d s, longer than a test and its unit's start may take: it was stopped",
			 (int)(silence_ms / 1000));
	else
		snprintf(msg, sizeof(msg), "the worker process running this file ended (status 0x%x)",
			 status);
	r.message = rr_strdup(msg);
	slot_add(unit_of(fs, w->file, w->unit), &r);
	unit_of(fs, w->file, w->unit)->done = true;
	w->file = -1;
}

struct pemit {
	struct rr_run *run;
	struct console *k;
	struct progress *p;
};

static void emit_parent(void *arg, struct rr_result *r)
{
	struct pemit *e = arg;

	run_show_result(e->k, e->p, r);
	rr_run_add(e->run, r);
}

static bool file_done(const struct file_slot *s)
{
	if (s->holders > 0)
		return false;
	for (int u = 0; u < (s->starts ? s->nunits : 1); u++)
		if (!s->u[u].done)
			return false;
	return true;
}

static void take(struct unit_slot *s, struct rr_run *run, struct console *k,
		 struct progress *p)
{
	for (int i = 0; i < s->n; i++) {
		run_show_result(k, p, &s->r[i]);
		rr_run_add(run, &s->r[i]);
	}
	free(s->r);
	s->r = NULL;
	s->n = 0;
}

int pool_run(struct rr_ctx *c, char **files, int n, int jobs, struct rr_run *run,
	     struct console *k)
{
	struct file_slot *fs = calloc((size_t)n, sizeof(*fs));
	struct worker *w = NULL;
	int flushed = 0, alive = 0, total = 0, nf = 0, nu = 0;
	bool forwarded = false, oom = false;
	struct pemit pe = { run, k, c->progress };
	/* longest a busy worker may stay silent: a unit start, a hook and a
	 * test, each at its limit, and a margin */
	int64_t silence_ms = (int64_t)((2 * c->opts->timeout + 2 * c->opts->hang_timeout) * 1000) +
			     10000;

	if (!fs)
		return RR_ERR_NOMEM;
	/* enough files planned to know how many workers have work */
	for (int f = 0; f < n && total < jobs; f++) {
		if (plan(c, files[f], &fs[f]) < 0) {
			for (int i = 0; i <= f; i++) {
				free(fs[i].starts);
				free(fs[i].u);
			}
			free(fs);
			return RR_ERR_NOMEM;
		}
		total += fs[f].nunits;
	}
	if (jobs > total)
		jobs = total;
	if (jobs < 1)
		jobs = 1;
	w = calloc((size_t)jobs, sizeof(*w));
	if (!w) {
		for (int i = 0; i < n; i++) {
			free(fs[i].starts);
			free(fs[i].u);
		}
		free(fs);
		return RR_ERR_NOMEM;
	}
	for (int i = 0; i < jobs; i++) {
		if (spawn(&w[i], i, c, files, n, w, jobs) < 0)
			break;
		alive++;
		if (hand_next(c, files, fs, &w[i], &nf, &nu) < 0) {
			oom = true;
			close(w[i].cmd_w);
			w[i].cmd_w = -1;
		}
	}
	while (alive > 0) {
		struct pollfd pf[256];
		int np = 0, map[256];
		for (int i = 0; i < jobs && np < 256; i++)
			if (w[i].pid > 0) {
				pf[np].fd = w[i].res_r;
				pf[np].events = POLLIN;
				map[np++] = i;
			}
		if (guard_signal && !forwarded) {
			for (int i = 0; i < jobs; i++)
				if (w[i].pid > 0)
					kill(w[i].pid, guard_signal);
			forwarded = true;
		}
		/* A worker bounds each test and each unit start itself; one that
		 * sends nothing for longer is stuck outside those bounds (say a
		 * driver call that never returns) and is stopped, so the run
		 * still ends. The wait is at most a second, to look again. */
		int64_t now = guard_now_ns(), wait_ms = 1000;
		for (int i = 0; i < jobs; i++) {
			struct worker *x = &w[i];
			if (x->pid <= 0 || x->file < 0 || x->stuck)
				continue;
			int64_t left = (x->heard_ns + silence_ms * 1000000 - now) / 1000000;
			if (left <= 0) {
				rr_warn("worker %d sent nothing for %lld s: stopping it", (int)x->pid,
					(long long)(silence_ms / 1000));
				x->stuck = true;
				kill(x->pid, SIGKILL);
			} else if (left < wait_ms) {
				wait_ms = left;
			}
		}
		if (poll(pf, (nfds_t)np, (int)wait_ms) < 0 && errno != EINTR)
			break;
		for (int p = 0; p < np; p++) {
			struct worker *x = &w[map[p]];
			char buf[65536];
			ssize_t got;
			if (!pf[p].revents)
				continue;
			got = read(x->res_r, buf, sizeof(buf));
			if (got < 0 && errno == EINTR)
				continue;
			if (got > 0) {
				x->heard_ns = guard_now_ns();
				sb_putn(&x->in, buf, (size_t)got);
				parse(x, fs, n, c);
				if (x->file < 0 && nf < n && !guard_signal && !oom &&
				    hand_next(c, files, fs, x, &nf, &nu) < 0)
					oom = true;
				if (x->file < 0 && x->cmd_w >= 0) { /* no more work */
					close(x->cmd_w);
					x->cmd_w = -1;
				}
				continue;
			}
			int status = 0;
			waitpid(x->pid, &status, 0);
			lost(x, fs, files, status, silence_ms);
			close(x->res_r);
			if (x->cmd_w >= 0)
				close(x->cmd_w);
			sb_free(&x->in);
			x->pid = 0;
			alive--;
		}
		while (flushed < n && flushed < nf && file_done(&fs[flushed])) {
			struct file_slot *s = &fs[flushed];
			int first = run->n;
			for (int u = 0; u < (s->starts ? s->nunits : 1); u++)
				take(&s->u[u], run, k, c->progress);
			take(&s->extra, run, k, c->progress);
			if (s->starts && !guard_signal)
				runner_summarize(c, files[flushed], run->r + first, run->n - first,
						 emit_parent, &pe);
			if (s->setup_error)
				run->setup_errors++;
			progress_clear(c->progress);
			console_file_done(k, files[flushed], rr_count(run, first, run->n));
			flushed++;
		}
	}
	for (int i = flushed; i < n; i++) { /* interrupted: keep what arrived */
		for (int u = 0; u < fs[i].nunits; u++) {
			for (int j = 0; j < fs[i].u[u].n; j++)
				rr_run_add(run, &fs[i].u[u].r[j]);
			free(fs[i].u[u].r);
		}
		for (int j = 0; j < fs[i].extra.n; j++)
			rr_run_add(run, &fs[i].extra.r[j]);
		free(fs[i].extra.r);
	}
	for (int i = 0; i < n; i++) {
		free(fs[i].starts);
		free(fs[i].u);
	}
	free(fs);
	free(w);
	if (oom)
		rr_error("out of memory planning the test files: the run stopped early");
	return oom ? RR_ERR_NOMEM : RR_OK;
}
