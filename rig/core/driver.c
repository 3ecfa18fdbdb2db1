/* driver.c - the table of rig drivers built into this binary, and the
 * capability names. */
#include "rig.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name, *what;
} caps[RIG_CAP_COUNT] = {
	{ "ac", "switch the AC line at the voltage sensor" },
	{ "battery", "switch the backup battery" },
	{ "usb", "attach and detach USB" },
	{ "inputs", "drive the alarm inputs" },
	{ "temp", "set temperature readings" },
	{ "battery_level", "set the battery's charge" },
	{ "clock_jump", "jump rig time (virtual time)" },
	{ "models", "start another model of the unit" },
	{ "control", "send raw commands to the unit" },
};

const char *rig_cap_name(int i)
{
	return i >= 0 && i < RIG_CAP_COUNT ? caps[i].name : NULL;
}

const char *rig_cap_what(int i)
{
	return i >= 0 && i < RIG_CAP_COUNT ? caps[i].what : NULL;
}

int rig_cap_index(const char *name)
{
	for (int i = 0; i < RIG_CAP_COUNT; i++)
		if (!strcmp(name, caps[i].name))
			return i;
	return -1;
}

const char *rig_cap_list(void)
{
	static char list[160];

	if (!list[0])
		for (int i = 0; i < RIG_CAP_COUNT; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", caps[i].name);
	return list;
}

const struct rig_driver *rig_driver_find(const char *name)
{
	const struct rig_driver *all[] = { &rig_driver_sim, &rig_driver_ftdi };

	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}
