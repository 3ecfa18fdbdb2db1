/*
 * cli.h - relayrig's command line (the run command; subcommands are
 * dispatched in main.c before this parser sees the arguments).
 */
#ifndef RR_CLI_H
#define RR_CLI_H

#include <stdbool.h>
#include <stddef.h>

#define RR_VERSION "0.1.0"
#define RR_DEFAULT_SUITES "tests/suites"
/* --trace without paths: the rig-runnable suites that name statements */
#define RR_TRACE_SUITES                             \
	{                                           \
		"tests/regression", "tests/certify" \
	}
/* the statement list: in the current folder, else the installed one
 * (BINDIR/../share/relayrig/fixtures/statements.md) */
#define RR_DEFAULT_STATEMENTS "fixtures/statements.md"
#define RR_DEFAULT_MEMORY_MIB 256
#define RR_MAX_RIGS 16 /* --rig given several times */

struct rr_opts {
	const char **paths; /* files or folders; default RR_DEFAULT_SUITES */
	int npaths;
	bool list, help, version, trace;
	int tap;                /* --tap: 0 none, else the TAP version (13, 14) */
	bool fail_fast;         /* stop at the first failed or errored test */
	const char *statements; /* --statements: the statement list for --trace */
	const char *without;    /* --without: capabilities to treat as missing */
	int verbose;
	const char *filter;            /* Lua pattern on "describe path + name" */
	const char *tags;              /* comma list: run only tests with one */
	const char *exclude_tags;      /* comma list: skip tests with one */
	int jobs;                      /* parallel units, >= 1 */
	const char *rig;               /* "sim" or a rig file: the first --rig */
	const char *rigs[RR_MAX_RIGS]; /* every --rig, in order (one unit each) */
	int nrigs;
	bool jobs_given;   /* -j was on the command line */
	bool hang_given;   /* --hang-timeout was on the command line */
	bool force_serial; /* --force-serial: --serial wins over the unit's */
	bool no_pin;       /* --no-pin: units and runners float between CPUs */
	bool progress;     /* --progress: a live progress bar on stderr */
	bool help_api;     /* --help-api: print the Lua API reference */
	const char *sim;   /* isocket-sim path, NULL = next to us */
	unsigned long seed;
	bool seed_given;
	const char *junit, *json;
	const char *junit_ant;     /* --junit-ant: JUnit with a bare <testsuites> */
	const char *html;          /* --html: the integrator report */
	const char *matrix;        /* --matrix: the certification matrix as text */
	const char *operator_name; /* --operator */
	double timeout;            /* per-test wall limit, s */
	double hang_timeout;       /* control reply limit, s */
	size_t memory_limit;       /* bytes a file's Lua state may hold, 0 = none */
	const char *serial, *station;
	const char *db;    /* --db: results database (file or postgresql://) */
	bool no_db;        /* --no-db: store nothing */
	const char *label; /* --label: a name for the stored run */
};

/* Parse argv[1..argc-1]. Returns 0, or -1 with a message in err for a
 * usage error. o->paths points into a malloc'ed array (cli_free). */
int cli_parse(int argc, char **argv, struct rr_opts *o, char *err, size_t errlen);
void cli_free(struct rr_opts *o);
/* The --help text. */
extern const char cli_help[];
/* The --help-api text: the Lua API reference (generated from rig/README.md). */
extern const char cli_help_api[];

#endif
