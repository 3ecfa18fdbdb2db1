/*
 * limits.c - the backup-limitation table (Configuration Guide 3.4): one
 * decision per row of the table, for the current BACKUPLIMIT and the
 * debounced 12 V and AC levels. Every path that the table limits asks
 * fw_limited() for its row; nothing else decides (see firmware/README.md).
 */
#include "fw_internal.h"

bool fw_ac_lost(const struct fw *fw)
{
	return hal_has_ac_sensor() && !fw->ac;
}

bool fw_limited(const struct fw *fw, enum fw_row row)
{
	bool dc_failed = !fw->dc;
	switch (row) {
	case FW_ROW_ALARM:       /* NOTE-A */
	case FW_ROW_SCHED_INPUT: /* NOTE-C */
		return fw->set.backup_limit == BL_DC && dc_failed;
	case FW_ROW_RELAY:       /* NOTE-B */
	case FW_ROW_THERMOSTAT:  /* NOTE-B */
	case FW_ROW_SCHED_RELAY: /* NOTE-C */
		return dc_failed || (fw->set.backup_limit == BL_AC && fw_ac_lost(fw));
	case FW_ROW_ALARM_RELAY: /* NOTE-B: except Option 3 */
		return dc_failed;
	case FW_ROW_TEMP_SIGN:
	case FW_ROW_COUNT:
		break;
	}
	return false;
}

bool fw_backup_mode(const struct fw *fw)
{
	for (int row = 0; row < FW_ROW_COUNT; row++)
		if (fw_limited(fw, (enum fw_row)row))
			return true;
	return false;
}
