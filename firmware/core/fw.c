/*
 * fw.c - the core's top: the port interface (fw.h), the main loop, power
 * and backup mode sensing, alarm inputs, and the AT client's callbacks.
 * The top layer, the only caller of sms.c, sched.c and usbcfg.c; see
 * "Layers" in firmware/README.md.
 */
#include "fw_internal.h"

#include <string.h>

/* --- alarm inputs ---------------------------------------------------------- */

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
		fw_relay_set(fw, r, ps == PS_ON || (ps == PS_REMEMBER && ((fw->saved_relays >> r) & 1u)));
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
				fw->relays &= (uint8_t) ~(1u << r);
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

/* --- AT client callbacks --------------------------------------------------- */

static void on_sms(void *user, const struct atc_sms *sms)
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

static const struct atc_ops atc_ops = { on_sms, on_ring, on_clock };

/* --- entry points ---------------------------------------------------------- */

void fw_init(struct fw *fw)
{
	memset(fw, 0, sizeof(*fw));
	/* A bad record is not written back: it is reported again at each boot
	 * until the next change is saved. */
	fw->nv_status = (uint8_t)settings_load(&fw->set, &fw->stage, fw->nv_repaired);
	if (fw->nv_status == NV_BLANK)
		settings_save(&fw->set);
	atc_init(&fw->atc, &atc_ops, fw);
	fw->usb_write_tab = -1;
	fw->dc = hal_dc_present();
	fw->ac = hal_ac_present();
	fw->window_until = hal_now_ms() + FW_WINDOW_MS;
	fw->high_fired = fw->low_fired = 0;
	/* Power-resume mode applies at power-up as when 12 V returns. */
	fw->saved_relays = relays_remembered();
	thermo_init(fw);       /* the sensors connected at power-up are installed */
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

/* The unit's state: one instance, reached by the port through fw_boot(). */
static struct fw unit;

struct fw *fw_boot(void)
{
	fw_init(&unit);
	return &unit;
}

void fw_set_pdu(struct fw *fw, bool pdu)
{
	atc_set_pdu(&fw->atc, pdu);
}

_Static_assert((int)FW_NV_OK == (int)NV_OK && (int)FW_NV_DEFAULTS == (int)NV_BLANK &&
		       (int)FW_NV_REPAIRED == (int)NV_REPAIRED && (int)FW_NV_CORRUPT == (int)NV_CORRUPT,
	       "enum fw_nv follows enum nv_status");

enum fw_nv fw_nv_status(const struct fw *fw)
{
	return (enum fw_nv)fw->nv_status;
}

void fw_modem_rx(struct fw *fw, const uint8_t *buf, size_t len)
{
	atc_rx(&fw->atc, buf, len);
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
	atc_poll(&fw->atc);
	sched_poll(fw);
	thermo_poll(fw, now >= fw->next_temp);
	alerts_flush(fw);
	atc_poll(&fw->atc);
	if (fw->dc)
		relays_remember(fw); /* a timed action cancelled by ON/OFF */
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t fw_next_deadline(const struct fw *fw)
{
	uint64_t d = atc_next_deadline(&fw->atc);
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
