/* test_sms_in.c - incoming SMS: +CMTI, AT+CMGR, delivery, AT+CMGD. */
#include "harness.h"

#include <stdio.h>

static struct atc m;

#define HDR(stat, num) "+CMGR: \"" stat "\",\"" num "\",\"\",\"26/11/21,10:00:00+08\"\r\n"

TEST(cmti_read_deliver_delete)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",3\r\n");
	EXPECT("AT+CMGR=3\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "#01*1234*1\r\n\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].number, "+37060000001");
	assert_string_equal(rec.sms[0].ts, "26/11/21,10:00:00+08");
	assert_string_equal(rec.sms[0].text, "#01*1234*1");
	assert_true(!rec.sms[0].truncated);
	EXPECT("AT+CMGD=3\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT_NONE();
	assert_int_equal(rec.nsms, 1);
}

TEST(cmti_split_into_single_bytes)
{
	static const char in[] = "\r\n+CMTI: \"SM\",12\r\n";
	h_up(&m);
	for (size_t i = 0; i + 1 < sizeof in; i++)
		h_feedn(&m, in + i, 1);
	EXPECT("AT+CMGR=12\r");
}

TEST(urcs_inside_cmgr_response)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",3\r\n");
	EXPECT("AT+CMGR=3\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001"));
	h_feed(&m, "\r\nRING\r\n\r\n+CLIP: \"+37060000005\",145,\"\",0,\"\",0\r\n");
	h_feed(&m, "STATUS\r\n");
	h_feed(&m, "\r\n+CMTI: \"SM\",4\r\n\r\n+CSQ: 9,0\r\n");
	EXPECT_NONE();
	assert_int_equal(rec.nsms, 0); /* not before the final OK */
	h_feed(&m, "\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].text, "STATUS");
	assert_true(rec.nring == 1);
	assert_string_equal(rec.ring[0], "+37060000005");
	assert_int_equal(atc_rssi(&m), 9);
	EXPECT("AT+CMGD=3\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGR=4\r");
}

TEST(urc_before_header_is_not_the_response)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n");
	EXPECT("AT+CMGR=1\r");
	h_feed(&m, "\r\n+CMTI: \"SM\",2\r\n\r\nNO CARRIER\r\n");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "hello\r\n\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].text, "hello");
	EXPECT("AT+CMGD=1\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGR=2\r");
}

TEST(several_cmti_queued_while_busy)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",5\r\n");
	EXPECT("AT+CMGR=5\r");
	h_feed(&m, "\r\n+CMTI: \"SM\",6\r\n\r\n+CMTI: \"SM\",7\r\n\r\n+CMTI: \"SM\",6\r\n");
	EXPECT_NONE();
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "a\r\n\r\nOK\r\n");
	EXPECT("AT+CMGD=5\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGR=6\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "b\r\n\r\nOK\r\n");
	EXPECT("AT+CMGD=6\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGR=7\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "c\r\n\r\nOK\r\n");
	EXPECT("AT+CMGD=7\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT_NONE(); /* the repeated index 6 was read once */
	assert_true(rec.nsms == 3);
	assert_string_equal(rec.sms[0].text, "a");
	assert_string_equal(rec.sms[1].text, "b");
	assert_string_equal(rec.sms[2].text, "c");
}

TEST(cmti_overflow_falls_back_to_list)
{
	char buf[128];
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n");
	EXPECT("AT+CMGR=1\r");
	for (int i = 2; i <= 9; i++) {
		snprintf(buf, sizeof buf, "\r\n+CMTI: \"SM\",%d\r\n", i);
		h_feed(&m, buf);
	}
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "one\r\n\r\nOK\r\n");
	EXPECT("AT+CMGD=1\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "\r\n");
	for (int i = 2; i <= 9; i++) {
		snprintf(buf, sizeof buf,
			 "+CMGL: %d,\"REC UNREAD\",\"+3706000000%d\",\"\",\"26/11/21,10:00:0%d+08\"\r\nmsg%d\r\n",
			 i, i, i, i);
		h_feed(&m, buf);
	}
	h_feed(&m, "\r\nOK\r\n");
	assert_int_equal(rec.nsms, 9);
	assert_string_equal(rec.sms[8].text, "msg9");
	assert_string_equal(rec.sms[8].number, "+37060000009");
	for (int i = 2; i <= 9; i++) {
		snprintf(buf, sizeof buf, "AT+CMGD=%d\r", i);
		EXPECT(buf);
		h_feed(&m, "\r\nOK\r\n");
	}
	EXPECT_NONE(); /* nothing is read twice */
	assert_int_equal(rec.nsms, 9);
}

TEST(list_longer_than_delete_queue_lists_again)
{
	char buf[96];
	h_start(&m);
	for (int i = 0; i < 8; i++) {
		fake_out_clear();
		h_feed(&m, "\r\nOK\r\n");
	}
	EXPECT("AT+CMGL=\"ALL\"\r");
	for (int i = 1; i <= 10; i++) {
		snprintf(buf, sizeof buf,
			 "\r\n+CMGL: %d,\"REC UNREAD\",\"+37060000001\",\"\",\"26/11/21,10:00:00+08\"\r\nm%d\r\n",
			 i, i);
		atc_rx(&m, (const uint8_t *)buf, strlen(buf));
	}
	h_feed(&m, "\r\nOK\r\n");
	assert_int_equal(rec.nsms, 8); /* the other two stay stored for now */
	for (int i = 1; i <= 8; i++) {
		snprintf(buf, sizeof buf, "AT+CMGD=%d\r", i);
		EXPECT(buf);
		h_feed(&m, "\r\nOK\r\n");
	}
	EXPECT("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "\r\n+CMGL: 9,\"REC READ\",\"+37060000001\",\"\",\"26/11/21,10:00:00+08\"\r\nm9\r\n"
		   "+CMGL: 10,\"REC READ\",\"+37060000001\",\"\",\"26/11/21,10:00:00+08\"\r\nm10\r\n\r\nOK\r\n");
	assert_true(rec.nsms == 10);
	assert_string_equal(rec.sms[9].text, "m10");
	EXPECT("AT+CMGD=9\r");
}

TEST(multi_line_text_keeps_line_breaks)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n");
	EXPECT("AT+CMGR=1\r");
	/* The text "first\n\nthird" comes with its own bare line feeds. */
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "first\n\nthird\r\n\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].text, "first\n\nthird");
}

TEST(empty_text)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n");
	EXPECT("AT+CMGR=1\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "\r\n\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].text, "");
	assert_true(!rec.sms[0].truncated);
}

static void read_text(const char *text)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",2\r\n");
	EXPECT("AT+CMGR=2\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001"));
	h_feed(&m, text);
	h_feed(&m, "\r\n\r\nOK\r\n");
}

TEST(text_of_exactly_160_is_not_truncated)
{
	char text[161];
	memset(text, 'x', 160);
	text[160] = '\0';
	read_text(text);
	assert_true(rec.nsms == 1);
	assert_int_equal(strlen(rec.sms[0].text), 160);
	assert_true(!rec.sms[0].truncated);
}

TEST(long_text_truncated)
{
	char text[181];
	for (int i = 0; i < 180; i++)
		text[i] = (char)('a' + i % 26);
	text[180] = '\0';
	read_text(text);
	assert_true(rec.nsms == 1);
	assert_int_equal(strlen(rec.sms[0].text), 160);
	assert_true(memcmp(rec.sms[0].text, text, 160) == 0);
	assert_true(rec.sms[0].truncated);
	EXPECT("AT+CMGD=2\r");
}

TEST(text_longer_than_line_buffer_truncated)
{
	char text[601];
	for (int i = 0; i < 600; i++)
		text[i] = (char)('0' + i % 10);
	text[600] = '\0';
	read_text(text);
	assert_true(rec.nsms == 1);
	assert_int_equal(strlen(rec.sms[0].text), 160);
	assert_true(memcmp(rec.sms[0].text, text, 160) == 0);
	assert_true(rec.sms[0].truncated);
	EXPECT("AT+CMGD=2\r");
}

TEST(many_lines_truncated)
{
	read_text("0123456789012345678901234567890123456789\n"
		  "0123456789012345678901234567890123456789\n"
		  "0123456789012345678901234567890123456789\n"
		  "0123456789012345678901234567890123456789\n"
		  "tail");
	assert_true(rec.nsms == 1);
	assert_int_equal(strlen(rec.sms[0].text), 160);
	assert_true(rec.sms[0].text[40] == '\n');
	assert_true(rec.sms[0].truncated);
}

TEST(non_ascii_passed_through)
{
	/* GSM letters without an ASCII form (0x01 pound, 0x7F a-grave) become
	 * bytes above 0x7F; bytes above 0x7F stay as they are. */
	read_text("Temp \xC2\xB0"
		  "C \xE2\x82\xAC \xA4\x01\x7F end");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].text, "Temp \xC2\xB0"
					     "C \xE2\x82\xAC \xA4\x81\xFF end");
}

TEST(gsm_at_sign_is_text)
{
	/* '@' is 0x00 in the GSM alphabet: the whole text arrives, with '@'. */
	static const char body[] = "ON1\0OFF1 a\x02"
				   "b\x11"
				   "c \x1B\x3C"
				   "x\x1B\x3E \x40\r\n";
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",2\r\n");
	EXPECT("AT+CMGR=2\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001"));
	h_feedn(&m, body, sizeof body - 1);
	h_feed(&m, "\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].text, "ON1@OFF1 a$b_c [x] \xC0");
}

TEST(nul_line_is_text_not_ok)
{
	static const char body[] = "OK\0\r\n";
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",2\r\n");
	EXPECT("AT+CMGR=2\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001"));
	h_feedn(&m, body, sizeof body - 1);
	assert_int_equal(rec.nsms, 0);
	h_feed(&m, "\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].text, "OK@");
}

TEST(long_sender_number_not_cut)
{
	/* 21 characters: more than the client keeps. No shorter number. */
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",2\r\n");
	EXPECT("AT+CMGR=2\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001123456789") "ON1\r\n\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].number, "");
	assert_string_equal(rec.sms[0].text, "ON1");
}

TEST(withheld_and_alpha_sender)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n");
	h_feed(&m, "\r\n+CMGR: \"REC UNREAD\",\"Operator, Inc\",\"x\",\"26/11/21,10:00:00+08\"\r\nhi\r\n\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	assert_string_equal(rec.sms[0].number, "Operator, Inc");
	assert_string_equal(rec.sms[0].ts, "26/11/21,10:00:00+08");
}

TEST(empty_slot_reads_nothing)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",8\r\n");
	EXPECT("AT+CMGR=8\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT_NONE();
	assert_int_equal(rec.nsms, 0);
}

TEST(read_errors_retry_then_list)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",3\r\n");
	EXPECT("AT+CMGR=3\r");
	h_feed(&m, "\r\n+CMS ERROR: 314\r\n");
	EXPECT_NONE();
	h_wait(&m, 1000);
	EXPECT("AT+CMGR=3\r");
	h_feed(&m, "\r\n+CMS ERROR: 314\r\n");
	h_wait(&m, 1000);
	EXPECT("AT+CMGR=3\r");
	h_feed(&m, "\r\n+CMS ERROR: 314\r\n");
	/* Given up on the index; the message is still stored, so list. */
	EXPECT("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "\r\n+CMGL: 3,\"REC UNREAD\",\"+37060000001\",\"\",\"26/11/21,10:00:00+08\"\r\nx\r\n\r\nOK\r\n");
	assert_int_equal(rec.nsms, 1);
	EXPECT("AT+CMGD=3\r");
}

TEST(read_timeout_retries)
{
	h_up(&m);
	h_at(&m, 1000);
	h_feed(&m, "\r\n+CMTI: \"SM\",3\r\n");
	EXPECT("AT+CMGR=3\r");
	assert_int_equal(atc_next_deadline(&m), 6000);
	h_at(&m, 5999);
	EXPECT_NONE();
	h_at(&m, 6000);
	EXPECT("AT+CMGR=3\r");
}

TEST(reply_sent_from_sms_callback)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",3\r\n");
	EXPECT("AT+CMGR=3\r");
	h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "STATUS\r\n");
	assert_int_equal(atc_pending(&m), 0);
	atc_rx(&m, (const uint8_t *)"\r\nOK\r\n", 6);
	assert_true(rec.nsms == 1);
	assert_int_equal(atc_send_sms(&m, rec.sms[0].number, "OK"), 0);
	atc_poll(&m);
	EXPECT("AT+CMGD=3\r"); /* deletion first */
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGS=\"+37060000001\"\r");
}

TEST(read_queue_holds_six_and_ignores_repeats)
{
	char buf[64];
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n");
	EXPECT("AT+CMGR=1\r");
	for (int i = 2; i <= 6; i++) {
		snprintf(buf, sizeof buf, "\r\n+CMTI: \"SM\",%d\r\n\r\n+CMTI: \"SM\",2\r\n", i);
		h_feed(&m, buf);
	}
	for (int i = 1; i <= 6; i++) {
		if (i > 1) {
			snprintf(buf, sizeof buf, "AT+CMGR=%d\r", i);
			EXPECT(buf);
		}
		h_feed(&m, "\r\n" HDR("REC UNREAD", "+37060000001") "x\r\n\r\nOK\r\n");
		snprintf(buf, sizeof buf, "AT+CMGD=%d\r", i);
		EXPECT(buf);
		h_feed(&m, "\r\nOK\r\n");
	}
	EXPECT_NONE(); /* all read one by one, no list needed */
	assert_int_equal(rec.nsms, 6);
}
