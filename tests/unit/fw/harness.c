/* harness.c - fake HAL and scripted modem peer for the core's unit tests. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "unit.h"

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

/* --- modem peer ------------------------------------------------------------ */

static char cmdbuf[512];
static size_t cmdlen;
static bool in_text; /* collecting CMGS text */
static char cmgs_to[24];
static char reply_buf[1024];
static size_t reply_len;
static struct {
	char from[24], text[200], ts[32];
	bool used;
} store[4];

static void peer_say(const char *s)
{
	size_t n = strlen(s);
	if (reply_len + n < sizeof(reply_buf)) {
		memcpy(reply_buf + reply_len, s, n);
		reply_len += n;
	}
}

static void peer_command(const char *c)
{
	char line[400];
	int idx;
	if (sscanf(c, "AT+CMGR=%d", &idx) == 1) {
		if (idx >= 1 && idx <= 4 && store[idx - 1].used) {
			snprintf(line, sizeof(line), "\r\n+CMGR: \"REC UNREAD\",\"%s\",\"\",\"%s\"\r\n%s\r\n\r\nOK\r\n",
				 store[idx - 1].from, store[idx - 1].ts, store[idx - 1].text);
			peer_say(line);
		} else {
			peer_say("\r\nOK\r\n");
		}
	} else if (sscanf(c, "AT+CMGD=%d", &idx) == 1) {
		if (idx >= 1 && idx <= 4)
			store[idx - 1].used = false;
		peer_say("\r\nOK\r\n");
	} else if (!strncmp(c, "AT+CMGS=\"", 9)) {
		snprintf(cmgs_to, sizeof(cmgs_to), "%.*s", (int)strcspn(c + 9, "\""), c + 9);
		in_text = true;
		peer_say("\r\n> ");
	} else if (!strcmp(c, "AT+CCLK?")) {
		if (fk.cclk && !strcmp(fk.cclk, "ERROR")) {
			peer_say("\r\nERROR\r\n");
		} else if (fk.cclk) {
			snprintf(line, sizeof(line), "\r\n+CCLK: \"%s\"\r\n\r\nOK\r\n", fk.cclk);
			peer_say(line);
		} else {
			peer_say("\r\nOK\r\n");
		}
	} else if (!strcmp(c, "AT+CSQ")) {
		snprintf(line, sizeof(line), "\r\n+CSQ: %d,0\r\n\r\nOK\r\n", fk.rssi);
		peer_say(line);
	} else if (!strncmp(c, "ATD", 3)) {
		if (fk.ncalls < 8)
			snprintf(fk.called[fk.ncalls++], 24, "%.*s", (int)strcspn(c + 3, ";"), c + 3);
		peer_say("\r\nOK\r\n\r\nBUSY\r\n");
	} else if (!strcmp(c, "ATH")) {
		fk.nrejects++;
		peer_say("\r\nOK\r\n");
	} else {
		peer_say("\r\nOK\r\n");
	}
}

void hal_modem_write(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ch = (char)b[i];
		if (in_text) {
			if (ch == 0x1a) {
				cmdbuf[cmdlen] = '\0';
				if (fk.nsent < 32) {
					snprintf(fk.sent_to[fk.nsent], 24, "%s", cmgs_to);
					snprintf(fk.sent_text[fk.nsent], 200, "%.199s", cmdbuf);
					fk.nsent++;
				}
				in_text = false;
				cmdlen = 0;
				peer_say("\r\n+CMGS: 1\r\n\r\nOK\r\n");
			} else if (ch == 0x1b) {
				in_text = false;
				cmdlen = 0;
			} else if (cmdlen + 1 < sizeof(cmdbuf)) {
				cmdbuf[cmdlen++] = ch;
			}
			continue;
		}
		if (ch == '\r') {
			cmdbuf[cmdlen] = '\0';
			if (cmdlen)
				peer_command(cmdbuf);
			cmdlen = 0;
		} else if (ch != '\n' && cmdlen + 1 < sizeof(cmdbuf)) {
			cmdbuf[cmdlen++] = ch;
		}
	}
}

/* --- driving --------------------------------------------------------------- */

static void feed(void)
{
	while (reply_len) {
		char tmp[1024];
		size_t n = reply_len;
		memcpy(tmp, reply_buf, n);
		reply_len = 0;
		fw_modem_rx(&fwt, (const uint8_t *)tmp, n);
		fw_poll(&fwt);
	}
}

void t_run(uint64_t ms)
{
	uint64_t end = fk.now + ms;
	for (;;) {
		feed();
		fw_poll(&fwt);
		feed();
		if (fk.reset) {
			fk.reset = false;
			t_reboot();
		}
		if (fk.now >= end)
			break;
		uint64_t next = fw_next_deadline(&fwt);
		if (next <= fk.now)
			next = fk.now + 1;
		fk.now = next < end ? next : end;
	}
}

void t_reboot(void)
{
	cmdlen = 0;
	in_text = false;
	reply_len = 0;
	memset(store, 0, sizeof(store));
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
	fk.rssi = 20;
	fk.now = 1000;
	t_reboot();
}

void t_sms_ts(const char *from, const char *text, const char *ts)
{
	char line[32];
	int i = 0;
	while (i < 3 && store[i].used)
		i++;
	snprintf(store[i].from, sizeof(store[i].from), "%s", from);
	snprintf(store[i].text, sizeof(store[i].text), "%s", text);
	snprintf(store[i].ts, sizeof(store[i].ts), "%s", ts);
	store[i].used = true;
	snprintf(line, sizeof(line), "\r\n+CMTI: \"SM\",%d\r\n", i + 1);
	peer_say(line);
	t_run(500);
}

void t_sms(const char *from, const char *text)
{
	t_sms_ts(from, text, "26/11/21,10:00:00+08");
}

void t_ring(const char *from)
{
	char line[80];
	snprintf(line, sizeof(line), "\r\nRING\r\n\r\n+CLIP: \"%s\",145,\"\",0,\"\",0\r\n", from);
	peer_say(line);
	t_run(500);
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
