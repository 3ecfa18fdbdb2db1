/* console.h - "relayrig modem": the modem emulator on its own, driven from a
 * line console on stdin, for bench work with a unit or a terminal program. */
#ifndef RR_MODEM_CONSOLE_H
#define RR_MODEM_CONSOLE_H

/* argv[0] is the command's name ("modem"), options follow: --pty | --port
 * <dev> [--settings <s>], --verbose, --help. Runs until "quit" or end of
 * stdin. Returns the process exit code: 0 done, 1 link failure or bad
 * port, 2 bad usage. */
int modem_console_main(int argc, char **argv);

#endif
