/*
 * test_backup.c - the backup-limitation table (Configuration Guide 3.4) for
 * all 12 combinations of BACKUPLIMIT x 12 V x AC, each of the seven rows
 * probed through its real function, and the notes under the table.
 * The expectations are written out here independently of the firmware.
 */
#include <stdio.h>

#include "harness.h"
#include "test.h"

enum {
	ROW_ALARM,
	ROW_RELAY,
	ROW_ALARM_RELAY,
	ROW_THERMO,
	ROW_TEMP_SIGN,
	ROW_SCHED_RELAY,
	ROW_SCHED_INPUT,
	ROWS
};

struct combo {
	const char *bl;
	bool dc, ac;
	const char *limited; /* one char per row: L limited, N no limitation */
};

static const struct combo combos[12] = {
	{ "DC", false, true, "LLLLNLL" },   /* Option 1 */
	{ "DC", false, false, "LLLLNLL" },  /* Option 1 */
	{ "OFF", false, true, "NLLLNLN" },  /* Option 2 */
	{ "OFF", false, false, "NLLLNLN" }, /* Option 2 */
	{ "AC", true, false, "NLNLNLN" },   /* Option 3 */
	{ "DC", true, true, "NNNNNNN" },    /* Option 4 */
	{ "DC", true, false, "NNNNNNN" },   /* Option 4 */
	{ "OFF", true, true, "NNNNNNN" },   /* Option 4 */
	{ "OFF", true, false, "NNNNNNN" },  /* Option 4 */
	{ "AC", false, true, "NLLLNLN" },   /* Abnormal case */
	{ "AC", true, true, "NNNNNNN" },    /* derived: nothing failed */
	{ "AC", false, false, "NLLLNLN" },  /* derived: as the Abnormal case */
};

/* Clock to 09:59:30 and tasks at 10:00 for the scheduler rows. */
static void prepare(const struct combo *c)
{
	t_setup(c->bl);
	t_sms(BOSS, "INRELAYS1=2");
	t_sms(BOSS, "ALARM1=ON");
	t_sms(BOSS, "SC10:00,*,SIGN");
	t_sms(BOSS, "SC10:00,*,ONR3");
	t_sms(BOSS, "SC10:00,*,AON4");
	t_sms_ts(BOSS, "SIGNALREPORT", "26/11/21,09:59:30+08");
	t_clear();
	t_power(c->dc, c->ac);
	t_clear();
}

static bool refused(const char *cmd)
{
	t_sms(BOSS, cmd);
	const char *r = t_reply(BOSS);
	return r && !strcmp(r, FW_REFUSAL);
}

static void check_combo(int i)
{
	const struct combo *c = &combos[i];
	bool lim[ROWS];
	prepare(c);
	/* Alarm Function and inputs: enable by SMS, input status by SMS. */
	lim[ROW_ALARM] = refused("AON5");
	assert_int_equal(refused("ISTAT"), lim[ROW_ALARM]);
	/* Relay switching by SMS. */
	lim[ROW_RELAY] = refused("ON1");
	/* Relay switching by the Alarm Function: IN1 ties relay 2. */
	fk.in[0] = true;
	t_run(200);
	lim[ROW_ALARM_RELAY] = !t_relay(2);
	/* Thermostat enable by SMS. */
	lim[ROW_THERMO] = refused("TON6");
	t_clear();
	/* Scheduler at 10:00. */
	t_run(40000);
	const char *sign = t_reply(ALERTNUM);
	lim[ROW_TEMP_SIGN] = !(sign && !strncmp(sign, "Signal: ", 8));
	lim[ROW_SCHED_RELAY] = !t_relay(3);
	lim[ROW_SCHED_INPUT] = !fwt.set.in_alarm[3];
	for (int r = 0; r < ROWS; r++)
		if (lim[r] != (c->limited[r] == 'L'))
			test_fail_at(__FILE__, __LINE__, "BACKUPLIMIT=%s 12V=%s AC=%s row %d: expected %s, got %s",
				     c->bl, c->dc ? "OK" : "failed", c->ac ? "OK" : "failed", r,
				     c->limited[r] == 'L' ? "limited" : "no limitation",
				     lim[r] ? "limited" : "no limitation");
}

TEST(backup_option1_dc_failed_ac_ok) { check_combo(0); }
TEST(backup_option1_dc_failed_ac_failed) { check_combo(1); }
TEST(backup_option2_dc_failed_ac_ok) { check_combo(2); }
TEST(backup_option2_dc_failed_ac_failed) { check_combo(3); }
TEST(backup_option3_ac_failed) { check_combo(4); }
TEST(backup_option4_dc_all_ok) { check_combo(5); }
TEST(backup_option4_dc_ac_failed) { check_combo(6); }
TEST(backup_option4_off_all_ok) { check_combo(7); }
TEST(backup_option4_off_ac_failed) { check_combo(8); }
TEST(backup_abnormal_ac_dc_failed) { check_combo(9); }
TEST(backup_derived_ac_all_ok) { check_combo(10); }
TEST(backup_derived_ac_both_failed) { check_combo(11); }

TEST(backup_refusal_text_is_exact)
{
	t_setup("DC");
	t_power(false, true);
	t_sms(BOSS, "ON1");
	assert_string_equal(t_reply(BOSS), "The function is not available now! The device is working in limited backup mode");
}

TEST(backup_all_relays_released_when_12v_fails)
{
	const char *bls[] = { "DC", "AC", "OFF" };
	for (int b = 0; b < 3; b++) {
		t_setup(bls[b]);
		t_sms(BOSS, "ONALL");
		assert_int_equal(fk.relays, 0x7f);
		t_power(false, true);
		assert_int_equal(fk.relays, 0);
	}
}

TEST(backup_power_resume_modes)
{
	t_setup("DC");
	t_sms(BOSS, "POWERSTATE1=REMEMBER");
	t_sms(BOSS, "POWERSTATE2=ON");
	t_sms(BOSS, "POWERSTATE3=OFF");
	t_sms(BOSS, "ON1");
	t_sms(BOSS, "ON3");
	t_power(false, true);
	assert_int_equal(fk.relays, 0);
	t_power(true, true);
	assert_true(t_relay(1));  /* remembered */
	assert_true(t_relay(2));  /* ON */
	assert_true(!t_relay(3)); /* OFF */
}

/* A relay in a timed action resumes in the state that action ends in, at
 * 12 V return and at power-up, never in its temporary state. */
TEST(backup_timed_relays_resume_final_state)
{
	t_setup("OFF");
	t_sms(BOSS, "ON2");
	t_sms(BOSS, "ON3");
	t_sms(BOSS, "PULSE1");   /* on, ends off */
	t_sms(BOSS, "PULSE2");   /* off, ends on */
	t_sms(BOSS, "RESTART3"); /* off, ends on */
	assert_int_equal(fk.relays, 0x01);
	t_power(false, true);
	assert_int_equal(fk.relays, 0);
	t_power(true, true);
	assert_int_equal(fk.relays, 0x06);
	t_run(30000);
	assert_int_equal(fk.relays, 0x06);
	t_sms(BOSS, "PULSE1");
	t_sms(BOSS, "PULSE2");
	assert_int_equal(fk.relays, 0x05);
	t_reboot(); /* power lost during the pulses */
	assert_int_equal(fk.relays, 0x06);
}

TEST(backup_missed_task_not_run_later)
{
	t_setup("DC");
	t_sms(BOSS, "SC10:00,*,ONR1");
	t_sms_ts(BOSS, "SIGNALREPORT", "26/11/21,09:59:30+08");
	t_power(false, true);
	t_run(60000); /* 10:00 passes in backup mode */
	t_power(true, true);
	t_run(120000);
	assert_true(!t_relay(1));
}

TEST(backup_thermostat_back_to_normal_when_backup_ends)
{
	t_setup("DC");
	fk.temp_status[0] = HAL_TEMP_OK;
	fk.temp[0] = 150;
	t_sms(BOSS, "TSENSOR1=1");
	t_sms(BOSS, "TTEMP1=20");
	t_sms(BOSS, "TON1");
	t_run(FW_TEMP_PERIOD_MS);
	assert_true(t_relay(1)); /* heating below 20 C */
	t_power(false, true);
	assert_true(!t_relay(1));
	fk.temp[0] = 100;
	t_run(30000);
	assert_true(!t_relay(1)); /* no switching in backup mode */
	t_power(true, true);
	assert_true(t_relay(1)); /* back to normal at once */
}

TEST(backup_scheduler_edits_accepted)
{
	t_setup("DC");
	t_power(false, true);
	t_sms(BOSS, "SC12:00,*,ONR2");
	assert_string_equal(t_reply(BOSS), "SC12:00,*,ONR2 - OK");
	t_sms(BOSS, "SCHEDULER-12:00");
	assert_string_equal(t_reply(BOSS), "SCHEDULER-12:00 - OK");
}

TEST(backup_limit_ac_refused_without_sensor)
{
	t_boot();
	fk.ac_sensor = false;
	t_sms(BOSS, "MAKEMEBOSS");
	t_clear();
	t_sms(BOSS, "BACKUPLIMIT=AC");
	assert_string_equal(t_reply(BOSS), "Incorrect value!");
}

TEST(backup_ring_action_limited)
{
	t_setup("OFF");
	t_sms(BOSS, "RINGACTION=ON1");
	t_power(false, true);
	t_clear();
	t_ring(BOSS);
	assert_true(!t_relay(1));
	assert_string_equal(t_reply(BOSS), FW_REFUSAL);
}

TEST(backup_power_alerts)
{
	t_setup("DC");
	t_sms(BOSS, "ACALERT=ON");
	t_sms(BOSS, "BATALERT=50,20");
	t_clear();
	t_power(false, true);
	assert_string_equal(t_reply(ALERTNUM), "Main power (12V DC) failed!");
	fk.battery = 45;
	t_run(100);
	assert_string_equal(t_reply(ALERTNUM), "Backup battery low: 45%");
	fk.battery = 44;
	t_run(100);
	assert_true(t_reply(ALERTNUM) == NULL);
	t_power(true, false);
	assert_string_equal(t_reply(ALERTNUM), "Main power (12V DC) restored");
	assert_string_equal(t_reply(ALERTNUM), "AC power failed!");
}

TEST(backup_thermostat_does_not_switch_under_option3)
{
	t_setup("AC");
	fk.temp_status[0] = HAL_TEMP_OK;
	fk.temp[0] = 250;
	t_sms(BOSS, "TSENSOR2=1");
	t_sms(BOSS, "TTEMP2=20");
	t_sms(BOSS, "TON2");
	t_run(FW_TEMP_PERIOD_MS);
	assert_true(!t_relay(2)); /* warm enough: heating off */
	t_power(true, false);     /* AC fails, 12 V stays */
	fk.temp[0] = 100;
	t_run(3 * FW_TEMP_PERIOD_MS);
	assert_true(!t_relay(2));
	t_power(true, true);
	assert_true(t_relay(2));
}
