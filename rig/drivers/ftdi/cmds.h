/*
 * cmds.h - the real rig's commands of bin/relayrig.
 *
 * Each takes the command line from the command's own name on: argv[0] is
 * "doctor" or "ports". Each prints to stdout and returns the process exit
 * status: 0 success, 1 failure or "not ready", 2 usage error.
 */
#ifndef RR_FTDI_CMDS_H
#define RR_FTDI_CMDS_H

#include <stdio.h>

/* relayrig doctor --rig FILE [--toggle]: check a rig file and the hardware
 * it names. Dry run unless --toggle; exit 0 only if all that is needed is
 * present and works. */
int cmd_doctor(int argc, char **argv);

/* relayrig ports: list serial ports with their USB identities. */
int cmd_ports(int argc, char **argv);

/* cmd_doctor printing to out instead of stdout. */
int doctor_run(FILE *out, int argc, char **argv);

#endif
