/*
 * fuzz_store.c - libFuzzer target for the settings loader (make fuzz).
 *
 * Input: 4 bytes of scenario, then the store.
 *   byte 0  bit 0: raw store (the bytes are the whole page, header included;
 *                  reaches the blank/corrupt paths); otherwise the bytes are
 *                  the record and the harness writes a valid header and
 *                  checksum in front, so the loader's field checks are reached
 *           bit 1: a model without the AC sensor
 *           bit 2: 12 V fails and returns during the run
 *           bit 3: every alarm input gets voltage, then loses it
 *           bit 4: five sensors read byte 1 (degrees, signed)
 *           bit 5: sensor (byte 1 % 5) fails
 *           bit 6: a USB WRITE security at the end (must lift any SMS lock)
 *   byte 1  temperature; bytes 2, 3: clock hour and minute when no task is set
 *   bytes 4..4+sizeof(struct settings): the record; the rest: one SMS text.
 * The unit boots on the store and is driven through its HAL: SMS (STATUS,
 * the text, SIGNALREPORT setting the clock before a stored task), a call,
 * scheduler time passing, supply and input changes, a USB READ of every tab.
 * Besides the sanitizers, these must hold (else abort, a finding):
 *   - what the loader leaves in RAM validates cleanly (no field left bad);
 *   - a corrupt store, or a repaired security field, locks SMS management,
 *     and a locked unit confirms no SMS command and changes no number;
 *   - the fixed-up record is never reported corrupt or blank;
 *   - READ output is printable ASCII lines;
 *   - any record the unit saved loads back as NVSTATUS=OK.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_hal.h"

#define HDR 12u /* magic, version, size, checksum */
#define REC sizeof(struct settings)

static uint32_t fnv1a(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static void put_record(const uint8_t *rec)
{
	uint32_t magic = 0x31525349u, sum = fnv1a(rec, REC);
	uint16_t version = 1, size = REC;
	memcpy(fz.nv + 0, &magic, 4);
	memcpy(fz.nv + 4, &version, 2);
	memcpy(fz.nv + 6, &size, 2);
	memcpy(fz.nv + 8, &sum, 4);
	memcpy(fz.nv + HDR, rec, REC);
}

static void check_loaded(bool raw)
{
	static struct settings copy, d;
	uint8_t rep[SET_REPAIR_BYTES] = { 0 };
	copy = fzw.set;
	settings_defaults(&d);
	if (settings_repair(&copy, &d, rep) != 0)
		fz_fail("the loader left an invalid field");
	if (fzw.nv_status > NV_CORRUPT)
		fz_fail("unknown store status");
	if (fzw.nv_status == NV_CORRUPT && !fzw.set.sms_locked)
		fz_fail("a corrupt store left SMS management open");
	if (!raw && (fzw.nv_status == NV_CORRUPT || fzw.nv_status == NV_BLANK))
		fz_fail("a record with a valid checksum was not loaded");
}

static void check_usb_text(void)
{
	for (size_t i = 0; i < fz.usb_out_len; i++) {
		unsigned char c = (unsigned char)fz.usb_out[i];
		if ((c < 0x20 || c > 0x7e) && c != '\r' && c != '\n')
			fz_fail("READ wrote a byte that is not printable ASCII");
	}
}

/* A timestamp 30 s before task t's minute, on a day it runs. */
static void task_ts(const struct task *t, char *ts, size_t n)
{
	unsigned m = (t->hh % 24u) * 60u + t->mm % 60u + 1439u; /* minute before */
	unsigned day = t->day >= 1 && t->day <= 7 ? t->day : 6; /* 2026-11-16 is a Monday */
	if (m < 1440u)
		day = day == 1 ? 7 : day - 1; /* the minute before midnight */
	m %= 1440u;
	snprintf(ts, n, "26/11/%02u,%02u:%02u:30+08", 15u + day, m / 60u, m % 60u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t rec[REC];
	char from[SET_NUMBER_LEN + 1], text[ATC_TEXT_MAX + 1], ts[32];
	char nums_before[SET_NUMBERS][SET_NUMBER_LEN + 1];
	if (size < 4)
		return 0;
	uint8_t flags = data[0];
	int8_t temp = (int8_t)data[1];
	bool raw = flags & 1u;
	const uint8_t *body = data + 4;
	size_t blen = size - 4;

	fz_world();
	fz.ac_sensor = !(flags & 2u);
	if (raw) {
		memcpy(fz.nv, body, blen < HAL_NV_SIZE ? blen : HAL_NV_SIZE);
	} else {
		memset(rec, 0, REC);
		memcpy(rec, body, blen < REC ? blen : REC);
		put_record(rec);
	}
	if (flags & 16u)
		for (int s = 0; s < HAL_SENSORS; s++) {
			fz.temp_status[s] = HAL_TEMP_OK;
			fz.temp[s] = (int16_t)(temp * 10);
		}
	if (flags & 32u)
		fz.temp_status[(uint8_t)temp % HAL_SENSORS] = HAL_TEMP_FAILED;

	fz_boot();
	check_loaded(raw);
	bool locked = fzw.set.sms_locked;
	memcpy(nums_before, fzw.set.numbers, sizeof(nums_before));
	int confirms = fz.nconfirm;

	/* SMS from the first stored number (or any), with the password. */
	snprintf(from, sizeof(from), "%s", fzw.set.numbers[0][0] ? fzw.set.numbers[0] : "+37060000001");
	snprintf(text, sizeof(text), "%sSTATUS", fzw.set.password);
	fz_sms(from, text, "26/11/21,10:00:00+08");
	if (!raw && blen > REC) {
		size_t n = blen - REC < ATC_TEXT_MAX ? blen - REC : ATC_TEXT_MAX;
		for (size_t i = 0; i < n; i++) /* one line of text, as an SMS body arrives */
			text[i] = body[REC + i] == '\r' || body[REC + i] == '\n' || !body[REC + i] ? ' ' : (char)body[REC + i];
		text[n] = '\0';
		fz_sms(from, text, "26/11/21,10:00:00+08");
	}
	fz_ring(from);
	fz_run(2000);
	if (locked && (fz.nconfirm != confirms ||
		       memcmp(nums_before, fzw.set.numbers, sizeof(nums_before))))
		fz_fail("a locked unit obeyed an SMS or a call");

	/* Scheduler: set the clock just before the first and the last task. */
	int first = -1, last = -1;
	for (int i = 0; i < SET_TASKS; i++)
		if (fzw.set.tasks[i].used) {
			if (first < 0)
				first = i;
			last = i;
		}
	for (int k = 0; k < 2; k++) {
		int i = k ? last : first;
		if (i >= 0)
			task_ts(&fzw.set.tasks[i], ts, sizeof(ts));
		else
			snprintf(ts, sizeof(ts), "26/11/21,%02u:%02u:30+08", data[2] % 24u, data[3] % 60u);
		snprintf(text, sizeof(text), "%sSIGNALREPORT", fzw.set.password);
		fz_sms(from, text, ts);
		fz_run(70000);
		if (first == last)
			break;
	}

	if (flags & 4u) {
		fz.dc = false;
		fz_run(5000);
		fz.dc = true;
		fz_run(5000);
	}
	if (flags & 8u) {
		for (int i = 0; i < HAL_INPUTS; i++)
			fz.in[i] = true;
		fz_run(3000);
		for (int i = 0; i < HAL_INPUTS; i++)
			fz.in[i] = false;
		fz_run(3000);
	}

	/* USB: every tab. */
	fz.usb = true;
	fz_run(100);
	for (int t = 0; t < TAB_COUNT; t++) {
		char line[32];
		snprintf(line, sizeof(line), "READ %s", tab_names[t]);
		fz_usb(line);
		check_usb_text();
		if (fz.usb_out_len < 4 || strcmp(fz.usb_out + fz.usb_out_len - 4, "OK\r\n"))
			fz_fail("READ did not end in OK");
	}
	if (flags & 64u) {
		fz_usb("WRITE security");
		fz_usb("NUM1=+37060000001");
		if (strcmp(fz_usb("END"), "OK\r\n") || fzw.set.sms_locked)
			fz_fail("WRITE security did not lift the lock");
	}
	fz.usb = false;
	fz_run(100);

	/* Whatever the unit saved loads back clean. */
	if (fz.nsaves) {
		fz_boot();
		if (fzw.nv_status != NV_OK)
			fz_fail("a record the unit saved did not load back as OK");
		check_loaded(raw);
	}
	return 0;
}

#ifdef FUZZ_SEEDS
/* Write seed inputs into the directory argv[1]: factory defaults and a
 * configured unit, each as a fixed-up record and as a raw page. */
static void seed(const char *dir, const char *name, uint8_t flags, const struct settings *s, bool raw)
{
	char path[512];
	uint8_t page[4 + HAL_NV_SIZE];
	size_t n;
	memset(page, 0xff, sizeof(page));
	page[0] = flags;
	page[1] = 21;
	page[2] = 10;
	page[3] = 0;
	if (raw) {
		fz_world();
		put_record((const uint8_t *)s);
		memcpy(page + 4, fz.nv, HAL_NV_SIZE);
		n = 4 + HDR + REC;
	} else {
		memcpy(page + 4, s, REC);
		memcpy(page + 4 + REC, "ON1", 3);
		n = 4 + REC + 3;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(page, 1, n, f) != n || fclose(f))
		exit(1);
}

static void set(struct settings *s, const char *kv)
{
	const char *eq = strchr(kv, '=');
	unsigned idx;
	const struct key_def *k = settings_find(kv, (size_t)(eq - kv), &idx);
	if (!k || settings_set(s, k, idx, eq + 1, strlen(eq + 1)) != SET_OK) {
		fprintf(stderr, "seed: bad %s\n", kv);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static const char *const conf[] = {
		"NUM1=+37060000001",
		"ALERT1=+37060000009",
		"PASSWORD=ab12Z",
		"RENEWPASSWORD=RENEW",
		"BATALERT=50,20",
		"RINGACTION=PULSE3",
		"CALLCONFIRM=CALL",
		"TEMPHIGH1=25.5",
		"TEMPLOW2=-5",
		"TSENSOR1=1",
		"THERMO1=ON",
		"TALERT1=ON",
		"TSENSOR2=5",
		"TMODE2=COOL",
		"THERMO2=ON",
		"SENSORALERT=ON",
		"BACKUPLIMIT=AC",
		"TASK1=10:00,*,ONR1",
		"TASK2=10:01,3,PULR7",
		"TASK3=23:59,7,AON6",
		"TASK4=00:00,*,TEMP",
		"INALIAS1=Door",
		"INTYPE2=NC",
		"INRELAYS1=1,7",
		"INTIME1=3600",
		"INALERT3=CALL",
		"ALARM1=ON",
		"ALARM2=ON",
		"POWERSTATE1=ON",
		"POWERSTATE7=OFF",
		"ALIAS1=Heater",
		NULL,
	};
	struct settings s;
	if (argc != 2)
		return 2;
	fz_world();
	settings_defaults(&s);
	seed(argv[1], "defaults", 0x10, &s, false);
	seed(argv[1], "defaults-raw", 0x11, &s, true);
	for (int i = 0; conf[i]; i++)
		set(&s, conf[i]);
	seed(argv[1], "configured", 0x1c, &s, false);
	seed(argv[1], "configured-raw", 0x5d, &s, true);
	return 0;
}
#endif
