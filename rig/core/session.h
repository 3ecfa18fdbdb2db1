/*
 * session.h - one unit under test on a rig, as the runner sees it: the
 * driver handle, the modem emulator on the unit's modem link, the USB
 * byte stream, the relay history and the SMS inbox.
 *
 * A session is started lazily on the first rig/modem/dut call of a test
 * file and closed (rig put in safe state first) at the end of the file,
 * after a failed test, or after the unit crashed.
 *
 * Every wait is session_wait(): it advances rig time, services the modem
 * emulator and the USB stream, and checks the guard (test deadline, stop
 * signals) between steps.
 */
#ifndef RR_SESSION_H
#define RR_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "modem/emu.h"
#include "rig.h"
#include "sbuf.h"

#define SESSION_HIST 64   /* relay changes kept per relay */
#define SESSION_INBOX 256 /* unit-sent SMS not yet taken by a test */

struct session {
	const struct rig_driver *drv;
	struct rig *rig;
	struct emu *emu;
	struct link *modem, *usb;
	uint64_t now_ms;
	bool dead;              /* the unit crashed, hung or lost its link */
	char why[1024];         /* reason when dead */
	struct rig_relay relay[RIG_RELAYS];
	struct rig_relay_event hist[RIG_RELAYS][SESSION_HIST];
	int nhist[RIG_RELAYS];  /* total changes seen per relay */
	struct emu_sms_out *inbox;
	int ninbox;
	struct sbuf usbrx;      /* USB bytes not yet consumed as lines */
	bool usb_attached;
	int64_t net_epoch;      /* network time set by the test, or 0 */
	char fw[64], serial[64];
};

/* Start a unit: open the driver, create the emulator. On failure returns a
 * negative rr_err with the reason in err. */
int session_open(const struct rig_driver *drv, const char *opts,
		 struct session **out, char *err, size_t errlen);
/* Safe state, then close. Writes the outputs after the safe state into
 * safe (may be NULL). Accepts NULL. */
void session_close(struct session *s, char *safe, size_t safelen);
/* Put the rig into its safe state now (keeps the session). */
int session_safe(struct session *s);

/* A condition for session_wait; true ends the wait. */
typedef bool (*session_cond)(struct session *s, void *arg);

/* Advance until cond holds (checked before each step; NULL = never) or
 * rig time reaches until_ms. max_step_ms > 0 caps each step (for waits
 * that must see a state between driver reports). Returns RR_OK when cond
 * held, RR_ERR_TIMEOUT when until_ms came first, RR_ERR_CRASH (s->why),
 * RR_ERR_INTR or RR_ERR_DEADLINE. */
int session_wait(struct session *s, uint64_t until_ms, session_cond cond,
		 void *arg, uint64_t max_step_ms);
/* Process what is pending at the current time (no time passes). */
int session_poll(struct session *s);

/* Outputs. Record USB state for the USB client. */
int session_set(struct session *s, enum rig_output o, bool on);

/* Take the first unit-sent SMS to number (NULL = any) whose text
 * satisfies match (NULL = any). Returns true and fills out. */
bool session_take_sms(struct session *s, const char *number,
		      bool (*match)(const char *text, void *arg), void *arg,
		      struct emu_sms_out *out);

/* Relay r (0-based) history as text: "on@1.200s off@5.200s". */
void session_relay_history(const struct session *s, int r, struct sbuf *b);

/* The last n lines of the modem transcript ("" without emulator). */
void session_transcript(const struct session *s, int n, struct sbuf *b);

/* Mark the session dead with a reason (from a failed driver call). */
void session_mark_dead(struct session *s, int rc);

#endif
