/*
 * test_store.c - the settings loader against corrupt and hostile stores.
 *
 * A store is written here byte by byte in the documented layout (header:
 * magic "ISR1", version, size, FNV-1a checksum of the record; then the
 * record), so a record with out-of-range fields still passes the checksum
 * and reaches the loader's field validation.
 */
#include <stdio.h>

#include "harness.h"
#include "test.h"

#define OTHER "+37060000002"

static uint32_t fnv1a(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

/* Write s as the stored record with a valid header and checksum. */
static void put_store(const struct settings *s)
{
	uint32_t magic = 0x31525349u, sum = fnv1a(s, sizeof(*s));
	uint16_t version = 1, size = sizeof(*s);
	memcpy(fk.nv + 0, &magic, 4);
	memcpy(fk.nv + 4, &version, 2);
	memcpy(fk.nv + 6, &size, 2);
	memcpy(fk.nv + 8, &sum, 4);
	memcpy(fk.nv + 12, s, sizeof(*s));
}

/* A configured unit: BOSS on the list, an alert number, RINGACTION=ON2. */
static struct settings base(void)
{
	t_setup("DC");
	t_sms(BOSS, "RINGACTION=ON2");
	t_clear();
	return fwt.set;
}

static const char *info(void)
{
	static char buf[4096];
	fk.usb = true;
	snprintf(buf, sizeof(buf), "%s", t_usb("READ info"));
	fk.usb = false;
	t_run(100);
	return buf;
}

static bool has(const char *text, const char *line)
{
	char want[300];
	snprintf(want, sizeof(want), "%.256s\r\n", line);
	return strstr(text, want) != NULL;
}

/* Boot on the hostile record s; the unit must come up REPAIRED. */
static void boot_repaired(const struct settings *s, const char *list)
{
	char line[256];
	put_store(s);
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_REPAIRED);
	const char *i = info();
	assert_true(has(i, "NVSTATUS=REPAIRED"));
	snprintf(line, sizeof(line), "NVREPAIRED=%s", list);
	if (!has(i, line))
		test_fail_at(__FILE__, __LINE__, "expected %s in:\n%s", line, i);
}

TEST(store_valid_record_loads_ok)
{
	struct settings s = base();
	t_sms(BOSS, "SC10:00,*,ONR7");
	t_sms(BOSS, "SC23:59,7,AOFF6");
	t_sms(BOSS, "TEMPHIGH5=125");
	t_sms(BOSS, "TEMPLOW1=-55");
	t_sms(BOSS, "BATALERT=50,20,20,1");
	t_sms(BOSS, "INRELAYS6=1,7");
	t_sms(BOSS, "PASSWORD=ab12Z");
	s = fwt.set;
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_OK);
	assert_true(memcmp(&fwt.set, &s, sizeof(s)) == 0);
	const char *i = info();
	assert_true(has(i, "NVSTATUS=OK"));
	assert_true(has(i, "SMSLOCK=OFF"));
	assert_true(strstr(i, "NVREPAIRED") == NULL);
}

TEST(store_ring_relay_zero_is_repaired)
{
	struct settings s = base();
	s.ring_relay = 0;
	boot_repaired(&s, "RINGACTION");
	assert_int_equal(fwt.set.ring_kind, RA_NONE);
	assert_int_equal(fwt.set.ring_relay, 0);
	t_ring(BOSS);
	assert_int_equal(fk.relays, 0);
	assert_true(t_reply(BOSS) == NULL);
	/* the rest of the record is kept, and the unit still obeys its boss */
	assert_string_equal(fwt.set.numbers[0], BOSS);
	t_sms(BOSS, "ON1");
	assert_string_equal(t_reply(BOSS), "ON1 - OK");
}

TEST(store_ring_relay_eight_and_bad_kind_are_repaired)
{
	struct settings s = base();
	s.ring_relay = 8;
	boot_repaired(&s, "RINGACTION");
	t_ring(BOSS);
	assert_int_equal(fk.relays, 0);
	s.ring_relay = 255;
	boot_repaired(&s, "RINGACTION");
	s.ring_relay = 3;
	s.ring_kind = 5;
	boot_repaired(&s, "RINGACTION");
	t_ring(BOSS);
	assert_int_equal(fk.relays, 0);
	s.ring_kind = RA_NONE; /* NONE with a relay number is not a stored form */
	boot_repaired(&s, "RINGACTION");
}

TEST(store_task_fields_are_repaired)
{
	struct settings s = base();
	struct task ok = { 1, 10, 0, 0, TA_ONR, 1 };
	for (int i = 0; i < 8; i++)
		s.tasks[i] = ok;
	s.tasks[0].arg = 0; /* relay 0 */
	s.tasks[1].arg = 8; /* relay 8 */
	s.tasks[2].action = TA_AON;
	s.tasks[2].arg = 7; /* input 7 */
	s.tasks[3].action = TA_COUNT;
	s.tasks[4].hh = 24;
	s.tasks[5].mm = 60;
	s.tasks[6].day = 8;
	s.tasks[7].action = TA_TEMP; /* a report takes no argument */
	s.tasks[8].used = 0;
	s.tasks[8].hh = 3; /* an unused slot holds nothing */
	s.tasks[9].used = 2;
	boot_repaired(&s, "TASK1,TASK2,TASK3,TASK4,TASK5,TASK6,TASK7,TASK8,TASK9,TASK10");
	for (int i = 0; i < SET_TASKS; i++)
		assert_true(!fwt.set.tasks[i].used);
	t_sms_ts(BOSS, "SIGNALREPORT", "26/11/21,09:59:30+08");
	t_run(120000);
	assert_int_equal(fk.relays, 0);
}

TEST(store_thermostat_sensor_out_of_range_is_repaired)
{
	struct settings s = base();
	s.th_sensor[0] = 6;
	s.th_on[0] = 1;
	s.th_sensor[6] = 200;
	s.th_on[6] = 1;
	s.th_mode[2] = 2;
	s.th_temp[3] = 1251;
	s.th_alert[4] = 2;
	fk.temp_status[4] = HAL_TEMP_OK;
	fk.temp[4] = 100;
	boot_repaired(&s, "TSENSOR1,TSENSOR7,TMODE3,TTEMP4,TALERT5");
	assert_int_equal(fwt.set.th_sensor[0], 0);
	assert_int_equal(fwt.set.th_on[0], 1); /* a valid switch is kept, it has no sensor */
	t_run(30000);
	assert_int_equal(fk.relays, 0);
}

TEST(store_power_resume_enum_is_repaired)
{
	struct settings s = base();
	s.power_state[0] = PS_OFF + 1;
	s.power_state[6] = 0xff;
	boot_repaired(&s, "POWERSTATE1,POWERSTATE7");
	assert_int_equal(fwt.set.power_state[0], PS_REMEMBER);
	fk.usb = true;
	assert_true(strstr(t_usb("READ power"), "POWERSTATE1=REMEMBER\r\n") != NULL);
	fk.usb = false;
	t_sms(BOSS, "POWERSTATE1?");
	assert_string_equal(t_reply(BOSS), "POWERSTATE1=(REMEMBER),ON,OFF");
}

TEST(store_enums_switches_and_ranges_are_repaired)
{
	struct settings s = base();
	s.dc_alert = 2;
	s.mic_level = 11;
	s.pulse_time = 0;
	s.call_confirm = 3;
	s.error_replies = 0x80;
	s.temp_high[1] = 1300;
	s.temp_low[4] = -600;
	s.backup_limit = 3;
	s.in_type[0] = 2;
	s.in_relays[1] = 0x80;
	s.in_time[2] = 0;
	s.in_time[3] = 3601;
	s.in_alert[4] = 3;
	s.in_alarm[5] = 9;
	boot_repaired(&s, "DCALERT,MICLEVEL,PULSETIME,CALLCONFIRM,ERROR,TEMPHIGH2,TEMPLOW5,"
			  "BACKUPLIMIT,INTYPE1,INRELAYS2,INTIME3,INTIME4,INALERT5,ALARM6");
	assert_int_equal(fwt.set.dc_alert, 1);
	assert_int_equal(fwt.set.mic_level, 5);
	assert_int_equal(fwt.set.pulse_time, 4);
	assert_int_equal(fwt.set.backup_limit, BL_DC);
	assert_int_equal(fwt.set.in_time[2], 10);
	assert_int_equal(fwt.set.temp_high[1], SET_TEMP_OFF);
	/* fields that were valid are kept */
	assert_int_equal(fwt.set.ring_kind, RA_ON);
	assert_int_equal(fwt.set.ring_relay, 2);
}

TEST(store_backup_ac_without_sensor_is_repaired)
{
	struct settings s = base();
	s.backup_limit = BL_AC;
	put_store(&s);
	fk.ac_sensor = false;
	boot_repaired(&s, "BACKUPLIMIT");
	assert_int_equal(fwt.set.backup_limit, BL_DC);
}

TEST(store_battery_levels_are_repaired)
{
	struct settings s = base();
	uint8_t bad[][SET_BATLEVELS] = { { 100, 0, 0, 0 }, { 20, 50, 0, 0 }, { 50, 0, 20, 0 } };
	for (int i = 0; i < 3; i++) {
		memcpy(s.bat_levels, bad[i], SET_BATLEVELS);
		boot_repaired(&s, "BATALERT");
		assert_int_equal(fwt.set.bat_levels[0], 0);
	}
}

TEST(store_strings_are_repaired)
{
	struct settings s = base();
	memset(s.alias[0], 'A', sizeof(s.alias[0])); /* no NUL */
	snprintf(s.alias[1], sizeof(s.alias[1]), "a,b");
	s.in_alias[2][0] = '\x01';
	snprintf(s.alerts[1], sizeof(s.alerts[1]), "+3706000x001");
	snprintf(s.alerts[2], sizeof(s.alerts[2]), "12"); /* too short */
	memset(s.alerts[3], '1', sizeof(s.alerts[3]));
	snprintf(s.renew_password, sizeof(s.renew_password), "ab");
	boot_repaired(&s, "ALERT2,ALERT3,ALERT4,RENEWPASSWORD,INALIAS3,ALIAS1,ALIAS2");
	assert_string_equal(fwt.set.alias[0], "");
	assert_string_equal(fwt.set.alerts[0], ALERTNUM);
	assert_string_equal(fwt.set.alerts[1], "");
	/* security list untouched: not locked, the boss still manages */
	assert_int_equal(fwt.set.sms_locked, 0);
	t_sms(BOSS, "ON3");
	assert_string_equal(t_reply(BOSS), "ON3 - OK");
	fk.usb = true;
	assert_true(strstr(t_usb("READ aliases"), "ALIAS1=\r\n") != NULL);
	fk.usb = false;
}

/* A repair that touches who may manage the unit locks SMS management. */
TEST(store_bad_security_number_locks_sms)
{
	struct settings s = base();
	snprintf(s.numbers[0], sizeof(s.numbers[0]), "+3706O000001"); /* letter O */
	boot_repaired(&s, "NUM1");
	assert_true(has(info(), "SMSLOCK=ON"));
	assert_string_equal(fwt.set.numbers[0], "");
	/* the list is now empty, yet nobody may manage or claim the unit */
	t_sms(OTHER, "MAKEMEBOSS");
	t_sms(OTHER, "ON1");
	t_ring(OTHER);
	assert_int_equal(fk.relays, 0);
	assert_string_equal(fwt.set.numbers[0], "");
	assert_string_equal(t_reply(OTHER), "SMS locked: configure security over USB");
	t_clear();
	t_sms(OTHER, "STATUS");
	assert_string_equal(t_reply(OTHER), "Relays: 0000000; Inputs: ------; DC: OK; AC: OK; Battery: 100%; "
					    "Backup mode: OFF; SMS locked: configure security over USB");
}

TEST(store_bad_security_switch_or_password_locks_sms)
{
	struct settings s = base();
	s.security = 2;
	boot_repaired(&s, "SECURITY");
	assert_int_equal(fwt.set.sms_locked, 1);
	s.security = 1;
	snprintf(s.password, sizeof(s.password), "12 45");
	boot_repaired(&s, "PASSWORD");
	assert_int_equal(fwt.set.sms_locked, 1);
	t_sms(BOSS, "ON1");
	assert_int_equal(fk.relays, 0);
	assert_string_equal(t_reply(BOSS), "SMS locked: configure security over USB");
}

TEST(store_corrupt_checksum_locks_sms_until_usb_security)
{
	base();
	fk.nv[20] ^= 0x40;
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_CORRUPT);
	assert_int_equal(fwt.set.backup_limit, BL_DC); /* factory defaults */
	const char *i = info();
	assert_true(has(i, "NVSTATUS=CORRUPT"));
	assert_true(has(i, "SMSLOCK=ON"));
	/* an empty list no longer means anyone may manage */
	t_sms(OTHER, "MAKEMEBOSS");
	assert_string_equal(t_reply(OTHER), "SMS locked: configure security over USB");
	t_sms(OTHER, "ON1");
	t_sms(BOSS, "PULSETIME=9");
	assert_int_equal(fk.relays, 0);
	assert_int_equal(fwt.set.pulse_time, 4);
	assert_string_equal(fwt.set.numbers[0], "");
	t_clear();
	t_sms(OTHER, "STATUS");
	assert_string_equal(t_reply(OTHER), "Relays: 0000000; Inputs: ------; DC: OK; AC: OK; Battery: 100%; "
					    "Backup mode: OFF; SMS locked: configure security over USB");
	/* a restart does not lift it, nor does writing another tab */
	t_reboot();
	assert_true(has(info(), "SMSLOCK=ON"));
	fk.usb = true;
	t_usb("WRITE ring");
	assert_string_equal(t_usb("END"), "OK\r\n");
	fk.usb = false;
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_OK);
	assert_true(has(info(), "SMSLOCK=ON"));
	t_sms(OTHER, "ON1");
	assert_int_equal(fk.relays, 0);
	/* a USB WRITE of the security tab opens it */
	fk.usb = true;
	t_usb("WRITE security");
	t_usb("NUM1=" BOSS);
	assert_string_equal(t_usb("END"), "OK\r\n");
	fk.usb = false;
	assert_true(has(info(), "SMSLOCK=OFF"));
	t_sms(BOSS, "ON1");
	assert_string_equal(t_reply(BOSS), "ON1 - OK");
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_OK);
	assert_true(has(info(), "SMSLOCK=OFF"));
	assert_string_equal(fwt.set.numbers[0], BOSS);
}

TEST(store_wrong_version_size_or_zeroed_is_corrupt)
{
	struct settings s = base();
	put_store(&s);
	fk.nv[4] = 2; /* version */
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_CORRUPT);
	put_store(&s);
	fk.nv[6] ^= 1; /* size */
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_CORRUPT);
	memset(fk.nv, 0, sizeof(fk.nv));
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_CORRUPT);
	assert_int_equal(fwt.set.sms_locked, 1);
	/* erased but for one byte is not blank either */
	memset(fk.nv, 0xff, sizeof(fk.nv));
	fk.nv[100] = 0;
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_CORRUPT);
}

/* Factory-new: erased store, defaults, open to anyone (S08). */
TEST(store_blank_first_boot_is_open)
{
	t_boot();
	assert_int_equal(fwt.nv_status, NV_BLANK);
	const char *i = info();
	assert_true(has(i, "NVSTATUS=DEFAULTS"));
	assert_true(has(i, "SMSLOCK=OFF"));
	t_sms(OTHER, "ON1");
	assert_string_equal(t_reply(OTHER), "ON1 - OK");
	t_sms(OTHER, "STATUS");
	assert_string_equal(t_reply(OTHER), "Relays: 1000000; Inputs: ------; DC: OK; AC: OK; Battery: 100%; "
					    "Backup mode: OFF");
	/* the defaults were written: the next boot finds a valid store */
	t_reboot();
	assert_int_equal(fwt.nv_status, NV_OK);
}

/* The stored lock flag itself: any value but 0 keeps the unit locked. */
TEST(store_lock_flag_garbage_stays_locked)
{
	struct settings s = base();
	s.sms_locked = 7;
	put_store(&s);
	t_reboot();
	assert_int_equal(fwt.set.sms_locked, 1);
	t_sms(BOSS, "ON1");
	assert_int_equal(fk.relays, 0);
}

/* Every element of the key table can be reported by name. */
TEST(store_repair_list_names_every_element)
{
	struct settings s, d;
	uint8_t rep[SET_REPAIR_BYTES];
	char buf[4096];
	struct sb o;
	memset(&s, 0xee, sizeof(s));
	settings_defaults(&d);
	memset(rep, 0, sizeof(rep));
	fk.ac_sensor = true;
	unsigned n = settings_repair(&s, &d, rep);
	assert_true(n > 100);
	sb_init(&o, buf, sizeof(buf));
	settings_repaired_list(rep, &o);
	assert_true(strstr(buf, "SECURITY,NUM1,") == buf);
	assert_true(strstr(buf, ",ALIAS7") != NULL);
	/* a repaired record validates cleanly */
	memset(rep, 0, sizeof(rep));
	assert_int_equal(settings_repair(&s, &d, rep), 0);
}
