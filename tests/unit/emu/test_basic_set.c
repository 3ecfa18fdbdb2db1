/* test_basic_set.c - the SIM800-class basic command set of the emulator:
 * every command's test form, ATV0 numeric results, ATQ1, AT&V, identity,
 * functionality and registration, operator, USSD, phone book, calls. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "harness.h"
#include "test.h"

static void quiet_open(struct h *h)
{
	h_cmd(h, "ATE0");
	h_cmd(h, "AT+CMEE=1");
	h_take(h);
}

/* The answer ends in OK (or a numeric 0). */
static bool ends_ok(const char *r)
{
	size_t n = strlen(r);
	return n >= 6 && strcmp(r + n - 6, "\r\nOK\r\n") == 0;
}

TEST(basic_every_command_has_read_or_test_forms)
{
	static const char *const cmds[] = {
		"AT+CMEE=?",
		"AT+CMEE?",
		"AT+CSCS=?",
		"AT+CSCS?",
		"AT+GSN=?",
		"AT+CGSN=?",
		"AT+GMR=?",
		"AT+CGMR=?",
		"AT+GMM=?",
		"AT+CGMM=?",
		"AT+GMI=?",
		"AT+CGMI=?",
		"AT+GCAP=?",
		"AT+CIMI=?",
		"AT+CCID=?",
		"AT+IFC=?",
		"AT+IFC?",
		"AT+CPBS=?",
		"AT+CPBS?",
		"AT+CPBR=?",
		"AT+CREG=?",
		"AT+CREG?",
		"AT+CGREG=?",
		"AT+CGREG?",
		"AT+CGATT=?",
		"AT+CGATT?",
		"AT+COPS=?",
		"AT+COPS?",
		"AT+CSQ=?",
		"AT+CBC=?",
		"AT+CPIN=?",
		"AT+CPIN?",
		"AT+CFUN=?",
		"AT+CFUN?",
		"AT+CCLK=?",
		"AT+CCLK?",
		"AT+CUSD=?",
		"AT+CUSD?",
		"AT+IPR=?",
		"AT+IPR?",
		"AT+CMGF=?",
		"AT+CMGF?",
		"AT+CNMI=?",
		"AT+CNMI?",
		"AT+CSMP=?",
		"AT+CSMP?",
		"AT+CSDH=?",
		"AT+CSDH?",
		"AT+CSMS=?",
		"AT+CSMS?",
		"AT+CSCA=?",
		"AT+CSCA?",
		"AT+CPMS=?",
		"AT+CPMS?",
		"AT+CMGR=?",
		"AT+CMGL=?",
		"AT+CMGD=?",
		"AT+CMGDA=?",
		"AT+CMGS=?",
		"AT+CMGW=?",
		"AT+CMSS=?",
		"AT+CNMA=?",
		"AT+CHUP=?",
		"AT+CLIP=?",
		"AT+CLIP?",
		"AT+CRC=?",
		"AT+CRC?",
		"AT+CLCC=?",
		"ATS0?",
		"AT&V",
	};
	struct h h;
	assert_true(h_open(&h));
	quiet_open(&h);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		const char *r = h_cmd(&h, cmds[i]);
		if (!ends_ok(r))
			test_fail_at(__FILE__, __LINE__, "%s answered \"%s\"", cmds[i], r);
	}
	h_close(&h);
}

TEST(basic_unknown_commands_get_the_cmee_form_never_silence)
{
	static const char *const odd[] = { "AT+XYZZY", "AT+XYZZY?", "AT+XYZZY=?", "AT+XYZZY=1", "AT$FOO", "AT#X",
					   "AT&Q", "ATY", "AT+CSQ?", "AT+CMGF=\"1" };
	struct h h;
	assert_true(h_open(&h));
	quiet_open(&h);
	for (int mode = 0; mode < 3; mode++) {
		char c[20];
		snprintf(c, sizeof(c), "AT+CMEE=%d", mode);
		h_cmd(&h, c);
		for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
			const char *r = h_cmd(&h, odd[i]);
			bool ok = mode == 0 ? !strcmp(r, "\r\nERROR\r\n") : !strncmp(r, "\r\n+CME ERROR: ", 14);
			if (!ok)
				test_fail_at(__FILE__, __LINE__, "CMEE=%d %s answered \"%s\"", mode, odd[i], r);
		}
	}
	h_close(&h);
}

TEST(basic_v0_numeric_results_and_q1_quiet)
{
	struct h h;
	assert_true(h_open(&h));
	quiet_open(&h);
	assert_string_equal(h_cmd(&h, "ATV0"), "0\r");
	assert_string_equal(h_cmd(&h, "AT"), "0\r");
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "+CSQ: 20,0\r\n0\r");
	assert_string_equal(h_cmd(&h, "AT+CMEE=0"), "0\r");
	assert_string_equal(h_cmd(&h, "AT+FOO"), "4\r");
	assert_string_equal(h_cmd(&h, "ATA"), "3\r"); /* NO CARRIER */
	assert_int_equal(emu_ring(h.e, "+4930", h.now), 0);
	assert_string_equal(h_take(&h), "2\r\n");
	h_cmd(&h, "ATH");
	assert_string_equal(h_cmd(&h, "ATV1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATQ1"), "");
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "\r\n+CSQ: 20,0\r\n");
	assert_string_equal(h_cmd(&h, "ATQ0"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATV2"), "\r\nERROR\r\n");
	h_close(&h);
}

TEST(basic_profile_and_identity)
{
	struct h h;
	assert_true(h_open(&h));
	quiet_open(&h);
	const char *r = h_cmd(&h, "AT&V");
	assert_true(strstr(r, "E: 0 Q: 0 V: 1") != NULL);
	assert_true(strstr(r, "+CMEE: 1") != NULL);
	assert_string_equal(h_cmd(&h, "ATI"), "\r\nSIM800 R14.18\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+GCAP"), "\r\n+GCAP: +CGSM\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CIMI"), "\r\n246011234567890\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CCID"), "\r\n8937001123456789012F\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+IPR=115200"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+IPR?"), "\r\n+IPR: 115200\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+IPR=1234"), "\r\n+CME ERROR: 50\r\n");
	assert_string_equal(h_cmd(&h, "AT+IFC=2,2"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CBC"), "\r\n+CBC: 0,96,4150\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATS3?"), "\r\n013\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(basic_cfun_registration_and_operator)
{
	struct h h;
	assert_true(h_open(&h));
	quiet_open(&h);
	assert_string_equal(h_cmd(&h, "AT+CREG?"), "\r\n+CREG: 0,1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+COPS?"), "\r\n+COPS: 0,0,\"EMU NET\"\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CGATT?"), "\r\n+CGATT: 1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CREG=1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CGREG=2"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CFUN=4"), "\r\nOK\r\n\r\n+CREG: 0\r\n\r\n+CGREG: 0\r\n");
	assert_string_equal(h_cmd(&h, "AT+COPS?"), "\r\n+COPS: 0\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSQ"), "\r\n+CSQ: 99,0\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CFUN=1"), "\r\nOK\r\n\r\n+CPIN: READY\r\n\r\nCall Ready\r\n\r\nSMS Ready\r\n"
						    "\r\n+CREG: 1\r\n\r\n+CGREG: 1,\"1A2B\",\"3C4D\"\r\n");
	assert_string_equal(h_cmd(&h, "AT+CGREG?"), "\r\n+CGREG: 2,1,\"1A2B\",\"3C4D\"\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+COPS=2"), "\r\nOK\r\n\r\n+CREG: 0\r\n\r\n+CGREG: 0\r\n");
	assert_string_equal(h_cmd(&h, "AT+COPS=0"), "\r\nOK\r\n\r\n+CREG: 1\r\n\r\n+CGREG: 1,\"1A2B\",\"3C4D\"\r\n");
	assert_string_equal(h_cmd(&h, "AT+COPS=1,2,\"24601\""), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+COPS=1,2,\"24699\""), "\r\n+CME ERROR: 30\r\n");
	assert_string_equal(h_cmd(&h, "AT+CFUN=0"), "\r\nOK\r\n\r\n+CREG: 0\r\n\r\n+CGREG: 0\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPIN?"), "\r\n+CME ERROR: 10\r\n");
	assert_string_equal(h_cmd(&h, "AT+CFUN=2"), "\r\n+CME ERROR: 50\r\n");
	h_cmd(&h, "AT+CFUN=1");
	/* AT+CFUN=1,1 restarts the module */
	assert_string_equal(h_cmd(&h, "AT+CFUN=1,1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT"), "");
	h_advance(&h, 2000);
	assert_string_equal(h_take(&h), "\r\nRDY\r\n");
	h_advance(&h, 1200);
	assert_string_equal(h_take(&h), "\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nCall Ready\r\n\r\nSMS Ready\r\n");
	h_close(&h);
}

TEST(basic_ussd_phone_book_and_smsc)
{
	struct h h;
	assert_true(h_open(&h));
	quiet_open(&h);
	assert_string_equal(h_cmd(&h, "AT+CUSD=1,\"*100#\",15"), "\r\nOK\r\n\r\n+CUSD: 0,\"Your balance is 5.00 EUR\",15\r\n");
	emu_set_ussd(h.e, "Likutis 1.23 EUR");
	assert_string_equal(h_cmd(&h, "AT+CUSD=1,\"*245#\""), "\r\nOK\r\n\r\n+CUSD: 0,\"Likutis 1.23 EUR\",15\r\n");
	assert_string_equal(h_cmd(&h, "AT+CUSD?"), "\r\n+CUSD: 1\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPBS?"), "\r\n+CPBS: \"SM\",3,10\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPBS=\"ME\""), "\r\n+CME ERROR: 3\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPBR=1,10"), "\r\n+CPBR: 1,\"+37060000001\",145,\"Owner\"\r\n"
						       "\r\n+CPBR: 2,\"+37060000002\",145,\"Service\"\r\n"
						       "\r\n+CPBR: 3,\"*100#\",129,\"Balance\"\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CPBR=11"), "\r\n+CME ERROR: 21\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCA?"), "\r\n+CSCA: \"+37069899992\",145\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCA=\"+37069800000\",145"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CSCA?"), "\r\n+CSCA: \"+37069800000\",145\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(basic_csdh_shows_the_header_fields)
{
	struct h h;
	assert_true(h_open(&h));
	h_textmode(&h);
	emu_deliver_sms(h.e, "+4930", "hi", 0);
	h_take(&h);
	assert_string_equal(h_cmd(&h, "AT+CSDH=1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGR=1"),
			    "\r\n+CMGR: \"REC UNREAD\",\"+4930\",\"\",\"04/01/01,00:00:00+00\",145,4,0,0,\"+37069899992\",145,2\r\n"
			    "hi\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CMGL=\"ALL\""),
			    "\r\n+CMGL: 1,\"REC READ\",\"+4930\",\"\",\"04/01/01,00:00:00+00\",145,2\r\nhi\r\n\r\nOK\r\n");
	h_close(&h);
}

TEST(basic_calls_atdt_clcc_crc)
{
	struct h h;
	assert_true(h_open(&h));
	quiet_open(&h);
	assert_string_equal(h_cmd(&h, "ATDT+4930;"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CLCC"), "\r\n+CLCC: 1,0,3,0,0,\"+4930\",145\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATH"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CLCC"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CRC=1"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CLIP=1"), "\r\nOK\r\n");
	emu_ring(h.e, "+4931", h.now);
	assert_string_equal(h_take(&h), "\r\n+CRING: VOICE\r\n\r\n+CLIP: \"+4931\",145,\"\",0,\"\",0\r\n");
	assert_string_equal(h_cmd(&h, "AT+CLCC"), "\r\n+CLCC: 1,1,4,0,0,\"+4931\",145\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "ATA"), "\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CLCC"), "\r\n+CLCC: 1,1,0,0,0,\"+4931\",145\r\n\r\nOK\r\n");
	assert_string_equal(h_cmd(&h, "AT+CHUP"), "\r\nOK\r\n");
	h_close(&h);
}
