/* console.h - "relayrig modem": the emulator on its own, driven from a
 * line console on stdin, for bench work with a unit or a terminal program. */
#ifndef RR_MODEM_CONSOLE_H
#define RR_MODEM_CONSOLE_H

/* argv[0] is the command's name ("modem"), options follow: --pty | --port
 * <dev> [--settings <s>], --verbose, --help. Runs until "quit" or end of
 * stdin. Returns the process exit code: 0 done, 1 link failure or bad
 * port, 2 bad usage. */
int modem_console_main(int argc, char **argv);

/* console_behave.c: the behaviour commands and SMS options. */
#include <stdbool.h>
#include <stdint.h>
struct emu;
struct emu_sms_in;
extern const char con_behaviour_help[];
/* Runs the command if it is one of them (printing the result). */
bool con_behaviour(struct emu *e, const char *word, char *rest, uint64_t now);
/* Leading -options of "sms" into *in; -1 for an unknown one. */
int con_sms_options(char **rest, struct emu_sms_in *in);

#endif
