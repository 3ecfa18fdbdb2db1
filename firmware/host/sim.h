/*
 * sim.h - the host port's model of the unit's surroundings: supplies,
 * inputs, sensors, relay coils and contacts, the non-volatile store, and the
 * virtual clock. It implements hal.h for the core.
 */
#ifndef SIM_H
#define SIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fw.h"

#define SIM_RELAY_RELEASE_MS 10 /* contacts drop this long after 12 V fails */

/* Bytes the firmware wrote to a stream, not yet sent (sim_flush). */
struct sim_outq {
	uint8_t buf[16384];
	size_t len;
};

struct sim {
	uint64_t world_ms; /* virtual (or wall) time since the process started */
	uint64_t boot_ms;  /* world time of the last power-up */
	bool powered, dc, ac, bat, usb, ac_sensor;
	bool in[HAL_INPUTS];
	int bat_level;
	uint8_t temp_status[HAL_SENSORS];
	int16_t temp[HAL_SENSORS];
	uint8_t coils;       /* as driven by the firmware */
	uint8_t contacts;    /* as the rig sees them */
	uint64_t dc_lost_ms; /* world time 12 V went away */
	uint8_t nv[HAL_NV_SIZE];
	const char *nv_path;
	bool nv_ok_at_boot;
	int modem_fd, usb_fd; /* the harness's byte streams (or pty masters) */
	bool seen;            /* something the harness must see at once: the
	                         firmware wrote to the modem or USB stream, or
	                         a relay contact moved (a run ends there) */
	bool reset_requested;
	bool pdu;            /* the AT client in SMS PDU mode (--pdu) */
	FILE *events;        /* where "ev ..." lines go */
	bool inline_streams; /* "streams inline": bytes travel on the control channel */
	struct sim_outq modem_out, usb_out;
	struct sim_outq modem_in, usb_in; /* inline bytes the firmware has not taken */
	struct fw *fw;                    /* the core's state (fw_boot) */
};

extern struct sim sim;
/* The unit's serial number (--serial). */
extern const char *sim_serial;

/* Load the store from sim.nv_path (missing file: empty store). */
int sim_nv_load(void);
/* Apply a supply change: powers the MCU up or down, reports events. */
void sim_power_update(void);
/* Restart the MCU (reset button / RESTART over USB). */
void sim_restart(void);
/* Recompute relay contacts from coils and supply; report changes. */
void sim_contacts_update(void);
/* Send what the firmware wrote to the modem and USB streams (with inline
 * streams, as "ev m|u <hex>" lines). */
void sim_flush(void);
/* Inline streams: take the hex bytes of a run argument ("m<hex>" modem,
 * "u<hex>" USB) for the firmware; false when malformed or too many. */
bool sim_inline_input(const char *arg);
/* Feed bytes waiting on the modem and USB streams to the firmware. */
void sim_drain_inputs(void);
/* Poll the firmware once at the current world time. */
void sim_step(void);
/* Next world time anything is due (firmware timer or contact release). */
uint64_t sim_next_event(void);
/* Advance virtual time by at most ms, stopping early when the firmware
 * writes output. */
void sim_run(uint64_t ms);
/* The same, except that the bytes waiting on the modem and USB streams
 * are taken at the end (at the new time), not at the start. */
void sim_run_late(uint64_t ms);
/* Invert one backup-rule decision, SPEC = "BL,DC,AC,ROW" (invert.c); -1 if
 * SPEC is malformed. */
int sim_invert_set(const char *spec);

#endif
