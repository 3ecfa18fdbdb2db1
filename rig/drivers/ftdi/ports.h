/*
 * ports.h - serial ports through libserialport: list them with their USB
 * identities, find the port a rig file describes (by name, or by USB
 * VID/PID/serial/interface), and check that it opens.
 */
#ifndef RR_FTDI_PORTS_H
#define RR_FTDI_PORTS_H

#include <stddef.h>
#include <stdio.h>

#include "rigfile/rigfile.h"

struct port_info {
	char name[256]; /* "/dev/ttyUSB0" */
	char description[256];
	const char *transport; /* "native", "usb", "bluetooth" */
	int vid, pid;          /* -1 unless USB */
	int interface;         /* USB interface number, -1 if unknown */
	char manufacturer[128], product[128], serial[128];
};

/* All serial ports. Returns the count (>= 0) with a malloc'd array in
 * *out (free() it; NULL when empty), or a negative rr_err. */
int ports_list(struct port_info **out);

/* Find the one port want describes; its device path goes to name.
 * RR_ERR_NODEV: none (err lists the USB ports present); RR_ERR_ARG:
 * several match (err names them). By name, the path must exist; symlinks
 * such as /dev/serial/by-id/... are resolved. */
int ports_resolve(const struct rigfile_port *want, char *name, size_t len,
		  char *err, size_t errlen);

/* Open and close the port to prove it can be used. RR_ERR_PERM when the
 * user lacks access, RR_ERR_NODEV when it is gone, else RR_ERR_IO. */
int ports_check_open(const char *name, char *err, size_t errlen);

/* How want reads in messages: "/dev/ttyACM0" or "USB 0403:6011 interface 0". */
const char *ports_describe(const struct rigfile_port *want, char *buf, size_t len);

/* The listing of `relayrig ports`. Returns 0 or a negative rr_err. */
int ports_print(FILE *out);

/* Where the USB interface numbers are read from ("/sys"); for tests. */
void ports_set_sysfs_root(const char *root);

#endif
