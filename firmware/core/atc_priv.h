/*
 * atc_priv.h - struct atc, the AT client's whole state (fixed size).
 *
 * Included by atc.h after the public types. Fields are private to
 * atc.c; tests may read them but the owner must not touch them.
 */
#ifndef ATC_PRIV_H
#define ATC_PRIV_H

#define ATC_LINE_MAX 200 /* longest line kept; longer ones are discarded */
#define ATC_CMD_MAX 32   /* longest command line sent (without "\r") */
#define ATC_OUT_QUEUE 4  /* outgoing SMS waiting or in flight */
#define ATC_CALL_QUEUE 2 /* call-backs waiting or in progress */
#define ATC_READ_QUEUE 6 /* +CMTI indices waiting for AT+CMGR */
#define ATC_DEL_QUEUE 8  /* read messages waiting for AT+CMGD */
#define ATC_JOBS 7       /* kinds of work the scheduler picks from */
#define ATC_PDU_MAX 176  /* SMSC field + the longest SMS-DELIVER TPDU */

struct atc_out {
	char number[ATC_NUMBER_MAX + 1];
	char text[ATC_TEXT_MAX + 1]; /* already sanitised for text mode */
};

struct atc {
	const struct atc_ops *ops;
	void *user;

	/* Receive side: the line being assembled. */
	char line[ATC_LINE_MAX + 1];
	uint8_t line_len;
	bool line_over; /* line grew past ATC_LINE_MAX */

	/* The command in flight (cmd 0 = none). */
	char sent[ATC_CMD_MAX + 1]; /* its text, to recognise the echo */
	uint8_t cmd, job, phase;
	bool got_mr;     /* +CMGS: <mr> seen */
	uint8_t cur_idx; /* storage index of AT+CMGR / AT+CMGD */
	uint64_t cmd_sent, cmd_deadline;

	/* Scheduler: per job the earliest time it may run and its failures. */
	uint64_t at[ATC_JOBS];
	uint8_t tries[ATC_JOBS];
	uint8_t init_step, probe_tries, timeouts;
	bool ready;
	/* ATE0 accepted; a command after it came without echo; this one's echo */
	bool ate0, echo_off, echoed;
	int8_t rssi;

	/* Incoming SMS being parsed from +CMGR / +CMGL. */
	struct atc_sms in;
	uint8_t in_len, in_blank, in_idx;
	bool in_have, in_lines, in_rec;
	bool in_esc; /* GSM escape (0x1B) seen in the text, code next */
	uint8_t rd[ATC_READ_QUEUE], rd_n;
	uint8_t del[ATC_DEL_QUEUE], del_n;
	bool relist, relist_more; /* AT+CMGL="ALL" needed */

	/* PDU mode (AT+CMGF=0): the hex line after a +CMGR / +CMGL header,
	 * decoded as it arrives (it is longer than the line buffer). */
	bool pdu;
	bool pdu_expect, pdu_nonhex, pdu_odd;
	uint8_t pdu_buf[ATC_PDU_MAX];
	uint8_t pdu_len;
	uint16_t pdu_digits;

	/* Outgoing SMS ring buffer. */
	struct atc_out out[ATC_OUT_QUEUE];
	uint8_t out_head, out_n;

	/* Outgoing calls; dial[0] is the one being placed when dial_active. */
	char dial[ATC_CALL_QUEUE][ATC_NUMBER_MAX + 1];
	uint8_t dial_n;
	bool dial_active, reject_req;
	uint64_t dial_until;

	/* Incoming call. */
	bool call_active, call_reported;
	uint64_t call_last, ring_cb_at;
};

#endif
