/* test_at.c - the emulator's general AT commands, echo, error formats and
 * line handling, played from the unit's side of a socketpair. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "harness.h"
#include "test.h"

TEST(at_answers_ok_with_echo_after_power_up)
{
	struct h h;
	assert_true(h_open(&h));
	assert_string_equal(h_cmd(&h, "AT"), "AT\r\r\nOK\r\n");
	h_close(&h);
}

TEST(ate0_stops_echo_and_ate1_restores_it)
{
	struct h h;
	assert_true(h_open(&h));
	assert_string_equal(h_cmd(&h, "ATE0"), "ATE0\r\r\nOK\r\n"); /* echoed while still on */
	assert_string_equal(h_cmd(&h, "AT"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATE1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT"), "AT\r\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATE2"), "ATE2\r\r\nERROR\r\n");
	h_close(&h);
}

TEST(unknown_command_is_error_in_each_cmee_mode)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	assert_string_equal(h_cmd(&h, "AT+FOO"), "\r\nERROR\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMEE=1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+FOO"), "\r\n+CME ERROR: 100\r\n");
	assert_string_equal(h_cmd(&h, "ATY"), "\r\n+CME ERROR: 100\r\n");
	assert_string_equal(h_cmd(&h, "ATX9"), "\r\n+CME ERROR: 50\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMEE=2"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+FOO"), "\r\n+CME ERROR: unknown\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMEE?"), "\r\n+CMEE: 2\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMEE=?"), "\r\n+CMEE: (0-2)\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMEE=3"), "\r\n+CME ERROR: Incorrect parameters\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMEE=0"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMEE=1,2"), "\r\nERROR\r\n");
	h_close(&h);
}

TEST(cmgf_pdu_mode_takes_pdu_forms_of_the_sms_commands)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	h_cmd(&h, "AT+CMEE=1");
	assert_string_equal(h_cmd(&h, "AT+CMGF?"), "\r\n+CMGF: 0\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=1"), "\r\nOK\r\n");
	/* text-mode forms are PDU-mode parameter errors */
	assert_string_equal(h_cmd(&h, "AT+CMGS=\"+4912345\""), "\r\n+CMS ERROR: 304\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"ALL\""), "\r\n+CMS ERROR: 304\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGF=1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGF?"), "\r\n+CMGF: 1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGF=2"), "\r\n+CME ERROR: 50\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMEE=2"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGF=0"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"ALL\""), "\r\n+CMS ERROR: invalid PDU mode parameter\r\n");
	h_close(&h);
}

TEST(cscs_accepts_gsm_and_ira_only)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	h_cmd(&h, "AT+CMEE=1");
	assert_string_equal(h_cmd(&h, "AT+CSCS?"), "\r\n+CSCS: \"IRA\"\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCS=\"GSM\""), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCS?"), "\r\n+CSCS: \"GSM\"\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCS=\"IRA\""), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCS=\"UCS2\""), "\r\n+CME ERROR: 4\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCS=\"KOI8\""), "\r\n+CME ERROR: 50\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCS=GSM"), "\r\n+CME ERROR: 50\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCS?"), "\r\n+CSCS: \"IRA\"\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(cnmi_clip_cpin_creg_settings)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	h_cmd(&h, "AT+CMEE=1");
	assert_string_equal(h_cmd(&h, "AT+CNMI=2,1,0,0,0"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CNMI=1,2"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CNMI?"), "\r\n+CNMI: 1,2,0,0,0\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CNMI=9,1"), "\r\n+CME ERROR: 50\r\n");
	assert_string_equal(h_cmd(&h, "AT+CLIP?"), "\r\n+CLIP: 0,1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CLIP=1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CLIP?"), "\r\n+CLIP: 1,1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPIN?"), "\r\n+CPIN: READY\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CREG?"), "\r\n+CREG: 0,1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CREG=1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CREG?"), "\r\n+CREG: 1,1\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(csq_reports_the_set_rssi)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	emu_set_rssi(h.e, 7);
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "\r\n+CSQ: 7,0\r\n\r\nOK\r\n");
	emu_set_rssi(h.e, 99);
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "\r\n+CSQ: 99,0\r\n\r\nOK\r\n");
	emu_set_rssi(h.e, 45); /* out of range: unknown */
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "\r\n+CSQ: 99,0\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSQ=?"), "\r\n+CSQ: (0-31,99),(0-7,99)\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(cclk_follows_network_time)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	assert_string_equal(h_cmd(&h, "AT+CCLK?"), "\r\n+CCLK: \"04/01/01,00:00:00+00\"\r\n\r\nOK\r\n");
	h.now = 1000;
	/* 2024-02-29 23:59:58 UTC */
	emu_set_network_time(h.e, 1709251198, 1000);
	assert_string_equal(h_cmd(&h, "AT+CCLK?"), "\r\n+CCLK: \"24/02/29,23:59:58+00\"\r\n\r\nOK\r\n");
	h.now = 3500; /* 2.5 s later: whole seconds */
	assert_string_equal(h_cmd(&h, "AT+CCLK?"), "\r\n+CCLK: \"24/03/01,00:00:00+00\"\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(cclk_set_by_the_unit_runs_on)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	h_cmd(&h, "AT+CMEE=1");
	assert_string_equal(h_cmd(&h, "AT+CCLK=\"25/06/01,12:00:00+08\""), "\r\nOK\r\n");
	h.now = 65000;
	assert_string_equal(h_cmd(&h, "AT+CCLK?"), "\r\n+CCLK: \"25/06/01,12:01:05+08\"\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CCLK=\"25/13/01,12:00:00+08\""), "\r\n+CME ERROR: 50\r\n");
	assert_string_equal(h_cmd(&h, "AT+CCLK=\"garbage\""), "\r\n+CME ERROR: 50\r\n");
	/* network time takes over again */
	emu_set_network_time(h.e, 1700000000, h.now); /* 2023-11-14 22:13:20 */
	assert_string_equal(h_cmd(&h, "AT+CCLK?"), "\r\n+CCLK: \"23/11/14,22:13:20+00\"\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(ati_gsn_and_identity)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	assert_string_equal(h_cmd(&h, "ATI"), "\r\nSIM800 R14.18\r\n\r\nOK\r\n");
	const char *r = h_cmd(&h, "AT+GSN");
	char imei[32] = "";
	assert_true(sscanf(r, "\r\n%31[0-9]\r\n\r\nOK\r\n", imei) == 1);
	assert_int_equal(strlen(imei), 15);
	/* Luhn check digit */
	int sum = 0;
	for (int i = 0; i < 15 && imei[i]; i++) {
		int d = imei[14 - i] - '0';
		if (i % 2) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	assert_int_equal(sum % 10, 0);
	assert_string_equal(h_cmd(&h, "AT+CGSN"), r);
	h_close(&h);
}

TEST(atw_atz_and_atf_profiles)
{
	struct h h;
	assert_true(h_open(&h));
	assert_string_equal(h_cmd(&h, "ATE0"), "ATE0\r\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT&W"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATE1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATZ"), "ATZ\r\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT"), "\r\nOK\r\n"); /* saved profile: echo off */
	assert_string_equal(h_cmd(&h, "AT&F"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT"), "AT\r\r\nOK\r\n"); /* factory: echo on */
	h_close(&h);
}

TEST(concatenated_commands_and_lower_case)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	assert_string_equal(h_cmd(&h, "AT+CMGF=1;+CNMI=2,1,0,0,0;+CLIP=1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGF?;+CLIP?"), "\r\n+CMGF: 1\r\n\r\n+CLIP: 1,1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "at+cmgf?"), "\r\n+CMGF: 1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT E1"), "\r\nOK\r\n");
	/* the first failing command ends the line */
	assert_string_equal(h_cmd(&h, "AT+CMGF=0;+BAD;+CMGF=1"), "AT+CMGF=0;+BAD;+CMGF=1\r\r\nERROR\r\n");
	h_cmd(&h, "ATE0");
	assert_string_equal(h_cmd(&h, "AT+CMGF?"), "\r\n+CMGF: 0\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(line_endings_cr_crlf_lf_and_empty_lines)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	h_take(&h);
	h_send(&h, "AT\r\n");
	assert_string_equal(h_take(&h), "\r\nOK\r\n");
	h_send(&h, "AT\n");
	assert_string_equal(h_take(&h), "\r\nOK\r\n");
	h_send(&h, "\r\r\n\n\r");
	assert_string_equal(h_take(&h), "");
	/* two commands in one write, split across writes */
	h_send(&h, "AT\rAT+C");
	assert_string_equal(h_take(&h), "\r\nOK\r\n");
	h_send(&h, "SQ\r");
	assert_string_equal(h_take(&h), "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(garbage_before_at_is_ignored_and_garbage_lines_get_no_answer)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	h_take(&h);
	h_sendn(&h, "\xff\x00\x13\x7f\r", 5);
	assert_string_equal(h_take(&h), "");
	h_sendn(&h, "\xfe\x01xyAT\r", 7);
	assert_string_equal(h_take(&h), "\r\nOK\r\n");
	h_sendn(&h, "AT\xff\r", 4);
	assert_string_equal(h_take(&h), "\r\nERROR\r\n");
	h_sendn(&h, "AT+CS\x00Q\r", 8);
	assert_string_equal(h_take(&h), "\r\nERROR\r\n");
	assert_string_equal(h_cmd(&h, "AT"), "\r\nOK\r\n");
	h_close(&h);
}

TEST(over_long_line_gets_error_and_does_not_overflow)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	h_take(&h);
	char line[3000];
	memset(line, 'A', sizeof(line));
	memcpy(line, "AT+CSQ", 6);
	line[sizeof(line) - 1] = '\r';
	h_sendn(&h, line, sizeof(line));
	assert_string_equal(h_take(&h), "\r\nERROR\r\n");
	assert_string_equal(h_cmd(&h, "AT"), "\r\nOK\r\n");
	/* exactly EMU_LINE_MAX characters is still a line */
	char max[EMU_LINE_MAX + 2];
	memset(max, ' ', sizeof(max));
	memcpy(max, "AT", 2);
	max[EMU_LINE_MAX] = '\r';
	h_sendn(&h, max, EMU_LINE_MAX + 1);
	assert_string_equal(h_take(&h), "\r\nOK\r\n");
	char tail[4096];
	emu_transcript_tail(h.e, 50, tail, sizeof(tail));
	assert_true(strstr(tail, "more bytes)") != NULL);
	assert_true(strstr(tail, "over 556 characters refused") != NULL);
	h_close(&h);
}

TEST(backspace_edits_the_command_line)
{
	struct h h;
	assert_true(h_open(&h));
	h_cmd(&h, "ATE0");
	h_take(&h);
	h_send(&h, "AT+CSX\bQ\r");
	assert_string_equal(h_take(&h), "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(link_closed_by_peer_is_reported)
{
	struct h h;
	assert_true(h_open(&h));
	assert_int_equal(h_svc(&h), 0);
	close(h.peer);
	h.peer = -1;
	assert_int_equal(emu_service(h.e, 10), RR_ERR_CLOSED);
	assert_int_equal(emu_service(h.e, 20), RR_ERR_CLOSED); /* stays closed */
	char tail[1024];
	emu_transcript_tail(h.e, 1, tail, sizeof(tail));
	assert_true(strstr(tail, "link closed by peer") != NULL);
	h_close(&h);
}

TEST(link_closed_while_answering_is_reported)
{
	struct h h;
	assert_true(h_open(&h));
	close(h.peer);
	h.peer = -1;
	/* the delivery is stored, but its +CMTI cannot be written (and no
	 * SIGPIPE ends the process) */
	assert_int_equal(emu_deliver_sms(h.e, "+4911", "hi", 5), 1);
	assert_int_equal(emu_stored_count(h.e), 1);
	assert_int_equal(emu_service(h.e, 10), RR_ERR_CLOSED);
	assert_int_equal(emu_ring(h.e, "+4911", 20), RR_ERR_CLOSED);
	char tail[4096];
	emu_transcript_tail(h.e, 20, tail, sizeof(tail));
	assert_true(strstr(tail, "# link unit failed: link closed by peer") != NULL);
	h_close(&h);
}

TEST(transcript_format_times_directions_and_escapes)
{
	struct h h;
	assert_true(h_open(&h));
	h.now = 12345;
	h_cmd(&h, "ATE0");
	h.now = 1002003;
	h_sendn(&h, "AT\x1a\r", 4);
	char tail[4096];
	size_t n = emu_transcript_tail(h.e, 4, tail, sizeof(tail));
	assert_int_equal(n, strlen(tail));
	assert_string_equal(tail, "[  12.345] > ATE0\n"
				  "[  12.345] < OK\n"
				  "[1002.003] > AT<1A>\n"
				  "[1002.003] < ERROR\n");
	/* the newest whole lines that fit */
	char small[39];
	emu_transcript_tail(h.e, 4, small, sizeof(small));
	assert_string_equal(small, "[1002.003] < ERROR\n");
	char tiny[8];
	emu_transcript_tail(h.e, 4, tiny, sizeof(tiny));
	assert_string_equal(tiny, "[1002.0");
	/* the whole transcript to a file */
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	assert_true(f);
	emu_transcript_write(h.e, f);
	fclose(f);
	assert_int_equal(h_count(mem, "\n"), 4);
	assert_true(strncmp(mem, "[  12.345] > ATE0\n", 18) == 0);
	free(mem);
	h_close(&h);
}

static int hook_lines;
static char hook_last[256];
static void hook(void *user, const char *line)
{
	(*(int *)user)++;
	snprintf(hook_last, sizeof(hook_last), "%s", line);
}

TEST(transcript_hook_sees_each_line)
{
	struct h h;
	assert_true(h_open(&h));
	hook_lines = 0;
	emu_set_transcript_hook(h.e, hook, &hook_lines);
	h_cmd(&h, "AT+CSQ");
	assert_int_equal(hook_lines, 3); /* > AT+CSQ, < +CSQ, < OK */
	assert_string_equal(hook_last, "[   0.000] < OK");
	h_close(&h);
}
