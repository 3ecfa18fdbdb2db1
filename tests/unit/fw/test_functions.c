/* test_functions.c - scheduler actions, thermostat, temperature alerts,
 * Alarm Function, settings store and the USB tabs. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "test.h"

static void at_0959(void)
{
	t_sms_ts(BOSS, "SIGNALREPORT", "26/11/21,09:59:30+08");
	t_clear();
}

static void task(const char *spec)
{
	char cmd[48];
	snprintf(cmd, sizeof(cmd), "SC%s", spec);
	t_sms(BOSS, cmd);
}

TEST(sched_relay_actions)
{
	t_setup("DC");
	t_sms(BOSS, "ON2");
	task("10:00,*,ONR1");
	task("10:00,*,OFFR2");
	task("10:00,*,PULR3");
	task("10:01,*,TON4");
	task("10:01,*,RSTAT");
	at_0959();
	t_run(31000);
	assert_true(t_relay(1));
	assert_true(!t_relay(2));
	assert_true(t_relay(3));
	t_run(4000);
	assert_true(!t_relay(3)); /* the pulse ended */
	t_run(60000);
	assert_true(fwt.set.th_on[3]);
	assert_string_equal(t_reply(ALERTNUM), "R1=ON R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF");
	task("10:02,*,TOFF4");
	t_run(60000);
	assert_true(!fwt.set.th_on[3]);
}

TEST(sched_report_and_input_actions)
{
	t_setup("DC");
	task("10:00,*,TEMP");
	task("10:00,*,AON2");
	task("10:01,*,AONALL");
	task("10:02,*,AOFF2");
	task("10:03,*,ISTAT");
	task("10:04,*,AOFFALL");
	at_0959();
	fk.temp_status[0] = HAL_TEMP_OK;
	fk.temp[0] = 215;
	t_run(31000);
	assert_string_equal(t_reply(ALERTNUM), "T1=21.5C");
	assert_true(fwt.set.in_alarm[1]);
	t_run(60000);
	for (int i = 0; i < HAL_INPUTS; i++)
		assert_true(fwt.set.in_alarm[i]);
	t_run(60000);
	assert_true(!fwt.set.in_alarm[1]);
	t_run(60000);
	assert_string_equal(t_reply(ALERTNUM), "IN1=OK,ON IN2=OK,OFF IN3=OK,ON IN4=OK,ON IN5=OK,ON IN6=OK,ON");
	t_run(60000);
	for (int i = 0; i < HAL_INPUTS; i++)
		assert_true(!fwt.set.in_alarm[i]);
}

TEST(sched_day_of_week)
{
	/* 2026-11-21 is a Saturday (6). */
	t_setup("DC");
	task("10:00,5,ONR1");
	task("10:00,6,ONR2");
	at_0959();
	t_run(60000);
	assert_true(!t_relay(1));
	assert_true(t_relay(2));
}

TEST(sched_runs_every_day_and_not_before_clock_set)
{
	t_setup("DC");
	task("10:00,*,PULR1");
	t_run(86400000u);
	assert_int_equal(fk.relay_changed[0], 0); /* clock not set: no tasks */
	at_0959();
	t_run(60000);
	uint64_t first = fk.relay_changed[0];
	assert_true(first > 0);
	t_run(86400000u);
	assert_int_equal(fk.relay_changed[0] - first, 86400000u); /* same time next day */
}

TEST(thermostat_heating_and_switch_off_alert)
{
	t_setup("DC");
	fk.temp_status[1] = HAL_TEMP_OK;
	fk.temp[1] = 80;
	t_sms(BOSS, "TSENSOR1=2");
	t_sms(BOSS, "TTEMP1=10");
	t_sms(BOSS, "TALERT1=ON");
	t_sms(BOSS, "TON1");
	t_clear();
	t_run(FW_TEMP_PERIOD_MS);
	assert_true(t_relay(1));
	fk.temp[1] = 100;
	t_run(FW_TEMP_PERIOD_MS);
	assert_true(!t_relay(1));
	assert_string_equal(t_reply(ALERTNUM), "Thermostat switched off R1 at 10.0C");
	fk.temp[1] = 99;
	t_run(FW_TEMP_PERIOD_MS);
	assert_true(t_relay(1));
}

TEST(thermostat_cooling)
{
	t_setup("DC");
	fk.temp_status[0] = HAL_TEMP_OK;
	fk.temp[0] = 300;
	t_sms(BOSS, "TSENSOR5=1");
	t_sms(BOSS, "TMODE5=COOL");
	t_sms(BOSS, "TTEMP5=25");
	t_sms(BOSS, "TON5");
	t_run(FW_TEMP_PERIOD_MS);
	assert_true(t_relay(5));
	fk.temp[0] = 250;
	t_run(FW_TEMP_PERIOD_MS);
	assert_true(!t_relay(5));
	assert_true(t_reply(ALERTNUM) == NULL); /* TALERT5 is OFF */
}

TEST(temperature_rise_fall_every_crossing_with_hysteresis)
{
	t_setup("DC");
	fk.temp_status[0] = HAL_TEMP_OK;
	fk.temp[0] = 200;
	t_sms(BOSS, "TEMPHIGH1=25");
	t_sms(BOSS, "TEMPLOW1=10");
	t_run(FW_TEMP_PERIOD_MS);
	t_clear();
	fk.temp[0] = 256;
	t_run(FW_TEMP_PERIOD_MS);
	assert_string_equal(t_reply(ALERTNUM), "Temperature rise alert: T1=25.6C");
	fk.temp[0] = 248; /* within the hysteresis: no re-arm */
	t_run(FW_TEMP_PERIOD_MS);
	fk.temp[0] = 260;
	t_run(FW_TEMP_PERIOD_MS);
	assert_true(t_reply(ALERTNUM) == NULL);
	fk.temp[0] = 240; /* re-armed */
	t_run(FW_TEMP_PERIOD_MS);
	fk.temp[0] = 251;
	t_run(FW_TEMP_PERIOD_MS);
	assert_string_equal(t_reply(ALERTNUM), "Temperature rise alert: T1=25.1C");
	fk.temp[0] = 95;
	t_run(FW_TEMP_PERIOD_MS);
	assert_string_equal(t_reply(ALERTNUM), "Temperature fall alert: T1=9.5C");
}

TEST(sensor_failure_one_alert_disables_thermostat)
{
	t_setup("DC");
	fk.temp_status[2] = HAL_TEMP_OK;
	fk.temp[2] = 50;
	t_sms(BOSS, "TSENSOR2=3");
	t_sms(BOSS, "SENSORALERT=ON");
	t_sms(BOSS, "TON2");
	t_run(FW_TEMP_PERIOD_MS);
	assert_true(t_relay(2));
	t_clear();
	fk.temp_status[2] = HAL_TEMP_FAILED;
	t_run(5 * FW_TEMP_PERIOD_MS);
	assert_string_equal(t_reply(ALERTNUM), "Temperature sensor T3 failed! Thermostat disabled");
	assert_true(t_reply(ALERTNUM) == NULL); /* only one */
	assert_true(!fwt.set.th_on[1]);
	/* re-enabled by SMS once the sensor works again */
	fk.temp_status[2] = HAL_TEMP_OK;
	t_sms(BOSS, "TON2");
	assert_string_equal(t_reply(BOSS), "TON2 - OK");
	assert_true(fwt.set.th_on[1]);
}

TEST(alarm_normally_open_input_drives_relay_for_time)
{
	t_setup("DC");
	t_sms(BOSS, "INALIAS1=Door");
	t_sms(BOSS, "INRELAYS1=1,7");
	t_sms(BOSS, "INTIME1=30");
	t_sms(BOSS, "ON7"); /* on before: off afterwards */
	t_sms(BOSS, "AON1");
	assert_string_equal(t_reply(BOSS), "INALIAS1=DOOR - OK");
	t_clear();
	fk.in[0] = true;
	t_run(100);
	assert_true(t_relay(1) && t_relay(7));
	assert_string_equal(t_reply(ALERTNUM), "Alarm! IN1 (Door)");
	t_run(30000);
	assert_true(!t_relay(1));
	assert_true(!t_relay(7));
}

TEST(alarm_normally_closed_input)
{
	t_setup("DC");
	fk.in[2] = true; /* closed loop: voltage present when normal */
	t_sms(BOSS, "INTYPE3=NC");
	t_sms(BOSS, "AON3");
	t_clear();
	t_run(1000);
	assert_true(t_reply(ALERTNUM) == NULL);
	fk.in[2] = false;
	t_run(100);
	assert_string_equal(t_reply(ALERTNUM), "Alarm! IN3");
}

TEST(alarm_debounce_ignores_glitch_and_disabled_input)
{
	t_setup("DC");
	t_sms(BOSS, "AON1");
	t_clear();
	fk.in[0] = true;
	t_run(20);
	fk.in[0] = false;
	t_run(200);
	assert_true(t_reply(ALERTNUM) == NULL);
	fk.in[1] = true; /* Alarm Function off on IN2 */
	t_run(200);
	assert_true(t_reply(ALERTNUM) == NULL);
}

TEST(alarm_call_alert)
{
	t_setup("DC");
	t_sms(BOSS, "INALERT1=CALL");
	t_sms(BOSS, "AON1");
	fk.in[0] = true;
	t_run(2000);
	assert_int_equal(fk.ncalls, 1);
	assert_string_equal(fk.called[0], ALERTNUM);
}

TEST(settings_survive_restart)
{
	t_setup("OFF");
	t_sms(BOSS, "ALIAS2=Pump");
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_OK);
	assert_int_equal(fwt.set.backup_limit, BL_OFF);
	assert_string_equal(fwt.set.alias[1], "Pump");
}

TEST(settings_corrupt_store_falls_back_to_defaults)
{
	t_setup("OFF");
	fk.nv[20] ^= 0x40;
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_CORRUPT);
	assert_int_equal(fwt.set.backup_limit, BL_DC);
	fk.usb = true;
	assert_true(strstr(t_usb("READ info"), "NVSTATUS=CORRUPT\r\n") != NULL);
}

TEST(settings_store_write_failure_is_execute_error)
{
	t_setup("DC");
	fk.nv_fail = true;
	t_sms(BOSS, "PULSETIME=9");
	assert_string_equal(t_reply(BOSS), "Execute error!");
}

TEST(usb_read_write_tab)
{
	t_setup("OFF");
	fk.usb = true;
	const char *r = t_usb("READ backup");
	assert_string_equal(r, "BACKUPLIMIT=OFF\r\nOK\r\n");
	t_usb("WRITE backup");
	t_usb("BACKUPLIMIT=AC");
	assert_string_equal(t_usb("END"), "OK\r\n");
	assert_int_equal(fwt.set.backup_limit, BL_AC);
}

TEST(usb_write_replaces_whole_tab)
{
	t_setup("DC");
	t_sms(BOSS, "PULSETIME=9");
	t_sms(BOSS, "RESTARTTIME=8");
	fk.usb = true;
	t_usb("WRITE ring");
	t_usb("PULSETIME=3");
	assert_string_equal(t_usb("END"), "OK\r\n");
	assert_int_equal(fwt.set.pulse_time, 3);
	assert_int_equal(fwt.set.restart_time, 5);     /* not given: default */
	assert_string_equal(fwt.set.numbers[0], BOSS); /* other tabs untouched */
}

TEST(usb_write_error_changes_nothing)
{
	t_setup("DC");
	fk.usb = true;
	t_usb("WRITE ring");
	t_usb("PULSETIME=3");
	t_usb("BACKUPLIMIT=OFF"); /* another tab's key */
	assert_string_equal(t_usb("END"), "ERROR line 2: unknown key\r\n");
	assert_int_equal(fwt.set.pulse_time, 4);
	assert_int_equal(fwt.set.backup_limit, BL_DC);
	t_usb("WRITE ring");
	t_usb("PULSETIME=abc");
	assert_string_equal(t_usb("END"), "ERROR line 1: bad value\r\n");
	assert_string_equal(t_usb("READ nosuch"), "ERROR unknown tab\r\n");
	assert_string_equal(t_usb("HELLO"), "ERROR unknown command\r\n");
	assert_string_equal(t_usb("WRITE info"), "ERROR tab info is read-only\r\n");
}

TEST(usb_unplug_abandons_write)
{
	t_setup("DC");
	fk.usb = true;
	t_usb("WRITE ring");
	t_usb("PULSETIME=3");
	fk.usb = false;
	t_run(10);
	fk.usb = true;
	assert_string_equal(t_usb("END"), "ERROR unknown command\r\n");
	assert_int_equal(fwt.set.pulse_time, 4);
}

TEST(usb_tabs_version_restart)
{
	t_setup("DC");
	fk.usb = true;
	const char *r = t_usb("TABS");
	assert_true(!strncmp(r, "security\r\nring\r\n", 16));
	assert_true(strstr(r, "info\r\nOK\r\n") != NULL);
	assert_string_equal(t_usb("VERSION"), "VERSION=" FW_HW_VERSION "," FW_VERSION "\r\nOK\r\n");
	t_sms(BOSS, "ON1"); /* ignored: USB attached */
	fk.usb = false;
	t_sms(BOSS, "ON1");
	fk.usb = true;
	assert_true(t_relay(1));
	t_usb("RESTART");
	assert_true(t_relay(1)); /* POWERSTATE=REMEMBER across the restart */
}

TEST(usb_overlong_line)
{
	char line[200];
	t_setup("DC");
	fk.usb = true;
	memset(line, 'X', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	assert_string_equal(t_usb(line), "ERROR line too long\r\n");
	assert_string_equal(t_usb("READ backup"), "BACKUPLIMIT=DC\r\nOK\r\n");
}

TEST(usb_every_tab_reads_back_what_it_wrote)
{
	t_setup("DC");
	fk.usb = true;
	for (int t = 0; t < TAB_INFO; t++) {
		char cmd[32], copy[8192];
		snprintf(cmd, sizeof(cmd), "READ %s", tab_names[t]);
		snprintf(copy, sizeof(copy), "%s", t_usb(cmd));
		snprintf(cmd, sizeof(cmd), "WRITE %s", tab_names[t]);
		t_usb(cmd);
		for (char *l = strtok(copy, "\r\n"); l; l = strtok(NULL, "\r\n"))
			if (strcmp(l, "OK"))
				t_usb(l);
		assert_string_equal(t_usb("END"), "OK\r\n");
	}
}

/* The network time from AT+CCLK? at start sets the clock; a module's RTC
 * reset value or an ERROR leaves it unset. */
TEST(clock_from_network_time_at_start)
{
	uint32_t now;
	t_setup("DC");
	task("10:01,*,ONR1");
	fk.cclk = "26/11/21,10:00:00+08";
	t_reboot();
	t_run(5000);
	assert_true(clock_now(&fwt, &now));
	t_run(60000);
	assert_true(t_relay(1));
	t_sms(BOSS, "OFF1");
	fk.cclk = "04/01/01,00:00:00+00";
	t_reboot();
	t_run(5000);
	assert_true(!clock_now(&fwt, &now));
	fk.cclk = "ERROR";
	t_reboot();
	t_run(10000);
	assert_true(!clock_now(&fwt, &now));
	t_run(86400000);
	assert_true(!t_relay(1));
	fk.cclk = NULL;
}

/* The alarm log: the last 10 alarms with the clock's time. */
TEST(alarm_log_last_ten_with_time)
{
	t_setup("DC");
	t_sms(BOSS, "INALIAS1=Door");
	t_sms(BOSS, "AON1");
	t_clear();
	t_sms(BOSS, "LOG?");
	assert_string_equal(t_reply(BOSS), "LOG=EMPTY");
	fk.in[0] = true;
	t_run(1000);
	fk.in[0] = false;
	t_run(1000);
	at_0959();
	for (int i = 0; i < 10; i++) {
		t_run(60000);
		fk.in[0] = true;
		t_run(1000);
		fk.in[0] = false;
		t_run(1000);
	}
	assert_int_equal(fwt.nlog, 10);
	t_clear();
	t_sms(BOSS, "LOG?");
	const char *r = t_reply(BOSS);
	assert_true(r != NULL);
	assert_true(strncmp(r, "2026-11-21 10:00:30 IN1 (Door); 2026-11-21 10:01:32 IN1 (Door);", 63) == 0);
	assert_true(strstr(r, "time not set") == NULL);
	fk.usb = true;
	const char *info = t_usb("READ info");
	assert_true(strstr(info, "LOG1=2026-11-21 10:00:30 IN1 (Door)\r\n") != NULL);
	assert_true(strstr(info, "LOG10=2026-11-21 10:09:48 IN1 (Door)\r\n") != NULL);
	assert_true(strstr(info, "LOG11") == NULL);
	fk.usb = false;
}
