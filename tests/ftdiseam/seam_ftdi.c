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

#include "../ftdibus/ftdibus.h"
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

/* The bus holds the one device from the first call on. */
static void plug(void)
{
	if (!ftdibus_count())
		ftdibus_add(SEAM_VID, SEAM_PID, TYPE_4232H, SEAM_SERIAL, SEAM_DESC);
}

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
	plug();
	return attach(X(ftdi), ftdibus_find(vendor, product, description, serial, index) >= 0);
}

int ftdi_usb_open_string(struct ftdi_context *ftdi, const char *description)
{
	plug();
	int d = ftdibus_open_string(description);
	if (d == FTDIBUS_BAD_FORMAT) {
		ftdi->error_str = "illegal description format";
		return FTDIBUS_BAD_FORMAT;
	}
	return attach(X(ftdi), d >= 0);
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

int ftdi_usb_find_all(struct ftdi_context *ftdi, struct ftdi_device_list **devlist, int vendor,
		      int product)
{
	(void)ftdi;
	plug();
	return ftdibus_find_all(devlist, vendor, product);
}

int ftdi_usb_get_strings(struct ftdi_context *ftdi, struct libusb_device *dev, char *manufacturer,
			 int mnf_len, char *description, int desc_len, char *serial, int serial_len)
{
	(void)ftdi;
	ftdibus_strings(ftdibus_index(dev), manufacturer, mnf_len, description, desc_len, serial,
			serial_len);
	return 0;
}
