/*
 * emu.h - GSM module emulator: plays a SIM800-class module towards the unit
 * over a link (the unit's modem UART), in SMS text mode.
 *
 * The emulator has no clock of its own: the owner passes the rig time (ms)
 * into every call, and calls emu_service() whenever the link is readable or
 * time has passed. Everything exchanged is kept in a timestamped transcript.
 *
 * State after emu_new, as a SIM800 after power-up: echo on (ATE1), AT+CMEE=0,
 * AT+CMGF=0 (PDU: the unit must select text mode before SMS commands),
 * AT+CSCS="IRA", AT+CNMI=2,1,0,0,0, AT+CLIP=0, +CSQ 20, network time
 * 2004-01-01 00:00:00 UTC, callee rejecting after 5000 ms. See
 * rig/emu/README.md for the command set.
 */
#ifndef RR_EMU_H
#define RR_EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "link/link.h"

struct emu;

/* An SMS the unit sent (AT+CMGS ... Ctrl-Z). */
struct emu_sms_out {
	char number[32];
	char text[1024]; /* UTF-8; a concatenated message whole */
	uint64_t t_ms;   /* when the network took it (the last part) */
	int parts;       /* PDUs it came in (1 in text mode) */
	bool pdu;        /* sent in PDU mode */
	bool srr;        /* a status report was requested */
	int coding;      /* enum emu_coding */
	char smsc[24];   /* SMSC address in the PDU, "" for the default */
};

/* Data coding of a message. */
enum emu_coding {
	EMU_CODING_AUTO = 0,
	EMU_CODING_7BIT,
	EMU_CODING_8BIT,
	EMU_CODING_UCS2
};

/* An SMS to deliver to the unit (emu_deliver). */
struct emu_sms_in {
	const char *from; /* "+..." international, digits national, or an
			      * alphanumeric sender name */
	const char *text; /* UTF-8 (8-bit coding: the bytes) */
	int coding;       /* enum emu_coding; AUTO: 7-bit when every
			      * character is in the GSM alphabet, else UCS2 */
	int split;        /* 0: in PDU mode as concatenated parts when it
			      * needs more than one SMS, in text mode whole in
			      * one message (the unit's truncation); 1: parts
			      * in both modes; -1: never (too long: RR_ERR_ARG) */
	bool ref16;       /* 16-bit concatenation reference */
};

/* A call the unit placed (ATD<number>;). */
struct emu_call_out {
	char number[32];
	uint64_t t_ms;
};

/* What happened to a call the emulator rang in (emu_ring). */
enum emu_call_state {
	EMU_CALL_NONE = 0,
	EMU_CALL_RINGING,
	EMU_CALL_REJECTED, /* unit sent ATH while ringing */
	EMU_CALL_ANSWERED, /* unit sent ATA */
	EMU_CALL_GAVE_UP,  /* caller hung up after max rings */
};

struct emu *emu_new(struct link *l); /* does not own the link */
void emu_free(struct emu *e);

/* Read and answer whatever the unit sent; fire due RINGs. Returns 0, or a
 * negative rr_err when the link failed. */
int emu_service(struct emu *e, uint64_t now_ms);
/* Next time emu_service must run even without input (RING repeat), or
 * UINT64_MAX. */
uint64_t emu_next_deadline(const struct emu *e);

/* Network time: the wall-clock time (seconds since 1970, UTC) that
 * corresponds to rig time now_ms; used for SMS timestamps and +CCLK. */
void emu_set_network_time(struct emu *e, int64_t epoch_s, uint64_t now_ms);

/* Store an incoming SMS (lowest free index) and announce it with +CMTI
 * (AT+CNMI mt=1, the default) or hand it over directly with +CMT (mt=2;
 * nothing stored, returns 0). Returns its index, RR_ERR_FULL when the storage
 * is full, RR_ERR_NONET when the SIM is not ready or the module is not
 * registered, RR_ERR_ARG for a bad number or a text over EMU_TEXT_MAX. */
int emu_deliver_sms(struct emu *e, const char *from, const char *text, uint64_t now_ms);
/* The same with the coding and splitting chosen; returns the index of the
 * first part stored (0 for +CMT), RR_ERR_FULL when storage is full,
 * RR_ERR_NONET when the SIM is not ready or the module is not registered,
 * RR_ERR_ARG for bad input. */
int emu_deliver(struct emu *e, const struct emu_sms_in *in, uint64_t now_ms);

/* Ring from a number: RING + +CLIP now and every ring_interval_ms until the
 * unit rejects (ATH) or answers (ATA), or max_rings have gone unanswered.
 * +CLIP only after AT+CLIP=1; "" is a withheld number. Returns 0,
 * RR_ERR_BUSY when a call is already in progress, RR_ERR_ARG for a bad number. */
int emu_ring(struct emu *e, const char *from, uint64_t now_ms);
enum emu_call_state emu_call_state(const struct emu *e);

/* How the remote party treats the unit's own calls (ATD): after
 * answer_after_ms it rejects (BUSY) or, if accept, answers and hangs up
 * after the connected time (NO CARRIER). */
void emu_set_callee(struct emu *e, int reject_after_ms, bool accept);

/* Outgoing SMS / calls collected so far; take removes the first match
 * (number NULL = any) into *out and returns true. */
int emu_sms_count(const struct emu *e);
bool emu_take_sms(struct emu *e, const char *number, struct emu_sms_out *out);
bool emu_take_call(struct emu *e, const char *number, struct emu_call_out *out);

/* Signal quality reported by +CSQ (0..31, 99 unknown). */
void emu_set_rssi(struct emu *e, int rssi);

/* Message storage: indices 1..EMU_SLOTS (AT+CPMS "SM"). */
#define EMU_SLOTS 30
/* Longest command line the emulator accepts (SIM800); longer ones get an
 * error when they end. */
#define EMU_LINE_MAX 556
/* Longest SMS text the unit may send with AT+CMGS, in characters. */
#define EMU_SMS_CHARS 160
/* Longest incoming text emu_deliver_sms takes, in UTF-8 bytes (beyond a
 * single SMS on purpose, so the unit's truncation can be exercised). */
#define EMU_TEXT_MAX 1023

/* Incoming calls: RING interval (default 3000 ms) and the rings after which
 * the caller gives up (default 6). */
void emu_set_ring_interval(struct emu *e, int interval_ms, int max_rings);
/* How long an answered call stays up before the far end hangs up and the
 * unit sees NO CARRIER, both directions (default 2000 ms). */
void emu_set_connected_time(struct emu *e, int ms);
/* Time the network takes to accept an SMS: +CMGS/OK come this long after
 * Ctrl-Z, and the unit's further input waits meanwhile (default 0). */
void emu_set_sms_send_time(struct emu *e, int ms);
/* Calls the unit placed and not yet taken. */
int emu_call_count(const struct emu *e);
/* Messages in storage (read or unread). */
int emu_stored_count(const struct emu *e);
/* Called with each transcript line as it is added (no newline). */
void emu_set_transcript_hook(struct emu *e, void (*fn)(void *user, const char *line), void *user);

/* Transcript: each line "[  12.345] > AT+CMGR=1" (> unit to emulator,
 * < emulator to unit, # an event of the emulator such as a refused delivery).
 * Bytes outside printable ASCII are written as <1A>; line framing and the
 * echo are left out; the newest 50000 lines are kept. emu_transcript_tail
 * writes the newest of the last n lines that fit whole into buf, one per
 * "\n", NUL-terminated (when not even one fits, its start), and returns
 * the length written. */
size_t emu_transcript_tail(const struct emu *e, int n, char *buf, size_t len);
/* Write the whole transcript to a FILE* (as void* to keep stdio out). */
void emu_transcript_write(const struct emu *e, void *file);

/* ---- module behaviours a firmware must survive (rig/emu/README.md) ---- */

/* Registration as +CREG/+CGREG report it: 0 not registered, 1 home,
 * 2 searching, 3 denied, 5 roaming. Changes are announced with +CREG: /
 * +CGREG: when the unit asked (AT+CREG=1|2). Not 1 or 5: sending fails
 * (+CMS ERROR: 331), calls get NO CARRIER, deliveries are refused. */
void emu_set_registration(struct emu *e, int stat);
int emu_registration(const struct emu *e);
enum emu_sim {
	EMU_SIM_READY = 0,
	EMU_SIM_ABSENT,
	EMU_SIM_PIN
};
/* SIM state; with EMU_SIM_PIN the unit must send AT+CPIN="<pin>". */
void emu_set_sim(struct emu *e, enum emu_sim state, const char *pin);
/* No network time: +CCLK gives the module's own clock, counted from
 * 2004-01-01 00:00:00 at its last power-up. */
void emu_set_network_time_absent(struct emu *e, bool absent);
/* SMS storage full: AT+CPMS shows it full, AT+CMGW gets +CMS ERROR: 322,
 * incoming SMS are refused. */
void emu_set_storage_full(struct emu *e, bool full);
/* The "> " prompt of AT+CMGS / AT+CMGW comes ms late. */
void emu_set_prompt_delay(struct emu *e, int ms);
/* The next count sends (-1: all, 0: none) fail with +CMS ERROR: code. */
void emu_set_send_error(struct emu *e, int code, int count);
/* Send an unsolicited line now (held back during an exchange), or, with
 * inside, within the response to the unit's next command. */
void emu_send_urc(struct emu *e, const char *line, bool inside, uint64_t now_ms);
/* The module restarts: silent for ms, then RDY, +CFUN: 1, +CPIN: READY,
 * Call Ready, SMS Ready. Settings go back to the saved profile; calls end;
 * the SIM's messages stay. */
void emu_reboot(struct emu *e, int ms, uint64_t now_ms);
/* Autobauding (AT+IPR=0): until the unit sends "AT" the module hears
 * nothing and says nothing; emu_reboot starts it over. */
void emu_set_autobaud(struct emu *e, bool on);
/* The answer to AT+CUSD=1,"<code>". */
void emu_set_ussd(struct emu *e, const char *answer);
/* PDU mode or text mode as the unit last selected (AT+CMGF). */
bool emu_pdu_mode(const struct emu *e);
/* Messages the unit is sending in parts, not yet complete. */
int emu_partial_count(const struct emu *e);

#endif
