/*
 * protocol.h - the isocket-sim child process and its control channel.
 *
 * The child runs in virtual time and talks text lines on its stdin/stdout:
 * each command gets "ev ..." lines, then one "ok ..." or "err ...". Two
 * socketpairs carry the modem UART and the USB byte streams. A reply that
 * does not come within the hang limit (wall clock) means a hung firmware:
 * the child is killed. EOF means it died: its exit status is collected.
 */
#ifndef RR_SIM_PROTOCOL_H
#define RR_SIM_PROTOCOL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "rig.h"
#include "sbuf.h"

#define SIMP_EVENTS 256

struct simproc {
	pid_t pid;
	int ctl_w, ctl_r, err_r; /* child's stdin, stdout, stderr */
	int modem_fd, usb_fd;    /* our ends of the socketpairs */
	char rbuf[4096];
	size_t rlen;
	char errtail[1024]; /* last bytes the child wrote on stderr */
	size_t errlen;
	int hang_ms;
	bool dead;
	char why[1024];
	uint64_t now_ms;
	bool powered;
	struct rig_relay relay[RIG_RELAYS];
	struct rig_relay_event ev[SIMP_EVENTS]; /* relay changes not yet taken */
	int nev;
	int boots;
	/* Inline streams (memlink.h): "ev m|u <hex>" bytes not read yet, and
	 * bytes for the next run. */
	bool inline_streams;
	int pending;       /* replies due to simp_send commands */
	struct sbuf sendq; /* simp_send commands not written yet */
	struct sbuf modem_rx, usb_rx, modem_tx, usb_tx;
};

/* Spawn path with the given extra arguments (NULL-terminated, may be
 * NULL). Returns 0 or a negative rr_err with the reason in why. */
int simp_spawn(struct simproc *p, const char *path, const char *const *extra,
	       int hang_ms);
/* Send one command; the "ok" payload goes to reply (may be NULL).
 * RR_ERR_ARG for an "err" reply (message in reply), RR_ERR_CRASH when the
 * child died or hung (reason in p->why). */
int simp_cmd(struct simproc *p, const char *cmd, char *reply, size_t len);
/* Send a command without waiting for its reply (one the simulator cannot
 * refuse): it is written with the next simp_cmd or simp_sync, which read
 * its reply and events, so several such commands cost one round trip. */
int simp_send(struct simproc *p, const char *cmd);
/* Read the replies (and events) of the commands sent ahead. */
int simp_sync(struct simproc *p);
/* The simulator's name of a rig output, as in "set <name> 0|1". */
const char *simp_out_name(enum rig_output o);
/* Ask the child to quit, wait for it, close everything. */
void simp_close(struct simproc *p);

/* The child's lines, apart from any I/O (ctlline.c). */
/* Take the first complete line of p->rbuf (without "\n", cut to len - 1
 * bytes) into line; false if there is none yet. A full buffer without a
 * newline is dropped. */
bool simp_take_line(struct simproc *p, char *line, size_t len);
/* What one line was, for simp_line. */
enum {
	SIMP_LINE_MORE,
	SIMP_LINE_OK,
	SIMP_LINE_ERR
};
/* Act on one line: an "ev ..." updates p (relays, power, boots, inline
 * stream bytes), an "ok"/"err" first answers a command sent ahead
 * (p->pending). With answer (a command is in flight), "ok [PAYLOAD]" gives
 * SIMP_LINE_OK and "err [MESSAGE]" SIMP_LINE_ERR, the text after the word
 * in reply (may be NULL); anything else gives SIMP_LINE_MORE. */
int simp_line(struct simproc *p, const char *line, bool answer, char *reply, size_t len);

#endif
