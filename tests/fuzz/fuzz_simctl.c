/* fuzz_simctl.c - libFuzzer target for the runner's side of the simulator's
 * control channel (rig/drivers/sim/ctlline.c: simp_take_line, simp_line).
 * Input: one byte of options, then the bytes isocket-sim wrote on its
 * stdout. They go into the read buffer in chunks (sizes drawn from the
 * options byte, as poll/read would deliver them); every complete line is
 * taken and acted on, alternately with and without a command in flight,
 * with some commands sent ahead (p->pending). Checked against a model
 * written here, line by line:
 *  - the buffer never overflows; a taken line has no newline and is the
 *    input's line cut to the line buffer;
 *  - the kind of reply (ok, err, an answer to a command sent ahead, an
 *    event, a stray line) and the reply text are what the protocol says;
 *  - inline stream bytes ("ev m|u <hex>") are the hex pairs up to the
 *    first non-hex digit, appended to the right stream, nothing else;
 *  - relay events set that relay and queue at most SIMP_EVENTS events
 *    with relay numbers 0..6; power and boot events as documented.
 * Built with -DFUZZ_SEEDS it writes seed transcripts instead. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/sim/protocol.h"
#include "log.h"

#ifndef FUZZ_SEEDS
#define LINE_LEN 1024 /* as simp_cmd and simp_sync read them */

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_simctl: property failed: %s\n", what);
		abort();
	}
}

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One taken line, as the model expects it to act. */
static void one_line(struct simproc *p, const char *line, bool answer)
{
	static struct simproc before;
	char reply[64];
	memcpy(&before, p, sizeof(before));
	int pending = p->pending;
	size_t mlen = p->modem_rx.len, ulen = p->usb_rx.len;
	memset(reply, 'x', sizeof(reply));
	int k = simp_line(p, line, answer, reply, sizeof(reply));
	bool okerr = !strncmp(line, "ok", 2) || !strncmp(line, "err", 3);
	bool ev = !strncmp(line, "ev ", 3);

	/* kind of line and reply text */
	if (ev) {
		check(k == SIMP_LINE_MORE && p->pending == pending, "event taken as a reply");
	} else if (okerr && pending) {
		check(k == SIMP_LINE_MORE && p->pending == pending - 1, "reply to a command sent ahead");
	} else if (!answer) {
		check(k == SIMP_LINE_MORE && p->pending == pending, "a line without a command");
	} else if (!strncmp(line, "ok", 2) && (line[2] == ' ' || !line[2])) {
		check(k == SIMP_LINE_OK, "ok not taken");
		char want[64];
		snprintf(want, sizeof(want), "%s", line[2] ? line + 3 : "");
		check(!strcmp(reply, want), "ok payload");
	} else if (!strncmp(line, "err", 3)) {
		check(k == SIMP_LINE_ERR, "err not taken");
		char want[64];
		snprintf(want, sizeof(want), "%s", line[3] ? line + 4 : "");
		check(!strcmp(reply, want), "err message");
	} else {
		check(k == SIMP_LINE_MORE, "stray line taken as a reply");
	}
	check(p->pending >= 0, "pending below zero");

	/* inline stream bytes */
	if (ev && (line[3] == 'm' || line[3] == 'u') && line[4] == ' ') {
		struct sbuf *b = line[3] == 'm' ? &p->modem_rx : &p->usb_rx;
		size_t at = line[3] == 'm' ? mlen : ulen, n = 0;
		const char *h = line + 5;
		for (; hexv(h[0]) >= 0 && hexv(h[1]) >= 0; h += 2, n++)
			check(at + n < b->len && (uint8_t)b->s[at + n] == (hexv(h[0]) << 4 | hexv(h[1])),
			      "inline byte");
		check(b->len == at + n, "inline stream length");
		check((line[3] == 'm' ? p->usb_rx.len == ulen : p->modem_rx.len == mlen),
		      "inline bytes on the other stream");
	} else {
		check(p->modem_rx.len == mlen && p->usb_rx.len == ulen, "stream bytes from a non-stream line");
	}

	/* relay, power and boot events */
	check(p->nev >= 0 && p->nev <= SIMP_EVENTS, "event count");
	for (int i = 0; i < p->nev; i++)
		check(p->ev[i].relay >= 0 && p->ev[i].relay < RIG_RELAYS, "event relay number");
	int r = 0, on = 0;
	unsigned long long t = 0;
	if (ev && !strncmp(line + 3, "relay ", 6) && sscanf(line + 9, "%d %d %llu", &r, &on, &t) == 3 &&
	    r >= 1 && r <= RIG_RELAYS) {
		check(p->relay[r - 1].on == (on != 0) && p->relay[r - 1].changed_ms == t, "relay state");
		check(p->nev >= 1 && p->ev[p->nev - 1].relay == r - 1 &&
			      p->ev[p->nev - 1].on == (on != 0) && p->ev[p->nev - 1].t_ms == t,
		      "relay event");
		check(p->nev == (before.nev == SIMP_EVENTS ? SIMP_EVENTS : before.nev + 1), "event queue");
	} else {
		check(p->nev == before.nev && !memcmp(p->relay, before.relay, sizeof(p->relay)),
		      "relays changed by another line");
	}
	if (!(ev && !strncmp(line + 3, "power ", 6)))
		check(p->powered == before.powered, "power changed by another line");
	check(p->boots == before.boots + (ev && !strncmp(line + 3, "boot ", 5)), "boot count");
}

static uint32_t rnd;
static uint32_t next(void)
{
	rnd = rnd * 1103515245u + 12345u;
	return rnd >> 16;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct simproc p;
	static char snap[sizeof(p.rbuf)];
	static bool init;
	if (!init) {
		rr_loglevel = RR_LOG_ERR;
		init = true;
	}
	if (size < 1)
		return 0;
	memset(&p, 0, sizeof(p));
	sb_init(&p.modem_rx);
	sb_init(&p.usb_rx);
	p.powered = true;
	rnd = data[0];
	p.pending = data[0] & 3;
	data++;
	size--;
	bool answer = false;
	while (size) {
		size_t room = sizeof(p.rbuf) - p.rlen;
		size_t n = 1 + next() % 700;
		if (n > size)
			n = size;
		if (n > room)
			n = room;
		memcpy(p.rbuf + p.rlen, data, n);
		p.rlen += n;
		data += n;
		size -= n;
		/* take every line there is, as read_line does */
		char line[LINE_LEN];
		for (;;) {
			size_t before = p.rlen;
			memcpy(snap, p.rbuf, p.rlen);
			bool got = simp_take_line(&p, line, sizeof(line));
			check(p.rlen <= sizeof(p.rbuf), "read buffer overflow");
			if (!got) {
				check(p.rlen == before || (before == sizeof(p.rbuf) && p.rlen == 0),
				      "buffer changed without a line");
				check(!memchr(p.rbuf, '\n', p.rlen), "a complete line left in the buffer");
				break;
			}
			check(!memchr(line, '\n', strlen(line)), "newline in a line");
			/* the line is the buffer's first line, cut to the line buffer */
			const char *nl = memchr(snap, '\n', before);
			size_t want = (size_t)(nl - snap) < sizeof(line) - 1 ? (size_t)(nl - snap) : sizeof(line) - 1;
			check(before - p.rlen == (size_t)(nl - snap) + 1, "taken more or less than a line");
			check(!memcmp(line, snap, want) && line[want] == '\0', "line differs from the input");
			check(!memcmp(p.rbuf, nl + 1, p.rlen), "rest of the buffer differs");
			one_line(&p, line, answer);
			answer = next() & 1;
			if (!(next() & 7))
				p.pending++;
		}
	}
	sb_free(&p.modem_rx);
	sb_free(&p.usb_rx);
	return 0;
}
#else
#include "seeds.h"
#define seed fuzz_seed_text

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	/* first byte: options (chunking, commands sent ahead) */
	seed(argv[1], "hello", "\x01ok isocket-sim 1.0.0 serial=SR7-000001 proto=1 inline\n");
	seed(argv[1], "boot", "\x02ev power on 0\nev boot 0\nok 0\nev relay 1 1 120\nev relay 7 0 130\nok 130 none\n");
	seed(argv[1], "inline", "\x03ev m 41540d0a\nev u 52454144205441420d0a\nok 500 600\n"
				"ev m 0d0a2b434d54493a2022534d222c310d0a\nerr run <ms> [m<hex>] [u<hex>]: bad stream bytes\n");
	seed(argv[1], "get", "\x04ok t=1000 relays=0100000 dc=1 ac=1 bat=1 usb=0 powered=1\n"
			     "err unknown command (hello set run next get restart nv streams debug quit)\n"
			     "ev power off 2000\nok\nok\n");
	return 0;
}
#endif
