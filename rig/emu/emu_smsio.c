/*
 * emu_smsio.c - messages in and out of the emulator (27.005):
 * AT+CMGS and AT+CMGW with their "> " prompt in text mode (text until
 * Ctrl-Z) and PDU mode (hex until Ctrl-Z), AT+CMSS, the network taking a
 * message (+CMGS: <mr>, status reports as +CDS, concatenated parts put
 * together), incoming messages as +CMT or stored with +CMTI, and the
 * +CNMA acknowledgement +CSMS service 1 asks for.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "escape.h"
#include "emu/emu_priv.h"
#include "emu/gsm.h"

#define ACK_MS 15000 /* +CNMA must come within this (the network's RP timer) */

static void text_log(struct emu *e, uint8_t last)
{
	char suffix[64] = "", esc[8];
	esc_bytes(esc, sizeof(esc), &last, 1);
	if (e->sms_raw_drop)
		snprintf(suffix, sizeof(suffix), "...(%zu more bytes)%s", e->sms_raw_drop, esc);
	else
		snprintf(suffix, sizeof(suffix), "%s", esc);
	emu_tlog(e, '>', e->sms_raw, e->sms_raw_len, suffix);
}

static void back_to_cmd(struct emu *e)
{
	e->mode = MODE_CMD;
	e->in_cmd = false;
}

static void prompt(struct emu *e)
{
	e->mode = e->cur.cmgf ? MODE_TEXT : MODE_PDU;
	emu_out(e, "\r\n> ", 4);
	emu_tlog(e, '<', (const uint8_t *)"> ", 2, NULL);
}

static int start_entry(struct emu *e, enum entry kind)
{
	e->entry = kind;
	e->sms_len = e->sms_total = 0;
	e->sms_raw_len = e->sms_raw_drop = 0;
	e->sms_cr = false;
	if (e->prompt_ms > 0) {
		e->mode = MODE_BUSY;
		e->busy = BUSY_PROMPT;
		e->busy_until = e->now + (uint64_t)e->prompt_ms;
		emu_note(e, "prompt held back %d ms", e->prompt_ms);
	} else {
		prompt(e);
	}
	return R_DONE;
}

static void record_status(struct emu *e, const char *to, uint8_t mr)
{
	int ds = e->cur.cnmi[3];
	if (!ds || !e->cur.cnmi[0])
		return;
	int64_t t = emu_net_now(e);
	char ts[32];
	emu_fmt_ts(t, 0, ts, sizeof(ts));
	emu_note(e, "status report for message %u to %s", mr, to);
	if (e->cur.cmgf) {
		emu_urc(e, "+CDS: 6,%u,\"%s\",%d,\"%s\",\"%s\",0", mr, to, to[0] == '+' ? 145 : 129, ts, ts);
	} else {
		struct pdu_sms p;
		memset(&p, 0, sizeof(p));
		p.type = PDU_STATUS;
		p.mr = mr;
		snprintf(p.addr, sizeof(p.addr), "%s", to);
		p.scts = p.dt = t;
		p.mms = true;
		uint8_t b[PDU_MAX];
		size_t tl = 0;
		int n = pdu_encode(&p, true, b, sizeof(b), &tl);
		char hex[2 * PDU_MAX + 1], line[2 * PDU_MAX + 32];
		pdu_hex(b, n > 0 ? (size_t)n : 0, hex, sizeof(hex));
		int k = snprintf(line, sizeof(line), "+CDS: %zu\r\n%s", tl, hex);
		emu_urc_n(e, line, (size_t)k);
	}
}

/* A part of a concatenated message: true when it completed one, which is
 * then in e->pending. */
static bool assemble(struct emu *e)
{
	struct assembly *a = NULL, *free_one = NULL;
	for (int i = 0; i < EMU_ASM; i++) {
		struct assembly *x = &e->as[i];
		if (x->used && x->ref == e->pend_ref && x->total == e->pend_total &&
		    !strcmp(x->number, e->pending.number))
			a = x;
		else if (!x->used && !free_one)
			free_one = x;
	}
	if (!a) {
		a = free_one ? free_one : &e->as[0];
		memset(a, 0, sizeof(*a));
		a->used = true;
		a->ref = e->pend_ref;
		a->total = e->pend_total > EMU_ASM_PARTS ? EMU_ASM_PARTS : e->pend_total;
		snprintf(a->number, sizeof(a->number), "%s", e->pending.number);
	}
	int k = e->pend_seq - 1;
	if (k >= 0 && k < a->total) {
		emu_copy(a->part[k], sizeof(a->part[k]), e->pending.text);
		a->have |= 1u << k;
	}
	a->srr |= e->pending.srr;
	emu_note(e, "part %d of %d of message %d to %s received", e->pend_seq, e->pend_total, e->pend_ref,
		 e->pending.number);
	if (a->have != (1u << a->total) - 1)
		return false;
	size_t o = 0;
	for (int i = 0; i < a->total; i++)
		o += (size_t)snprintf(e->pending.text + o, sizeof(e->pending.text) - o, "%s", a->part[i]);
	e->pending.parts = a->total;
	e->pending.srr = a->srr;
	a->used = false;
	return true;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void emu_sms_sent(struct emu *e)
{
	back_to_cmd(e);
	if (!emu_registered(e)) {
		emu_note(e, "SMS to %s failed: not registered", e->pending.number);
		emu_cms(e, 331);
	} else if (e->send_err_count != 0) {
		if (e->send_err_count > 0)
			e->send_err_count--;
		emu_note(e, "SMS to %s failed: the network refused it (%d)", e->pending.number, e->send_err);
		emu_cms(e, e->send_err);
	} else {
		e->mr = (uint8_t)(e->mr + 1);
		e->pending.t_ms = e->now;
		bool whole = e->pend_total <= 1 || assemble(e);
		if (whole && !emu_push_sms(e, &e->pending)) {
			emu_note(e, "SMS to %s lost: out of memory", e->pending.number);
			emu_cms(e, 500);
		} else {
			if (whole)
				emu_note(e, "SMS to %s recorded (%zu characters)", e->pending.number,
					 e->pending.parts > 1 || e->pending.pdu ? utf8_chars(e->pending.text) : e->sms_total);
			emu_say(e, "%s: %u", e->entry == ENTRY_WRITE ? "+CMSS" : "+CMGS", e->mr);
			emu_final(e, RC_OK);
			if (e->pending_srr)
				record_status(e, e->pending.number, e->mr);
		}
	}
	emu_urc_release(e);
}

/* Start the network's part: now, or after the send time. */
static void submit(struct emu *e)
{
	if (e->send_ms <= 0) {
		emu_sms_sent(e);
	} else {
		e->mode = MODE_BUSY;
		e->busy = BUSY_SEND;
		e->busy_until = e->now + (uint64_t)e->send_ms;
	}
}

static void finish_write(struct emu *e, struct slot *s)
{
	back_to_cmd(e);
	int idx = emu_store(e, e->mem[1], s);
	if (idx < 0) {
		emu_note(e, "message not written: storage full");
		emu_cms(e, 322);
	} else {
		emu_note(e, "message to %s written at %s %d", s->addr, emu_mem_name(e->mem[1]), idx);
		emu_say(e, "+CMGW: %d", idx);
		emu_final(e, RC_OK);
	}
	emu_urc_release(e);
}

/* Ctrl-Z in PDU mode: the hex typed is a SUBMIT PDU. */
static void pdu_done(struct emu *e)
{
	static struct pdu_sms p;
	uint8_t b[PDU_MAX + 1];
	int n = pdu_unhex((const char *)e->sms_text, e->sms_len, b, sizeof(b));
	const char *why = "not hex";
	bool ok = n > 0 && e->sms_len == e->sms_total;
	bool with_smsc = false;
	if (ok) {
		if ((size_t)n == (size_t)e->pdu_len)
			with_smsc = false;
		else if ((size_t)n == (size_t)e->pdu_len + 1u + b[0])
			with_smsc = true;
		else
			ok = false, why = "length does not match <length>";
	}
	if (ok && pdu_decode(b, (size_t)n, with_smsc, &p, &why) != 0)
		ok = false;
	if (ok && p.type != PDU_SUBMIT)
		ok = false, why = "not an SMS-SUBMIT";
	if (ok && !emu_dial_ok(p.addr, strlen(p.addr)))
		ok = false, why = "destination is not a number";
	if (!ok) {
		emu_note(e, "PDU refused: %s", why);
		back_to_cmd(e);
		emu_cms(e, 304);
		emu_urc_release(e);
		return;
	}
	if (e->entry == ENTRY_WRITE) {
		struct slot s;
		memset(&s, 0, sizeof(s));
		s.stat = (uint8_t)e->write_stat;
		snprintf(s.addr, sizeof(s.addr), "%s", p.addr);
		snprintf(s.text, sizeof(s.text), "%s", p.text);
		s.coding = p.coding;
		s.ref = p.ref, s.total = p.total, s.seq = p.seq;
		finish_write(e, &s);
		return;
	}
	memset(&e->pending, 0, sizeof(e->pending));
	snprintf(e->pending.number, sizeof(e->pending.number), "%s", p.addr);
	snprintf(e->pending.text, sizeof(e->pending.text), "%s", p.text);
	snprintf(e->pending.smsc, sizeof(e->pending.smsc), "%s", p.smsc);
	e->pending.parts = 1;
	e->pending.pdu = true;
	e->pending.srr = p.srr;
	e->pending.coding = (int)p.coding + 1;
	e->pending_srr = p.srr;
	e->pend_ref = p.ref, e->pend_total = p.total, e->pend_seq = p.seq;
	emu_note(e, "PDU to %s: %s, %zu %s%s%s", p.addr, p.coding == PDU_UCS2 ? "UCS2" : p.coding == PDU_8BIT ? "8-bit"
													      : "7-bit",
		 p.ud_len, p.coding == PDU_7BIT ? "septets" : "octets", p.srr ? ", status report requested" : "",
		 p.total ? ", concatenated" : "");
	submit(e);
}

/* Ctrl-Z in text mode. */
static void text_done(struct emu *e)
{
	if (e->sms_total > EMU_SMS_CHARS) {
		emu_note(e, "SMS to %s refused: %zu characters, over %d", e->sms_to, e->sms_total, EMU_SMS_CHARS);
		back_to_cmd(e);
		emu_cms(e, 305);
		emu_urc_release(e);
		return;
	}
	char text[EMU_TEXT_MAX + 1];
	gsm_to_utf8(e->sms_text, e->sms_len, e->cur.ira, text, sizeof(text));
	if (e->entry == ENTRY_WRITE) {
		struct slot s;
		memset(&s, 0, sizeof(s));
		s.stat = (uint8_t)e->write_stat;
		snprintf(s.addr, sizeof(s.addr), "%s", e->sms_to);
		snprintf(s.text, sizeof(s.text), "%s", text);
		s.coding = pdu_coding_for(text);
		finish_write(e, &s);
		return;
	}
	memset(&e->pending, 0, sizeof(e->pending));
	snprintf(e->pending.number, sizeof(e->pending.number), "%s", e->sms_to);
	snprintf(e->pending.text, sizeof(e->pending.text), "%s", text);
	e->pending.parts = 1;
	e->pending.coding = EMU_CODING_7BIT;
	e->pending_srr = (e->cur.csmp[0] & 0x20) != 0;
	e->pending.srr = e->pending_srr;
	e->pend_total = 0;
	submit(e);
}

void emu_text_byte(struct emu *e, uint8_t c)
{
	if (c == 0x1B) { /* ESC: abandon the message */
		text_log(e, c);
		emu_note(e, "SMS to %s abandoned by the unit", e->mode == MODE_PDU ? "(PDU)" : e->sms_to);
		back_to_cmd(e);
		emu_final(e, RC_OK);
		emu_urc_release(e);
		return;
	}
	if (c == 0x1A) { /* Ctrl-Z: send */
		text_log(e, c);
		if (e->mode == MODE_PDU)
			pdu_done(e);
		else
			text_done(e);
		return;
	}
	if (e->sms_raw_len < sizeof(e->sms_raw))
		e->sms_raw[e->sms_raw_len++] = c;
	else
		e->sms_raw_drop++;
	if (c == 0x08) { /* backspace */
		if (e->sms_total > 0) {
			e->sms_total--;
			if (e->sms_len > e->sms_total)
				e->sms_len = e->sms_total;
		}
		if (e->cur.echo)
			emu_out(e, "\b \b", 3);
		return;
	}
	if (e->mode == MODE_PDU) {
		if (c == '\r' || c == '\n' || c == ' ')
			return; /* line breaks inside the hex are ignored */
		if (e->sms_len < sizeof(e->sms_text))
			e->sms_text[e->sms_len++] = c;
		e->sms_total++;
		if (e->cur.echo)
			emu_out(e, &c, 1);
		return;
	}
	if (c == '\n' && e->sms_cr) { /* LF of a CR LF pair */
		e->sms_cr = false;
		return;
	}
	e->sms_cr = c == '\r';
	uint8_t ch = c == '\r' ? '\n' : c;
	if (e->sms_len < EMU_SMS_CHARS + 1)
		e->sms_text[e->sms_len++] = ch;
	e->sms_total++;
	if (c == '\r')
		emu_out(e, "\r\n> ", 4); /* a new line of text: prompt again */
	else if (e->cur.echo)
		emu_out(e, &c, 1);
}

/* ---- commands ---- */

static int c_cmgs(struct emu *e, enum form f, const struct args *a)
{
	int toda, rc;
	if (f == F_TEST)
		return R_OK;
	if (!emu_sim_ready(e, &rc, true))
		return rc;
	if (f != F_SET)
		return emu_cms(e, e->cur.cmgf ? 305 : 304);
	if (e->cur.cmgf == 0) {
		if (a->n != 1 || !emu_arg_int(a, 0, 7, 164, &e->pdu_len))
			return emu_cms(e, 304);
		snprintf(e->sms_to, sizeof(e->sms_to), "(PDU)");
		return start_entry(e, ENTRY_SEND);
	}
	if (a->n < 1 || a->n > 2 || !a->quoted[0] || (a->n == 2 && !emu_arg_int(a, 1, 0, 255, &toda)))
		return emu_cms(e, 305);
	if (!emu_dial_ok(a->v[0], strlen(a->v[0])))
		return emu_cms(e, 305);
	emu_copy(e->sms_to, sizeof(e->sms_to), a->v[0]);
	return start_entry(e, ENTRY_SEND);
}

static int c_cmgw(struct emu *e, enum form f, const struct args *a)
{
	int toda, rc;
	if (f == F_TEST)
		return R_OK;
	if (!emu_sim_ready(e, &rc, true))
		return rc;
	if (f == F_READ)
		return emu_cms(e, e->cur.cmgf ? 305 : 304);
	e->write_stat = ST_UNSENT;
	e->sms_to[0] = '\0';
	if (e->cur.cmgf == 0) {
		if (f != F_SET || a->n < 1 || a->n > 2 || !emu_arg_int(a, 0, 7, 164, &e->pdu_len) ||
		    (a->n == 2 && !emu_arg_int(a, 1, 0, 3, &e->write_stat)))
			return emu_cms(e, 304);
		return start_entry(e, ENTRY_WRITE);
	}
	if (f == F_SET) {
		if (a->n < 1 || a->n > 3 || (a->n >= 2 && emu_arg_given(a, 1) && !emu_arg_int(a, 1, 0, 255, &toda)))
			return emu_cms(e, 305);
		if (a->v[0][0] && (!a->quoted[0] || !emu_dial_ok(a->v[0], strlen(a->v[0]))))
			return emu_cms(e, 305);
		if (a->n == 3) {
			int st = -1;
			static const char *const names[] = { "REC UNREAD", "REC READ", "STO UNSENT", "STO SENT" };
			for (int i = 0; i < 4; i++)
				if (emu_ieq(a->v[2], names[i]))
					st = i;
			if (st < 0)
				return emu_cms(e, 305);
			e->write_stat = st;
		}
		emu_copy(e->sms_to, sizeof(e->sms_to), a->v[0]);
	}
	return start_entry(e, ENTRY_WRITE);
}

static int c_cmss(struct emu *e, enum form f, const struct args *a)
{
	int idx, toda, rc;
	if (f == F_TEST)
		return R_OK;
	if (!emu_sim_ready(e, &rc, true))
		return rc;
	if (f != F_SET || a->n < 1 || a->n > 3 || (a->n == 3 && !emu_arg_int(a, 2, 0, 255, &toda)))
		return emu_cms(e, e->cur.cmgf ? 305 : 304);
	int mem = e->mem[1];
	if (!emu_arg_int(a, 0, 1, EMU_SLOTS, &idx) || !e->slots[mem][idx - 1].used)
		return emu_cms(e, 321);
	struct slot *s = &e->slots[mem][idx - 1];
	const char *to = s->addr;
	if (a->n >= 2 && emu_arg_given(a, 1)) {
		if (!a->quoted[1] || !emu_dial_ok(a->v[1], strlen(a->v[1])))
			return emu_cms(e, e->cur.cmgf ? 305 : 304);
		to = a->v[1];
	}
	if (!emu_dial_ok(to, strlen(to)))
		return emu_cms(e, 330);
	memset(&e->pending, 0, sizeof(e->pending));
	emu_copy(e->pending.number, sizeof(e->pending.number), to);
	snprintf(e->pending.text, sizeof(e->pending.text), "%s", s->text);
	e->pending.parts = 1;
	e->pending.pdu = e->cur.cmgf == 0;
	e->pending.coding = (int)s->coding + 1;
	e->pending_srr = false;
	e->pend_ref = s->ref, e->pend_total = s->total, e->pend_seq = s->seq;
	e->entry = ENTRY_WRITE; /* the answer is +CMSS */
	emu_note(e, "stored message %d sent to %s", idx, to);
	if (s->stat == ST_UNSENT)
		s->stat = ST_SENT;
	submit(e);
	return R_DONE;
}

static int c_cnma(struct emu *e, enum form f, const struct args *a)
{
	int n = 0;
	if (f == F_TEST) {
		emu_say(e, "+CNMA: (0-2)");
		return R_OK;
	}
	if (f == F_READ || (f == F_SET && (a->n > 2 || !emu_arg_int(a, 0, 0, 2, &n))))
		return emu_cms(e, e->cur.cmgf ? 305 : 304);
	if (!e->ack_wait)
		return emu_cms(e, 340);
	e->ack_wait = false;
	if (n == 2) { /* RP-ERROR: the network keeps the message; here it is stored */
		emu_note(e, "the unit refused the message (+CNMA=2): stored");
		emu_store(e, e->mem[2], &e->ack_msg);
	} else {
		emu_note(e, "+CMT acknowledged");
	}
	return R_OK;
}

const struct emu_cmd emu_smsio_cmds[] = {
	{ "+CMGS", c_cmgs },
	{ "+CMGW", c_cmgw },
	{ "+CMSS", c_cmss },
	{ "+CNMA", c_cnma },
	{ NULL, NULL },
};

/* ---- incoming ---- */

int emu_incoming(struct emu *e, const struct slot *s)
{
	int mode = e->cur.cnmi[0], mt = e->cur.cnmi[1];
	if ((mt == 2 || mt == 3) && mode != 0 && !e->ack_wait) {
		char hdr[300], ts[32];
		static uint8_t buf[2 * EMU_TEXT_MAX + 2 * PDU_MAX + 8];
		size_t n;
		if (e->cur.cmgf) {
			emu_fmt_ts(s->ts, 0, ts, sizeof(ts));
			n = gsm_from_utf8(s->text, e->cur.ira, buf, 2 * EMU_TEXT_MAX + 2);
			if (e->cur.csdh)
				snprintf(hdr, sizeof(hdr), "+CMT: \"%s\",\"\",\"%s\",%d,4,0,0,\"%s\",145,%zu", s->addr, ts,
					 s->addr[0] == '+' ? 145 : 129, e->csca, n);
			else
				snprintf(hdr, sizeof(hdr), "+CMT: \"%s\",\"\",\"%s\"", s->addr, ts);
		} else {
			uint8_t b[PDU_MAX];
			size_t tl = 0;
			int k = emu_slot_pdu(e, s, b, sizeof(b), &tl);
			n = pdu_hex(b, k > 0 ? (size_t)k : 0, (char *)buf, sizeof(buf));
			snprintf(hdr, sizeof(hdr), "+CMT: ,%zu", tl);
		}
		static uint8_t both[sizeof(hdr) + sizeof(buf) + 2];
		size_t h = strlen(hdr);
		memcpy(both, hdr, h);
		memcpy(both + h, "\r\n", 2);
		memcpy(both + h + 2, buf, n);
		emu_note(e, "SMS from %s delivered directly", s->addr);
		emu_urc_n(e, both, h + 2 + n);
		if (e->cur.csms == 1) {
			e->ack_wait = true;
			e->ack_until = e->now + ACK_MS;
			e->ack_msg = *s;
		}
		return 0;
	}
	int mem = e->mem[2];
	int idx = emu_store(e, mem, s);
	if (idx < 0) {
		emu_note(e, "SMS from %s refused: storage full (%d of %d)", s->addr, emu_store_used(e, mem),
			 emu_store_used(e, mem) > emu_store_cap(e, mem) ? emu_store_used(e, mem) : emu_store_cap(e, mem));
		return RR_ERR_FULL;
	}
	emu_note(e, "SMS from %s stored at index %d", s->addr, idx);
	if (mode != 0 && mt != 0)
		emu_urc(e, "+CMTI: \"%s\",%d", emu_mem_name(mem), idx);
	return idx;
}

bool emu_smsio_due(struct emu *e)
{
	bool any = false;
	if (e->mode == MODE_BUSY && e->busy_until <= e->now && e->busy != BUSY_OFF) {
		any = true;
		if (e->busy == BUSY_PROMPT)
			prompt(e);
		else
			emu_sms_sent(e);
	}
	if (e->ack_wait && e->ack_until <= e->now) {
		any = true;
		e->ack_wait = false;
		e->cur.cnmi[1] = 0;
		e->cur.cnmi[3] = 0;
		emu_note(e, "no +CNMA in %d ms: routing to the TE off (+CNMI mt and ds 0), message stored", ACK_MS);
		emu_store(e, e->mem[2], &e->ack_msg);
	}
	return any;
}
