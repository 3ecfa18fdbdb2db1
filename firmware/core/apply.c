/*
 * apply.c - settings changed at run time (by SMS, USB or a scheduled task):
 * the Alarm Function and thermostat switches, and what a change resets.
 */
#include "fw_internal.h"

/* --- switches -------------------------------------------------------------- */

void fw_alarm_enable(struct fw *fw, int i, bool on)
{
	fw->set.in_alarm[i] = on;
}

void fw_thermo_enable(struct fw *fw, int r, bool on)
{
	fw->set.th_on[r] = on;
	fw->sensor_alerted = 0;
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
