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

#include "fake_clock.h"

#define NDEV 8
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

struct fdev {
	int vid, pid;
	enum ftdi_chip_type type;
	char serial[64], desc[64];
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
static int ndevs;
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
	ndevs = 0;
	open_rc = 0;
	open_msg[0] = '\0';
	nrules = 0;
	fake_ftdi_log_clear();
}

int fake_ftdi_add(int vid, int pid, enum ftdi_chip_type type, const char *serial,
		  const char *description)
{
	struct fdev *d = &devs[ndevs];
	memset(d, 0, sizeof(*d));
	d->vid = vid;
	d->pid = pid;
	d->type = type;
	snprintf(d->serial, sizeof(d->serial), "%s", serial ? serial : "");
	snprintf(d->desc, sizeof(d->desc), "%s", description ? description : "");
	return ndevs++;
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
	f->ctx.type = devs[d].type;
	f->ctx.error_str = "all fine";
	return 0;
}

static int find(int vid, int pid, const char *desc, const char *serial, unsigned index)
{
	for (int i = 0; i < ndevs; i++) {
		if (devs[i].vid != vid || devs[i].pid != pid)
			continue;
		if (desc && strcmp(devs[i].desc, desc) != 0)
			continue;
		if (serial && strcmp(devs[i].serial, serial) != 0)
			continue;
		if (index-- == 0)
			return i;
	}
	return -1;
}

int ftdi_usb_open_desc_index(struct ftdi_context *ftdi, int vendor, int product,
			     const char *description, const char *serial, unsigned int index)
{
	struct fctx *f = F(ftdi);
	say("open_desc_index %c %04x:%04x desc=%s serial=%s index=%u", L(f), vendor, product,
	    description ? description : "-", serial ? serial : "-", index);
	return attach(f, find(vendor, product, description, serial, index));
}

int ftdi_usb_open_string(struct ftdi_context *ftdi, const char *description)
{
	struct fctx *f = F(ftdi);
	say("open_string %c %s", L(f), description);
	const char *s = description;
	char *end;
	if (!s[0] || s[1] != ':') {
		ftdi->error_str = "illegal description format";
		return -11;
	}
	if (s[0] == 'd') {
		unsigned long bus = strtoul(s + 2, &end, 10);
		if (*end != '/') {
			ftdi->error_str = "illegal description format";
			return -11;
		}
		unsigned long addr = strtoul(end + 1, &end, 10);
		int d = (bus == 1 && addr >= 2 && addr < (unsigned long)ndevs + 2) ? (int)addr - 2 : -1;
		return attach(f, d);
	}
	if (s[0] != 'i' && s[0] != 's') {
		ftdi->error_str = "illegal description format";
		return -11;
	}
	unsigned long vid = strtoul(s + 2, &end, 0);
	if (*end != ':') {
		ftdi->error_str = "illegal description format";
		return -11;
	}
	unsigned long pid = strtoul(end + 1, &end, 0);
	unsigned long index = 0;
	const char *serial = NULL;
	if (s[0] == 'i' && *end == ':')
		index = strtoul(end + 1, &end, 0);
	else if (s[0] == 's' && *end == ':')
		serial = end + 1;
	return attach(f, find((int)vid, (int)pid, NULL, serial, (unsigned)index));
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

const char *ftdi_get_error_string(struct ftdi_context *ftdi)
{
	return ftdi->error_str;
}

int ftdi_usb_find_all(struct ftdi_context *ftdi, struct ftdi_device_list **devlist, int vendor,
		      int product)
{
	struct fctx *f = F(ftdi);
	struct ftdi_device_list **tail = devlist;
	int n = 0;
	say("find_all %04x:%04x", vendor, product);
	(void)f;
	*devlist = NULL;
	for (int i = 0; i < ndevs; i++) {
		bool any = vendor == 0 && product == 0;
		bool dflt = devs[i].vid == 0x0403 &&
			    (devs[i].pid == 0x6001 || devs[i].pid == 0x6010 || devs[i].pid == 0x6011 ||
			     devs[i].pid == 0x6014 || devs[i].pid == 0x6015);
		if (any ? !dflt : (devs[i].vid != vendor || devs[i].pid != product))
			continue;
		struct ftdi_device_list *node = calloc(1, sizeof(*node));
		if (!node)
			abort();
		node->dev = (struct libusb_device *)(void *)&devs[i];
		*tail = node;
		tail = &node->next;
		n++;
	}
	return n;
}

void ftdi_list_free(struct ftdi_device_list **devlist)
{
	struct ftdi_device_list *l = *devlist;
	while (l) {
		struct ftdi_device_list *next = l->next;
		free(l);
		l = next;
	}
	*devlist = NULL;
}

int ftdi_usb_get_strings(struct ftdi_context *ftdi, struct libusb_device *dev, char *manufacturer,
			 int mnf_len, char *description, int desc_len, char *serial, int serial_len)
{
	struct fdev *d = (struct fdev *)(void *)dev;
	say("get_strings %d", (int)(d - devs));
	if (open_rc == -4) {
		ftdi->error_str = "libusb_open() failed";
		return -4;
	}
	if (manufacturer)
		snprintf(manufacturer, (size_t)mnf_len, "FTDI");
	if (description)
		snprintf(description, (size_t)desc_len, "%s", d->desc);
	if (serial)
		snprintf(serial, (size_t)serial_len, "%s", d->serial);
	return 0;
}
