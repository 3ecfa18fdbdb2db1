/* test_calls.c - incoming RING / +CLIP, rejection, call-backs with ATD. */
#include "harness.h"

static struct atc m;

#define RING_CLIP(num) "\r\nRING\r\n\r\n+CLIP: \"" num "\",145,\"\",0,\"\",0\r\n"

TEST(ring_reported_once_per_call)
{
	h_up(&m);
	h_at(&m, 1000);
	h_feed(&m, RING_CLIP("+37060000001"));
	assert_true(rec.nring == 1);
	assert_string_equal(rec.ring[0], "+37060000001");
	for (int i = 1; i <= 4; i++) {
		h_at(&m, 1000 + (uint64_t)i * 3000);
		h_feed(&m, RING_CLIP("+37060000001"));
	}
	assert_int_equal(rec.nring, 1);
	EXPECT_NONE(); /* nothing answers a ring by itself */
}

TEST(new_call_after_no_carrier)
{
	h_up(&m);
	h_feed(&m, RING_CLIP("+37060000001"));
	h_feed(&m, RING_CLIP("+37060000001"));
	h_feed(&m, "\r\nNO CARRIER\r\n");
	h_wait(&m, 500);
	h_feed(&m, RING_CLIP("+37060000002"));
	assert_true(rec.nring == 2);
	assert_string_equal(rec.ring[1], "+37060000002");
}

TEST(new_call_after_eight_quiet_seconds)
{
	h_up(&m);
	h_at(&m, 1000);
	h_feed(&m, RING_CLIP("+37060000001"));
	h_at(&m, 8999);
	h_feed(&m, RING_CLIP("+37060000001"));
	assert_int_equal(rec.nring, 1);
	h_at(&m, 16999);
	h_feed(&m, RING_CLIP("+37060000001"));
	assert_int_equal(rec.nring, 2);
}

TEST(ring_without_clip_reported_as_withheld)
{
	h_up(&m);
	h_at(&m, 1000);
	h_feed(&m, "\r\nRING\r\n");
	assert_int_equal(rec.nring, 0);
	assert_int_equal(atc_next_deadline(&m), 2000);
	h_at(&m, 1999);
	assert_int_equal(rec.nring, 0);
	h_at(&m, 2000);
	assert_true(rec.nring == 1);
	assert_string_equal(rec.ring[0], "");
	h_feed(&m, RING_CLIP("+37060000001")); /* same call */
	assert_int_equal(rec.nring, 1);
}

TEST(clip_withheld_number)
{
	h_up(&m);
	h_feed(&m, "\r\nRING\r\n\r\n+CLIP: \"\",128,\"\",0,\"\",0\r\n");
	assert_true(rec.nring == 1);
	assert_string_equal(rec.ring[0], "");
}

TEST(reject_sends_ath)
{
	h_up(&m);
	h_feed(&m, RING_CLIP("+37060000001"));
	assert_int_equal(atc_reject(&m), 0);
	assert_int_equal(atc_pending(&m), 1);
	atc_poll(&m);
	EXPECT("ATH\r");
	h_feed(&m, "\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 0);
	EXPECT_NONE();
	/* Whatever rings next is a new call. */
	h_wait(&m, 1000);
	h_feed(&m, RING_CLIP("+37060000001"));
	assert_int_equal(rec.nring, 2);
}

TEST(reject_from_ring_callback)
{
	h_up(&m);
	rec.reject_on_ring = true;
	h_feed(&m, RING_CLIP("+37060000001"));
	EXPECT("ATH\r");
	h_feed(&m, "\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 0);
}

TEST(reject_waits_for_command_in_flight)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n");
	EXPECT("AT+CMGR=1\r");
	h_feed(&m, RING_CLIP("+37060000001"));
	atc_reject(&m);
	atc_poll(&m);
	EXPECT_NONE();
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("ATH\r"); /* ahead of everything else */
}

TEST(call_back_busy)
{
	h_up(&m);
	h_at(&m, 1000);
	assert_int_equal(atc_call(&m, "+37060000001"), 0);
	assert_int_equal(atc_pending(&m), 1);
	atc_poll(&m);
	EXPECT("ATD+37060000001;\r");
	h_feed(&m, "\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 1);
	assert_int_equal(atc_next_deadline(&m), 31000);
	h_at(&m, 6000);
	h_feed(&m, "\r\nBUSY\r\n");
	assert_int_equal(atc_pending(&m), 0);
	h_at(&m, 31000);
	EXPECT_NONE(); /* no hang-up needed */
}

TEST(call_back_busy_as_final_result)
{
	h_up(&m);
	atc_call(&m, "+37060000001");
	atc_poll(&m);
	EXPECT("ATD+37060000001;\r");
	h_feed(&m, "\r\nNO DIALTONE\r\n");
	assert_int_equal(atc_pending(&m), 0);
	h_wait(&m, 30000);
	EXPECT_NONE();
}

TEST(call_back_hung_up_after_30s)
{
	h_up(&m);
	h_at(&m, 1000);
	atc_call(&m, "+37060000001");
	atc_poll(&m);
	EXPECT("ATD+37060000001;\r");
	h_at(&m, 1200);
	h_feed(&m, "\r\nOK\r\n");
	h_at(&m, 30999);
	EXPECT_NONE();
	h_at(&m, 31000);
	EXPECT("ATH\r");
	assert_int_equal(atc_pending(&m), 1);
	h_feed(&m, "\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 0);
	EXPECT_NONE();
}

TEST(call_back_answered_then_ended)
{
	h_up(&m);
	atc_call(&m, "+37060000001");
	atc_poll(&m);
	h_feed(&m, "\r\nOK\r\n");
	h_wait(&m, 10000);
	h_feed(&m, "\r\nNO CARRIER\r\n");
	assert_int_equal(atc_pending(&m), 0);
	h_wait(&m, 30000);
	EXPECT("ATD+37060000001;\r");
}

TEST(call_back_error_retries_then_drops)
{
	h_up(&m);
	atc_call(&m, "+37060000001");
	atc_poll(&m);
	for (int i = 0; i < 3; i++) {
		EXPECT("ATD+37060000001;\r");
		h_feed(&m, "\r\n+CME ERROR: 30\r\n");
		h_wait(&m, 1000);
	}
	EXPECT_NONE();
	assert_int_equal(atc_pending(&m), 0);
}

TEST(second_call_back_waits_for_first)
{
	h_up(&m);
	assert_int_equal(atc_call(&m, "+1"), 0);
	assert_int_equal(atc_call(&m, "+2"), 0);
	assert_int_equal(atc_call(&m, "+3"), -1);
	assert_int_equal(atc_call(&m, "+3;"), -1);
	atc_poll(&m);
	EXPECT("ATD+1;\r");
	h_feed(&m, "\r\nOK\r\n");
	h_wait(&m, 1000);
	EXPECT_NONE();
	h_feed(&m, "\r\nBUSY\r\n");
	EXPECT("ATD+2;\r");
}

TEST(sms_goes_out_during_call_back)
{
	h_up(&m);
	atc_call(&m, "+1");
	atc_poll(&m);
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("ATD+1;\r");
	atc_send_sms(&m, "+2", "t");
	atc_poll(&m);
	EXPECT("AT+CMGS=\"+2\"\r");
	h_feed(&m, "\r\n> ");
	h_feed(&m, "\r\n+CMGS: 3\r\n\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 1);
	EXPECT("t\x1A");
}

TEST(call_back_without_any_answer_hung_up)
{
	h_up(&m);
	h_at(&m, 2000);
	atc_call(&m, "+37060000001");
	atc_poll(&m);
	EXPECT("ATD+37060000001;\r");
	assert_int_equal(atc_next_deadline(&m), 32000);
	h_at(&m, 31999);
	EXPECT_NONE();
	h_at(&m, 32000);
	EXPECT("ATH\r");
	h_feed(&m, "\r\nOK\r\n");
	assert_int_equal(atc_pending(&m), 0);
	assert_true(atc_ready(&m));
}

TEST(call_back_waits_while_a_caller_rings)
{
	h_up(&m);
	h_at(&m, 1000);
	h_feed(&m, RING_CLIP("+37060000001"));
	atc_call(&m, "+37060000002");
	atc_poll(&m);
	EXPECT_NONE();
	h_at(&m, 4000);
	h_feed(&m, RING_CLIP("+37060000001"));
	assert_int_equal(atc_next_deadline(&m), 12000);
	h_at(&m, 11999);
	EXPECT_NONE();
	h_at(&m, 12000); /* the caller gave up without NO CARRIER */
	EXPECT("ATD+37060000002;\r");
}

TEST(call_back_after_reject_goes_at_once)
{
	h_up(&m);
	h_feed(&m, RING_CLIP("+37060000001"));
	atc_reject(&m);
	atc_call(&m, "+37060000001");
	atc_poll(&m);
	EXPECT("ATH\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("ATD+37060000001;\r");
}

TEST(module_restart_ends_call_back)
{
	h_up(&m);
	atc_call(&m, "+1");
	atc_poll(&m);
	EXPECT("ATD+1;\r");
	h_feed(&m, "\r\nOK\r\n");
	atc_send_sms(&m, "+2", "kept");
	atc_poll(&m);
	EXPECT("AT+CMGS=\"+2\"\r");
	assert_int_equal(atc_pending(&m), 2);
	h_feed(&m, "\r\nRDY\r\n");
	EXPECT("AT\r");
	/* The placed call is over with the restart; the SMS is not. */
	assert_int_equal(atc_pending(&m), 1);
}
