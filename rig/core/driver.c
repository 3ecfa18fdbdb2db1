/* driver.c - the table of rig drivers built into this binary.
 *
 * The FTDI driver lives in its own fragment; a weak reference keeps the
 * tree linking while it is absent (the lookup then reports it unknown). */
#include "rig.h"

#include <string.h>

extern const struct rig_driver rig_driver_ftdi __attribute__((weak));

const struct rig_driver *rig_driver_find(const char *name)
{
	const struct rig_driver *all[] = { &rig_driver_sim, &rig_driver_ftdi };

	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i] && all[i]->name && !strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}
