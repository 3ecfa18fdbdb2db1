/* test_behaviours.c - the module behaviours a test switches on (emu.h):
 * registration, SIM state and PIN, a full store, a slow prompt, send
 * errors, unsolicited lines inside a response, a reboot, autobauding, no
 * network time. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "harness.h"
#include "test.h"

TEST(behaviour_registration_lost_and_back)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "AT+CREG=1");
	emu_set_registration(h.e, 2);
	assert_string_equal(h_take(&h), "\r\n+CREG: 2\r\n");
	assert_string_equal(h_cmd(&h, "AT+CREG?"), "\r\n+CREG: 1,2\r\n\r\nOK\r\n");
	assert_int_equal(emu_deliver_sms(h.e, "+4930", "x", 0), RR_ERR_NONET);
	assert_int_equal(emu_ring(h.e, "+4930", 0), RR_ERR_NONET);
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\""), "\r\n> ");
	h_send(&h, "x\x1A");
	assert_string_equal(h_take(&h), "\r\n+CMS ERROR: 331\r\n");
	assert_string_equal(h_cmd(&h, "ATD+4930;"), "\r\nNO CARRIER\r\n");
	emu_set_registration(h.e, 3);
	assert_string_equal(h_take(&h), "\r\n+CREG: 3\r\n");
	emu_set_registration(h.e, 5);
	assert_string_equal(h_take(&h), "\r\n+CREG: 5\r\n");
	assert_int_equal(emu_deliver_sms(h.e, "+4930", "x", 0), 1);
	assert_int_equal(emu_sms_count(h.e), 0);
	h_close(&h);
}

TEST(behaviour_sim_pin_and_absent)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "AT+CREG=1");
	emu_set_sim(h.e, EMU_SIM_PIN, "4321");
	assert_string_equal(h_take(&h), "\r\n+CREG: 0\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPIN?"), "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=1"), "\r\n+CMS ERROR: 311\r\n");
	assert_string_equal(h_cmd(&h, "AT+CIMI"), "\r\n+CME ERROR: 11\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPIN=\"1234\""), "\r\n+CME ERROR: 16\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPIN=\"4321\""),
			    "\r\nOK\r\n\r\n+CPIN: READY\r\n\r\nCall Ready\r\n\r\nSMS Ready\r\n\r\n+CREG: 1\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPIN=\"4321\""), "\r\n+CME ERROR: 3\r\n");
	emu_set_sim(h.e, EMU_SIM_ABSENT, NULL);
	assert_string_equal(h_take(&h), "\r\n+CPIN: NOT INSERTED\r\n\r\n+CREG: 0\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPIN?"), "\r\n+CME ERROR: 10\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\""), "\r\n+CMS ERROR: 310\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPMS?"), "\r\n+CMS ERROR: 310\r\n");
	h_close(&h);
}

TEST(behaviour_storage_full)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_deliver_sms(h.e, "+4930", "one", 0);
	h_take(&h);
	emu_set_storage_full(h.e, true);
	assert_string_equal(h_cmd(&h, "AT+CPMS?"), "\r\n+CPMS: \"SM\",1,1,\"SM\",1,1,\"SM\",1,1\r\n\r\nOK\r\n");
	assert_int_equal(emu_deliver_sms(h.e, "+4930", "two", 0), RR_ERR_FULL);
	assert_string_equal(h_cmd(&h, "AT+CMGW=\"+4930\""), "\r\n> ");
	h_send(&h, "draft\x1A");
	assert_string_equal(h_take(&h), "\r\n+CMS ERROR: 322\r\n");
	emu_set_storage_full(h.e, false);
	assert_int_equal(emu_deliver_sms(h.e, "+4930", "two", 0), 2);
	h_close(&h);
}

TEST(behaviour_slow_prompt_and_send_errors)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_set_prompt_delay(h.e, 3000);
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\""), "");
	h_send(&h, "early");
	assert_string_equal(h_take(&h), "");
	h_advance(&h, 3000);
	assert_string_equal(h_take(&h), "\r\n> ");
	h_send(&h, "\x1A");
	assert_string_equal(h_take(&h), "\r\n+CMGS: 1\r\n\r\nOK\r\n");
	struct emu_sms_out s;
	assert_true(emu_take_sms(h.e, NULL, &s));
	assert_string_equal(s.text, "early"); /* typed before the prompt, taken after it */
	emu_set_prompt_delay(h.e, 0);
	emu_set_send_error(h.e, 38, 2);
	for (int i = 0; i < 3; i++) {
		assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\""), "\r\n> ");
		h_send(&h, "x\x1A");
		assert_string_equal(h_take(&h), i < 2 ? "\r\n+CMS ERROR: 38\r\n" : "\r\n+CMGS: 2\r\n\r\nOK\r\n");
	}
	assert_int_equal(emu_sms_count(h.e), 1);
	h_close(&h);
}

TEST(behaviour_urc_inside_a_response_and_held_during_entry)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_send_urc(h.e, "+CREG: 1", true, 0);
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "\r\n+CSQ: 20,0\r\n\r\n+CREG: 1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4930\""), "\r\n> ");
	emu_send_urc(h.e, "RING", false, 0);
	assert_string_equal(h_take(&h), "");
	h_send(&h, "x\x1A");
	assert_string_equal(h_take(&h), "\r\n+CMGS: 1\r\n\r\nOK\r\n\r\nRING\r\n");
	h_close(&h);
}

TEST(behaviour_reboot_sequence)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "AT&W");
	h_cmd(&h, "ATE1");
	emu_ring(h.e, "+4930", 0);
	h_take(&h);
	emu_reboot(h.e, 1000, h.now);
	assert_int_equal(emu_call_state(h.e), EMU_CALL_GAVE_UP);
	assert_string_equal(h_cmd(&h, "AT"), "");
	h_advance(&h, 999);
	assert_string_equal(h_take(&h), "");
	h_advance(&h, 1);
	assert_string_equal(h_take(&h), "\r\nRDY\r\n");
	h_advance(&h, 1200);
	assert_string_equal(h_take(&h), "\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nCall Ready\r\n\r\nSMS Ready\r\n");
	/* the saved profile: echo off, text mode */
	assert_string_equal(h_cmd(&h, "AT+CMGF?"), "\r\n+CMGF: 1\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(behaviour_autobauding_waits_for_at)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	h_cmd(&h, "AT&W");
	h_take(&h);
	emu_set_autobaud(h.e, true);
	emu_reboot(h.e, 500, h.now);
	h_advance(&h, 3000);
	assert_string_equal(h_take(&h), ""); /* no RDY at an automatic rate, nothing before sync */
	assert_string_equal(h_cmd(&h, "xx\x7f"
				      "A+CSQ"),
			    "");
	assert_string_equal(h_cmd(&h, "AT"), "\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nCall Ready\r\n\r\nSMS Ready\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(behaviour_no_network_time)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_set_network_time(h.e, 1718454600, 0);
	assert_string_equal(h_cmd(&h, "AT+CCLK?"), "\r\n+CCLK: \"24/06/15,12:30:00+00\"\r\n\r\nOK\r\n");
	emu_set_network_time_absent(h.e, true);
	h_advance(&h, 5000);
	emu_reboot(h.e, 0, h.now);
	h_advance(&h, 65000);
	h_cmd(&h, "ATE0"); /* the saved profile has echo on */
	assert_string_equal(h_cmd(&h, "AT+CCLK?"), "\r\n+CCLK: \"04/01/01,00:01:05+00\"\r\n\r\nOK\r\n");
	h_close(&h);
}
