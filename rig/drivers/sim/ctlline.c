/* ctlline.c - the lines isocket-sim writes on its control channel, as the
 * runner reads them (protocol.h): no I/O here, so that the parsing can be
 * tested and fuzzed on its own (tests/fuzz/fuzz_simctl.c). */
#define LOG_PREFIX "sim: "
#include "protocol.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

bool simp_take_line(struct simproc *p, char *line, size_t len)
{
	char *nl = memchr(p->rbuf, '\n', p->rlen);
	if (nl) {
		size_t n = (size_t)(nl - p->rbuf);
		size_t c = n < len - 1 ? n : len - 1;
		memcpy(line, p->rbuf, c);
		line[c] = '\0';
		memmove(p->rbuf, nl + 1, p->rlen - n - 1);
		p->rlen -= n + 1;
		return true;
	}
	if (p->rlen == sizeof(p->rbuf))
		p->rlen = 0; /* an absurd line: drop it */
	return false;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
								     : -1;
}

/* "m <hex>" / "u <hex>": bytes the firmware wrote to a stream. */
static void inline_bytes(struct sbuf *b, const char *hex)
{
	for (; hex[0] && hex[1]; hex += 2) {
		int h = hexval(hex[0]), l = hexval(hex[1]);
		if (h < 0 || l < 0)
			break;
		sb_putc(b, (char)(h << 4 | l));
	}
}

static void on_event(struct simproc *p, const char *ev)
{
	int r, on;
	unsigned long long t;
	char what[8];

	if ((ev[0] == 'm' || ev[0] == 'u') && ev[1] == ' ') {
		inline_bytes(ev[0] == 'm' ? &p->modem_rx : &p->usb_rx, ev + 2);
	} else if (!strncmp(ev, "relay ", 6) && sscanf(ev + 6, "%d %d %llu", &r, &on, &t) == 3 &&
		   r >= 1 && r <= RIG_RELAYS) {
		p->relay[r - 1].on = on;
		p->relay[r - 1].changed_ms = t;
		if (p->nev == SIMP_EVENTS) {
			memmove(p->ev, p->ev + 1, (SIMP_EVENTS - 1) * sizeof(p->ev[0]));
			p->nev--;
		}
		p->ev[p->nev++] = (struct rig_relay_event){ r - 1, on != 0, t };
	} else if (!strncmp(ev, "power ", 6) && sscanf(ev + 6, "%7s %llu", what, &t) == 2) {
		/* the word and a blank first: sscanf's blank matches none, so
		 * "powerfail 5" would read as a power event */
		p->powered = !strcmp(what, "on");
	} else if (!strncmp(ev, "boot ", 5)) {
		p->boots++;

	} else {
		rr_dbg("unknown event '%s'", ev);
	}
}

/* A reply to a command sent with simp_send: an "err" is only logged (the
 * driver sends that way only what the simulator cannot refuse). */
static bool pending_reply(struct simproc *p, const char *line)
{
	if (!p->pending)
		return false;
	p->pending--;
	if (!strncmp(line, "err", 3))
		rr_warn("a command sent ahead was refused: %s", line);
	return true;
}

int simp_line(struct simproc *p, const char *line, bool answer, char *reply, size_t len)
{
	if (!strncmp(line, "ev ", 3)) {
		on_event(p, line + 3);
	} else if ((!strncmp(line, "ok", 2) || !strncmp(line, "err", 3)) && pending_reply(p, line)) {
		return SIMP_LINE_MORE;
	} else if (!answer) {
		rr_dbg("stray line '%s'", line);
	} else if (!strncmp(line, "ok", 2) && (line[2] == ' ' || !line[2])) {
		if (reply)
			snprintf(reply, len, "%s", line[2] ? line + 3 : "");
		return SIMP_LINE_OK;
	} else if (!strncmp(line, "err", 3)) {
		if (reply)
			snprintf(reply, len, "%s", line[3] ? line + 4 : "");
		return SIMP_LINE_ERR;
	} else {
		rr_dbg("stray line '%s'", line);
	}
	return SIMP_LINE_MORE;
}
