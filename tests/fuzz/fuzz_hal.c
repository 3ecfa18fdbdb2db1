/* fuzz_hal.c - fake HAL and modem peer for the fuzz targets (fuzz_hal.h). */
#include "fuzz_hal.h"
#include "fake_modem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fz fz;
struct fw fzw;

void fz_fail(const char *what)
{
	fprintf(stderr, "fuzz: %s\n", what);
	abort();
}

/* --- HAL ------------------------------------------------------------------- */

uint64_t hal_now_ms(void) { return fz.now; }

void hal_relay_write(uint8_t r, bool on)
{
	if (r >= HAL_RELAYS)
		fz_fail("hal_relay_write: relay out of range");
	fz.relays = on ? (uint8_t)(fz.relays | (1u << r)) : (uint8_t)(fz.relays & ~(1u << r));
}

bool hal_input_level(uint8_t i)
{
	if (i >= HAL_INPUTS)
		fz_fail("hal_input_level: input out of range");
	return fz.in[i];
}

bool hal_dc_present(void) { return fz.dc; }
bool hal_has_ac_sensor(void) { return fz.ac_sensor; }
const char *hal_serial(void) { return "SR7-000001"; }
bool hal_ac_present(void) { return fz.ac_sensor && fz.ac; }
uint8_t hal_battery_percent(void) { return fz.battery; }

enum hal_temp_status hal_temp_read(uint8_t s, int16_t *v)
{
	if (s >= HAL_SENSORS)
		fz_fail("hal_temp_read: sensor out of range");
	*v = fz.temp[s];
	return (enum hal_temp_status)fz.temp_status[s];
}

bool hal_usb_attached(void) { return fz.usb; }

void hal_usb_write(const uint8_t *b, size_t n)
{
	if (!fz.usb)
		fz_fail("hal_usb_write: no cable");
	if (fz.usb_out_len + n < sizeof(fz.usb_out)) {
		memcpy(fz.usb_out + fz.usb_out_len, b, n);
		fz.usb_out_len += n;
		fz.usb_out[fz.usb_out_len] = '\0';
	}
}

bool hal_nv_read(uint16_t off, void *buf, size_t len)
{
	if ((size_t)off + len > HAL_NV_SIZE)
		fz_fail("hal_nv_read: outside the store");
	memcpy(buf, fz.nv + off, len);
	return true;
}

bool hal_nv_write(uint16_t off, const void *buf, size_t len)
{
	if ((size_t)off + len > HAL_NV_SIZE)
		fz_fail("hal_nv_write: outside the store");
	memcpy(fz.nv + off, buf, len);
	if (off == 0)
		fz.nsaves++; /* the header goes last: a whole record was saved */
	return true;
}

void hal_system_reset(void) { fz.reset = true; }

/* --- modem peer (tests/unit/fw/fake_modem.c) ------------------------------- */

static void sent(const char *to, const char *text, size_t len)
{
	(void)to;
	fz.nsent++;
	if (len >= 5 && !strcmp(text + len - 5, " - OK"))
		fz.nconfirm++;
}

static const struct fake_modem peer = {
	.fw = &fzw,
	.now = &fz.now,
	.reset = &fz.reset,
	.reboot = fz_boot,
	.sent = sent,
	.rssi = 20,
};

/* --- driving --------------------------------------------------------------- */

void fz_run(uint64_t ms) { fm_run(ms); }

void fz_world(void)
{
	memset(&fz, 0, sizeof(fz));
	memset(fz.nv, 0xff, sizeof(fz.nv));
	fz.dc = fz.ac = fz.ac_sensor = true;
	fz.battery = 100;
	fz.now = 1000;
}

void fz_boot(void)
{
	fm_attach(&peer);
	fm_reset();
	fz.relays = 0;
	fw_init(&fzw);
	fz_run(3000);
}

void fz_sms(const char *from, const char *text, const char *ts) { fm_sms(from, text, ts); }

void fz_ring(const char *from) { fm_ring(from); }

const char *fz_usb(const char *line)
{
	fz.usb_out_len = 0;
	fz.usb_out[0] = '\0';
	fw_usb_rx(&fzw, (const uint8_t *)line, strlen(line));
	fw_usb_rx(&fzw, (const uint8_t *)"\r\n", 2);
	fz_run(10);
	return fz.usb_out;
}
