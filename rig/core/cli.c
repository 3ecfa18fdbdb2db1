/* cli.c - option parsing for the run command. */
#include "cli.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cli_help[] =
	"usage: relayrig [options] [FILE|DIR...]\n"
	"       relayrig modem ...            GSM modem emulator console\n"
	"       relayrig ports                list serial ports and FTDI chips\n"
	"       relayrig doctor --rig FILE    check a rig's wiring\n"
	"       relayrig pic [--rig FILE] [-o FILE]  the unit's Product Information Card\n"
	"       relayrig results ...          the results database (list, show, yield,\n"
	"                                     compare, export, import)\n"
	"       relayrig report RUN           the HTML report of a stored run\n"
	"       relayrig station --rig FILE   the end-of-line station, unit after unit\n"
	"\n"
	"Runs Lua test files (folders: every *.lua below, sorted) against an iSocket\n"
	"Smart Relay on a rig: the simulated unit by default. Without paths, runs\n" RR_DEFAULT_SUITES ".\n"
	"\n"
	"Selection:\n"
	"  -l, --list               list the selected tests, run nothing\n"
	"  -f, --filter PATTERN     only tests whose full name matches the Lua pattern\n"
	"  -t, --tags TAG[,TAG]     only tests carrying one of the tags (#tag in names)\n"
	"      --exclude-tags TAG[,TAG]  skip tests carrying one of the tags\n"
	"  -x, --fail-fast          stop at the first failed or errored test (runs\n"
	"                           serially; the tests not run are not reported)\n"
	"Traceability:\n"
	"      --trace              print each statement ID with the tests that name it\n"
	"                           (#S51, #T.relay.option1 in test names), run nothing;\n"
	"                           exit 1 if a statement is untraced. Default paths:\n"
	"                           tests/regression tests/certify\n"
	"      --statements FILE    the statement list (default " RR_DEFAULT_STATEMENTS ")\n"
	"Rig:\n"
	"      --rig sim|FILE       the simulated unit (default) or a rig file\n"
	"                           (fixtures/rigs/*.rig); repeat it to run one unit\n"
	"                           per rig file in parallel\n"
	"      --sim PATH           isocket-sim binary (default: the rig file's [sim]\n"
	"                           simulator, else next to relayrig)\n"
	"      --without CAP[,CAP]  treat the rig as lacking these capabilities (tests\n"
	"                           that need them are skipped): rehearse a physical\n"
	"                           rig's run on the simulator\n"
	"  -j, --jobs N             N units in parallel; tests of independent describes\n"
	"                           are handed out one by one, other tests by file (a\n"
	"                           physical rig has one unit: -j is refused there)\n"
	"      --timeout S          wall-clock limit per test (default 60)\n"
	"      --hang-timeout S     firmware reply limit before it counts as hung (default:\n"
	"                           the rig file's hang_timeout_ms, else 5)\n"
	"      --seed N             seed for math.random (default: from the clock; printed)\n"
	"      --memory-limit MIB   memory a test file's Lua state may hold (default 256,\n"
	"                           0 = none); past it the test errors\n"
	"      --no-pin             let the system move each simulated unit and the\n"
	"                           process driving it between CPUs (by default they\n"
	"                           share one; also RELAYRIG_PIN=0)\n"
	"Record:\n"
	"      --serial S           the unit's serial number (station use); a unit that\n"
	"                           reports another one is a setup error (exit 2)\n"
	"      --force-serial       record --serial even if the unit reports another\n"
	"      --station NAME       the test station's name\n"
	"      --operator NAME      who ran the test (in the reports)\n"
	"      --junit FILE         write JUnit XML (the xunit plugin's schema: totals on\n"
	"                           <testsuites>)\n"
	"      --junit-ant FILE     write JUnit XML in the Ant schema (bare <testsuites>)\n"
	"      --json FILE          write the JSON run record\n"
	"      --html FILE          write the integrator report: verdict, unit, matrix\n"
	"                           with evidence, checks, measurements, statements,\n"
	"                           Product Information Card (one self-contained file)\n"
	"      --matrix FILE        write the certification matrix as text\n"
	"                           Reports are written whole or not at all; a partial\n"
	"                           run (filtered, --without, stopped early, setup\n"
	"                           error) writes NAME.partial.EXT instead; --list and\n"
	"                           --trace write none\n"
	"      --tap[=13|14]        TAP on stdout, test by test (version 13, what prove\n"
	"                           reads, unless 14 is asked); the summary goes to stderr\n"
	"      --db FILE|URL        the results database the run is stored in: an SQLite\n"
	"                           file or postgresql://... (default $RELAYRIG_DB, else\n"
	"                           reports/results.db in the report folder)\n"
	"      --no-db              store nothing in the results database (also\n"
	"                           RELAYRIG_DB=none)\n"
	"      --label TEXT         a name for the stored run (results compare label=TEXT)\n"
	"Other:\n"
	"      --progress           a live progress bar on stderr (test i of N,\n"
	"                           elapsed, ETA)\n"
	"  -v, --verbose            more diagnostics (repeat for debug)\n"
	"  -h, --help               this text\n"
	"      --help-api           the Lua API reference (rig, modem, dut, clock)\n"
	"  -V, --version            the version\n"
	"\n"
	"Exit status: 0 all passed, 1 failures or errors, 2 usage or setup error\n"
	"(malformed test file, missing path, rig not available), 3 the run's record\n"
	"was not stored in the results database (kept in reports/unstored/), 128+N\n"
	"when stopped by signal N (the rig is left safe and reports are written).\n"
	"Colour only on a terminal and never with NO_COLOR set.\n";

static int bad(char *err, size_t n, const char *fmt, const char *a)
{
	snprintf(err, n, fmt, a);
	return -1;
}

static int to_double(const char *s, double *v, double min)
{
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	return (errno || end == s || *end || !(*v >= min)) ? -1 : 0;
}

static int to_ulong(const char *s, unsigned long *v)
{
	char *end;
	if (*s == '-' || !*s)
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return (errno || *end) ? -1 : 0;
}

/* Options that take a value: long name, short letter (0 = none). */
static const struct {
	const char *name;
	char shrt;
} valued[] = {
	{ "filter", 'f' },
	{ "tags", 't' },
	{ "exclude-tags", 0 },
	{ "jobs", 'j' },
	{ "rig", 0 },
	{ "sim", 0 },
	{ "seed", 0 },
	{ "junit", 0 },
	{ "json", 0 },
	{ "timeout", 0 },
	{ "hang-timeout", 0 },
	{ "serial", 0 },
	{ "station", 0 },
	{ "statements", 0 },
	{ "memory-limit", 0 },
	{ "without", 0 },
	{ "junit-ant", 0 },
	{ "html", 0 },
	{ "matrix", 0 },
	{ "operator", 0 },
	{ "db", 0 },
	{ "label", 0 },
};

static int set_valued(struct rr_opts *o, const char *name, const char *v,
		      char *err, size_t n)
{
	unsigned long ul;
	double d;

	if (!strcmp(name, "filter")) o->filter = v;
	else if (!strcmp(name, "tags")) o->tags = v;
	else if (!strcmp(name, "exclude-tags")) o->exclude_tags = v;
	else if (!strcmp(name, "rig")) {
		if (o->nrigs == RR_MAX_RIGS)
			return bad(err, n, "--rig: at most 16 rigs, got more (last '%s')", v);
		o->rigs[o->nrigs++] = v;
		o->rig = o->rigs[0];
	} else if (!strcmp(name, "sim")) o->sim = v;
	else if (!strcmp(name, "junit")) o->junit = v;
	else if (!strcmp(name, "json")) o->json = v;
	else if (!strcmp(name, "serial")) o->serial = v;
	else if (!strcmp(name, "station")) o->station = v;
	else if (!strcmp(name, "statements")) o->statements = v;
	else if (!strcmp(name, "without")) o->without = v;
	else if (!strcmp(name, "junit-ant")) o->junit_ant = v;
	else if (!strcmp(name, "html")) o->html = v;
	else if (!strcmp(name, "matrix")) o->matrix = v;
	else if (!strcmp(name, "operator")) o->operator_name = v;
	else if (!strcmp(name, "db")) o->db = v;
	else if (!strcmp(name, "label")) o->label = v;
	else if (!strcmp(name, "jobs")) {
		if (to_ulong(v, &ul) || ul < 1 || ul > 256)
			return bad(err, n, "--jobs: expected a number from 1 to 256, got '%s'", v);
		o->jobs = (int)ul;
		o->jobs_given = true;
	} else if (!strcmp(name, "seed")) {
		if (to_ulong(v, &ul))
			return bad(err, n, "--seed: expected a non-negative integer, got '%s'", v);
		o->seed = ul;
		o->seed_given = true;
	} else if (!strcmp(name, "memory-limit")) {
		if (to_ulong(v, &ul) || ul > 1024 * 1024)
			return bad(err, n, "--memory-limit: expected MiB from 0 (no limit) to 1048576, got '%s'", v);
		o->memory_limit = (size_t)ul * 1024 * 1024;
	} else if (!strcmp(name, "timeout") || !strcmp(name, "hang-timeout")) {
		if (to_double(v, &d, 0.001) || d > 1e6)
			return bad(err, n, "expected a positive number of seconds, got '%s'", v);
		*(!strcmp(name, "timeout") ? &o->timeout : &o->hang_timeout) = d;
		if (!strcmp(name, "hang-timeout"))
			o->hang_given = true;
	}
	if ((!strcmp(name, "rig") || !strcmp(name, "junit") || !strcmp(name, "json") ||
	     !strcmp(name, "junit-ant") || !strcmp(name, "html") || !strcmp(name, "matrix") ||
	     !strcmp(name, "sim") || !strcmp(name, "filter") ||
	     !strcmp(name, "statements") || !strcmp(name, "db")) &&
	    !*v)
		return bad(err, n, "--%s: empty value", name);
	return 0;
}

static int flag(struct rr_opts *o, const char *name)
{
	if (!strcmp(name, "list") || !strcmp(name, "l")) o->list = true;
	else if (!strcmp(name, "trace")) o->trace = true;
	else if (!strcmp(name, "no-db")) o->no_db = true;
	else if (!strcmp(name, "fail-fast") || !strcmp(name, "x")) o->fail_fast = true;
	else if (!strcmp(name, "tap")) o->tap = 13;
	else if (!strcmp(name, "force-serial")) o->force_serial = true;
	else if (!strcmp(name, "no-pin")) o->no_pin = true;
	else if (!strcmp(name, "progress")) o->progress = true;
	else if (!strcmp(name, "help-api")) o->help_api = true;
	else if (!strcmp(name, "help") || !strcmp(name, "h")) o->help = true;
	else if (!strcmp(name, "version") || !strcmp(name, "V")) o->version = true;
	else if (!strcmp(name, "verbose") || !strcmp(name, "v")) o->verbose++;
	else return -1;
	return 0;
}

static const char *valued_long(const char *name, char shrt)
{
	for (size_t i = 0; i < sizeof(valued) / sizeof(valued[0]); i++)
		if ((name && !strcmp(name, valued[i].name)) ||
		    (shrt && shrt == valued[i].shrt))
			return valued[i].name;
	return NULL;
}

/* The statement list: fixtures/statements.md in the current folder (the
 * source tree), else the installed one, share/relayrig/fixtures next to
 * the bin folder relayrig runs from (any PREFIX, DESTDIR staging too). */
static const char *default_statements(void)
{
	static char path[PATH_MAX + 64];
	char exe[PATH_MAX];
	ssize_t n;

	if (access(RR_DEFAULT_STATEMENTS, R_OK) == 0)
		return RR_DEFAULT_STATEMENTS;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return RR_DEFAULT_STATEMENTS;
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s/../share/relayrig/" RR_DEFAULT_STATEMENTS, dirname(exe));
	return access(path, R_OK) == 0 ? path : RR_DEFAULT_STATEMENTS;
}

int cli_parse(int argc, char **argv, struct rr_opts *o, char *err, size_t n)
{
	bool only_paths = false;

	memset(o, 0, sizeof(*o));
	o->jobs = 1;
	o->timeout = 60;
	o->hang_timeout = 5;
	o->memory_limit = (size_t)RR_DEFAULT_MEMORY_MIB * 1024 * 1024;
	o->rig = "sim";
	o->paths = calloc((size_t)argc + 1, sizeof(*o->paths));
	if (!o->paths)
		return bad(err, n, "%s", "out of memory");

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name, *val = NULL;
		char lname[32];

		if (only_paths || a[0] != '-' || !a[1]) {
			o->paths[o->npaths++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_paths = true;
			continue;
		}
		if (a[1] == '-') { /* --name or --name=value */
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
			if (len >= sizeof(lname))
				return bad(err, n, "unknown option '%s'", a);
			memcpy(lname, a + 2, len);
			lname[len] = '\0';
			name = valued_long(lname, 0);
			if (!name && eq && !strcmp(lname, "tap")) {
				if (strcmp(eq + 1, "13") && strcmp(eq + 1, "14"))
					return bad(err, n, "--tap: the TAP version is 13 or 14, got '%s'", eq + 1);
				o->tap = atoi(eq + 1);
				continue;
			}
			if (!name) {
				if (eq || flag(o, lname))
					return bad(err, n, "unknown option '%s' (see --help)", a);
				continue;
			}
			val = eq ? eq + 1 : NULL;
		} else { /* -x, -xVALUE, -x VALUE, or a cluster of flags */
			name = valued_long(NULL, a[1]);
			if (!name) {
				for (const char *c = a + 1; *c; c++) {
					char s[2] = { *c, 0 };
					if (flag(o, s))
						return bad(err, n, "unknown option '%s' (see --help)", a);
				}
				continue;
			}
			val = a[2] ? a + 2 : NULL;
		}
		if (!val) {
			if (i + 1 >= argc)
				return bad(err, n, "option '%s' needs a value", a);
			val = argv[++i];
		}
		if (set_valued(o, name, val, err, n))
			return -1;
	}
	if (o->npaths == 0 && o->trace) {
		static const char *const trace_suites[] = RR_TRACE_SUITES;
		for (size_t k = 0; k < sizeof(trace_suites) / sizeof(trace_suites[0]); k++)
			o->paths[o->npaths++] = trace_suites[k];
	}
	if (o->npaths == 0)
		o->paths[o->npaths++] = RR_DEFAULT_SUITES;
	if (!o->statements)
		o->statements = default_statements();
	if (o->nrigs == 0)
		o->rigs[o->nrigs++] = o->rig;
	return 0;
}

void cli_free(struct rr_opts *o)
{
	free(o->paths);
	o->paths = NULL;
	o->npaths = 0;
}
