/* test_sms.c - the SMS interpreter: classes, security, password, window. */
#include <stdio.h>

#include "harness.h"
#include "test.h"

TEST(sms_makemeboss_first_number_only)
{
	t_boot();
	t_sms(BOSS, "MAKEMEBOSS");
	assert_string_equal(t_reply(BOSS), "MAKEMEBOSS - OK");
	assert_string_equal(fwt.set.numbers[0], BOSS);
	t_sms("+37060000002", "MAKEMEBOSS");
	assert_true(t_reply(NULL) == NULL); /* not on the list, SMSCONFIRMUNAUTH=OFF */
}

TEST(sms_unauthorised_gets_access_deny_when_enabled)
{
	t_setup("DC");
	t_sms(BOSS, "SMSCONFIRMUNAUTH=ON");
	assert_string_equal(t_reply(BOSS), "SMSCONFIRMUNAUTH=ON - OK");
	t_sms("+37060000002", "ON1");
	assert_string_equal(t_reply("+37060000002"), "Access deny!");
	assert_true(!t_relay(1));
}

TEST(sms_on_off_by_number_and_alias)
{
	t_setup("DC");
	t_sms(BOSS, "ON1");
	assert_string_equal(t_reply(BOSS), "ON1 - OK");
	assert_true(t_relay(1));
	t_sms(BOSS, "ALIAS3=Heater");
	assert_string_equal(t_reply(BOSS), "ALIAS3=HEATER - OK");
	t_sms(BOSS, "on heater");
	assert_string_equal(t_reply(BOSS), "ON HEATER - OK");
	assert_true(t_relay(3));
	t_sms(BOSS, "OFFALL");
	assert_string_equal(t_reply(BOSS), "OFFALL - OK");
	assert_true(!t_relay(1) && !t_relay(3));
	t_sms(BOSS, "ONALL");
	assert_int_equal(fk.relays, 0x7f);
}

TEST(sms_pulse_and_restart_timing)
{
	t_setup("DC");
	t_sms(BOSS, "PULSE2");
	assert_true(t_relay(2));
	uint64_t on = fk.relay_changed[1];
	t_run(5000);
	assert_true(!t_relay(2));
	assert_int_equal(fk.relay_changed[1] - on, 4000); /* PULSETIME default 4 s */
	t_sms(BOSS, "ON4");
	t_sms(BOSS, "RESTART4");
	assert_true(!t_relay(4));
	uint64_t off = fk.relay_changed[3];
	t_run(6000);
	assert_true(t_relay(4));
	assert_int_equal(fk.relay_changed[3] - off, 5000); /* RESTARTTIME default 5 s */
}

/* A second PULSE while one runs restarts the time and keeps the state the
 * relay returns to; a PULSE during a RESTART is a pulse around "on". */
TEST(sms_pulse_during_timed_action)
{
	t_setup("DC");
	t_sms(BOSS, "PULSE2");
	t_run(2000);
	t_sms(BOSS, "PULSE2");
	assert_true(t_relay(2));
	t_run(3000);
	assert_true(t_relay(2)); /* 4 s after the second PULSE, not the first */
	t_run(2000);
	assert_true(!t_relay(2));
	t_sms(BOSS, "ON4");
	t_sms(BOSS, "RESTART4");
	t_run(1000);
	t_sms(BOSS, "PULSE4");
	assert_true(!t_relay(4));
	t_run(10000);
	assert_true(t_relay(4));
}

TEST(sms_unknown_command_and_error_off)
{
	t_setup("DC");
	t_sms(BOSS, "FOO");
	assert_string_equal(t_reply(BOSS), "FOO - Error!");
	t_sms(BOSS, "ERROR=OFF");
	assert_string_equal(t_reply(BOSS), "ERROR=OFF - OK");
	t_sms(BOSS, "FOO");
	assert_true(t_reply(BOSS) == NULL);
	t_sms(BOSS, "PULSETIME=999");
	assert_true(t_reply(BOSS) == NULL);
}

TEST(sms_incorrect_value)
{
	t_setup("DC");
	t_sms(BOSS, "PULSETIME=0");
	assert_string_equal(t_reply(BOSS), "Incorrect value!");
	t_sms(BOSS, "BACKUPLIMIT=XX");
	assert_string_equal(t_reply(BOSS), "Incorrect value!");
	assert_int_equal(fwt.set.backup_limit, BL_DC);
}

TEST(sms_query_shows_choices)
{
	t_setup("AC");
	t_sms(BOSS, "BACKUPLIMIT?");
	assert_string_equal(t_reply(BOSS), "BACKUPLIMIT=DC,(AC),OFF");
	t_sms(BOSS, "PULSETIME?");
	assert_string_equal(t_reply(BOSS), "PULSETIME=4");
	t_sms(BOSS, "VERSION?");
	assert_string_equal(t_reply(BOSS), "VERSION=" FW_HW_VERSION "," FW_VERSION);
}

TEST(sms_password_prefix)
{
	t_setup("DC");
	t_sms(BOSS, "PASSWORD=12345");
	assert_string_equal(t_reply(BOSS), "PASSWORD=12345 - OK");
	t_sms(BOSS, "ON1");
	assert_string_equal(t_reply(BOSS), "Invalid access password!");
	assert_true(!t_relay(1));
	t_sms(BOSS, "12345ON1");
	assert_string_equal(t_reply(BOSS), "ON1 - OK");
	assert_true(t_relay(1));
}

TEST(sms_configuration_window_and_renew)
{
	t_setup("DC");
	t_sms(BOSS, "RENEWPASSWORD=ABCDE");
	assert_string_equal(t_reply(BOSS), "RENEWPASSWORD=ABCDE - OK");
	t_run(31u * 60u * 1000u);
	t_sms(BOSS, "PULSETIME=6");
	assert_string_equal(t_reply(BOSS), "Time for configuration is expired (30min)!");
	assert_int_equal(fwt.set.pulse_time, 4);
	/* control and information still work */
	t_sms(BOSS, "ON1");
	assert_string_equal(t_reply(BOSS), "ON1 - OK");
	t_sms(BOSS, "RENEW99999");
	assert_string_equal(t_reply(BOSS), "Invalid access password!");
	t_sms(BOSS, "RENEWABCDE");
	assert_string_equal(t_reply(BOSS), "Time for configuration renewed (30min)");
	t_sms(BOSS, "PULSETIME=6");
	assert_string_equal(t_reply(BOSS), "PULSETIME=6 - OK");
	assert_int_equal(fwt.set.pulse_time, 6);
}

TEST(sms_window_restarts_after_each_configuration)
{
	t_setup("DC");
	t_run(20u * 60u * 1000u);
	t_sms(BOSS, "PULSETIME=5");
	t_run(20u * 60u * 1000u); /* 40 min after boot, 20 after the last */
	t_clear();
	t_sms(BOSS, "PULSETIME=7");
	assert_string_equal(t_reply(BOSS), "PULSETIME=7 - OK");
}

TEST(sms_smsconfirm_off_silences_confirmations_not_reports)
{
	t_setup("DC");
	t_sms(BOSS, "SMSCONFIRM=OFF");
	t_clear();
	t_sms(BOSS, "ON1");
	assert_true(t_reply(BOSS) == NULL);
	assert_true(t_relay(1));
	t_sms(BOSS, "RSTAT");
	assert_string_equal(t_reply(BOSS), "R1=ON R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF");
}

TEST(sms_security_numbers_add_delete)
{
	t_setup("DC");
	t_sms(BOSS, "ADDSECNUM+37060000002");
	assert_string_equal(t_reply(BOSS), "ADDSECNUM+37060000002 - OK");
	t_sms("+37060000002", "ON2");
	assert_string_equal(t_reply("+37060000002"), "ON2 - OK");
	t_sms(BOSS, "DELSECNUM+37060000002");
	assert_string_equal(t_reply(BOSS), "DELSECNUM+37060000002 - OK");
	t_sms("+37060000002", "OFF2");
	assert_true(t_reply(NULL) == NULL);
	assert_true(t_relay(2));
	t_sms(BOSS, "DELSECNUM+37069999999");
	assert_string_equal(t_reply(BOSS), "Incorrect value!");
	t_sms(BOSS, "ADDSECNUM12");
	assert_string_equal(t_reply(BOSS), "Incorrect value!");
}

TEST(sms_ignored_while_usb_attached)
{
	t_setup("DC");
	fk.usb = true;
	t_sms(BOSS, "ON1");
	assert_true(t_reply(NULL) == NULL);
	assert_true(!t_relay(1));
	fk.usb = false;
	t_run(1000);
	assert_true(!t_relay(1)); /* not processed later either */
	assert_true(t_reply(NULL) == NULL);
}

TEST(sms_status_report)
{
	t_setup("DC");
	t_sms(BOSS, "ON2");
	t_clear();
	fk.battery = 87;
	t_sms(BOSS, "STATUS");
	assert_string_equal(t_reply(BOSS), "Relays: 0100000; Inputs: ------; DC: OK; AC: OK; Battery: 87%; Backup mode: OFF");
}

TEST(sms_signalreport_sets_clock)
{
	t_setup("DC");
	t_sms_ts(BOSS, "SIGNALREPORT", "26/11/21,09:59:30+08");
	assert_string_equal(t_reply(BOSS), "Signal: 20/31. Time: 2026-11-21 09:59:30");
	assert_true(fwt.clock_set);
}

TEST(sms_long_text_is_rejected_not_executed)
{
	char text[200];
	t_setup("DC");
	memset(text, 'A', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	memcpy(text, "ON1", 3);
	t_sms(BOSS, text);
	assert_true(!t_relay(1));
	assert_string_equal(t_reply(BOSS), "Incorrect value!");
}

TEST(sms_non_ascii_text_is_an_unknown_command)
{
	t_setup("DC");
	t_sms(BOSS, "\xc3\xa9ON1");
	assert_true(!t_relay(1));
	const char *r = t_reply(BOSS);
	assert_true(r != NULL);
	assert_true(strstr(r, "- Error!") != NULL);
}

TEST(sms_scheduler_add_list_remove)
{
	t_setup("DC");
	t_sms(BOSS, "SC10:00,*,ONR1");
	assert_string_equal(t_reply(BOSS), "SC10:00,*,ONR1 - OK");
	t_sms(BOSS, "SC11:30,3,TEMP");
	t_clear();
	t_sms(BOSS, "SCHEDULER?");
	assert_string_equal(t_reply(BOSS), "10:00,*,ONR1;11:30,3,TEMP");
	t_sms(BOSS, "SCHEDULER-10:00");
	assert_string_equal(t_reply(BOSS), "SCHEDULER-10:00 - OK");
	t_sms(BOSS, "SC25:00,*,ONR1");
	assert_string_equal(t_reply(BOSS), "Incorrect value!");
	t_sms(BOSS, "SC10:00,*,ONR8");
	assert_string_equal(t_reply(BOSS), "Incorrect value!");
	t_sms(BOSS, "SCHEDULER-ALL");
	t_clear();
	t_sms(BOSS, "SCHEDULER?");
	assert_string_equal(t_reply(BOSS), "SCHEDULER=EMPTY");
}

TEST(sms_scheduler_holds_twenty_tasks)
{
	char cmd[32];
	t_setup("DC");
	for (int i = 0; i < 20; i++) {
		snprintf(cmd, sizeof(cmd), "SC%02d:%02d,*,SIGN", i, i);
		t_sms(BOSS, cmd);
	}
	t_clear();
	t_sms(BOSS, "SC23:00,*,SIGN");
	assert_string_equal(t_reply(BOSS), "Execute error!");
}

TEST(ring_action_pulse_with_sms_confirmation)
{
	t_setup("DC");
	t_sms(BOSS, "RINGACTION=PULSE3");
	t_clear();
	t_ring(BOSS);
	assert_int_equal(fk.nrejects, 1);
	assert_true(t_relay(3));
	assert_string_equal(t_reply(BOSS), "PULSE3 - OK");
	t_run(5000);
	assert_true(!t_relay(3));
}

TEST(ring_action_callback_confirmation)
{
	t_setup("DC");
	t_sms(BOSS, "RINGACTION=ON5");
	t_sms(BOSS, "CALLCONFIRM=CALL");
	t_clear();
	t_ring(BOSS);
	t_run(2000);
	assert_true(t_relay(5));
	assert_int_equal(fk.nrejects, 1);
	assert_int_equal(fk.ncalls, 1);
	assert_string_equal(fk.called[0], BOSS);
	assert_true(t_reply(NULL) == NULL);
}

TEST(ring_unauthorised_is_rejected_without_action)
{
	t_setup("DC");
	t_sms(BOSS, "RINGACTION=ON5");
	t_clear();
	t_ring("+37061111111");
	assert_int_equal(fk.nrejects, 1);
	assert_true(!t_relay(5));
	assert_true(t_reply(NULL) == NULL);
}
