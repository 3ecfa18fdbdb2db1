/* fake_hal.c - every hal.h function for the modem client's unit tests. */
#include "fake_hal.h"

#include "hal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t now_ms;
static char out[FAKE_OUT_MAX + 1];
static size_t out_len;

void fake_reset(void)
{
	now_ms = 0;
	fake_out_clear();
}

void fake_set_now(uint64_t ms) { now_ms = ms; }
void fake_advance(uint64_t ms) { now_ms += ms; }
uint64_t fake_now(void) { return now_ms; }

const char *fake_out(void) { return out; }
size_t fake_out_len(void) { return out_len; }

void fake_out_clear(void)
{
	out_len = 0;
	out[0] = '\0';
}

uint64_t hal_now_ms(void) { return now_ms; }

void hal_modem_write(const uint8_t *buf, size_t len)
{
	if (out_len + len > FAKE_OUT_MAX) {
		fprintf(stderr, "fake_hal: modem output overflow\n");
		abort();
	}
	memcpy(out + out_len, buf, len);
	out_len += len;
	out[out_len] = '\0';
}

void hal_relay_write(uint8_t relay, bool on) { (void)relay; (void)on; }
bool hal_input_level(uint8_t input) { (void)input; return false; }
bool hal_dc_present(void) { return true; }
bool hal_has_ac_sensor(void) { return false; }
const char *hal_serial(void) { return "SR7-000001"; }
bool hal_ac_present(void) { return false; }
uint8_t hal_battery_percent(void) { return 100; }

enum hal_temp_status hal_temp_read(uint8_t sensor, int16_t *decic)
{
	(void)sensor;
	(void)decic;
	return HAL_TEMP_ABSENT;
}

void hal_usb_write(const uint8_t *buf, size_t len) { (void)buf; (void)len; }
bool hal_usb_attached(void) { return false; }

bool hal_nv_read(uint16_t off, void *buf, size_t len)
{
	if ((size_t)off + len > HAL_NV_SIZE)
		return false;
	memset(buf, 0xFF, len);
	return true;
}

bool hal_nv_write(uint16_t off, const void *buf, size_t len)
{
	(void)buf;
	return (size_t)off + len <= HAL_NV_SIZE;
}
