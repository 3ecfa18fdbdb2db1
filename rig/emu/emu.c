/*
 * emu.c - the GSM module emulator (emu.h): lifecycle, input and output,
 * the transcript and the public API. The command set lives in the other
 * emu_*.c files (see emu_priv.h).
 *
 * Input from the unit is taken byte by byte: in command state bytes collect
 * into a line (echoed while ATE1) that runs when CR or LF arrives; after
 * AT+CMGS / AT+CMGW the bytes are message text (or PDU hex) until Ctrl-Z or
 * ESC. Everything the emulator says in one call is gathered and written in
 * one go at the end. Unsolicited codes that arise while the unit types a
 * message or waits for the result are held back until that exchange is over.
 */
#include "emu/emu.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "escape.h"
#include "emu/emu_priv.h"

/* ---- transcript ---- */

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
void emu_tlog(struct emu *e, char dir, const uint8_t *b, size_t n, const char *suffix)
{
	char buf[EMU_LOG_MAX + 64], digits[24];
	unsigned long long sec = (unsigned long long)(e->now / 1000);
	unsigned ms = (unsigned)(e->now % 1000);
	size_t o = 0, nd = 0;

	/* "[%4llu.%03u] %c ", by hand: a line per byte run of the dialogue */
	do
		digits[nd++] = (char)('0' + sec % 10);
	while ((sec /= 10) != 0);
	buf[o++] = '[';
	for (size_t pad = nd; pad < 4; pad++)
		buf[o++] = ' ';
	while (nd)
		buf[o++] = digits[--nd];
	buf[o++] = '.';
	buf[o++] = (char)('0' + ms / 100);
	buf[o++] = (char)('0' + ms / 10 % 10);
	buf[o++] = (char)('0' + ms % 10);
	buf[o++] = ']';
	buf[o++] = ' ';
	buf[o++] = dir;
	buf[o++] = ' ';
	o += esc_bytes(buf + o, EMU_LOG_MAX - o, b, n);
	if (suffix)
		snprintf(buf + o, sizeof(buf) - o, "%s", suffix);
	tr_add(e, buf);
}

void emu_note(struct emu *e, const char *fmt, ...)
{
	char msg[EMU_LOG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emu_tlog(e, '#', (const uint8_t *)msg, strlen(msg), NULL);
}

/* ---- output ---- */

void emu_out(struct emu *e, const void *b, size_t n)
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

void emu_flush(struct emu *e)
{
	if (e->out_len && !e->link_err && e->synced) {
		int rc = link_write(e->l, e->out, e->out_len);
		if (rc < 0) {
			e->link_err = rc;
			emu_note(e, "link %s failed: %s", e->l->name, rr_strerror(rc));
		}
	}
	if (e->synced)
		e->out_len = 0;
}

static void mid_urc(struct emu *e)
{
	if (e->in_cmd && e->mid_armed) {
		e->mid_armed = false;
		emu_note(e, "unsolicited line inside the response");
		size_t n = strlen(e->mid_urc);
		if (e->cur.verbose)
			emu_out(e, "\r\n", 2);
		emu_out(e, e->mid_urc, n);
		emu_out(e, "\r\n", 2);
		emu_tlog(e, '<', (const uint8_t *)e->mid_urc, n, NULL);
	}
}

void emu_say_n(struct emu *e, const void *b, size_t n)
{
	if (e->cur.verbose)
		emu_out(e, "\r\n", 2);
	emu_out(e, b, n);
	emu_out(e, "\r\n", 2);
	emu_tlog(e, '<', b, n, NULL);
}

void emu_say(struct emu *e, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = (int)sizeof(buf) - 1;
	emu_say_n(e, buf, (size_t)n);
}

void emu_say_cont(struct emu *e, const void *b, size_t n)
{
	emu_out(e, b, n);
	emu_out(e, "\r\n", 2);
	emu_tlog(e, '<', b, n, NULL);
}

void emu_final(struct emu *e, enum rc rc)
{
	static const char *const words[] = { "OK", "CONNECT", "RING", "NO CARRIER", "ERROR", "", "NO DIALTONE",
					     "BUSY", "NO ANSWER" };
	mid_urc(e);
	if (e->cur.quiet) {
		emu_note(e, "result %s not sent (ATQ1)", words[rc]);
		return;
	}
	if (e->cur.verbose) {
		emu_out(e, "\r\n", 2);
		emu_out(e, words[rc], strlen(words[rc]));
		emu_out(e, "\r\n", 2);
		emu_tlog(e, '<', (const uint8_t *)words[rc], strlen(words[rc]), NULL);
	} else {
		char d[4];
		int n = snprintf(d, sizeof(d), "%d\r", (int)rc);
		emu_out(e, d, (size_t)n);
		emu_tlog(e, '<', (const uint8_t *)d, 1, NULL);
	}
}

void emu_urc_n(struct emu *e, const void *b, size_t n)
{
	if (e->mode == MODE_CMD && !e->in_cmd) {
		emu_say_n(e, b, n);
		return;
	}
	if (e->nurc == EMU_URC_MAX) {
		emu_note(e, "unsolicited result dropped: %d already held back", EMU_URC_MAX);
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

void emu_urc(struct emu *e, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = (int)sizeof(buf) - 1;
	emu_urc_n(e, buf, (size_t)n);
}

void emu_urc_release(struct emu *e)
{
	if (e->mode != MODE_CMD || e->in_cmd)
		return;
	for (int i = 0; i < e->nurc; i++) {
		emu_say_n(e, e->urc[i], e->urc_len[i]);
		free(e->urc[i]);
	}
	e->nurc = 0;
}

bool emu_push_sms(struct emu *e, const struct emu_sms_out *s)
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

bool emu_push_call(struct emu *e, const char *number)
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

/* ---- input ---- */

/* Consume buffered input, except while the module is busy. */
static void process_input(struct emu *e)
{
	size_t i = 0;
	while (i < e->in_len && e->mode != MODE_BUSY) {
		uint8_t c = e->in[i++];
		if (!emu_net_sync(e, c))
			continue;
		if (e->mode == MODE_TEXT || e->mode == MODE_PDU)
			emu_text_byte(e, c);
		else
			emu_cmd_byte(e, c);
	}
	if (e->mode == MODE_BUSY && e->busy == BUSY_OFF)
		i = e->in_len; /* a module starting up hears nothing */
	memmove(e->in, e->in + i, e->in_len - i);
	e->in_len -= i;
}

static bool fire_due(struct emu *e)
{
	bool any = emu_net_due(e);
	any |= emu_smsio_due(e);
	any |= emu_call_due(e);
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
	e->cur = e->saved = emu_factory;
	e->ring_interval = 3000;
	e->max_rings = 6;
	e->connected_ms = 2000;
	e->callee_ms = 5000;
	e->callee_accept = false;
	emu_net_init(e);
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
			emu_note(e, "link %s: %s", e->l->name, rr_strerror(n));
			break;
		}
		if (n == 0)
			break;
		e->in_len += (size_t)n;
	}
	while (fire_due(e))
		process_input(e);
	emu_flush(e);
	return e->link_err;
}

uint64_t emu_next_deadline(const struct emu *e)
{
	uint64_t d = emu_net_deadline(e);
	if (e->mode == MODE_BUSY && e->busy_until < d)
		d = e->busy_until;
	if (e->ack_wait && e->ack_until < d)
		d = e->ack_until;
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
	struct emu_sms_in in = { .from = from, .text = text };
	return emu_deliver(e, &in, now_ms);
}

void emu_set_ussd(struct emu *e, const char *answer)
{
	emu_copy(e->ussd, sizeof(e->ussd), answer);
}

bool emu_pdu_mode(const struct emu *e)
{
	return e->cur.cmgf == 0;
}

int emu_partial_count(const struct emu *e)
{
	int n = 0;
	for (int i = 0; i < EMU_ASM; i++)
		n += e->as[i].used;
	return n;
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
	return emu_store_used(e, -1);
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
