/*
 * test_doctor.c - `relayrig doctor` over the same fakes as test_ftdi.c
 * (libftdi1, libserialport, serial links and the clock replaced at link
 * time): what it reports, its exit status, and that the dry run drives no
 * pin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "err.h"
#include "fake_clock.h"
#include "fake_ftdi.h"
#include "fake_link.h"
#include "log.h"
#include "ports/fake_sp.h"
#include "test.h"

enum {
	A,
	B,
	C,
	D
};

static const char *const rig =
	"[rig]\ndriver = ftdi\n"
	"[ftdi]\nchip = ft4232h\ndevice = i:0x0403:0x6011\n"
	"[outputs]\n"
	"dc = B.0 active-low\nac = B.1 active-low\nbat = B.2 active-low\nusb = B.3 active-low\n"
	"in1 = B.4 active-low\nin2 = B.5 active-low\nin3 = B.6 active-low\nin4 = B.7 active-low\n"
	"in5 = C.0 active-low\nin6 = C.1 active-low\n"
	"[relays]\n"
	"r1 = C.2 active-low\nr2 = C.3 active-low\nr3 = C.4 active-low\nr4 = C.5 active-low\n"
	"r5 = C.6 active-low\nr6 = C.7 active-low\nr7 = D.0 active-low\n"
	"[modem]\nvid = 0x0403\npid = 0x6011\n"
	"[usb]\nvid = 0x1d50\npid = 0x6018\n";

static char path[64], *output;

static void remove_file(void)
{
	if (path[0])
		unlink(path);
	free(output);
}

static const char *rig_file(const char *text)
{
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/rr-doctor-XXXXXX");
		int fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
		atexit(remove_file);
	}
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
	return path;
}

/* Run the doctor on text with extra arguments; output in `output`. */
static int doctor(const char *text, const char *arg)
{
	char *argv[5] = { "doctor", "--rig", (char *)rig_file(text), (char *)arg, NULL };
	size_t len;
	free(output);
	output = NULL;
	FILE *f = open_memstream(&output, &len);
	if (!f)
		abort();
	int rc = doctor_run(f, arg ? 4 : 3, argv);
	fclose(f);
	return rc;
}

#define CHECK_OUT(s)                                                                             \
	do {                                                                                     \
		if (!strstr(output, s))                                                          \
			test_fail_at(__FILE__, __LINE__, "output lacks \"%s\":\n%s", s, output); \
	} while (0)

static void empty_bench(void)
{
	rr_loglevel = RR_LOG_NONE;
	fake_ftdi_reset();
	fake_clock_reset();
	fake_link_reset();
	fake_sp_reset();
}

static int full_bench(void)
{
	empty_bench();
	int dev = fake_ftdi_add(0x0403, 0x6011, TYPE_4232H, "FT4RIG", "Quad RS232-HS");
	fake_ftdi_pins_at(dev, B, 0, 0xff);
	fake_ftdi_pins_at(dev, C, 0, 0xff);
	fake_ftdi_pins_at(dev, D, 0, 0xff);
	fake_sp_add("/dev/ttyUSB0", "Quad RS232-HS", 0x0403, 0x6011, "FTDI", "Quad RS232-HS", "FT4RIG");
	return dev;
}

TEST(doctor_usage)
{
	char *none[] = { "doctor", NULL };
	char *help[] = { "doctor", "--help", NULL };
	char *bad[] = { "doctor", "--rig", "x", "--frobnicate", NULL };
	FILE *f = fopen("/dev/null", "w");
	assert_true(f != NULL);
	assert_int_equal(doctor_run(f, 1, none), 2);
	assert_int_equal(doctor_run(f, 2, help), 0);
	assert_int_equal(doctor_run(f, 4, bad), 2);
	fclose(f);
}

TEST(doctor_bad_rig_file_names_the_line)
{
	empty_bench();
	assert_int_equal(doctor("[rig]\ndriver = ftdi\n[ftdi]\nchip = ft9\n", NULL), 1);
	char want[128];
	snprintf(want, sizeof(want), "  FAIL  %s:4: chip: 'ft9' is not ft232h, ft2232h or ft4232h\n", path);
	CHECK_OUT(want);
	CHECK_OUT("doctor: NOT READY: 1 problem\n");
}

TEST(doctor_sim_rig_is_ready)
{
	empty_bench();
	assert_int_equal(doctor("[rig]\ndriver = sim\n", NULL), 0);
	CHECK_OUT("  ok    rig file valid: driver = sim, the simulated rig needs no hardware\n");
	CHECK_OUT("doctor: READY\n");
}

TEST(doctor_nothing_connected)
{
	empty_bench();
	assert_int_equal(doctor(rig, NULL), 1);
	CHECK_OUT("(dry run: nothing is switched)\n");
	CHECK_OUT("  ok    rig file valid: FT4232H i:0x0403:0x6011; modem USB 0403:6011\n");
	CHECK_OUT("  info  channel B: out dc=0~ ac=1~ bat=2~ usb=3~ in1=4~ in2=5~ in3=6~ in4=7~ "
		  "(direction 0xff, safe byte 0xff; ~ = active-low)\n");
	CHECK_OUT("  FAIL  no 0403:6011 device is present: is the rig's USB cable plugged in");
	CHECK_OUT("  FAIL  modem port (USB 0403:6011): no serial port is USB 0403:6011; no USB serial ports present\n");
	CHECK_OUT("  info  unit USB port (USB 1d50:6018) is not present now");
	CHECK_OUT("doctor: NOT READY: 2 problems\n");
	assert_string_equal(fake_ftdi_grep("open"), "");
}

TEST(doctor_dry_run_drives_nothing)
{
	full_bench();
	assert_int_equal(doctor(rig, NULL), 0);
	CHECK_OUT("  info  FTDI device present: FTDI \"Quad RS232-HS\" serial FT4RIG\n");
	CHECK_OUT("  ok    channel B opens (FT4232H); pins 0xff\n");
	CHECK_OUT("  ok    channel D opens (FT4232H); pins 0xff\n");
	CHECK_OUT("  info  relays as the pins read now (dry run: channel modes untouched): R1 off, R2 off");
	CHECK_OUT("  ok    modem port /dev/ttyUSB0 (USB 0403:6011) opens\n");
	CHECK_OUT("doctor: READY\n");
	assert_string_equal(fake_ftdi_grep("write"), "");
	assert_string_equal(fake_ftdi_grep("bitmode"), "");
	assert_string_equal(fake_ftdi_grep("latency"), "");
	assert_int_equal(fake_ftdi_live(), 0);
}

TEST(doctor_permission_problems)
{
	full_bench();
	fake_ftdi_open_error(-4, "usb_open() failed");
	fake_sp_open_errno(13); /* EACCES */
	assert_int_equal(doctor(rig, NULL), 1);
	CHECK_OUT("  info  FTDI device present; its strings are unreadable (libusb_open() failed): "
		  "usually no permission, see scripts/99-relayrig.rules\n");
	CHECK_OUT("  FAIL  cannot open FTDI device i:0x0403:0x6011 (channel B): usb_open() failed; "
		  "this is usually missing permission");
	CHECK_OUT("  FAIL  modem port: /dev/ttyUSB0: permission denied; add the user to group dialout, "
		  "or install scripts/99-relayrig.rules\n");
	CHECK_OUT("  skip  channels C, D: same device as channel B\n");
	CHECK_OUT("doctor: NOT READY: 2 problems\n");
}

TEST(doctor_toggle_exercises_the_rig)
{
	full_bench();
	fake_sp_add("/dev/ttyACM0", "iSocket GSM Device", 0x1d50, 0x6018, "iSocket", "iSocket GSM Device", NULL);
	/* The unit's firmware greets its modem once powered. */
	fake_link_preload("/dev/ttyUSB0", "AT\r\nAT+CMGF=1\r\n");
	assert_int_equal(doctor(rig, "--toggle"), 0);
	CHECK_OUT("(--toggle: the rig will be switched)\n");
	CHECK_OUT("  ok    safe state written (every output inactive); pins B=ff C=ff D=ff\n");
	CHECK_OUT("  ok    every relay reads off with every supply off\n");
	CHECK_OUT("  ok    the unit talks on the modem UART: \"AT\\r\\nAT+CMGF=1\\r\\n\"\n");
	CHECK_OUT("  ok    IN1 (B.4) switched on and off\n");
	CHECK_OUT("  ok    IN6 (C.1) switched on and off\n");
	CHECK_OUT("  ok    the unit's USB port appeared after 0 ms: /dev/ttyACM0\n");
	CHECK_OUT("  ok    safe state written at the end\n");
	CHECK_OUT("doctor: READY\n");
	/* Every input line went active and back; the rig ended safe. */
	assert_true(strstr(fake_ftdi_grep("write B"), "write B 0xe8\nwrite B 0xf8\n") != NULL);
	assert_true(strstr(fake_ftdi_grep("write C"), "write C 0x02\nwrite C 0x03\nwrite C 0x01\nwrite C 0x03\n") != NULL);
	const char *w = fake_ftdi_grep("write");
	assert_true(strcmp(w + strlen(w) - strlen("write B 0xff\nwrite C 0x03\n"), "write B 0xff\nwrite C 0x03\n") == 0);
	assert_int_equal(fake_ftdi_live(), 0);
	assert_int_equal(fake_link_live(), 0);
}

TEST(doctor_toggle_catches_relay_wiring)
{
	int dev = full_bench();
	fake_sp_add("/dev/ttyACM0", "iSocket GSM Device", 0x1d50, 0x6018, "iSocket", "iSocket GSM Device", NULL);
	fake_ftdi_pins_at(dev, C, 0, 0xef); /* C.4 low: R3 "on" with 12 V off */
	assert_int_equal(doctor(rig, "--toggle"), 1);
	CHECK_OUT("  FAIL  R3 (C.4) reads on with every supply off: check its sense wiring and polarity\n");
	CHECK_OUT("  warn  no bytes from the unit on the modem UART within 5000 ms: check TX/RX");
	CHECK_OUT("doctor: NOT READY: 1 problem\n");
}
