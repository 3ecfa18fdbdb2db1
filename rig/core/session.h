/*
 * session.h - one unit under test on a rig, as the runner sees it: the
 * driver handle, the emulator on the unit's modem link, the USB
 * byte stream, the relay history and the SMS inbox.
 *
 * A session is started lazily on the first rig/modem/dut call of a test
 * file and closed (rig put in safe state first) at the end of the file,
 * after a failed test, or after the unit crashed.
 *
 * Every wait is session_wait(): it advances rig time, services the
 * emulator and the USB stream, and checks the guard (test deadline, stop
 * signals) between steps.
 */
#ifndef RR_SESSION_H
#define RR_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "emu/emu.h"
#include "rig.h"
#include "sbuf.h"

#include <stddef.h>

/* The session is opaque outside rig/core (session_impl.h): the Lua
 * bindings go through the functions below, the same for every driver. */
struct session;
struct rigfile;

/* Start a unit on the rig rf (its driver, rf->driver) with the unit options
 * u: open the driver, create the emulator. On failure returns a negative
 * rr_err with the reason in err. */
int session_open(const struct rig_driver *drv, const struct rigfile *rf,
		 const struct unit_opts *u, struct session **out, char *err, size_t errlen);
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

/* The last n lines of the emulator's transcript ("" without emulator). */
void session_transcript(const struct session *s, int n, struct sbuf *b);

/* Mark the session dead with a reason (from a failed driver call). */
void session_mark_dead(struct session *s, int rc);

/* ---- state ---- */

/* Rig time now (ms since the unit started). */
uint64_t session_now(const struct session *s);
/* The unit crashed, hung or lost its link; why: the reason. */
bool session_dead(const struct session *s);
const char *session_why(const struct session *s);
/* Identity read when the unit started: firmware version, serial ("" if
 * the rig cannot tell). */
const char *session_fw(const struct session *s);
const char *session_serial(const struct session *s);
/* The driver's name ("sim", "ftdi"). */
const char *session_driver(const struct session *s);

/* Relay r (0-based) is on, as last seen. */
bool session_relay(const struct session *s, int r);
/* Relay r was in state on at or after since_ms (a change seen then, or
 * its state now): true with the rig time it got there in *at. */
bool session_relay_reached(const struct session *s, int r, bool on, uint64_t since_ms,
			   uint64_t *at);
/* Rig time of relay r's last change: false when it never changed. */
bool session_relay_last(const struct session *s, int r, uint64_t *t_ms);

/* ---- the unit's GSM module: the emulator and the SMS inbox ---- */

/* The emulator on the unit's modem link (rig/emu/emu.h). */
struct emu *session_modem(struct session *s);
/* Network time now (UTC epoch s), for SMS time stamps and +CCLK. */
void session_set_network_time(struct session *s, int64_t epoch);
/* Unit-sent SMS not yet taken: how many (to number, NULL = any), the
 * i-th of all (oldest first, NULL past the end), remove the i-th, remove
 * those to number (NULL = all; returns how many). */
int session_inbox_count(const struct session *s, const char *number);
const struct emu_sms_out *session_inbox_at(const struct session *s, int i);
void session_inbox_remove(struct session *s, int i);
int session_inbox_clear(struct session *s, const char *number);

/* ---- rig operations beyond outputs (capability checks are the caller's) ---- */

/* Sensor 1..5 reads decic/10 degC; RIG_TEMP_NONE removes it, fail fails it. */
int session_set_temp(struct session *s, int sensor, int decic, bool fail);
/* The battery's charge, 0..100 %. */
int session_set_battery_level(struct session *s, int percent);
/* A raw driver command ("debug hang"); reply without "ok ". RR_ERR_NOTSUP
 * without one; RR_ERR_ARG for a refused command (reason in reply). */
int session_control(struct session *s, const char *cmd, char *reply, int len);
/* Reset the unit, settings kept. */
int session_restart(struct session *s);
/* USB is attached (by the test or the configuration client). */
bool session_usb_attached(const struct session *s);

#endif
