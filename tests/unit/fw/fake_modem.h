/*
 * fake_modem.h - the scripted GSM module answering the firmware core's AT
 * client, shared by the core's unit tests (tests/unit/fw/harness.c) and the
 * fuzz targets (tests/fuzz/fuzz_hal.c). It holds a 4-message SIM store,
 * takes text-mode SMS (AT+CMGS, text, Ctrl-Z), answers a call with BUSY,
 * and drives the unit through virtual time. It defines hal_modem_write; the
 * rest of the HAL (and the clock it reads) belongs to the harness, which
 * tells the peer where they are with fm_attach.
 */
#ifndef FAKE_MODEM_H
#define FAKE_MODEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw_internal.h"

struct fake_modem {
	struct fw *fw;        /* the unit */
	uint64_t *now;        /* the fake clock hal_now_ms reads */
	bool *reset;          /* set by the harness's hal_system_reset */
	void (*reboot)(void); /* power the unit up again after a reset */
	/* The unit sent an SMS: len bytes of text (without the Ctrl-Z),
	 * NUL-terminated. */
	void (*sent)(const char *to, const char *text, size_t len);
	/* The unit dialled a number (ATD); NULL: not recorded. */
	void (*dialled)(const char *number);
	/* An AT command the peer does not know: answer it (fm_say) and
	 * return true, or return false for a plain OK. NULL: always OK. */
	bool (*command)(const char *cmd);
	int rssi; /* AT+CSQ answers this */
};

/* Use io (kept, not copied) from now on. */
void fm_attach(const struct fake_modem *io);
/* The module powers up: nothing half-received, nothing to say, SIM store empty. */
void fm_reset(void);
/* Queue text for the unit; it arrives at the next fm_run step. */
void fm_say(const char *s);
/* Let ms of virtual time pass, serving the modem and every timer; a reset
 * the unit asked for calls io->reboot. */
void fm_run(uint64_t ms);
/* An SMS arrives in the SIM store (+CMTI), then 500 ms pass. */
void fm_sms(const char *from, const char *text, const char *ts);
/* A call from a number rings once (RING, +CLIP), then 500 ms pass. */
void fm_ring(const char *from);

#endif
