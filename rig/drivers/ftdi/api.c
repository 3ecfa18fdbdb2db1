/*
 * api.c - the ftdi rig driver (rig.h): the real rig through an FTDI chip in
 * bit-bang mode (protocol.c), plus libserialport links for the modem UART
 * and the unit's USB port.
 *
 * open() takes the rig description (rigfile.h, loaded by the runner) and drives
 * every output to its safe state, then powers the unit up like the sim
 * does: 12 V, AC and battery on; USB detached, inputs released. Output
 * changes wait settle_ms (sampling the relays meanwhile) before returning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "lazylink.h"
#include "ports.h"
#include "protocol.h"
#include "rigclk.h"

#define LOG_PREFIX "ftdi: "
#include "log.h"

#define USB_RETRY_US 250000u /* how often advance() looks for the USB port */

static struct ftdi_rig *F(struct rig *r) { return (struct ftdi_rig *)r; }

static int settle(struct ftdi_rig *fr, int ms)
{
	int rc = ftdi_hw_run(fr, rigclk_us() + (uint64_t)ms * 1000u, NULL, 0, false);
	return rc < 0 ? rc : RR_OK;
}

static void drop(struct ftdi_rig *fr)
{
	if (fr->usb)
		lazylink_attach(fr->usb, false);
	ftdi_hw_safe(fr);
	link_close(fr->usb);
	link_close(fr->modem);
	ftdi_hw_close(fr);
	free(fr);
}

static int open_modem(struct ftdi_rig *fr)
{
	char name[256], msg[512], desc[256];
	ports_describe(&fr->rf.modem, desc, sizeof(desc));
	int rc = ports_resolve(&fr->rf.modem, name, sizeof(name), msg, sizeof(msg));
	if (rc == RR_OK) {
		msg[0] = '\0';
		rc = link_sp_open_msg(name, fr->rf.modem.settings, &fr->modem, msg, sizeof(msg));
	}
	if (rc != RR_OK) {
		fr->modem = NULL;
		rr_error("modem port (%s): %s", desc, msg[0] ? msg : rr_strerror(rc));
	}
	return rc;
}

static int ftdi_open(const struct rigfile *rf, const struct unit_opts *u, struct rig **out)
{
	*out = NULL;
	if (!rf)
		return RR_ERR_ARG;
	struct ftdi_rig *fr = calloc(1, sizeof(*fr));
	if (!fr)
		return RR_ERR_NOMEM;
	fr->base.drv = &rig_driver_ftdi;
	fr->rf = *rf;
	(void)u; /* the unit on the rig is what it is: no model or serial to choose */
	int rc;
	if (strcmp(fr->rf.driver, "ftdi") != 0) {
		rr_error("%s says driver = %s; the ftdi driver needs driver = ftdi", fr->rf.path, fr->rf.driver);
		free(fr);
		return RR_ERR_ARG;
	}
	rc = ftdi_hw_open(fr);
	if (rc != RR_OK) {
		rr_error("%s", fr->err);
		free(fr);
		return rc;
	}
	if ((rc = open_modem(fr)) != RR_OK) {
		drop(fr);
		return rc;
	}
	fr->usb = lazylink_new(&fr->rf.usb, "unit USB port");
	if (!fr->usb) {
		drop(fr);
		return RR_ERR_NOMEM;
	}
	static const enum rig_output power[] = { RIG_OUT_DC, RIG_OUT_AC, RIG_OUT_BAT };
	for (size_t i = 0; i < sizeof(power) / sizeof(power[0]) && rc == RR_OK; i++)
		if (fr->rf.out[power[i]].wired)
			rc = ftdi_hw_set(fr, power[i], true);
	if (rc == RR_OK)
		rc = settle(fr, fr->rf.settle_ms);
	if (rc != RR_OK) {
		drop(fr);
		return rc;
	}
	rr_info("%s: %s open, unit powered", fr->rf.path, rigfile_chip_name(fr->rf.chip));
	*out = &fr->base;
	return RR_OK;
}

static void ftdi_close(struct rig *r)
{
	if (r)
		drop(F(r));
}

static int ftdi_set_output(struct rig *r, enum rig_output o, bool on)
{
	struct ftdi_rig *fr = F(r);
	if ((int)o < 0 || o >= RIG_OUT_COUNT)
		return RR_ERR_ARG;
	if (o == RIG_OUT_USB && !on)
		lazylink_attach(fr->usb, false);
	int rc = ftdi_hw_set(fr, o, on);
	if (rc == RR_ERR_NOTSUP)
		rr_info("output %s is not wired on this rig", rigfile_output_key(o));
	if (rc != RR_OK)
		return rc;
	if (o == RIG_OUT_USB && on)
		lazylink_attach(fr->usb, true);
	return settle(fr, fr->rf.settle_ms);
}

static int ftdi_set_temp(struct rig *r, int sensor, int decic, bool fail)
{
	(void)r;
	(void)sensor;
	(void)decic;
	(void)fail;
	return RR_ERR_NOTSUP;
}

static int ftdi_set_battery_level(struct rig *r, int percent)
{
	(void)r;
	(void)percent;
	return RR_ERR_NOTSUP;
}

static int ftdi_relays(struct rig *r, struct rig_relay out[RIG_RELAYS])
{
	struct ftdi_rig *fr = F(r);
	int rc = ftdi_hw_sample(fr, NULL);
	if (rc != RR_OK)
		return rc;
	for (int i = 0; i < RIG_RELAYS; i++) {
		out[i].on = fr->relay[i].on;
		out[i].changed_ms = fr->relay[i].changed_ms;
	}
	return RR_OK;
}

static uint64_t ftdi_now_ms(struct rig *r)
{
	return ftdi_hw_now_ms(F(r));
}

/* Poll the modem link and (once open) the USB port while sampling the relays;
 * look for the USB port every USB_RETRY_US while it is attached. */
static int ftdi_advance(struct rig *r, uint64_t until_ms, uint64_t *now)
{
	struct ftdi_rig *fr = F(r);
	uint64_t until_us = fr->t0_us + until_ms * 1000u;
	int rc;
	for (;;) {
		struct pollfd fds[2];
		int n = 0;
		struct link *links[2] = { fr->modem, fr->usb };
		for (int i = 0; i < 2; i++) {
			int fd = links[i] ? links[i]->ops->pollfd(links[i]) : -1;
			if (fd >= 0)
				fds[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
		}
		uint64_t t = rigclk_us(), slice = until_us;
		bool usb_missing = fr->usb->ops->pollfd(fr->usb) < 0;
		if (usb_missing && t + USB_RETRY_US < until_us)
			slice = t + USB_RETRY_US;
		rc = ftdi_hw_run(fr, slice, fds, n, true);
		if (rc != 0 || rigclk_us() >= until_us)
			break;
		if (usb_missing && lazylink_try(fr->usb))
			break; /* the port appeared: let the runner look at it */
	}
	*now = ftdi_hw_now_ms(fr);
	return rc < 0 ? rc : RR_OK;
}

static struct link *ftdi_modem_link(struct rig *r)
{
	return F(r)->modem;
}

static struct link *ftdi_usb_link(struct rig *r)
{
	return F(r)->usb;
}

/* Cut every supply (12 V, battery, USB) for restart_off_ms, then restore. */
static int ftdi_restart(struct rig *r)
{
	struct ftdi_rig *fr = F(r);
	static const enum rig_output cut[] = { RIG_OUT_USB, RIG_OUT_DC, RIG_OUT_BAT };
	bool was[3] = { false, false, false };
	int rc = RR_OK;
	if (fr->lost)
		return RR_ERR_NODEV;
	if (!fr->rf.out[RIG_OUT_DC].wired && !fr->rf.out[RIG_OUT_BAT].wired)
		return RR_ERR_NOTSUP;
	lazylink_attach(fr->usb, false);
	for (int i = 0; i < 3 && rc == RR_OK; i++) {
		was[i] = fr->out[cut[i]];
		if (fr->rf.out[cut[i]].wired)
			rc = ftdi_hw_set(fr, cut[i], false);
	}
	if (rc == RR_OK)
		rc = settle(fr, fr->rf.restart_off_ms);
	for (int i = 2; i >= 0 && rc == RR_OK; i--)
		if (was[i] && fr->rf.out[cut[i]].wired)
			rc = ftdi_hw_set(fr, cut[i], true);
	if (rc == RR_OK && was[0])
		lazylink_attach(fr->usb, true);
	return rc == RR_OK ? settle(fr, fr->rf.settle_ms) : rc;
}

static int ftdi_safe_state(struct rig *r)
{
	struct ftdi_rig *fr = F(r);
	lazylink_attach(fr->usb, false);
	return ftdi_hw_safe(fr);
}

static int ftdi_health(struct rig *r, char *msg, int msglen)
{
	struct ftdi_rig *fr = F(r);
	if (msglen > 0)
		snprintf(msg, (size_t)msglen, "%s", fr->lost ? fr->health : "");
	return fr->lost ? RR_ERR_NODEV : RR_OK;
}

static int ftdi_identity(struct rig *r, char *fw, int fwlen, char *serial, int serlen)
{
	(void)r;
	if (fwlen > 0)
		fw[0] = '\0';
	if (serlen > 0)
		serial[0] = '\0';
	return RR_OK;
}

static int ftdi_relay_events(struct rig *r, struct rig_relay_event *out, int max)
{
	struct ftdi_rig *fr = F(r);
	int n = fr->nev < max ? fr->nev : max;
	if (n <= 0)
		return 0;
	memcpy(out, fr->ev, (size_t)n * sizeof(*out));
	memmove(fr->ev, fr->ev + n, (size_t)(fr->nev - n) * sizeof(*out));
	fr->nev -= n;
	return n;
}

static int ftdi_outputs(struct rig *r, bool out[RIG_OUT_COUNT])
{
	memcpy(out, F(r)->out, sizeof(F(r)->out));
	return RR_OK;
}

/* "pins": the raw pin byte of every open channel. */
static int ftdi_control(struct rig *r, const char *cmd, char *reply, int len)
{
	if (strcmp(cmd, "pins") == 0)
		return ftdi_hw_pins(F(r), reply, len);
	if (len > 0)
		snprintf(reply, (size_t)len, "unknown command '%s' (the ftdi driver knows: pins)", cmd);
	return RR_ERR_ARG;
}

const struct rig_driver rig_driver_ftdi = {
	.name = "ftdi",
	/* no temperature source, no charge control, wall-clock time, one unit */
	.caps = RIG_CAP_AC | RIG_CAP_BATTERY | RIG_CAP_USB | RIG_CAP_INPUTS,
	.open = ftdi_open,
	.close = ftdi_close,
	.set_output = ftdi_set_output,
	.set_temp = ftdi_set_temp,
	.set_battery_level = ftdi_set_battery_level,
	.relays = ftdi_relays,
	.now_ms = ftdi_now_ms,
	.advance = ftdi_advance,
	.modem_link = ftdi_modem_link,
	.usb_link = ftdi_usb_link,
	.restart = ftdi_restart,
	.safe_state = ftdi_safe_state,
	.health = ftdi_health,
	.identity = ftdi_identity,
	.relay_events = ftdi_relay_events,
	.outputs = ftdi_outputs,
	.control = ftdi_control,
};
