/* harness.c - transcript helpers shared by the AT client's tests. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

struct rec rec;

static void on_sms(void *user, const struct atc_sms *sms)
{
	(void)user;
	if (rec.nsms < REC_MAX)
		rec.sms[rec.nsms] = *sms;
	rec.nsms++;
}

static void on_ring(void *user, const char *number)
{
	(void)user;
	if (rec.nring < REC_MAX)
		snprintf(rec.ring[rec.nring], sizeof rec.ring[0], "%s", number);
	rec.nring++;
	if (rec.reject_on_ring && rec.m)
		atc_reject(rec.m);
}

static void on_clock(void *user, const char *ts)
{
	(void)user;
	snprintf(rec.clock, sizeof rec.clock, "%s", ts);
	rec.nclock++;
}

const struct atc_ops rec_ops = { on_sms, on_ring, on_clock };

void h_start(struct atc *m)
{
	fake_reset();
	memset(&rec, 0, sizeof rec);
	rec.m = m;
	atc_init(m, &rec_ops, NULL);
	atc_poll(m);
}

void h_feedn(struct atc *m, const void *buf, size_t n)
{
	atc_rx(m, buf, n);
	atc_poll(m);
}

void h_feed(struct atc *m, const char *s) { h_feedn(m, s, strlen(s)); }

void h_at(struct atc *m, uint64_t ms)
{
	fake_set_now(ms);
	atc_poll(m);
}

void h_wait(struct atc *m, uint64_t ms) { h_at(m, fake_now() + ms); }

static void escape(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && n + 5 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\r')
			n += (size_t)snprintf(out + n, cap - n, "\\r");
		else if (c == '\n')
			n += (size_t)snprintf(out + n, cap - n, "\\n");
		else if (c < 0x20 || c >= 0x7F)
			n += (size_t)snprintf(out + n, cap - n, "\\x%02X", c);
		else
			out[n++] = (char)c;
	}
	out[n] = '\0';
}

bool h_expect(const char *file, int line, const char *want)
{
	bool ok = strcmp(fake_out(), want) == 0;
	if (!ok) {
		static char a[2048], b[2048];
		escape(want, a, sizeof a);
		escape(fake_out(), b, sizeof b);
		test_fail_at(file, line, "modem output: expected \"%s\", got \"%s\"", a, b);
	}
	fake_out_clear();
	return ok;
}

void h_ready(struct atc *m)
{
	EXPECT("AT\r");
	h_ready_probed(m);
}

void h_ready_probed(struct atc *m)
{
	static const char *const steps[] = {
		"ATE0\r",
		"AT+CMEE=2\r",
		"AT+CMGF=1\r",
		"AT+CSCS=\"GSM\"\r",
		"AT+CNMI=2,1,0,0,0\r",
		"AT+CLIP=1\r",
		"AT+CCLK?\r",
		"AT+CMGL=\"ALL\"\r",
	};
	h_feed(m, "\r\nOK\r\n");
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		EXPECT(steps[i]);
		h_feed(m, "\r\nOK\r\n");
	}
	EXPECT("AT+CSQ\r");
	h_feed(m, "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	EXPECT_NONE();
	assert_true(atc_ready(m));
}

void h_up(struct atc *m)
{
	h_start(m);
	h_ready(m);
}
