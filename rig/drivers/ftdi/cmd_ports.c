/* cmd_ports.c - `relayrig ports`: serial ports and their USB identities. */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "ports.h"

int cmd_ports(int argc, char **argv)
{
	if (argc > 1) {
		int help = strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0;
		fprintf(help ? stdout : stderr,
			"usage: relayrig ports\n"
			"Lists serial ports with name, description, transport and, for USB,\n"
			"VID:PID, interface, manufacturer, product and serial, plus the line\n"
			"to put in a rig file's [modem] or [usb] section to find that port.\n");
		return help ? 0 : 2;
	}
	return ports_print(stdout) ? 1 : 0;
}
