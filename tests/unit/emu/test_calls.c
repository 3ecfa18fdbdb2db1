/* test_calls.c - incoming rings (RING/+CLIP, reject, answer, give-up) and
 * the unit's own calls (ATD, BUSY, NO CARRIER), played from the unit. */
#include <string.h>

#include "err.h"
#include "harness.h"
#include "test.h"

#define RING_CLIP "\r\nRING\r\n\r\n+CLIP: \"+491701234567\",145,\"\",0,\"\",0\r\n"

static void clip_on(struct h *h)
{
	h_textmode(h);
	h_cmd(h, "AT+CLIP=1");
}

TEST(ring_repeats_every_3s_and_caller_gives_up_after_6)
{
	struct h h;
	assert_true(h_open(&h));
	clip_on(&h);
	h.now = 1000;
	assert_int_equal(emu_ring(h.e, "+491701234567", h.now), 0);
	assert_string_equal(h_take(&h), RING_CLIP);
	assert_int_equal(emu_call_state(h.e), EMU_CALL_RINGING);
	assert_int_equal(emu_next_deadline(h.e), 4000);
	h_advance(&h, 2999);
	assert_string_equal(h_take(&h), "");
	int rings = 1;
	for (int i = 0; i < 5; i++) {
		h.now = 1000 + 3000 * (uint64_t)(i + 1);
		h_svc(&h);
		const char *r = h_take(&h);
		assert_string_equal(r, RING_CLIP);
		rings += h_count(r, "RING");
	}
	assert_int_equal(rings, 6);
	assert_int_equal(emu_call_state(h.e), EMU_CALL_RINGING);
	h.now = 1000 + 6 * 3000;
	h_svc(&h);
	assert_string_equal(h_take(&h), "\r\nNO CARRIER\r\n");
	assert_int_equal(emu_call_state(h.e), EMU_CALL_GAVE_UP);
	assert_int_equal(emu_next_deadline(h.e), UINT64_MAX);
	h_close(&h);
}

TEST(ath_while_ringing_rejects_the_call)
{
	struct h h;
	assert_true(h_open(&h));
	clip_on(&h);
	emu_ring(h.e, "+491701234567", 0);
	assert_string_equal(h_take(&h), RING_CLIP);
	h_advance(&h, 3000);
	assert_string_equal(h_take(&h), RING_CLIP);
	h.now = 3500;
	assert_string_equal(h_cmd(&h, "ATH"), "\r\nOK\r\n");
	assert_int_equal(emu_call_state(h.e), EMU_CALL_REJECTED);
	assert_int_equal(emu_next_deadline(h.e), UINT64_MAX);
	h_advance(&h, 60000);
	assert_string_equal(h_take(&h), ""); /* no more rings */
	/* the line is free for the next call */
	assert_int_equal(emu_ring(h.e, "+491701234567", h.now), 0);
	assert_int_equal(emu_call_state(h.e), EMU_CALL_RINGING);
	h_close(&h);
}

TEST(chup_also_rejects)
{
	struct h h;
	assert_true(h_open(&h));
	clip_on(&h);
	emu_ring(h.e, "+491701234567", 0);
	assert_string_equal(h_cmd(&h, "AT+CHUP"), "\r\nOK\r\n");
	assert_int_equal(emu_call_state(h.e), EMU_CALL_REJECTED);
	h_close(&h);
}

TEST(ata_answers_and_the_caller_hangs_up_later)
{
	struct h h;
	assert_true(h_open(&h));
	clip_on(&h);
	emu_set_connected_time(h.e, 5000);
	emu_ring(h.e, "+491701234567", 0);
	h.now = 100;
	assert_string_equal(h_cmd(&h, "ATA"), "\r\nOK\r\n");
	assert_int_equal(emu_call_state(h.e), EMU_CALL_ANSWERED);
	assert_int_equal(emu_next_deadline(h.e), 5100);
	h_advance(&h, 4999);
	assert_string_equal(h_take(&h), ""); /* no RING while connected */
	h_advance(&h, 1);
	assert_string_equal(h_take(&h), "\r\nNO CARRIER\r\n");
	assert_int_equal(emu_call_state(h.e), EMU_CALL_ANSWERED);
	h_close(&h);
}

TEST(ata_without_a_call_is_no_carrier)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	assert_string_equal(h_cmd(&h, "ATA"), "\r\nNO CARRIER\r\n");
	assert_string_equal(h_cmd(&h, "ATH"), "\r\nOK\r\n");
	assert_int_equal(emu_call_state(h.e), EMU_CALL_NONE);
	h_close(&h);
}

TEST(clip_off_withheld_and_national_numbers)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	assert_int_equal(emu_ring(h.e, "+4930", 0), 0);
	assert_string_equal(h_take(&h), "\r\nRING\r\n"); /* AT+CLIP=0 after power-up */
	h_cmd(&h, "ATH");
	h_cmd(&h, "AT+CLIP=1");
	assert_int_equal(emu_ring(h.e, "", 0), 0);
	assert_string_equal(h_take(&h), "\r\nRING\r\n\r\n+CLIP: \"\",128,\"\",0,\"\",1\r\n");
	h_cmd(&h, "ATH");
	assert_int_equal(emu_ring(h.e, "0301234", 0), 0);
	assert_string_equal(h_take(&h), "\r\nRING\r\n\r\n+CLIP: \"0301234\",129,\"\",0,\"\",0\r\n");
	h_close(&h);
}

TEST(ring_interval_and_count_are_settable)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_set_ring_interval(h.e, 500, 2);
	emu_ring(h.e, "+4930", 0);
	assert_int_equal(emu_next_deadline(h.e), 500);
	h_advance(&h, 500);
	assert_string_equal(h_take(&h), "\r\nRING\r\n\r\nRING\r\n");
	h_advance(&h, 500);
	assert_string_equal(h_take(&h), "\r\nNO CARRIER\r\n");
	assert_int_equal(emu_call_state(h.e), EMU_CALL_GAVE_UP);
	h_close(&h);
}

TEST(late_service_catches_up_with_every_ring)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_ring(h.e, "+4930", 0);
	h_take(&h);
	h_advance(&h, 7000); /* rings due at 3000 and 6000 */
	assert_int_equal(h_count(h_take(&h), "RING"), 2);
	assert_int_equal(emu_next_deadline(h.e), 9000);
	h_close(&h);
}

TEST(ring_refused_while_a_call_is_up_or_number_bad)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	assert_int_equal(emu_ring(h.e, "+4930", 0), 0);
	assert_int_equal(emu_ring(h.e, "+4931", 0), RR_ERR_BUSY);
	h_cmd(&h, "ATH");
	assert_int_equal(emu_ring(h.e, "+49\"30", 0), RR_ERR_ARG);
	assert_int_equal(emu_ring(h.e, NULL, 0), RR_ERR_ARG);
	h_close(&h);
}

TEST(atd_is_recorded_and_gets_busy_after_the_callee_time)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_set_callee(h.e, 4000, false);
	h.now = 500;
	assert_string_equal(h_cmd(&h, "ATD+491701234567;"), "\r\nOK\r\n");
	assert_int_equal(emu_call_count(h.e), 1);
	assert_int_equal(emu_next_deadline(h.e), 4500);
	h_advance(&h, 3999);
	assert_string_equal(h_take(&h), "");
	h_advance(&h, 1);
	assert_string_equal(h_take(&h), "\r\nBUSY\r\n");
	struct emu_call_out c;
	assert_true(!emu_take_call(h.e, "+4930", &c));
	assert_true(emu_take_call(h.e, "+491701234567", &c));
	assert_string_equal(c.number, "+491701234567");
	assert_int_equal(c.t_ms, 500);
	assert_int_equal(emu_call_count(h.e), 0);
	h_close(&h);
}

TEST(atd_default_callee_rejects_after_5s)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "ATD0301234;");
	h_advance(&h, 4999);
	assert_string_equal(h_take(&h), "");
	h_advance(&h, 1);
	assert_string_equal(h_take(&h), "\r\nBUSY\r\n");
	h_close(&h);
}

TEST(atd_accepting_callee_answers_then_no_carrier)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_set_callee(h.e, 1000, true);
	h_cmd(&h, "ATD+4930;");
	h_advance(&h, 1000);
	assert_string_equal(h_take(&h), ""); /* answered: nothing shown for a voice call */
	assert_int_equal(emu_next_deadline(h.e), 3000);
	h_advance(&h, 2000);
	assert_string_equal(h_take(&h), "\r\nNO CARRIER\r\n");
	assert_int_equal(emu_next_deadline(h.e), UINT64_MAX);
	h_close(&h);
}

TEST(ath_ends_the_units_own_call_without_busy)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	h_cmd(&h, "ATD+4930;");
	h.now = 1000;
	assert_string_equal(h_cmd(&h, "ATH"), "\r\nOK\r\n");
	h_advance(&h, 10000);
	assert_string_equal(h_take(&h), "");
	assert_int_equal(emu_call_count(h.e), 1);
	h_close(&h);
}

TEST(atd_bad_forms_are_errors_and_not_recorded)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	assert_string_equal(h_cmd(&h, "ATD+4930"), "\r\n+CME ERROR: 4\r\n"); /* data call */
	assert_string_equal(h_cmd(&h, "ATD;"), "\r\n+CME ERROR: 50\r\n");
	assert_string_equal(h_cmd(&h, "ATD12a4;"), "\r\n+CME ERROR: 50\r\n");
	assert_int_equal(emu_call_count(h.e), 0);
	assert_string_equal(h_cmd(&h, "ATD+4930;"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATD+4931;"), "\r\n+CME ERROR: 3\r\n"); /* line busy */
	assert_int_equal(emu_call_count(h.e), 1);
	h_close(&h);
}
