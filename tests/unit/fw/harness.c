/* harness.c - fake HAL and scripted modem peer for the core's unit tests. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "fake_modem.h"
#include "test.h"

struct fake fk;
struct fw fwt;

/* --- fake HAL -------------------------------------------------------------- */

uint64_t hal_now_ms(void) { return fk.now; }
void hal_relay_write(uint8_t r, bool on)
{
	uint8_t bit = (uint8_t)(1u << r);
	if (((fk.relays & bit) != 0) != on)
		fk.relay_changed[r] = fk.now;
	fk.relays = on ? (uint8_t)(fk.relays | bit) : (uint8_t)(fk.relays & ~bit);
}
bool hal_input_level(uint8_t i) { return fk.in[i]; }
bool hal_dc_present(void) { return fk.dc; }
bool hal_has_ac_sensor(void) { return fk.ac_sensor; }
const char *hal_serial(void) { return "SR7-000001"; }
bool hal_ac_present(void) { return fk.ac_sensor && fk.ac; }
uint8_t hal_battery_percent(void) { return fk.battery; }
enum hal_temp_status hal_temp_read(uint8_t s, int16_t *v)
{
	*v = fk.temp[s];
	return (enum hal_temp_status)fk.temp_status[s];
}
bool hal_usb_attached(void) { return fk.usb; }
void hal_usb_write(const uint8_t *b, size_t n)
{
	if (fk.usb_out_len + n < sizeof(fk.usb_out)) {
		memcpy(fk.usb_out + fk.usb_out_len, b, n);
		fk.usb_out_len += n;
		fk.usb_out[fk.usb_out_len] = '\0';
	}
}
bool hal_nv_read(uint16_t off, void *buf, size_t len)
{
	memcpy(buf, fk.nv + off, len);
	return true;
}
bool hal_nv_write(uint16_t off, const void *buf, size_t len)
{
	if (fk.nv_fail)
		return false;
	memcpy(fk.nv + off, buf, len);
	return true;
}
void hal_system_reset(void) { fk.reset = true; }

/* --- modem peer (fake_modem.c) ---------------------------------------------- */

static void sent(const char *to, const char *text, size_t len)
{
	(void)len;
	if (fk.nsent < 32) {
		snprintf(fk.sent_to[fk.nsent], 24, "%s", to);
		snprintf(fk.sent_text[fk.nsent], 200, "%.199s", text);
		fk.nsent++;
	}
}

static void dialled(const char *number)
{
	if (fk.ncalls < 8)
		snprintf(fk.called[fk.ncalls++], 24, "%s", number);
}

static bool command(const char *c)
{
	char line[400];
	if (!strcmp(c, "AT+CCLK?")) {
		if (fk.cclk && !strcmp(fk.cclk, "ERROR")) {
			fm_say("\r\nERROR\r\n");
		} else if (fk.cclk) {
			snprintf(line, sizeof(line), "\r\n+CCLK: \"%s\"\r\n\r\nOK\r\n", fk.cclk);
			fm_say(line);
		} else {
			fm_say("\r\nOK\r\n");
		}
		return true;
	}
	if (!strcmp(c, "ATH"))
		fk.nrejects++;
	return false;
}

static const struct fake_modem peer = {
	.fw = &fwt,
	.now = &fk.now,
	.reset = &fk.reset,
	.reboot = t_reboot,
	.sent = sent,
	.dialled = dialled,
	.command = command,
	.rssi = 20,
};

/* --- driving --------------------------------------------------------------- */

void t_run(uint64_t ms) { fm_run(ms); }

void t_reboot(void)
{
	fm_attach(&peer);
	fm_reset();
	fk.relays = 0;
	fw_init(&fwt);
	t_run(3000);
}

void t_boot(void)
{
	memset(&fk, 0, sizeof(fk));
	memset(fk.nv, 0xff, sizeof(fk.nv));
	fk.dc = fk.ac = fk.ac_sensor = true;
	fk.battery = 100;
	fk.now = 1000;
	t_reboot();
}

void t_sms_ts(const char *from, const char *text, const char *ts)
{
	fm_sms(from, text, ts);
}

void t_sms(const char *from, const char *text)
{
	t_sms_ts(from, text, "26/11/21,10:00:00+08");
}

void t_ring(const char *from)
{
	fm_ring(from);
}

const char *t_reply(const char *to)
{
	static char out[200];
	for (int i = 0; i < fk.nsent; i++) {
		if (to && strcmp(fk.sent_to[i], to))
			continue;
		snprintf(out, sizeof(out), "%s", fk.sent_text[i]);
		memmove(&fk.sent_to[i], &fk.sent_to[i + 1], sizeof(fk.sent_to[0]) * (size_t)(fk.nsent - i - 1));
		memmove(&fk.sent_text[i], &fk.sent_text[i + 1], sizeof(fk.sent_text[0]) * (size_t)(fk.nsent - i - 1));
		fk.nsent--;
		return out;
	}
	return NULL;
}

void t_clear(void) { fk.nsent = 0; }

const char *t_usb(const char *line)
{
	fk.usb_out_len = 0;
	fk.usb_out[0] = '\0';
	fw_usb_rx(&fwt, (const uint8_t *)line, strlen(line));
	fw_usb_rx(&fwt, (const uint8_t *)"\r\n", 2);
	t_run(10);
	return fk.usb_out;
}

bool t_relay(int r) { return (fk.relays >> (r - 1)) & 1u; }

void t_setup(const char *backuplimit)
{
	char line[64];
	t_boot();
	t_sms(BOSS, "MAKEMEBOSS");
	t_sms(BOSS, "ADDALERTNUM" ALERTNUM);
	snprintf(line, sizeof(line), "BACKUPLIMIT=%s", backuplimit);
	t_sms(BOSS, line);
	t_clear();
}

void t_power(bool dc, bool ac)
{
	fk.dc = dc;
	fk.ac = ac;
	t_run(200);
}
