/*
 * rig.h - the rig driver interface. A driver is a struct of operations; one
 * folder per driver under rig/drivers/ (sim: the firmware's host port as a
 * child process on virtual time; ftdi: libftdi1 bit-bang plus serial ports).
 *
 * Time: every driver has a clock in milliseconds (virtual for sim, monotonic
 * wall time for ftdi). advance() is the only way time passes for a test: it
 * returns early when the unit wrote to a link or a relay changed, so the
 * runner can service the emulator and the USB client at once, and see a
 * relay change when it happens.
 */
#ifndef RR_RIG_H
#define RR_RIG_H

#include <stdbool.h>
#include <stdint.h>

#include "link/link.h"

#define RIG_RELAYS 7
#define RIG_INPUTS 6
#define RIG_SENSORS 5

enum rig_output {
	RIG_OUT_DC = 0,  /* main 12 V DC supply */
	RIG_OUT_AC = 1,  /* AC line seen by the voltage sensor */
	RIG_OUT_BAT = 2, /* backup battery switch */
	RIG_OUT_USB = 3, /* USB VBUS / cable attached */
	RIG_OUT_IN1 = 4, /* IN1..IN6 = RIG_OUT_IN1 + 0..5: voltage present */
	RIG_OUT_COUNT = RIG_OUT_IN1 + RIG_INPUTS,
};

struct rig_relay {
	bool on;
	uint64_t changed_ms; /* rig clock time of the last change */
};

/* One relay change, as reported by drivers that keep a history. */
struct rig_relay_event {
	int relay; /* 0..RIG_RELAYS-1 */
	bool on;
	uint64_t t_ms;
};

/* set_temp: decic value meaning "no sensor installed on that channel". */
#define RIG_TEMP_NONE INT32_MIN
/* The readings a sensor can give, in degC: the 1-Wire sensors' range, the
 * one the firmware and the simulator take (firmware/README.md). rig.temp
 * refuses a value outside it. */
#define RIG_TEMP_MIN_C (-55)
#define RIG_TEMP_MAX_C 125

struct rig_driver;
struct rigfile; /* rigfile/rigfile.h: the rig description, one per rig */

/* What one unit on the rig starts as: the rig file's defaults, changed for
 * the rest of a test file by rig.fresh{ ac_sensor =, serial = }. */
#define UNIT_SERIAL_MAX 64
struct unit_opts {
	bool ac_sensor;               /* the model has the AC voltage sensor */
	char serial[UNIT_SERIAL_MAX]; /* the unit's serial number, "" = its own */
};

/* Every driver's handle starts with this. */
struct rig {
	const struct rig_driver *drv;
};

/* What a rig can do beyond switching 12 V and reading relays: a test or a
 * certification cell that needs one is skipped, with the reason, on a rig
 * without it (rig.has(), the `needs` option of it/describe). */
enum rig_cap {
	RIG_CAP_AC = 1u << 0,            /* switch the AC line at the voltage sensor */
	RIG_CAP_BATTERY = 1u << 1,       /* switch the backup battery */
	RIG_CAP_USB = 1u << 2,           /* attach and detach USB, talk the USB protocol */
	RIG_CAP_INPUTS = 1u << 3,        /* drive the six alarm inputs */
	RIG_CAP_TEMP = 1u << 4,          /* set sensor readings, fail or remove a sensor */
	RIG_CAP_BATTERY_LEVEL = 1u << 5, /* set the battery's charge (run it down) */
	RIG_CAP_CLOCK_JUMP = 1u << 6,    /* rig time is virtual: long waits cost nothing */
	RIG_CAP_MODELS = 1u << 7,        /* start another model (rig.fresh{ ac_sensor = false }) */
	RIG_CAP_CONTROL = 1u << 8,       /* raw unit commands (rig.control: store damage, hangs) */
};

#define RIG_CAP_COUNT 9

/* The capability at index i (bit 1 << i): its name ("temp") and what it
 * lets a test do ("set temperature readings"); NULL past the end. */
const char *rig_cap_name(int i);
const char *rig_cap_what(int i);
/* The index of a capability name, or -1. */
int rig_cap_index(const char *name);
/* The capability names, comma separated (for error messages). */
const char *rig_cap_list(void);

struct rig_driver {
	const char *name;
	unsigned caps; /* enum rig_cap bits */
	/* Create and power up a unit in its initial state. rf is the rig
	 * description (rigfile.h; the driver keeps a copy), u the unit's
	 * options. A driver that cannot honour u (another model on a real
	 * rig) returns RR_ERR_NOTSUP. */
	int (*open)(const struct rigfile *rf, const struct unit_opts *u, struct rig **out);
	void (*close)(struct rig *r); /* safe state first, then free */

	int (*set_output)(struct rig *r, enum rig_output o, bool on);
	/* Temperature in 0.1 degC; fail=true simulates a failed sensor.
	 * Drivers without temperature control return RR_ERR_NOTSUP. */
	int (*set_temp)(struct rig *r, int sensor, int decic, bool fail);
	int (*set_battery_level)(struct rig *r, int percent);
	/* Current relay states, as last read / reported. */
	int (*relays)(struct rig *r, struct rig_relay out[RIG_RELAYS]);

	uint64_t (*now_ms)(struct rig *r);
	/* Let time pass towards until_ms; *now is the rig's time on return.
	 * It may return before until_ms (the caller, session_wait, calls it
	 * again): sim runs at most 10 virtual minutes a call and stops the
	 * moment the firmware writes to the modem or USB stream or a relay
	 * contact moves (all changes are kept for relay_events); ftdi
	 * stops when a link is readable, a relay change was accepted or the
	 * unit's USB port appeared. A time not after the current one returns
	 * at once. RR_OK, or a negative rr_err: RR_ERR_CRASH (sim: the child
	 * died or hung) or RR_ERR_NODEV (ftdi: the device was lost), and on
	 * sim RR_ERR_INTR / RR_ERR_DEADLINE when a stop signal or the test's
	 * time limit ended the wait. */
	int (*advance)(struct rig *r, uint64_t until_ms, uint64_t *now);

	struct link *(*modem_link)(struct rig *r);
	struct link *(*usb_link)(struct rig *r);

	/* Power-cycle / reset the unit, keeping its settings. */
	int (*restart)(struct rig *r);
	/* Supplies off, inputs released, USB detached. Must be safe to call
	 * at any time, more than once, and from a failure path. */
	int (*safe_state)(struct rig *r);
	/* RR_OK, or RR_ERR_CRASH / RR_ERR_NODEV with a message in msg. */
	int (*health)(struct rig *r, char *msg, int msglen);
	/* Identity of the unit: firmware version, serial ("" if unknown). */
	int (*identity)(struct rig *r, char *fw, int fwlen, char *serial, int serlen);

	/* Optional operations (NULL when the driver lacks them). */
	/* Relay changes since the last call, oldest first: up to max into
	 * out; returns how many. Lets the runner see a pulse that came and
	 * went within one advance(). */
	int (*relay_events)(struct rig *r, struct rig_relay_event *out, int max);
	/* The outputs as last set (for the record of the final safe state). */
	int (*outputs)(struct rig *r, bool out[RIG_OUT_COUNT]);
	/* A driver-specific raw command ("debug hang" for the sim); the reply
	 * (without "ok ") into reply. */
	int (*control)(struct rig *r, const char *cmd, char *reply, int len);
};

extern const struct rig_driver rig_driver_sim;
extern const struct rig_driver rig_driver_ftdi;

/* Look a driver up by name ("sim", "ftdi"); NULL if unknown. */
const struct rig_driver *rig_driver_find(const char *name);

#endif
