/*
 * ftdibus.h - the USB bus a stand-in libftdi1 shows: the FTDI devices on it
 * (their identity only: vendor, product, chip type, serial, description),
 * the lookups libftdi makes there (by vendor/product/description/serial and
 * index, by an ftdi_usb_open_string description) and the device list
 * (ftdi_usb_find_all, ftdi_list_free, the strings of ftdi_usb_get_strings).
 *
 * One file compiled into both stand-ins: the unit tests' fake
 * (tests/unit/ftdi/fake_ftdi.c) and the seam rig's (tests/ftdiseam/
 * seam_ftdi.c). Each keeps its own channel state and defines the libftdi
 * calls itself, with these; only ftdi_list_free and ftdi_get_error_string
 * (the same in both) are defined here. Device d
 * sits at bus 1, address d + 2.
 */
#ifndef FTDIBUS_H
#define FTDIBUS_H

#include <ftdi.h>

#define FTDIBUS_MAX 8
/* libftdi's return code for a malformed open string. */
#define FTDIBUS_BAD_FORMAT (-11)

struct ftdibus_dev {
	int vid, pid;
	enum ftdi_chip_type type;
	char serial[64], desc[64];
};

/* No devices. */
void ftdibus_reset(void);
/* A device on the bus: its index, -1 when the bus is full. */
int ftdibus_add(int vid, int pid, enum ftdi_chip_type type, const char *serial,
		const char *description);
int ftdibus_count(void);
const struct ftdibus_dev *ftdibus_dev(int d);
/* The index-th device (from 0) with vid:pid and, when not NULL, that
 * description and serial; -1 if none. */
int ftdibus_find(int vid, int pid, const char *description, const char *serial,
		 unsigned index);
/* The device an ftdi_usb_open_string description names ("d:1/2",
 * "i:0x0403:0x6011[:INDEX]", "s:0x0403:0x6011:SERIAL"): its index, -1 if
 * none, FTDIBUS_BAD_FORMAT if the description is malformed. */
int ftdibus_open_string(const char *description);
/* ftdi_usb_find_all's list (vendor and product 0: libftdi's default FTDI
 * ids): how many, or -3 when out of memory. */
int ftdibus_find_all(struct ftdi_device_list **devlist, int vendor, int product);
/* The index of the device a list node stands for. */
int ftdibus_index(const struct libusb_device *dev);
/* ftdi_usb_get_strings' strings of device d (a NULL buffer is left out). */
void ftdibus_strings(int d, char *manufacturer, int mnf_len, char *description, int desc_len,
		     char *serial, int serial_len);

#endif
