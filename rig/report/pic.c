/* pic.c - the Product Information Card (Configuration Guide chapter 4),
 * filled in from the unit's tabs as read over USB: the card's own tables,
 * headings and wording, the "Translation" column left for the integrator
 * to write in, and the values the unit holds. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"

static void h(struct sbuf *b, const char *s)
{
	esc_xml(b, s ? s : "");
}

/* The value of tab.KEY, "" when absent. */
static const char *val(const struct rr_run *run, const char *tab, const char *key, char *buf,
		       size_t len)
{
	if (!rr_unit_value(run, tab, key, buf, len))
		buf[0] = '\0';
	return buf;
}

static const char *onoff(const char *v)
{
	if (!strcmp(v, "ON"))
		return "enabled";
	if (!strcmp(v, "OFF"))
		return "disabled";
	return v;
}

/* KEY1..KEYn joined with ", " (empty ones left out). */
static void list(const struct rr_run *run, const char *tab, const char *key, int n,
		 struct sbuf *out)
{
	char k[32], buf[128];
	bool any = false;

	for (int i = 1; i <= n; i++) {
		snprintf(k, sizeof(k), "%s%d", key, i);
		if (*val(run, tab, k, buf, sizeof(buf))) {
			if (any)
				sb_puts(out, ", ");
			sb_puts(out, buf);
			any = true;
		}
	}
}

static void setting(struct sbuf *b, const char *name, const char *chapter, const char *value)
{
	sb_puts(b, "<tr><td>");
	sb_puts(b, name); /* the card's wording, trusted markup */
	sb_puts(b, "</td><td class=\"ch\">");
	sb_puts(b, chapter);
	sb_puts(b, "</td><td class=\"tr\"></td><td class=\"val\">");
	h(b, value);
	sb_puts(b, "</td></tr>\n");
}

static const char pic_css[] =
	".pic table{border-collapse:collapse;width:100%;margin:3pt 0 8pt}"
	".pic td,.pic th{border:1px solid #444;padding:2pt 4pt;vertical-align:top;text-align:left}"
	".pic th{background:#e8e8e8;font-weight:bold}.pic td.ch{width:10%;text-align:center}"
	".pic td.tr{width:24%}.pic td.val{font-family:monospace;width:28%}"
	".pic h2,.pic h3{break-after:avoid}.pic table{break-inside:auto}.pic tr{break-inside:avoid}"
	".pic .note{font-style:italic}";

void report_pic_html(const struct rr_run *run, struct sbuf *b, bool document)
{
	char buf[160], buf2[160], k[32];
	struct sbuf v;
	char t[40];

	sb_init(&v);
	if (document) {
		sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
			   "<title>Product Information Card");
		if (run->serial) {
			sb_puts(b, ": ");
			h(b, run->serial);
		}
		sb_puts(b, "</title>\n<style>@page{size:A4;margin:14mm 12mm}"
			   "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;max-width:190mm;"
			   "margin:0 auto}h2{font-size:15pt}h3{font-size:11pt;margin:10pt 0 2pt}");
		sb_puts(b, pic_css);
		sb_puts(b, "</style></head>\n<body>\n");
	} else {
		sb_puts(b, "<style>");
		sb_puts(b, pic_css);
		sb_puts(b, "</style>\n");
	}
	sb_puts(b, "<div class=\"pic\" id=\"pic-card\">\n<h2>4. Product Information Card</h2>\n"
		   "<p class=\"note\">Fill this in for your customer when you configure the unit.</p>\n");
	report_iso_time(run->t_end > 0 ? run->t_end : run->t_start, t, sizeof(t));
	sb_puts(b, "<p>Unit serial: <b>");
	h(b, run->serial ? run->serial : "not recorded");
	sb_puts(b, "</b>. Values read from the unit over USB at ");
	h(b, t);
	sb_puts(b, " (UTC).</p>\n");

	sb_puts(b, "<table><thead><tr><th>Setting</th><th>Chapter<br>(User Manual)</th>"
		   "<th>Translation (you can write translation of the settings name for your "
		   "customer here)</th><th>Value</th></tr></thead><tbody>\n");
	setting(b, "Security by numbers list (enabled/disabled)?", "5.1",
		onoff(val(run, "security", "SECURITY", buf, sizeof(buf))));
	list(run, "security", "NUM", 10, &v);
	setting(b, "Numbers, allowed to manage the device", "5.1", v.s);
	setting(b, "Password for manage the device (if configured)", "5.2",
		val(run, "security", "PASSWORD", buf, sizeof(buf)));
	setting(b, "Password for renew configuration interval. <b>CONFIGURE THIS FOR CUSTOMER!</b>",
		"5.3", val(run, "security", "RENEWPASSWORD", buf, sizeof(buf)));
	sb_clear(&v);
	list(run, "security", "ALERT", 10, &v);
	setting(b, "Phone numbers for all types of alerts", "5.4", v.s);
	sb_clear(&v);
	list(run, "security", "CENTRE", 5, &v);
	setting(b, "Phone numbers for alerts to security centre", "5.4", v.s);
	setting(b, "Confirmation of SMS-commands (enabled/disabled)?", "6",
		onoff(val(run, "confirm", "SMSCONFIRM", buf, sizeof(buf))));
	val(run, "confirm", "CALLCONFIRM", buf, sizeof(buf));
	setting(b, "Confirmation for calls (SMS/back call/disabled)?", "6",
		!strcmp(buf, "CALL") ? "back call" : !strcmp(buf, "OFF") ? "disabled"
									 : buf);
	setting(b, "Error responses (enabled/disabled)?", "6",
		onoff(val(run, "confirm", "ERROR", buf, sizeof(buf))));
	setting(b, "Responses to unauthorised numbers (enabled/disabled)?", "6",
		onoff(val(run, "confirm", "SMSCONFIRMUNAUTH", buf, sizeof(buf))));
	setting(b, "Action pre-configured for the phone call", "4.2",
		val(run, "ring", "RINGACTION", buf, sizeof(buf)));
	snprintf(buf2, sizeof(buf2), "%s s", val(run, "ring", "RESTARTTIME", buf, sizeof(buf)));
	setting(b, "Delay for restart", "4.4, 4.2", buf[0] ? buf2 : "");
	snprintf(buf2, sizeof(buf2), "%s s", val(run, "ring", "PULSETIME", buf, sizeof(buf)));
	setting(b, "Duration of the impulse", "4.4, 4.2", buf[0] ? buf2 : "");
	setting(b, "Level of the microphone", "10", val(run, "security", "MICLEVEL", buf, sizeof(buf)));
	setting(b, "Notification when main DC power was cut off (enabled/disabled)?", "17",
		onoff(val(run, "security", "DCALERT", buf, sizeof(buf))));
	setting(b, "Notification when AC power was cut off (enabled/disabled)?", "17",
		onoff(val(run, "security", "ACALERT", buf, sizeof(buf))));
	val(run, "security", "BATALERT", buf, sizeof(buf));
	if (strcmp(buf, "OFF") && buf[0])
		strncat(buf, " %", sizeof(buf) - strlen(buf) - 1);
	setting(b, "Alerts about battery capacity (list the values)", "17", onoff(buf));
	setting(b, "Backup mode limitation (DC/AC/OFF)?", "17",
		val(run, "backup", "BACKUPLIMIT", buf, sizeof(buf)));
	setting(b, "Notify if temperature sensor failed", "7",
		onoff(val(run, "thermostat", "SENSORALERT", buf, sizeof(buf))));
	setting(b, "Hardware version", "16", val(run, "info", "HW", buf, sizeof(buf)));
	setting(b, "Firmware version", "16", val(run, "info", "VERSION", buf, sizeof(buf)));
	sb_puts(b, "</tbody></table>\n");

	sb_puts(b, "<h3>Alias names for Relays (User Manual Chapter 4.3)</h3>\n<table><thead><tr>"
		   "<th style=\"width:12%\">Relay</th><th>Alias name</th></tr></thead><tbody>\n");
	for (int i = 1; i <= 7; i++) {
		snprintf(k, sizeof(k), "ALIAS%d", i);
		sb_printf(b, "<tr><td>%d</td><td class=\"val\">", i);
		h(b, val(run, "aliases", k, buf, sizeof(buf)));
		sb_puts(b, "</td></tr>\n");
	}
	sb_puts(b, "</tbody></table>\n");

	sb_puts(b, "<h3>Schedulers (User Manual Chapter 11)</h3>\n<table><thead><tr>"
		   "<th style=\"width:8%\">&#8470;</th><th>Time</th><th>Action</th></tr></thead><tbody>\n");
	for (int i = 1; i <= 20; i++) {
		snprintf(k, sizeof(k), "TASK%d", i);
		val(run, "scheduler", k, buf, sizeof(buf));
		char *act = strrchr(buf, ',');
		if (act)
			*act++ = '\0';
		sb_printf(b, "<tr><td>%d</td><td class=\"val\">", i);
		h(b, buf);
		sb_puts(b, "</td><td class=\"val\">");
		h(b, act ? act : "");
		sb_puts(b, "</td></tr>\n");
	}
	sb_puts(b, "</tbody></table>\n");

	sb_puts(b, "<h3>Alarm Inputs (User Manual Chapter 9)</h3>\n<table><thead><tr><th>Input</th>"
		   "<th>Alias name</th><th>Type</th><th>Relays controlled by this input</th>"
		   "<th>Time for relay (sec)</th><th>Alert type</th><th>Alarm Function</th></tr>"
		   "</thead><tbody>\n");
	for (int i = 1; i <= 6; i++) {
		static const char *const keys[] = { "INALIAS", "INTYPE", "INRELAYS", "INTIME",
						    "INALERT", "ALARM" };
		sb_printf(b, "<tr><td>IN%d</td>", i);
		for (int j = 0; j < 6; j++) {
			snprintf(k, sizeof(k), "%s%d", keys[j], i);
			val(run, "inputs", k, buf, sizeof(buf));
			sb_puts(b, "<td class=\"val\">");
			h(b, j == 5 ? onoff(buf) : buf);
			sb_puts(b, "</td>");
		}
		sb_puts(b, "</tr>\n");
	}
	sb_puts(b, "</tbody></table>\n");

	sb_puts(b, "<h3>Power resume mode (User Manual Chapter 12)</h3>\n<table><thead><tr>"
		   "<th style=\"width:12%\">Relay</th><th>Alias name</th><th>Mode</th></tr></thead><tbody>\n");
	for (int i = 1; i <= 7; i++) {
		sb_printf(b, "<tr><td>%d</td><td class=\"val\">", i);
		snprintf(k, sizeof(k), "ALIAS%d", i);
		h(b, val(run, "aliases", k, buf, sizeof(buf)));
		sb_puts(b, "</td><td class=\"val\">");
		snprintf(k, sizeof(k), "POWERSTATE%d", i);
		h(b, val(run, "power", k, buf, sizeof(buf)));
		sb_puts(b, "</td></tr>\n");
	}
	sb_puts(b, "</tbody></table>\n");

	sb_puts(b, "<h3>Temperature sensors (User Manual Chapter 7)</h3>\n<table><thead><tr>"
		   "<th>Temperature sensor</th><th>Temperature rise alert</th>"
		   "<th>Temperature fall alert</th></tr></thead><tbody>\n");
	for (int i = 1; i <= 5; i++) {
		sb_printf(b, "<tr><td>%d</td><td class=\"val\">", i);
		snprintf(k, sizeof(k), "TEMPHIGH%d", i);
		h(b, onoff(val(run, "temperature", k, buf, sizeof(buf))));
		sb_puts(b, "</td><td class=\"val\">");
		snprintf(k, sizeof(k), "TEMPLOW%d", i);
		h(b, onoff(val(run, "temperature", k, buf, sizeof(buf))));
		sb_puts(b, "</td></tr>\n");
	}
	sb_puts(b, "</tbody></table>\n");

	sb_puts(b, "<h3>Thermostats (User Manual Chapter 7)</h3>\n<table><thead><tr><th>Relay</th>"
		   "<th>Alias name</th><th>Controlled by temp. sensor</th><th>Thermostat mode</th>"
		   "<th>\"Switch-off\" temperature</th><th>Thermostat Function</th>"
		   "<th>\"Switch-off\" alert</th></tr></thead><tbody>\n");
	for (int i = 1; i <= 7; i++) {
		sb_printf(b, "<tr><td>Relay%d</td><td class=\"val\">", i);
		snprintf(k, sizeof(k), "ALIAS%d", i);
		h(b, val(run, "aliases", k, buf, sizeof(buf)));
		snprintf(k, sizeof(k), "TSENSOR%d", i);
		val(run, "thermostat", k, buf, sizeof(buf));
		sb_puts(b, "</td><td class=\"val\">");
		h(b, !strcmp(buf, "0") ? "none" : buf);
		static const char *const keys[] = { "TMODE", "TTEMP", "THERMO", "TALERT" };
		for (int j = 0; j < 4; j++) {
			snprintf(k, sizeof(k), "%s%d", keys[j], i);
			val(run, "thermostat", k, buf, sizeof(buf));
			sb_puts(b, "</td><td class=\"val\">");
			if (j == 1 && buf[0])
				strncat(buf, " \xc2\xb0"
					     "C",
					sizeof(buf) - strlen(buf) - 1);
			h(b, j >= 2 ? onoff(buf) : buf);
		}
		sb_puts(b, "</td></tr>\n");
	}
	sb_puts(b, "</tbody></table>\n</div>\n");
	if (document)
		sb_puts(b, "</body></html>\n");
	sb_free(&v);
}

char *report_pic_string(const struct rr_run *run)
{
	struct sbuf b;

	sb_init(&b);
	report_pic_html(run, &b, true);
	if (!sb_ok(&b)) {
		sb_free(&b);
		return NULL;
	}
	return sb_steal(&b);
}
