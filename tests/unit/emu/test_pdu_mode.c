/* test_pdu_mode.c - the emulator in SMS PDU mode (AT+CMGF=0), played from
 * the unit's side: AT+CMGS=<length> with and without the SMSC field,
 * status reports, concatenated parts, +CMGR / +CMGL with numeric stats,
 * +CMT with the +CNMA acknowledgement, AT+CMGW / AT+CMSS. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "harness.h"
#include "emu/pdu.h"
#include "test.h"

static void pdumode(struct h *h)
{
	h_cmd(h, "ATE0");
	h_cmd(h, "AT+CMEE=1");
	h_cmd(h, "AT+CMGF=0");
	h_take(h);
}

/* AT+CMGS=<len>, the prompt, hex + Ctrl-Z; returns the answer. */
static const char *send_pdu(struct h *h, int len, const char *hex)
{
	char cmd[32];
	snprintf(cmd, sizeof(cmd), "AT+CMGS=%d", len);
	if (strcmp(h_cmd(h, cmd), "\r\n> ") != 0)
		return "(no prompt)";
	h_send(h, hex);
	h_sendn(h, "\x1A", 1);
	return h_take(h);
}

/* The PDU on the line after the first "+CMGR:" / "+CMGL:" / "+CMT:"... */
static bool pdu_after(const char *text, const char *head, struct pdu_sms *p)
{
	const char *s = strstr(text, head);
	if (!s || !(s = strstr(s, "\r\n")))
		return false;
	s += 2;
	size_t n = strcspn(s, "\r");
	uint8_t b[PDU_MAX];
	int k = pdu_unhex(s, n, b, sizeof(b));
	return k > 0 && pdu_decode(b, (size_t)k, true, p, NULL) == 0;
}

TEST(pdu_cmgs_with_and_without_smsc_is_recorded_decoded)
{
	struct h h;
	assert_true(h_open(&h));
	pdumode(&h);
	assert_string_equal(send_pdu(&h, 23, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37"),
			    "\r\n+CMGS: 1\r\n\r\nOK\r\n");
	assert_string_equal(send_pdu(&h, 23, "11000B916407281553F80000AA0AE8329BFD4697D9EC37"), "\r\n+CMGS: 2\r\n\r\nOK\r\n");
	/* with an SMSC of its own */
	assert_string_equal(send_pdu(&h, 23, "07917360899999F211000B916407281553F80000AA0AE8329BFD4697D9EC37"),
			    "\r\n+CMGS: 3\r\n\r\nOK\r\n");
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_string_equal(s.number, "+46708251358");
	assert_string_equal(s.text, "hellohello");
	assert_true(s.pdu);
	assert_int_equal(s.parts, 1);
	assert_int_equal(s.coding, EMU_CODING_7BIT);
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_string_equal(s.smsc, "+37069899992");
	h_close(&h);
}

TEST(pdu_cmgs_bad_pdus_get_304_and_nothing_is_recorded)
{
	struct h h;
	assert_true(h_open(&h));
	pdumode(&h);
	/* <length> one short, not hex, a DELIVER, data cut */
	assert_string_equal(send_pdu(&h, 22, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37"), "\r\n+CMS ERROR: 304\r\n");
	assert_string_equal(send_pdu(&h, 23, "0011000B916407281553F80000AA0AE8329BFD4697D9ECXX"), "\r\n+CMS ERROR: 304\r\n");
	assert_string_equal(send_pdu(&h, 27, "040B917238880900F1000040101000000000"
					     "0AE8329BFD4697D9EC37"),
			    "\r\n+CMS ERROR: 304\r\n");
	assert_string_equal(send_pdu(&h, 22, "0011000B916407281553F80000AA0AE8329BFD4697D9EC"), "\r\n+CMS ERROR: 304\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\""), "\r\n+CMS ERROR: 304\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGS=5"), "\r\n+CMS ERROR: 304\r\n");
	assert_int_equal(emu_sms_count(h.e), 0);
	/* ESC abandons */
	assert_string_equal(h_cmd(&h, "AT+CMGS=23"), "\r\n> ");
	h_send(&h, "0011\x1B");
	assert_string_equal(h_take(&h), "\r\nOK\r\n");
	assert_int_equal(emu_sms_count(h.e), 0);
	h_close(&h);
}

TEST(pdu_status_report_requested_comes_as_cds)
{
	struct h h;
	assert_true(h_open(&h));
	pdumode(&h);
	assert_string_equal(h_cmd(&h, "AT+CNMI=2,1,0,1,0"), "\r\nOK\r\n");
	const char *r = send_pdu(&h, 23, "0031000B916407281553F80000AA0AE8329BFD4697D9EC37");
	assert_true(strncmp(r, "\r\n+CMGS: 1\r\n\r\nOK\r\n\r\n+CDS: 25\r\n", 30) == 0);
	struct pdu_sms p;
	assert_true(pdu_after(r, "+CDS:", &p));
	assert_int_equal(p.type, PDU_STATUS);
	assert_int_equal(p.mr, 1);
	assert_string_equal(p.addr, "+46708251358");
	assert_int_equal(p.st, 0);
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_true(s.srr);
	/* text mode: the fields */
	h_cmd(&h, "AT+CMGF=1");
	h_cmd(&h, "AT+CSMP=49,167,0,0");
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\""), "\r\n> ");
	h_send(&h, "x\x1A");
	r = h_take(&h);
	assert_true(strstr(r, "\r\n+CDS: 6,2,\"+4930\",145,\"04/01/01,00:00:00+00\",\"04/01/01,00:00:00+00\",0\r\n") != NULL);
	h_close(&h);
}

TEST(pdu_concatenated_parts_are_recorded_as_one_message)
{
	struct h h;
	assert_true(h_open(&h));
	pdumode(&h);
	struct pdu_sms p;
	memset(&p, 0, sizeof(p));
	p.type = PDU_SUBMIT;
	snprintf(p.addr, sizeof(p.addr), "+37060000001");
	p.coding = PDU_UCS2;
	p.ref = 0x1234, p.ref16 = true, p.total = 2;
	const char *parts[2] = { "Labas, ąžuolai ", "ir 😀 pabaiga" };
	for (int i = 0; i < 2; i++) {
		p.seq = i + 1;
		snprintf(p.text, sizeof(p.text), "%s", parts[i]);
		uint8_t b[PDU_MAX];
		char hex[2 * PDU_MAX + 1];
		size_t tl;
		int n = pdu_encode(&p, false, b, sizeof(b), &tl);
		assert_true(n > 0);
		pdu_hex(b, (size_t)n, hex, sizeof(hex));
		char want[40];
		snprintf(want, sizeof(want), "\r\n+CMGS: %d\r\n\r\nOK\r\n", i + 1);
		assert_string_equal(send_pdu(&h, (int)tl, hex), want);
		assert_int_equal(emu_sms_count(h.e), i);
		assert_int_equal(emu_partial_count(h.e), 1 - i);
	}
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, "+37060000001", &s));
	assert_string_equal(s.text, "Labas, ąžuolai ir 😀 pabaiga");
	assert_int_equal(s.parts, 2);
	assert_int_equal(s.coding, EMU_CODING_UCS2);
	h_close(&h);
}

TEST(pdu_cmgr_gives_the_deliver_pdu)
{
	struct h h;
	assert_true(h_open(&h));
	pdumode(&h);
	assert_int_equal(emu_deliver_sms(h.e, "+27838890001", "hellohello", 0), 1);
	assert_string_equal(h_take(&h), "\r\n+CMTI: \"SM\",1\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=1"), "\r\n+CMGR: 0,,28\r\n"
						    "07917360899999F2040B917238880900F1000040101000000000"
						    "0AE8329BFD4697D9EC37\r\n\r\nOK\r\n");
	assert_true(strncmp(h_cmd(&h, "AT+CMGR=1"), "\r\n+CMGR: 1,,28\r\n", 16) == 0);
	h_close(&h);
}

TEST(pdu_cmgl_numeric_stats)
{
	struct h h;
	assert_true(h_open(&h));
	pdumode(&h);
	emu_deliver_sms(h.e, "+4930", "one", 0);
	emu_deliver_sms(h.e, "+4931", "two", 0);
	h_take(&h);
	h_cmd(&h, "AT+CMGR=1");
	const char *r = h_cmd(&h, "AT+CMGL=0");
	assert_int_equal(h_count(r, "+CMGL:"), 1);
	assert_true(strstr(r, "+CMGL: 2,0,,") != NULL);
	r = h_cmd(&h, "AT+CMGL=4");
	assert_true(strstr(r, "+CMGL: 1,1,,") != NULL);
	assert_true(strstr(r, "+CMGL: 2,1,,") != NULL); /* listed: now read */
	struct pdu_sms p;
	assert_true(pdu_after(r, "+CMGL: 2", &p));
	assert_string_equal(p.text, "two");
	assert_string_equal(h_cmd(&h, "AT+CMGL=5"), "\r\n+CMS ERROR: 304\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"ALL\""), "\r\n+CMS ERROR: 304\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=?"), "\r\n+CMGL: (0-4)\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(pdu_long_unicode_and_alphanumeric_deliveries)
{
	struct h h;
	assert_true(h_open(&h));
	pdumode(&h);
	char text[400] = "";
	for (int i = 0; i < 10; i++)
		strcat(text, "Ąžuolas € ");
	struct emu_sms_in in = { "Telia", text, EMU_CODING_AUTO, 0, true };
	assert_int_equal(emu_deliver(h.e, &in, 0), 1);
	assert_string_equal(h_take(&h), "\r\n+CMTI: \"SM\",1\r\n\r\n+CMTI: \"SM\",2\r\n");
	struct pdu_sms p;
	assert_true(pdu_after(h_cmd(&h, "AT+CMGR=2"), "+CMGR:", &p));
	assert_string_equal(p.addr, "Telia");
	assert_int_equal(p.toa, PDU_TOA_ALNUM);
	assert_int_equal(p.coding, PDU_UCS2);
	assert_int_equal(p.total, 2);
	assert_int_equal(p.seq, 2);
	assert_true(p.ref16);
	assert_string_equal(p.text, text + strlen("Ąžuolas € ") * 6 + strlen("Ąžuolas"));
	/* 7-bit with the extension table; never split on request */
	struct emu_sms_in one = { "+4930", "{[€]}", EMU_CODING_7BIT, -1, false };
	assert_int_equal(emu_deliver(h.e, &one, 0), 3);
	assert_true(pdu_after(h_cmd(&h, "AT+CMGR=3"), "+CMGR:", &p));
	assert_string_equal(p.text, "{[€]}");
	assert_int_equal(p.ud_len, 10);
	struct emu_sms_in toolong = { "+4930", text, EMU_CODING_UCS2, -1, false };
	assert_int_equal(emu_deliver(h.e, &toolong, 0), RR_ERR_ARG);
	/* national number, 8-bit */
	struct emu_sms_in bin = { "860012345", "\x01\x02 data", EMU_CODING_8BIT, 0, false };
	assert_int_equal(emu_deliver(h.e, &bin, 0), 4);
	assert_true(pdu_after(h_cmd(&h, "AT+CMGR=4"), "+CMGR:", &p));
	assert_string_equal(p.addr, "860012345");
	assert_int_equal(p.toa, PDU_TOA_UNKNOWN);
	assert_int_equal(p.coding, PDU_8BIT);
	assert_int_equal(p.ud_len, 7);
	h_close(&h);
}

TEST(pdu_cmt_needs_cnma_when_csms_1)
{
	struct h h;
	assert_true(h_open(&h));
	pdumode(&h);
	assert_string_equal(h_cmd(&h, "AT+CNMA"), "\r\n+CMS ERROR: 340\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSMS=1"), "\r\n+CSMS: 1,1,1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CNMI=2,2,0,0,0"), "\r\nOK\r\n");
	assert_int_equal(emu_deliver_sms(h.e, "+4930", "direct", 0), 0);
	struct pdu_sms p;
	const char *r = h_take(&h);
	assert_true(strncmp(r, "\r\n+CMT: ,", 9) == 0);
	assert_true(pdu_after(r, "+CMT:", &p));
	assert_string_equal(p.text, "direct");
	assert_string_equal(h_cmd(&h, "AT+CNMA"), "\r\nOK\r\n");
	assert_int_equal(emu_stored_count(h.e), 0);
	/* not acknowledged: stored, and routing to the unit is switched off */
	emu_deliver_sms(h.e, "+4930", "lost?", 0);
	h_take(&h);
	h_advance(&h, 15000);
	assert_int_equal(emu_stored_count(h.e), 1);
	assert_string_equal(h_cmd(&h, "AT+CNMI?"), "\r\n+CNMI: 2,0,0,0,0\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CNMA"), "\r\n+CMS ERROR: 340\r\n");
	h_close(&h);
}

TEST(pdu_cmgw_then_cmss)
{
	struct h h;
	assert_true(h_open(&h));
	pdumode(&h);
	assert_string_equal(h_cmd(&h, "AT+CMGW=23"), "\r\n> ");
	h_send(&h, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37\x1A");
	assert_string_equal(h_take(&h), "\r\n+CMGW: 1\r\n\r\nOK\r\n");
	assert_int_equal(emu_sms_count(h.e), 0);
	assert_true(strncmp(h_cmd(&h, "AT+CMGL=2"), "\r\n+CMGL: 1,2,,", 14) == 0);
	assert_string_equal(h_cmd(&h, "AT+CMSS=1"), "\r\n+CMSS: 1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMSS=1,\"+4930\""), "\r\n+CMSS: 2\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMSS=2"), "\r\n+CMS ERROR: 321\r\n");
	assert_true(strncmp(h_cmd(&h, "AT+CMGL=3"), "\r\n+CMGL: 1,3,,", 14) == 0);
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, "+46708251358", &s));
	assert_string_equal(s.text, "hellohello");
	assert_true(emu_take_sms(h.e, "+4930", &s));
	/* text mode: AT+CMGW="<da>" and the text */
	h_cmd(&h, "AT+CMGF=1");
	assert_string_equal(h_cmd(&h, "AT+CMGW=\"+4931\""), "\r\n> ");
	h_send(&h, "stored\x1A");
	assert_string_equal(h_take(&h), "\r\n+CMGW: 2\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=2"), "\r\n+CMGR: \"STO UNSENT\",\"+4931\",\"\"\r\nstored\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGD=0,2"), "\r\nOK\r\n"); /* read and sent: message 1 */
	assert_int_equal(emu_stored_count(h.e), 1);
	assert_string_equal(h_cmd(&h, "AT+CMGD=0,3"), "\r\nOK\r\n"); /* and unsent */
	assert_int_equal(emu_stored_count(h.e), 0);
	h_close(&h);
}
