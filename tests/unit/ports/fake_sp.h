/*
 * fake_sp.h - a stand-in for libserialport's port enumeration, linked
 * instead of -lserialport (a link-time seam): the test declares the ports
 * that exist and how opening them fails.
 */
#ifndef FAKE_SP_H
#define FAKE_SP_H

#include <libserialport.h>

void fake_sp_reset(void);
/* Add a port; vid < 0 makes it a native (non-USB) port. */
void fake_sp_add(const char *name, const char *desc, int vid, int pid, const char *manufacturer,
		 const char *product, const char *serial);
/* errno that sp_open fails with (0 = opens). */
void fake_sp_open_errno(int e);
/* Make sp_list_ports fail. */
void fake_sp_list_fails(int fail);

#endif
