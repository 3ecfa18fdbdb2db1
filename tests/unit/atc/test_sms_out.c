/* test_sms_out.c - outgoing SMS: AT+CMGS, prompt, Ctrl-Z, retries. */
#include "harness.h"

static struct atc m;

#define NUM "+37060000001"

TEST(cmgs_prompt_and_ctrl_z)
{
	h_up(&m);
	assert_int_equal(atc_send_sms(&m, NUM, "Alarm: input 1 on"), 0);
	assert_int_equal(atc_pending(&m), 1);
	atc_poll(&m);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	h_feed(&m, "\r\n> ");
	EXPECT("Alarm: input 1 on\x1A");
	assert_int_equal(atc_pending(&m), 1);
	h_feed(&m, "\r\n+CMGS: 12\r\n\r\nOK\r\n");
	EXPECT_NONE();
	assert_int_equal(atc_pending(&m), 0);
}

TEST(prompt_split_across_reads)
{
	h_up(&m);
	atc_send_sms(&m, NUM, "x");
	atc_poll(&m);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	h_feed(&m, "\r\n>");
	EXPECT_NONE();
	h_feed(&m, " ");
	EXPECT("x\x1A");
}

TEST(cmgs_error_then_retry_succeeds)
{
	h_up(&m);
	h_at(&m, 1000);
	atc_send_sms(&m, NUM, "hello");
	atc_poll(&m);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	h_feed(&m, "\r\n> ");
	EXPECT("hello\x1A");
	h_at(&m, 3000);
	h_feed(&m, "\r\n+CMS ERROR: 500\r\n");
	EXPECT_NONE();
	assert_int_equal(atc_pending(&m), 1);
	assert_int_equal(atc_next_deadline(&m), 4000);
	h_at(&m, 3999);
	EXPECT_NONE();
	h_at(&m, 4000);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	h_feed(&m, "\r\n> ");
	EXPECT("hello\x1A");
	h_feed(&m, "\r\n+CMGS: 13\r\n\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 0);
	EXPECT_NONE();
}

TEST(cmgs_error_instead_of_prompt)
{
	h_up(&m);
	atc_send_sms(&m, NUM, "hello");
	atc_poll(&m);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	h_feed(&m, "\r\nERROR\r\n");
	EXPECT_NONE(); /* no ESC: the module is not taking text */
	h_wait(&m, 1000);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
}

TEST(prompt_timeout_sends_esc_then_retries)
{
	h_up(&m);
	h_at(&m, 1000);
	atc_send_sms(&m, NUM, "hello");
	atc_poll(&m);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	assert_int_equal(atc_next_deadline(&m), 6000);
	h_at(&m, 5999);
	EXPECT_NONE();
	h_at(&m, 6000);
	EXPECT("\x1B");
	h_at(&m, 7000);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	h_feed(&m, "\r\n> ");
	EXPECT("hello\x1A");
	h_feed(&m, "\r\n+CMGS: 1\r\n\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 0);
}

TEST(result_timeout_retries)
{
	h_up(&m);
	h_at(&m, 1000);
	atc_send_sms(&m, NUM, "hello");
	atc_poll(&m);
	h_feed(&m, "\r\n> ");
	EXPECT("AT+CMGS=\"" NUM "\"\rhello\x1A");
	assert_int_equal(atc_next_deadline(&m), 61000);
	h_at(&m, 60999);
	EXPECT_NONE();
	h_at(&m, 61000);
	/* The retry waits a second; the due signal check goes meanwhile. */
	EXPECT("AT+CSQ\r");
	h_feed(&m, "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	h_at(&m, 61999);
	EXPECT_NONE();
	h_at(&m, 62000);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	assert_int_equal(atc_pending(&m), 1);
}

TEST(ok_without_message_reference_is_a_failure)
{
	h_up(&m);
	atc_send_sms(&m, NUM, "hello");
	atc_poll(&m);
	h_feed(&m, "\r\n> ");
	fake_out_clear();
	h_feed(&m, "\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 1);
	h_wait(&m, 1000);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
}

TEST(sms_dropped_after_three_retries)
{
	h_up(&m);
	atc_send_sms(&m, NUM, "hello");
	atc_poll(&m);
	for (int i = 0; i < 4; i++) {
		EXPECT("AT+CMGS=\"" NUM "\"\r");
		h_feed(&m, "\r\n> ");
		EXPECT("hello\x1A");
		h_feed(&m, "\r\n+CMS ERROR: 38\r\n");
		assert_int_equal(atc_pending(&m), i < 3 ? 1 : 0);
		h_wait(&m, 1000);
	}
	EXPECT_NONE();
	assert_int_equal(atc_pending(&m), 0);
}

TEST(text_sanitised)
{
	h_up(&m);
	atc_send_sms(&m, NUM, "a\x1A"
			      "b\x1B"
			      "c\td\r\xC3\xA9\nnext\x7F");
	atc_poll(&m);
	h_feed(&m, "\r\n> ");
	EXPECT("AT+CMGS=\"" NUM "\"\ra?b?c?d???\nnext?\x1A");
}

TEST(text_in_gsm_alphabet)
{
	/* '$' and '_' are 0x02 and 0x11 in the GSM alphabet ('@', 0x00, cannot
	 * be compared as a C string here; the rig's regression tests cover it). */
	h_up(&m);
	atc_send_sms(&m, NUM, "a$b_c");
	atc_poll(&m);
	h_feed(&m, "\r\n> ");
	EXPECT("AT+CMGS=\"" NUM "\"\ra\x02"
	       "b\x11"
	       "c\x1A");
}

TEST(text_cut_to_160)
{
	char text[301], want[200];
	memset(text, 'y', 300);
	text[300] = '\0';
	memset(want, 'y', 160);
	want[160] = '\x1A';
	want[161] = '\0';
	h_up(&m);
	assert_int_equal(atc_send_sms(&m, NUM, text), 0);
	atc_poll(&m);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	h_feed(&m, "\r\n> ");
	EXPECT(want);
}

TEST(queue_full_and_bad_numbers)
{
	h_up(&m);
	assert_int_equal(atc_send_sms(&m, "", "x"), -1);
	assert_int_equal(atc_send_sms(&m, "+", "x"), -1);
	assert_int_equal(atc_send_sms(&m, "+3706\"0", "x"), -1);
	assert_int_equal(atc_send_sms(&m, "123 45", "x"), -1);
	assert_int_equal(atc_send_sms(&m, "+123456789012345678901", "x"), -1);
	assert_int_equal(atc_send_sms(&m, NULL, "x"), -1);
	assert_int_equal(atc_send_sms(&m, NUM, NULL), -1);
	assert_int_equal(atc_pending(&m), 0);
	assert_int_equal(atc_send_sms(&m, "+1234567890123456789", "1"), 0);
	assert_int_equal(atc_send_sms(&m, "112", "2"), 0);
	assert_int_equal(atc_send_sms(&m, NUM, "3"), 0);
	assert_int_equal(atc_send_sms(&m, NUM, "4"), 0);
	assert_int_equal(atc_send_sms(&m, NUM, "5"), -1);
	assert_int_equal(atc_pending(&m), 4);
	atc_poll(&m);
	EXPECT("AT+CMGS=\"+1234567890123456789\"\r");
	h_feed(&m, "\r\n> ");
	h_feed(&m, "\r\n+CMGS: 1\r\n\r\nOK\r\n");
	EXPECT("1\x1A"
	       "AT+CMGS=\"112\"\r");
	assert_int_equal(atc_send_sms(&m, NUM, "5"), 0);
	assert_int_equal(atc_pending(&m), 4);
}

TEST(queue_sent_in_order)
{
	h_up(&m);
	atc_send_sms(&m, "+1", "first");
	atc_send_sms(&m, "+2", "second");
	atc_poll(&m);
	h_feed(&m, "\r\n> ");
	h_feed(&m, "\r\n+CMGS: 1\r\n\r\nOK\r\n");
	h_feed(&m, "\r\n> ");
	h_feed(&m, "\r\n+CMGS: 2\r\n\r\nOK\r\n");
	EXPECT("AT+CMGS=\"+1\"\rfirst\x1A"
	       "AT+CMGS=\"+2\"\rsecond\x1A");
	assert_int_equal(atc_pending(&m), 0);
}

TEST(sms_queued_before_ready_goes_after_init)
{
	h_start(&m);
	assert_int_equal(atc_send_sms(&m, NUM, "boot"), 0);
	atc_poll(&m);
	EXPECT("AT\r");
	for (int i = 0; i < 8; i++) {
		h_feed(&m, "\r\nOK\r\n");
		assert_true(strncmp(fake_out(), "AT+CMGS", 7) != 0);
		fake_out_clear();
	}
	h_feed(&m, "\r\nOK\r\n"); /* AT+CMGL */
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	h_feed(&m, "\r\n> ");
	h_feed(&m, "\r\n+CMGS: 1\r\n\r\nOK\r\n");
	EXPECT("boot\x1A"
	       "AT+CSQ\r");
}

TEST(cmgs_with_echo_on)
{
	h_up(&m);
	atc_send_sms(&m, NUM, "OK?");
	atc_poll(&m);
	EXPECT("AT+CMGS=\"" NUM "\"\r");
	h_feed(&m, "AT+CMGS=\"" NUM "\"\r\r\n> ");
	EXPECT("OK?\x1A");
	h_feed(&m, "OK?\x1A\r\n+CMGS: 4\r\n\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 0);
}
