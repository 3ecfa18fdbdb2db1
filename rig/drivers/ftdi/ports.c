/*
 * ports.c - serial port lookup through libserialport (ports.h).
 *
 * libserialport gives each port's USB VID/PID, strings and serial, but not
 * the USB interface number, which tells the four UARTs of an FT4232H apart;
 * that comes from sysfs (the tty's device, or its parent, holds
 * bInterfaceNumber).
 */
#include "ports.h"

#include <errno.h>
#include <libserialport.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"

static const char *sysfs_root = "/sys";

void ports_set_sysfs_root(const char *root)
{
	sysfs_root = root ? root : "/sys";
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

/* USB interface number of /dev/NAME from sysfs, or -1. */
static int usb_interface(const char *devname)
{
	const char *base = strrchr(devname, '/');
	base = base ? base + 1 : devname;
	static const char *const rel[] = { "device/bInterfaceNumber", "device/../bInterfaceNumber" };
	for (int i = 0; i < 2; i++) {
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/class/tty/%s/%s", sysfs_root, base, rel[i]);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		unsigned n;
		int ok = fscanf(f, "%x", &n);
		fclose(f);
		if (ok == 1 && n < 256)
			return (int)n;
	}
	return -1;
}

static const char *transport_name(enum sp_transport t)
{
	switch (t) {
	case SP_TRANSPORT_NATIVE: return "native";
	case SP_TRANSPORT_USB: return "usb";
	case SP_TRANSPORT_BLUETOOTH: return "bluetooth";
	}
	return "unknown";
}

static void fill(struct port_info *pi, const struct sp_port *p)
{
	memset(pi, 0, sizeof(*pi));
	copy(pi->name, sizeof(pi->name), sp_get_port_name(p));
	copy(pi->description, sizeof(pi->description), sp_get_port_description(p));
	enum sp_transport t = sp_get_port_transport(p);
	pi->transport = transport_name(t);
	pi->vid = pi->pid = pi->interface = -1;
	if (t != SP_TRANSPORT_USB)
		return;
	int vid, pid;
	if (sp_get_port_usb_vid_pid(p, &vid, &pid) == SP_OK) {
		pi->vid = vid;
		pi->pid = pid;
	}
	copy(pi->manufacturer, sizeof(pi->manufacturer), sp_get_port_usb_manufacturer(p));
	copy(pi->product, sizeof(pi->product), sp_get_port_usb_product(p));
	copy(pi->serial, sizeof(pi->serial), sp_get_port_usb_serial(p));
	pi->interface = usb_interface(pi->name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct port_info *)a)->name, ((const struct port_info *)b)->name);
}

int ports_list(struct port_info **out)
{
	struct sp_port **list = NULL;
	*out = NULL;
	if (sp_list_ports(&list) != SP_OK)
		return RR_ERR_IO;
	int n = 0;
	while (list[n])
		n++;
	if (n > 0) {
		*out = calloc((size_t)n, sizeof(**out));
		if (!*out) {
			sp_free_port_list(list);
			return RR_ERR_NOMEM;
		}
	}
	for (int i = 0; i < n; i++)
		fill(&(*out)[i], list[i]);
	sp_free_port_list(list);
	if (n > 1)
		qsort(*out, (size_t)n, sizeof(**out), by_name);
	return n;
}

const char *ports_describe(const struct rigfile_port *w, char *buf, size_t len)
{
	if (w->name[0]) {
		copy(buf, len, w->name);
		return buf;
	}
	int n = snprintf(buf, len, "USB %04x:%04x", w->vid, w->pid);
	if (n > 0 && (size_t)n < len && w->serial[0])
		n += snprintf(buf + n, len - (size_t)n, " serial %s", w->serial);
	if (n > 0 && (size_t)n < len && w->interface >= 0)
		snprintf(buf + n, len - (size_t)n, " interface %d", w->interface);
	return buf;
}

static bool matches(const struct rigfile_port *w, const struct port_info *pi)
{
	return pi->vid == w->vid && pi->pid == w->pid &&
	       (!w->serial[0] || strcmp(pi->serial, w->serial) == 0) &&
	       (w->interface < 0 || pi->interface == w->interface);
}

/* "; USB serial ports present: /dev/ttyUSB0 (0403:6011 serial X interface 0), ..." */
static void present(char *buf, size_t len, const struct port_info *pi, int n)
{
	size_t used = (size_t)snprintf(buf, len, "; USB serial ports present:");
	int shown = 0;
	for (int i = 0; i < n && used < len; i++) {
		if (pi[i].vid < 0)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s %s (%04x:%04x%s%s", shown ? "," : "",
					 pi[i].name, pi[i].vid, pi[i].pid, pi[i].serial[0] ? " serial " : "",
					 pi[i].serial);
		if (used < len && pi[i].interface >= 0)
			used += (size_t)snprintf(buf + used, len - used, " interface %d", pi[i].interface);
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, ")");
		shown++;
	}
	if (!shown)
		snprintf(buf, len, "; no USB serial ports present");
}

static int resolve_name(const struct rigfile_port *w, char *name, size_t len, char *err, size_t errlen)
{
	struct stat st;
	if (stat(w->name, &st) != 0) {
		snprintf(err, errlen, "port %s does not exist (%s)", w->name, strerror(errno));
		return RR_ERR_NODEV;
	}
	char real[PATH_MAX];
	if (!realpath(w->name, real))
		copy(real, sizeof(real), w->name);
	if (strlen(real) >= len) {
		snprintf(err, errlen, "port name %s too long", real);
		return RR_ERR_ARG;
	}
	copy(name, len, real);
	return RR_OK;
}

int ports_resolve(const struct rigfile_port *w, char *name, size_t len, char *err, size_t errlen)
{
	char desc[256];
	ports_describe(w, desc, sizeof(desc));
	err[0] = '\0';
	if (w->name[0])
		return resolve_name(w, name, len, err, errlen);
	struct port_info *pi;
	int n = ports_list(&pi);
	if (n < 0) {
		snprintf(err, errlen, "cannot list serial ports: %s", rr_strerror(n));
		return n;
	}
	int found = -1, count = 0;
	char names[512] = "";
	size_t used = 0;
	for (int i = 0; i < n; i++) {
		if (!matches(w, &pi[i]))
			continue;
		if (used < sizeof(names))
			used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
						 count ? ", " : "", pi[i].name);
		found = i;
		count++;
	}
	int rc = RR_OK;
	if (count == 1) {
		copy(name, len, pi[found].name);
	} else if (count == 0) {
		char list[768];
		present(list, sizeof(list), pi, n);
		snprintf(err, errlen, "no serial port is %s%s", desc, list);
		rc = RR_ERR_NODEV;
	} else {
		snprintf(err, errlen, "%d serial ports are %s: %s; add serial or interface to tell them apart",
			 count, desc, names);
		rc = RR_ERR_ARG;
	}
	free(pi);
	return rc;
}

int ports_check_open(const char *name, char *err, size_t errlen)
{
	struct sp_port *p = NULL;
	err[0] = '\0';
	if (sp_get_port_by_name(name, &p) != SP_OK) {
		snprintf(err, errlen, "%s is not a serial port libserialport knows", name);
		return RR_ERR_NODEV;
	}
	int rc = RR_OK;
	if (sp_open(p, SP_MODE_READ_WRITE) != SP_OK) {
		int e = sp_last_error_code();
		if (e == EACCES || e == EPERM) {
			snprintf(err, errlen, "%s: permission denied; add the user to group dialout, "
					      "or install scripts/99-relayrig.rules",
				 name);
			rc = RR_ERR_PERM;
		} else if (e == EBUSY) {
			snprintf(err, errlen, "%s: in use by another program", name);
			rc = RR_ERR_IO;
		} else if (e == ENOENT || e == ENODEV || e == ENXIO) {
			snprintf(err, errlen, "%s: %s", name, strerror(e));
			rc = RR_ERR_NODEV;
		} else {
			snprintf(err, errlen, "%s: cannot open: %s", name, strerror(e));
			rc = RR_ERR_IO;
		}
	} else {
		sp_close(p);
	}
	sp_free_port(p);
	return rc;
}

int ports_print(FILE *out)
{
	struct port_info *pi;
	int n = ports_list(&pi);
	if (n < 0) {
		fprintf(out, "ports: cannot list serial ports: %s\n", rr_strerror(n));
		return n;
	}
	if (n == 0)
		fprintf(out, "no serial ports found\n");
	for (int i = 0; i < n; i++) {
		const struct port_info *p = &pi[i];
		fprintf(out, "%s\n", p->name);
		fprintf(out, "  description:  %s\n", p->description[0] ? p->description : "-");
		fprintf(out, "  transport:    %s\n", p->transport);
		if (p->vid < 0)
			continue;
		fprintf(out, "  usb:          %04x:%04x", p->vid, p->pid);
		if (p->interface >= 0)
			fprintf(out, " interface %d", p->interface);
		fprintf(out, "\n  manufacturer: %s\n", p->manufacturer[0] ? p->manufacturer : "-");
		fprintf(out, "  product:      %s\n", p->product[0] ? p->product : "-");
		fprintf(out, "  serial:       %s\n", p->serial[0] ? p->serial : "-");
		fprintf(out, "  rig file:     vid = 0x%04x, pid = 0x%04x", p->vid, p->pid);
		if (p->serial[0])
			fprintf(out, ", serial = %s", p->serial);
		if (p->interface >= 0)
			fprintf(out, ", interface = %d", p->interface);
		fputc('\n', out);
	}
	free(pi);
	return RR_OK;
}
