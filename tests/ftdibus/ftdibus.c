/*
 * ftdibus.c - the USB bus of the libftdi1 stand-ins (ftdibus.h).
 */
#include "ftdibus.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ftdibus_dev devs[FTDIBUS_MAX];
static int ndevs;

void ftdibus_reset(void)
{
	memset(devs, 0, sizeof(devs));
	ndevs = 0;
}

int ftdibus_add(int vid, int pid, enum ftdi_chip_type type, const char *serial,
		const char *description)
{
	struct ftdibus_dev *d;

	if (ndevs == FTDIBUS_MAX)
		return -1;
	d = &devs[ndevs];
	memset(d, 0, sizeof(*d));
	d->vid = vid;
	d->pid = pid;
	d->type = type;
	snprintf(d->serial, sizeof(d->serial), "%s", serial ? serial : "");
	snprintf(d->desc, sizeof(d->desc), "%s", description ? description : "");
	return ndevs++;
}

int ftdibus_count(void)
{
	return ndevs;
}

const struct ftdibus_dev *ftdibus_dev(int d)
{
	return &devs[d];
}

int ftdibus_find(int vid, int pid, const char *description, const char *serial,
		 unsigned index)
{
	for (int i = 0; i < ndevs; i++) {
		if (devs[i].vid != vid || devs[i].pid != pid)
			continue;
		if (description && strcmp(devs[i].desc, description) != 0)
			continue;
		if (serial && strcmp(devs[i].serial, serial) != 0)
			continue;
		if (index-- == 0)
			return i;
	}
	return -1;
}

int ftdibus_open_string(const char *description)
{
	const char *s = description;
	char *end;

	if (!s[0] || s[1] != ':')
		return FTDIBUS_BAD_FORMAT;
	if (s[0] == 'd') {
		unsigned long bus = strtoul(s + 2, &end, 10);
		if (*end != '/')
			return FTDIBUS_BAD_FORMAT;
		unsigned long addr = strtoul(end + 1, &end, 10);
		return bus == 1 && addr >= 2 && addr < (unsigned long)ndevs + 2 ? (int)addr - 2 : -1;
	}
	if (s[0] != 'i' && s[0] != 's')
		return FTDIBUS_BAD_FORMAT;
	unsigned long vid = strtoul(s + 2, &end, 0);
	if (*end != ':')
		return FTDIBUS_BAD_FORMAT;
	unsigned long pid = strtoul(end + 1, &end, 0);
	unsigned long index = 0;
	const char *serial = NULL;
	if (s[0] == 'i' && *end == ':')
		index = strtoul(end + 1, &end, 0);
	else if (s[0] == 's' && *end == ':')
		serial = end + 1;
	return ftdibus_find((int)vid, (int)pid, NULL, serial, (unsigned)index);
}

int ftdibus_find_all(struct ftdi_device_list **devlist, int vendor, int product)
{
	struct ftdi_device_list **tail = devlist;
	int n = 0;

	*devlist = NULL;
	for (int i = 0; i < ndevs; i++) {
		bool any = vendor == 0 && product == 0;
		bool dflt = devs[i].vid == 0x0403 &&
			    (devs[i].pid == 0x6001 || devs[i].pid == 0x6010 || devs[i].pid == 0x6011 ||
			     devs[i].pid == 0x6014 || devs[i].pid == 0x6015);
		if (any ? !dflt : (devs[i].vid != vendor || devs[i].pid != product))
			continue;
		struct ftdi_device_list *node = calloc(1, sizeof(*node));
		if (!node) {
			ftdi_list_free(devlist);
			return -3;
		}
		node->dev = (struct libusb_device *)(void *)&devs[i];
		*tail = node;
		tail = &node->next;
		n++;
	}
	return n;
}

const char *ftdi_get_error_string(struct ftdi_context *ftdi)
{
	return ftdi->error_str;
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

int ftdibus_index(const struct libusb_device *dev)
{
	return (int)((const struct ftdibus_dev *)(const void *)dev - devs);
}

void ftdibus_strings(int d, char *manufacturer, int mnf_len, char *description, int desc_len,
		     char *serial, int serial_len)
{
	if (manufacturer)
		snprintf(manufacturer, (size_t)mnf_len, "FTDI");
	if (description)
		snprintf(description, (size_t)desc_len, "%s", devs[d].desc);
	if (serial)
		snprintf(serial, (size_t)serial_len, "%s", devs[d].serial);
}
