/* test_init.c - the init sequence, probing a silent module, init failures,
 * the stored-message sweep and the periodic signal check. */
#include "harness.h"

#include <stdio.h>

static struct atc m;

TEST(init_sequence_exact_bytes)
{
	h_start(&m);
	assert_true(!atc_ready(&m));
	assert_int_equal(atc_rssi(&m), 99);
	EXPECT("AT\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("ATE0\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMEE=2\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGF=1\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CSCS=\"GSM\"\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CNMI=2,1,0,0,0\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CLIP=1\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CCLK?\r");
	h_feed(&m, "\r\n+CCLK: \"26/11/21,10:00:00+08\"\r\n\r\nOK\r\n");
	assert_int_equal(rec.nclock, 1);
	assert_string_equal(rec.clock, "26/11/21,10:00:00+08");
	EXPECT("AT+CMGL=\"ALL\"\r");
	assert_true(!atc_ready(&m));
	h_feed(&m, "\r\nOK\r\n");
	assert_true(atc_ready(&m));
	EXPECT("AT+CSQ\r");
	h_feed(&m, "\r\n+CSQ: 23,0\r\n\r\nOK\r\n");
	EXPECT_NONE();
	assert_int_equal(atc_rssi(&m), 23);
	assert_int_equal(rec.nsms, 0);
	assert_int_equal(atc_pending(&m), 0);
}

TEST(init_with_echo_on)
{
	static const char *const cmds[] = {
		"AT",
		"ATE0",
		"AT+CMEE=2",
		"AT+CMGF=1",
		"AT+CSCS=\"GSM\"",
		"AT+CNMI=2,1,0,0,0",
		"AT+CLIP=1",
		"AT+CCLK?",
	};
	char buf[64];
	h_start(&m);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		snprintf(buf, sizeof buf, "%s\r", cmds[i]);
		EXPECT(buf);
		/* The module echoes the command, then answers. */
		snprintf(buf, sizeof buf, "%s\r\r\nOK\r\n", cmds[i]);
		h_feed(&m, buf);
	}
	EXPECT("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "AT+CMGL=\"ALL\"\r\r\n"
		   "+CMGL: 1,\"REC UNREAD\",\"+37060000001\",\"\",\"26/11/21,10:00:00+08\"\r\n"
		   "AT+CMGL=\"ALL\"\r\n"
		   "\r\nOK\r\n");
	assert_true(rec.nsms == 1);
	/* Inside message text a line equal to the command is text. */
	assert_string_equal(rec.sms[0].text, "AT+CMGL=\"ALL\"");
	EXPECT("AT+CMGD=1\r");
	h_feed(&m, "AT+CMGD=1\r\r\nOK\r\n");
	EXPECT("AT+CSQ\r");
	h_feed(&m, "AT+CSQ\r\r\n+CSQ: 15,0\r\n\r\nOK\r\n");
	EXPECT_NONE();
	assert_true(atc_ready(&m));
	assert_int_equal(atc_rssi(&m), 15);
}

TEST(probe_repeats_every_second_when_silent)
{
	h_start(&m);
	EXPECT("AT\r");
	assert_int_equal(atc_next_deadline(&m), 1000);
	h_at(&m, 999);
	EXPECT_NONE();
	h_at(&m, 1000);
	EXPECT("AT\r");
	h_at(&m, 1500);
	EXPECT_NONE();
	h_at(&m, 2000);
	EXPECT("AT\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("ATE0\r");
}

TEST(probe_slows_down_but_never_gives_up)
{
	h_start(&m);
	EXPECT("AT\r");
	for (int i = 1; i < 10; i++) {
		h_at(&m, (uint64_t)i * 1000);
		EXPECT("AT\r");
	}
	/* Ten fast tries (t = 0 .. 9 s) went unanswered: now every 10 s. */
	h_at(&m, 10000);
	EXPECT_NONE();
	assert_int_equal(atc_next_deadline(&m), 19000);
	h_at(&m, 18999);
	EXPECT_NONE();
	h_at(&m, 19000);
	EXPECT("AT\r");
	h_at(&m, 20000);
	EXPECT_NONE();
	assert_int_equal(atc_next_deadline(&m), 29000);
	/* An hour later it still probes. */
	uint64_t t = 29000;
	int sent = 0;
	while (t < 3600000) {
		h_at(&m, t);
		if (strcmp(fake_out(), "AT\r") == 0)
			sent++;
		fake_out_clear();
		t = atc_next_deadline(&m);
	}
	assert_true(sent >= 350);
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("ATE0\r");
}

TEST(init_step_error_retries_after_a_second)
{
	h_start(&m);
	EXPECT("AT\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("ATE0\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMEE=2\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGF=1\r");
	h_at(&m, 100);
	h_feed(&m, "\r\n+CMS ERROR: 302\r\n");
	EXPECT_NONE();
	assert_int_equal(atc_next_deadline(&m), 1100);
	h_at(&m, 1099);
	EXPECT_NONE();
	h_at(&m, 1100);
	EXPECT("AT+CMGF=1\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CSCS=\"GSM\"\r");
}

static void to_step(const char *cmd)
{
	h_start(&m);
	for (int i = 0; i < 10 && strcmp(fake_out(), cmd) != 0; i++) {
		fake_out_clear();
		h_feed(&m, "\r\nOK\r\n");
	}
	EXPECT(cmd);
}

TEST(mandatory_step_failing_three_times_restarts_init)
{
	to_step("AT+CNMI=2,1,0,0,0\r");
	h_feed(&m, "\r\nERROR\r\n");
	h_wait(&m, 1000);
	EXPECT("AT+CNMI=2,1,0,0,0\r");
	h_feed(&m, "\r\nERROR\r\n");
	h_wait(&m, 1000);
	EXPECT("AT+CNMI=2,1,0,0,0\r");
	h_feed(&m, "\r\nERROR\r\n");
	EXPECT("AT\r");
	assert_true(!atc_ready(&m));
}

TEST(optional_step_failing_three_times_is_skipped)
{
	to_step("AT+CSCS=\"GSM\"\r");
	h_feed(&m, "\r\n+CME ERROR: operation not supported\r\n");
	h_wait(&m, 1000);
	EXPECT("AT+CSCS=\"GSM\"\r");
	h_feed(&m, "\r\n+CME ERROR: operation not supported\r\n");
	h_wait(&m, 1000);
	EXPECT("AT+CSCS=\"GSM\"\r");
	h_feed(&m, "\r\n+CME ERROR: operation not supported\r\n");
	EXPECT("AT+CNMI=2,1,0,0,0\r");
}

TEST(init_step_timeouts_repeat_then_restart)
{
	to_step("ATE0\r");
	assert_int_equal(atc_next_deadline(&m), 2000);
	h_at(&m, 1999);
	EXPECT_NONE();
	h_at(&m, 2000);
	EXPECT("ATE0\r");
	h_at(&m, 4000);
	EXPECT("ATE0\r");
	h_at(&m, 6000);
	EXPECT("AT\r");
}

TEST(stored_messages_swept_at_init)
{
	to_step("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "\r\n+CMGL: 1,\"REC UNREAD\",\"+37060000001\",\"\",\"26/11/21,10:00:00+08\"\r\n"
		   "#01*1234*1\r\n"
		   "+CMGL: 4,\"REC READ\",\"+37060000002\",\"Bob\",\"26/11/21,10:05:30+08\"\r\n"
		   "STATUS\r\n"
		   "\r\nOK\r\n");
	assert_true(rec.nsms == 2);
	assert_string_equal(rec.sms[0].number, "+37060000001");
	assert_string_equal(rec.sms[0].ts, "26/11/21,10:00:00+08");
	assert_string_equal(rec.sms[0].text, "#01*1234*1");
	assert_true(!rec.sms[0].truncated);
	assert_string_equal(rec.sms[1].number, "+37060000002");
	assert_string_equal(rec.sms[1].ts, "26/11/21,10:05:30+08");
	assert_string_equal(rec.sms[1].text, "STATUS");
	assert_true(atc_ready(&m));
	EXPECT("AT+CMGD=1\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGD=4\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CSQ\r");
	h_feed(&m, "\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
	EXPECT_NONE();
	assert_int_equal(atc_rssi(&m), 99);
	assert_int_equal(rec.nsms, 2);
}

TEST(stored_sent_messages_deleted_not_delivered)
{
	to_step("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "\r\n+CMGL: 2,\"STO UNSENT\",\"+37060000009\",\"\",\r\n"
		   "draft\r\n\r\nOK\r\n");
	assert_int_equal(rec.nsms, 0);
	EXPECT("AT+CMGD=2\r");
}

TEST(csq_refreshed_every_minute)
{
	h_up(&m);
	assert_int_equal(atc_rssi(&m), 20);
	assert_int_equal(atc_next_deadline(&m), 60000);
	h_at(&m, 59999);
	EXPECT_NONE();
	h_at(&m, 60000);
	EXPECT("AT+CSQ\r");
	h_at(&m, 60050);
	h_feed(&m, "\r\n+CSQ: 7,0\r\n\r\nOK\r\n");
	assert_int_equal(atc_rssi(&m), 7);
	assert_int_equal(atc_next_deadline(&m), 120000);
	h_at(&m, 120000);
	EXPECT("AT+CSQ\r");
	h_feed(&m, "\r\n+CSQ: 45,0\r\n\r\nOK\r\n");
	assert_int_equal(atc_rssi(&m), 99); /* out of range reads as unknown */
}

TEST(module_restart_rdy_restarts_init)
{
	h_up(&m);
	h_at(&m, 500);
	h_feed(&m, "\r\nRDY\r\n");
	assert_true(!atc_ready(&m));
	assert_int_equal(atc_rssi(&m), 99);
	EXPECT("AT\r");
	h_ready_probed(&m);
}

TEST(stored_list_failing_does_not_block_ready)
{
	to_step("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "\r\n+CMS ERROR: 302\r\n");
	h_wait(&m, 1000);
	EXPECT("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "\r\n+CMS ERROR: 302\r\n");
	h_wait(&m, 1000);
	EXPECT("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "\r\n+CMS ERROR: 302\r\n");
	assert_true(atc_ready(&m));
	/* Ready without the list; it is tried again as ordinary work. */
	EXPECT("AT+CMGL=\"ALL\"\r");
	h_feed(&m, "\r\n+CMGL: 2,\"REC UNREAD\",\"+37060000001\",\"\",\"26/11/21,10:00:00+08\"\r\nlate\r\n\r\nOK\r\n");
	assert_int_equal(rec.nsms, 1);
	EXPECT("AT+CMGD=2\r");
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CSQ\r");
}

/* A module without network time answers ERROR: the step is optional, the
 * init goes on after three tries and no time is handed over. */
TEST(clock_step_error_is_skipped)
{
	to_step("AT+CCLK?\r");
	for (int i = 0; i < 3; i++) {
		if (i) {
			h_wait(&m, 1000);
			EXPECT("AT+CCLK?\r");
		}
		h_feed(&m, "\r\nERROR\r\n");
	}
	EXPECT("AT+CMGL=\"ALL\"\r");
	assert_int_equal(rec.nclock, 0);
	h_feed(&m, "\r\nOK\r\n");
	assert_true(atc_ready(&m));
}
