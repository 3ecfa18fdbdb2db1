/* test_sms.c - message storage, reading, listing, deleting, and the SMS the
 * unit sends with AT+CMGS, played from the unit's side. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "harness.h"
#include "test.h"

#define TS0 "04/01/01,00:00:00+00" /* network time after power-up */

TEST(delivery_announces_cmti_and_cmgr_reads_then_marks_read)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	assert_int_equal(emu_deliver_sms(h.e, "+491701234567", "Status?", 0), 1);
	assert_string_equal(h_take(&h), "\r\n+CMTI: \"SM\",1\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=1"),
			    "\r\n+CMGR: \"REC UNREAD\",\"+491701234567\",\"\",\"" TS0 "\"\r\nStatus?\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=1"),
			    "\r\n+CMGR: \"REC READ\",\"+491701234567\",\"\",\"" TS0 "\"\r\nStatus?\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(cmgr_mode_1_leaves_the_status)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_deliver_sms(h.e, "+4930", "x", 0);
	assert_true(strstr(h_cmd(&h, "AT+CMGR=1,1"), "REC UNREAD") != NULL);
	assert_true(strstr(h_cmd(&h, "AT+CMGR=1"), "REC UNREAD") != NULL);
	assert_true(strstr(h_cmd(&h, "AT+CMGR=1"), "REC READ") != NULL);
	h_close(&h);
}

TEST(sms_timestamp_is_network_time_of_arrival)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_set_network_time(h.e, 1718454600, 0); /* 2024-06-15 12:30:00 */
	h.now = 90500;
	emu_deliver_sms(h.e, "+4930", "late", h.now);
	h.now = 200000; /* reading later does not change it */
	assert_string_equal(h_cmd(&h, "AT+CMGR=1"),
			    "\r\n+CMGR: \"REC UNREAD\",\"+4930\",\"\",\"24/06/15,12:31:30+00\"\r\nlate\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(cmgr_empty_index_gives_ok_only_and_bad_index_321)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	assert_string_equal(h_cmd(&h, "AT+CMGR=5"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=0"), "\r\n+CMS ERROR: 321\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=31"), "\r\n+CMS ERROR: 321\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=x"), "\r\n+CMS ERROR: 321\r\n");
	h_cmd(&h, "AT+CMEE=0");
	assert_string_equal(h_cmd(&h, "AT+CMGR=31"), "\r\nERROR\r\n");
	h_cmd(&h, "AT+CMEE=2");
	assert_string_equal(h_cmd(&h, "AT+CMGR=31"), "\r\n+CMS ERROR: invalid memory index\r\n");
	h_close(&h);
}

TEST(cmgl_filters_and_marks_listed_unread_as_read)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_deliver_sms(h.e, "+491", "one", 0);
	emu_deliver_sms(h.e, "+492", "two", 0);
	emu_deliver_sms(h.e, "+493", "three", 0);
	h_take(&h);
	h_cmd(&h, "AT+CMGR=2");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"REC READ\""),
			    "\r\n+CMGL: 2,\"REC READ\",\"+492\",\"\",\"" TS0 "\"\r\ntwo\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"REC UNREAD\""),
			    "\r\n+CMGL: 1,\"REC UNREAD\",\"+491\",\"\",\"" TS0 "\"\r\none\r\n"
			    "+CMGL: 3,\"REC UNREAD\",\"+493\",\"\",\"" TS0 "\"\r\nthree\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"REC UNREAD\""), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"ALL\""),
			    "\r\n+CMGL: 1,\"REC READ\",\"+491\",\"\",\"" TS0 "\"\r\none\r\n"
			    "+CMGL: 2,\"REC READ\",\"+492\",\"\",\"" TS0 "\"\r\ntwo\r\n"
			    "+CMGL: 3,\"REC READ\",\"+493\",\"\",\"" TS0 "\"\r\nthree\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"STO SENT\""), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"BOGUS\""), "\r\n+CMS ERROR: 305\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=ALL"), "\r\n+CMS ERROR: 305\r\n");
	h_close(&h);
}

TEST(cmgd_deletes_by_index_and_by_flag)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	for (int i = 0; i < 4; i++)
		emu_deliver_sms(h.e, "+4930", "m", 0);
	assert_string_equal(h_cmd(&h, "AT+CMGD=2"), "\r\nOK\r\n");
	assert_int_equal(emu_stored_count(h.e), 3);
	assert_string_equal(h_cmd(&h, "AT+CMGR=2"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGD=2"), "\r\nOK\r\n");      /* empty: still OK */
	assert_int_equal(emu_deliver_sms(h.e, "+4930", "again", 0), 2); /* lowest free */
	h_cmd(&h, "AT+CMGR=1");
	h_cmd(&h, "AT+CMGR=3");
	assert_string_equal(h_cmd(&h, "AT+CMGD=1,1"), "\r\nOK\r\n"); /* all read ones */
	assert_int_equal(emu_stored_count(h.e), 2);
	assert_string_equal(h_cmd(&h, "AT+CMGD=31"), "\r\n+CMS ERROR: 321\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGD=1,5"), "\r\n+CMS ERROR: 305\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGD=1,4"), "\r\nOK\r\n");
	assert_int_equal(emu_stored_count(h.e), 0);
	h_close(&h);
}

TEST(cmgda_deletes_by_kind)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_deliver_sms(h.e, "+4930", "a", 0);
	emu_deliver_sms(h.e, "+4930", "b", 0);
	h_cmd(&h, "AT+CMGR=1");
	assert_string_equal(h_cmd(&h, "AT+CMGDA=\"DEL READ\""), "\r\nOK\r\n");
	assert_int_equal(emu_stored_count(h.e), 1);
	assert_string_equal(h_cmd(&h, "AT+CMGDA=\"DEL ALL\""), "\r\nOK\r\n");
	assert_int_equal(emu_stored_count(h.e), 0);
	assert_string_equal(h_cmd(&h, "AT+CMGDA=\"DEL SOME\""), "\r\n+CMS ERROR: 305\r\n");
	h_close(&h);
}

TEST(storage_full_refuses_delivery)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	for (int i = 1; i <= EMU_SLOTS; i++)
		assert_int_equal(emu_deliver_sms(h.e, "+4930", "fill", 0), i);
	h_take(&h);
	assert_int_equal(emu_deliver_sms(h.e, "+4931", "one too many", 0), RR_ERR_FULL);
	assert_string_equal(h_take(&h), ""); /* no +CMTI */
	char tail[512];
	emu_transcript_tail(h.e, 1, tail, sizeof(tail));
	assert_string_equal(tail, "[   0.000] # SMS from +4931 refused: storage full (30 of 30)\n");
	assert_string_equal(h_cmd(&h, "AT+CPMS?"), "\r\n+CPMS: \"SM\",30,30,\"SM\",30,30,\"SM\",30,30\r\n\r\nOK\r\n");
	h_cmd(&h, "AT+CMGD=7");
	assert_int_equal(emu_deliver_sms(h.e, "+4931", "fits now", 0), 7);
	h_close(&h);
}

TEST(cpms_reports_storage_use)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	assert_string_equal(h_cmd(&h, "AT+CPMS?"), "\r\n+CPMS: \"SM\",0,30,\"SM\",0,30,\"SM\",0,30\r\n\r\nOK\r\n");
	emu_deliver_sms(h.e, "+4930", "a", 0);
	emu_deliver_sms(h.e, "+4930", "b", 0);
	h_take(&h);
	assert_string_equal(h_cmd(&h, "AT+CPMS=\"SM\",\"SM\",\"SM\""), "\r\n+CPMS: 2,30,2,30,2,30\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPMS=\"ME\""), "\r\n+CPMS: 0,20,2,30,2,30\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPMS?"), "\r\n+CPMS: \"ME\",0,20,\"SM\",2,30,\"SM\",2,30\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPMS=\"XX\""), "\r\n+CMS ERROR: 302\r\n");
	h_close(&h);
}

TEST(deliver_rejects_bad_arguments)
{
	struct h h;
	assert_true(h_open(&h));
	char big[EMU_TEXT_MAX + 2];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(emu_deliver_sms(h.e, "", "x", 0), RR_ERR_ARG);
	assert_int_equal(emu_deliver_sms(h.e, "+49\"1", "x", 0), RR_ERR_ARG);
	assert_int_equal(emu_deliver_sms(h.e, "+4930", NULL, 0), RR_ERR_ARG);
	assert_int_equal(emu_deliver_sms(h.e, "+4930", big, 0), RR_ERR_ARG);
	big[EMU_TEXT_MAX] = '\0';
	assert_int_equal(emu_deliver_sms(h.e, "+4930", big, 0), 1);
	/* PDU mode (the default): 1023 characters come as 7 concatenated parts */
	assert_int_equal(emu_deliver_sms(h.e, "Vodafone", "alphanumeric sender", 0), 8);
	h_close(&h);
}

TEST(cnmi_mt2_hands_sms_over_directly)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "AT+CNMI=2,2,0,0,0");
	assert_int_equal(emu_deliver_sms(h.e, "+4930", "direct", 0), 0);
	assert_string_equal(h_take(&h), "\r\n+CMT: \"+4930\",\"\",\"" TS0 "\"\r\ndirect\r\n");
	assert_int_equal(emu_stored_count(h.e), 0);
	h_cmd(&h, "AT+CNMI=2,0,0,0,0"); /* stored, not announced */
	assert_int_equal(emu_deliver_sms(h.e, "+4930", "quiet", 0), 1);
	assert_string_equal(h_take(&h), "");
	h_close(&h);
}

TEST(cmgs_prompt_ctrl_z_sends_and_records)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h.now = 4200;
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+491701234567\""), "\r\n> ");
	h_send(&h, "Relay 1 ON\x1a");
	assert_string_equal(h_take(&h), "\r\n+CMGS: 1\r\n\r\nOK\r\n");
	assert_int_equal(emu_sms_count(h.e), 1);
	struct emu_sms_out s;
	assert_true(!emu_take_sms(h.e, "+49999", &s));
	assert_true(emu_take_sms(h.e, "+491701234567", &s));
	assert_string_equal(s.number, "+491701234567");
	assert_string_equal(s.text, "Relay 1 ON");
	assert_int_equal(s.t_ms, 4200);
	assert_int_equal(emu_sms_count(h.e), 0);
	/* message references count up */
	h_cmd(&h, "AT+CMGS=\"+4930\"");
	h_send(&h, "second\x1a");
	assert_string_equal(h_take(&h), "\r\n+CMGS: 2\r\n\r\nOK\r\n");
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_string_equal(s.text, "second");
	h_close(&h);
}

TEST(cmgs_with_echo_echoes_the_text)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "AT+CMGF=1");
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\""), "AT+CMGS=\"+4930\"\r\r\n> ");
	h_send(&h, "Hi\x1a");
	assert_string_equal(h_take(&h), "Hi\r\n+CMGS: 1\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(cmgs_esc_abandons_the_message)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\""), "\r\n> ");
	h_send(&h, "never mind\x1b");
	assert_string_equal(h_take(&h), "\r\nOK\r\n");
	assert_int_equal(emu_sms_count(h.e), 0);
	assert_string_equal(h_cmd(&h, "AT"), "\r\nOK\r\n"); /* back in command state */
	char tail[4096];
	emu_transcript_tail(h.e, 5, tail, sizeof(tail));
	assert_true(strstr(tail, "> never mind<1B>\n") != NULL);
	h_close(&h);
}

TEST(cmgs_text_lines_get_a_new_prompt)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "AT+CMGS=\"+4930\"");
	h_send(&h, "line 1\rline 2\r\nline 3\x1a");
	assert_string_equal(h_take(&h), "\r\n> \r\n> \r\n+CMGS: 1\r\n\r\nOK\r\n");
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_string_equal(s.text, "line 1\nline 2\nline 3");
	h_close(&h);
}

TEST(cmgs_over_160_characters_is_refused)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	char text[EMU_SMS_CHARS + 2];
	memset(text, 'a', EMU_SMS_CHARS + 1);
	text[EMU_SMS_CHARS + 1] = '\x1a';
	h_cmd(&h, "AT+CMGS=\"+4930\"");
	h_sendn(&h, text, sizeof(text));
	assert_string_equal(h_take(&h), "\r\n+CMS ERROR: 305\r\n");
	assert_int_equal(emu_sms_count(h.e), 0);
	/* exactly 160 goes */
	h_cmd(&h, "AT+CMGS=\"+4930\"");
	text[EMU_SMS_CHARS] = '\x1a';
	h_sendn(&h, text, EMU_SMS_CHARS + 1);
	assert_string_equal(h_take(&h), "\r\n+CMGS: 1\r\n\r\nOK\r\n");
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_int_equal(strlen(s.text), EMU_SMS_CHARS);
	h_close(&h);
}

TEST(cmgs_bad_number_is_refused)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"\""), "\r\n+CMS ERROR: 305\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"12ab\""), "\r\n+CMS ERROR: 305\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGS=+4930"), "\r\n+CMS ERROR: 305\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\",145"), "\r\n> ");
	h_send(&h, "\x1b");
	h_close(&h);
}

TEST(cmgs_send_time_holds_the_result_and_further_input)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_set_sms_send_time(h.e, 3000);
	h.now = 1000;
	h_cmd(&h, "AT+CMGS=\"+4930\"");
	h_send(&h, "slow\x1a");
	assert_string_equal(h_take(&h), "");
	assert_int_equal(emu_next_deadline(h.e), 4000);
	h_send(&h, "AT+CSQ\r"); /* waits behind the send */
	assert_string_equal(h_take(&h), "");
	assert_int_equal(emu_sms_count(h.e), 0);
	h_advance(&h, 2999);
	assert_string_equal(h_take(&h), "");
	h_advance(&h, 1);
	assert_string_equal(h_take(&h), "\r\n+CMGS: 1\r\n\r\nOK\r\n\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_int_equal(s.t_ms, 4000);
	assert_int_equal(emu_next_deadline(h.e), UINT64_MAX);
	h_close(&h);
}

TEST(unsolicited_codes_wait_until_the_sms_is_sent)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "AT+CMGS=\"+4930\"");
	assert_int_equal(emu_deliver_sms(h.e, "+4931", "meanwhile", 0), 1);
	assert_string_equal(h_take(&h), "");
	h_send(&h, "x\x1a");
	assert_string_equal(h_take(&h), "\r\n+CMGS: 1\r\n\r\nOK\r\n\r\n+CMTI: \"SM\",1\r\n");
	h_close(&h);
}

TEST(take_sms_by_number_keeps_the_others)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	const char *nums[] = { "+491", "+492", "+491" };
	for (int i = 0; i < 3; i++) {
		char cmd[64], text[16];
		snprintf(cmd, sizeof(cmd), "AT+CMGS=\"%s\"", nums[i]);
		snprintf(text, sizeof(text), "n%d\x1a", i);
		h_cmd(&h, cmd);
		h_send(&h, text);
	}
	assert_int_equal(emu_sms_count(h.e), 3);
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, "+491", &s));
	assert_string_equal(s.text, "n0");
	assert_true(emu_take_sms(h.e, "+491", &s));
	assert_string_equal(s.text, "n2");
	assert_true(!emu_take_sms(h.e, "+491", &s));
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_string_equal(s.number, "+492");
	h_close(&h);
}
