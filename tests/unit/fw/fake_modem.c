/* fake_modem.c - the scripted GSM module for the core's tests (fake_modem.h). */
#include "fake_modem.h"

#include <stdio.h>
#include <string.h>

static const struct fake_modem *io;
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

void fm_attach(const struct fake_modem *m) { io = m; }

void fm_reset(void)
{
	cmdlen = 0;
	in_text = false;
	reply_len = 0;
	memset(store, 0, sizeof(store));
}

void fm_say(const char *s)
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
			fm_say(line);
		} else {
			fm_say("\r\nOK\r\n");
		}
	} else if (sscanf(c, "AT+CMGD=%d", &idx) == 1) {
		if (idx >= 1 && idx <= 4)
			store[idx - 1].used = false;
		fm_say("\r\nOK\r\n");
	} else if (!strncmp(c, "AT+CMGS=\"", 9)) {
		snprintf(cmgs_to, sizeof(cmgs_to), "%.*s", (int)strcspn(c + 9, "\""), c + 9);
		in_text = true;
		fm_say("\r\n> ");
	} else if (!strcmp(c, "AT+CSQ")) {
		snprintf(line, sizeof(line), "\r\n+CSQ: %d,0\r\n\r\nOK\r\n", io->rssi);
		fm_say(line);
	} else if (!strncmp(c, "ATD", 3)) {
		if (io->dialled) {
			char number[24];
			snprintf(number, sizeof(number), "%.*s", (int)strcspn(c + 3, ";"), c + 3);
			io->dialled(number);
		}
		fm_say("\r\nOK\r\n\r\nBUSY\r\n");
	} else if (!io->command || !io->command(c)) {
		fm_say("\r\nOK\r\n");
	}
}

void hal_modem_write(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ch = (char)b[i];
		if (in_text) {
			if (ch == 0x1a) {
				cmdbuf[cmdlen] = '\0';
				io->sent(cmgs_to, cmdbuf, cmdlen);
				in_text = false;
				cmdlen = 0;
				fm_say("\r\n+CMGS: 1\r\n\r\nOK\r\n");
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

/* Hand the unit everything the peer said, including what it says back. */
static void feed(void)
{
	while (reply_len) {
		char tmp[1024];
		size_t n = reply_len;
		memcpy(tmp, reply_buf, n);
		reply_len = 0;
		fw_modem_rx(io->fw, (const uint8_t *)tmp, n);
		fw_poll(io->fw);
	}
}

void fm_run(uint64_t ms)
{
	uint64_t *now = io->now;
	uint64_t end = *now + ms;
	for (;;) {
		feed();
		fw_poll(io->fw);
		feed();
		if (*io->reset) {
			*io->reset = false;
			io->reboot();
		}
		if (*now >= end)
			break;
		uint64_t next = fw_next_deadline(io->fw);
		if (next <= *now)
			next = *now + 1;
		*now = next < end ? next : end;
	}
}

void fm_sms(const char *from, const char *text, const char *ts)
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
	fm_say(line);
	fm_run(500);
}

void fm_ring(const char *from)
{
	char line[80];
	snprintf(line, sizeof(line), "\r\nRING\r\n\r\n+CLIP: \"%s\",145,\"\",0,\"\",0\r\n", from);
	fm_say(line);
	fm_run(500);
}
