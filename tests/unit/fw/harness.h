/*
 * harness.h - drives the firmware core in unit tests: a fake HAL (clock,
 * supplies, inputs, sensors, relays, store) and the scripted modem peer of
 * fake_modem.h answering the core's AT client, so SMS travel the real AT
 * path. The peer's SMS, calls, ATH and AT+CCLK? land in struct fake.
 */
#ifndef FW_TEST_HARNESS_H
#define FW_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "fw_internal.h"

struct fake {
	uint64_t now;
	bool dc, ac, ac_sensor, usb;
	bool in[HAL_INPUTS];
	uint8_t battery;
	uint8_t temp_status[HAL_SENSORS];
	int16_t temp[HAL_SENSORS];
	uint8_t relays; /* coil states as written */
	uint64_t relay_changed[HAL_RELAYS];
	uint8_t nv[HAL_NV_SIZE];
	bool nv_fail;
	bool reset;
	char usb_out[8192];
	size_t usb_out_len;
	/* modem peer (fake_modem.c, always answers AT+CSQ with 20) */
	char sent_to[32][24];
	char sent_text[32][200];
	int nsent;
	char called[8][24];
	int ncalls, nrejects;
	const char *cclk; /* AT+CCLK? answers this time ("26/11/21,10:00:00+00"),
			   * "ERROR"; NULL: OK without a time */
};

extern struct fake fk;
extern struct fw fwt;

/* Fresh world (12 V, AC, sensor fitted, erased store) and a booted unit. */
void t_boot(void);
/* Power-cycle the unit, keeping the store. */
void t_reboot(void);
/* Let ms of virtual time pass, serving the modem and every timer. */
void t_run(uint64_t ms);
/* An SMS arrives (timestamp "26/11/21,10:00:00+08" unless t_sms_ts). */
void t_sms(const char *from, const char *text);
void t_sms_ts(const char *from, const char *text, const char *ts);
/* A call from a number rings once. */
void t_ring(const char *from);
/* Take the first SMS sent to `to` (NULL: any); NULL if none. */
const char *t_reply(const char *to);
/* Drop every sent SMS. */
void t_clear(void);
/* One USB line in; returns everything the unit wrote on USB meanwhile. */
const char *t_usb(const char *line);
bool t_relay(int r); /* 1..7 */
/* Make a configured unit: boss number, alert number, given BACKUPLIMIT. */
#define BOSS "+37060000001"
#define ALERTNUM "+37060000009"
void t_setup(const char *backuplimit);
/* Put 12 V / AC in a state and let the debounce pass. */
void t_power(bool dc, bool ac);

#endif
