/*
 * protocol.c - the ftdi driver's hardware logic through libftdi1
 * (protocol.h).
 *
 * Opening a channel: ftdi_new, ftdi_set_interface, open (by the
 * ftdi_usb_open_string form or by VID/PID/description/serial/index), check
 * the chip type, ftdi_set_latency_timer, then bit-bang with every pin an
 * input, the safe byte written to preload the output latch, the direction
 * mask set, and the safe byte written again. No pin is driven before it is
 * known to be at its inactive level (on chips that keep the latch).
 */
#include "protocol.h"

#include <ftdi.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "rigclk.h"

#define LOG_PREFIX "ftdi: "
#include "log.h"

void ftdi_hw_plan(struct ftdi_rig *fr)
{
	for (int c = 0; c < RIGFILE_CHANNELS; c++) {
		fr->ch[c].used = fr->ch[c].inputs = false;
		fr->ch[c].dir = fr->ch[c].safe = 0;
	}
	for (int o = 0; o < RIG_OUT_COUNT; o++) {
		const struct rigfile_line *l = &fr->rf.out[o];
		if (!l->wired)
			continue;
		struct ftdi_chan *ch = &fr->ch[l->channel];
		ch->used = true;
		ch->dir |= (uint8_t)(1u << l->bit);
		if (l->active_low)
			ch->safe |= (uint8_t)(1u << l->bit);
	}
	for (int i = 0; i < RIG_RELAYS; i++) {
		const struct rigfile_line *l = &fr->rf.relay[i];
		if (!l->wired)
			continue;
		fr->ch[l->channel].used = true;
		fr->ch[l->channel].inputs = true;
	}
	for (int c = 0; c < RIGFILE_CHANNELS; c++)
		fr->ch[c].shadow = fr->ch[c].safe;
}

uint64_t ftdi_hw_now_ms(const struct ftdi_rig *fr)
{
	return (rigclk_us() - fr->t0_us) / 1000u;
}

const char *ftdi_hw_type_name(int type)
{
	switch (type) {
	case TYPE_AM: return "FT8U232AM";
	case TYPE_BM: return "FT232BM";
	case TYPE_2232C: return "FT2232C";
	case TYPE_R: return "FT232R";
	case TYPE_2232H: return "FT2232H";
	case TYPE_4232H: return "FT4232H";
	case TYPE_232H: return "FT232H";
	case TYPE_230X: return "FT230X";
	}
	return "unknown FTDI chip";
}

static int chip_type(enum rigfile_chip c)
{
	switch (c) {
	case RIGFILE_FT232H: return TYPE_232H;
	case RIGFILE_FT2232H: return TYPE_2232H;
	case RIGFILE_FT4232H: return TYPE_4232H;
	case RIGFILE_CHIP_NONE: break;
	}
	return -1;
}

/* How the rig file names the device, for messages. */
static const char *device_str(const struct rigfile *rf, char *buf, size_t len)
{
	if (rf->device[0]) {
		snprintf(buf, len, "%s", rf->device);
		return buf;
	}
	int n = snprintf(buf, len, "%04x:%04x", rf->vid, rf->pid);
	if (n > 0 && (size_t)n < len && rf->serial[0])
		n += snprintf(buf + n, len - (size_t)n, " serial %s", rf->serial);
	if (n > 0 && (size_t)n < len && rf->description[0])
		n += snprintf(buf + n, len - (size_t)n, " \"%s\"", rf->description);
	if (n > 0 && (size_t)n < len && rf->index)
		snprintf(buf + n, len - (size_t)n, " index %d", rf->index);
	return buf;
}

/* Map a failed open to an rr_err with a message that says what to do. */
static int open_error(struct ftdi_rig *fr, int c, int rc, struct ftdi_context *ctx)
{
	char dev[300];
	const char *why = ftdi_get_error_string(ctx);
	device_str(&fr->rf, dev, sizeof(dev));
	if (!why)
		why = "";
	if (rc == -3) {
		snprintf(fr->err, sizeof(fr->err),
			 "no FTDI device matches %s (channel %c): is the rig's USB cable plugged in? "
			 "'relayrig doctor --rig %s' lists the FTDI devices present",
			 dev, 'A' + c, fr->rf.path);
		return RR_ERR_NODEV;
	}
	if (rc == -4 || strstr(why, "permission")) {
		snprintf(fr->err, sizeof(fr->err),
			 "cannot open FTDI device %s (channel %c): %s; this is usually missing "
			 "permission on /dev/bus/usb: install scripts/99-relayrig.rules "
			 "(see rig/drivers/ftdi/README.md)",
			 dev, 'A' + c, why);
		return RR_ERR_PERM;
	}
	if (rc == -5) {
		snprintf(fr->err, sizeof(fr->err),
			 "FTDI device %s channel %c is claimed by another program (%s)", dev, 'A' + c, why);
		return RR_ERR_IO;
	}
	if (rc == -11) {
		snprintf(fr->err, sizeof(fr->err), "FTDI device string '%s' rejected: %s", dev, why);
		return RR_ERR_ARG;
	}
	snprintf(fr->err, sizeof(fr->err), "cannot open FTDI device %s (channel %c): %s (%d)", dev,
		 'A' + c, why, rc);
	return RR_ERR_IO;
}

/* ftdi_new + ftdi_set_interface + open + chip check; *out on success. */
static int connect(struct ftdi_rig *fr, int c, struct ftdi_context **out)
{
	const struct rigfile *rf = &fr->rf;
	struct ftdi_context *ctx = ftdi_new();
	*out = NULL;
	if (!ctx) {
		snprintf(fr->err, sizeof(fr->err), "ftdi_new failed: out of memory");
		return RR_ERR_NOMEM;
	}
	int rc = ftdi_set_interface(ctx, (enum ftdi_interface)(INTERFACE_A + c));
	if (rc < 0) {
		snprintf(fr->err, sizeof(fr->err), "channel %c: ftdi_set_interface failed: %s", 'A' + c,
			 ftdi_get_error_string(ctx));
		ftdi_free(ctx);
		return RR_ERR_ARG;
	}
	if (rf->device[0])
		rc = ftdi_usb_open_string(ctx, rf->device);
	else
		rc = ftdi_usb_open_desc_index(ctx, rf->vid, rf->pid,
					      rf->description[0] ? rf->description : NULL,
					      rf->serial[0] ? rf->serial : NULL, (unsigned)rf->index);
	if (rc < 0) {
		rc = open_error(fr, c, rc, ctx);
		ftdi_free(ctx);
		return rc;
	}
	if ((int)ctx->type != chip_type(rf->chip)) {
		char dev[300];
		snprintf(fr->err, sizeof(fr->err), "FTDI device %s is an %s, but the rig file says chip = %s",
			 device_str(rf, dev, sizeof(dev)), ftdi_hw_type_name(ctx->type),
			 rigfile_chip_name(rf->chip));
		ftdi_usb_close(ctx);
		ftdi_free(ctx);
		return RR_ERR_ARG;
	}
	*out = ctx;
	return RR_OK;
}

static void disconnect(struct ftdi_chan *ch)
{
	if (!ch->ctx)
		return;
	ftdi_usb_close(ch->ctx);
	ftdi_free(ch->ctx);
	ch->ctx = NULL;
}

static int write_byte(struct ftdi_context *ctx, uint8_t b)
{
	int rc = ftdi_write_data(ctx, &b, 1);
	return rc == 1 ? RR_OK : (rc < 0 ? rc : -1);
}

/* Bring one connected channel into bit-bang at its safe byte. */
static int setup(struct ftdi_rig *fr, int c)
{
	struct ftdi_chan *ch = &fr->ch[c];
	const char *call = "ftdi_set_latency_timer";
	int rc = ftdi_set_latency_timer(ch->ctx, (unsigned char)fr->rf.latency_ms);
	if (rc >= 0) {
		call = "ftdi_set_bitmode";
		rc = ftdi_set_bitmode(ch->ctx, 0x00, BITMODE_BITBANG);
	}
	if (rc >= 0 && ch->dir) {
		call = "ftdi_write_data";
		rc = write_byte(ch->ctx, ch->safe);
		if (rc >= 0) {
			call = "ftdi_set_bitmode";
			rc = ftdi_set_bitmode(ch->ctx, ch->dir, BITMODE_BITBANG);
		}
		if (rc >= 0) {
			call = "ftdi_write_data";
			rc = write_byte(ch->ctx, ch->safe);
		}
	}
	if (rc < 0) {
		snprintf(fr->err, sizeof(fr->err), "channel %c: %s failed: %s (%d)", 'A' + c, call,
			 ftdi_get_error_string(ch->ctx), rc);
		return RR_ERR_IO;
	}
	ch->shadow = ch->safe;
	return RR_OK;
}

static void push_event(struct ftdi_rig *fr, int relay, bool on, uint64_t t_ms)
{
	if (fr->nev == FTDI_EVENTS) {
		memmove(fr->ev, fr->ev + 1, sizeof(fr->ev[0]) * (FTDI_EVENTS - 1));
		fr->nev--;
	}
	fr->ev[fr->nev++] = (struct rig_relay_event){ .relay = relay, .on = on, .t_ms = t_ms };
}

/* The device is gone: drive the other channels safe, keep the reason. */
static int lose(struct ftdi_rig *fr, int c, const char *call, int rc)
{
	char ok[16] = "", bad[16] = "";
	size_t nok = 0, nbad = 0;
	fr->lost = true;
	for (int o = 0; o < RIGFILE_CHANNELS; o++) {
		struct ftdi_chan *ch = &fr->ch[o];
		if (o == c || !ch->ctx || !ch->dir)
			continue;
		if (write_byte(ch->ctx, ch->safe) == RR_OK) {
			ch->shadow = ch->safe;
			ok[nok++] = (char)('A' + o);
		} else {
			bad[nbad++] = (char)('A' + o);
		}
	}
	for (int o = 0; o < RIG_OUT_COUNT; o++)
		if (fr->rf.out[o].wired && strchr(ok, 'A' + fr->rf.out[o].channel))
			fr->out[o] = false;
	int n = snprintf(fr->health, sizeof(fr->health),
			 "FTDI channel %c: %s failed: %s (%d); the device was unplugged or reset",
			 'A' + c, call, ftdi_get_error_string(fr->ch[c].ctx), rc);
	if (n > 0 && (size_t)n < sizeof(fr->health) && nok)
		n += snprintf(fr->health + n, sizeof(fr->health) - (size_t)n,
			      "; safe state written on channel %s", ok);
	if (n > 0 && (size_t)n < sizeof(fr->health) && nbad)
		snprintf(fr->health + n, sizeof(fr->health) - (size_t)n,
			 "; safe state failed on channel %s too", bad);
	snprintf(fr->err, sizeof(fr->err), "%s", fr->health);
	rr_error("%s", fr->health);
	return RR_ERR_NODEV;
}

static bool raw_level(const struct rigfile_line *l, const uint8_t pins[RIGFILE_CHANNELS])
{
	bool high = (pins[l->channel] >> l->bit) & 1u;
	return high != l->active_low;
}

static int read_inputs(struct ftdi_rig *fr, uint8_t pins[RIGFILE_CHANNELS])
{
	for (int c = 0; c < RIGFILE_CHANNELS; c++) {
		pins[c] = 0;
		if (!fr->ch[c].ctx || !fr->ch[c].inputs)
			continue;
		int rc = ftdi_read_pins(fr->ch[c].ctx, &pins[c]);
		if (rc < 0)
			return lose(fr, c, "ftdi_read_pins", rc);
	}
	return RR_OK;
}

int ftdi_hw_open(struct ftdi_rig *fr)
{
	int rc = RR_OK;
	fr->err[0] = fr->health[0] = '\0';
	fr->lost = false;
	fr->nev = 0;
	ftdi_hw_plan(fr);
	for (int c = 0; c < RIGFILE_CHANNELS && rc == RR_OK; c++) {
		if (!fr->ch[c].used)
			continue;
		rc = connect(fr, c, &fr->ch[c].ctx);
		if (rc == RR_OK && (rc = setup(fr, c)) != RR_OK)
			disconnect(&fr->ch[c]);
	}
	if (rc != RR_OK) {
		ftdi_hw_safe(fr);
		ftdi_hw_close(fr);
		fr->lost = false;
		return rc;
	}
	fr->t0_us = rigclk_us();
	memset(fr->out, 0, sizeof(fr->out));
	uint8_t pins[RIGFILE_CHANNELS];
	rc = read_inputs(fr, pins);
	if (rc != RR_OK) {
		ftdi_hw_safe(fr);
		ftdi_hw_close(fr);
		return rc;
	}
	for (int i = 0; i < RIG_RELAYS; i++)
		fr->relay[i] = (struct ftdi_relay){ .on = raw_level(&fr->rf.relay[i], pins) };
	return RR_OK;
}

void ftdi_hw_close(struct ftdi_rig *fr)
{
	for (int c = 0; c < RIGFILE_CHANNELS; c++)
		disconnect(&fr->ch[c]);
}

int ftdi_hw_probe(struct ftdi_rig *fr, int c, uint8_t *pins, int *type)
{
	struct ftdi_context *ctx;
	fr->err[0] = '\0';
	int rc = connect(fr, c, &ctx);
	if (rc != RR_OK)
		return rc;
	*type = ctx->type;
	int r = ftdi_read_pins(ctx, pins);
	if (r < 0) {
		snprintf(fr->err, sizeof(fr->err), "channel %c: ftdi_read_pins failed: %s (%d)", 'A' + c,
			 ftdi_get_error_string(ctx), r);
		rc = RR_ERR_IO;
	}
	ftdi_usb_close(ctx);
	ftdi_free(ctx);
	return rc;
}

int ftdi_hw_safe(struct ftdi_rig *fr)
{
	int rc = RR_OK;
	for (int c = 0; c < RIGFILE_CHANNELS; c++) {
		struct ftdi_chan *ch = &fr->ch[c];
		if (!ch->ctx || !ch->dir)
			continue;
		if (write_byte(ch->ctx, ch->safe) == RR_OK) {
			ch->shadow = ch->safe;
		} else {
			rr_warn("safe state: channel %c: write failed: %s", 'A' + c,
				ftdi_get_error_string(ch->ctx));
			rc = RR_ERR_NODEV;
		}
	}
	for (int o = 0; o < RIG_OUT_COUNT; o++) {
		const struct rigfile_line *l = &fr->rf.out[o];
		if (l->wired && fr->ch[l->channel].shadow == fr->ch[l->channel].safe)
			fr->out[o] = false;
	}
	return rc;
}

int ftdi_hw_set(struct ftdi_rig *fr, enum rig_output o, bool on)
{
	const struct rigfile_line *l = &fr->rf.out[o];
	if (fr->lost)
		return RR_ERR_NODEV;
	if (!l->wired)
		return RR_ERR_NOTSUP;
	struct ftdi_chan *ch = &fr->ch[l->channel];
	uint8_t mask = (uint8_t)(1u << l->bit);
	uint8_t b = (on != l->active_low) ? (uint8_t)(ch->shadow | mask) : (uint8_t)(ch->shadow & ~mask);
	int rc = write_byte(ch->ctx, b);
	if (rc != RR_OK)
		return lose(fr, l->channel, "ftdi_write_data", rc);
	ch->shadow = b;
	fr->out[o] = on;
	return RR_OK;
}

int ftdi_hw_sample(struct ftdi_rig *fr, bool *changed)
{
	uint8_t pins[RIGFILE_CHANNELS];
	if (fr->lost)
		return RR_ERR_NODEV;
	uint64_t t = rigclk_us();
	int rc = read_inputs(fr, pins);
	if (rc != RR_OK)
		return rc;
	uint64_t debounce_us = (uint64_t)fr->rf.debounce_ms * 1000u;
	for (int i = 0; i < RIG_RELAYS; i++) {
		struct ftdi_relay *r = &fr->relay[i];
		bool level = raw_level(&fr->rf.relay[i], pins);
		if (level == r->on) {
			r->pending = false;
			continue;
		}
		if (!r->pending) {
			r->pending = true;
			r->pending_us = t;
		}
		if (t - r->pending_us >= debounce_us) {
			r->on = level;
			r->pending = false;
			r->changed_ms = (r->pending_us - fr->t0_us) / 1000u;
			push_event(fr, i, level, r->changed_ms);
			if (changed)
				*changed = true;
		}
	}
	return RR_OK;
}

int ftdi_hw_run(struct ftdi_rig *fr, uint64_t until_us, struct pollfd *fds, int nfds,
		bool stop_early)
{
	uint64_t poll_us = (uint64_t)fr->rf.poll_ms * 1000u;
	for (;;) {
		bool changed = false;
		int rc = ftdi_hw_sample(fr, &changed);
		if (rc != RR_OK)
			return rc;
		if (changed && stop_early)
			return 1;
		uint64_t now = rigclk_us();
		if (now >= until_us)
			return RR_OK;
		uint64_t wait_us = until_us - now < poll_us ? until_us - now : poll_us;
		int ms = (int)((wait_us + 999u) / 1000u);
		if (rigclk_wait(fds, nfds, ms) > 0 && stop_early)
			return 1;
	}
}

int ftdi_hw_pins(struct ftdi_rig *fr, char *buf, int len)
{
	int n = 0;
	if (fr->lost)
		return RR_ERR_NODEV;
	buf[0] = '\0';
	for (int c = 0; c < RIGFILE_CHANNELS && n < len; c++) {
		uint8_t p;
		if (!fr->ch[c].ctx)
			continue;
		int rc = ftdi_read_pins(fr->ch[c].ctx, &p);
		if (rc < 0)
			return lose(fr, c, "ftdi_read_pins", rc);
		n += snprintf(buf + n, (size_t)(len - n), "%s%c=%02x", n ? " " : "", 'A' + c, p);
	}
	return RR_OK;
}
