/*
 * invert.c - host build only: one backup-rule decision inverted, for the
 * certification's self-check (make certify-selfcheck).
 *
 * The simulator compiles core/limits.c with -Dfw_limited=fw_limited_core
 * (firmware/firmware.mk), so every fw_limited() call of the core lands
 * here. With an inversion configured (isocket-sim --invert SPEC or the
 * environment variable ISOCKET_SIM_INVERT=SPEC, SPEC = BL,DC,AC,ROW, e.g.
 * "DC,failed,ok,relay"), the decision for that row is inverted while the
 * unit is in exactly that condition: BACKUPLIMIT=BL, 12 V ok|failed,
 * AC ok|failed (as the voltage sensor sees it; no sensor reads ok). Every
 * other decision, and the "Backup mode" the unit reports, is the core's.
 * The Cortex-M3 image and the unit tests link core/limits.c as it is.
 */
#include "sim.h"
#include "fw_internal.h"

#include <string.h>

bool fw_limited_core(const struct fw *fw, enum fw_row row);

static const char *const row_names[FW_ROW_COUNT] = {
	[FW_ROW_ALARM] = "alarm",
	[FW_ROW_RELAY] = "relay",
	[FW_ROW_ALARM_RELAY] = "alarm_relay",
	[FW_ROW_THERMOSTAT] = "thermostat",
	[FW_ROW_TEMP_SIGN] = "temp_sign",
	[FW_ROW_SCHED_RELAY] = "sched_relay",
	[FW_ROW_SCHED_INPUT] = "sched_input",
};

static struct {
	bool on;
	uint8_t bl; /* enum backup_limit */
	bool dc_ok, ac_ok;
	enum fw_row row;
} inv;

static bool ok_failed(const char *s, size_t n, bool *ok)
{
	if (n == 2 && !strncmp(s, "ok", 2))
		*ok = true;
	else if (n == 6 && !strncmp(s, "failed", 6))
		*ok = false;
	else
		return false;
	return true;
}

int sim_invert_set(const char *spec)
{
	const char *f[4];
	size_t n[4];
	const char *p = spec;
	for (int i = 0; i < 4; i++) {
		const char *e = strchr(p, ',');
		if (i < 3 && !e)
			return -1;
		f[i] = p;
		n[i] = e && i < 3 ? (size_t)(e - p) : strlen(p);
		p = e ? e + 1 : p + n[i];
	}
	static const char *const bls[] = { "DC", "AC", "OFF" };
	int bl = -1;
	for (int i = 0; i < 3; i++)
		if (n[0] == strlen(bls[i]) && !strncmp(f[0], bls[i], n[0]))
			bl = i;
	int row = -1;
	for (int i = 0; i < FW_ROW_COUNT; i++)
		if (n[3] == strlen(row_names[i]) && !strncmp(f[3], row_names[i], n[3]))
			row = i;
	if (bl < 0 || row < 0 || !ok_failed(f[1], n[1], &inv.dc_ok) ||
	    !ok_failed(f[2], n[2], &inv.ac_ok))
		return -1;
	inv.bl = (uint8_t)bl;
	inv.row = (enum fw_row)row;
	inv.on = true;
	return 0;
}

bool fw_limited(const struct fw *fw, enum fw_row row)
{
	bool limited = fw_limited_core(fw, row);
	if (inv.on && row == inv.row && fw->set.backup_limit == inv.bl &&
	    fw->dc == inv.dc_ok && !fw_ac_lost(fw) == inv.ac_ok)
		return !limited;
	return limited;
}
