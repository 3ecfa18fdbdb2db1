/* fuzz_usbcfg.c - libFuzzer target for the harness's client of the unit's
 * USB configuration protocol (rig/core/usbcfg.c): usbcfg_take_reply, which
 * cuts the replies to TABS/READ/WRITE/VERSION out of the bytes received,
 * and usbcfg_split, which splits a READ line into KEY and VALUE.
 * Input: one byte of options, then the bytes the unit sent. They arrive in
 * chunks (sizes drawn from the options byte); after each chunk every
 * complete reply is taken. Checked against a model written here:
 *  - a reply is taken exactly when a final line ("OK", "ERROR",
 *    "ERROR <reason>", with or without "\r") has arrived, never sooner;
 *  - the lines before it are the reply's lines, "\r" stripped, each ending
 *    "\n"; the final line is the message, cut to the buffer given;
 *  - OK gives RR_OK, ERROR RR_ERR_ARG, no final line RR_ERR_TIMEOUT with
 *    the buffer untouched; what follows a reply stays for the next one;
 *  - usbcfg_split: KEY has no '=', and KEY=VALUE is the line again.
 * Built with -DFUZZ_SEEDS it writes seed transcripts instead. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "usbcfg.h"

/* usbcfg.c's session calls, never reached from the functions fuzzed. */
int session_set(struct session *s, enum rig_output o, bool on)
{
	(void)s, (void)o, (void)on;
	abort();
}
int session_wait(struct session *s, uint64_t until_ms, session_cond cond, void *arg,
		 uint64_t max_step_ms)
{
	(void)s, (void)until_ms, (void)cond, (void)arg, (void)max_step_ms;
	abort();
}
void session_mark_dead(struct session *s, int rc)
{
	(void)s, (void)rc;
	abort();
}

#ifndef FUZZ_SEEDS
static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_usbcfg: property failed: %s\n", what);
		abort();
	}
}

static bool final_line(const char *p, size_t n)
{
	if (n == 2 && p[0] == 'O' && p[1] == 'K')
		return true;
	return n >= 5 && !strncmp(p, "ERROR", 5) && (n == 5 || p[5] == ' ');
}

/* The model: the first reply in s[0..len): its length (0 if none), the
 * lines before the final one, the final line. */
static size_t model_reply(const char *s, size_t len, struct sbuf *lines, const char **fin, size_t *finlen)
{
	size_t at = 0;
	while (at < len) {
		const char *nl = memchr(s + at, '\n', len - at);
		if (!nl)
			return 0;
		size_t n = (size_t)(nl - (s + at));
		if (n > 0 && s[at + n - 1] == '\r')
			n--;
		if (final_line(s + at, n)) {
			*fin = s + at;
			*finlen = n;
			return (size_t)(nl - s) + 1;
		}
		sb_putn(lines, s + at, n);
		sb_putc(lines, '\n');
		at = (size_t)(nl - s) + 1;
	}
	return 0;
}

static void check_split(const char *text, size_t len)
{
	static char line[4096], copy[4096];
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = (size_t)(nl - (text + at));
		if (n < sizeof(line)) {
			memcpy(line, text + at, n);
			line[n] = '\0';
			memcpy(copy, line, n + 1);
			char *k, *v;
			bool has = strchr(line, '=') != NULL;
			if (usbcfg_split(line, &k, &v)) {
				check(has, "split without '='");
				check(!strchr(k, '='), "'=' in the key");
				check(k == line && v == line + strlen(k) + 1, "key and value not in the line");
				check(!strncmp(copy, k, strlen(k)) && copy[strlen(k)] == '=' &&
					      !strcmp(copy + strlen(k) + 1, v),
				      "KEY=VALUE is not the line");
			} else {
				check(!has, "a line with '=' not split");
			}
		}
		at += n + 1;
	}
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
	struct sbuf rx, lines, want;
	char err[300], werr[300];
	if (size < 1)
		return 0;
	rnd = data[0];
	size_t errlen = data[0] & 1 ? 16 : sizeof(err);
	const char *all = (const char *)data + 1;
	size_t total = size - 1, fed = 0, taken = 0; /* taken: start of rx in all */
	sb_init(&rx);
	sb_init(&lines);
	sb_init(&want);
	while (fed < total) {
		size_t n = 1 + next() % 300;
		if (n > total - fed)
			n = total - fed;
		sb_putn(&rx, all + fed, n);
		fed += n;
		for (;;) {
			check(rx.len == fed - taken && !memcmp(rx.s, all + taken, rx.len), "buffer differs from the input");
			check(rx.s[rx.len] == '\0', "buffer not terminated");
			const char *fin = NULL;
			size_t finlen = 0;
			sb_clear(&lines);
			sb_clear(&want);
			size_t rlen = model_reply(all + taken, fed - taken, &want, &fin, &finlen);
			memset(err, 'x', sizeof(err));
			int rc = usbcfg_take_reply(&rx, &lines, err, errlen);
			if (!rlen) {
				check(rc == RR_ERR_TIMEOUT, "a reply without a final line");
				check(lines.len == 0 && err[0] == 'x', "output without a reply");
				break;
			}
			check(rc == (fin[0] == 'O' ? RR_OK : RR_ERR_ARG), "result differs from the final line");
			check(lines.len == want.len && !memcmp(lines.s, want.s, want.len), "reply lines differ");
			snprintf(werr, errlen, "%.*s", (int)finlen, fin);
			check(!strcmp(err, werr), "final line differs");
			check_split(lines.s, lines.len);
			taken += rlen;
		}
	}
	sb_free(&rx);
	sb_free(&lines);
	sb_free(&want);
	return 0;
}
#else
#include "seeds.h"
#define seed fuzz_seed_text

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	/* first byte: options (chunking, size of the message buffer) */
	seed(argv[1], "tabs", "\x02TABS general numbers relays inputs temperature schedule\r\nOK\r\n");
	seed(argv[1], "read", "\x04PIN=1234\r\nNUM1=+37060000001\r\nNUM2=\r\nRING=3\r\nOK\r\n");
	seed(argv[1], "write-refused", "\x06ERROR PIN must be 4 digits\r\n");
	seed(argv[1], "two", "\x08VERSION=1.0.0\nSERIAL=SR7-000001\nOK\nERROR\nA=B=C\nOK\n");
	seed(argv[1], "partial", "\x0bRELAY1=OFF\r\nRELAY2=ON\r\nOKAY\r\nERRORS\r\nOK");
	return 0;
}
#endif
