/*
 * protocol.h - the ftdi driver's hardware logic: one libftdi1 context per
 * FTDI channel that carries rig lines, asynchronous bit-bang with a
 * direction mask, outputs written as whole-port bytes from a shadow
 * register, relay inputs polled and debounced on the rig clock.
 *
 * The rig clock counts milliseconds from ftdi_hw_open(). A relay change is
 * accepted once the new level has held for debounce_ms; its time is that of
 * the first sample showing the new level (so it is late by at most one poll
 * period plus any contact bounce, never by the debounce time).
 *
 * If a libftdi call fails once the rig is up, the device is taken as lost
 * (unplugged or reset): every other channel is driven to its safe byte, the
 * reason is kept for health(), and every call answers RR_ERR_NODEV.
 */
#ifndef RR_FTDI_PROTOCOL_H
#define RR_FTDI_PROTOCOL_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "rig.h"
#include "rigfile/rigfile.h"

struct ftdi_context;

#define FTDI_EVENTS 256 /* relay changes kept for relay_events() */

struct ftdi_chan {
	struct ftdi_context *ctx; /* NULL: not used, or not open */
	bool used;                /* carries at least one rig line */
	bool inputs;              /* carries relay inputs */
	uint8_t dir;              /* direction mask, 1 = output */
	uint8_t safe;             /* every output at its inactive level */
	uint8_t shadow;           /* the byte last written */
};

struct ftdi_relay {
	bool on;             /* debounced state */
	uint64_t changed_ms; /* rig time of the last accepted change */
	bool pending;        /* the raw level differs from on ... */
	uint64_t pending_us; /* ... since this clock time */
};

struct ftdi_rig {
	struct rig base; /* first: the runner sees a struct rig */
	struct rigfile rf;
	struct ftdi_chan ch[RIGFILE_CHANNELS];
	struct ftdi_relay relay[RIG_RELAYS];
	bool out[RIG_OUT_COUNT]; /* outputs as last set */
	uint64_t t0_us;          /* clock at open: rig time 0 */
	bool lost;               /* a libftdi call failed */
	char health[512];        /* why, once lost */
	char err[512];           /* the last error, for callers */
	struct rig_relay_event ev[FTDI_EVENTS];
	int nev;
	struct link *modem, *usb;
};

/* Work out each channel's direction mask and safe byte from fr->rf. */
void ftdi_hw_plan(struct ftdi_rig *fr);
/* Open every used channel in bit-bang mode at its safe byte and read the
 * relays once. On failure nothing stays open; fr->err says why. Returns 0,
 * RR_ERR_NODEV (no device), RR_ERR_PERM (no access), RR_ERR_ARG (wrong
 * chip), RR_ERR_IO or RR_ERR_NOMEM. */
int ftdi_hw_open(struct ftdi_rig *fr);
/* Close the channels as they are (call ftdi_hw_safe first). */
void ftdi_hw_close(struct ftdi_rig *fr);

/* Open one channel without touching its mode or pins, read the pins and
 * close it again (the doctor's dry run). */
int ftdi_hw_probe(struct ftdi_rig *fr, int ch, uint8_t *pins, int *chip_type);

/* Write every open channel's safe byte, even after a loss; RR_ERR_NODEV
 * if any write failed. */
int ftdi_hw_safe(struct ftdi_rig *fr);
/* Switch one output: the whole port byte with only that bit changed. */
int ftdi_hw_set(struct ftdi_rig *fr, enum rig_output o, bool on);
/* Read the relay channels once and run the debounce; *changed is set when
 * a relay change was accepted. */
int ftdi_hw_sample(struct ftdi_rig *fr, bool *changed);
/* Sample every poll_ms until the clock reaches until_us (returns 0). With
 * stop_early, return 1 as soon as a relay changed or one of fds is
 * readable. Negative rr_err when the device is lost. */
int ftdi_hw_run(struct ftdi_rig *fr, uint64_t until_us, struct pollfd *fds, int nfds,
		bool stop_early);

uint64_t ftdi_hw_now_ms(const struct ftdi_rig *fr);
/* Raw pin bytes of the open channels, "B=ff C=fc D=01", for diagnostics. */
int ftdi_hw_pins(struct ftdi_rig *fr, char *buf, int len);
/* libftdi's chip type as a name: "FT4232H". */
const char *ftdi_hw_type_name(int type);

#endif
