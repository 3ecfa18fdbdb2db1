/*
 * emu.h - GSM modem emulator: plays a SIM800-class module towards the unit
 * over a link (the unit's modem UART), in SMS text mode.
 *
 * The emulator has no clock of its own: the owner passes the rig time (ms)
 * into every call, and calls emu_service() whenever the link is readable or
 * time has passed. Everything exchanged is kept in a timestamped transcript.
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
	char text[1024];
	uint64_t t_ms;
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

/* Store an incoming SMS and announce it with +CMTI. Returns its index or
 * a negative rr_err (storage full). */
int emu_deliver_sms(struct emu *e, const char *from, const char *text, uint64_t now_ms);

/* Ring from a number: RING + +CLIP now and every ring_interval_ms until the
 * unit rejects (ATH) or answers (ATA), or max_rings have gone unanswered. */
int emu_ring(struct emu *e, const char *from, uint64_t now_ms);
enum emu_call_state emu_call_state(const struct emu *e);

/* How the remote party treats the unit's own calls (ATD): after
 * answer_after_ms it rejects (BUSY) or, if accept, answers and hangs up. */
void emu_set_callee(struct emu *e, int reject_after_ms, bool accept);

/* Outgoing SMS / calls collected so far; take removes the first match
 * (number NULL = any) into *out and returns true. */
int emu_sms_count(const struct emu *e);
bool emu_take_sms(struct emu *e, const char *number, struct emu_sms_out *out);
bool emu_take_call(struct emu *e, const char *number, struct emu_call_out *out);

/* Signal quality reported by +CSQ (0..31, 99 unknown). */
void emu_set_rssi(struct emu *e, int rssi);

/* Transcript: each line "[  12.345] > AT+CMGR=1" (> unit to modem,
 * < modem to unit). emu_transcript_tail writes the last n lines into buf
 * (NUL-terminated, truncated to len). */
size_t emu_transcript_tail(const struct emu *e, int n, char *buf, size_t len);
/* Write the whole transcript to a FILE* (as void* to keep stdio out). */
void emu_transcript_write(const struct emu *e, void *file);

#endif
