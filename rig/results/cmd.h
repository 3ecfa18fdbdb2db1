/* cmd.h - `relayrig results ...` and `relayrig report RUN`. */
#ifndef RR_RESULTS_CMD_H
#define RR_RESULTS_CMD_H

/* argv[0] is "results" / "report". Return the exit status. */
int results_main(int argc, char **argv);
int report_main(int argc, char **argv);

#endif
