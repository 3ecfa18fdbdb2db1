/*
 * station.c - the end-of-line station: unit after unit, read the serial
 * (typed, or a barcode scanner's line), run the end-of-line profile on the
 * unit in a child relayrig (the unit's own report folder, the record
 * stored in the results database), show a large PASS or FAIL with the
 * reasons, and wait for the next unit.
 *
 * Every attempt is a row of station_units, written before the unit's run
 * starts and marked done in the run's own transaction. A station that
 * crashed or lost power finds its attempts still "running" when it starts
 * again, marks them "interrupted" and says so; records a run could not
 * store (kept in the unit folder's unstored/) are imported then too.
 */
#define LOG_PREFIX "station: "
#include "station.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "results/db.h"
#include "results/store.h"

static const char usage[] =
	"usage: relayrig station --rig sim|FILE [--profile eol|DIR] [--station NAME]\n"
	"                        [--operator NAME] [--db FILE|URL] [--reports DIR]\n"
	"                        [--sim PATH] [--sim-unit SERIAL=PATH]...\n"
	"Reads a serial number per line on standard input (typed, or a barcode\n"
	"scanner), runs the profile (default tests/eol) on the unit, shows PASS or\n"
	"FAIL with the reasons, stores the record, and waits for the next unit.\n"
	"An empty line asks again; 'quit' or the end of input ends the session.\n"
	"  --profile     eol (tests/eol) or a folder of Lua test files\n"
	"  --station     this station's name (default: the host name)\n"
	"  --operator    the operator's name, stored with each record\n"
	"  --db          the results database (default reports/results.db)\n"
	"  --reports     the folder of the units' report files (default reports)\n"
	"  --sim-unit    on the simulated rig, the unit with this serial runs this\n"
	"                simulator binary (a faulty unit for a demonstration)\n"
	"Exit status: 0 the session ended, 2 usage, database or rig error.\n";

struct sopts {
	const char *rig, *profile, *station, *operator_, *db, *reports, *sim;
	const char *sim_unit[32];
	int nsim_unit;
};

static char self[PATH_MAX];

static void banner(bool pass)
{
	/* 5 rows of block letters */
	static const char *const P[] = { "#### ", "#   #", "#### ", "#    ", "#    " };
	static const char *const A[] = { " ### ", "#   #", "#####", "#   #", "#   #" };
	static const char *const S[] = { " ####", "#    ", " ### ", "    #", "#### " };
	static const char *const F[] = { "#####", "#    ", "#### ", "#    ", "#    " };
	static const char *const I[] = { "#####", "  #  ", "  #  ", "  #  ", "#####" };
	static const char *const L[] = { "#    ", "#    ", "#    ", "#    ", "#####" };
	const char *const *w[4];
	if (pass) {
		w[0] = P;
		w[1] = A;
		w[2] = S;
		w[3] = S;
	} else {
		w[0] = F;
		w[1] = A;
		w[2] = I;
		w[3] = L;
	}
	/* in colour on a terminal, unless NO_COLOR is set */
	bool color = isatty(1) && !getenv("NO_COLOR");
	printf("\n%s", color ? (pass ? "\033[1;32m" : "\033[1;31m") : "");
	for (int r = 0; r < 5; r++) {
		printf("    ");
		for (int k = 0; k < 4; k++)
			printf("%s%s", w[k][r], k < 3 ? "  " : "\n");
	}
	printf("%s\n", color ? "\033[0m" : "");
}

static bool good_serial(const char *s)
{
	if (!*s || strlen(s) > 40)
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.' && *p != '/')
			return false;
	return true;
}

static void mkdirs(const char *path)
{
	char part[PATH_MAX];
	size_t n = strlen(path);
	for (size_t i = 1; i <= n && i < sizeof(part); i++)
		if (path[i] == '/' || path[i] == '\0') {
			memcpy(part, path, i);
			part[i] = '\0';
			mkdir(part, 0777);
		}
}

/* Store the records kept under the units' folders (runs that could not
 * reach the database). */
static void import_kept(struct store *st, const char *reports)
{
	char pat[PATH_MAX];
	glob_t g;
	snprintf(pat, sizeof(pat), "%s/station/*/unstored/*.rec", reports);
	if (glob(pat, 0, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct rr_run run;
		struct store_meta m;
		char err[1024];
		long long id;
		if (store_spool_read(g.gl_pathv[i], &run, &m) == 0 &&
		    store_save(st, &run, &m, &id, err, sizeof(err)) == 0) {
			printf("station: stored the kept record %s as run %lld\n", g.gl_pathv[i], id);
			unlink(g.gl_pathv[i]);
		}
		rr_run_free(&run);
		store_meta_free(&m);
	}
	globfree(&g);
}

/* The verdict of a run whose record was kept instead of stored. */
static bool kept_passed(const char *dir)
{
	char pat[PATH_MAX];
	glob_t g;
	bool pass = false;
	snprintf(pat, sizeof(pat), "%s/unstored/*.rec", dir);
	if (glob(pat, 0, NULL, &g) != 0)
		return false;
	struct rr_run run;
	struct store_meta m;
	if (store_spool_read(g.gl_pathv[0], &run, &m) == 0) {
		struct rr_counts c = rr_count(&run, 0, run.n);
		pass = !c.failed && !c.errors && !run.setup_errors && !run.interrupted && run.n > 0;
	}
	rr_run_free(&run);
	store_meta_free(&m);
	globfree(&g);
	return pass;
}

/* Run the profile on one unit in a child relayrig. Returns its exit status
 * (or 128+signal). */
static int run_unit(const struct sopts *o, const char *db, const char *serial, const char *dir,
		    long long uid)
{
	const char *argv[32];
	char uidbuf[24], json[PATH_MAX], junit[PATH_MAX], console[PATH_MAX], html[PATH_MAX];
	const char *sim = o->sim;
	int n = 0, status;
	size_t sl = strlen(serial);

	for (int i = 0; i < o->nsim_unit; i++)
		if (!strncmp(o->sim_unit[i], serial, sl) && o->sim_unit[i][sl] == '=')
			sim = o->sim_unit[i] + sl + 1;
	snprintf(uidbuf, sizeof(uidbuf), "%lld", uid);
	snprintf(json, sizeof(json), "%s/run.json", dir);
	snprintf(junit, sizeof(junit), "%s/run.xml", dir);
	snprintf(console, sizeof(console), "%s/console.txt", dir);
	snprintf(html, sizeof(html), "%s/report.html", dir);
	argv[n++] = self;
	argv[n++] = "--rig";
	argv[n++] = o->rig;
	if (sim) {
		argv[n++] = "--sim";
		argv[n++] = sim;
	}
	argv[n++] = "--serial";
	argv[n++] = serial;
	argv[n++] = "--station";
	argv[n++] = o->station;
	if (o->operator_) {
		argv[n++] = "--operator";
		argv[n++] = o->operator_;
	}
	argv[n++] = "--db";
	argv[n++] = db;
	argv[n++] = "--json";
	argv[n++] = json;
	argv[n++] = "--junit";
	argv[n++] = junit;
	argv[n++] = "--html";
	argv[n++] = html;
	argv[n++] = o->profile;
	argv[n] = NULL;

	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		/* the unit's run dies with the station (a crash or power loss) */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		int fd = open(console, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0) {
			dup2(nul, 0);
			close(nul);
		}
		setenv("RELAYRIG_REPORTS", dir, 1);
		setenv("RELAYRIG_STATION_UNIT", uidbuf, 1);
		setenv("NO_COLOR", "1", 1);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execv(self, (char *const *)argv);
		_exit(127);
	}
	/* Ctrl-C is for the unit's run (it stores the run as interrupted and
	 * leaves the rig safe); the station ends after it */
	void (*old_int)(int) = signal(SIGINT, SIG_IGN);
	void (*old_term)(int) = signal(SIGTERM, SIG_IGN);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			break;
	signal(SIGINT, old_int);
	signal(SIGTERM, old_term);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* One reason: the test, the first line of its message, and what was
 * expected when the message says. */
static void reason(const char *cls, const char *name, const char *msg)
{
	const char *nl = msg ? strchr(msg, '\n') : NULL;
	const char *exp = msg ? strstr(msg, "\nexpected: ") : NULL;
	printf("  - %s%s%s: %.*s", cls ? cls : "", cls ? " " : "", name,
	       msg ? (nl ? (int)(nl - msg) : (int)strlen(msg)) : 0, msg ? msg : "");
	if (exp) {
		exp += 11;
		const char *e = strchr(exp, '\n');
		printf(" (expected %.*s)", e ? (int)(e - exp) : (int)strlen(exp), exp);
	}
	printf("\n");
}

/* The reasons of a failed run: its failed tests, from the database, or
 * from the record kept when the database did not take it. */
static void reasons(struct store *st, long long uid, const char *dir)
{
	char q[24];
	snprintf(q, sizeof(q), "%lld", uid);
	const char *p[] = { q };
	struct db_res *r = db_query(store_db(st), "SELECT t.classname, t.name, t.outcome, t.message"
						  " FROM station_units u JOIN tests t ON t.run_id = u.run_id WHERE u.id = $1"
						  " AND t.outcome IN ('fail', 'error') ORDER BY t.idx",
				    1, p);
	int shown = 0;
	for (int i = 0; r && i < db_rows(r); i++, shown++)
		reason(db_get(r, i, 0), db_get(r, i, 1), db_get(r, i, 3));
	db_res_free(r);
	if (shown)
		return;
	/* not stored: the kept record */
	char pat[PATH_MAX];
	glob_t g;
	snprintf(pat, sizeof(pat), "%s/unstored/*.rec", dir);
	if (glob(pat, 0, NULL, &g) == 0) {
		struct rr_run run;
		struct store_meta m;
		if (store_spool_read(g.gl_pathv[0], &run, &m) == 0)
			for (int i = 0; i < run.n; i++)
				if (run.r[i].outcome == RR_FAIL || run.r[i].outcome == RR_ERROR) {
					reason(run.r[i].classname, run.r[i].name, run.r[i].message);
					shown++;
				}
		rr_run_free(&run);
		store_meta_free(&m);
		globfree(&g);
	}
	if (!shown)
		printf("  - the run did not complete: see %s/console.txt\n", dir);
}

static int parse(int argc, char **argv, struct sopts *o)
{
	static char host[128];
	memset(o, 0, sizeof(*o));
	o->profile = "tests/eol";
	o->reports = getenv("RELAYRIG_REPORTS") && *getenv("RELAYRIG_REPORTS") ? getenv("RELAYRIG_REPORTS") : "reports";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			exit(0);
		}
		if (!strcmp(a, "--rig")) dst = &o->rig;
		else if (!strcmp(a, "--profile")) dst = &o->profile;
		else if (!strcmp(a, "--station")) dst = &o->station;
		else if (!strcmp(a, "--operator")) dst = &o->operator_;
		else if (!strcmp(a, "--db")) dst = &o->db;
		else if (!strcmp(a, "--reports")) dst = &o->reports;
		else if (!strcmp(a, "--sim")) dst = &o->sim;
		else if (!strcmp(a, "--sim-unit") && i + 1 < argc && strchr(argv[i + 1], '=') &&
			 o->nsim_unit < 32) {
			o->sim_unit[o->nsim_unit++] = argv[++i];
			continue;
		}
		if (!dst || i + 1 >= argc) {
			fprintf(stderr, "relayrig station: %s '%s'\n%s", dst ? "a value is needed after" : "unknown option", a, usage);
			return -1;
		}
		*dst = argv[++i];
	}
	if (!o->rig) {
		fprintf(stderr, "relayrig station: --rig sim|FILE is needed\n%s", usage);
		return -1;
	}
	if (!strcmp(o->profile, "eol"))
		o->profile = "tests/eol";
	if (!o->station) {
		if (gethostname(host, sizeof(host) - 1) < 0)
			snprintf(host, sizeof(host), "station");
		o->station = host;
	}
	struct stat stt;
	if (stat(o->profile, &stt) < 0) {
		fprintf(stderr, "relayrig station: the profile %s: %s\n", o->profile, strerror(errno));
		return -1;
	}
	if (strcmp(o->rig, "sim") && access(o->rig, R_OK) < 0) {
		fprintf(stderr, "relayrig station: --rig %s: %s\n", o->rig, strerror(errno));
		return -1;
	}
	return 0;
}

int station_main(int argc, char **argv)
{
	struct sopts o;
	struct store *st;
	char db[1200], err[1024], line[256], list[2048];
	ssize_t n;
	int units = 0, passed = 0;

	if (parse(argc, argv, &o) < 0)
		return 2;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 2;
	self[n] = '\0';
	if (o.db) {
		snprintf(db, sizeof(db), "%s", o.db);
	} else {
		setenv("RELAYRIG_REPORTS", o.reports, 1);
		store_default_url(db, sizeof(db));
	}
	if (store_open(db, &st, err, sizeof(err)) < 0) {
		fprintf(stderr, "relayrig station: the results database: %s\n", err);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	char shown[1200];
	printf("station %s: profile %s, rig %s, database %s (%s)%s%s\n", o.station, o.profile, o.rig,
	       store_shown_url(db, shown, sizeof(shown)), db_version(store_db(st)), o.operator_ ? ", operator " : "",
	       o.operator_ ? o.operator_ : "");
	import_kept(st, o.reports); /* first: a kept record completes its attempt */
	int k = store_unit_interrupted(st, o.station, list, sizeof(list));
	if (k > 0) {
		printf("station: resumed after an interruption; %d unit%s did not finish and %s marked "
		       "interrupted (nothing of it was stored; test it again):\n",
		       k, k == 1 ? "" : "s", k == 1 ? "is" : "are");
		for (char *l = strtok(list, "\n"); l; l = strtok(NULL, "\n"))
			printf("  %s\n", l);
	}
	for (;;) {
		printf("\nscan or type the serial number (empty: ask again, quit: end)\nserial> ");
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			break;
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		size_t len = strlen(s);
		while (len && isspace((unsigned char)s[len - 1]))
			s[--len] = '\0';
		if (!len)
			continue;
		if (!strcmp(s, "quit") || !strcmp(s, "exit"))
			break;
		printf("%s\n", s); /* echo: a scripted operator or scanner shows in the log */
		if (!good_serial(s)) {
			printf("station: '%s' is not a serial number (letters, digits, - _ . /); scan again\n", s);
			continue;
		}
		long long uid;
		int attempt;
		int rb = store_unit_begin(st, o.station, s, &uid, &attempt, err, sizeof(err));
		if (rb < 0 && db_lost(store_db(st)) && store_reconnect(st, err, sizeof(err)) == 0)
			rb = store_unit_begin(st, o.station, s, &uid, &attempt, err, sizeof(err));
		if (rb < 0) {
			printf("station: cannot record the unit in the database: %s\n", err);
			printf("station: fix the database and scan the unit again\n");
			continue;
		}
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%s/station/%s-%d", o.reports, s, attempt);
		mkdirs(dir);
		printf("unit %s, attempt %d: testing...\n", s, attempt);
		time_t t0 = time(NULL);
		int rc = run_unit(&o, db, s, dir, uid);
		bool pass = rc == 0 || (rc == 3 && kept_passed(dir));
		units++;
		passed += pass;
		banner(pass);
		printf("unit %s attempt %d: %s in %ld s (files: %s)\n", s, attempt, pass ? "PASS" : "FAIL",
		       (long)(time(NULL) - t0), dir);
		if (db_lost(store_db(st)))
			store_reconnect(st, err, sizeof(err));
		if (!pass)
			reasons(st, uid, dir);
		if (rc == 3)
			printf("\n    *** RECORD NOT STORED ***\n");
		if (rc >= 128) {
			printf("station: the unit's run was interrupted (signal %d); its record is stored as "
			       "interrupted; the station ends\n",
			       rc - 128);
			break;
		}
		if (rc == 3)
			printf("station: the record was NOT stored in the database; it is kept in %s/unstored/ "
			       "and stored when the station starts again\n",
			       dir);
		else if (rc != 0 && rc != 1) {
			/* no record: the run could not start or ended abnormally */
			char q[24];
			snprintf(q, sizeof(q), "%lld", uid);
			const char *p[] = { q };
			db_exec(store_db(st), "UPDATE station_units SET state = 'aborted' WHERE id = $1 AND"
					      " state = 'running'",
				1, p);
			printf("station: the run ended abnormally (exit %d): see %s/console.txt\n", rc, dir);
		}
	}
	printf("\nstation %s: %d unit%s tested, %d passed, %d failed\n", o.station, units,
	       units == 1 ? "" : "s", passed, units - passed);
	store_close(st);
	return 0;
}
