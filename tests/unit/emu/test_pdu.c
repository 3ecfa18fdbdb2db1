/* test_pdu.c - the PDU codec (rig/emu/pdu.c): published example PDUs
 * decoded and re-encoded byte for byte, every coding and address kind,
 * the concatenation header both ways, and malformed input refused. */
#include <stdio.h>
#include <string.h>

#include "emu/gsm.h"
#include "emu/pdu.h"
#include "test.h"

/* Hex in, decoded; then encoded again and compared with the input. */
static bool round_trip(const char *hex, bool with_smsc, struct pdu_sms *p)
{
	uint8_t b[PDU_MAX], o[PDU_MAX];
	char back[2 * PDU_MAX + 1];
	int n = pdu_unhex(hex, strlen(hex), b, sizeof(b));
	const char *why = NULL;
	if (n < 0 || pdu_decode(b, (size_t)n, with_smsc, p, &why) != 0) {
		test_fail_at(__FILE__, __LINE__, "decode %s: %s", hex, why ? why : "bad hex");
		return false;
	}
	int m = pdu_encode(p, with_smsc, o, sizeof(o), NULL);
	if (m < 0) {
		test_fail_at(__FILE__, __LINE__, "encode of %s failed", hex);
		return false;
	}
	pdu_hex(o, (size_t)m, back, sizeof(back));
	if (strcmp(back, hex) != 0) {
		test_fail_at(__FILE__, __LINE__, "re-encoded\n  %s\nnot\n  %s", back, hex);
		return false;
	}
	return true;
}

/* The SMS-DELIVER example of the classic "SMS and the PDU format" note:
 * SMSC +27381000015, sender 27838890001 (subscriber number, national
 * plan), 99/03/29 15:16:59 +2 h, "hellohello" in 7-bit. */
TEST(pdu_deliver_published_example)
{
	struct pdu_sms p;
	assert_true(round_trip("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", true, &p));
	assert_int_equal(p.type, PDU_DELIVER);
	assert_string_equal(p.smsc, "+27381000015");
	assert_string_equal(p.addr, "27838890001");
	assert_int_equal(p.toa, 0xC8);
	assert_int_equal(p.coding, PDU_7BIT);
	assert_string_equal(p.text, "hellohello");
	char ts[32];
	pdu_fmt_time(p.scts, p.tz, ts, sizeof(ts));
	assert_string_equal(ts, "99/03/29,15:16:59+08");
	assert_true(p.mms);
}

/* Its SMS-SUBMIT: no SMSC (length 00), relative validity AA (4 days),
 * to +46708251358. */
TEST(pdu_submit_published_example)
{
	struct pdu_sms p;
	assert_true(round_trip("0011000B916407281553F80000AA0AE8329BFD4697D9EC37", true, &p));
	assert_int_equal(p.type, PDU_SUBMIT);
	assert_string_equal(p.smsc, "");
	assert_string_equal(p.addr, "+46708251358");
	assert_int_equal(p.toa, PDU_TOA_INTL);
	assert_int_equal(p.vpf, 2);
	assert_int_equal(p.vp[0], 0xAA);
	assert_true(!p.srr);
	assert_string_equal(p.text, "hellohello");
	/* The same TPDU as AT+CMGS takes it without the SMSC octet. */
	struct pdu_sms q;
	assert_true(round_trip("11000B916407281553F80000AA0AE8329BFD4697D9EC37", false, &q));
	assert_string_equal(q.addr, "+46708251358");
}

/* 23.038's packing: eight septets fill seven octets exactly; "@" is 0x00. */
TEST(pdu_septet_packing_and_extension_table)
{
	struct pdu_sms p, q;
	memset(&p, 0, sizeof(p));
	p.type = PDU_SUBMIT;
	snprintf(p.addr, sizeof(p.addr), "+37060000001");
	snprintf(p.text, sizeof(p.text), "%s", "@€[x]{}~|^\\ é £ Ω");
	uint8_t b[PDU_MAX];
	size_t tl;
	int n = pdu_encode(&p, true, b, sizeof(b), &tl);
	assert_true(n > 0);
	assert_int_equal((size_t)n, tl + 1);
	assert_true(pdu_decode(b, (size_t)n, true, &q, NULL) == 0);
	assert_string_equal(q.text, "@€[x]{}~|^\\ é £ Ω");
	assert_int_equal(q.coding, PDU_7BIT);
	/* 9 extension characters take two septets each. */
	assert_int_equal(q.ud_len, 9 * 2 + 8);
	/* "12345678" packs into 31 D9 8C 56 B3 DD 70. */
	snprintf(p.text, sizeof(p.text), "12345678");
	n = pdu_encode(&p, false, b, sizeof(b), NULL);
	char hex[400];
	pdu_hex(b, (size_t)n, hex, sizeof(hex));
	assert_true(strstr(hex, "000831D98C56B3DD70") != NULL);
}

TEST(pdu_ucs2_with_surrogate_pair)
{
	struct pdu_sms p, q;
	memset(&p, 0, sizeof(p));
	p.type = PDU_DELIVER;
	p.coding = PDU_UCS2;
	snprintf(p.addr, sizeof(p.addr), "+37060000001");
	snprintf(p.text, sizeof(p.text), "Ąžuolas 😀");
	p.scts = gsm_civil_to_epoch(2024, 6, 15, 12, 30, 0);
	p.tz = -16;
	uint8_t b[PDU_MAX];
	int n = pdu_encode(&p, true, b, sizeof(b), NULL);
	assert_true(n > 0);
	char hex[400];
	pdu_hex(b, (size_t)n, hex, sizeof(hex));
	/* DCS 08; Ą U+0104, then the pair D83D DE00 at the end; -4 h is
	 * 16 quarter hours with the sign bit: 0x69. */
	assert_true(strstr(hex, "000842605121030069140104017E") != NULL);
	assert_true(strstr(hex, "D83DDE00") != NULL);
	assert_true(pdu_decode(b, (size_t)n, true, &q, NULL) == 0);
	assert_string_equal(q.text, "Ąžuolas 😀");
	assert_int_equal(q.tz, -16);
	assert_int_equal(pdu_coding_for("Ąžuolas"), PDU_UCS2);
	assert_int_equal(pdu_coding_for("Grüße €"), PDU_7BIT);
}

TEST(pdu_8bit_data)
{
	struct pdu_sms p, q;
	memset(&p, 0, sizeof(p));
	p.type = PDU_SUBMIT;
	p.coding = PDU_8BIT;
	snprintf(p.addr, sizeof(p.addr), "37060000001");
	memcpy(p.ud, "\x00\xFF\x10 A", 5);
	p.ud_len = 5;
	uint8_t b[PDU_MAX];
	int n = pdu_encode(&p, false, b, sizeof(b), NULL);
	assert_true(n > 0);
	assert_true(pdu_decode(b, (size_t)n, false, &q, NULL) == 0);
	assert_int_equal(q.coding, PDU_8BIT);
	assert_int_equal(q.dcs, 0x04);
	assert_int_equal(q.toa, PDU_TOA_UNKNOWN);
	assert_string_equal(q.addr, "37060000001");
	assert_int_equal(q.ud_len, 5);
	assert_true(memcmp(q.ud, "\x00\xFF\x10 A", 5) == 0);
}

TEST(pdu_alphanumeric_sender)
{
	struct pdu_sms p, q;
	memset(&p, 0, sizeof(p));
	p.type = PDU_DELIVER;
	snprintf(p.addr, sizeof(p.addr), "Telia");
	snprintf(p.text, sizeof(p.text), "Balance 5 EUR");
	uint8_t b[PDU_MAX];
	int n = pdu_encode(&p, true, b, sizeof(b), NULL);
	assert_true(n > 0);
	char hex[400];
	pdu_hex(b, (size_t)n, hex, sizeof(hex));
	/* 5 septets = 35 bits: 9 semi-octets, type D0, "Telia" packed. */
	assert_true(strncmp(hex, "000009D0D4323B1D06", 18) == 0);
	assert_true(pdu_decode(b, (size_t)n, true, &q, NULL) == 0);
	assert_string_equal(q.addr, "Telia");
	assert_int_equal(q.toa, PDU_TOA_ALNUM);
	assert_string_equal(q.text, "Balance 5 EUR");
}

TEST(pdu_concatenation_headers_both_reference_sizes)
{
	for (int r16 = 0; r16 < 2; r16++) {
		struct pdu_sms p, q;
		memset(&p, 0, sizeof(p));
		p.type = PDU_SUBMIT;
		snprintf(p.addr, sizeof(p.addr), "+37060000001");
		p.total = 3, p.seq = 2, p.ref = r16 ? 0x1234 : 0x42, p.ref16 = r16;
		char text[200];
		memset(text, 'a', 153);
		text[153] = '\0';
		snprintf(p.text, sizeof(p.text), "%s", text);
		uint8_t b[PDU_MAX];
		int n = pdu_encode(&p, false, b, sizeof(b), NULL);
		if (r16) {
			assert_int_equal(n, -1); /* 153 septets do not fit beside a 7-octet header */
			text[152] = '\0';
			snprintf(p.text, sizeof(p.text), "%s", text);
			n = pdu_encode(&p, false, b, sizeof(b), NULL);
		}
		assert_true(n > 0);
		char hex[400];
		pdu_hex(b, (size_t)n, hex, sizeof(hex));
		assert_true(strstr(hex, r16 ? "06080412340302" : "050003420302") != NULL);
		assert_true(pdu_decode(b, (size_t)n, false, &q, NULL) == 0);
		assert_int_equal(q.total, 3);
		assert_int_equal(q.seq, 2);
		assert_int_equal(q.ref, p.ref);
		assert_int_equal(q.ref16, r16);
		assert_string_equal(q.text, text);
		assert_int_equal(b[0] & 0x40, 0x40);
	}
}

TEST(pdu_split_sizes)
{
	size_t st[9];
	char t[400];
	memset(t, 'x', 160);
	t[160] = '\0';
	assert_int_equal(pdu_split(t, PDU_7BIT, st, 8), 1);
	t[160] = 'x', t[161] = '\0';
	assert_int_equal(pdu_split(t, PDU_7BIT, st, 8), 2);
	assert_int_equal(st[1], 153);
	assert_int_equal(st[2], 161);
	/* An escape pair is never cut: 152 x then a euro sign. */
	memset(t, 'x', 152);
	strcpy(t + 152, "€€€€€€€€€");
	assert_int_equal(pdu_split(t, PDU_7BIT, st, 8), 2);
	assert_int_equal(st[1], 152);
	/* UCS2: 67 units per part, a surrogate pair kept whole. */
	t[0] = '\0';
	for (int i = 0; i < 66; i++)
		strcat(t, "a");
	strcat(t, "😀ąąą");
	assert_int_equal(pdu_split(t, PDU_UCS2, st, 8), 2);
	assert_int_equal(st[1], 66);
	assert_int_equal(pdu_split(t, PDU_UCS2, st, 1), -1);
}

TEST(pdu_status_report)
{
	struct pdu_sms p, q;
	memset(&p, 0, sizeof(p));
	p.type = PDU_STATUS;
	p.mr = 7;
	snprintf(p.addr, sizeof(p.addr), "+37060000001");
	p.scts = gsm_civil_to_epoch(2024, 1, 2, 3, 4, 5);
	p.dt = p.scts + 3;
	p.st = 0;
	uint8_t b[PDU_MAX];
	int n = pdu_encode(&p, true, b, sizeof(b), NULL);
	assert_true(n > 0);
	assert_true(pdu_decode(b, (size_t)n, true, &q, NULL) == 0);
	assert_int_equal(q.type, PDU_STATUS);
	assert_int_equal(q.mr, 7);
	assert_string_equal(q.addr, "+37060000001");
	assert_int_equal(q.dt - q.scts, 3);
}

TEST(pdu_malformed_input_refused)
{
	static const char *bad[] = {
		"",                                                 /* nothing */
		"00",                                               /* SMSC only */
		"0C91",                                             /* SMSC past the end */
		"0011000B916407281553F80000AA0BE8329BFD4697D9EC37", /* UDL 11, 10 septets */
		"0011000B916407281553F80000AA0AE8329BFD4697D9EC",   /* data cut */
		"0011001A916407281553F80000AA00",                   /* address too long */
		"0051000B916407281553F80000AA020702",               /* header longer than data */
		"0003",                                             /* reserved type */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t b[PDU_MAX];
		struct pdu_sms p;
		const char *why = NULL;
		int n = pdu_unhex(bad[i], strlen(bad[i]), b, sizeof(b));
		assert_true(n >= 0);
		if (pdu_decode(b, (size_t)n, true, &p, &why) == 0)
			test_fail_at(__FILE__, __LINE__, "accepted %s", bad[i]);
		else
			assert_true(why != NULL);
	}
	uint8_t b[4];
	assert_int_equal(pdu_unhex("0G", 2, b, 4), -1);
	assert_int_equal(pdu_unhex("012", 3, b, 4), -1);
}

/* Found by the fuzzer: 160 septets did not fit the unpacked user data. */
TEST(pdu_full_160_septets_decode)
{
	struct pdu_sms p, q;
	memset(&p, 0, sizeof(p));
	p.type = PDU_DELIVER;
	snprintf(p.addr, sizeof(p.addr), "+4930");
	memset(p.text, 'z', 160);
	p.text[160] = '\0';
	uint8_t b[PDU_MAX];
	int n = pdu_encode(&p, true, b, sizeof(b), NULL);
	assert_true(n > 0);
	assert_true(pdu_decode(b, (size_t)n, true, &q, NULL) == 0);
	assert_int_equal(q.ud_len, 160);
	assert_string_equal(q.text, p.text);
	p.text[160] = 'z', p.text[161] = '\0';
	assert_int_equal(pdu_encode(&p, true, b, sizeof(b), NULL), -1);
}
