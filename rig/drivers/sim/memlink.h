/*
 * memlink.h - a simulator stream carried on the control channel.
 *
 * With inline streams ("streams inline", a simulator whose hello says
 * "inline"), the bytes the runner writes to the unit's modem UART or USB
 * port are kept here and go with the next "run" command, and what the
 * firmware wrote comes back as "ev m <hex>" / "ev u <hex>" lines before the
 * reply. A round trip is then one write and one read each way, with no
 * system calls on the streams. Reads never wait: in virtual time nothing
 * arrives between two commands.
 */
#ifndef RR_SIM_MEMLINK_H
#define RR_SIM_MEMLINK_H

#include "link/link.h"
#include "sbuf.h"

/* A link reading from rx (bytes taken are removed) and appending to tx;
 * both stay the caller's. NULL on ENOMEM. */
struct link *memlink_new(const char *name, struct sbuf *rx, struct sbuf *tx);

#endif
