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

static void sample(struct fw *fw)
{
	for (int s = 0; s < HAL_SENSORS; s++) {
		int16_t v = 0;
		enum hal_temp_status st = hal_temp_read((uint8_t)s, &v);
		uint8_t was = fw->temp_status[s];
		fw->temp_status[s] = (uint8_t)st;
		if (st == HAL_TEMP_OK) {
			fw->temp[s] = v;
			temp_alerts(fw, s);
		} else if (st == HAL_TEMP_FAILED) {
			if (was != HAL_TEMP_FAILED)
				fw->sensor_alerted &= (uint8_t)~(1u << s); /* a new failure */
			sensor_failed(fw, s);
		}
	}
}

/* Relay r follows its thermostat now: enabled, with a reading, and not
 * limited by backup mode. */
bool thermo_in_control(const struct fw *fw, int r)
{
	int s = fw->set.th_sensor[r] - 1;
	return fw->set.th_on[r] && s >= 0 && fw->temp_status[s] == HAL_TEMP_OK &&
	       !fw_relay_limited(fw);
}

/* Heating: on below the switch-off temperature, off at or above it.
 * Cooling: the mirror image. */
static void regulate(struct fw *fw, int r)
{
	int s = fw->set.th_sensor[r] - 1;
	if (!fw->set.th_on[r] || s < 0 || fw->temp_status[s] != HAL_TEMP_OK)
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
	if (fw_relay_limited(fw))
		return;
	for (int r = 0; r < HAL_RELAYS; r++)
		regulate(fw, r);
}

uint64_t thermo_deadline(const struct fw *fw)
{
	return fw->next_temp;
}
