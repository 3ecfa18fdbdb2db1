/*
 * cmd_doctor.c - `relayrig doctor --rig FILE [--toggle]`: is this rig
 * ready? Checks the rig file, the FTDI device and each channel it needs,
 * the modem port and the unit's USB port, and says what to do about each
 * problem. Exit 0 only when everything needed is present.
 *
 * The dry run (default) switches nothing: each channel is opened, its pins
 * read and closed again, without setting its bit mode or writing to it. --toggle
 * takes the rig: safe state first (every relay must then read off), power
 * up and listen on the modem UART, switch each input on and off, attach
 * USB and wait for the unit's port, and end in the safe state.
 */
#include <ftdi.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "err.h"
#include "ports.h"
#include "protocol.h"
#include "rigclk.h"

#define LISTEN_MS 5000 /* how long --toggle listens for the unit's modem UART */
#define BOOT_MS 2000   /* power-up time before the relays are read */

struct doc {
	FILE *out;
	int problems;
	struct ftdi_rig *fr;
	bool toggle;
	bool ftdi_ok;              /* every channel opened */
	char modem[256], usb[256]; /* resolved port names, "" if not found */
};

static void say(struct doc *d, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(struct doc *d, const char *tag, const char *fmt, ...)
{
	va_list ap;
	fprintf(d->out, "  %-5s ", tag);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
	if (strcmp(tag, "FAIL") == 0)
		d->problems++;
}

/* Usage on f; errors (rc 2) go to stderr when f is stdout. */
static int usage(FILE *f, int rc)
{
	if (rc && f == stdout)
		f = stderr;
	fprintf(f, "usage: relayrig doctor --rig FILE [--toggle]\n"
		   "Checks a rig file and the hardware it names: the FTDI device and its\n"
		   "channels, the modem port and the unit's USB port. Switches nothing\n"
		   "unless --toggle is given; then it puts the rig in its safe state,\n"
		   "powers the unit, switches each input on and off, attaches USB, reads\n"
		   "the relays, and ends in the safe state. Exit 0 when ready.\n");
	return rc;
}

static bool level(const struct rigfile_line *l, const uint8_t pins[RIGFILE_CHANNELS])
{
	return (((pins[l->channel] >> l->bit) & 1u) != 0) != l->active_low;
}

static void relay_line(struct doc *d, const char *what, const bool on[RIG_RELAYS])
{
	char buf[128];
	int n = 0;
	for (int i = 0; i < RIG_RELAYS; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%sR%d %s", i ? ", " : "", i + 1,
			      on[i] ? "on" : "off");
	say(d, "info", "%s: %s", what, buf);
}

/* One line per channel: which line is which, direction and safe byte. */
static void wiring(struct doc *d)
{
	const struct rigfile *rf = &d->fr->rf;
	ftdi_hw_plan(d->fr);
	for (int c = 0; c < RIGFILE_CHANNELS; c++) {
		char buf[256];
		int n = 0;
		if (c == rf->modem.channel) {
			say(d, "info", "channel %c: the modem UART", 'A' + c);
			continue;
		}
		if (!d->fr->ch[c].used)
			continue;
		for (int o = 0; o < RIG_OUT_COUNT; o++)
			if (rf->out[o].wired && rf->out[o].channel == c)
				n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s %s=%d%s", n ? "" : " out",
					      rigfile_output_key(o), rf->out[o].bit,
					      rf->out[o].active_low ? "~" : "");
		for (int i = 0, first = 1; i < RIG_RELAYS; i++)
			if (rf->relay[i].channel == c) {
				n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s r%d=%d%s",
					      first ? (n ? ";  in" : " in") : "", i + 1, rf->relay[i].bit,
					      rf->relay[i].active_low ? "~" : "");
				first = 0;
			}
		say(d, "info", "channel %c:%s (direction 0x%02x, safe byte 0x%02x; ~ = active-low)", 'A' + c,
		    buf, d->fr->ch[c].dir, d->fr->ch[c].safe);
	}
}

/* The FTDI devices with the rig file's VID/PID (or any FTDI device). */
static int list_ftdi(struct doc *d, int vid, int pid)
{
	struct ftdi_context *ctx = ftdi_new();
	struct ftdi_device_list *list = NULL;
	if (!ctx)
		return RR_ERR_NOMEM;
	int n = ftdi_usb_find_all(ctx, &list, vid, pid);
	if (n < 0)
		say(d, "warn", "cannot list USB devices: %s", ftdi_get_error_string(ctx));
	for (struct ftdi_device_list *l = list; l; l = l->next) {
		char man[128] = "", desc[128] = "", ser[128] = "";
		if (ftdi_usb_get_strings(ctx, l->dev, man, sizeof(man), desc, sizeof(desc), ser,
					 sizeof(ser)) < 0)
			say(d, "info", "FTDI device present; its strings are unreadable (%s): "
				       "usually no permission, see scripts/99-relayrig.rules",
			    ftdi_get_error_string(ctx));
		else
			say(d, "info", "FTDI device present: %s \"%s\" serial %s", man, desc,
			    ser[0] ? ser : "-");
	}
	ftdi_list_free(&list);
	ftdi_free(ctx);
	return n;
}

static void check_ftdi(struct doc *d)
{
	const struct rigfile *rf = &d->fr->rf;
	char want[64];
	if (rf->vid >= 0)
		snprintf(want, sizeof(want), "%04x:%04x", rf->vid, rf->pid);
	else
		snprintf(want, sizeof(want), "FTDI");
	int n = list_ftdi(d, rf->vid >= 0 ? rf->vid : 0, rf->vid >= 0 ? rf->pid : 0);
	if (n == 0) {
		say(d, "FAIL", "no %s device is present: is the rig's USB cable plugged in "
			       "(lsusb -d 0403: lists FTDI devices)?",
		    want);
		if (rf->vid >= 0 && list_ftdi(d, 0, 0) == 0)
			say(d, "info", "no other FTDI device is present either");
		return;
	}
	uint8_t pins[RIGFILE_CHANNELS] = { 0 };
	d->ftdi_ok = true;
	for (int c = 0; c < RIGFILE_CHANNELS; c++) {
		if (!d->fr->ch[c].used)
			continue;
		int type = -1;
		if (ftdi_hw_probe(d->fr, c, &pins[c], &type) == RR_OK) {
			say(d, "ok", "channel %c opens (%s); pins 0x%02x", 'A' + c, ftdi_hw_type_name(type),
			    pins[c]);
			continue;
		}
		say(d, "FAIL", "%s", d->fr->err);
		d->ftdi_ok = false;
		/* The other channels are on the same device: same cause. */
		char rest[16] = "";
		size_t n = 0;
		for (int o = c + 1; o < RIGFILE_CHANNELS; o++)
			if (d->fr->ch[o].used)
				n += (size_t)snprintf(rest + n, sizeof(rest) - n, "%s%c", n ? ", " : "", 'A' + o);
		if (n)
			say(d, "skip", "channel%s %s: same device as channel %c", strchr(rest, ',') ? "s" : "",
			    rest, 'A' + c);
		return;
	}
	bool on[RIG_RELAYS];
	for (int i = 0; i < RIG_RELAYS; i++)
		on[i] = level(&rf->relay[i], pins);
	relay_line(d, "relays as the pins read now (dry run: channel modes untouched)", on);
}

static void check_port(struct doc *d, const char *what, const struct rigfile_port *p, char *name,
		       size_t len, bool may_be_absent)
{
	char desc[256], err[768];
	ports_describe(p, desc, sizeof(desc));
	name[0] = '\0';
	int rc = ports_resolve(p, name, len, err, sizeof(err));
	if (rc != RR_OK) {
		name[0] = '\0';
		if (may_be_absent && rc == RR_ERR_NODEV)
			say(d, "info", "%s (%s) is not present now: it appears when the rig attaches USB to "
				       "a powered unit (--toggle checks it)",
			    what, desc);
		else
			say(d, "FAIL", "%s (%s): %s", what, desc, err);
		return;
	}
	rc = ports_check_open(name, err, sizeof(err));
	if (rc != RR_OK)
		say(d, "FAIL", "%s: %s", what, err);
	else
		say(d, "ok", "%s %s (%s) opens", what, name, desc);
}

/* Sample the relays for ms and report their state. */
static int settle_and_read(struct doc *d, int ms, bool on[RIG_RELAYS])
{
	struct ftdi_rig *fr = d->fr;
	int rc = ftdi_hw_run(fr, rigclk_us() + (uint64_t)ms * 1000u, NULL, 0, false);
	if (rc < 0) {
		say(d, "FAIL", "%s", fr->health);
		return rc;
	}
	for (int i = 0; i < RIG_RELAYS; i++)
		on[i] = fr->relay[i].on;
	return RR_OK;
}

/* Listen on the modem UART while the unit boots: it should send AT commands. */
static void listen_modem(struct doc *d)
{
	struct link *l = NULL;
	char msg[512], got[64] = "";
	size_t ngot = 0;
	if (!d->modem[0])
		return;
	if (link_sp_open_msg(d->modem, d->fr->rf.modem.settings, &l, msg, sizeof(msg)) != RR_OK) {
		say(d, "FAIL", "modem port %s: %s", d->modem, msg);
		return;
	}
	uint64_t end = rigclk_us() + LISTEN_MS * 1000u;
	while (rigclk_us() < end && ngot < 16) {
		uint8_t buf[32];
		int n = link_read(l, buf, sizeof(buf), 0);
		for (int i = 0; i < n && ngot + 4 < sizeof(got); i++) {
			if (buf[i] >= 0x20 && buf[i] < 0x7f)
				got[ngot++] = (char)buf[i];
			else if (buf[i] == '\r' || buf[i] == '\n')
				ngot += (size_t)snprintf(got + ngot, sizeof(got) - ngot, "\\%c", buf[i] == '\r' ? 'r' : 'n');
		}
		if (n < 0) {
			say(d, "FAIL", "modem port %s: %s", d->modem, rr_strerror(n));
			break;
		}
		struct pollfd p = { .fd = l->ops->pollfd(l), .events = POLLIN };
		if (n == 0)
			rigclk_wait(&p, p.fd >= 0 ? 1 : 0, 50);
	}
	link_close(l);
	if (ngot)
		say(d, "ok", "the unit talks on the modem UART: \"%s\"", got);
	else
		say(d, "warn", "no bytes from the unit on the modem UART within %d ms: check TX/RX "
			       "(crossed?), ground and the baud rate",
		    LISTEN_MS);
}

static void toggle_inputs(struct doc *d, bool before[RIG_RELAYS])
{
	struct ftdi_rig *fr = d->fr;
	for (int k = 0; k < RIG_INPUTS; k++) {
		enum rig_output o = (enum rig_output)(RIG_OUT_IN1 + k);
		bool on[RIG_RELAYS];
		char ls[8];
		if (!fr->rf.out[o].wired)
			continue;
		rigfile_line_str(&fr->rf.out[o], ls, sizeof(ls));
		if (ftdi_hw_set(fr, o, true) != RR_OK || settle_and_read(d, fr->rf.settle_ms + 500, on) ||
		    ftdi_hw_set(fr, o, false) != RR_OK || settle_and_read(d, fr->rf.settle_ms, on)) {
			say(d, "FAIL", "IN%d (%s): %s", k + 1, ls, fr->lost ? fr->health : fr->err);
			return;
		}
		say(d, "ok", "IN%d (%s) switched on and off", k + 1, ls);
		if (memcmp(on, before, sizeof(on)) != 0)
			relay_line(d, "  relays changed meanwhile (the unit's alarm function?)", on);
		memcpy(before, on, sizeof(on));
	}
}

static void wait_usb(struct doc *d)
{
	struct ftdi_rig *fr = d->fr;
	char err[768] = "", desc[256];
	if (!fr->rf.out[RIG_OUT_USB].wired)
		return;
	ports_describe(&fr->rf.usb, desc, sizeof(desc));
	if (ftdi_hw_set(fr, RIG_OUT_USB, true) != RR_OK) {
		say(d, "FAIL", "attaching USB: %s", fr->health);
		return;
	}
	uint64_t t0 = rigclk_us(), end = t0 + (uint64_t)fr->rf.usb.enumerate_ms * 1000u;
	int rc;
	while ((rc = ports_resolve(&fr->rf.usb, d->usb, sizeof(d->usb), err, sizeof(err))) != RR_OK &&
	       rigclk_us() < end)
		ftdi_hw_run(fr, rigclk_us() + 250000u, NULL, 0, false);
	if (rc == RR_OK) {
		say(d, "ok", "the unit's USB port appeared after %llu ms: %s",
		    (unsigned long long)((rigclk_us() - t0) / 1000u), d->usb);
		if (ports_check_open(d->usb, err, sizeof(err)) != RR_OK)
			say(d, "FAIL", "unit USB port: %s", err);
	} else {
		say(d, "FAIL", "the unit's USB port (%s) did not appear within %d ms: %s", desc,
		    fr->rf.usb.enumerate_ms, err);
	}
	if (ftdi_hw_set(fr, RIG_OUT_USB, false) != RR_OK)
		say(d, "FAIL", "detaching USB: %s", fr->health);
}

static void toggle(struct doc *d)
{
	struct ftdi_rig *fr = d->fr;
	bool on[RIG_RELAYS];
	if (!d->ftdi_ok) {
		say(d, "skip", "--toggle: the FTDI channels are not all available");
		return;
	}
	if (ftdi_hw_open(fr) != RR_OK) {
		say(d, "FAIL", "%s", fr->err);
		return;
	}
	char pins[64] = "";
	ftdi_hw_pins(fr, pins, sizeof(pins));
	say(d, "ok", "safe state written (every output inactive); pins %s", pins);
	if (settle_and_read(d, fr->rf.settle_ms, on) == RR_OK) {
		int bad = 0;
		for (int i = 0; i < RIG_RELAYS; i++) {
			if (!on[i])
				continue;
			char ls[8];
			say(d, "FAIL", "R%d (%s) reads on with every supply off: check its sense wiring and "
				       "polarity",
			    i + 1, rigfile_line_str(&fr->rf.relay[i], ls, sizeof(ls)));
			bad++;
		}
		if (!bad)
			say(d, "ok", "every relay reads off with every supply off");
	}
	static const enum rig_output power[] = { RIG_OUT_DC, RIG_OUT_AC, RIG_OUT_BAT };
	for (size_t i = 0; i < 3 && !fr->lost; i++)
		if (fr->rf.out[power[i]].wired)
			ftdi_hw_set(fr, power[i], true);
	if (!fr->lost) {
		listen_modem(d);
		if (settle_and_read(d, BOOT_MS, on) == RR_OK)
			relay_line(d, "unit powered (12 V, AC, battery): relays", on);
	}
	if (!fr->lost)
		toggle_inputs(d, on);
	if (!fr->lost)
		wait_usb(d);
	if (ftdi_hw_safe(fr) == RR_OK)
		say(d, "ok", "safe state written at the end");
	else
		say(d, "FAIL", "safe state could not be written: %s", fr->health);
	ftdi_hw_close(fr);
}

int doctor_run(FILE *out, int argc, char **argv)
{
	const char *path = NULL;
	bool toggle_on = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rig") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strncmp(argv[i], "--rig=", 6) == 0)
			path = argv[i] + 6;
		else if (strcmp(argv[i], "--toggle") == 0)
			toggle_on = true;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return usage(out, 0);
		else
			return usage(out, 2);
	}
	if (!path)
		return usage(out, 2);
	struct doc d = { .out = out, .toggle = toggle_on };
	d.fr = calloc(1, sizeof(*d.fr));
	if (!d.fr) {
		fprintf(out, "doctor: out of memory\n");
		return 1;
	}
	fprintf(out, "relayrig doctor: %s (%s)\n", path,
		toggle_on ? "--toggle: the rig will be switched" : "dry run: nothing is switched");
	char err[512];
	if (rigfile_load(path, &d.fr->rf, err, sizeof(err)) != RR_OK) {
		say(&d, "FAIL", "%s", err);
	} else if (strcmp(d.fr->rf.driver, "sim") == 0) {
		say(&d, "ok", "rig file valid: driver = sim, the simulated rig needs no hardware");
	} else {
		const struct rigfile *rf = &d.fr->rf;
		char dev[300], m[256];
		if (rf->device[0])
			snprintf(dev, sizeof(dev), "%s", rf->device);
		else
			snprintf(dev, sizeof(dev), "%04x:%04x%s%s", rf->vid, rf->pid,
				 rf->serial[0] ? " serial " : "", rf->serial);
		say(&d, "ok", "rig file valid: %s %s; modem %s", rigfile_chip_name(rf->chip), dev,
		    ports_describe(&rf->modem, m, sizeof(m)));
		wiring(&d);
		check_ftdi(&d);
		check_port(&d, "modem port", &rf->modem, d.modem, sizeof(d.modem), false);
		check_port(&d, "unit USB port", &rf->usb, d.usb, sizeof(d.usb), true);
		if (toggle_on)
			toggle(&d);
	}
	if (d.problems)
		fprintf(out, "doctor: NOT READY: %d problem%s\n", d.problems, d.problems > 1 ? "s" : "");
	else
		fprintf(out, "doctor: READY\n");
	free(d.fr);
	return d.problems ? 1 : 0;
}

int cmd_doctor(int argc, char **argv)
{
	return doctor_run(stdout, argc, argv);
}
