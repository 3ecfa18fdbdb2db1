/*
 * sched.c - the scheduler: runs the 20 tasks at their minute of the wall
 * clock (clock.c).
 */
#include "fw_internal.h"

void sched_run_action(struct fw *fw, const struct task *t)
{
	int x = t->arg - 1;
	/* NOTE-B/NOTE-C: a limited task is skipped now and never run later. */
	if (task_is_relay_action(t->action) && fw_limited(fw, FW_ROW_SCHED_RELAY))
		return;
	if (task_is_input_action(t->action) && fw_limited(fw, FW_ROW_SCHED_INPUT))
		return;
	if ((t->action == TA_TEMP || t->action == TA_SIGN) && fw_limited(fw, FW_ROW_TEMP_SIGN))
		return;
	switch ((enum task_action)t->action) {
	case TA_ONR: fw_relay_set(fw, x, true); break;
	case TA_OFFR: fw_relay_set(fw, x, false); break;
	case TA_PULR: fw_relay_pulse(fw, x, fw->set.pulse_time * 1000u); break;
	case TA_RSTAT: fw_alert(fw, AL_REPORT_RSTAT, 0, 0); break;
	case TA_TON:
	case TA_TOFF:
		fw_thermo_enable(fw, x, t->action == TA_TON);
		settings_save(&fw->set);
		break;
	case TA_TEMP: fw_alert(fw, AL_REPORT_TEMP, 0, 0); break;
	case TA_SIGN: fw_alert(fw, AL_REPORT_SIGNAL, 0, 0); break;
	case TA_AON:
	case TA_AOFF:
		fw_alarm_enable(fw, x, t->action == TA_AON);
		settings_save(&fw->set);
		break;
	case TA_ISTAT: fw_alert(fw, AL_REPORT_ISTAT, 0, 0); break;
	case TA_AONALL:
	case TA_AOFFALL:
		for (int i = 0; i < HAL_INPUTS; i++)
			fw_alarm_enable(fw, i, t->action == TA_AONALL);
		settings_save(&fw->set);
		break;
	case TA_NONE:
	case TA_COUNT:
		break;
	}
}

static void sched_minute(struct fw *fw, uint32_t minute)
{
	uint32_t mod = minute % 1440u;
	uint8_t dow = (uint8_t)((minute / 1440u + 5u) % 7u + 1u); /* 2000-01-01: Sat */
	for (int i = 0; i < SET_TASKS; i++) {
		const struct task *t = &fw->set.tasks[i];
		if (t->used && t->hh * 60u + t->mm == mod && (t->day == 0 || t->day == dow))
			sched_run_action(fw, t);
	}
}

void sched_poll(struct fw *fw)
{
	if (!fw->clock_set)
		return;
	uint32_t minute = (uint32_t)(clock_wall_ms(fw) / 60000u);
	if (minute - fw->last_minute > 60u) /* never replay a long gap */
		fw->last_minute = minute - 1u;
	while (fw->last_minute < minute)
		sched_minute(fw, ++fw->last_minute);
}

uint64_t sched_deadline(const struct fw *fw)
{
	if (!fw->clock_set)
		return FW_NEVER;
	uint64_t w = clock_wall_ms(fw);
	return hal_now_ms() + (60000u - w % 60000u);
}
