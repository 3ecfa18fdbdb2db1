/* test_results_cli.c - the run command's results database options. */
#include "cli.h"
#include "unit.h"

TEST(cli_results_options)
{
	char *argv[] = { "relayrig", "--db", "postgresql://x@/y", "--label", "release old",
			 "--no-db", "t.lua", NULL };
	struct rr_opts o;
	char err[256];
	REQUIRE(cli_parse(7, argv, &o, err, sizeof(err)) == 0);
	CHECK_STR(o.db, "postgresql://x@/y");
	CHECK_STR(o.label, "release old");
	CHECK(o.no_db);
	cli_free(&o);
	char *bad[] = { "relayrig", "--db=", NULL };
	CHECK(cli_parse(2, bad, &o, err, sizeof(err)) < 0);
	cli_free(&o);
	const char *words[] = { "--db", "--no-db", "--label", "RELAYRIG_DB=none", "results",
				"report RUN", "station --rig", "3 the run's record", NULL };
	for (int i = 0; words[i]; i++)
		if (!strstr(cli_help, words[i]))
			unit_fail(__FILE__, __LINE__, "help lacks %s", words[i]);
}
