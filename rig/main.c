/* main.c - relayrig: subcommand dispatch, then the test run. */
#define LOG_PREFIX ""
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "drivers/ftdi/cmds.h"
#include "log.h"
#include "emu/console.h"
#include "pic_cmd.h"
#include "run.h"
#include "results/cmd.h"
#include "station/station.h"

static int subcommand(int argc, char **argv, int *status)
{
	const char *cmd = argv[1];

	if (!strcmp(cmd, "modem")) {
		*status = modem_console_main(argc - 1, argv + 1);
		return 1;
	}
	if (!strcmp(cmd, "pic")) {
		*status = cmd_pic(argc - 1, argv + 1);
		return 1;
	}
	if (!strcmp(cmd, "results") || !strcmp(cmd, "report") || !strcmp(cmd, "station")) {
		*status = !strcmp(cmd, "results")  ? results_main(argc - 1, argv + 1)
			  : !strcmp(cmd, "report") ? report_main(argc - 1, argv + 1)
						   : station_main(argc - 1, argv + 1);
		return 1;
	}
	if (!strcmp(cmd, "ports")) {
		*status = cmd_ports(argc - 1, argv + 1);
		return 1;
	}
	if (!strcmp(cmd, "doctor")) {
		*status = cmd_doctor(argc - 1, argv + 1);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct rr_opts o;
	char err[512];
	int status;

	if (argc > 1 && subcommand(argc, argv, &status))
		return status;
	if (cli_parse(argc, argv, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "relayrig: %s\n", err);
		fprintf(stderr, "usage: relayrig [options] [FILE|DIR...]   (relayrig --help)\n");
		cli_free(&o);
		return 2;
	}
	if (o.help) {
		fputs(cli_help, stdout);
		cli_free(&o);
		return 0;
	}
	if (o.help_api) {
		fputs(cli_help_api, stdout);
		cli_free(&o);
		return 0;
	}
	if (o.version) {
		printf("relayrig %s\n", RR_VERSION);
		cli_free(&o);
		return 0;
	}
	status = run_main(&o);
	cli_free(&o);
	return status;
}
