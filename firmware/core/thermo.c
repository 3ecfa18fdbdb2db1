/*
 * thermo.c - temperature sampling, rise/fall alerts, sensor failure, and
 * the thermostat per relay (Configuration Guide 3.1, 3.2).
 */
#include "fw_internal.h"

#define HYSTERESIS 5 /* 0.5 degC before the same alert can fire again */

static void temp_alerts(struct fw *fw, int s)
{
	uint8_t bit = (uint8_t)(1u << s);
	int16_t t = fw->temp[s], hi = fw->set.temp_high[s], lo = fw->set.temp_low[s];
	if (hi != SET_TEMP_OFF) {
		if (!(fw->high_fired & bit) && t > hi) {
			fw->high_fired |= bit;
			fw_alert(fw, AL_TEMP_HIGH, s, t);
		} else if ((fw->high_fired & bit) && t <= hi - HYSTERESIS) {
			fw->high_fired &= (uint8_t)~bit;
		}
	}
	if (lo != SET_TEMP_OFF) {
		if (!(fw->low_fired & bit) && t < lo) {
			fw->low_fired |= bit;
			fw_alert(fw, AL_TEMP_LOW, s, t);
		} else if ((fw->low_fired & bit) && t >= lo + HYSTERESIS) {
			fw->low_fired &= (uint8_t)~bit;
		}
	}
}

/* A failed sensor disables every thermostat on it, with one alert. */
static void sensor_failed(struct fw *fw, int s)
{
	bool had = false;
	for (int r = 0; r < HAL_RELAYS; r++)
		if (fw->set.th_on[r] && fw->set.th_sensor[r] == s + 1) {
			fw->set.th_on[r] = 0;
			had = true;
		}
	if (!had)
		return;
	settings_save(&fw->set);
	if (fw->set.sensor_alert && !((fw->sensor_alerted >> s) & 1u)) {
		fw->sensor_alerted |= (uint8_t)(1u << s);
		fw_alert(fw, AL_SENSOR_FAIL, s, 0);
	}
}

/* Installed sensors (Installation Guide 3): those connected at power-up,
 * then each new sensor that appears on its own. Several new sensors at once
 * are a configuration error: none of them is installed while it lasts. */
static void detect(struct fw *fw, uint8_t seen)
{
	uint8_t fresh = (uint8_t)(seen & ~fw->sensors);
	if (fresh & (fresh - 1u)) {
		fw->sensors_conflict = fresh;
		return;
	}
	fw->sensors |= fresh;
	fw->sensors_conflict = 0;
}

static uint8_t present(void)
{
	uint8_t seen = 0;
	for (int s = 0; s < HAL_SENSORS; s++) {
		int16_t v;
		if (hal_temp_read((uint8_t)s, &v) != HAL_TEMP_ABSENT)
			seen |= (uint8_t)(1u << s);
	}
	return seen;
}

void thermo_init(struct fw *fw)
{
	fw->sensors = present();
	fw->sensors_conflict = 0;
}

bool thermo_installed(struct fw *fw, int s)
{
	detect(fw, present());
	return (fw->sensors >> s) & 1u;
}

bool thermo_threshold_allowed(struct fw *fw, int s, int16_t was, int16_t now)
{
	return now == was || now == SET_TEMP_OFF || thermo_installed(fw, s);
}

static void sample(struct fw *fw)
{
	int16_t v[HAL_SENSORS] = { 0 };
	enum hal_temp_status st[HAL_SENSORS];
	uint8_t seen = 0;
	for (int s = 0; s < HAL_SENSORS; s++) {
		st[s] = hal_temp_read((uint8_t)s, &v[s]);
		if (st[s] != HAL_TEMP_ABSENT)
			seen |= (uint8_t)(1u << s);
	}
	detect(fw, seen);
	for (int s = 0; s < HAL_SENSORS; s++) {
		uint8_t was = fw->temp_status[s];
		if (!((fw->sensors >> s) & 1u)) {
			/* Not installed: not read; a thermostat on it waits for it. */
			fw->temp_status[s] = HAL_TEMP_ABSENT;
			continue;
		}
		if (st[s] == HAL_TEMP_ABSENT)
			st[s] = HAL_TEMP_FAILED; /* installed, now disconnected */
		fw->temp_status[s] = (uint8_t)st[s];
		if (st[s] == HAL_TEMP_OK) {
			fw->temp[s] = v[s];
			temp_alerts(fw, s);
			continue;
		}
		/* No reading: a failure for a thermostat using the sensor. */
		if (was == HAL_TEMP_OK)
			fw->sensor_alerted &= (uint8_t) ~(1u << s); /* a new failure */
		sensor_failed(fw, s);
	}
}

/* Relay r follows its thermostat now: enabled, with a reading, and not
 * limited by backup mode. */
bool thermo_in_control(const struct fw *fw, int r)
{
	int s = fw->set.th_sensor[r] - 1;
	return fw->set.th_on[r] && s >= 0 && fw->temp_status[s] == HAL_TEMP_OK &&
	       !fw_limited(fw, FW_ROW_THERMOSTAT);
}

/* Heating: on below the switch-off temperature, off at or above it.
 * Cooling: the mirror image. */
static void regulate(struct fw *fw, int r)
{
	int s = fw->set.th_sensor[r] - 1;
	if (!fw->set.th_on[r] || s < 0 || fw->temp_status[s] != HAL_TEMP_OK)
		return;
	/* A timed action (alarm time, PULSE, RESTART) has the relay until it
	 * ends; then the thermostat may switch it again (IG 5.2). */
	if (fw->relay_at[r])
		return;
	int16_t t = fw->temp[s], sp = fw->set.th_temp[r];
	bool want = fw->set.th_mode[r] == TM_HEAT ? t < sp : t > sp;
	bool on = (fw->relays >> r) & 1u;
	if (want == on)
		return;
	fw_relay_set(fw, r, want);
	if (!want && fw->set.th_alert[r])
		fw_alert(fw, AL_SWITCH_OFF, r, t);
}

void thermo_poll(struct fw *fw, bool do_sample)
{
	if (do_sample) {
		sample(fw);
		fw->next_temp = hal_now_ms() + FW_TEMP_PERIOD_MS;
	}
	/* NOTE-B: the thermostat does not switch in backup mode and returns to
	 * normal operation as soon as backup mode ends. */
	if (fw_limited(fw, FW_ROW_THERMOSTAT))
		return;
	for (int r = 0; r < HAL_RELAYS; r++)
		regulate(fw, r);
}

uint64_t thermo_deadline(const struct fw *fw)
{
	return fw->next_temp;
}
