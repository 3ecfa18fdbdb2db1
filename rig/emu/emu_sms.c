/*
 * emu_sms.c - 27.005 message storage in the emulator: the SIM ("SM")
 * and the module ("ME") stores, +CPMS, +CMGF, +CNMI, +CSCA, +CSMP, +CSDH,
 * +CSMS, and reading, listing and deleting (+CMGR, +CMGL, +CMGD, +CMGDA)
 * in text and PDU mode.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "emu/emu_priv.h"
#include "emu/gsm.h"

#define EMU_ME_SLOTS 20

static const char *const stat_name[] = { "REC UNREAD", "REC READ", "STO UNSENT", "STO SENT" };

void emu_fmt_ts(int64_t t, int zone, char *buf, size_t len)
{
	pdu_fmt_time(t, zone, buf, len);
}

const char *emu_mem_name(int mem)
{
	return mem == MEM_ME ? "ME" : "SM";
}

int emu_store_used(const struct emu *e, int mem)
{
	int n = 0;
	for (int m = 0; m < MEMS; m++)
		for (int i = 0; i < EMU_SLOTS; i++)
			n += (mem < 0 || mem == m) && e->slots[m][i].used;
	return n;
}

int emu_store_cap(const struct emu *e, int mem)
{
	if (e->store_full)
		return emu_store_used(e, mem);
	return mem == MEM_ME ? EMU_ME_SLOTS : EMU_SLOTS;
}

int emu_store(struct emu *e, int mem, const struct slot *s)
{
	if (e->store_full)
		return -1;
	for (int i = 0; i < emu_store_cap(e, mem); i++)
		if (!e->slots[mem][i].used) {
			e->slots[mem][i] = *s;
			e->slots[mem][i].used = true;
			return i + 1;
		}
	return -1;
}

int emu_slot_pdu(const struct emu *e, const struct slot *s, uint8_t *out, size_t cap, size_t *tpdu)
{
	static struct pdu_sms p; /* large; the emulator is single-threaded */
	memset(&p, 0, sizeof(p));
	bool rec = s->stat <= ST_READ;
	p.type = rec ? PDU_DELIVER : PDU_SUBMIT;
	snprintf(p.smsc, sizeof(p.smsc), "%s", rec ? e->csca : "");
	snprintf(p.addr, sizeof(p.addr), "%s", s->addr);
	p.coding = s->coding;
	p.mms = true;
	p.scts = s->ts;
	if (!rec)
		p.vpf = 2, p.vp[0] = (uint8_t)e->cur.csmp[1];
	p.ref = s->ref, p.total = s->total, p.seq = s->seq, p.ref16 = s->ref > 255;
	if (s->coding == PDU_8BIT) {
		size_t n = strlen(s->text);
		p.ud_len = n > PDU_UD_MAX - 7 ? PDU_UD_MAX - 7 : n;
		memcpy(p.ud, s->text, p.ud_len);
	}
	snprintf(p.text, sizeof(p.text), "%s", s->text);
	int n = pdu_encode(&p, true, out, cap, tpdu);
	if (n < 0) { /* longer than one SMS (stored in text mode): its first part */
		size_t st[2];
		if (pdu_split(s->text, s->coding, st, 1) < 0) {
			size_t all[40];
			int k = pdu_split(s->text, s->coding, all, 39);
			size_t end = k > 0 ? all[1] : 0;
			p.text[end < sizeof(p.text) ? end : 0] = '\0';
		}
		n = pdu_encode(&p, true, out, cap, tpdu);
	}
	return n;
}

/* One stored message as +CMGR / +CMGL shows it. */
static void show(struct emu *e, const struct slot *s, int idx, bool list, bool first)
{
	char hdr[400], ts[32];
	if (e->cur.cmgf == 0) {
		uint8_t b[PDU_MAX];
		char hex[2 * PDU_MAX + 1];
		size_t tl = 0;
		int n = emu_slot_pdu(e, s, b, sizeof(b), &tl);
		if (n < 0)
			n = 0;
		pdu_hex(b, (size_t)n, hex, sizeof(hex));
		if (list)
			snprintf(hdr, sizeof(hdr), "+CMGL: %d,%d,,%zu", idx, s->stat, tl);
		else
			snprintf(hdr, sizeof(hdr), "+CMGR: %d,,%zu", s->stat, tl);
		if (first)
			emu_say_n(e, hdr, strlen(hdr));
		else
			emu_say_cont(e, hdr, strlen(hdr));
		emu_say_cont(e, hex, strlen(hex));
		return;
	}
	uint8_t text[2 * EMU_TEXT_MAX + 2];
	size_t n = gsm_from_utf8(s->text, e->cur.ira, text, sizeof(text));
	bool rec = s->stat <= ST_READ;
	int toa = s->addr[0] == '+' ? 145 : 129;
	emu_fmt_ts(s->ts, 0, ts, sizeof(ts));
	const char *st = stat_name[s->stat];
	if (list && e->cur.csdh)
		snprintf(hdr, sizeof(hdr), "+CMGL: %d,\"%s\",\"%s\",\"\",\"%s\",%d,%zu", idx, st, s->addr, rec ? ts : "",
			 toa, n);
	else if (list)
		snprintf(hdr, sizeof(hdr), "+CMGL: %d,\"%s\",\"%s\",\"\",\"%s\"", idx, st, s->addr, rec ? ts : "");
	else if (e->cur.csdh && rec)
		snprintf(hdr, sizeof(hdr), "+CMGR: \"%s\",\"%s\",\"\",\"%s\",%d,%d,0,%d,\"%s\",145,%zu", st, s->addr, ts, toa,
			 s->total ? 0x44 : 0x04, s->coding == PDU_UCS2 ? 8 : s->coding == PDU_8BIT ? 4
												   : 0,
			 e->csca, n);
	else if (e->cur.csdh)
		snprintf(hdr, sizeof(hdr), "+CMGR: \"%s\",\"%s\",\"\",%d,17,0,0,%d,\"%s\",145,%zu", st, s->addr, toa,
			 e->cur.csmp[1], e->csca, n);
	else if (rec)
		snprintf(hdr, sizeof(hdr), "+CMGR: \"%s\",\"%s\",\"\",\"%s\"", st, s->addr, ts);
	else
		snprintf(hdr, sizeof(hdr), "+CMGR: \"%s\",\"%s\",\"\"", st, s->addr);
	if (first)
		emu_say_n(e, hdr, strlen(hdr));
	else
		emu_say_cont(e, hdr, strlen(hdr));
	emu_say_cont(e, text, n);
}

/* ---- commands ---- */

static int c_cmgf(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: emu_say(e, "+CMGF: %d", e->cur.cmgf); return R_OK;
	case F_TEST: emu_say(e, "+CMGF: (0,1)"); return R_OK;
	case F_EXEC: e->cur.cmgf = 0; return R_OK;
	case F_SET: return emu_set_one(e, a, 1, &e->cur.cmgf);
	}
	return R_OK;
}

static int c_cnmi(struct emu *e, enum form f, const struct args *a)
{
	static const int hi[5] = { 3, 3, 3, 2, 1 };
	switch (f) {
	case F_READ:
		emu_say(e, "+CNMI: %d,%d,%d,%d,%d", e->cur.cnmi[0], e->cur.cnmi[1], e->cur.cnmi[2], e->cur.cnmi[3],
			e->cur.cnmi[4]);
		return R_OK;
	case F_TEST: emu_say(e, "+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)"); return R_OK;
	case F_EXEC: return R_OK;
	case F_SET: {
		int v[5];
		memcpy(v, e->cur.cnmi, sizeof(v));
		if (a->n < 1 || a->n > 5)
			return emu_cme(e, 50);
		for (int i = 0; i < a->n; i++) {
			if (!a->v[i][0] && !a->quoted[i])
				continue; /* omitted: keep */
			if (!emu_arg_int(a, i, 0, hi[i], &v[i]))
				return emu_cme(e, 50);
		}
		memcpy(e->cur.cnmi, v, sizeof(v));
		return R_OK;
	}
	}
	return R_OK;
}

static int c_csmp(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ:
		emu_say(e, "+CSMP: %d,%d,%d,%d", e->cur.csmp[0], e->cur.csmp[1], e->cur.csmp[2], e->cur.csmp[3]);
		return R_OK;
	case F_TEST: return R_OK;
	case F_EXEC: return R_OK;
	case F_SET: {
		int v[4];
		memcpy(v, e->cur.csmp, sizeof(v));
		if (a->n < 1 || a->n > 4)
			return emu_cms(e, 305);
		for (int i = 0; i < a->n; i++)
			if ((a->v[i][0] || a->quoted[i]) && !emu_arg_int(a, i, 0, 255, &v[i]))
				return emu_cms(e, 305);
		memcpy(e->cur.csmp, v, sizeof(v));
		return R_OK;
	}
	}
	return R_OK;
}

static int c_csdh(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: emu_say(e, "+CSDH: %d", e->cur.csdh); return R_OK;
	case F_TEST: emu_say(e, "+CSDH: (0,1)"); return R_OK;
	case F_EXEC: e->cur.csdh = 0; return R_OK;
	case F_SET: return emu_set_one(e, a, 1, &e->cur.csdh);
	}
	return R_OK;
}

static int c_csms(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: emu_say(e, "+CSMS: %d,1,1,1", e->cur.csms); return R_OK;
	case F_TEST: emu_say(e, "+CSMS: (0,1)"); return R_OK;
	case F_EXEC: return emu_cms(e, 302);
	case F_SET:
		if (a->n != 1 || !emu_arg_int(a, 0, 0, 1, &e->cur.csms))
			return emu_cms(e, 302);
		emu_say(e, "+CSMS: 1,1,1");
		return R_OK;
	}
	return R_OK;
}

static int c_csca(struct emu *e, enum form f, const struct args *a)
{
	int toa, rc;
	if (!emu_sim_ready(e, &rc, true))
		return rc;
	switch (f) {
	case F_READ: emu_say(e, "+CSCA: \"%s\",%d", e->csca, e->csca[0] == '+' ? 145 : 129); return R_OK;
	case F_TEST: return R_OK;
	case F_EXEC: return emu_cms(e, 302);
	case F_SET:
		if (a->n < 1 || a->n > 2 || !a->quoted[0] || !emu_dial_ok(a->v[0], strlen(a->v[0])) ||
		    strlen(a->v[0]) >= sizeof(e->csca) || (a->n == 2 && !emu_arg_int(a, 1, 0, 255, &toa)))
			return emu_cms(e, 304);
		snprintf(e->csca, sizeof(e->csca), "%s", a->v[0]);
		return R_OK;
	}
	return R_OK;
}

static int mem_of(const char *s)
{
	if (emu_ieq(s, "SM"))
		return MEM_SM;
	if (emu_ieq(s, "ME") || emu_ieq(s, "MT"))
		return MEM_ME;
	return -1;
}

static int c_cpms(struct emu *e, enum form f, const struct args *a)
{
	int rc;
	if (!emu_sim_ready(e, &rc, true))
		return rc;
	switch (f) {
	case F_READ: {
		char b[200];
		size_t o = 0;
		o += (size_t)snprintf(b + o, sizeof(b) - o, "+CPMS: ");
		for (int i = 0; i < 3; i++)
			o += (size_t)snprintf(b + o, sizeof(b) - o, "%s\"%s\",%d,%d", i ? "," : "", emu_mem_name(e->mem[i]),
					      emu_store_used(e, e->mem[i]), emu_store_cap(e, e->mem[i]));
		emu_say_n(e, b, o);
		return R_OK;
	}
	case F_TEST: emu_say(e, "+CPMS: (\"SM\",\"ME\"),(\"SM\",\"ME\"),(\"SM\",\"ME\")"); return R_OK;
	case F_EXEC: return emu_cms(e, 302);
	case F_SET: {
		int m[3] = { e->mem[0], e->mem[1], e->mem[2] };
		if (a->n < 1 || a->n > 3)
			return emu_cms(e, 302);
		for (int i = 0; i < a->n; i++) {
			if (!a->quoted[i] || (m[i] = mem_of(a->v[i])) < 0)
				return emu_cms(e, 302);
		}
		memcpy(e->mem, m, sizeof(m));
		emu_say(e, "+CPMS: %d,%d,%d,%d,%d,%d", emu_store_used(e, m[0]), emu_store_cap(e, m[0]),
			emu_store_used(e, m[1]), emu_store_cap(e, m[1]), emu_store_used(e, m[2]), emu_store_cap(e, m[2]));
		return R_OK;
	}
	}
	return R_OK;
}

static int bad_param(struct emu *e)
{
	return emu_cms(e, e->cur.cmgf ? 305 : 304);
}

static int c_cmgr(struct emu *e, enum form f, const struct args *a)
{
	int idx, mode = 0, rc;
	if (f == F_TEST)
		return R_OK;
	if (!emu_sim_ready(e, &rc, true))
		return rc;
	if (f != F_SET)
		return bad_param(e);
	if (a->n < 1 || a->n > 2 || (a->n == 2 && !emu_arg_int(a, 1, 0, 1, &mode)))
		return bad_param(e);
	int mem = e->mem[0];
	if (!emu_arg_int(a, 0, 1, mem == MEM_ME ? EMU_ME_SLOTS : EMU_SLOTS, &idx))
		return emu_cms(e, 321);
	struct slot *s = &e->slots[mem][idx - 1];
	if (!s->used)
		return R_OK; /* SIM800: an empty index gives just OK */
	show(e, s, idx, false, true);
	if (mode == 0 && s->stat == ST_UNREAD)
		s->stat = ST_READ;
	return R_OK;
}

static int c_cmgl(struct emu *e, enum form f, const struct args *a)
{
	int rc;
	if (f == F_TEST) {
		if (e->cur.cmgf)
			emu_say(e, "+CMGL: (\"REC UNREAD\",\"REC READ\",\"STO UNSENT\",\"STO SENT\",\"ALL\")");
		else
			emu_say(e, "+CMGL: (0-4)");
		return R_OK;
	}
	if (f == F_READ)
		return bad_param(e);
	if (!emu_sim_ready(e, &rc, true))
		return rc;
	int want = 0; /* a stat, or 4 all */
	int mode = 0;
	if (f == F_SET) {
		if (a->n < 1 || a->n > 2 || (a->n == 2 && !emu_arg_int(a, 1, 0, 1, &mode)))
			return bad_param(e);
		if (e->cur.cmgf == 0) {
			if (!emu_arg_int(a, 0, 0, 4, &want))
				return emu_cms(e, 304);
		} else {
			if (!a->quoted[0])
				return emu_cms(e, 305);
			want = -1;
			for (int i = 0; i < 4; i++)
				if (emu_ieq(a->v[0], stat_name[i]))
					want = i;
			if (emu_ieq(a->v[0], "ALL"))
				want = 4;
			if (want < 0)
				return emu_cms(e, 305);
		}
	}
	bool first = true;
	int mem = e->mem[0];
	for (int i = 0; i < EMU_SLOTS; i++) {
		struct slot *s = &e->slots[mem][i];
		if (!s->used || (want != 4 && s->stat != want))
			continue;
		show(e, s, i + 1, true, first);
		first = false;
		if (mode == 0 && s->stat == ST_UNREAD)
			s->stat = ST_READ;
	}
	return R_OK;
}

static int c_cmgd(struct emu *e, enum form f, const struct args *a)
{
	int idx = 0, flag = 0, rc;
	int mem = e->mem[0], cap = mem == MEM_ME ? EMU_ME_SLOTS : EMU_SLOTS;
	if (f == F_TEST) {
		emu_say(e, "+CMGD: (1-%d),(0-4)", cap);
		return R_OK;
	}
	if (!emu_sim_ready(e, &rc, true))
		return rc;
	if (f != F_SET || a->n < 1 || a->n > 2)
		return bad_param(e);
	if (a->n == 2 && !emu_arg_int(a, 1, 0, 4, &flag))
		return bad_param(e);
	if (flag == 0) {
		if (!emu_arg_int(a, 0, 1, cap, &idx))
			return emu_cms(e, 321);
		memset(&e->slots[mem][idx - 1], 0, sizeof(e->slots[0][0]));
		return R_OK;
	}
	/* 1 read; 2 read and sent; 3 read, sent and unsent; 4 all. */
	for (int i = 0; i < EMU_SLOTS; i++) {
		struct slot *s = &e->slots[mem][i];
		if (s->used && (flag == 4 || s->stat == ST_READ || (flag >= 2 && s->stat == ST_SENT) ||
				(flag == 3 && s->stat == ST_UNSENT)))
			memset(s, 0, sizeof(*s));
	}
	return R_OK;
}

static int c_cmgda(struct emu *e, enum form f, const struct args *a)
{
	/* which: bit per stat */
	static const struct {
		const char *name;
		int mask;
	} kinds[] = { { "DEL READ", 2 }, { "DEL UNREAD", 1 }, { "DEL SENT", 8 }, { "DEL UNSENT", 4 }, { "DEL INBOX", 3 }, { "DEL ALL", 15 } };
	int mask = 0, t;
	if (f == F_TEST) {
		if (e->cur.cmgf == 1)
			emu_say(e, "+CMGDA: (\"DEL READ\",\"DEL UNREAD\",\"DEL SENT\",\"DEL UNSENT\",\"DEL INBOX\",\"DEL ALL\")");
		else
			emu_say(e, "+CMGDA: (1-6)");
		return R_OK;
	}
	if (f != F_SET || a->n != 1)
		return bad_param(e);
	if (e->cur.cmgf == 1) {
		if (!a->quoted[0])
			return emu_cms(e, 305);
		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (emu_ieq(a->v[0], kinds[i].name))
				mask = kinds[i].mask;
		if (!mask)
			return emu_cms(e, 305);
	} else {
		if (!emu_arg_int(a, 0, 1, 6, &t))
			return emu_cms(e, 304);
		mask = kinds[t - 1].mask;
	}
	for (int i = 0; i < EMU_SLOTS; i++) {
		struct slot *s = &e->slots[e->mem[0]][i];
		if (s->used && (mask & (1 << s->stat)))
			memset(s, 0, sizeof(*s));
	}
	return R_OK;
}

const struct emu_cmd emu_sms_cmds[] = {
	{ "+CMGF", c_cmgf },
	{ "+CNMI", c_cnmi },
	{ "+CSMP", c_csmp },
	{ "+CSDH", c_csdh },
	{ "+CSMS", c_csms },
	{ "+CSCA", c_csca },
	{ "+CPMS", c_cpms },
	{ "+CMGR", c_cmgr },
	{ "+CMGL", c_cmgl },
	{ "+CMGD", c_cmgd },
	{ "+CMGDA", c_cmgda },
	{ NULL, NULL },
};

/* ---- delivering to the unit ---- */

/* A sender as the network shows it: a number or an alphanumeric name. */
static bool sender_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > EMU_NUMBER_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F || s[i] == '"')
			return false;
	return true;
}

int emu_deliver(struct emu *e, const struct emu_sms_in *in, uint64_t now_ms)
{
	e->now = now_ms;
	if (!in || !in->from || !in->text || !sender_ok(in->from) || strlen(in->text) > EMU_TEXT_MAX ||
	    in->coding < 0 || in->coding > EMU_CODING_UCS2)
		return RR_ERR_ARG;
	if (!emu_registered(e)) {
		emu_note(e, "SMS from %s not delivered: the module is not registered or has no SIM", in->from);
		return RR_ERR_NONET;
	}
	enum pdu_coding c = in->coding == EMU_CODING_AUTO ? pdu_coding_for(in->text) : (enum pdu_coding)(in->coding - 1);
	size_t st[EMU_ASM_PARTS + 1];
	int k = pdu_split(in->text, c, st, EMU_ASM_PARTS);
	if (k < 0)
		return RR_ERR_ARG;
	if (k > 1 && in->split < 0 && e->cur.cmgf == 0)
		return RR_ERR_ARG;
	if (k > 1 && (in->split < 0 || (in->split == 0 && e->cur.cmgf == 1))) {
		k = 1; /* whole, in one message */
		st[1] = strlen(in->text);
	}
	int ref = 0;
	if (k > 1) {
		if (in->ref16) {
			e->ref16 = (uint16_t)(e->ref16 + 1);
			ref = 256 + e->ref16 % 65280; /* above 255: sent with a 16-bit reference */
		} else {
			e->ref8 = (uint8_t)(e->ref8 + 1);
			ref = e->ref8;
		}
	}
	int first = -1;
	for (int i = 0; i < k; i++) {
		struct slot s;
		memset(&s, 0, sizeof(s));
		s.stat = ST_UNREAD;
		snprintf(s.addr, sizeof(s.addr), "%s", in->from);
		size_t len = st[i + 1] - st[i];
		memcpy(s.text, in->text + st[i], len < EMU_TEXT_MAX ? len : EMU_TEXT_MAX);
		s.ts = emu_net_now(e);
		s.coding = c;
		if (k > 1)
			s.ref = ref, s.total = k, s.seq = i + 1;
		int idx = emu_incoming(e, &s);
		if (first < 0 || (first == 0 && idx != 0))
			first = idx;
		if (idx < 0)
			break;
	}
	emu_flush(e);
	return first;
}
