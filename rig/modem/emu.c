/*
 * emu.c - the GSM modem emulator (emu.h): a SIM800 in SMS text mode.
 *
 * Input from the unit is taken byte by byte: in command state bytes collect
 * into a line (echoed while ATE1) that runs when CR or LF arrives; after
 * AT+CMGS the bytes are SMS text until Ctrl-Z or ESC. Everything the
 * emulator says in one call is gathered and written in one go at the end.
 * Unsolicited codes (RING, +CMTI...) that arise while the unit types an SMS
 * or waits for +CMGS are held back until that exchange is over.
 */
#include "modem/emu.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "modem/gsm.h"

#define EMU_NUMBER_MAX 31
#define EMU_IN_BUF 4096
#define EMU_TRANSCRIPT_LINES 50000
#define EMU_LOG_MAX 2400 /* longest transcript line, in characters */
#define EMU_URC_MAX 64
#define EMU_ARGS_MAX 8
#define EMU_ARG_LEN 64

#define EMU_IMEI "869170031234561"
#define EMU_REVISION "SIM800 R14.18"
#define EMU_DEFAULT_EPOCH 1072915200 /* 2004-01-01 00:00:00, SIM800 RTC reset */

/* Settings the unit changes, saved by AT&W and restored by ATZ. */
struct profile {
	bool echo;
	int cmee;
	int cmgf;
	bool ira; /* AT+CSCS: true "IRA", false "GSM" */
	int cnmi[5];
	int clip;
	int creg;
	int csmp[4];
};

static const struct profile factory = {
	.echo = true,
	.cmee = 0,
	.cmgf = 0,
	.ira = true,
	.cnmi = { 2, 1, 0, 0, 0 },
	.clip = 0,
	.creg = 0,
	.csmp = { 17, 167, 0, 0 },
};

struct slot {
	bool used, read;
	char from[EMU_NUMBER_MAX + 1];
	char text[EMU_TEXT_MAX + 1]; /* UTF-8 */
	int64_t ts;                  /* network time of arrival */
};

enum mode { MODE_CMD, MODE_TEXT, MODE_BUSY };
enum call { CALL_NONE, CALL_IN_RING, CALL_IN_TALK, CALL_OUT_DIAL, CALL_OUT_TALK };

struct emu {
	struct link *l;
	struct profile cur, saved;
	int rssi;
	int64_t net_epoch;
	uint64_t net_ref;
	bool rtc_set;
	int64_t rtc_epoch; /* local time the unit set with AT+CCLK */
	uint64_t rtc_ref;
	int rtc_zone; /* quarter hours */
	struct slot slots[EMU_SLOTS];
	uint8_t mr;
	uint64_t now;
	int link_err;

	/* input */
	uint8_t in[EMU_IN_BUF];
	size_t in_len;
	enum mode mode;
	char line[EMU_LINE_MAX + 1];
	size_t line_len, line_drop;

	/* SMS the unit is typing */
	char sms_to[EMU_NUMBER_MAX + 1];
	uint8_t sms_text[EMU_SMS_CHARS + 1];
	size_t sms_len, sms_total;
	bool sms_cr;
	uint8_t sms_raw[EMU_LINE_MAX];
	size_t sms_raw_len, sms_raw_drop;
	struct emu_sms_out pending;
	uint64_t busy_until;

	/* held-back unsolicited lines */
	char *urc[EMU_URC_MAX];
	size_t urc_len[EMU_URC_MAX];
	int nurc;

	/* output gathered during one call */
	uint8_t *out;
	size_t out_len, out_cap;

	/* calls */
	enum call call;
	enum emu_call_state in_state;
	char ring_from[EMU_NUMBER_MAX + 1];
	int rings;
	uint64_t call_next;
	int ring_interval, max_rings, connected_ms, callee_ms, send_ms;
	bool callee_accept;

	/* what the unit sent */
	struct emu_sms_out *sms;
	int nsms, capsms;
	struct emu_call_out *calls;
	int ncalls, capcalls;

	/* transcript: ring of lines */
	char **tr;
	size_t tr_cap, tr_head, tr_count;
	uint64_t tr_dropped;
	void (*hook)(void *user, const char *line);
	void *hook_user;
};

/* ---- transcript ---- */

static size_t escape(const uint8_t *b, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < cap; i++) {
		if (b[i] >= 0x20 && b[i] < 0x7F)
			out[o++] = (char)b[i];
		else
			o += (size_t)snprintf(out + o, cap - o, "<%02X>", b[i]);
	}
	out[o] = '\0';
	return o;
}

static void tr_add(struct emu *e, const char *text)
{
	if (e->tr_count == e->tr_cap && e->tr_cap < EMU_TRANSCRIPT_LINES) {
		size_t cap = e->tr_cap ? e->tr_cap * 2 : 64;
		if (cap > EMU_TRANSCRIPT_LINES)
			cap = EMU_TRANSCRIPT_LINES;
		char **n = malloc(cap * sizeof(*n));
		if (n) {
			for (size_t i = 0; i < e->tr_count; i++)
				n[i] = e->tr[(e->tr_head + i) % e->tr_cap];
			free(e->tr);
			e->tr = n;
			e->tr_head = 0;
			e->tr_cap = cap;
		}
	}
	if (e->tr_cap == 0)
		return;
	char *copy = strdup(text);
	if (!copy)
		return;
	if (e->tr_count == e->tr_cap) {
		free(e->tr[e->tr_head]);
		e->tr[e->tr_head] = copy;
		e->tr_head = (e->tr_head + 1) % e->tr_cap;
		e->tr_dropped++;
	} else {
		e->tr[(e->tr_head + e->tr_count) % e->tr_cap] = copy;
		e->tr_count++;
	}
	if (e->hook)
		e->hook(e->hook_user, copy);
}

/* A transcript line for bytes that went one way ('>' or '<'), with suffix
 * appended verbatim. */
static void tlog(struct emu *e, char dir, const uint8_t *b, size_t n, const char *suffix)
{
	char buf[EMU_LOG_MAX + 64];
	int k = snprintf(buf, sizeof(buf), "[%4llu.%03llu] %c ", (unsigned long long)(e->now / 1000),
			 (unsigned long long)(e->now % 1000), dir);
	size_t o = (size_t)k;
	o += escape(b, n, buf + o, EMU_LOG_MAX - o);
	if (suffix)
		snprintf(buf + o, sizeof(buf) - o, "%s", suffix);
	tr_add(e, buf);
}

static void tnote(struct emu *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tnote(struct emu *e, const char *fmt, ...)
{
	char msg[EMU_LOG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tlog(e, '#', (const uint8_t *)msg, strlen(msg), NULL);
}

/* ---- output ---- */

static void out_put(struct emu *e, const void *b, size_t n)
{
	if (e->out_len + n > e->out_cap) {
		size_t cap = e->out_cap ? e->out_cap : 1024;
		while (cap < e->out_len + n)
			cap *= 2;
		uint8_t *p = realloc(e->out, cap);
		if (!p) {
			e->link_err = RR_ERR_NOMEM;
			return;
		}
		e->out = p;
		e->out_cap = cap;
	}
	memcpy(e->out + e->out_len, b, n);
	e->out_len += n;
}

static void out_flush(struct emu *e)
{
	if (e->out_len && !e->link_err) {
		int rc = link_write(e->l, e->out, e->out_len);
		if (rc < 0) {
			e->link_err = rc;
			tnote(e, "link %s failed: %s", e->l->name, rr_strerror(rc));
		}
	}
	e->out_len = 0;
}

/* "\r\n<line>\r\n": an information response or final result. */
static void say_n(struct emu *e, const void *b, size_t n)
{
	out_put(e, "\r\n", 2);
	out_put(e, b, n);
	out_put(e, "\r\n", 2);
	tlog(e, '<', b, n, NULL);
}

static void say(struct emu *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct emu *e, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = (int)sizeof(buf) - 1;
	say_n(e, buf, (size_t)n);
}

/* "<line>\r\n": a line that continues a response (SMS text after +CMGR). */
static void say_cont(struct emu *e, const void *b, size_t n)
{
	out_put(e, b, n);
	out_put(e, "\r\n", 2);
	tlog(e, '<', b, n, NULL);
}

/* An unsolicited line: now, or after the SMS exchange in progress. */
static void urc_n(struct emu *e, const void *b, size_t n)
{
	if (e->mode == MODE_CMD) {
		say_n(e, b, n);
		return;
	}
	if (e->nurc == EMU_URC_MAX) {
		tnote(e, "unsolicited result dropped: %d already held back", EMU_URC_MAX);
		return;
	}
	char *c = malloc(n ? n : 1);
	if (!c)
		return;
	memcpy(c, b, n);
	e->urc[e->nurc] = c;
	e->urc_len[e->nurc] = n;
	e->nurc++;
}

static void urc(struct emu *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void urc(struct emu *e, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = (int)sizeof(buf) - 1;
	urc_n(e, buf, (size_t)n);
}

static void urc_release(struct emu *e)
{
	for (int i = 0; i < e->nurc; i++) {
		say_n(e, e->urc[i], e->urc_len[i]);
		free(e->urc[i]);
	}
	e->nurc = 0;
}

/* ---- errors ---- */

enum { R_OK = 0, R_DONE = 1 }; /* R_DONE: final result already given */

static const char *cme_text(int code)
{
	switch (code) {
	case 3: return "operation not allowed";
	case 4: return "operation not supported";
	case 50: return "Incorrect parameters";
	case 100: return "unknown";
	}
	return "unknown";
}

static const char *cms_text(int code)
{
	switch (code) {
	case 302: return "operation not allowed";
	case 303: return "operation not supported";
	case 305: return "invalid text mode parameter";
	case 321: return "invalid memory index";
	case 322: return "memory full";
	}
	return "unknown error";
}

static int cme(struct emu *e, int code)
{
	if (e->cur.cmee == 0)
		say(e, "ERROR");
	else if (e->cur.cmee == 1)
		say(e, "+CME ERROR: %d", code);
	else
		say(e, "+CME ERROR: %s", cme_text(code));
	return R_DONE;
}

static int cms(struct emu *e, int code)
{
	if (e->cur.cmee == 0)
		say(e, "ERROR");
	else if (e->cur.cmee == 1)
		say(e, "+CMS ERROR: %d", code);
	else
		say(e, "+CMS ERROR: %s", cms_text(code));
	return R_DONE;
}

/* ---- time ---- */

static int64_t elapsed_s(uint64_t now, uint64_t ref)
{
	int64_t d = (int64_t)now - (int64_t)ref;
	return d >= 0 ? d / 1000 : -((-d + 999) / 1000);
}

static int64_t net_now(const struct emu *e)
{
	return e->net_epoch + elapsed_s(e->now, e->net_ref);
}

/* "yy/MM/dd,hh:mm:ss+zz" */
static void fmt_ts(int64_t t, int zone, char *buf, size_t len)
{
	int y, mo, d, h, mi, s;
	gsm_epoch_to_civil(t, &y, &mo, &d, &h, &mi, &s);
	snprintf(buf, len, "%02d/%02d/%02d,%02d:%02d:%02d%c%02d", ((y % 100) + 100) % 100, mo, d, h, mi, s,
		 zone < 0 ? '-' : '+', zone < 0 ? -zone : zone);
}

/* ---- argument parsing ---- */

struct args {
	int n;
	char v[EMU_ARGS_MAX][EMU_ARG_LEN];
	bool quoted[EMU_ARGS_MAX];
};

/* Split "a,\"b\",3" into arguments. False on an unterminated quote, too
 * many or too long arguments, or text after a closing quote. */
static bool parse_args(const char *s, struct args *a)
{
	memset(a, 0, sizeof(*a));
	if (!*s)
		return true;
	for (;;) {
		if (a->n == EMU_ARGS_MAX)
			return false;
		char *v = a->v[a->n];
		size_t k = 0;
		if (*s == '"') {
			a->quoted[a->n] = true;
			s++;
			while (*s && *s != '"') {
				if (k + 1 >= EMU_ARG_LEN)
					return false;
				v[k++] = *s++;
			}
			if (*s != '"')
				return false;
			s++;
			if (*s && *s != ',')
				return false;
		} else {
			while (*s && *s != ',') {
				if (k + 1 >= EMU_ARG_LEN || *s == '"')
					return false;
				v[k++] = *s++;
			}
		}
		v[k] = '\0';
		a->n++;
		if (!*s)
			return true;
		s++; /* ',' */
	}
}

/* Argument i as an unquoted integer in lo..hi. */
static bool arg_int(const struct args *a, int i, int lo, int hi, int *out)
{
	if (i >= a->n || a->quoted[i] || !a->v[i][0])
		return false;
	long v = 0;
	for (const char *p = a->v[i]; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
		v = v * 10 + (*p - '0');
		if (v > 100000)
			return false;
	}
	if (v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool ieq(const char *a, const char *b)
{
	while (*a && *b && toupper((unsigned char)*a) == toupper((unsigned char)*b))
		a++, b++;
	return !*a && !*b;
}

/* A dialable number: optional leading '+', then digits, '*' or '#'. */
static bool dial_number_ok(const char *s, size_t n)
{
	if (n == 0 || n > EMU_NUMBER_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!(isdigit((unsigned char)c) || c == '*' || c == '#' || (c == '+' && i == 0)))
			return false;
	}
	return !(n == 1 && s[0] == '+');
}

/* A sender as the network shows it: a number or an alphanumeric name. */
static bool sender_ok(const char *s, bool allow_empty)
{
	size_t n = strlen(s);
	if ((n == 0 && !allow_empty) || n > EMU_NUMBER_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F || s[i] == '"')
			return false;
	return true;
}

/* ---- storage ---- */

static int used_count(const struct emu *e)
{
	int n = 0;
	for (int i = 0; i < EMU_SLOTS; i++)
		n += e->slots[i].used;
	return n;
}

/* The stored text in the unit's character set. */
static size_t slot_text(const struct emu *e, const struct slot *s, uint8_t *buf, size_t cap)
{
	return gsm_from_utf8(s->text, e->cur.ira, buf, cap);
}

static void slot_header(const struct slot *s, int idx, bool list, char *buf, size_t len)
{
	char ts[32];
	fmt_ts(s->ts, 0, ts, sizeof(ts));
	const char *st = s->read ? "REC READ" : "REC UNREAD";
	if (list)
		snprintf(buf, len, "+CMGL: %d,\"%s\",\"%s\",\"\",\"%s\"", idx, st, s->from, ts);
	else
		snprintf(buf, len, "+CMGR: \"%s\",\"%s\",\"\",\"%s\"", st, s->from, ts);
}

/* ---- calls ---- */

static void call_end(struct emu *e)
{
	e->call = CALL_NONE;
	e->call_next = 0;
}

static void send_ring(struct emu *e)
{
	urc(e, "RING");
	if (e->cur.clip) {
		if (e->ring_from[0])
			urc(e, "+CLIP: \"%s\",%d,\"\",0,\"\",0", e->ring_from, e->ring_from[0] == '+' ? 145 : 129);
		else
			urc(e, "+CLIP: \"\",128,\"\",0,\"\",1");
	}
}

/* ---- SMS the unit sends ---- */

static bool push_sms(struct emu *e, const struct emu_sms_out *s)
{
	if (e->nsms == e->capsms) {
		int cap = e->capsms ? e->capsms * 2 : 16;
		struct emu_sms_out *n = realloc(e->sms, (size_t)cap * sizeof(*n));
		if (!n)
			return false;
		e->sms = n;
		e->capsms = cap;
	}
	e->sms[e->nsms++] = *s;
	return true;
}

static bool push_call(struct emu *e, const char *number)
{
	if (e->ncalls == e->capcalls) {
		int cap = e->capcalls ? e->capcalls * 2 : 16;
		struct emu_call_out *n = realloc(e->calls, (size_t)cap * sizeof(*n));
		if (!n)
			return false;
		e->calls = n;
		e->capcalls = cap;
	}
	struct emu_call_out *c = &e->calls[e->ncalls++];
	memset(c, 0, sizeof(*c));
	snprintf(c->number, sizeof(c->number), "%s", number);
	c->t_ms = e->now;
	return true;
}

/* The network accepted the SMS: record it, +CMGS and OK. */
static void sms_sent(struct emu *e)
{
	e->pending.t_ms = e->now;
	if (!push_sms(e, &e->pending)) {
		tnote(e, "SMS to %s lost: out of memory", e->pending.number);
		e->mode = MODE_CMD;
		cms(e, 500);
		urc_release(e);
		return;
	}
	e->mr = (uint8_t)(e->mr + 1);
	tnote(e, "SMS to %s recorded (%zu characters)", e->pending.number, e->sms_total);
	e->mode = MODE_CMD;
	say(e, "+CMGS: %u", e->mr);
	say(e, "OK");
	urc_release(e);
}

static void text_log(struct emu *e, uint8_t last)
{
	char suffix[64] = "";
	uint8_t end[1] = { last };
	char esc[8];
	escape(end, 1, esc, sizeof(esc));
	if (e->sms_raw_drop)
		snprintf(suffix, sizeof(suffix), "...(%zu more bytes)%s", e->sms_raw_drop, esc);
	else
		snprintf(suffix, sizeof(suffix), "%s", esc);
	tlog(e, '>', e->sms_raw, e->sms_raw_len, suffix);
}

static void text_byte(struct emu *e, uint8_t c)
{
	if (c == 0x1B) { /* ESC: abandon the message */
		text_log(e, c);
		tnote(e, "SMS to %s abandoned by the unit", e->sms_to);
		e->mode = MODE_CMD;
		say(e, "OK");
		urc_release(e);
		return;
	}
	if (c == 0x1A) { /* Ctrl-Z: send */
		text_log(e, c);
		if (e->sms_total > EMU_SMS_CHARS) {
			tnote(e, "SMS to %s refused: %zu characters, over %d", e->sms_to, e->sms_total,
			      EMU_SMS_CHARS);
			e->mode = MODE_CMD;
			cms(e, 305);
			urc_release(e);
			return;
		}
		memset(&e->pending, 0, sizeof(e->pending));
		snprintf(e->pending.number, sizeof(e->pending.number), "%s", e->sms_to);
		gsm_to_utf8(e->sms_text, e->sms_len, e->cur.ira, e->pending.text, sizeof(e->pending.text));
		if (e->send_ms <= 0) {
			sms_sent(e);
		} else {
			e->mode = MODE_BUSY;
			e->busy_until = e->now + (uint64_t)e->send_ms;
		}
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
			out_put(e, "\b \b", 3);
		return;
	}
	if (c == '\n' && e->sms_cr) { /* LF of a CR LF pair */
		e->sms_cr = false;
		return;
	}
	e->sms_cr = c == '\r';
	uint8_t ch = c == '\r' ? '\n' : c;
	if (e->sms_len < sizeof(e->sms_text))
		e->sms_text[e->sms_len++] = ch;
	e->sms_total++;
	if (c == '\r')
		out_put(e, "\r\n> ", 4); /* a new line of text: prompt again */
	else if (e->cur.echo)
		out_put(e, &c, 1);
}

/* ---- commands ---- */

enum form { F_EXEC, F_SET, F_READ, F_TEST };

/* The set form of a command taking one integer 0..max into *field. */
static int set_one(struct emu *e, const struct args *a, int max, int *field)
{
	int v;
	if (a->n != 1 || !arg_int(a, 0, 0, max, &v))
		return cme(e, 50);
	*field = v;
	return R_OK;
}

static int c_cmee(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: say(e, "+CMEE: %d", e->cur.cmee); return R_OK;
	case F_TEST: say(e, "+CMEE: (0-2)"); return R_OK;
	case F_EXEC: e->cur.cmee = 0; return R_OK;
	case F_SET: return set_one(e, a, 2, &e->cur.cmee);
	}
	return R_OK;
}

static int c_cmgf(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: say(e, "+CMGF: %d", e->cur.cmgf); return R_OK;
	case F_TEST: say(e, "+CMGF: (0,1)"); return R_OK;
	case F_EXEC: e->cur.cmgf = 0; return R_OK;
	case F_SET: return set_one(e, a, 1, &e->cur.cmgf);
	}
	return R_OK;
}

static int c_cscs(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: say(e, "+CSCS: \"%s\"", e->cur.ira ? "IRA" : "GSM"); return R_OK;
	case F_TEST: say(e, "+CSCS: (\"IRA\",\"GSM\")"); return R_OK;
	case F_EXEC: return cme(e, 50);
	case F_SET:
		if (a->n != 1 || !a->quoted[0])
			return cme(e, 50);
		if (ieq(a->v[0], "GSM"))
			e->cur.ira = false;
		else if (ieq(a->v[0], "IRA"))
			e->cur.ira = true;
		else if (ieq(a->v[0], "UCS2") || ieq(a->v[0], "HEX") || ieq(a->v[0], "8859-1") ||
			 ieq(a->v[0], "PCCP936"))
			return cme(e, 4);
		else
			return cme(e, 50);
		return R_OK;
	}
	return R_OK;
}

static int c_cnmi(struct emu *e, enum form f, const struct args *a)
{
	static const int hi[5] = { 3, 3, 3, 2, 1 };
	switch (f) {
	case F_READ:
		say(e, "+CNMI: %d,%d,%d,%d,%d", e->cur.cnmi[0], e->cur.cnmi[1], e->cur.cnmi[2], e->cur.cnmi[3],
		    e->cur.cnmi[4]);
		return R_OK;
	case F_TEST: say(e, "+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)"); return R_OK;
	case F_EXEC: return R_OK;
	case F_SET: {
		int v[5];
		memcpy(v, e->cur.cnmi, sizeof(v));
		if (a->n < 1 || a->n > 5)
			return cme(e, 50);
		for (int i = 0; i < a->n; i++) {
			if (!a->v[i][0] && !a->quoted[i])
				continue; /* omitted: keep */
			if (!arg_int(a, i, 0, hi[i], &v[i]))
				return cme(e, 50);
		}
		memcpy(e->cur.cnmi, v, sizeof(v));
		return R_OK;
	}
	}
	return R_OK;
}

static int c_clip(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ: say(e, "+CLIP: %d,1", e->cur.clip); return R_OK;
	case F_TEST: say(e, "+CLIP: (0,1)"); return R_OK;
	case F_EXEC: return cme(e, 50);
	case F_SET: return set_one(e, a, 1, &e->cur.clip);
	}
	return R_OK;
}

static int c_cpin(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	if (f == F_READ) {
		say(e, "+CPIN: READY");
		return R_OK;
	}
	if (f == F_TEST)
		return R_OK;
	return cme(e, 3); /* no PIN is asked for */
}

static int c_creg(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ:
		if (e->cur.creg == 2)
			say(e, "+CREG: 2,1,\"1A2B\",\"3C4D\"");
		else
			say(e, "+CREG: %d,1", e->cur.creg);
		return R_OK;
	case F_TEST: say(e, "+CREG: (0-2)"); return R_OK;
	case F_EXEC: e->cur.creg = 0; return R_OK;
	case F_SET: return set_one(e, a, 2, &e->cur.creg);
	}
	return R_OK;
}

static int c_csq(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	if (f == F_EXEC) {
		say(e, "+CSQ: %d,0", e->rssi);
		return R_OK;
	}
	if (f == F_TEST) {
		say(e, "+CSQ: (0-31,99),(0-7,99)");
		return R_OK;
	}
	return cme(e, 50);
}

/* Parse "yy/MM/dd,hh:mm:ss±zz". */
static bool parse_cclk(const char *s, int64_t *local, int *zone)
{
	int y, mo, d, h, mi, sec, z;
	char sign;
	int n = 0;
	if (strlen(s) != 20 ||
	    sscanf(s, "%2d/%2d/%2d,%2d:%2d:%2d%c%2d%n", &y, &mo, &d, &h, &mi, &sec, &sign, &z, &n) != 8 ||
	    n != 20)
		return false;
	for (int i = 0; i < 20; i++)
		if (i != 2 && i != 5 && i != 8 && i != 11 && i != 14 && i != 17 && !isdigit((unsigned char)s[i]))
			return false;
	if (s[2] != '/' || s[5] != '/' || s[8] != ',' || s[11] != ':' || s[14] != ':')
		return false;
	if ((sign != '+' && sign != '-') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 59 || z > 48)
		return false;
	*local = gsm_civil_to_epoch(2000 + y, mo, d, h, mi, sec);
	*zone = sign == '-' ? -z : z;
	return true;
}

static int c_cclk(struct emu *e, enum form f, const struct args *a)
{
	char ts[32];
	switch (f) {
	case F_READ:
		if (e->rtc_set)
			fmt_ts(e->rtc_epoch + elapsed_s(e->now, e->rtc_ref), e->rtc_zone, ts, sizeof(ts));
		else
			fmt_ts(net_now(e), 0, ts, sizeof(ts));
		say(e, "+CCLK: \"%s\"", ts);
		return R_OK;
	case F_TEST: return R_OK;
	case F_EXEC: return cme(e, 50);
	case F_SET: {
		int64_t local;
		int zone;
		if (a->n != 1 || !a->quoted[0] || !parse_cclk(a->v[0], &local, &zone))
			return cme(e, 50);
		e->rtc_set = true;
		e->rtc_epoch = local;
		e->rtc_zone = zone;
		e->rtc_ref = e->now;
		return R_OK;
	}
	}
	return R_OK;
}

static int c_cpms(struct emu *e, enum form f, const struct args *a)
{
	int u = used_count(e);
	switch (f) {
	case F_READ:
		say(e, "+CPMS: \"SM\",%d,%d,\"SM\",%d,%d,\"SM\",%d,%d", u, EMU_SLOTS, u, EMU_SLOTS, u, EMU_SLOTS);
		return R_OK;
	case F_TEST: say(e, "+CPMS: (\"SM\"),(\"SM\"),(\"SM\")"); return R_OK;
	case F_EXEC: return cms(e, 305);
	case F_SET:
		if (a->n < 1 || a->n > 3)
			return cms(e, 305);
		for (int i = 0; i < a->n; i++) {
			if (!a->quoted[i])
				return cms(e, 305);
			if (!ieq(a->v[i], "SM"))
				return cms(e, 302); /* only SIM storage here */
		}
		say(e, "+CPMS: %d,%d,%d,%d,%d,%d", u, EMU_SLOTS, u, EMU_SLOTS, u, EMU_SLOTS);
		return R_OK;
	}
	return R_OK;
}

static int c_cmgr(struct emu *e, enum form f, const struct args *a)
{
	int idx, mode = 0;
	if (f == F_TEST)
		return R_OK;
	if (f != F_SET)
		return cms(e, 305);
	if (e->cur.cmgf != 1)
		return cms(e, 303);
	if (a->n < 1 || a->n > 2 || (a->n == 2 && !arg_int(a, 1, 0, 1, &mode)))
		return cms(e, 305);
	if (!arg_int(a, 0, 1, EMU_SLOTS, &idx))
		return cms(e, 321);
	struct slot *s = &e->slots[idx - 1];
	if (!s->used)
		return R_OK; /* SIM800: an empty index gives just OK */
	char hdr[160];
	uint8_t text[2 * EMU_TEXT_MAX + 2];
	slot_header(s, idx, false, hdr, sizeof(hdr));
	size_t n = slot_text(e, s, text, sizeof(text));
	say_n(e, hdr, strlen(hdr));
	say_cont(e, text, n);
	if (mode == 0)
		s->read = true;
	return R_OK;
}

static int c_cmgl(struct emu *e, enum form f, const struct args *a)
{
	if (f == F_TEST) {
		say(e, "+CMGL: (\"REC UNREAD\",\"REC READ\",\"STO UNSENT\",\"STO SENT\",\"ALL\")");
		return R_OK;
	}
	if (f == F_READ)
		return cms(e, 305);
	if (e->cur.cmgf != 1)
		return cms(e, 303);
	int want = 0; /* 0 unread, 1 read, 2 all, 3 none (stored sent/unsent) */
	int mode = 0;
	if (f == F_SET) {
		if (a->n < 1 || a->n > 2 || !a->quoted[0] || (a->n == 2 && !arg_int(a, 1, 0, 1, &mode)))
			return cms(e, 305);
		if (ieq(a->v[0], "REC UNREAD"))
			want = 0;
		else if (ieq(a->v[0], "REC READ"))
			want = 1;
		else if (ieq(a->v[0], "ALL"))
			want = 2;
		else if (ieq(a->v[0], "STO UNSENT") || ieq(a->v[0], "STO SENT"))
			want = 3;
		else
			return cms(e, 305);
	}
	bool first = true;
	for (int i = 0; i < EMU_SLOTS && want != 3; i++) {
		struct slot *s = &e->slots[i];
		if (!s->used || (want == 0 && s->read) || (want == 1 && !s->read))
			continue;
		char hdr[160];
		uint8_t text[2 * EMU_TEXT_MAX + 2];
		slot_header(s, i + 1, true, hdr, sizeof(hdr));
		size_t n = slot_text(e, s, text, sizeof(text));
		if (first)
			say_n(e, hdr, strlen(hdr));
		else
			say_cont(e, hdr, strlen(hdr));
		first = false;
		say_cont(e, text, n);
		if (mode == 0)
			s->read = true;
	}
	return R_OK;
}

static int c_cmgd(struct emu *e, enum form f, const struct args *a)
{
	int idx = 0, flag = 0;
	if (f == F_TEST) {
		say(e, "+CMGD: (1-%d),(0-4)", EMU_SLOTS);
		return R_OK;
	}
	if (f != F_SET || a->n < 1 || a->n > 2)
		return cms(e, 305);
	if (a->n == 2 && !arg_int(a, 1, 0, 4, &flag))
		return cms(e, 305);
	if (flag == 0) {
		if (!arg_int(a, 0, 1, EMU_SLOTS, &idx))
			return cms(e, 321);
		memset(&e->slots[idx - 1], 0, sizeof(e->slots[0]));
		return R_OK;
	}
	/* 1: all read; 2, 3: read and sent/unsent (none stored); 4: all. */
	for (int i = 0; i < EMU_SLOTS; i++)
		if (e->slots[i].used && (flag == 4 || e->slots[i].read))
			memset(&e->slots[i], 0, sizeof(e->slots[0]));
	return R_OK;
}

static int c_cmgda(struct emu *e, enum form f, const struct args *a)
{
	int which = -1; /* 0 read, 1 unread, 2 all, 3 none */
	if (f == F_TEST) {
		if (e->cur.cmgf == 1)
			say(e, "+CMGDA: (\"DEL READ\",\"DEL UNREAD\",\"DEL SENT\",\"DEL UNSENT\",\"DEL INBOX\",\"DEL ALL\")");
		else
			say(e, "+CMGDA: (1-6)");
		return R_OK;
	}
	if (f != F_SET || a->n != 1)
		return cms(e, 305);
	if (e->cur.cmgf == 1) {
		const char *v = a->v[0];
		if (!a->quoted[0])
			return cms(e, 305);
		if (ieq(v, "DEL READ"))
			which = 0;
		else if (ieq(v, "DEL UNREAD"))
			which = 1;
		else if (ieq(v, "DEL INBOX") || ieq(v, "DEL ALL"))
			which = 2;
		else if (ieq(v, "DEL SENT") || ieq(v, "DEL UNSENT"))
			which = 3;
		else
			return cms(e, 305);
	} else {
		int t;
		static const int map[7] = { -1, 0, 1, 3, 3, 2, 2 };
		if (!arg_int(a, 0, 1, 6, &t))
			return cms(e, 304);
		which = map[t];
	}
	for (int i = 0; i < EMU_SLOTS && which != 3; i++) {
		struct slot *s = &e->slots[i];
		if (s->used && (which == 2 || (which == 0 && s->read) || (which == 1 && !s->read)))
			memset(s, 0, sizeof(*s));
	}
	return R_OK;
}

static int c_cmgs(struct emu *e, enum form f, const struct args *a)
{
	int toda;
	if (f == F_TEST)
		return R_OK;
	if (f != F_SET)
		return cms(e, 305);
	if (e->cur.cmgf != 1)
		return cms(e, 303);
	if (a->n < 1 || a->n > 2 || !a->quoted[0] || (a->n == 2 && !arg_int(a, 1, 0, 255, &toda)))
		return cms(e, 305);
	if (!dial_number_ok(a->v[0], strlen(a->v[0])))
		return cms(e, 305);
	snprintf(e->sms_to, sizeof(e->sms_to), "%s", a->v[0]);
	e->sms_len = e->sms_total = 0;
	e->sms_raw_len = e->sms_raw_drop = 0;
	e->sms_cr = false;
	e->mode = MODE_TEXT;
	out_put(e, "\r\n> ", 4);
	tlog(e, '<', (const uint8_t *)"> ", 2, NULL);
	return R_DONE;
}

static int c_csmp(struct emu *e, enum form f, const struct args *a)
{
	switch (f) {
	case F_READ:
		say(e, "+CSMP: %d,%d,%d,%d", e->cur.csmp[0], e->cur.csmp[1], e->cur.csmp[2], e->cur.csmp[3]);
		return R_OK;
	case F_TEST: return R_OK;
	case F_EXEC: return R_OK;
	case F_SET: {
		int v[4];
		memcpy(v, e->cur.csmp, sizeof(v));
		if (a->n < 1 || a->n > 4)
			return cms(e, 305);
		for (int i = 0; i < a->n; i++)
			if ((a->v[i][0] || a->quoted[i]) && !arg_int(a, i, 0, 255, &v[i]))
				return cms(e, 305);
		memcpy(e->cur.csmp, v, sizeof(v));
		return R_OK;
	}
	}
	return R_OK;
}

static int hang_up(struct emu *e)
{
	if (e->call == CALL_IN_RING) {
		e->in_state = EMU_CALL_REJECTED;
		tnote(e, "call from %s rejected by the unit", e->ring_from[0] ? e->ring_from : "(withheld)");
	} else if (e->call != CALL_NONE) {
		tnote(e, "call hung up by the unit");
	}
	call_end(e);
	return R_OK;
}

static int c_chup(struct emu *e, enum form f, const struct args *a)
{
	(void)a;
	if (f == F_TEST)
		return R_OK;
	if (f != F_EXEC)
		return cme(e, 50);
	return hang_up(e);
}

static int c_info(struct emu *e, enum form f, const char *text)
{
	if (f == F_TEST)
		return R_OK;
	if (f != F_EXEC)
		return cme(e, 50);
	say(e, "%s", text);
	return R_OK;
}

/* One extended command, "+NAME[=args|?|=?]". */
static int extended(struct emu *e, const char *cmd)
{
	char name[16];
	size_t k = 0;
	const char *p = cmd;
	while (*p && *p != '=' && *p != '?' && k + 1 < sizeof(name))
		name[k++] = *p++;
	name[k] = '\0';
	enum form f = F_EXEC;
	struct args a;
	if (*p == '?' && !p[1]) {
		f = F_READ;
	} else if (p[0] == '=' && p[1] == '?' && !p[2]) {
		f = F_TEST;
	} else if (*p == '=') {
		f = F_SET;
		if (!parse_args(p + 1, &a))
			return cme(e, 50);
	} else if (*p) {
		return cme(e, 100);
	}
	if (f != F_SET)
		memset(&a, 0, sizeof(a));

	static const struct {
		const char *name;
		int (*fn)(struct emu *, enum form, const struct args *);
	} table[] = {
		{ "+CMEE", c_cmee }, { "+CMGF", c_cmgf }, { "+CSCS", c_cscs }, { "+CNMI", c_cnmi },
		{ "+CLIP", c_clip }, { "+CPIN", c_cpin }, { "+CREG", c_creg }, { "+CSQ", c_csq },
		{ "+CCLK", c_cclk }, { "+CPMS", c_cpms }, { "+CMGR", c_cmgr }, { "+CMGL", c_cmgl },
		{ "+CMGD", c_cmgd }, { "+CMGDA", c_cmgda }, { "+CMGS", c_cmgs }, { "+CSMP", c_csmp },
		{ "+CHUP", c_chup },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(name, table[i].name))
			return table[i].fn(e, f, &a);
	if (!strcmp(name, "+GSN") || !strcmp(name, "+CGSN"))
		return c_info(e, f, EMU_IMEI);
	if (!strcmp(name, "+GMR") || !strcmp(name, "+CGMR"))
		return c_info(e, f, "Revision:1418B04SIM800L24");
	if (!strcmp(name, "+GMM") || !strcmp(name, "+CGMM"))
		return c_info(e, f, "SIMCOM_SIM800L");
	if (!strcmp(name, "+GMI") || !strcmp(name, "+CGMI"))
		return c_info(e, f, "SIMCOM_Ltd");
	return cme(e, 100);
}

/* ATD<number>; - a voice call. Consumes the dial string up to ';'. */
static int dial(struct emu *e, const char *s, size_t *used)
{
	const char *semi = strchr(s, ';');
	if (!semi) {
		*used = strlen(s);
		return cme(e, 4); /* data calls are not offered */
	}
	*used = (size_t)(semi - s) + 1;
	size_t n = (size_t)(semi - s);
	if (!dial_number_ok(s, n))
		return cme(e, 50);
	if (e->call != CALL_NONE)
		return cme(e, 3);
	char num[EMU_NUMBER_MAX + 1];
	memcpy(num, s, n);
	num[n] = '\0';
	if (!push_call(e, num))
		return cme(e, 100);
	tnote(e, "call to %s recorded", num);
	e->call = CALL_OUT_DIAL;
	e->call_next = e->now + (uint64_t)(e->callee_ms > 0 ? e->callee_ms : 0);
	return R_OK;
}

/* A basic command at *p ("E1", "&W", "H"...). Advances *p. */
static int basic(struct emu *e, const char **pp)
{
	const char *p = *pp;
	char c = *p++;
	char amp = 0;
	if (c == '&') {
		amp = *p ? *p++ : 0;
		if (!amp)
			return cme(e, 100);
	}
	int v = 0;
	bool has_v = false;
	while (isdigit((unsigned char)*p)) {
		v = v * 10 + (*p++ - '0');
		has_v = true;
		if (v > 999)
			return cme(e, 50);
	}
	*pp = p;
	if (amp == 'W' || amp == 'F') {
		if (v != 0)
			return cme(e, 50);
		if (amp == 'W')
			e->saved = e->cur;
		else
			e->cur = factory;
		return R_OK;
	}
	if (amp)
		return cme(e, 100);
	switch (c) {
	case 'E':
		if (v > 1)
			return cme(e, 50);
		e->cur.echo = v == 1;
		return R_OK;
	case 'Z':
		if (v != 0)
			return cme(e, 50);
		e->cur = e->saved;
		return R_OK;
	case 'I':
		if (v != 0)
			return cme(e, 50);
		say(e, EMU_REVISION);
		return R_OK;
	case 'H':
		if (v != 0)
			return cme(e, 50);
		return hang_up(e);
	case 'A':
		if (has_v)
			return cme(e, 50);
		if (e->call != CALL_IN_RING) {
			say(e, "NO CARRIER");
			return R_DONE;
		}
		e->in_state = EMU_CALL_ANSWERED;
		e->call = CALL_IN_TALK;
		e->call_next = e->now + (uint64_t)e->connected_ms;
		tnote(e, "call from %s answered by the unit", e->ring_from[0] ? e->ring_from : "(withheld)");
		return R_OK;
	case 'V':
		return v == 1 ? R_OK : cme(e, 4);
	case 'Q':
		return v == 0 ? R_OK : cme(e, 4);
	}
	return cme(e, 100);
}

/* Run the command line body after "AT" (spaces removed, upper case outside
 * quotes). */
static void run_line(struct emu *e, const char *body)
{
	const char *p = body;
	while (*p) {
		int r;
		if (*p == '+') {
			/* up to the next ';' outside quotes */
			const char *q = p;
			bool quote = false;
			while (*q && (quote || *q != ';')) {
				if (*q == '"')
					quote = !quote;
				q++;
			}
			char cmd[EMU_LINE_MAX + 1];
			size_t n = (size_t)(q - p);
			memcpy(cmd, p, n);
			cmd[n] = '\0';
			r = extended(e, cmd);
			p = *q ? q + 1 : q;
		} else if (*p == 'D') {
			size_t used = 0;
			r = dial(e, p + 1, &used);
			p += 1 + used;
		} else if (*p == ';') {
			p++;
			continue;
		} else {
			r = basic(e, &p);
		}
		if (r != R_OK)
			return;
	}
	say(e, "OK");
}

static void end_line(struct emu *e)
{
	if (e->line_drop) {
		char suffix[80];
		snprintf(suffix, sizeof(suffix), "...(%zu more bytes)", e->line_drop);
		tlog(e, '>', (const uint8_t *)e->line, e->line_len, suffix);
		tnote(e, "command line over %d characters refused", EMU_LINE_MAX);
		e->line_len = e->line_drop = 0;
		cme(e, 100);
		return;
	}
	if (e->line_len == 0)
		return; /* empty line: nothing to answer */
	tlog(e, '>', (const uint8_t *)e->line, e->line_len, NULL);
	size_t n = e->line_len;
	e->line_len = 0;

	/* Anything before "AT" is line noise (V.250). */
	size_t at = 0;
	while (at + 1 < n && !(toupper((unsigned char)e->line[at]) == 'A' &&
			       toupper((unsigned char)e->line[at + 1]) == 'T'))
		at++;
	if (at + 1 >= n) {
		tnote(e, "line without AT ignored");
		return;
	}
	char body[EMU_LINE_MAX + 1];
	size_t k = 0;
	bool quote = false;
	for (size_t i = at + 2; i < n; i++) {
		char c = e->line[i];
		if (c == '"')
			quote = !quote;
		if (!quote && c == ' ')
			continue;
		body[k++] = quote ? c : (char)toupper((unsigned char)c);
	}
	body[k] = '\0';
	if (memchr(body, '\0', k)) { /* NUL inside the command */
		cme(e, 100);
		return;
	}
	run_line(e, body);
}

static void cmd_byte(struct emu *e, uint8_t c)
{
	if (e->cur.echo)
		out_put(e, &c, 1);
	if (c == '\r' || c == '\n') {
		end_line(e);
		return;
	}
	if (c == 0x08) {
		if (e->line_len > 0 && !e->line_drop)
			e->line_len--;
		return;
	}
	if (e->line_len < EMU_LINE_MAX)
		e->line[e->line_len++] = (char)c;
	else
		e->line_drop++;
}

/* Consume buffered input, except while the network is taking an SMS. */
static void process_input(struct emu *e)
{
	size_t i = 0;
	while (i < e->in_len && e->mode != MODE_BUSY) {
		uint8_t c = e->in[i++];
		if (e->mode == MODE_TEXT)
			text_byte(e, c);
		else
			cmd_byte(e, c);
	}
	memmove(e->in, e->in + i, e->in_len - i);
	e->in_len -= i;
}

/* Fire what is due at e->now. Returns true when something happened. */
static bool fire_due(struct emu *e)
{
	bool any = false;
	if (e->mode == MODE_BUSY && e->busy_until <= e->now) {
		sms_sent(e);
		any = true;
	}
	while (e->call != CALL_NONE && e->call_next <= e->now) {
		any = true;
		switch (e->call) {
		case CALL_IN_RING:
			if (e->rings >= e->max_rings) {
				e->in_state = EMU_CALL_GAVE_UP;
				tnote(e, "caller %s gave up after %d rings", e->ring_from[0] ? e->ring_from : "(withheld)",
				      e->rings);
				call_end(e);
				urc(e, "NO CARRIER");
			} else {
				send_ring(e);
				e->rings++;
				e->call_next += (uint64_t)e->ring_interval;
			}
			break;
		case CALL_OUT_DIAL:
			if (e->callee_accept) {
				tnote(e, "callee answered");
				e->call = CALL_OUT_TALK;
				e->call_next += (uint64_t)e->connected_ms;
			} else {
				tnote(e, "callee rejected the call");
				call_end(e);
				urc(e, "BUSY");
			}
			break;
		case CALL_IN_TALK:
		case CALL_OUT_TALK:
			tnote(e, "far end hung up");
			call_end(e);
			urc(e, "NO CARRIER");
			break;
		case CALL_NONE:
			break;
		}
	}
	return any;
}

/* ---- public API ---- */

struct emu *emu_new(struct link *l)
{
	if (!l)
		return NULL;
	struct emu *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->l = l;
	e->cur = e->saved = factory;
	e->rssi = 20;
	e->net_epoch = EMU_DEFAULT_EPOCH;
	e->ring_interval = 3000;
	e->max_rings = 6;
	e->connected_ms = 2000;
	e->callee_ms = 5000;
	e->callee_accept = false;
	return e;
}

void emu_free(struct emu *e)
{
	if (!e)
		return;
	for (int i = 0; i < e->nurc; i++)
		free(e->urc[i]);
	for (size_t i = 0; i < e->tr_count; i++)
		free(e->tr[(e->tr_head + i) % e->tr_cap]);
	free(e->tr);
	free(e->out);
	free(e->sms);
	free(e->calls);
	free(e);
}

int emu_service(struct emu *e, uint64_t now_ms)
{
	e->now = now_ms;
	while (!e->link_err) {
		fire_due(e);
		process_input(e);
		if (e->in_len == sizeof(e->in))
			break; /* held while busy; the rest waits in the link */
		int n = link_read(e->l, e->in + e->in_len, sizeof(e->in) - e->in_len, 0);
		if (n < 0) {
			e->link_err = n;
			tnote(e, "link %s: %s", e->l->name, rr_strerror(n));
			break;
		}
		if (n == 0)
			break;
		e->in_len += (size_t)n;
	}
	while (fire_due(e))
		process_input(e);
	out_flush(e);
	return e->link_err;
}

uint64_t emu_next_deadline(const struct emu *e)
{
	uint64_t d = UINT64_MAX;
	if (e->mode == MODE_BUSY)
		d = e->busy_until;
	if (e->call != CALL_NONE && e->call_next < d)
		d = e->call_next;
	return d;
}

void emu_set_network_time(struct emu *e, int64_t epoch_s, uint64_t now_ms)
{
	e->net_epoch = epoch_s;
	e->net_ref = now_ms;
	e->rtc_set = false;
}

int emu_deliver_sms(struct emu *e, const char *from, const char *text, uint64_t now_ms)
{
	e->now = now_ms;
	if (!from || !text || !sender_ok(from, false) || strlen(text) > EMU_TEXT_MAX)
		return RR_ERR_ARG;
	int mode = e->cur.cnmi[0], mt = e->cur.cnmi[1];
	if (mt == 2 && mode != 0 && e->cur.cmgf == 1) {
		char ts[32], hdr[160];
		uint8_t buf[2 * EMU_TEXT_MAX + 2];
		fmt_ts(net_now(e), 0, ts, sizeof(ts));
		snprintf(hdr, sizeof(hdr), "+CMT: \"%s\",\"\",\"%s\"", from, ts);
		size_t n = gsm_from_utf8(text, e->cur.ira, buf, sizeof(buf));
		tnote(e, "SMS from %s delivered directly", from);
		if (e->mode == MODE_CMD) {
			say_n(e, hdr, strlen(hdr));
			say_cont(e, buf, n);
		} else {
			/* held back as one unit: header and text */
			uint8_t both[sizeof(hdr) + sizeof(buf) + 2];
			size_t h = strlen(hdr);
			memcpy(both, hdr, h);
			memcpy(both + h, "\r\n", 2);
			memcpy(both + h + 2, buf, n);
			urc_n(e, both, h + 2 + n);
		}
		out_flush(e);
		return 0;
	}
	int idx = -1;
	for (int i = 0; i < EMU_SLOTS; i++)
		if (!e->slots[i].used) {
			idx = i;
			break;
		}
	if (idx < 0) {
		tnote(e, "SMS from %s refused: storage full (%d of %d)", from, EMU_SLOTS, EMU_SLOTS);
		return RR_ERR;
	}
	struct slot *s = &e->slots[idx];
	memset(s, 0, sizeof(*s));
	s->used = true;
	snprintf(s->from, sizeof(s->from), "%s", from);
	snprintf(s->text, sizeof(s->text), "%s", text);
	s->ts = net_now(e);
	tnote(e, "SMS from %s stored at index %d", from, idx + 1);
	if (mode != 0 && mt != 0)
		urc(e, "+CMTI: \"SM\",%d", idx + 1);
	out_flush(e);
	return idx + 1;
}

int emu_ring(struct emu *e, const char *from, uint64_t now_ms)
{
	e->now = now_ms;
	if (!from || !sender_ok(from, true))
		return RR_ERR_ARG;
	if (e->call != CALL_NONE)
		return RR_ERR;
	snprintf(e->ring_from, sizeof(e->ring_from), "%s", from);
	tnote(e, "incoming call from %s", from[0] ? from : "(withheld)");
	e->in_state = EMU_CALL_RINGING;
	e->call = CALL_IN_RING;
	e->rings = 1;
	e->call_next = now_ms + (uint64_t)e->ring_interval;
	send_ring(e);
	out_flush(e);
	return e->link_err;
}

enum emu_call_state emu_call_state(const struct emu *e)
{
	return e->in_state;
}

void emu_set_callee(struct emu *e, int reject_after_ms, bool accept)
{
	e->callee_ms = reject_after_ms > 0 ? reject_after_ms : 0;
	e->callee_accept = accept;
}

int emu_sms_count(const struct emu *e)
{
	return e->nsms;
}

int emu_call_count(const struct emu *e)
{
	return e->ncalls;
}

int emu_stored_count(const struct emu *e)
{
	return used_count(e);
}

bool emu_take_sms(struct emu *e, const char *number, struct emu_sms_out *out)
{
	for (int i = 0; i < e->nsms; i++) {
		if (number && strcmp(e->sms[i].number, number) != 0)
			continue;
		if (out)
			*out = e->sms[i];
		memmove(&e->sms[i], &e->sms[i + 1], (size_t)(e->nsms - i - 1) * sizeof(e->sms[0]));
		e->nsms--;
		return true;
	}
	return false;
}

bool emu_take_call(struct emu *e, const char *number, struct emu_call_out *out)
{
	for (int i = 0; i < e->ncalls; i++) {
		if (number && strcmp(e->calls[i].number, number) != 0)
			continue;
		if (out)
			*out = e->calls[i];
		memmove(&e->calls[i], &e->calls[i + 1], (size_t)(e->ncalls - i - 1) * sizeof(e->calls[0]));
		e->ncalls--;
		return true;
	}
	return false;
}

void emu_set_rssi(struct emu *e, int rssi)
{
	e->rssi = (rssi >= 0 && rssi <= 31) ? rssi : 99;
}

void emu_set_ring_interval(struct emu *e, int interval_ms, int max_rings)
{
	e->ring_interval = interval_ms > 0 ? interval_ms : 1;
	e->max_rings = max_rings > 0 ? max_rings : 1;
}

void emu_set_connected_time(struct emu *e, int ms)
{
	e->connected_ms = ms > 0 ? ms : 0;
}

void emu_set_sms_send_time(struct emu *e, int ms)
{
	e->send_ms = ms > 0 ? ms : 0;
}

void emu_set_transcript_hook(struct emu *e, void (*fn)(void *user, const char *line), void *user)
{
	e->hook = fn;
	e->hook_user = user;
}

size_t emu_transcript_tail(const struct emu *e, int n, char *buf, size_t len)
{
	if (!buf || len == 0)
		return 0;
	buf[0] = '\0';
	if (n <= 0 || e->tr_count == 0)
		return 0;
	size_t count = (size_t)n < e->tr_count ? (size_t)n : e->tr_count;
	/* Newest lines that fit whole; at least a cut newest line. */
	size_t take = 0, total = 0;
	while (take < count) {
		const char *l = e->tr[(e->tr_head + e->tr_count - 1 - take) % e->tr_cap];
		size_t ll = strlen(l) + 1;
		if (total + ll > len - 1)
			break;
		total += ll;
		take++;
	}
	if (take == 0) {
		const char *l = e->tr[(e->tr_head + e->tr_count - 1) % e->tr_cap];
		snprintf(buf, len, "%s", l);
		return strlen(buf);
	}
	size_t o = 0;
	for (size_t i = e->tr_count - take; i < e->tr_count; i++) {
		const char *l = e->tr[(e->tr_head + i) % e->tr_cap];
		size_t ll = strlen(l);
		memcpy(buf + o, l, ll);
		o += ll;
		buf[o++] = '\n';
	}
	buf[o] = '\0';
	return o;
}

void emu_transcript_write(const struct emu *e, void *file)
{
	FILE *f = file;
	if (!f)
		return;
	if (e->tr_dropped)
		fprintf(f, "# %llu earlier lines dropped\n", (unsigned long long)e->tr_dropped);
	for (size_t i = 0; i < e->tr_count; i++)
		fprintf(f, "%s\n", e->tr[(e->tr_head + i) % e->tr_cap]);
}
