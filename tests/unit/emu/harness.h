/*
 * harness.h - plays the unit against the modem emulator in the emu tests:
 * a socketpair whose one end is the emulator's link_fd link and whose other
 * end the test writes commands to and reads the answers from, on a rig
 * clock the test moves by hand.
 */
#ifndef EMU_HARNESS_H
#define EMU_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "link/link.h"
#include "emu/emu.h"

struct h {
	int peer;       /* the unit's end */
	struct link *l; /* the emulator's end */
	struct emu *e;
	uint64_t now;
	uint8_t rx[65536]; /* what the emulator sent, since the last h_take */
	size_t rxlen;
	char text[65536]; /* rx as a C string, NULs shown as <00> */
};

/* Open a fresh emulator at rig time 0. False (with a failure recorded) if
 * the socketpair or the emulator could not be made. */
bool h_open(struct h *h);
void h_close(struct h *h);

/* Send raw bytes / a string as the unit, then run emu_service. */
int h_sendn(struct h *h, const void *b, size_t n);
int h_send(struct h *h, const char *s);
/* Run emu_service at the current time / after moving the clock. */
int h_svc(struct h *h);
int h_advance(struct h *h, uint64_t ms);
/* Everything the emulator sent since the last call, as text (NUL bytes
 * shown as <00>); the buffer is cleared. */
const char *h_take(struct h *h);
/* Send cmd + "\r" and return the answer (h_take). */
const char *h_cmd(struct h *h, const char *cmd);
/* ATE0, AT+CMGF=1 and AT+CMEE=1 with their answers discarded. */
void h_textmode(struct h *h);
/* Count of needle in hay. */
int h_count(const char *hay, const char *needle);

#endif
