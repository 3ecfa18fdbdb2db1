/* test_pdu.c - the AT client in SMS PDU mode (atc_set_pdu): the init
 * sequence, SMS-DELIVER PDUs read with AT+CMGL=4 / AT+CMGR (7-bit, UCS2,
 * a concatenated part, an alphanumeric sender, malformed ones) and the
 * SMS-SUBMIT it writes for a reply. PDUs from the published "hellohello"
 * example and from the emulator's codec (rig/emu/pdu.c). */
#include "harness.h"

#include <stdio.h>

static struct atc m;

/* Init in PDU mode, answering each step; list the stored messages with
 * cmgl (a whole response, "" for none). */
static void pdu_up(const char *cmgl)
{
	static const char *const steps[] = {
		"ATE0\r",
		"AT+CMEE=2\r",
		"AT+CMGF=0\r",
		"AT+CSCS=\"GSM\"\r",
		"AT+CNMI=2,1,0,0,0\r",
		"AT+CLIP=1\r",
		"AT+CCLK?\r",
	};
	h_start(&m);
	EXPECT("AT\r");
	atc_set_pdu(&m, true);
	atc_poll(&m);
	EXPECT("AT\r");
	h_feed(&m, "\r\nOK\r\n");
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		EXPECT(steps[i]);
		h_feed(&m, "\r\nOK\r\n");
	}
	EXPECT("AT+CMGL=4\r");
	h_feed(&m, cmgl);
	h_feed(&m, "\r\nOK\r\n");
}

TEST(pdu_init_lists_and_reads_a_stored_deliver)
{
	pdu_up("\r\n+CMGL: 2,0,,27\r\n"
	       "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].number, "27838890001");
	assert_string_equal(rec.sms[0].ts, "99/03/29,15:16:59+08");
	assert_string_equal(rec.sms[0].text, "hellohello");
	assert_true(atc_ready(&m));
	EXPECT("AT+CMGD=2\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CSQ\r");
}

TEST(pdu_cmti_cmgr_ucs2_and_concatenated_part)
{
	pdu_up("");
	EXPECT("AT+CSQ\r");
	h_feed(&m, "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	h_feed(&m, "\r\n+CMTI: \"SM\",3\r\n");
	EXPECT("AT+CMGR=3\r");
	h_feed(&m, "\r\n+CMGR: 0,,29\r\n07917360899999F2000B917360000000F10008621112010000000A004F004E003100200105\r\n"
		   "\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].number, "+37060000001");
	assert_string_equal(rec.sms[0].ts, "26/11/21,10:00:00+00");
	assert_string_equal(rec.sms[0].text, "ON1 \xBF"); /* a letter outside ASCII: a byte no command takes */
	EXPECT("AT+CMGD=3\r");
	h_feed(&m, "\r\nOK\r\n");
	/* the second part of a concatenated message: its own text after the header */
	h_feed(&m, "\r\n+CMTI: \"SM\",4\r\n");
	EXPECT("AT+CMGR=4\r");
	h_feed(&m, "\r\n+CMGR: 0,,31\r\n07917360899999F2400B917360000000F10000621112010000000D050003070202A6D420B53A05\r\n"
		   "\r\nOK\r\n");
	assert_true(rec.nsms == 2);
	assert_string_equal(rec.sms[1].text, "STATUS");
	EXPECT("AT+CMGD=4\r");
}

TEST(pdu_alphanumeric_sender_and_bad_pdus_are_deleted_unread)
{
	pdu_up("\r\n+CMGL: 1,0,,19\r\n07917360899999F20009D0D4323B1D060000621112010000000178\r\n"
	       "\r\n+CMGL: 2,0,,23\r\n0011000B916407281553F80000AA0AE8329BFD4697D9EC37\r\n" /* a SUBMIT */
	       "\r\n+CMGL: 3,0,,27\r\n07917283010010F5040BC87238880900F10000993092516195800BE8329BFD4697D9EC37\r\n"
	       "\r\n+CMGL: 4,0,,5\r\n0791ZZ\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].number, "Telia");
	assert_string_equal(rec.sms[0].text, "x");
	EXPECT("AT+CMGD=1\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGD=2\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGD=3\r");
	h_feed(&m, "\r\nOK\r\n");
	/* "0791ZZ" is no PDU: nothing handed over, deleted like the others */
	EXPECT("AT+CMGD=4\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CSQ\r");
	assert_int_equal(rec.nsms, 1);
}

TEST(pdu_reply_is_an_sms_submit)
{
	pdu_up("");
	EXPECT("AT+CSQ\r");
	h_feed(&m, "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	assert_int_equal(atc_send_sms(&m, "+46708251358", "hellohello"), 0);
	atc_poll(&m);
	EXPECT("AT+CMGS=23\r");
	h_feed(&m, "\r\n> ");
	EXPECT("0011000B916407281553F80000A70AE8329BFD4697D9EC37\x1A");
	h_feed(&m, "\r\n+CMGS: 7\r\n\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 0);
	/* GSM letters and escape pairs */
	assert_int_equal(atc_send_sms(&m, "+37060000001", "[a]@ ok_$"), 0);
	atc_poll(&m);
	EXPECT("AT+CMGS=24\r");
	h_feed(&m, "\r\n> ");
	EXPECT("0011000B917360000000F10000A70B1B5E78E30380DEEB8800\x1A");
	h_feed(&m, "\r\n+CMGS: 8\r\n\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 0);
}
