/* run.c - orchestration of a run and its finalizer. */
#define LOG_PREFIX "run: "
#include "run.h"

#include <errno.h>
#include <signal.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "cpupin.h"
#include "err.h"
#include "files.h"
#include "guard.h"
#include "log.h"
#include "rigfile/rigfile.h"
#include "runner.h"
#include "reports.h"
#include "trace.h"
#include "results/hook.h"
#include "unitread.h"

static struct rr_ctx *live_ctx; /* for the exit-time safety net */

static void at_exit_safe(void)
{
	if (live_ctx)
		ctx_end_session(live_ctx);
}

static double wall_now(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void default_sim(char *out, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0) {
		snprintf(out, len, "isocket-sim");
		return;
	}
	exe[n] = '\0';
	snprintf(out, len, "%s/isocket-sim", dirname(exe));
}

/* The rig descriptions of this run (--rig, repeatable), one unit each. */
static struct rigfile rigs[RR_MAX_RIGS];
static int nrigs;

int run_check_sim(char *err, size_t errlen)
{
	for (int i = 0; i < nrigs; i++) {
		const char *sim = rigs[i].sim.simulator;
		if (strcmp(rigs[i].driver, "sim") || access(sim, X_OK) == 0)
			continue;
		snprintf(err, errlen, "the simulator %.800s cannot be run: %s (build it with "
				      "make, or name it with --sim or [sim] simulator in the rig file)",
			 sim,
			 strerror(errno));
		return RR_ERR_NODEV;
	}
	return RR_OK;
}

/* One --rig: "sim" (the built-in simulated rig) or a rig file; then the
 * command line's --sim, --hang-timeout and --serial fill in the [sim] keys. */
static int load_rig(const char *spec, const struct rr_opts *o, struct rigfile *rf,
		    char *err, size_t errlen)
{
	int rc;

	if (!strcmp(spec, "sim")) {
		rigfile_sim_default(rf);
	} else if ((rc = rigfile_load(spec, rf, err, errlen)) != RR_OK) {
		return rc == RR_ERR_IO ? RR_ERR_NODEV : rc;
	}
	if (!rig_driver_find(rf->driver)) {
		snprintf(err, errlen, "--rig %s: the '%s' driver is not built into this relayrig",
			 spec, rf->driver);
		return RR_ERR_NOTSUP;
	}
	if (strcmp(rf->driver, "sim")) {
		if (o->sim) {
			snprintf(err, errlen, "--sim %s: the rig %s is not simulated (driver = %s)",
				 o->sim, spec, rf->driver);
			return RR_ERR_ARG;
		}
		return RR_OK;
	}
	if (o->sim)
		snprintf(rf->sim.simulator, sizeof(rf->sim.simulator), "%s", o->sim);
	else if (!rf->sim.simulator[0])
		default_sim(rf->sim.simulator, sizeof(rf->sim.simulator));
	if (o->hang_given)
		rf->sim.hang_ms = (int)(o->hang_timeout * 1000.0 + 0.5);
	if (o->serial && !rf->sim.serial[0])
		snprintf(rf->sim.serial, sizeof(rf->sim.serial), "%.63s", o->serial);
	return RR_OK;
}

int run_pick_driver(struct rr_ctx *c, struct rr_opts *o, char *err, size_t errlen)
{
	int rc, physical = -1;

	c->without = 0;
	if (o->without) {
		char list[256];
		snprintf(list, sizeof(list), "%s", o->without);
		for (char *tok = strtok(list, ", "); tok; tok = strtok(NULL, ", ")) {
			int k = rig_cap_index(tok);
			if (k < 0) {
				snprintf(err, errlen, "--without: unknown capability '%.64s' (%s)", tok,
					 rig_cap_list());
				return RR_ERR_ARG;
			}
			c->without |= 1u << k;
		}
	}
	nrigs = 0;
	for (int i = 0; i < o->nrigs; i++) {
		if ((rc = load_rig(o->rigs[i], o, &rigs[nrigs], err, errlen)) != RR_OK)
			return rc;
		if (strcmp(rigs[nrigs].driver, "sim") && physical < 0)
			physical = i;
		nrigs++;
	}
	/* One unit per rig file: several rig files run in parallel. */
	if (o->nrigs > 1 && o->jobs < o->nrigs) {
		if (o->jobs_given && o->jobs > 1) {
			snprintf(err, errlen, "-j %d with %d rigs: each --rig runs one unit; give -j %d "
					      "or leave -j out",
				 o->jobs, o->nrigs, o->nrigs);
			return RR_ERR_ARG;
		}
		o->jobs = o->nrigs;
	}
	if (physical >= 0 && o->jobs > o->nrigs) {
		snprintf(err, errlen, "-j %d: the rig %s (driver = %s) has one unit, so it runs one "
				      "test file at a time; run in parallel with one --rig per physical rig "
				      "(--rig a.rig --rig b.rig), or leave -j out",
			 o->jobs, o->rigs[physical],
			 rigs[physical].driver);
		return RR_ERR_ARG;
	}
	ctx_use_rig(c, &rigs[0]);
	return RR_OK;
}

const struct rigfile *run_rig(int worker)
{
	return nrigs ? &rigs[worker % nrigs] : NULL;
}

/* Before any test, a physical rig is opened once: a missing FTDI chip or
 * serial port is a setup error reported now, not at the first test; so is
 * a unit whose serial is not --serial (sim rigs are opened for that too). */
static int run_probe_rigs(struct rr_ctx *c, char *err, size_t errlen)
{
	for (int i = 0; i < nrigs; i++) {
		struct session *s = NULL;
		struct unit_opts u;
		if (!strcmp(rigs[i].driver, "sim") && !c->opts->serial)
			continue;
		rigfile_unit_defaults(&rigs[i], &u);
		int rc = session_open(rig_driver_find(rigs[i].driver), &rigs[i], &u, &s, err, errlen);
		if (rc < 0) {
			size_t n = strlen(err);
			snprintf(err + n, errlen - n, " (rig %s)", rigs[i].path);
			return rc;
		}
		rc = ctx_check_serial(c, s, err, errlen) < 0 ? RR_ERR_ARG : RR_OK;
		session_close(s, c->safe_state, sizeof(c->safe_state));
		if (rc < 0)
			return rc;
	}
	return RR_OK;
}

struct serial_emit {
	struct rr_run *run;
	struct console *k;
	struct progress *p;
};

void run_show_result(struct console *k, struct progress *p, const struct rr_result *r)
{
	progress_clear(p);
	console_result(k, r);
	progress_tick(p);
}

static void emit_serial(void *arg, struct rr_result *r)
{
	struct serial_emit *e = arg;

	run_show_result(e->k, e->p, r);
	rr_run_add(e->run, r);
}

static void run_serial(struct rr_ctx *c, struct filelist *fl, struct rr_run *run,
		       struct console *k)
{
	struct serial_emit e = { run, k, c->progress };

	for (int i = 0; i < fl->n && !guard_signal && !c->stop; i++) {
		int first = run->n;
		int rc = runner_file(c, fl->v[i], emit_serial, &e);
		if (rc == RR_ERR_ARG)
			run->setup_errors++;
		progress_clear(c->progress);
		console_file_done(k, fl->v[i], rr_count(run, first, run->n));
	}
}

static void count_test(void *arg, const char *path, int line, const char *name, const char *tags)
{
	(void)path, (void)line, (void)name, (void)tags;
	(*(int *)arg)++;
}

/* --progress: how many tests the run will report (the selection applied). */
static int count_tests(struct rr_ctx *c, struct filelist *fl)
{
	int n = 0;

	for (int i = 0; i < fl->n; i++)
		runner_collect(c, fl->v[i], count_test, &n);
	return n;
}

static int list_files(struct rr_ctx *c, struct filelist *fl)
{
	int bad = 0;

	for (int i = 0; i < fl->n; i++)
		if (runner_list(c, fl->v[i], stdout) < 0)
			bad++;
	return bad ? 2 : 0;
}

/* After every result: the reports as they stand, for a second signal. */
struct snap_arg {
	const struct reports *R;
	const struct rr_run *run;
};

static void on_result(void *arg, const struct rr_result *pending)
{
	struct snap_arg *a = arg;

	reports_snapshot(a->R, a->run, pending);
}

/* The unit's tabs over USB for the card and the identity (a fresh session:
 * on the simulator a new unit, on a rig the same unit powered again). */
static void read_unit(struct rr_ctx *c, struct rr_run *run)
{
	char err[512];
	char *tabs = NULL;

	if (guard_signal) {
		rr_set(&run->unit_note, "the run was interrupted");
		return;
	}
	if (run->setup_error) {
		rr_set(&run->unit_note, "the run could not start");
		return;
	}
	guard_arm(c->opts->timeout);
	if (unit_read_tabs(c, &tabs, err, sizeof(err)) < 0) {
		rr_set(&run->unit_note, err);
		rr_warn("the unit's settings could not be read for the report: %s", err);
	} else {
		run->unit_tabs = tabs;
	}
	guard_arm(0);
	ctx_end_session(c);
	if (c->open_failures)
		c->stop = false;
}

/* The finalizer: reports and summary. Returns the exit status. */
static int finish(struct rr_ctx *c, const struct rr_opts *o, struct rr_run *run,
		  struct console *k, const struct reports *R)
{
	struct rr_counts n;
	struct sbuf b;
	int status = 0;

	run->t_end = wall_now();
	run->interrupted = guard_signal != 0;
	if (c->fw[0])
		rr_set(&run->firmware, c->fw);
	if (!run->serial && c->serial[0])
		rr_set(&run->serial, c->serial);
	rr_set(&run->safe_state, c->safe_state[0] ? c->safe_state : "no unit was started");
	if (!run->partial) {
		if (run->interrupted)
			rr_set(&run->partial, "interrupted by a stop signal");
		else if (run->setup_error || run->setup_errors)
			rr_set(&run->partial, "setup error");
		else if (c->stop && o->fail_fast)
			rr_set(&run->partial, "stopped at the first failure (--fail-fast)");
	}
	/* A second stop signal while the reports are written waits until they
	 * are complete (and then finds no snapshot to write over them). */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	if (reports_write(R, run))
		status = 2;
	reports_snapshot_clear();
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (k->tap) {
		sb_init(&b);
		report_tap_tail(&b, run->n, run->interrupted);
		if (fwrite(b.s, 1, b.len, k->tap) != b.len || fflush(k->tap))
			k->tap_failed = true;
		sb_free(&b);
		if (k->tap_failed) {
			rr_error("cannot write the TAP stream on standard output: %s",
				 strerror(errno ? errno : EIO));
			status = 2;
		}
	}
	sb_init(&b);
	report_matrix_text(run, &b);
	if (b.len) {
		fputc('\n', k->out);
		fputs(b.s, k->out);
	}
	sb_free(&b);
	int stored = results_after_run(o, run);
	console_summary(k, run);
	n = rr_count(run, 0, run->n);
	if (guard_signal)
		return 128 + guard_signal;
	if (status || run->setup_errors || run->setup_error)
		return 2;
	if (stored)
		return stored;
	return n.failed || n.errors ? 1 : 0;
}

/* mkdir -p path. */
static void make_dirs(const char *path)
{
	char d[PATH_MAX];

	if (!path || !*path || snprintf(d, sizeof(d), "%s", path) >= (int)sizeof(d))
		return;
	for (char *p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(d, 0777);
		*p = '/';
	}
	mkdir(d, 0777);
}

/* A run that could not start: partial reports carrying the error. */
static int setup_failed(struct rr_ctx *c, const struct rr_opts *o, struct rr_run *run,
			const struct reports *R, const char *err)
{
	(void)c;
	(void)o;
	rr_error("%s", err);
	rr_set(&run->setup_error, err);
	rr_set(&run->partial, "setup error");
	rr_set(&run->unit_note, "the run could not start");
	run->t_end = wall_now();
	reports_write(R, run);
	return 2;
}

int run_main(struct rr_opts *o)
{
	static struct rr_ctx c;
	struct filelist fl = { NULL, 0, 0 };
	struct rr_run run;
	struct console k;
	struct reports R;
	struct snap_arg sa;
	char err[1024], why[512], host[256];
	const char *partial;
	int status;

	memset(&c, 0, sizeof(c));
	memset(&run, 0, sizeof(run));
	c.opts = o;
	rr_loglevel = RR_LOG_WARN + o->verbose;
	if (o->no_pin)
		cpupin_disable();
	if (!o->list && !o->trace) {
		/* The report folder (the one tests may write in) exists before
		 * the first test, wherever the run starts (an installed
		 * relayrig in an empty folder). */
		const char *rdir = getenv("RELAYRIG_REPORTS");
		make_dirs(rdir && *rdir ? rdir : "reports");
	}
	if (!o->list && !o->trace && reports_setup(&R, o, err, sizeof(err)) < 0) {
		rr_error("%s", err);
		return 2;
	}
	if (o->list || o->trace)
		memset(&R, 0, sizeof(R));
	run.seed = o->seed_given ? o->seed : (unsigned long)wall_now() % 1000000;
	o->seed = run.seed;
	run.serial = rr_strdup(o->serial);
	if (o->serial) /* what a test checks the unit's own serial against */
		setenv("RELAYRIG_SERIAL", o->serial, 1);
	run.station = rr_strdup(o->station);
	if (o->nrigs > 1) { /* every rig of the run, in order */
		struct sbuf rb;
		sb_init(&rb);
		for (int i = 0; i < o->nrigs; i++)
			sb_printf(&rb, "%s%s", i ? ", " : "", o->rigs[i]);
		run.rig = sb_steal(&rb);
	} else {
		run.rig = rr_strdup(o->rig);
	}
	run.operator_name = rr_strdup(o->operator_name);
	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		run.hostname = rr_strdup(host);
	}
	partial = reports_partial_reason(o, why, sizeof(why));
	if (partial)
		run.partial = rr_strdup(partial);
	run.t_start = wall_now();
	if (access(o->statements, R_OK) == 0 &&
	    trace_statement_list(o->statements, &run.stmt_id, &run.stmt_text, &run.nstmt, err,
				 sizeof(err)) < 0)
		rr_warn("%s (the reports carry no statement traceability)", err);
	for (int i = 0; i < o->npaths; i++) {
		if (files_add(&fl, o->paths[i], err, sizeof(err)) < 0) {
			status = o->list || o->trace ? (rr_error("%s", err), 2)
						     : setup_failed(&c, o, &run, &R, err);
			goto out;
		}
	}
	if (run_pick_driver(&c, o, err, sizeof(err)) < 0) {
		status = o->list || o->trace ? (rr_error("%s", err), 2)
					     : setup_failed(&c, o, &run, &R, err);
		goto out;
	}
	if (o->trace) {
		status = trace_main(&c, o->statements, fl.v, fl.n);
		goto out;
	}
	if (o->list) {
		status = list_files(&c, &fl);
		goto out;
	}
	if (run_check_sim(err, sizeof(err)) < 0 || run_probe_rigs(&c, err, sizeof(err)) < 0) {
		status = setup_failed(&c, o, &run, &R, err);
		goto out;
	}
	guard_install_signals();
	live_ctx = &c;
	atexit(at_exit_safe);
	console_init(&k, o->tap ? stderr : stdout, o->tap ? stderr : stdout, true);
	k.total_files = fl.n;
	sa.R = &R;
	sa.run = &run;
	k.on_result = on_result;
	k.on_result_arg = &sa;
	k.on_file_done = reports_snapshot_flush;
	if (o->tap) {
		struct sbuf b;
		sb_init(&b);
		report_tap_head(&b, o->tap);
		k.tap = stdout;
		if (fwrite(b.s, 1, b.len, stdout) != b.len || fflush(stdout)) {
			rr_error("cannot write the TAP stream on standard output: %s",
				 strerror(errno ? errno : EIO));
			sb_free(&b);
			live_ctx = NULL;
			status = 2;
			goto out;
		}
		sb_free(&b);
	}
	static struct progress prog;
	if (o->progress) {
		progress_start(&prog, stderr, count_tests(&c, &fl));
		c.progress = &prog;
	}
	reports_snapshot(&R, &run, NULL);
	if (o->jobs > 1 && fl.n > 0 && !o->fail_fast)
		pool_run(&c, fl.v, fl.n, o->jobs, &run, &k);
	else
		run_serial(&c, &fl, &run, &k);
	ctx_end_session(&c);
	if (reports_want_unit(&R) && !c.open_failures)
		read_unit(&c, &run);
	else if (!run.unit_note)
		rr_set(&run.unit_note, c.open_failures ? "the rig could not start a unit"
						       : "not asked for");
	live_ctx = NULL;
	progress_end(c.progress);
	status = finish(&c, o, &run, &k, &R);
out:
	reports_snapshot_clear();
	rr_run_free(&run);
	files_free(&fl);
	free(c.m);
	rr_cell_free(c.cell);
	return status;
}
