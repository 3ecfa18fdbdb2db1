/* fuzz_hal.c - fake HAL and modem peer for the fuzz targets (fuzz_hal.h). */
#include "fuzz_hal.h"

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

/* --- modem peer ------------------------------------------------------------ */

static char cmdbuf[512];
static size_t cmdlen;
static bool in_text;
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
			snprintf(line, sizeof(line),
				 "\r\n+CMGR: \"REC UNREAD\",\"%s\",\"\",\"%s\"\r\n%s\r\n\r\nOK\r\n",
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
		in_text = true;
		peer_say("\r\n> ");
	} else if (!strcmp(c, "AT+CSQ")) {
		peer_say("\r\n+CSQ: 20,0\r\n\r\nOK\r\n");
	} else if (!strncmp(c, "ATD", 3)) {
		peer_say("\r\nOK\r\n\r\nBUSY\r\n");
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
				fz.nsent++;
				if (cmdlen >= 5 && !strcmp(cmdbuf + cmdlen - 5, " - OK"))
					fz.nconfirm++;
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
		fw_modem_rx(&fzw, (const uint8_t *)tmp, n);
		fw_poll(&fzw);
	}
}

void fz_run(uint64_t ms)
{
	uint64_t end = fz.now + ms;
	for (;;) {
		feed();
		fw_poll(&fzw);
		feed();
		if (fz.reset) {
			fz.reset = false;
			fz_boot();
		}
		if (fz.now >= end)
			break;
		uint64_t next = fw_next_deadline(&fzw);
		if (next <= fz.now)
			next = fz.now + 1;
		fz.now = next < end ? next : end;
	}
}

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
	cmdlen = 0;
	in_text = false;
	reply_len = 0;
	memset(store, 0, sizeof(store));
	fz.relays = 0;
	fw_init(&fzw);
	fz_run(3000);
}

void fz_sms(const char *from, const char *text, const char *ts)
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
	fz_run(500);
}

void fz_ring(const char *from)
{
	char line[80];
	snprintf(line, sizeof(line), "\r\nRING\r\n\r\n+CLIP: \"%s\",145,\"\",0,\"\",0\r\n", from);
	peer_say(line);
	fz_run(500);
}

const char *fz_usb(const char *line)
{
	fz.usb_out_len = 0;
	fz.usb_out[0] = '\0';
	fw_usb_rx(&fzw, (const uint8_t *)line, strlen(line));
	fw_usb_rx(&fzw, (const uint8_t *)"\r\n", 2);
	fz_run(10);
	return fz.usb_out;
}
