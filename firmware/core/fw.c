/*
 * fw.c - the core's main loop: power and backup mode, relays and their
 * timed actions, alarm inputs, alerts to the alert numbers, reports.
 */
#include "fw_internal.h"

#include <string.h>

#define RELAY_NV_OFF (HAL_NV_SIZE - 2u) /* remembered relay states + check */

/* --- relays ---------------------------------------------------------------- */

/* The state each relay ends in: a relay in a timed action (pulse, restart,
 * alarm relay time) counts with the state it takes when the time is up,
 * never with its temporary one. */
static uint8_t relays_final(const struct fw *fw)
{
	uint8_t v = fw->relays;
	for (int r = 0; r < HAL_RELAYS; r++)
		if (fw->relay_at[r])
			v = (uint8_t)((v & ~(1u << r)) | (fw->relay_to & (1u << r)));
	return v;
}

/* Keep the final states in the store for POWERSTATE=REMEMBER at power-up;
 * written only when they differ from what is stored. */
static void relays_remember(struct fw *fw)
{
	uint8_t v = relays_final(fw);
	uint8_t rec[2] = { v, (uint8_t)~v }, old[2];
	if (hal_nv_read(RELAY_NV_OFF, old, sizeof(old)) && old[0] == rec[0] && old[1] == rec[1])
		return;
	hal_nv_write(RELAY_NV_OFF, rec, sizeof(rec));
}

static uint8_t relays_remembered(void)
{
	uint8_t rec[2];
	if (hal_nv_read(RELAY_NV_OFF, rec, sizeof(rec)) && (uint8_t)(rec[0] ^ rec[1]) == 0xffu)
		return rec[0] & 0x7f;
	return 0;
}

/* Drive relay r's coil; false when it was so already. No check of 12 V
 * here: the backup rules decide whether a relay may be switched, and a coil
 * driven without 12 V closes when it returns. */
static bool drive(struct fw *fw, int r, bool on)
{
	uint8_t bit = (uint8_t)(1u << r);
	if (((fw->relays & bit) != 0) == on)
		return false;
	fw->relays ^= bit;
	hal_relay_write((uint8_t)r, on);
	return true;
}

void fw_relay_set(struct fw *fw, int r, bool on)
{
	fw->relay_at[r] = 0;
	if (drive(fw, r, on))
		relays_remember(fw);
}

void fw_relay_timed(struct fw *fw, int r, bool now, bool then, uint32_t ms)
{
	uint8_t bit = (uint8_t)(1u << r);
	drive(fw, r, now);
	fw->relay_at[r] = hal_now_ms() + ms;
	fw->relay_to = then ? (uint8_t)(fw->relay_to | bit) : (uint8_t)(fw->relay_to & ~bit);
	relays_remember(fw);
}

/* PULSE: the inverse of the state the relay returns to, for ms. That state
 * is the one before the pulse or, while a timed action (pulse, restart,
 * alarm relay time) runs, the one that action ends in: a second PULSE
 * restarts the time and never leaves the relay inverted. */
void fw_relay_pulse(struct fw *fw, int r, uint32_t ms)
{
	bool to = (relays_final(fw) >> r) & 1u;
	fw_relay_timed(fw, r, !to, to, ms);
}

static void relay_timers(struct fw *fw, uint64_t now)
{
	for (int r = 0; r < HAL_RELAYS; r++)
		if (fw->relay_at[r] && fw->relay_at[r] <= now)
			fw_relay_set(fw, r, (fw->relay_to >> r) & 1u);
}

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

/* Hand queued alerts to the modem while it has room; one alert goes to
 * every alert number in turn. */
static void alerts_flush(struct fw *fw)
{
	char text[FW_REPLY + 1];
	struct sb o;
	while (fw->nalerts && modem_pending(&fw->modem) < 2) {
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
			rc = modem_call(&fw->modem, num);
		} else {
			sb_init(&o, text, sizeof(text));
			alert_text(fw, a, &o);
			rc = modem_send_sms(&fw->modem, num, text);
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
	int rssi = modem_rssi(&fw->modem);
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
	sb_puts(o, !hal_has_ac_sensor() ? "N/A" : fw->ac ? "OK" : "FAIL");
	sb_puts(o, "; Battery: ");
	sb_int(o, hal_battery_percent());
	sb_puts(o, "%; Backup mode: ");
	sb_puts(o, fw_backup_mode(fw) ? "ON" : "OFF");
	if (fw->set.sms_locked)
		sb_puts(o, "; " FW_LOCKED_TEXT);
}

/* --- alarm inputs ---------------------------------------------------------- */

void fw_alarm_enable(struct fw *fw, int i, bool on)
{
	fw->set.in_alarm[i] = on;
}

void fw_thermo_enable(struct fw *fw, int r, bool on)
{
	fw->set.th_on[r] = on;
	fw->sensor_alerted = 0;
}

/* The alarm log keeps the last FW_LOG alarms with the clock's time. */
static void log_alarm(struct fw *fw, int i)
{
	if (fw->nlog == FW_LOG) {
		memmove(&fw->log[0], &fw->log[1], sizeof(fw->log[0]) * (FW_LOG - 1));
		fw->nlog--;
	}
	struct fw_log_entry *e = &fw->log[fw->nlog++];
	e->timed = clock_now(fw, &e->t);
	e->input = (uint8_t)i;
}

/* The alarm (log, alert) and the relays tied to the input are two rows of
 * the table, decided each on its own. */
static void input_alarm(struct fw *fw, int i)
{
	if (!fw->set.in_alarm[i])
		return;
	if (!fw_limited(fw, FW_ROW_ALARM)) {
		log_alarm(fw, i);
		if (fw->set.in_alert[i] == IA_SMS)
			fw_alert(fw, AL_INPUT, i, 0);
		else if (fw->set.in_alert[i] == IA_CALL)
			fw_alert(fw, AL_CALL_INPUT, i, 0);
	}
	if (fw_limited(fw, FW_ROW_ALARM_RELAY))
		return;
	for (int r = 0; r < HAL_RELAYS; r++)
		if (fw->set.in_relays[i] & (1u << r))
			fw_relay_timed(fw, r, true, false, fw->set.in_time[i] * 1000u);
}

static void inputs_poll(struct fw *fw, uint64_t now)
{
	for (int i = 0; i < HAL_INPUTS; i++) {
		uint8_t bit = (uint8_t)(1u << i);
		bool raw = hal_input_level((uint8_t)i);
		if (raw == ((fw->in_level & bit) != 0)) {
			fw->in_edge[i] = 0;
			continue;
		}
		if (!fw->in_edge[i])
			fw->in_edge[i] = now;
		if (now - fw->in_edge[i] < FW_IN_DEBOUNCE_MS)
			continue;
		fw->in_edge[i] = 0;
		fw->in_level ^= bit;
		/* N/O: alarm when voltage appears; N/C: when it disappears. */
		bool alarm = raw != (fw->set.in_type[i] == IT_NC);
		bool was = (fw->in_alarm & bit) != 0;
		fw->in_alarm = alarm ? (uint8_t)(fw->in_alarm | bit) : (uint8_t)(fw->in_alarm & ~bit);
		if (alarm && !was)
			input_alarm(fw, i);
	}
}

/* --- power ----------------------------------------------------------------- */

/* Each relay takes its POWERSTATE: the state before the failure
 * (REMEMBER), ON or OFF. At power-up and when 12 V returns. A relay whose
 * thermostat is in control is left to it (it regulates on the same poll),
 * so it never switches against the thermostat. */
static void power_resume(struct fw *fw)
{
	for (int r = 0; r < HAL_RELAYS; r++) {
		if (thermo_in_control(fw, r))
			continue;
		uint8_t ps = fw->set.power_state[r];
		fw_relay_set(fw, r, ps == PS_ON ||
				    (ps == PS_REMEMBER && ((fw->saved_relays >> r) & 1u)));
	}
}

static void dc_changed(struct fw *fw, bool present)
{
	fw->dc = present;
	if (!present) {
		/* Every active relay is released when 12 V fails. A relay in a
		 * timed action resumes in the state that action ends in. */
		fw->saved_relays = relays_final(fw);
		for (int r = 0; r < HAL_RELAYS; r++)
			if ((fw->relays >> r) & 1u) {
				fw->relays &= (uint8_t)~(1u << r);
				hal_relay_write((uint8_t)r, false);
			}
		memset(fw->relay_at, 0, sizeof(fw->relay_at));
		if (fw->set.dc_alert)
			fw_alert(fw, AL_DC_FAIL, 0, 0);
		return;
	}
	power_resume(fw);
	fw->bat_alerted = 0;
	if (fw->set.dc_alert)
		fw_alert(fw, AL_DC_OK, 0, 0);
}

/* Debounce one supply level; returns true when the stable level flips. */
static bool debounce(bool raw, bool stable, uint64_t *edge, uint64_t now)
{
	if (raw == stable) {
		*edge = 0;
		return false;
	}
	if (!*edge)
		*edge = now;
	if (now - *edge < FW_DC_DEBOUNCE_MS)
		return false;
	*edge = 0;
	return true;
}

static void power_poll(struct fw *fw, uint64_t now)
{
	if (debounce(hal_dc_present(), fw->dc, &fw->dc_edge, now))
		dc_changed(fw, !fw->dc);
	if (hal_has_ac_sensor() && debounce(hal_ac_present(), fw->ac, &fw->ac_edge, now)) {
		fw->ac = !fw->ac;
		if (fw->set.ac_alert)
			fw_alert(fw, fw->ac ? AL_AC_OK : AL_AC_FAIL, 0, 0);
	}
	if (!fw->dc) {
		uint8_t level = hal_battery_percent();
		for (int i = 0; i < SET_BATLEVELS && fw->set.bat_levels[i]; i++)
			if (level <= fw->set.bat_levels[i] && !((fw->bat_alerted >> i) & 1u)) {
				fw->bat_alerted |= (uint8_t)(1u << i);
				fw_alert(fw, AL_BATTERY, 0, level);
			}
	}
}

/* --- settings -------------------------------------------------------------- */

bool fw_settings_changed(struct fw *fw)
{
	fw->sensor_alerted = 0;
	/* An input whose type changed is judged by its new type from now on:
	 * its present state is taken as it is (no alarm for the change). */
	for (int i = 0; i < HAL_INPUTS; i++) {
		uint8_t bit = (uint8_t)(1u << i);
		bool alarm = ((fw->in_level & bit) != 0) != (fw->set.in_type[i] == IT_NC);
		fw->in_alarm = alarm ? (uint8_t)(fw->in_alarm | bit) : (uint8_t)(fw->in_alarm & ~bit);
	}
	return settings_save(&fw->set);
}

/* --- modem callbacks ------------------------------------------------------- */

static void on_sms(void *user, const struct modem_sms *sms)
{
	sms_handle(user, sms);
}

static void on_ring(void *user, const char *number)
{
	sms_ring(user, number);
}

static void on_clock(void *user, const char *ts)
{
	clock_set_from_network(user, ts);
}

static const struct modem_ops modem_ops = { on_sms, on_ring, on_clock };

/* --- entry points ---------------------------------------------------------- */

void fw_init(struct fw *fw)
{
	memset(fw, 0, sizeof(*fw));
	/* A bad record is not written back: it is reported again at each boot
	 * until the next change is saved. */
	fw->nv_status = (uint8_t)settings_load(&fw->set, &fw->stage, fw->nv_repaired);
	if (fw->nv_status == NV_BLANK)
		settings_save(&fw->set);
	modem_init(&fw->modem, &modem_ops, fw);
	fw->usb_write_tab = -1;
	fw->dc = hal_dc_present();
	fw->ac = hal_ac_present();
	fw->window_until = hal_now_ms() + FW_WINDOW_MS;
	fw->high_fired = fw->low_fired = 0;
	/* Power-resume mode applies at power-up as when 12 V returns. */
	fw->saved_relays = relays_remembered();
	thermo_init(fw); /* the sensors connected at power-up are installed */
	thermo_poll(fw, true); /* first reading: thermostats take their relays */
	if (fw->dc)
		power_resume(fw);
	for (int i = 0; i < HAL_INPUTS; i++) {
		bool lv = hal_input_level((uint8_t)i);
		if (lv)
			fw->in_level |= (uint8_t)(1u << i);
		if (lv != (fw->set.in_type[i] == IT_NC))
			fw->in_alarm |= (uint8_t)(1u << i);
	}
}

void fw_modem_rx(struct fw *fw, const uint8_t *buf, size_t len)
{
	modem_rx(&fw->modem, buf, len);
}

void fw_usb_rx(struct fw *fw, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (fw->usb_rx_len == FW_USB_RX) {
			fw->usb_overflow = true;
			return;
		}
		fw->usb_rx[fw->usb_rx_len++] = buf[i];
	}
}

size_t fw_usb_room(const struct fw *fw)
{
	return FW_USB_RX - fw->usb_rx_len;
}

void fw_poll(struct fw *fw)
{
	uint64_t now = hal_now_ms();
	power_poll(fw, now);
	inputs_poll(fw, now);
	relay_timers(fw, now);
	usb_poll(fw);
	modem_poll(&fw->modem);
	sched_poll(fw);
	thermo_poll(fw, now >= fw->next_temp);
	alerts_flush(fw);
	modem_poll(&fw->modem);
	if (fw->dc)
		relays_remember(fw); /* a timed action cancelled by ON/OFF */
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t fw_next_deadline(const struct fw *fw)
{
	uint64_t d = modem_next_deadline(&fw->modem);
	if (fw->dc_edge)
		d = min64(d, fw->dc_edge + FW_DC_DEBOUNCE_MS);
	if (fw->ac_edge)
		d = min64(d, fw->ac_edge + FW_DC_DEBOUNCE_MS);
	for (int i = 0; i < HAL_INPUTS; i++)
		if (fw->in_edge[i])
			d = min64(d, fw->in_edge[i] + FW_IN_DEBOUNCE_MS);
	for (int r = 0; r < HAL_RELAYS; r++)
		if (fw->relay_at[r])
			d = min64(d, fw->relay_at[r]);
	d = min64(d, sched_deadline(fw));
	d = min64(d, thermo_deadline(fw));
	return d;
}
