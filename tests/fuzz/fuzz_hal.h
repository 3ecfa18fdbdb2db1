/*
 * fuzz_hal.h - the HAL for the fuzz targets: a fake rig (clock, supplies,
 * inputs, sensors, relays, store) and the scripted modem peer of
 * tests/unit/fw/fake_modem.h answering the core's AT client, like
 * tests/unit/fw/harness.c but without the unit-test framework, and with every
 * HAL argument checked: a relay, input, sensor or store range outside the
 * hardware aborts the run (a finding).
 */
#ifndef FUZZ_HAL_H
#define FUZZ_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw_internal.h"

struct fz {
	uint64_t now;
	bool dc, ac, ac_sensor, usb;
	bool in[HAL_INPUTS];
	uint8_t battery;
	uint8_t temp_status[HAL_SENSORS];
	int16_t temp[HAL_SENSORS];
	uint8_t relays;
	uint8_t nv[HAL_NV_SIZE];
	bool reset;
	char usb_out[16384];
	size_t usb_out_len;
	int nsent;    /* SMS the unit sent */
	int nconfirm; /* of which "<COMMAND> - OK" confirmations */
	int nsaves;   /* settings records written */
};

extern struct fz fz;
extern struct fw fzw;

/* Abort with a message: libFuzzer reports it as a crash. */
void fz_fail(const char *what);

/* Fresh world: 12 V, AC, sensor fitted, battery 100 %, erased store. */
void fz_world(void);
/* Power up the unit on the current store and let the modem initialise. */
void fz_boot(void);
/* Let ms of virtual time pass, serving the modem and every timer. */
void fz_run(uint64_t ms);
void fz_sms(const char *from, const char *text, const char *ts);
void fz_ring(const char *from);
/* One USB line; the reply is in fz.usb_out. */
const char *fz_usb(const char *line);

#endif
