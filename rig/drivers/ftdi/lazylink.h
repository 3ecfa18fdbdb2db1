/*
 * lazylink.h - a link to a serial port that comes and goes: the unit's USB
 * CDC port exists only while the rig attaches USB and the unit is powered.
 *
 * The link object stays valid for the rig's lifetime, so the runner may
 * keep the pointer. While detached, reads and writes fail with
 * RR_ERR_CLOSED; once attached, the port is looked up and opened on first
 * use (reads wait for it to enumerate within their timeout), and pollfd()
 * is -1 until it is open.
 */
#ifndef RR_FTDI_LAZYLINK_H
#define RR_FTDI_LAZYLINK_H

#include <stdbool.h>

#include "link/link.h"
#include "rigfile/rigfile.h"

/* NULL on ENOMEM. what names it in messages ("usb"). */
struct link *lazylink_new(const struct rigfile_port *port, const char *what);
/* USB attached (try to open on use) or detached (close the port now). */
void lazylink_attach(struct link *l, bool attached);
/* Attached and not yet open: try once to find and open the port.
 * Returns true when the port is open. */
bool lazylink_try(struct link *l);
/* Why the port is not open ("" if it is). */
const char *lazylink_why(struct link *l);

#endif
