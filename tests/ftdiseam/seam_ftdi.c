/*
 * seam_ftdi.c - libftdi1 replaced at link time for the seam rig (seam.h):
 * one FT4232H (0403:6011, serial SEAM0001) whose channel registers drive
 * the board in seam_unit.c. Only the calls the driver and the doctor make
 * exist, each with the real prototype from <ftdi.h>.
 */
#include <ftdi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seam.h"

#define SEAM_VID 0x0403
#define SEAM_PID 0x6011
#define SEAM_SERIAL "SEAM0001"
#define SEAM_DESC "Quad RS232-HS"

struct seam_chan seam_chan[SEAM_CHANNELS];

struct sctx {
	struct ftdi_context ctx; /* first: the driver sees this */
	int chan;
	bool open;
};

static struct sctx *X(struct ftdi_context *c) { return (struct sctx *)c; }

struct ftdi_context *ftdi_new(void)
{
	struct sctx *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->ctx.type = TYPE_BM;
	f->ctx.error_str = "all fine";
	return &f->ctx;
}

int ftdi_usb_close(struct ftdi_context *ftdi)
{
	struct sctx *f = X(ftdi);
	if (f->open) {
		f->open = false;
		seam_chan[f->chan].open = false;
		seam_unit_release();
	}
	return 0;
}

void ftdi_free(struct ftdi_context *ftdi)
{
	if (!ftdi)
		return;
	ftdi_usb_close(ftdi);
	free(X(ftdi));
}

int ftdi_set_interface(struct ftdi_context *ftdi, enum ftdi_interface interface)
{
	X(ftdi)->chan = interface == INTERFACE_ANY ? 0 : (int)interface - 1;
	return X(ftdi)->chan >= 0 && X(ftdi)->chan < SEAM_CHANNELS ? 0 : -1;
}

static int attach(struct sctx *f, bool found)
{
	if (!found) {
		f->ctx.error_str = "device not found";
		return -3;
	}
	if (seam_chan[f->chan].open) {
		f->ctx.error_str = "unable to claim usb device. Make sure the default FTDI driver is not in use";
		return -5;
	}
	f->open = true;
	f->ctx.type = TYPE_4232H;
	seam_chan[f->chan].open = true;
	seam_unit_claim();
	return 0;
}

int ftdi_usb_open_desc_index(struct ftdi_context *ftdi, int vendor, int product,
			     const char *description, const char *serial, unsigned int index)
{
	bool found = vendor == SEAM_VID && product == SEAM_PID && index == 0 &&
		     (!description || !strcmp(description, SEAM_DESC)) &&
		     (!serial || !strcmp(serial, SEAM_SERIAL));
	return attach(X(ftdi), found);
}

int ftdi_usb_open_string(struct ftdi_context *ftdi, const char *description)
{
	const char *s = description;
	char *end;
	if (!s[0] || s[1] != ':' || (s[0] != 'i' && s[0] != 's' && s[0] != 'd')) {
		ftdi->error_str = "illegal description format";
		return -11;
	}
	if (s[0] == 'd') /* the one device sits at bus 1, address 2 */
		return attach(X(ftdi), !strcmp(s + 2, "1/2") || !strcmp(s + 2, "001/002"));
	unsigned long vid = strtoul(s + 2, &end, 0);
	if (*end != ':') {
		ftdi->error_str = "illegal description format";
		return -11;
	}
	unsigned long pid = strtoul(end + 1, &end, 0);
	bool found = vid == SEAM_VID && pid == SEAM_PID;
	if (s[0] == 'i' && *end == ':')
		found = found && strtoul(end + 1, NULL, 0) == 0;
	else if (s[0] == 's' && *end == ':')
		found = found && !strcmp(end + 1, SEAM_SERIAL);
	return attach(X(ftdi), found);
}

int ftdi_set_latency_timer(struct ftdi_context *ftdi, unsigned char latency)
{
	(void)ftdi;
	return latency ? 0 : -1;
}

int ftdi_set_bitmode(struct ftdi_context *ftdi, unsigned char bitmask, unsigned char mode)
{
	struct seam_chan *c = &seam_chan[X(ftdi)->chan];
	if (!X(ftdi)->open)
		return -2;
	c->dir = bitmask;
	c->mode = mode;
	seam_unit_pins_changed();
	return 0;
}

int ftdi_write_data(struct ftdi_context *ftdi, const unsigned char *buf, int size)
{
	if (!X(ftdi)->open)
		return -666;
	if (size > 0) {
		seam_chan[X(ftdi)->chan].latch = buf[size - 1];
		seam_unit_pins_changed();
	}
	return size;
}

/* Bit-bang reads the pins themselves: the chip's outputs where it drives
 * them, the board's levels elsewhere. */
int ftdi_read_pins(struct ftdi_context *ftdi, unsigned char *pins)
{
	struct seam_chan *c = &seam_chan[X(ftdi)->chan];
	if (!X(ftdi)->open)
		return -1;
	uint8_t driven = c->mode == BITMODE_BITBANG ? c->dir : 0;
	*pins = (uint8_t)((c->latch & driven) | (seam_unit_pins_in(X(ftdi)->chan) & ~driven));
	return 0;
}

const char *ftdi_get_error_string(struct ftdi_context *ftdi)
{
	return ftdi->error_str;
}

int ftdi_usb_find_all(struct ftdi_context *ftdi, struct ftdi_device_list **devlist, int vendor,
		      int product)
{
	static int dev; /* stands for the one device */
	(void)ftdi;
	*devlist = NULL;
	if (!((vendor == 0 && product == 0) || (vendor == SEAM_VID && product == SEAM_PID)))
		return 0;
	struct ftdi_device_list *node = calloc(1, sizeof(*node));
	if (!node)
		return -3;
	node->dev = (struct libusb_device *)(void *)&dev;
	*devlist = node;
	return 1;
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
	(void)ftdi;
	(void)dev;
	if (manufacturer)
		snprintf(manufacturer, (size_t)mnf_len, "FTDI");
	if (description)
		snprintf(description, (size_t)desc_len, "%s", SEAM_DESC);
	if (serial)
		snprintf(serial, (size_t)serial_len, "%s", SEAM_SERIAL);
	return 0;
}
