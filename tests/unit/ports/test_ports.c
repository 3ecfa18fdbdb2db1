/*
 * test_ports.c - serial port lookup (rig/drivers/ftdi/ports.c).
 *
 * libserialport is replaced at link time by fake_sp.c (the ports that
 * exist, how opening fails); the USB interface numbers come from a sysfs
 * tree built in a temporary directory (ports_set_sysfs_root).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "fake_sp.h"
#include "ports.h"
#include "test.h"

static char root[64];

static void put(const char *rel, const char *content)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(content, f);
		fclose(f);
	}
}

static void dir(const char *rel)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

static void link_to(const char *target, const char *rel)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (symlink(target, path) != 0)
		perror(path);
}

static void remove_sysfs(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "test_ports: cannot remove %s\n", root);
}

/* A sysfs tree like Linux's: usb-serial ttys sit below their interface,
 * cdc-acm ttys' device link points at the interface itself. */
static void make_sysfs(void)
{
	if (root[0])
		return;
	snprintf(root, sizeof(root), "/tmp/rr-ports-XXXXXX");
	if (!mkdtemp(root))
		abort();
	atexit(remove_sysfs);
	dir("class");
	dir("class/tty");
	dir("devices");
	dir("devices/1-1:1.0");
	dir("devices/1-1:1.0/ttyUSB0");
	put("devices/1-1:1.0/bInterfaceNumber", "00\n");
	dir("devices/1-1:1.3");
	dir("devices/1-1:1.3/ttyUSB3");
	put("devices/1-1:1.3/bInterfaceNumber", "03\n");
	dir("devices/2-1:1.0");
	put("devices/2-1:1.0/bInterfaceNumber", "00\n");
	const char *ttys[] = { "ttyUSB0", "ttyUSB3", "ttyACM0" };
	const char *devs[] = { "../../../devices/1-1:1.0/ttyUSB0", "../../../devices/1-1:1.3/ttyUSB3",
			       "../../../devices/2-1:1.0" };
	for (int i = 0; i < 3; i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "class/tty/%s", ttys[i]);
		dir(rel);
		snprintf(rel, sizeof(rel), "class/tty/%s/device", ttys[i]);
		link_to(devs[i], rel);
	}
	ports_set_sysfs_root(root);
}

static void bench(void)
{
	make_sysfs();
	fake_sp_reset();
	fake_sp_add("/dev/ttyUSB3", "Quad RS232-HS", 0x0403, 0x6011, "FTDI", "Quad RS232-HS", "FT4XYZ");
	fake_sp_add("/dev/ttyS0", "ttyS0", -1, -1, NULL, NULL, NULL);
	fake_sp_add("/dev/ttyUSB0", "Quad RS232-HS", 0x0403, 0x6011, "FTDI", "Quad RS232-HS", "FT4XYZ");
	fake_sp_add("/dev/ttyACM0", "iSocket GSM Device", 0x1d50, 0x6018, "iSocket", "iSocket GSM Device", NULL);
}

static struct rigfile_port want(int vid, int pid, const char *serial, int iface)
{
	struct rigfile_port w;
	memset(&w, 0, sizeof(w));
	w.vid = vid;
	w.pid = pid;
	w.interface = iface;
	w.channel = -1;
	snprintf(w.serial, sizeof(w.serial), "%s", serial);
	return w;
}

TEST(list_sorted_with_usb_identities)
{
	bench();
	struct port_info *pi;
	int n = ports_list(&pi);
	assert_true(n == 4);
	assert_string_equal(pi[0].name, "/dev/ttyACM0");
	assert_string_equal(pi[0].transport, "usb");
	assert_int_equal(pi[0].vid, 0x1d50);
	assert_int_equal(pi[0].interface, 0);
	assert_string_equal(pi[0].serial, "");
	assert_string_equal(pi[1].name, "/dev/ttyS0");
	assert_string_equal(pi[1].transport, "native");
	assert_int_equal(pi[1].vid, -1);
	assert_int_equal(pi[1].interface, -1);
	assert_string_equal(pi[2].name, "/dev/ttyUSB0");
	assert_int_equal(pi[2].interface, 0);
	assert_string_equal(pi[3].name, "/dev/ttyUSB3");
	assert_int_equal(pi[3].interface, 3);
	assert_string_equal(pi[3].manufacturer, "FTDI");
	assert_string_equal(pi[3].product, "Quad RS232-HS");
	assert_string_equal(pi[3].serial, "FT4XYZ");
	free(pi);
}

TEST(list_empty_and_failing)
{
	make_sysfs();
	fake_sp_reset();
	struct port_info *pi;
	assert_int_equal(ports_list(&pi), 0);
	assert_true(pi == NULL);
	fake_sp_list_fails(1);
	assert_int_equal(ports_list(&pi), RR_ERR_IO);
	fake_sp_reset();
}

TEST(resolve_by_vid_pid)
{
	bench();
	char name[256], err[512];
	struct rigfile_port w = want(0x1d50, 0x6018, "", -1);
	assert_int_equal(ports_resolve(&w, name, sizeof(name), err, sizeof(err)), RR_OK);
	assert_string_equal(name, "/dev/ttyACM0");
	assert_string_equal(err, "");
}

TEST(resolve_by_interface_tells_uarts_apart)
{
	bench();
	char name[256], err[512];
	struct rigfile_port w = want(0x0403, 0x6011, "FT4XYZ", -1);
	assert_int_equal(ports_resolve(&w, name, sizeof(name), err, sizeof(err)), RR_ERR_ARG);
	assert_string_equal(err, "2 serial ports are USB 0403:6011 serial FT4XYZ: /dev/ttyUSB0, /dev/ttyUSB3; "
				 "add serial or interface to tell them apart");
	w.interface = 3;
	assert_int_equal(ports_resolve(&w, name, sizeof(name), err, sizeof(err)), RR_OK);
	assert_string_equal(name, "/dev/ttyUSB3");
	w.interface = 0;
	assert_int_equal(ports_resolve(&w, name, sizeof(name), err, sizeof(err)), RR_OK);
	assert_string_equal(name, "/dev/ttyUSB0");
}

TEST(resolve_none_lists_what_is_present)
{
	bench();
	char name[256], err[512];
	struct rigfile_port w = want(0x0403, 0x6011, "OTHER", 0);
	assert_int_equal(ports_resolve(&w, name, sizeof(name), err, sizeof(err)), RR_ERR_NODEV);
	assert_string_equal(err, "no serial port is USB 0403:6011 serial OTHER interface 0; USB serial ports present: "
				 "/dev/ttyACM0 (1d50:6018 interface 0), /dev/ttyUSB0 (0403:6011 serial FT4XYZ interface 0), "
				 "/dev/ttyUSB3 (0403:6011 serial FT4XYZ interface 3)");
	fake_sp_reset();
	assert_int_equal(ports_resolve(&w, name, sizeof(name), err, sizeof(err)), RR_ERR_NODEV);
	assert_string_equal(err, "no serial port is USB 0403:6011 serial OTHER interface 0; no USB serial ports present");
}

TEST(resolve_by_name_follows_symlinks)
{
	make_sysfs();
	char name[256], err[512], target[128], alias[128], real[256];
	snprintf(target, sizeof(target), "%s/ttyFAKE0", root);
	snprintf(alias, sizeof(alias), "%s/by-id-modem", root);
	put("ttyFAKE0", "");
	unlink(alias);
	assert_true(symlink(target, alias) == 0);
	assert_true(realpath(target, real) != NULL);
	struct rigfile_port w = want(-1, -1, "", -1);
	snprintf(w.name, sizeof(w.name), "%s", alias);
	assert_int_equal(ports_resolve(&w, name, sizeof(name), err, sizeof(err)), RR_OK);
	assert_string_equal(name, real);
	snprintf(w.name, sizeof(w.name), "/dev/relayrig-no-such-port");
	assert_int_equal(ports_resolve(&w, name, sizeof(name), err, sizeof(err)), RR_ERR_NODEV);
	assert_string_equal(err, "port /dev/relayrig-no-such-port does not exist (No such file or directory)");
}

TEST(check_open_errors)
{
	bench();
	char err[256];
	assert_int_equal(ports_check_open("/dev/ttyACM0", err, sizeof(err)), RR_OK);
	assert_string_equal(err, "");
	fake_sp_open_errno(EACCES);
	assert_int_equal(ports_check_open("/dev/ttyACM0", err, sizeof(err)), RR_ERR_PERM);
	assert_string_equal(err, "/dev/ttyACM0: permission denied; add the user to group dialout, "
				 "or install scripts/99-relayrig.rules");
	fake_sp_open_errno(EBUSY);
	assert_int_equal(ports_check_open("/dev/ttyACM0", err, sizeof(err)), RR_ERR_IO);
	assert_string_equal(err, "/dev/ttyACM0: in use by another program");
	assert_int_equal(ports_check_open("/dev/ttyNONE", err, sizeof(err)), RR_ERR_NODEV);
	assert_string_equal(err, "/dev/ttyNONE is not a serial port libserialport knows");
	fake_sp_reset();
}

static char *print_to_string(int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	*rc = ports_print(f);
	fclose(f);
	return buf;
}

TEST(print_listing)
{
	bench();
	int rc;
	char *s = print_to_string(&rc);
	assert_int_equal(rc, RR_OK);
	assert_string_equal(s, "/dev/ttyACM0\n"
			       "  description:  iSocket GSM Device\n"
			       "  transport:    usb\n"
			       "  usb:          1d50:6018 interface 0\n"
			       "  manufacturer: iSocket\n"
			       "  product:      iSocket GSM Device\n"
			       "  serial:       -\n"
			       "  rig file:     vid = 0x1d50, pid = 0x6018, interface = 0\n"
			       "/dev/ttyS0\n"
			       "  description:  ttyS0\n"
			       "  transport:    native\n"
			       "/dev/ttyUSB0\n"
			       "  description:  Quad RS232-HS\n"
			       "  transport:    usb\n"
			       "  usb:          0403:6011 interface 0\n"
			       "  manufacturer: FTDI\n"
			       "  product:      Quad RS232-HS\n"
			       "  serial:       FT4XYZ\n"
			       "  rig file:     vid = 0x0403, pid = 0x6011, serial = FT4XYZ, interface = 0\n"
			       "/dev/ttyUSB3\n"
			       "  description:  Quad RS232-HS\n"
			       "  transport:    usb\n"
			       "  usb:          0403:6011 interface 3\n"
			       "  manufacturer: FTDI\n"
			       "  product:      Quad RS232-HS\n"
			       "  serial:       FT4XYZ\n"
			       "  rig file:     vid = 0x0403, pid = 0x6011, serial = FT4XYZ, interface = 3\n");
	free(s);
	fake_sp_reset();
	s = print_to_string(&rc);
	assert_int_equal(rc, RR_OK);
	assert_string_equal(s, "no serial ports found\n");
	free(s);
	fake_sp_list_fails(1);
	s = print_to_string(&rc);
	assert_int_equal(rc, RR_ERR_IO);
	assert_string_equal(s, "ports: cannot list serial ports: input/output error\n");
	free(s);
	fake_sp_reset();
}
