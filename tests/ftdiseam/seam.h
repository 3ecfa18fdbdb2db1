/*
 * seam.h - the FTDI seam rig: bin/relayrig's FTDI driver linked against a
 * stand-in for libftdi1 (seam_ftdi.c) whose pins are wired to a fake unit
 * (seam_unit.c: the firmware simulator, bin/isocket-sim, behind a model of
 * the bench's board with realistic timings, on a virtual clock).
 *
 * Only build/.../relayrig-ftdiseam links this; bin/relayrig never does.
 * What it fakes and what it proves: rig/drivers/ftdi/README.md, "The seam
 * rig".
 */
#ifndef SEAM_H
#define SEAM_H

#include <stdbool.h>
#include <stdint.h>

#define SEAM_CHANNELS 4

/* The chip's side of a channel, as the fake libftdi keeps it. */
struct seam_chan {
	bool open;     /* a context has it claimed */
	uint8_t mode;  /* 0 = reset (UART), BITMODE_BITBANG */
	uint8_t dir;   /* 1 = output */
	uint8_t latch; /* the byte last written */
};

extern struct seam_chan seam_chan[SEAM_CHANNELS];

/* A channel was claimed (the first claim starts a fresh unit) or
 * released (the last release stops it). */
void seam_unit_claim(void);
void seam_unit_release(void);
/* The chip's latch or direction changed: the board re-reads its outputs. */
void seam_unit_pins_changed(void);
/* The level of channel ch's pins as the board drives them (relay sense
 * lines, pull-ups); the chip's own outputs are merged by the caller. */
uint8_t seam_unit_pins_in(int ch);

#endif
