/* test_charset.c - GSM 03.38 / IRA conversion of SMS text in both
 * directions, through the emulator and the conversion functions. */
#include <string.h>

#include "harness.h"
#include "emu/gsm.h"
#include "test.h"

static uint8_t *find(uint8_t *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return hay + i;
	return NULL;
}

/* The text line of AT+CMGR=1 for a message delivered as utf8. */
static size_t read_back(struct h *h, const char *utf8, uint8_t *out, size_t cap)
{
	emu_deliver_sms(h->e, "+4930", utf8, h->now);
	h_take(h);
	h_send(h, "AT+CMGR=1\r");
	/* skip "\r\n+CMGR: ...\r\n", stop at "\r\n\r\nOK" */
	uint8_t *p = h->rxlen > 2 ? find(h->rx + 2, h->rxlen - 2, "\r\n") : NULL;
	uint8_t *end = find(h->rx, h->rxlen, "\r\n\r\nOK\r\n");
	size_t n = 0;
	if (p && end && end > p) {
		n = (size_t)(end - (p + 2));
		if (n > cap)
			n = cap;
		memcpy(out, p + 2, n);
	}
	h->rxlen = 0;
	h_cmd(h, "AT+CMGD=1");
	return n;
}

TEST(incoming_text_in_gsm_charset)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "AT+CSCS=\"GSM\"");
	uint8_t out[64];
	size_t n = read_back(&h, "\xc3\xa9\xc3\x84\xc3\x9f\xc3\xb1\xc2\xa3\xe2\x82\xac\xe4\xb8\xad@$_x", out, sizeof(out));
	/* é Ä ß ñ £ € 中 @ $ _ x */
	static const uint8_t want[] = { 0x05, 0x5B, 0x1E, 0x7D, 0x01, 0x1B, 0x65, '?', 0x00, 0x02, 0x11, 'x' };
	assert_int_equal(n, sizeof(want));
	assert_true(n == sizeof(want) && memcmp(out, want, n) == 0);
	n = read_back(&h, "[a]{b}", out, sizeof(out));
	static const uint8_t want2[] = { 0x1B, 0x3C, 'a', 0x1B, 0x3E, 0x1B, 0x28, 'b', 0x1B, 0x29 };
	assert_int_equal(n, sizeof(want2));
	assert_true(n == sizeof(want2) && memcmp(out, want2, n) == 0);
	h_close(&h);
}

TEST(incoming_text_in_ira_charset)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	uint8_t out[64];
	size_t n = read_back(&h, "Caf\xc3\xa9 {x} \xe2\x82\xac"
				 "5 @$",
			     out, sizeof(out));
	assert_int_equal(n, 14);
	assert_true(n == 14 && memcmp(out, "Caf? {x} ?5 @$", 14) == 0);
	n = read_back(&h, "bad \xff utf8 \xc3", out, sizeof(out));
	assert_true(n == 12 && memcmp(out, "bad ? utf8 ?", 12) == 0);
	h_close(&h);
}

TEST(outgoing_text_maps_gsm_codes_to_utf8)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "AT+CSCS=\"GSM\"");
	h_cmd(&h, "AT+CMGS=\"+4930\"");
	/* printable bytes are ASCII; control codes are GSM characters */
	h_sendn(&h, "a@\x00\x02\x11\x05\x80z\x1a", 9);
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_string_equal(s.text, "a@@$_\xc3\xa9?z");
	h_cmd(&h, "AT+CSCS=\"IRA\"");
	h_cmd(&h, "AT+CMGS=\"+4930\"");
	h_sendn(&h, "a@\x00\x05~\x1a", 6);
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_string_equal(s.text, "a@??~");
	h_close(&h);
}

TEST(gsm_conversion_functions_round_trip_and_bounds)
{
	uint8_t g[8];
	/* the pair for the euro sign is never split */
	assert_int_equal(gsm_from_utf8("ab\xe2\x82\xac", false, g, 3), 2);
	assert_int_equal(gsm_from_utf8("ab\xe2\x82\xac", false, g, 4), 4);
	char u[8];
	assert_int_equal(gsm_to_utf8(g, 4, false, u, sizeof(u)), 5);
	assert_string_equal(u, "ab\xe2\x82\xac");
	/* output is cut at cap, always terminated */
	assert_int_equal(gsm_to_utf8((const uint8_t *)"abcdefgh", 8, true, u, 4), 3);
	assert_string_equal(u, "abc");
	/* every code of the default alphabet comes back the same */
	int bad = 0;
	for (int c = 0; c < 128; c++) {
		if (c == 0x1B || (c >= 0x20 && c < 0x7F) || c == '\r' || c == '\n')
			continue;
		uint8_t in = (uint8_t)c, back[4];
		char s[8];
		gsm_to_utf8(&in, 1, false, s, sizeof(s));
		size_t n = gsm_from_utf8(s, false, back, sizeof(back));
		if (n != 1 || back[0] != c)
			bad++;
	}
	assert_int_equal(bad, 0);
}

TEST(civil_dates_convert_both_ways)
{
	assert_int_equal(gsm_civil_to_epoch(1970, 1, 1, 0, 0, 0), 0);
	assert_int_equal(gsm_civil_to_epoch(2004, 1, 1, 0, 0, 0), 1072915200);
	assert_int_equal(gsm_civil_to_epoch(2024, 2, 29, 23, 59, 58), 1709251198);
	int y, mo, d, h, mi, s;
	gsm_epoch_to_civil(951782400, &y, &mo, &d, &h, &mi, &s); /* 2000-02-29 */
	assert_int_equal(y, 2000);
	assert_int_equal(mo, 2);
	assert_int_equal(d, 29);
	gsm_epoch_to_civil(-1, &y, &mo, &d, &h, &mi, &s);
	assert_int_equal(y, 1969);
	assert_int_equal(s, 59);
}
