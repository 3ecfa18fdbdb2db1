/*
 * fake_ftdi.c - libftdi1 replaced at link time for the driver's tests
 * (fake_ftdi.h). Only the calls the driver and the doctor make exist; each
 * matches the real prototype in <ftdi.h>, so a signature change breaks the
 * build, not the test.
 */
#include "fake_ftdi.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ftdibus/ftdibus.h"
#include "fake_clock.h"

#define NDEV FTDIBUS_MAX
#define NCTX 32
#define NSCRIPT 64
#define NRULE 8

struct fchan {
	uint8_t latch, dir, mode;
	struct {
		uint64_t t_ms;
		uint8_t v;
	} script[NSCRIPT];
	int nscript;
};

/* Device d's channels; its identity is on the bus (ftdibus.c). */
struct fdev {
	struct fchan ch[4];
};

struct fctx {
	struct ftdi_context ctx; /* first: the driver sees this */
	int chan, dev;
	bool open;
};

struct rule {
	char call[32];
	int chan, left, rc;
	bool fired;
};

static struct fdev devs[NDEV];
static struct fctx *ctxs[NCTX];
static int open_rc;
static char open_msg[128];
static struct rule rules[NRULE];
static int nrules;
static char *logbuf, *grepbuf;
static size_t loglen, logcap;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (loglen + (size_t)n + 2 > logcap) {
		logcap = (logcap + (size_t)n + 2) * 2;
		logbuf = realloc(logbuf, logcap);
		if (!logbuf)
			abort();
	}
	memcpy(logbuf + loglen, line, (size_t)n);
	loglen += (size_t)n;
	logbuf[loglen++] = '\n';
	logbuf[loglen] = '\0';
}

void fake_ftdi_reset(void)
{
	memset(devs, 0, sizeof(devs));
	ftdibus_reset();
	open_rc = 0;
	open_msg[0] = '\0';
	nrules = 0;
	fake_ftdi_log_clear();
}

int fake_ftdi_add(int vid, int pid, enum ftdi_chip_type type, const char *serial,
		  const char *description)
{
	int d = ftdibus_add(vid, pid, type, serial, description);
	if (d < 0)
		abort();
	memset(&devs[d], 0, sizeof(devs[d]));
	return d;
}

void fake_ftdi_open_error(int rc, const char *msg)
{
	open_rc = rc;
	snprintf(open_msg, sizeof(open_msg), "%s", msg ? msg : "");
}

void fake_ftdi_pins_at(int dev, int channel, uint64_t t_ms, uint8_t pins)
{
	struct fchan *c = &devs[dev].ch[channel];
	if (c->nscript == NSCRIPT)
		abort();
	c->script[c->nscript].t_ms = t_ms;
	c->script[c->nscript].v = pins;
	c->nscript++;
}

void fake_ftdi_fail(const char *call, int channel, int nth, int rc)
{
	struct rule *r = &rules[nrules++];
	snprintf(r->call, sizeof(r->call), "%s", call);
	r->chan = channel;
	r->left = nth;
	r->rc = rc;
	r->fired = false;
}

const char *fake_ftdi_log(void)
{
	return logbuf ? logbuf : "";
}

void fake_ftdi_log_clear(void)
{
	loglen = 0;
	if (logbuf)
		logbuf[0] = '\0';
}

const char *fake_ftdi_grep(const char *prefix)
{
	free(grepbuf);
	grepbuf = calloc(1, loglen + 1);
	if (!grepbuf)
		abort();
	size_t n = 0, plen = strlen(prefix);
	for (const char *s = fake_ftdi_log(); *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = (size_t)(nl - s) + 1;
		if (strncmp(s, prefix, plen) == 0) {
			memcpy(grepbuf + n, s, len);
			n += len;
		}
		s += len;
	}
	return grepbuf;
}

int fake_ftdi_live(void)
{
	int n = 0;
	for (int i = 0; i < NCTX; i++)
		n += ctxs[i] != NULL;
	return n;
}

uint8_t fake_ftdi_latch(int dev, int channel)
{
	return devs[dev].ch[channel].latch;
}

static struct fctx *F(struct ftdi_context *c) { return (struct fctx *)c; }
static char L(const struct fctx *f) { return (char)('A' + f->chan); }

/* A scripted failure for this call, or 0. */
static int failing(struct fctx *f, const char *call, const char *msg)
{
	for (int i = 0; i < nrules; i++) {
		struct rule *r = &rules[i];
		if (r->chan >= 0 && r->chan != f->chan)
			continue;
		if (!r->fired && strcmp(r->call, call) == 0 && --r->left == 0)
			r->fired = true;
		if (r->fired) {
			f->ctx.error_str = msg;
			return r->rc;
		}
	}
	return 0;
}

struct ftdi_context *ftdi_new(void)
{
	struct fctx *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->ctx.type = TYPE_BM;
	f->dev = -1;
	for (int i = 0; i < NCTX; i++) {
		if (!ctxs[i]) {
			ctxs[i] = f;
			break;
		}
	}
	say("new");
	return &f->ctx;
}

void ftdi_free(struct ftdi_context *ftdi)
{
	struct fctx *f = F(ftdi);
	say("free %c", L(f));
	for (int i = 0; i < NCTX; i++)
		if (ctxs[i] == f)
			ctxs[i] = NULL;
	free(f);
}

int ftdi_set_interface(struct ftdi_context *ftdi, enum ftdi_interface interface)
{
	struct fctx *f = F(ftdi);
	f->chan = interface == INTERFACE_ANY ? 0 : (int)interface - 1;
	say("set_interface %c", L(f));
	return 0;
}

/* Open device d on f's channel, as libftdi would (claim, chip type). */
static int attach(struct fctx *f, int d)
{
	if (d < 0) {
		f->ctx.error_str = "device not found";
		return -3;
	}
	if (open_rc) {
		f->ctx.error_str = open_msg;
		return open_rc;
	}
	for (int i = 0; i < NCTX; i++) {
		if (ctxs[i] && ctxs[i] != f && ctxs[i]->open && ctxs[i]->dev == d &&
		    ctxs[i]->chan == f->chan) {
			f->ctx.error_str = "unable to claim usb device. Make sure the default FTDI driver is not in use";
			return -5;
		}
	}
	f->dev = d;
	f->open = true;
	f->ctx.type = ftdibus_dev(d)->type;
	f->ctx.error_str = "all fine";
	return 0;
}

int ftdi_usb_open_desc_index(struct ftdi_context *ftdi, int vendor, int product,
			     const char *description, const char *serial, unsigned int index)
{
	struct fctx *f = F(ftdi);
	say("open_desc_index %c %04x:%04x desc=%s serial=%s index=%u", L(f), vendor, product,
	    description ? description : "-", serial ? serial : "-", index);
	return attach(f, ftdibus_find(vendor, product, description, serial, index));
}

int ftdi_usb_open_string(struct ftdi_context *ftdi, const char *description)
{
	struct fctx *f = F(ftdi);
	say("open_string %c %s", L(f), description);
	int d = ftdibus_open_string(description);
	if (d == FTDIBUS_BAD_FORMAT) {
		ftdi->error_str = "illegal description format";
		return FTDIBUS_BAD_FORMAT;
	}
	return attach(f, d);
}

int ftdi_usb_close(struct ftdi_context *ftdi)
{
	struct fctx *f = F(ftdi);
	say("close %c", L(f));
	f->open = false;
	return 0;
}

static struct fchan *chan(struct fctx *f)
{
	return &devs[f->dev].ch[f->chan];
}

int ftdi_set_latency_timer(struct ftdi_context *ftdi, unsigned char latency)
{
	struct fctx *f = F(ftdi);
	int rc = failing(f, "latency", "unable to set latency timer");
	say("latency %c %u%s", L(f), latency, rc ? " FAIL" : "");
	return rc;
}

int ftdi_set_bitmode(struct ftdi_context *ftdi, unsigned char bitmask, unsigned char mode)
{
	struct fctx *f = F(ftdi);
	int rc = failing(f, "bitmode", "unable to configure bitbang mode. Perhaps not a BM/R-type chip?");
	say("bitmode %c 0x%02x 0x%02x%s", L(f), bitmask, mode, rc ? " FAIL" : "");
	if (rc)
		return rc;
	chan(f)->dir = bitmask;
	chan(f)->mode = mode;
	return 0;
}

int ftdi_write_data(struct ftdi_context *ftdi, const unsigned char *buf, int size)
{
	struct fctx *f = F(ftdi);
	int rc = failing(f, "write", "usb bulk write failed");
	for (int i = 0; i < size; i++)
		say("write %c 0x%02x%s", L(f), buf[i], rc ? " FAIL" : "");
	if (rc)
		return rc;
	if (size > 0)
		chan(f)->latch = buf[size - 1];
	return size;
}

int ftdi_read_pins(struct ftdi_context *ftdi, unsigned char *pins)
{
	struct fctx *f = F(ftdi);
	int rc = failing(f, "read_pins", "read pins failed");
	say("read_pins %c%s", L(f), rc ? " FAIL" : "");
	if (rc)
		return rc;
	struct fchan *c = chan(f);
	uint8_t in = 0;
	uint64_t now = fake_clock_ms();
	for (int i = 0; i < c->nscript; i++)
		if (c->script[i].t_ms <= now)
			in = c->script[i].v;
	*pins = (uint8_t)((c->latch & c->dir) | (in & ~c->dir));
	return 0;
}

int ftdi_usb_find_all(struct ftdi_context *ftdi, struct ftdi_device_list **devlist, int vendor,
		      int product)
{
	(void)ftdi;
	say("find_all %04x:%04x", vendor, product);
	return ftdibus_find_all(devlist, vendor, product);
}

int ftdi_usb_get_strings(struct ftdi_context *ftdi, struct libusb_device *dev, char *manufacturer,
			 int mnf_len, char *description, int desc_len, char *serial, int serial_len)
{
	int d = ftdibus_index(dev);
	say("get_strings %d", d);
	if (open_rc == -4) {
		ftdi->error_str = "libusb_open() failed";
		return -4;
	}
	ftdibus_strings(d, manufacturer, mnf_len, description, desc_len, serial, serial_len);
	return 0;
}
