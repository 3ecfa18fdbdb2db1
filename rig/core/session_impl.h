/*
 * session_impl.h - the session's insides, for rig/core only (session.c and
 * the USB configuration client usbcfg.c). Everything else, the Lua bindings
 * above all, uses the functions of session.h.
 */
#ifndef RR_SESSION_IMPL_H
#define RR_SESSION_IMPL_H

#include "session.h"

#define SESSION_HIST 64   /* relay changes kept per relay */
#define SESSION_INBOX 256 /* unit-sent SMS not yet taken by a test */

struct session {
	const struct rig_driver *drv;
	struct rig *rig;
	struct emu *emu;
	struct link *modem, *usb;
	uint64_t now_ms;
	bool dead;      /* the unit crashed, hung or lost its link */
	char why[1024]; /* reason when dead */
	struct rig_relay relay[RIG_RELAYS];
	struct rig_relay_event hist[RIG_RELAYS][SESSION_HIST];
	int nhist[RIG_RELAYS]; /* total changes seen per relay */
	struct emu_sms_out *inbox;
	int ninbox;
	struct sbuf usbrx; /* USB bytes not yet consumed as lines */
	bool usb_attached;
	int64_t net_epoch; /* network time set by the test, or 0 */
	char fw[64], serial[64];
};

#endif
