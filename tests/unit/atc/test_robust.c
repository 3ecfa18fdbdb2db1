/* test_robust.c - garbage, over-long lines, silence, deadlines. */
#include "harness.h"

#include <stdio.h>

static struct atc m;

TEST(over_long_line_discarded)
{
	char junk[700];
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n");
	EXPECT("AT+CMGR=1\r");
	memset(junk, 'Z', sizeof junk);
	h_feedn(&m, junk, sizeof junk);
	h_feed(&m, "OK\r\n"); /* the end of the long line, not a result */
	EXPECT_NONE();
	h_feed(&m, "\r\nOK\r\n");
	EXPECT_NONE(); /* empty slot, nothing to delete */
	h_feed(&m, "\r\n+CMTI: \"SM\",2\r\n");
	EXPECT("AT+CMGR=2\r");
}

TEST(over_long_line_does_not_look_like_a_urc)
{
	char line[260];
	h_up(&m);
	memset(line, ' ', sizeof line);
	memcpy(line, "+CMTI: \"SM\",5", 13);
	memcpy(line + sizeof line - 4, ",6\r\n", 4);
	h_feedn(&m, line, sizeof line);
	EXPECT_NONE();
}

TEST(result_codes_when_idle_ignored)
{
	h_up(&m);
	h_feed(&m, "\r\nOK\r\n\r\nERROR\r\n\r\n+CMS ERROR: 1\r\n> \r\nCall Ready\r\n");
	EXPECT_NONE();
	h_feed(&m, "\r\n+CMTI: \"SM\",2\r\n");
	EXPECT("AT+CMGR=2\r");
}

TEST(urc_during_csq_not_taken_as_response)
{
	h_up(&m);
	h_at(&m, 60000);
	EXPECT("AT+CSQ\r");
	h_feed(&m, "\r\n+CMTI: \"SM\",3\r\n\r\nRING\r\n\r\n+CREG: 1\r\n");
	EXPECT_NONE();
	h_feed(&m, "\r\n+CSQ: 12,0\r\n\r\nOK\r\n");
	assert_int_equal(atc_rssi(&m), 12);
	EXPECT("AT+CMGR=3\r");
}

TEST(error_codes_end_commands)
{
	h_up(&m);
	h_feed(&m, "\r\n+CMTI: \"SM\",3\r\n");
	h_feed(&m, "\r\n+CMGR: \"REC UNREAD\",\"+1\",\"\",\"26/11/21,10:00:00+08\"\r\nhi\r\n\r\nOK\r\n");
	EXPECT("AT+CMGR=3\rAT+CMGD=3\r");
	h_feed(&m, "\r\n+CME ERROR: 100\r\n");
	EXPECT_NONE();
	h_wait(&m, 1000);
	EXPECT("AT+CMGD=3\r");
	h_feed(&m, "\r\nERROR\r\n");
	h_wait(&m, 1000);
	EXPECT("AT+CMGD=3\r");
	h_feed(&m, "\r\n+CMS ERROR: 321\r\n");
	h_wait(&m, 1000);
	EXPECT_NONE(); /* three attempts */
}

TEST(late_answer_after_timeout_ignored)
{
	h_up(&m);
	h_at(&m, 60000);
	EXPECT("AT+CSQ\r");
	h_at(&m, 62000);
	h_feed(&m, "\r\n+CSQ: 3,0\r\n\r\nOK\r\n");
	assert_int_equal(atc_rssi(&m), 3);
	EXPECT_NONE();
}

TEST(three_timeouts_restart_init_and_keep_the_sms)
{
	h_up(&m);
	h_at(&m, 1000);
	atc_send_sms(&m, "+1", "keep");
	atc_poll(&m);
	EXPECT("AT+CMGS=\"+1\"\r");
	h_at(&m, 6000);
	EXPECT("\x1B");
	h_at(&m, 7000);
	EXPECT("AT+CMGS=\"+1\"\r");
	h_at(&m, 12000);
	EXPECT("\x1B");
	h_at(&m, 13000);
	EXPECT("AT+CMGS=\"+1\"\r");
	h_at(&m, 18000);
	EXPECT("\x1B"
	       "AT\r");
	assert_true(!atc_ready(&m));
	assert_int_equal(atc_pending(&m), 1);
	h_ready_probed(&m);
}

TEST(answers_reset_the_timeout_count)
{
	h_up(&m);
	h_at(&m, 60000);
	EXPECT("AT+CSQ\r");
	h_at(&m, 62000);
	h_at(&m, 120000);
	h_at(&m, 122000);
	EXPECT("AT+CSQ\r");
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n");
	EXPECT("AT+CMGR=1\r");
	h_feed(&m, "\r\nOK\r\n");
	h_at(&m, 180000);
	EXPECT("AT+CSQ\r");
	h_at(&m, 182000);
	assert_true(atc_ready(&m)); /* two timeouts in a row, not three */
}

/* Runs the owner's loop against a module that never answers: sleep until
 * the deadline, poll. */
static void silent_loop(uint64_t until, int *probes, int *other)
{
	int iter = 0;
	while (fake_now() < until && iter++ < 100000) {
		uint64_t dl = atc_next_deadline(&m);
		assert_true(dl != UINT64_MAX);
		assert_true(dl > fake_now());
		fake_set_now(dl);
		atc_poll(&m);
		if (strcmp(fake_out(), "AT\r") == 0)
			(*probes)++;
		else if (fake_out_len())
			(*other)++;
		fake_out_clear();
	}
	assert_true(iter < 100000);
}

TEST(silent_module_never_blocks)
{
	int probes = 0, other = 0;
	h_start(&m);
	fake_out_clear();
	atc_send_sms(&m, "+1", "a");
	atc_call(&m, "+2");
	atc_reject(&m);
	silent_loop(6 * 3600 * 1000ull, &probes, &other);
	assert_true(probes > 2000);
	assert_int_equal(other, 0);
	assert_int_equal(atc_pending(&m), 3); /* kept until the module answers */
	assert_true(!atc_ready(&m));
}

TEST(module_going_silent_when_ready)
{
	int probes = 0, other = 0;
	h_up(&m);
	atc_send_sms(&m, "+1", "a");
	atc_poll(&m);
	EXPECT("AT+CMGS=\"+1\"\r");
	silent_loop(3600 * 1000ull, &probes, &other);
	assert_true(!atc_ready(&m));
	assert_true(probes > 300);
	assert_true(other >= 2);
	/* It comes back: init, then the message is sent. */
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("ATE0\r");
	for (int i = 0; i < 7; i++)
		h_feed(&m, "\r\nOK\r\n");
	fake_out_clear();
	h_feed(&m, "\r\nOK\r\n");
	EXPECT("AT+CMGS=\"+1\"\r");
}

TEST(next_deadline_values)
{
	h_start(&m);
	assert_int_equal(atc_next_deadline(&m), 1000); /* probe timeout */
	h_ready(&m);
	assert_int_equal(atc_next_deadline(&m), 60000); /* CSQ refresh */
	h_at(&m, 5000);
	atc_send_sms(&m, "+1", "a");
	assert_int_equal(atc_next_deadline(&m), 5000); /* due now */
	atc_poll(&m);
	assert_int_equal(atc_next_deadline(&m), 10000); /* prompt */
	h_at(&m, 5100);
	atc_rx(&m, (const uint8_t *)"\r\n> ", 4);
	assert_int_equal(atc_next_deadline(&m), 5100); /* text due now */
	atc_poll(&m);
	assert_int_equal(atc_next_deadline(&m), 65100); /* result */
	h_feed(&m, "\r\n+CMGS: 1\r\n\r\nOK\r\n");
	assert_int_equal(atc_next_deadline(&m), 60000);
	atc_call(&m, "+2");
	atc_poll(&m);
	assert_int_equal(atc_next_deadline(&m), 35100); /* call-back */
	h_feed(&m, "\r\nOK\r\n");
	assert_int_equal(atc_next_deadline(&m), 35100); /* its hang-up */
	h_at(&m, 34000);
	h_feed(&m, "\r\nRING\r\n");
	assert_int_equal(atc_next_deadline(&m), 35000);
	h_at(&m, 34500);
	h_feed(&m, "\r\nBUSY\r\n");
	assert_int_equal(atc_next_deadline(&m), 35000); /* report a caller w/o CLIP */
	h_at(&m, 35000);
	assert_int_equal(rec.nring, 1);
	assert_int_equal(atc_next_deadline(&m), 60000);
	fake_set_now(70000);
	assert_int_equal(atc_next_deadline(&m), 70000); /* overdue reads as now */
	atc_poll(&m);
	assert_int_equal(atc_next_deadline(&m), 72000);
}

TEST(deadline_after_poll_is_in_the_future)
{
	h_up(&m);
	atc_send_sms(&m, "+1", "a");
	atc_call(&m, "+2");
	h_feed(&m, "\r\n+CMTI: \"SM\",1\r\n\r\nRING\r\n");
	for (int i = 0; i < 50; i++) {
		uint64_t dl = atc_next_deadline(&m);
		assert_true(dl != UINT64_MAX);
		fake_set_now(dl);
		atc_poll(&m);
		assert_true(atc_next_deadline(&m) > fake_now());
		if (i % 3 == 0)
			h_feed(&m, "\r\nOK\r\n");
	}
}

/* Random module output built from real fragments and noise. */
TEST(random_input_survives)
{
	static const char *const frag[] = {
		"\r\n",
		"OK",
		"ERROR",
		"+CMS ERROR: 500",
		"> ",
		"RING",
		"+CLIP: \"+1\",145",
		"+CMTI: \"SM\",",
		"+CMGR: \"REC UNREAD\",\"+1\",\"\",\"x\"",
		"+CMGL: ",
		",\"REC READ\",\"+2\",,",
		"+CSQ: ",
		"NO CARRIER",
		"BUSY",
		"+CMGS: 1",
		"RDY",
		"\"",
		",",
		"\n",
		"\r",
		"\x1A",
		"\xFF",
	};
	uint32_t seed = 12345;
	h_up(&m);
	for (int i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		uint32_t r = seed >> 8;
		if (r % 7 == 0) {
			char d = (char)('0' + r % 10);
			atc_rx(&m, (const uint8_t *)&d, 1);
		} else if (r % 11 == 0) {
			uint8_t b = (uint8_t)(r >> 4);
			atc_rx(&m, &b, 1);
		} else {
			const char *f = frag[r % (sizeof frag / sizeof frag[0])];
			atc_rx(&m, (const uint8_t *)f, strlen(f));
		}
		if (r % 5 == 0)
			fake_advance(r % 3000);
		if (r % 3 == 0)
			atc_send_sms(&m, "+3", "x");
		if (r % 13 == 0)
			atc_call(&m, "+4");
		if (r % 17 == 0)
			atc_reject(&m);
		atc_poll(&m);
		uint64_t dl = atc_next_deadline(&m);
		assert_true(dl != UINT64_MAX && dl > fake_now());
		fake_out_clear();
	}
	assert_true(atc_pending(&m) <= ATC_OUT_QUEUE + ATC_CALL_QUEUE + 1);
}
