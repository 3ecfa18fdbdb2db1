/* test_results_cli.c - the run command's results database options. */
#include "cli.h"
#include "test.h"

TEST(cli_results_options)
{
	char *argv[] = { "relayrig", "--db", "postgresql://x@/y", "--label", "release old",
			 "--no-db", "t.lua", NULL };
	struct rr_opts o;
	char err[256];
	assert_true(cli_parse(7, argv, &o, err, sizeof(err)) == 0);
	assert_string_equal(o.db, "postgresql://x@/y");
	assert_string_equal(o.label, "release old");
	assert_true(o.no_db);
	cli_free(&o);
	char *bad[] = { "relayrig", "--db=", NULL };
	assert_true(cli_parse(2, bad, &o, err, sizeof(err)) < 0);
	cli_free(&o);
	const char *words[] = { "--db", "--no-db", "--label", "RELAYRIG_DB=none", "results",
				"report RUN", "station --rig", "3 the run's record", NULL };
	for (int i = 0; words[i]; i++)
		if (!strstr(cli_help, words[i]))
			fail_msg("help lacks %s", words[i]);
}
