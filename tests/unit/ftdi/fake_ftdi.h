/*
 * fake_ftdi.h - a stand-in for libftdi1, linked into the driver's tests
 * instead of -lftdi1 (a link-time seam). It keeps fake FTDI devices with
 * per-channel output latch, direction and mode, records every call with its
 * arguments, replays scripted pin levels on the virtual clock, and fails
 * calls on request.
 *
 * Log lines: "new", "set_interface B", "open_string B i:0x0403:0x6011",
 * "open_desc_index B 0403:6011 desc=- serial=FT1 index=0", "latency B 2",
 * "bitmode B 0xff 0x01", "write B 0xfe", "read_pins C", "close B",
 * "free B", "find_all 0403:6011", "get_strings 0"; a failed call ends
 * with " FAIL".
 */
#ifndef FAKE_FTDI_H
#define FAKE_FTDI_H

#include <ftdi.h>
#include <stdint.h>

void fake_ftdi_reset(void);
/* A device on the bus; returns its index. bus/addr are 1/(index + 2). */
int fake_ftdi_add(int vid, int pid, enum ftdi_chip_type type, const char *serial,
		  const char *description);
/* Every open fails with rc and libftdi's message msg (rc 0: opens work). */
void fake_ftdi_open_error(int rc, const char *msg);
/* From virtual time t_ms (fake_clock_ms) on, device dev's channel shows
 * pins on its input bits. */
void fake_ftdi_pins_at(int dev, int channel, uint64_t t_ms, uint8_t pins);
/* The nth next call named call ("write", "read_pins", "bitmode", ...) on
 * channel fails with rc, and so does every call on that channel after it
 * (the device is gone). channel -1: any channel. */
void fake_ftdi_fail(const char *call, int channel, int nth, int rc);

/* Everything called since the last reset or clear. */
const char *fake_ftdi_log(void);
void fake_ftdi_log_clear(void);
/* Only the log lines that start with prefix (e.g. "write"). */
const char *fake_ftdi_grep(const char *prefix);
/* Contexts allocated and not freed. */
int fake_ftdi_live(void);
/* The byte now on a channel's output latch. */
uint8_t fake_ftdi_latch(int dev, int channel);

#endif
