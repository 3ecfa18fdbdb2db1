/*
 * report.c - what the unit tells: alerts to the alert numbers (queued,
 * rendered and handed to the AT client while it has room) and the reports
 * shared by SMS replies, scheduled tasks, alerts and the USB info tab.
 */
#include "fw_internal.h"

#include <string.h>

/* --- alerts ---------------------------------------------------------------- */

bool fw_has_alert_numbers(const struct fw *fw)
{
	for (int i = 0; i < SET_NUMBERS; i++)
		if (fw->set.alerts[i][0])
			return true;
	return false;
}

/* Input alarms also go to the security-centre numbers (CENTRE1..5),
 * after the alert numbers; nothing else does. */
static bool to_centre(uint8_t kind)
{
	return kind == AL_INPUT || kind == AL_CALL_INPUT;
}

/* Recipient slot: 0..SET_NUMBERS-1 the alert numbers, then the centre. */
static const char *recipient(const struct fw *fw, const struct fw_alert *a, unsigned slot)
{
	if (slot < SET_NUMBERS)
		return fw->set.alerts[slot];
	if (to_centre(a->kind) && slot < SET_NUMBERS + SET_CENTRE)
		return fw->set.centre[slot - SET_NUMBERS];
	return NULL;
}

void fw_alert(struct fw *fw, enum alert_kind k, int arg, int value)
{
	bool any = fw_has_alert_numbers(fw);
	for (int i = 0; i < SET_CENTRE && !any && to_centre((uint8_t)k); i++)
		any = fw->set.centre[i][0] != '\0';
	if (!any)
		return;
	if (fw->nalerts == FW_ALERTS) {
		fw->alerts_dropped++;
		return;
	}
	struct fw_alert *a = &fw->alerts[fw->nalerts++];
	a->kind = (uint8_t)k;
	a->arg = (uint8_t)arg;
	a->value = (int16_t)value;
	a->next = 0;
}

static void input_name(const struct fw *fw, int i, struct sb *o)
{
	sb_puts(o, "IN");
	sb_int(o, i + 1);
	if (fw->set.in_alias[i][0]) {
		sb_puts(o, " (");
		sb_puts(o, fw->set.in_alias[i]);
		sb_putc(o, ')');
	}
}

static void alert_text(struct fw *fw, const struct fw_alert *a, struct sb *o)
{
	switch ((enum alert_kind)a->kind) {
	case AL_DC_FAIL: sb_puts(o, "Main power (12V DC) failed!"); break;
	case AL_DC_OK: sb_puts(o, "Main power (12V DC) restored"); break;
	case AL_AC_FAIL: sb_puts(o, "AC power failed!"); break;
	case AL_AC_OK: sb_puts(o, "AC power restored"); break;
	case AL_BATTERY:
		sb_puts(o, "Backup battery low: ");
		sb_int(o, a->value);
		sb_putc(o, '%');
		break;
	case AL_INPUT:
	case AL_CALL_INPUT:
		sb_puts(o, "Alarm! ");
		input_name(fw, a->arg, o);
		break;
	case AL_TEMP_HIGH:
	case AL_TEMP_LOW:
		sb_puts(o, a->kind == AL_TEMP_HIGH ? "Temperature rise alert: T" : "Temperature fall alert: T");
		sb_int(o, a->arg + 1);
		sb_putc(o, '=');
		sb_dec1(o, a->value);
		sb_putc(o, 'C');
		break;
	case AL_SWITCH_OFF:
		sb_puts(o, "Thermostat switched off R");
		sb_int(o, a->arg + 1);
		sb_puts(o, " at ");
		sb_dec1(o, a->value);
		sb_putc(o, 'C');
		break;
	case AL_SENSOR_FAIL:
		sb_puts(o, "Temperature sensor T");
		sb_int(o, a->arg + 1);
		sb_puts(o, " failed! Thermostat disabled");
		break;
	case AL_REPORT_TEMP: fw_report_temps(fw, o); break;
	case AL_REPORT_SIGNAL: fw_report_signal(fw, o); break;
	case AL_REPORT_RSTAT: fw_report_relays(fw, o); break;
	case AL_REPORT_ISTAT: fw_report_inputs(fw, o); break;
	}
}

/* Hand queued alerts to the AT client while it has room; one alert goes to
 * every alert number in turn. */
void alerts_flush(struct fw *fw)
{
	char text[FW_REPLY + 1];
	struct sb o;
	while (fw->nalerts && atc_pending(&fw->atc) < 2) {
		struct fw_alert *a = &fw->alerts[0];
		const char *num;
		while ((num = recipient(fw, a, a->next)) && !num[0])
			a->next++;
		if (!num) {
			fw->nalerts--;
			memmove(&fw->alerts[0], &fw->alerts[1], sizeof(fw->alerts[0]) * fw->nalerts);
			continue;
		}
		int rc;
		if (a->kind == AL_CALL_INPUT) {
			rc = atc_call(&fw->atc, num);
		} else {
			sb_init(&o, text, sizeof(text));
			alert_text(fw, a, &o);
			rc = atc_send_sms(&fw->atc, num, text);
		}
		if (rc < 0)
			break;
		a->next++;
	}
}

/* --- reports --------------------------------------------------------------- */

void fw_report_relays(struct fw *fw, struct sb *o)
{
	for (int r = 0; r < HAL_RELAYS; r++) {
		if (r)
			sb_putc(o, ' ');
		sb_putc(o, 'R');
		sb_int(o, r + 1);
		sb_puts(o, (fw->relays >> r) & 1u ? "=ON" : "=OFF");
	}
}

void fw_report_inputs(struct fw *fw, struct sb *o)
{
	for (int i = 0; i < HAL_INPUTS; i++) {
		if (i)
			sb_putc(o, ' ');
		sb_puts(o, "IN");
		sb_int(o, i + 1);
		sb_puts(o, (fw->in_alarm >> i) & 1u ? "=ALARM" : "=OK");
		sb_puts(o, fw->set.in_alarm[i] ? ",ON" : ",OFF");
	}
}

void fw_report_temps(struct fw *fw, struct sb *o)
{
	bool any = false;
	for (int s = 0; s < HAL_SENSORS; s++) {
		if (fw->temp_status[s] == HAL_TEMP_ABSENT)
			continue;
		if (any)
			sb_putc(o, ' ');
		sb_putc(o, 'T');
		sb_int(o, s + 1);
		sb_putc(o, '=');
		if (fw->temp_status[s] == HAL_TEMP_OK) {
			sb_dec1(o, fw->temp[s]);
			sb_putc(o, 'C');
		} else {
			sb_puts(o, "FAIL");
		}
		any = true;
	}
	if (!any)
		sb_puts(o, "No temperature sensors");
	if (fw->sensors_conflict) {
		sb_puts(o, ". Error: ");
		fw_report_sensor_error(fw, o);
	}
}

/* Several new sensors at once (Installation Guide 3). */
void fw_report_sensor_error(struct fw *fw, struct sb *o)
{
	sb_puts(o, "several new sensors (");
	sb_bits(o, fw->sensors_conflict, "T");
	sb_puts(o, "), connect one at a time");
}

void fw_report_signal(struct fw *fw, struct sb *o)
{
	uint32_t now;
	int rssi = atc_rssi(&fw->atc);
	sb_puts(o, "Signal: ");
	if (rssi >= 0 && rssi <= 31) {
		sb_int(o, rssi);
		sb_puts(o, "/31");
	} else {
		sb_puts(o, "unknown");
	}
	sb_puts(o, ". Time: ");
	if (clock_now(fw, &now))
		clock_format(now, o);
	else
		sb_puts(o, "not set");
}

void fw_report_log(struct fw *fw, int n, struct sb *o)
{
	const struct fw_log_entry *e = &fw->log[n];
	if (e->timed)
		clock_format(e->t, o);
	else
		sb_puts(o, "time not set");
	sb_putc(o, ' ');
	input_name(fw, e->input, o);
}

void fw_report_status(struct fw *fw, struct sb *o)
{
	sb_puts(o, "Relays: ");
	for (int r = 0; r < HAL_RELAYS; r++)
		sb_putc(o, (fw->relays >> r) & 1u ? '1' : '0');
	sb_puts(o, "; Inputs: ");
	if (fw_limited(fw, FW_ROW_ALARM)) /* NOTE-A: input status is not disclosed */
		sb_puts(o, "N/A");
	else
		for (int i = 0; i < HAL_INPUTS; i++)
			sb_putc(o, (fw->in_alarm >> i) & 1u ? 'A' : '-');
	sb_puts(o, "; DC: ");
	sb_puts(o, fw->dc ? "OK" : "FAIL");
	sb_puts(o, "; AC: ");
	sb_puts(o, !hal_has_ac_sensor() ? "N/A" : fw->ac ? "OK"
							 : "FAIL");
	sb_puts(o, "; Battery: ");
	sb_int(o, hal_battery_percent());
	sb_puts(o, "%; Backup mode: ");
	sb_puts(o, fw_backup_mode(fw) ? "ON" : "OFF");
	if (fw->set.sms_locked)
		sb_puts(o, "; " FW_LOCKED_TEXT);
}
