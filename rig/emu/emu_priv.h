/*
 * emu_priv.h - the emulator's state and the functions its parts
 * share. The parts, by concern:
 *   emu.c       lifecycle, input and output, transcript, the public API
 *   emu_v250.c  V.250 line parsing, basic commands, result codes, errors
 *   emu_gen.c   27.007 general commands (identity, SIM, network, phone book)
 *   emu_net.c   the network and module model: registration, SIM state,
 *               CFUN, reboot, autobauding, USSD, the switchable behaviours
 *   emu_sms.c   27.005 message storage, the commands reading it, delivery
 *   emu_smsio.c 27.005 sending and writing (text and PDU entry), +CMT,
 *               +CDS, +CNMA
 *   emu_call.c  calls: ATD, ATA, ATH, +CHUP, +CLCC, +CLIP, +CRC, rings
 *   pdu.c       the PDU codec (pdu_util.c its helpers); gsm.c the
 *               character sets
 */
#ifndef RR_EMU_PRIV_H
#define RR_EMU_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "emu/emu.h"
#include "emu/pdu.h"

#define EMU_NUMBER_MAX 31
#define EMU_IN_BUF 4096
#define EMU_TRANSCRIPT_LINES 50000
#define EMU_LOG_MAX 2400
#define EMU_URC_MAX 64
#define EMU_ARGS_MAX 8
#define EMU_ARG_LEN 64
#define EMU_ASM 4 /* concatenated messages from the unit being assembled */
#define EMU_ASM_PARTS 16
#define EMU_PB 10 /* phone book entries */

#define EMU_IMEI "869170031234561"
#define EMU_IMSI "246011234567890"
#define EMU_ICCID "8937001123456789012F"
#define EMU_REVISION "SIM800 R14.18"
#define EMU_OPERATOR "EMU NET"
#define EMU_PLMN "24601"
#define EMU_DEFAULT_EPOCH 1072915200 /* 2004-01-01 00:00:00, SIM800 RTC reset */

/* Settings the unit changes, saved by AT&W and restored by ATZ. */
struct profile {
	bool echo, verbose, quiet;
	int cmee, cmgf;
	bool ira; /* AT+CSCS: true "IRA", false "GSM" */
	int cnmi[5];
	int clip, crc, creg, cgreg, csdh, csms, cusd;
	int csmp[4];
	int ipr;
};

extern const struct profile emu_factory;

enum {
	ST_UNREAD = 0,
	ST_READ = 1,
	ST_UNSENT = 2,
	ST_SENT = 3
};
enum {
	MEM_SM = 0,
	MEM_ME = 1,
	MEMS
};

struct slot {
	bool used;
	uint8_t stat;
	char addr[EMU_NUMBER_MAX + 1];
	char text[EMU_TEXT_MAX + 1]; /* UTF-8 */
	int64_t ts;                  /* network time of arrival */
	enum pdu_coding coding;
	int ref, total, seq; /* one part of a concatenated message */
};

enum mode {
	MODE_CMD,
	MODE_TEXT,
	MODE_PDU,
	MODE_BUSY
};
enum busy {
	BUSY_SEND,
	BUSY_PROMPT,
	BUSY_OFF
};
enum entry {
	ENTRY_SEND,
	ENTRY_WRITE
};
enum call {
	CALL_NONE,
	CALL_IN_RING,
	CALL_IN_TALK,
	CALL_OUT_DIAL,
	CALL_OUT_TALK
};

struct assembly {
	bool used;
	char number[EMU_NUMBER_MAX + 1];
	int ref, total;
	uint32_t have;
	bool srr;
	enum pdu_coding coding;
	char part[EMU_ASM_PARTS][PDU_TEXT_MAX + 1];
};

struct emu {
	struct link *l;
	struct profile cur, saved;
	uint64_t now;
	int link_err;

	/* network and module model (emu_net.c) */
	int rssi, reg, sim, cfun;
	char pin[9];
	bool no_net_time, autobaud, synced, rebooting;
	uint64_t boot_at;
	int boot_step;
	int send_err, send_err_count; /* +CMS ERROR code for the next sends */
	int prompt_ms, send_ms;
	char mid_urc[128]; /* sent inside the next response */
	bool mid_armed, in_cmd;
	char ussd[160];
	char csca[24];
	bool store_full;
	int64_t net_epoch;
	uint64_t net_ref, power_ref;
	bool rtc_set;
	int64_t rtc_epoch;
	uint64_t rtc_ref;
	int rtc_zone;
	struct {
		char number[EMU_NUMBER_MAX + 1];
		char name[24];
	} pb[EMU_PB];

	/* storage (emu_sms.c) */
	struct slot slots[MEMS][EMU_SLOTS];
	int mem[3]; /* AT+CPMS mem1 (read, delete), mem2 (write), mem3 (receive) */
	uint8_t mr, ref8;

	/* input */
	uint8_t in[EMU_IN_BUF];
	size_t in_len;
	enum mode mode;
	enum busy busy;
	uint64_t busy_until;
	char line[EMU_LINE_MAX + 1];
	size_t line_len, line_drop;

	/* message the unit is typing (emu_smsio.c) */
	enum entry entry;
	char sms_to[EMU_NUMBER_MAX + 1];
	int write_stat, pdu_len;
	uint8_t sms_text[2 * PDU_MAX + 8]; /* text (text mode) or hex (PDU) */
	size_t sms_len, sms_total;
	bool sms_cr;
	uint8_t sms_raw[EMU_LINE_MAX];
	size_t sms_raw_len, sms_raw_drop;
	struct emu_sms_out pending;
	bool pending_srr;
	int pend_ref, pend_total, pend_seq; /* the part just sent */
	uint16_t ref16;
	struct assembly as[EMU_ASM];
	/* +CNMA: a +CMT / +CDS waiting for its acknowledgement */
	bool ack_wait;
	uint64_t ack_until;
	struct slot ack_msg;

	/* held-back unsolicited lines */
	char *urc[EMU_URC_MAX];
	size_t urc_len[EMU_URC_MAX];
	int nurc;

	/* output gathered during one call */
	uint8_t *out;
	size_t out_len, out_cap;

	/* calls (emu_call.c) */
	enum call call;
	enum emu_call_state in_state;
	char ring_from[EMU_NUMBER_MAX + 1];
	char call_to[EMU_NUMBER_MAX + 1];
	int rings;
	uint64_t call_next;
	int ring_interval, max_rings, connected_ms, callee_ms;
	bool callee_accept;

	/* what the unit sent */
	struct emu_sms_out *sms;
	int nsms, capsms;
	struct emu_call_out *calls;
	int ncalls, capcalls;

	/* transcript */
	char **tr;
	size_t tr_cap, tr_head, tr_count;
	uint64_t tr_dropped;
	void (*hook)(void *user, const char *line);
	void *hook_user;
};

/* Copy s into d (n bytes), cut and NUL-terminated. */
static inline void emu_copy(char *d, size_t n, const char *s)
{
	size_t k = 0;
	while (k + 1 < n && s[k])
		k++;
	for (size_t i = 0; i < k; i++)
		d[i] = s[i];
	d[k] = '\0';
}

/* ---- emu.c: output and transcript ---- */
void emu_out(struct emu *e, const void *b, size_t n);
void emu_flush(struct emu *e);
void emu_tlog(struct emu *e, char dir, const uint8_t *b, size_t n, const char *suffix);
void emu_note(struct emu *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An information line ("\r\n<line>\r\n"; with ATV0 "<line>\r\n"). */
void emu_say_n(struct emu *e, const void *b, size_t n);
void emu_say(struct emu *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "<line>\r\n": continues a response (message text after +CMGR). */
void emu_say_cont(struct emu *e, const void *b, size_t n);
/* An unsolicited line: now, or after the exchange in progress. */
void emu_urc_n(struct emu *e, const void *b, size_t n);
void emu_urc(struct emu *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void emu_urc_release(struct emu *e);
bool emu_push_sms(struct emu *e, const struct emu_sms_out *s);
bool emu_push_call(struct emu *e, const char *number);

/* ---- emu_v250.c ---- */
enum {
	R_OK = 0,
	R_DONE = 1
}; /* R_DONE: final result already given */
enum form {
	F_EXEC,
	F_SET,
	F_READ,
	F_TEST
};
struct args {
	int n;
	char v[EMU_ARGS_MAX][EMU_ARG_LEN];
	bool quoted[EMU_ARGS_MAX];
};
typedef int (*emu_cmd_fn)(struct emu *, enum form, const struct args *);
struct emu_cmd {
	const char *name;
	emu_cmd_fn fn;
};
/* Final result codes: "OK" etc., numeric with ATV0, none with ATQ1. */
enum rc {
	RC_OK = 0,
	RC_CONNECT = 1,
	RC_RING = 2,
	RC_NO_CARRIER = 3,
	RC_ERROR = 4,
	RC_NO_DIALTONE = 6,
	RC_BUSY = 7,
	RC_NO_ANSWER = 8
};
void emu_final(struct emu *e, enum rc rc);
/* RING, NO CARRIER, BUSY as unsolicited codes (numeric with ATV0). */
void emu_urc_rc(struct emu *e, enum rc rc);
int emu_cme(struct emu *e, int code);
int emu_cms(struct emu *e, int code);
bool emu_arg_int(const struct args *a, int i, int lo, int hi, int *out);
bool emu_arg_given(const struct args *a, int i);
bool emu_ieq(const char *a, const char *b);
bool emu_dial_ok(const char *s, size_t n);
int emu_set_one(struct emu *e, const struct args *a, int max, int *field);
void emu_end_line(struct emu *e);
void emu_cmd_byte(struct emu *e, uint8_t c);
int64_t emu_elapsed_s(uint64_t now, uint64_t ref);

/* ---- command tables of the parts ---- */
extern const struct emu_cmd emu_gen_cmds[], emu_sms_cmds[], emu_smsio_cmds[], emu_call_cmds[], emu_net_cmds[];

/* ---- emu_net.c ---- */
int64_t emu_net_now(const struct emu *e);
/* The SIM is usable; else the error given (R_DONE) in *rc. */
bool emu_sim_ready(struct emu *e, int *rc, bool cms);
bool emu_registered(const struct emu *e);
void emu_net_init(struct emu *e);
bool emu_net_due(struct emu *e); /* reboot steps; true when one ran */
uint64_t emu_net_deadline(const struct emu *e);
/* Autobauding: false while the input byte must be dropped. */
bool emu_net_sync(struct emu *e, uint8_t c);

/* ---- emu_sms.c ---- */
void emu_fmt_ts(int64_t t, int zone, char *buf, size_t len);
int emu_store_cap(const struct emu *e, int mem);
int emu_store_used(const struct emu *e, int mem);
/* Store into mem: the index (1-based) or -1 when full. */
int emu_store(struct emu *e, int mem, const struct slot *s);
/* A slot as a PDU (DELIVER for received, SUBMIT for stored outgoing). */
int emu_slot_pdu(const struct emu *e, const struct slot *s, uint8_t *out, size_t cap, size_t *tpdu);
const char *emu_mem_name(int mem);

/* ---- emu_smsio.c ---- */
void emu_text_byte(struct emu *e, uint8_t c);
void emu_sms_sent(struct emu *e);
/* Hand an incoming message to the unit: +CMT, or store and +CMTI. */
int emu_incoming(struct emu *e, const struct slot *s);
bool emu_smsio_due(struct emu *e);

/* ---- emu_call.c ---- */
int emu_dial(struct emu *e, const char *s, size_t *used);
int emu_answer(struct emu *e);
int emu_hang_up(struct emu *e);
bool emu_call_due(struct emu *e);
void emu_calls_drop(struct emu *e);

#endif
