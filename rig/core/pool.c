/* pool.c - parallel units: N forked workers, each with its own unit.
 *
 * The parent hands out file indices one at a time over a pipe ("<i>\n");
 * a worker runs the file and sends back framed records: "<len>\n" then
 * either a result ('R', see result.c) or the end of the file ('F' with
 * the file index, a setup-error flag, firmware, serial, safe state).
 * Results are kept per file and released to the run in file order.
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

#include "err.h"
#include "guard.h"
#include "log.h"
#include "run.h"
#include "runner.h"

struct slot {
	struct rr_result *r;
	int n, cap;
	bool done, setup_error;
};

struct worker {
	pid_t pid;
	int cmd_w, res_r;
	int file;          /* file in progress, -1 idle */
	struct sbuf in;    /* bytes not yet parsed */
};

/* ---- worker side ---- */

static void frame(FILE *out, const char *data, size_t len)
{
	fprintf(out, "%zu\n", len);
	fwrite(data, 1, len, out);
	fflush(out);
}

static void emit_frame(void *arg, struct rr_result *r)
{
	FILE *out = arg;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	rr_result_write(m, r);
	fclose(m);
	frame(out, buf, len);
	free(buf);
}

static void end_frame(FILE *out, struct rr_ctx *c, int file, bool setup_error)
{
	char *buf = NULL, num[16];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	fputc('F', m);
	snprintf(num, sizeof(num), "%d", file);
	rr_ns_put(m, num);
	rr_ns_put(m, setup_error ? "1" : "0");
	rr_ns_put(m, c->fw);
	rr_ns_put(m, c->serial);
	rr_ns_put(m, c->safe_state);
	fclose(m);
	frame(out, buf, len);
	free(buf);
}

static void worker_main(struct rr_ctx *c, char **files, int n, int cmd_r, int res_w)
{
	FILE *in = fdopen(cmd_r, "r"), *out = fdopen(res_w, "w");
	int i;

	guard_soft_signals();

	while (in && out && fscanf(in, "%d", &i) == 1) {
		if (i < 0 || i >= n)
			break;
		int rc = runner_file(c, files[i], emit_frame, out);
		end_frame(out, c, i, rc == RR_ERR_ARG);
		if (rc == RR_ERR_INTR)
			break;
	}
	ctx_end_session(c);
	fflush(out);
	_exit(0);
}

/* ---- parent side ---- */

static int spawn(struct worker *w, int index, struct rr_ctx *c, char **files, int n,
		 struct worker *all, int nall)
{
	int cmd[2], res[2];

	if (pipe(cmd) || pipe(res))
		return RR_ERR_IO;
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0)
		return RR_ERR_IO;
	if (w->pid == 0) {
		close(cmd[1]);
		close(res[0]);
		for (int i = 0; i < nall; i++) { /* other workers' ends */
			if (all[i].pid > 0) {
				close(all[i].cmd_w);
				close(all[i].res_r);
			}
		}
		ctx_use_rig(c, run_rig(index)); /* one rig per worker */
		worker_main(c, files, n, cmd[0], res[1]);
	}
	close(cmd[0]);
	close(res[1]);
	w->cmd_w = cmd[1];
	w->res_r = res[0];
	w->file = -1;
	sb_init(&w->in);
	return RR_OK;
}

static void give(struct worker *w, int file)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d\n", file);

	w->file = file;
	if (write(w->cmd_w, buf, (size_t)len) != len)
		rr_warn("worker %d: cannot hand out a file", (int)w->pid);
}

static void slot_add(struct slot *s, struct rr_result *r)
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

/* Parse the complete frames in w->in. */
static void parse(struct worker *w, struct slot *slots, struct rr_ctx *c)
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
		off = start + len;
		if (!m)
			continue;
		if (w->in.s[start] == 'R' && w->file >= 0) {
			struct rr_result r;
			if (rr_result_read(m, &r) == 1)
				slot_add(&slots[w->file], &r);
		} else if (w->in.s[start] == 'F') {
			char *f[6] = { 0 };
			fgetc(m);
			for (int i = 0; i < 5; i++)
				rr_ns_get(m, &f[i]);
			if (f[0] && w->file == atoi(f[0])) {
				slots[w->file].done = true;
				slots[w->file].setup_error = f[1] && f[1][0] == '1';
				w->file = -1;
			}
			if (f[2] && f[2][0])
				snprintf(c->fw, sizeof(c->fw), "%s", f[2]);
			if (f[3] && f[3][0])
				snprintf(c->serial, sizeof(c->serial), "%s", f[3]);
			if (f[4] && f[4][0])
				snprintf(c->safe_state, sizeof(c->safe_state), "%s", f[4]);
			for (int i = 0; i < 5; i++)
				free(f[i]);
		}
		fclose(m);
	}
	memmove(w->in.s, w->in.s + off, w->in.len - off);
	w->in.len -= off;
	if (w->in.cap)
		w->in.s[w->in.len] = '\0';
}

/* A worker ended while a file was in progress: record it. */
static void lost(struct worker *w, struct slot *slots, char **files, int status)
{
	struct rr_result r;
	char msg[256];

	if (w->file < 0)
		return;
	memset(&r, 0, sizeof(r));
	r.file = rr_strdup(files[w->file]);
	r.classname = rr_strdup(files[w->file]);
	r.name = rr_strdup("(worker)");
	r.outcome = RR_ERROR;
	snprintf(msg, sizeof(msg), "the worker process running this file ended (status 0x%x)",
		 status);
	r.message = rr_strdup(msg);
	slot_add(&slots[w->file], &r);
	slots[w->file].done = true;
	w->file = -1;
}

int pool_run(struct rr_ctx *c, char **files, int n, int jobs, struct rr_run *run,
	     struct console *k)
{
	struct slot *slots = calloc((size_t)n, sizeof(*slots));
	struct worker *w = calloc((size_t)jobs, sizeof(*w));
	int next = 0, flushed = 0, alive = 0;
	bool forwarded = false;

	if (!slots || !w) {
		free(slots);
		free(w);
		return RR_ERR_NOMEM;
	}
	if (jobs > n)
		jobs = n;
	for (int i = 0; i < jobs; i++) {
		if (spawn(&w[i], i, c, files, n, w, jobs) < 0)
			break;
		alive++;
		give(&w[i], next++);
	}
	while (alive > 0) {
		struct pollfd pf[256];
		int np = 0, map[256];
		for (int i = 0; i < jobs; i++)
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
		if (poll(pf, (nfds_t)np, -1) < 0 && errno != EINTR)
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
				sb_putn(&x->in, buf, (size_t)got);
				parse(x, slots, c);
				if (x->file < 0) {
					if (next < n && !guard_signal)
						give(x, next++);
					else if (x->cmd_w >= 0) {
						close(x->cmd_w);
						x->cmd_w = -1;
					}
				}
				continue;
			}
			int status = 0;
			waitpid(x->pid, &status, 0);
			lost(x, slots, files, status);
			close(x->res_r);
			if (x->cmd_w >= 0)
				close(x->cmd_w);
			sb_free(&x->in);
			x->pid = 0;
			alive--;
		}
		while (flushed < n && slots[flushed].done) {
			struct slot *s = &slots[flushed];
			int first = run->n;
			for (int i = 0; i < s->n; i++) {
				run_show_result(k, c->progress, &s->r[i]);
				rr_run_add(run, &s->r[i]);
			}
			if (s->setup_error)
				run->setup_errors++;
			progress_clear(c->progress);
			console_file_done(k, files[flushed], rr_count(run, first, run->n));
			free(s->r);
			s->r = NULL;
			flushed++;
		}
	}
	for (int i = flushed; i < n; i++) { /* interrupted: keep what arrived */
		for (int j = 0; j < slots[i].n; j++)
			rr_run_add(run, &slots[i].r[j]);
		free(slots[i].r);
	}
	free(slots);
	free(w);
	return RR_OK;
}
