/* test_cli.c - the run command's option parsing. */
#include "cli.h"
#include "test.h"

static int parse(struct rr_opts *o, char *err, const char *const *args)
{
	char *argv[48];
	int argc = 0;
	argv[argc++] = "relayrig";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	return cli_parse(argc, argv, o, err, 256);
}

TEST(cli_defaults)
{
	struct rr_opts o;
	char err[256];
	const char *a[] = { NULL };
	assert_true(parse(&o, err, a) == 0);
	assert_int_equal(o.npaths, 1);
	assert_int_equal(o.jobs, 1);
	assert_string_equal(o.rig, "sim");
	assert_true(o.timeout == 60);
	assert_true(!o.seed_given);
	cli_free(&o);
}

TEST(cli_all_options)
{
	struct rr_opts o;
	char err[256];
	const char *a[] = { "-l", "--filter", "STATUS", "-t", "slow,sms", "--exclude-tags=wip",
			    "-j4", "--rig", "fixtures/rigs/bench.rig", "--sim", "/x/isocket-sim",
			    "--seed", "42", "--junit", "j.xml", "--tap", "--json=r.json",
			    "--timeout", "2.5", "--serial", "SR7-9", "--station", "EOL-1",
			    "-vv", "a.lua", "dir", NULL };
	assert_true(parse(&o, err, a) == 0);
	assert_true(o.list);
	assert_string_equal(o.filter, "STATUS");
	assert_string_equal(o.tags, "slow,sms");
	assert_string_equal(o.exclude_tags, "wip");
	assert_int_equal(o.jobs, 4);
	assert_string_equal(o.rig, "fixtures/rigs/bench.rig");
	assert_string_equal(o.sim, "/x/isocket-sim");
	assert_true(o.seed_given);
	assert_int_equal(o.seed, 42);
	assert_string_equal(o.junit, "j.xml");
	assert_int_equal(o.tap, 13);
	assert_string_equal(o.json, "r.json");
	assert_true(o.timeout == 2.5);
	assert_string_equal(o.serial, "SR7-9");
	assert_string_equal(o.station, "EOL-1");
	assert_int_equal(o.verbose, 2);
	assert_int_equal(o.npaths, 2);
	assert_string_equal(o.paths[1], "dir");
	cli_free(&o);
}

TEST(cli_double_dash_paths)
{
	struct rr_opts o;
	char err[256];
	const char *a[] = { "--", "-weird.lua", NULL };
	assert_true(parse(&o, err, a) == 0);
	assert_int_equal(o.npaths, 1);
	assert_string_equal(o.paths[0], "-weird.lua");
	cli_free(&o);
}

TEST(cli_tap_trace_failfast)
{
	struct rr_opts o;
	char err[256];
	const char *a[] = { "--tap=14", "-x", "--trace", "--statements", "s.md", NULL };
	const char *b[] = { "--trace", NULL };
	assert_true(parse(&o, err, a) == 0);
	assert_int_equal(o.tap, 14);
	assert_true(o.fail_fast);
	assert_true(o.trace);
	assert_string_equal(o.statements, "s.md");
	cli_free(&o);
	assert_true(parse(&o, err, b) == 0);
	assert_int_equal(o.npaths, 2);
	assert_string_equal(o.paths[0], "tests/regression");
	assert_string_equal(o.paths[1], "tests/certify");
	assert_string_equal(o.statements, "fixtures/statements.md");
	cli_free(&o);
}

static void expect_error(const char *const *a, const char *needle)
{
	struct rr_opts o;
	char err[256] = "";
	assert_true(parse(&o, err, a) == -1);
	if (!strstr(err, needle))
		test_fail_at(__FILE__, __LINE__, "error '%s' lacks '%s'", err, needle);
	cli_free(&o);
}

TEST(cli_errors)
{
	const char *a1[] = { "--bogus", NULL };
	const char *a2[] = { "-j", "0", NULL };
	const char *a3[] = { "-j", "many", NULL };
	const char *a4[] = { "--timeout", "-1", NULL };
	const char *a5[] = { "--junit", NULL };
	const char *a6[] = { "--seed", "-3", NULL };
	const char *a7[] = { "-q", NULL };
	const char *a8[] = { "--tap=1", NULL };
	expect_error(a1, "unknown option '--bogus'");
	expect_error(a2, "--jobs");
	expect_error(a3, "'many'");
	expect_error(a4, "seconds");
	expect_error(a5, "needs a value");
	expect_error(a6, "--seed");
	expect_error(a7, "unknown option '-q'");
	expect_error(a8, "TAP version is 13 or 14");
}

TEST(cli_help_mentions_every_option)
{
	const char *opts[] = { "--list", "--filter", "--tags", "--exclude-tags", "--rig",
			       "--sim", "--jobs", "--timeout", "--seed", "--serial",
			       "--station", "--junit", "--json", "--tap", "--help",
			       "--version", "modem", "ports", "doctor", "NO_COLOR", NULL };
	for (int i = 0; opts[i]; i++)
		if (!strstr(cli_help, opts[i]))
			test_fail_at(__FILE__, __LINE__, "help lacks %s", opts[i]);
}

/* The rig model's options: --rig repeats (one unit per rig), the flags
 * for the serial check, the progress bar and the API reference, and what
 * was given on the command line (so that a rig file's value stands). */
TEST(cli_rig_model_options)
{
	struct rr_opts o;
	char err[256];
	const char *a[] = { "--rig", "a.rig", "--rig=b.rig", "--force-serial", "--progress",
			    "--help-api", "--hang-timeout", "0.5", NULL };
	assert_true(parse(&o, err, a) == 0);
	assert_int_equal(o.nrigs, 2);
	assert_string_equal(o.rigs[0], "a.rig");
	assert_string_equal(o.rigs[1], "b.rig");
	assert_string_equal(o.rig, "a.rig");
	assert_true(o.force_serial);
	assert_true(o.progress);
	assert_true(o.help_api);
	assert_true(o.hang_given);
	assert_true(!o.jobs_given);
	cli_free(&o);

	const char *d[] = { "-j", "2", NULL };
	assert_true(parse(&o, err, d) == 0);
	assert_int_equal(o.nrigs, 1);
	assert_string_equal(o.rigs[0], "sim");
	assert_true(o.jobs_given);
	assert_true(!o.hang_given);
	cli_free(&o);

	const char *many[] = { "--rig", "1", "--rig", "2", "--rig", "3", "--rig", "4", "--rig", "5",
			       "--rig", "6", "--rig", "7", "--rig", "8", "--rig", "9", "--rig", "10",
			       "--rig", "11", "--rig", "12", "--rig", "13", "--rig", "14", "--rig", "15",
			       "--rig", "16", "--rig", "17", NULL };
	assert_int_equal(parse(&o, err, many), -1);
	assert_string_equal(err, "--rig: at most 16 rigs, got more (last '17')");
	cli_free(&o);
}
