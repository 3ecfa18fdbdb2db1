/*
 * usbcfg.c - the USB configuration protocol, one tab at a time.
 *
 *   READ <tab>             KEY=VALUE lines, then OK
 *   WRITE <tab>            KEY=VALUE lines, then END -> OK | ERROR <reason>
 *                          (the whole tab is replaced; unknown keys, keys of
 *                          another tab or bad values change nothing)
 *   TABS, VERSION, RESTART
 * No configuration window and no number security apply over USB; a
 * successful WRITE reopens the SMS configuration window.
 */
#include "fw_internal.h"

#include <string.h>

static void out(const char *s)
{
	hal_usb_write((const uint8_t *)s, str_len(s));
	hal_usb_write((const uint8_t *)"\r\n", 2);
}

static int tab_find(const char *s, size_t n)
{
	for (int t = 0; t < TAB_COUNT; t++)
		if (eqn_ci(s, n, tab_names[t]))
			return t;
	return -1;
}

static void read_info(struct fw *fw)
{
	char buf[80];
	struct sb o;
	uint32_t now;
	out("VERSION=" FW_VERSION);
	out("HW=" FW_HW_VERSION);
	sb_init(&o, buf, sizeof(buf));
	sb_puts(&o, "SERIAL=");
	sb_puts(&o, hal_serial());
	out(buf);
	static const char *const nv[] = { "NVSTATUS=OK", "NVSTATUS=DEFAULTS",
					  "NVSTATUS=REPAIRED", "NVSTATUS=CORRUPT" };
	out(nv[fw->nv_status & 3u]);
	if (fw->nv_status == NV_REPAIRED) {
		unsigned ord = 0, idx;
		const struct key_def *k;
		sb_init(&o, buf, sizeof(buf));
		sb_puts(&o, "NVREPAIRED=");
		for (bool first = true; settings_next_repaired(fw->nv_repaired, &ord, &k, &idx);
		     first = false) {
			if (o.len > sizeof(buf) - 20) { /* a long list goes out in pieces */
				hal_usb_write((const uint8_t *)buf, o.len);
				sb_init(&o, buf, sizeof(buf));
			}
			if (!first)
				sb_putc(&o, ',');
			settings_key_name(k, idx, &o);
		}
		out(buf);
	}
	out(fw->set.sms_locked ? "SMSLOCK=ON" : "SMSLOCK=OFF");
	sb_init(&o, buf, sizeof(buf));
	sb_puts(&o, "CLOCK=");
	if (clock_now(fw, &now))
		clock_format(now, &o);
	else
		sb_puts(&o, "NOT SET");
	out(buf);
	sb_init(&o, buf, sizeof(buf));
	sb_puts(&o, "RELAYS=");
	for (int r = 0; r < HAL_RELAYS; r++)
		sb_putc(&o, (fw->relays >> r) & 1u ? '1' : '0');
	out(buf);
	out(fw_backup_mode(fw) ? "BACKUPMODE=ON" : "BACKUPMODE=OFF");
	out(hal_has_ac_sensor() ? "ACSENSOR=YES" : "ACSENSOR=NO");
	sb_init(&o, buf, sizeof(buf));
	sb_puts(&o, "SENSORS=");
	if (!fw->sensors)
		sb_puts(&o, "NONE");
	sb_bits(&o, fw->sensors, "");
	out(buf);
	sb_init(&o, buf, sizeof(buf));
	sb_puts(&o, "SENSORERROR=");
	if (fw->sensors_conflict)
		fw_report_sensor_error(fw, &o);
	else
		sb_puts(&o, "NONE");
	out(buf);
	for (int i = 0; i < fw->nlog; i++) { /* the alarm log, oldest first */
		sb_init(&o, buf, sizeof(buf));
		sb_puts(&o, "LOG");
		sb_int(&o, i + 1);
		sb_putc(&o, '=');
		fw_report_log(fw, i, &o);
		out(buf);
	}
}

static void read_tab(struct fw *fw, enum tab t)
{
	char buf[80];
	struct sb o;
	unsigned pos = 0, idx;
	const struct key_def *k;
	if (t == TAB_INFO) {
		read_info(fw);
	} else {
		while (settings_next(t, &pos, &k, &idx)) {
			sb_init(&o, buf, sizeof(buf));
			settings_format(&fw->set, k, idx, false, &o);
			out(buf);
		}
	}
	out("OK");
}

static void write_line(struct fw *fw, const char *s, size_t n)
{
	size_t eq = 0;
	unsigned idx;
	fw->usb_write_lines++;
	if (fw->usb_error)
		return;
	while (eq < n && s[eq] != '=')
		eq++;
	const struct key_def *k = eq < n ? settings_find(s, eq, &idx) : NULL;
	enum set_result r = SET_UNKNOWN_KEY;
	if (k && settings_key_tab(k) == (enum tab)fw->usb_write_tab)
		r = settings_set(&fw->stage, k, idx, s + eq + 1, n - eq - 1);
	/* Thresholds only for installed sensors; unchanged values and OFF pass,
	 * so a tab read and written back is never refused. */
	if (r == SET_OK && fw->usb_write_tab == TAB_TEMPERATURE &&
	    (!thermo_threshold_allowed(fw, (int)idx, fw->set.temp_high[idx], fw->stage.temp_high[idx]) ||
	     !thermo_threshold_allowed(fw, (int)idx, fw->set.temp_low[idx], fw->stage.temp_low[idx])))
		r = SET_NOT_INSTALLED;
	if (r != SET_OK) {
		fw->usb_error = (uint8_t)r;
		fw->usb_error_line = fw->usb_write_lines;
	}
}

static void write_end(struct fw *fw)
{
	static const char *const reasons[] = { "", "unknown key", "bad value", "read-only",
					       "sensor not installed" };
	char buf[64];
	struct sb o;
	if (fw->usb_error) {
		sb_init(&o, buf, sizeof(buf));
		sb_puts(&o, "ERROR line ");
		sb_int(&o, fw->usb_error_line);
		sb_puts(&o, ": ");
		sb_puts(&o, reasons[fw->usb_error]);
		out(buf);
	} else {
		settings_copy_tab(&fw->set, &fw->stage, (enum tab)fw->usb_write_tab);
		if (fw->usb_write_tab == TAB_SECURITY)
			fw->set.sms_locked = 0; /* the owner has set who may manage */
		fw->window_until = hal_now_ms() + FW_WINDOW_MS;
		out(fw_settings_changed(fw) ? "OK" : "ERROR store write failed");
	}
	fw->usb_write_tab = -1;
}

static void usb_line(struct fw *fw, const char *s, size_t n)
{
	int t;
	if (fw->usb_write_tab >= 0) {
		if (eqn_ci(s, n, "END"))
			write_end(fw);
		else
			write_line(fw, s, n);
		return;
	}
	if (n == 0)
		return;
	if (prefix_ci(s, n, "READ ") && (t = tab_find(s + 5, n - 5)) >= 0) {
		read_tab(fw, (enum tab)t);
	} else if (prefix_ci(s, n, "WRITE ") && (t = tab_find(s + 6, n - 6)) >= 0) {
		if (t == TAB_INFO) {
			out("ERROR tab info is read-only");
			return;
		}
		fw->stage = fw->set;
		settings_tab_defaults(&fw->stage, (enum tab)t);
		fw->usb_write_tab = (int8_t)t;
		fw->usb_write_lines = 0;
		fw->usb_error = 0;
	} else if (eqn_ci(s, n, "TABS")) {
		for (t = 0; t < TAB_COUNT; t++)
			out(tab_names[t]);
		out("OK");
	} else if (eqn_ci(s, n, "VERSION")) {
		out("VERSION=" FW_HW_VERSION "," FW_VERSION);
		out("OK");
	} else if (eqn_ci(s, n, "RESTART")) {
		out("OK");
		hal_system_reset();
	} else if (prefix_ci(s, n, "READ ") || prefix_ci(s, n, "WRITE ")) {
		out("ERROR unknown tab");
	} else {
		out("ERROR unknown command");
	}
}

void usb_poll(struct fw *fw)
{
	bool attached = hal_usb_attached();
	if (!attached) {
		/* Unplugged: an unfinished WRITE is abandoned, nothing changes. */
		fw->usb_write_tab = -1;
		fw->usb_rx_len = 0;
		fw->usb_line_len = 0;
		fw->usb_overflow = false;
		return;
	}
	uint16_t i = 0;
	for (; i < fw->usb_rx_len; i++) {
		char ch = (char)fw->usb_rx[i];
		if (ch == '\r')
			continue;
		if (ch != '\n') {
			if (fw->usb_line_len < FW_USB_LINE)
				fw->usb_line[fw->usb_line_len++] = ch;
			else
				fw->usb_overflow = true;
			continue;
		}
		if (fw->usb_overflow) {
			out("ERROR line too long");
			if (fw->usb_write_tab >= 0 && !fw->usb_error) {
				fw->usb_error = SET_BAD_VALUE;
				fw->usb_error_line = (uint16_t)(fw->usb_write_lines + 1);
			}
		} else {
			fw->usb_line[fw->usb_line_len] = '\0';
			usb_line(fw, fw->usb_line, fw->usb_line_len);
		}
		fw->usb_line_len = 0;
		fw->usb_overflow = false;
	}
	fw->usb_rx_len = 0;
}
