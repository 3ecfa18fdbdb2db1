/*
 * test_ftdi.c - the ftdi rig driver, without hardware.
 *
 * The driver's logic is tested through a link-time seam over the libftdi1
 * calls: this binary links tests/unit/ftdi/fake_ftdi.c instead of -lftdi1.
 * The fake records the exact call sequence with its arguments (checked here
 * byte for byte), replays scripted pin reads on a virtual clock
 * (fake_clock.c replaces rigclk.c) and fails calls on request. Serial ports
 * come from fake_sp.c (libserialport) and fake_link.c (link_sp_open).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "fake_clock.h"
#include "fake_ftdi.h"
#include "fake_link.h"
#include "log.h"
#include "ports.h"
#include "ports/fake_sp.h"
#include "protocol.h"
#include "test.h"

enum {
	A,
	B,
	C,
	D
};

/* Like fixtures/rigs/ft4232h-bench.rig, with ports the fakes provide. */
static const char *const ref =
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
	"[usb]\nvid = 0x1d50\npid = 0x6018\n"
	"[timing]\nsettle_ms = 0\ndebounce_ms = 10\npoll_ms = 2\nrestart_off_ms = 1000\n";

/* An FT2232H with active-high and active-low lines mixed. */
static const char *const mixed =
	"[rig]\ndriver = ftdi\n"
	"[ftdi]\nchip = ft2232h\nvid = 0x0403\npid = 0x6010\n"
	"[outputs]\n"
	"dc = A.0\nac = A.1 active-low\nbat = A.2\nusb = A.3 active-low\n"
	"in1 = A.4\nin2 = A.5 active-low\nin3 = A.6\nin4 = A.7 active-low\n"
	"in5 = B.0 active-low\nin6 = none\n"
	"[relays]\nr1 = B.1\nr2 = B.2\nr3 = B.3\nr4 = B.4\nr5 = B.5\nr6 = B.6\nr7 = B.7\n"
	"[modem]\nvid = 0x0403\npid = 0x6001\n"
	"[usb]\nvid = 0x1d50\npid = 0x6018\n"
	"[timing]\nsettle_ms = 0\n";

/* An FT232H: one channel, seven relays and the 12 V switch. */
static const char *const single =
	"[rig]\ndriver = ftdi\n"
	"[ftdi]\nchip = ft232h\ndevice = i:0x0403:0x6014\nlatency_ms = 7\n"
	"[outputs]\ndc = A.7\nac = none\nbat = none\nusb = none\n"
	"in1 = none\nin2 = none\nin3 = none\nin4 = none\nin5 = none\nin6 = none\n"
	"[relays]\nr1 = A.0\nr2 = A.1\nr3 = A.2\nr4 = A.3\nr5 = A.4\nr6 = A.5\nr7 = A.6\n"
	"[modem]\nvid = 0x0403\npid = 0x6001\n"
	"[usb]\nvid = 0x1d50\npid = 0x6018\n"
	"[timing]\nsettle_ms = 0\n";

static char path[64];

static void remove_file(void)
{
	if (path[0])
		unlink(path);
}

/* text with the first from replaced by to (rotating buffers). */
static const char *edit(const char *text, const char *from, const char *to)
{
	static char bufs[2][4096];
	static int next;
	char *out = bufs[next++ % 2];
	const char *at = strstr(text, from);
	if (!at)
		snprintf(out, sizeof(bufs[0]), "missing %s", from);
	else
		snprintf(out, sizeof(bufs[0]), "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

/* Write text to the test's rig file; its path is the driver's opts. */
static const char *rig_file(const char *text)
{
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/rr-ftdi-XXXXXX");
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

/* A bench: an FT4232H at rest (relays read off), its modem UART and
 * another USB-serial adapter. Returns the FT4232H's device index. */
static int bench(void)
{
	rr_loglevel = RR_LOG_NONE;
	fake_ftdi_reset();
	fake_clock_reset();
	fake_link_reset();
	fake_sp_reset();
	int dev = fake_ftdi_add(0x0403, 0x6011, TYPE_4232H, "FT4RIG", "Quad RS232-HS");
	fake_ftdi_pins_at(dev, C, 0, 0xfc);
	fake_ftdi_pins_at(dev, D, 0, 0xff);
	fake_sp_add("/dev/ttyUSB0", "Quad RS232-HS", 0x0403, 0x6011, "FTDI", "Quad RS232-HS", "FT4RIG");
	fake_sp_add("/dev/ttyUSB4", "FT232R", 0x0403, 0x6001, "FTDI", "FT232R USB UART", "A1");
	return dev;
}

static struct rig *open_rig(const char *text, int *rc)
{
	static struct rigfile rf;
	struct unit_opts u;
	struct rig *r = NULL;
	char err[512];
	*rc = rigfile_load(rig_file(text), &rf, err, sizeof(err));
	if (*rc != RR_OK)
		return NULL;
	rigfile_unit_defaults(&rf, &u);
	*rc = rig_driver_ftdi.open(&rf, &u, &r);
	return r;
}

/* Protocol level: open the channels of a rig text, keep the message. */
static int hw_open(struct ftdi_rig *fr, const char *text)
{
	char err[512];
	memset(fr, 0, sizeof(*fr));
	if (rigfile_parse(text, "t.rig", &fr->rf, err, sizeof(err)) != RR_OK) {
		snprintf(fr->err, sizeof(fr->err), "%s", err);
		return RR_ERR_ARG;
	}
	return ftdi_hw_open(fr);
}

TEST(open_sequence_ft4232h)
{
	int dev = bench(), rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	/* B: all outputs; C: two outputs, six relays; D: one relay. Each
	 * channel starts as all inputs, its latch is preloaded with the safe
	 * byte, then the direction is set and the safe byte written again.
	 * Then the unit is powered: 12 V, AC, battery, one bit at a time. */
	assert_string_equal(fake_ftdi_log(),
			    "new\nset_interface B\nopen_string B i:0x0403:0x6011\nlatency B 2\n"
			    "bitmode B 0x00 0x01\nwrite B 0xff\nbitmode B 0xff 0x01\nwrite B 0xff\n"
			    "new\nset_interface C\nopen_string C i:0x0403:0x6011\nlatency C 2\n"
			    "bitmode C 0x00 0x01\nwrite C 0x03\nbitmode C 0x03 0x01\nwrite C 0x03\n"
			    "new\nset_interface D\nopen_string D i:0x0403:0x6011\nlatency D 2\n"
			    "bitmode D 0x00 0x01\n"
			    "read_pins C\nread_pins D\n"
			    "write B 0xfe\nwrite B 0xfc\nwrite B 0xf8\n"
			    "read_pins C\nread_pins D\n");
	assert_string_equal(fake_link_log(), "open /dev/ttyUSB0 115200,8N1\n");
	assert_int_equal(fake_ftdi_latch(dev, B), 0xf8);
	bool out[RIG_OUT_COUNT];
	assert_int_equal(rig_driver_ftdi.outputs(r, out), RR_OK);
	assert_true(out[RIG_OUT_DC] && out[RIG_OUT_AC] && out[RIG_OUT_BAT] && !out[RIG_OUT_USB] && !out[RIG_OUT_IN1]);
	struct rig_relay rl[RIG_RELAYS];
	assert_int_equal(rig_driver_ftdi.relays(r, rl), RR_OK);
	for (int i = 0; i < RIG_RELAYS; i++)
		assert_true(!rl[i].on);
	rig_driver_ftdi.close(r);
	assert_int_equal(fake_ftdi_live(), 0);
	assert_int_equal(fake_link_live(), 0);
}

TEST(close_writes_safe_state_then_frees)
{
	bench();
	int rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	fake_ftdi_log_clear();
	rig_driver_ftdi.close(r);
	assert_string_equal(fake_ftdi_log(), "write B 0xff\nwrite C 0x03\n"
					     "close B\nfree B\nclose C\nfree C\nclose D\nfree D\n");
	assert_string_equal(fake_link_log(), "open /dev/ttyUSB0 115200,8N1\nclose /dev/ttyUSB0\n");
}

TEST(open_string_forms)
{
	int first = bench(), rc;
	int second = fake_ftdi_add(0x0403, 0x6011, TYPE_4232H, "SECOND", "Quad RS232-HS");
	fake_ftdi_pins_at(second, C, 0, 0xfc);
	fake_ftdi_pins_at(second, D, 0, 0xff);
	const char *forms[] = { "s:0x0403:0x6011:SECOND", "i:0x0403:0x6011:1", "d:001/003" };
	for (int i = 0; i < 3; i++) {
		char want[128];
		fake_ftdi_log_clear();
		struct rig *r = open_rig(edit(ref, "i:0x0403:0x6011", forms[i]), &rc);
		assert_int_equal(rc, RR_OK);
		snprintf(want, sizeof(want), "new\nset_interface B\nopen_string B %s\n", forms[i]);
		assert_true(strncmp(fake_ftdi_log(), want, strlen(want)) == 0);
		/* The second board was driven, the first left alone. */
		assert_int_equal(fake_ftdi_latch(second, B), 0xf8);
		assert_int_equal(fake_ftdi_latch(first, B), 0x00);
		rig_driver_ftdi.close(r);
	}
	assert_int_equal(fake_ftdi_live(), 0);
}

TEST(open_by_vid_pid_serial_description)
{
	int first = bench(), rc;
	int second = fake_ftdi_add(0x0403, 0x6011, TYPE_4232H, "SECOND", "Quad RS232-HS");
	fake_ftdi_pins_at(second, C, 0, 0xfc);
	fake_ftdi_pins_at(second, D, 0, 0xff);
	const char *sel = "vid = 0x0403\npid = 0x6011\nserial = SECOND\ndescription = Quad RS232-HS";
	struct rig *r = open_rig(edit(ref, "device = i:0x0403:0x6011", sel), &rc);
	assert_true(rc == RR_OK);
	assert_string_equal(fake_ftdi_grep("open"), "open_desc_index B 0403:6011 desc=Quad RS232-HS serial=SECOND index=0\n"
						    "open_desc_index C 0403:6011 desc=Quad RS232-HS serial=SECOND index=0\n"
						    "open_desc_index D 0403:6011 desc=Quad RS232-HS serial=SECOND index=0\n");
	assert_int_equal(fake_ftdi_latch(second, B), 0xf8);
	assert_int_equal(fake_ftdi_latch(first, B), 0x00);
	rig_driver_ftdi.close(r);
	/* index picks among equal devices; no serial/description: NULL. */
	fake_ftdi_log_clear();
	r = open_rig(edit(ref, "device = i:0x0403:0x6011", "vid = 0x0403\npid = 0x6011\nindex = 1"), &rc);
	assert_true(rc == RR_OK);
	assert_string_equal(fake_ftdi_grep("open_desc_index B"), "open_desc_index B 0403:6011 desc=- serial=- index=1\n");
	rig_driver_ftdi.close(r);
}

TEST(no_device)
{
	bench();
	fake_ftdi_reset();
	struct ftdi_rig fr;
	assert_int_equal(hw_open(&fr, ref), RR_ERR_NODEV);
	assert_string_equal(fr.err, "no FTDI device matches i:0x0403:0x6011 (channel B): is the rig's USB cable "
				    "plugged in? 'relayrig doctor --rig t.rig' lists the FTDI devices present");
	assert_int_equal(fake_ftdi_live(), 0);
	int rc;
	struct rig *r = open_rig(ref, &rc);
	assert_int_equal(rc, RR_ERR_NODEV);
	assert_true(r == NULL);
	assert_int_equal(fake_link_live(), 0);
}

TEST(permission_denied)
{
	bench();
	fake_ftdi_open_error(-4, "usb_open() failed");
	struct ftdi_rig fr;
	assert_int_equal(hw_open(&fr, edit(ref, "device = i:0x0403:0x6011", "vid = 0x0403\npid = 0x6011")),
			 RR_ERR_PERM);
	assert_string_equal(fr.err, "cannot open FTDI device 0403:6011 (channel B): usb_open() failed; this is "
				    "usually missing permission on /dev/bus/usb: install scripts/99-relayrig.rules "
				    "(see rig/drivers/ftdi/README.md)");
	/* libftdi's other wording for the same problem. */
	fake_ftdi_open_error(-8, "inappropriate permissions on device!");
	assert_int_equal(hw_open(&fr, ref), RR_ERR_PERM);
	assert_int_equal(fake_ftdi_live(), 0);
}

TEST(busy_and_wrong_chip)
{
	bench();
	int rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	struct ftdi_rig fr;
	assert_int_equal(hw_open(&fr, ref), RR_ERR_IO);
	assert_string_equal(fr.err, "FTDI device i:0x0403:0x6011 channel B is claimed by another program (unable to "
				    "claim usb device. Make sure the default FTDI driver is not in use)");
	rig_driver_ftdi.close(r);
	/* The rig file says FT4232H but the board is an FT2232H: nothing is
	 * driven, the device is closed again. */
	bench();
	fake_ftdi_reset();
	fake_ftdi_add(0x0403, 0x6011, TYPE_2232H, "X", "Dual RS232-HS");
	assert_int_equal(hw_open(&fr, ref), RR_ERR_ARG);
	assert_string_equal(fr.err, "FTDI device i:0x0403:0x6011 is an FT2232H, but the rig file says chip = FT4232H");
	assert_string_equal(fake_ftdi_grep("write"), "");
	assert_string_equal(fake_ftdi_grep("bitmode"), "");
	assert_int_equal(fake_ftdi_live(), 0);
}

TEST(bitmode_masks_per_chip)
{
	bench();
	fake_ftdi_reset();
	int dev = fake_ftdi_add(0x0403, 0x6014, TYPE_232H, "H1", "Single RS232-HS");
	fake_ftdi_pins_at(dev, A, 0, 0x00);
	int rc;
	struct rig *r = open_rig(single, &rc);
	assert_true(rc == RR_OK);
	/* FT232H: channel A only; A.7 the one output, active-high. */
	assert_string_equal(fake_ftdi_log(), "new\nset_interface A\nopen_string A i:0x0403:0x6014\nlatency A 7\n"
					     "bitmode A 0x00 0x01\nwrite A 0x00\nbitmode A 0x80 0x01\nwrite A 0x00\n"
					     "read_pins A\nwrite A 0x80\nread_pins A\n");
	/* Lines that are not wired answer "not supported". */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_AC, true), RR_ERR_NOTSUP);
	rig_driver_ftdi.close(r);

	/* FT2232H: A all outputs, B one output and seven relays. */
	fake_ftdi_reset();
	dev = fake_ftdi_add(0x0403, 0x6010, TYPE_2232H, "H2", "Dual RS232-HS");
	fake_ftdi_pins_at(dev, B, 0, 0x00);
	r = open_rig(mixed, &rc);
	assert_true(rc == RR_OK);
	assert_string_equal(fake_ftdi_grep("bitmode"), "bitmode A 0x00 0x01\nbitmode A 0xff 0x01\n"
						       "bitmode B 0x00 0x01\nbitmode B 0x01 0x01\n");
	assert_string_equal(fake_ftdi_grep("set_interface"), "set_interface A\nset_interface B\n");
	rig_driver_ftdi.close(r);
}

TEST(latency_from_rig_file)
{
	bench();
	int rc;
	struct rig *r = open_rig(edit(ref, "device = i:0x0403:0x6011", "device = i:0x0403:0x6011\nlatency_ms = 16"), &rc);
	assert_true(rc == RR_OK);
	assert_string_equal(fake_ftdi_grep("latency"), "latency B 16\nlatency C 16\nlatency D 16\n");
	rig_driver_ftdi.close(r);
}

TEST(whole_port_writes_leave_other_lines)
{
	int dev = bench(), rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	fake_ftdi_log_clear();
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_IN1, true), RR_OK);     /* B.4 low */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_AC, false), RR_OK);     /* B.1 high */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_IN1 + 3, true), RR_OK); /* B.7 low */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_IN1 + 4, true), RR_OK); /* C.0 low */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_IN1 + 4, true), RR_OK); /* again: same byte */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_IN1 + 5, true), RR_OK); /* C.1 low */
	assert_string_equal(fake_ftdi_grep("write"), "write B 0xe8\nwrite B 0xea\nwrite B 0x6a\n"
						     "write C 0x02\nwrite C 0x02\nwrite C 0x00\n");
	assert_int_equal(fake_ftdi_latch(dev, B), 0x6a);
	assert_int_equal(fake_ftdi_latch(dev, C), 0x00);
	assert_int_equal(rig_driver_ftdi.set_output(r, (enum rig_output)RIG_OUT_COUNT, true), RR_ERR_ARG);
	rig_driver_ftdi.close(r);
}

TEST(active_high_and_low_lines)
{
	bench();
	fake_ftdi_reset();
	int dev = fake_ftdi_add(0x0403, 0x6010, TYPE_2232H, "H2", "Dual RS232-HS");
	fake_ftdi_pins_at(dev, B, 0, 0x00);
	int rc;
	struct rig *r = open_rig(mixed, &rc);
	assert_true(rc == RR_OK);
	/* Safe A: ac, usb, in2, in4 are active-low -> bits 1, 3, 5, 7 high. */
	assert_string_equal(fake_ftdi_grep("write A"), "write A 0xaa\nwrite A 0xaa\n"
						       "write A 0xab\nwrite A 0xa9\nwrite A 0xad\n");
	fake_ftdi_log_clear();
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_USB, true), RR_OK);     /* low: clear bit 3 */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_IN1, true), RR_OK);     /* high: set bit 4 */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_IN1 + 1, true), RR_OK); /* low: clear bit 5 */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_IN1 + 4, true), RR_OK); /* B.0 low */
	assert_string_equal(fake_ftdi_grep("write"), "write A 0xa5\nwrite A 0xb5\nwrite A 0x95\nwrite B 0x00\n");
	/* Relays on B are active-high: B.1 high -> R1 on. */
	fake_ftdi_pins_at(dev, B, fake_clock_ms(), 0x02);
	struct rig_relay rl[RIG_RELAYS];
	fake_clock_advance_ms(20);
	uint64_t now;
	assert_int_equal(rig_driver_ftdi.advance(r, rig_driver_ftdi.now_ms(r) + 50, &now), RR_OK);
	assert_int_equal(rig_driver_ftdi.relays(r, rl), RR_OK);
	assert_true(rl[0].on);
	assert_true(!rl[1].on);
	rig_driver_ftdi.close(r);
}

TEST(safe_state_bytes)
{
	bench();
	fake_ftdi_reset();
	int dev = fake_ftdi_add(0x0403, 0x6010, TYPE_2232H, "H2", "Dual RS232-HS");
	fake_ftdi_pins_at(dev, B, 0, 0x00);
	int rc;
	struct rig *r = open_rig(mixed, &rc);
	assert_true(rc == RR_OK);
	for (int o = 0; o < RIG_OUT_COUNT; o++)
		rig_driver_ftdi.set_output(r, (enum rig_output)o, true);
	assert_int_equal(fake_ftdi_latch(dev, A), 0x55);
	assert_int_equal(fake_ftdi_latch(dev, B), 0x00);
	fake_ftdi_log_clear();
	assert_int_equal(rig_driver_ftdi.safe_state(r), RR_OK);
	assert_string_equal(fake_ftdi_log(), "write A 0xaa\nwrite B 0x01\n");
	bool out[RIG_OUT_COUNT];
	rig_driver_ftdi.outputs(r, out);
	for (int o = 0; o < RIG_OUT_COUNT; o++)
		assert_true(!out[o]);
	/* Safe to call again, at any time. */
	assert_int_equal(rig_driver_ftdi.safe_state(r), RR_OK);
	assert_int_equal(fake_ftdi_latch(dev, A), 0xaa);
	rig_driver_ftdi.close(r);
}

TEST(debounce_ignores_short_bounce_and_times_the_change)
{
	int dev = bench(), rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	/* R1 is C.2, active-low: a 4 ms blip at 100 ms, then on from 200 ms. */
	fake_ftdi_pins_at(dev, C, 100, 0xf8);
	fake_ftdi_pins_at(dev, C, 104, 0xfc);
	fake_ftdi_pins_at(dev, C, 200, 0xf8);
	uint64_t now;
	assert_int_equal(rig_driver_ftdi.advance(r, 150, &now), RR_OK);
	assert_int_equal(now, 150);
	struct rig_relay rl[RIG_RELAYS];
	assert_int_equal(rig_driver_ftdi.relays(r, rl), RR_OK);
	assert_true(!rl[0].on);
	struct rig_relay_event ev[8];
	assert_int_equal(rig_driver_ftdi.relay_events(r, ev, 8), 0);
	/* The change is accepted after 10 ms of the new level, and advance
	 * returns early at that moment; the change is timed at its start. */
	assert_int_equal(rig_driver_ftdi.advance(r, 1000, &now), RR_OK);
	assert_int_equal(now, 210);
	assert_int_equal(rig_driver_ftdi.relays(r, rl), RR_OK);
	assert_true(rl[0].on);
	assert_int_equal(rl[0].changed_ms, 200);
	assert_true(!rl[1].on);
	assert_int_equal(rig_driver_ftdi.relay_events(r, ev, 8), 1);
	assert_int_equal(ev[0].relay, 0);
	assert_true(ev[0].on);
	assert_int_equal(ev[0].t_ms, 200);
	rig_driver_ftdi.close(r);
}

/* What a suite measures: relay release time after 12 V is cut. */
TEST(release_time_after_12v_loss)
{
	int dev = bench(), rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	fake_ftdi_pins_at(dev, C, 0, 0xf0); /* R1, R2 on */
	uint64_t now;
	rig_driver_ftdi.advance(r, 50, &now);
	struct rig_relay rl[RIG_RELAYS];
	rig_driver_ftdi.relays(r, rl);
	assert_true(rl[0].on && rl[1].on);
	uint64_t cut = rig_driver_ftdi.now_ms(r);
	fake_ftdi_pins_at(dev, C, cut + 34, 0xf4); /* R1 drops after 34 ms */
	fake_ftdi_pins_at(dev, C, cut + 40, 0xfc); /* R2 after 40 ms */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_DC, false), RR_OK);
	while (rig_driver_ftdi.relays(r, rl) == RR_OK && (rl[0].on || rl[1].on) &&
	       rig_driver_ftdi.now_ms(r) < cut + 1000)
		rig_driver_ftdi.advance(r, cut + 1000, &now);
	assert_int_equal(rl[0].changed_ms - cut, 34);
	assert_int_equal(rl[1].changed_ms - cut, 40);
	rig_driver_ftdi.close(r);
}

TEST(advance_returns_when_modem_readable)
{
	bench();
	int rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	uint64_t now, t = rig_driver_ftdi.now_ms(r);
	assert_int_equal(fake_link_feed("/dev/ttyUSB0", "AT\r"), 0);
	assert_int_equal(rig_driver_ftdi.advance(r, t + 5000, &now), RR_OK);
	assert_int_equal(now, t);
	uint8_t buf[16];
	struct link *m = rig_driver_ftdi.modem_link(r);
	assert_int_equal(link_read(m, buf, sizeof(buf), 0), 3);
	assert_int_equal(rig_driver_ftdi.advance(r, t + 5000, &now), RR_OK);
	assert_int_equal(now, t + 5000);
	rig_driver_ftdi.close(r);
}

TEST(usb_link_follows_the_usb_line)
{
	bench();
	int rc;
	struct rig *r = open_rig(edit(ref, "settle_ms = 0", "settle_ms = 20"), &rc);
	assert_true(rc == RR_OK);
	struct link *u = rig_driver_ftdi.usb_link(r);
	assert_true(u != NULL);
	uint8_t buf[16];
	assert_int_equal(link_read(u, buf, sizeof(buf), 100), RR_ERR_CLOSED);
	assert_int_equal(u->ops->pollfd(u), -1);
	/* Attached, but the unit's port has not enumerated yet. */
	uint64_t t = fake_clock_ms();
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_USB, true), RR_OK);
	assert_int_equal(fake_clock_ms() - t, 20); /* settle_ms */
	t = fake_clock_ms();
	assert_int_equal(link_read(u, buf, sizeof(buf), 300), 0);
	assert_int_equal(fake_clock_ms() - t, 300);
	/* A write waits up to enumerate_ms for the port. */
	t = fake_clock_ms();
	assert_int_equal(link_write(u, (const uint8_t *)"x", 1), RR_ERR_NODEV);
	assert_int_equal(fake_clock_ms() - t, 5000);
	/* It appears: advance notices within its retry period. */
	fake_sp_add("/dev/ttyACM0", "iSocket GSM Device", 0x1d50, 0x6018, "iSocket", "iSocket GSM Device", "U1");
	uint64_t now, start = rig_driver_ftdi.now_ms(r);
	assert_int_equal(rig_driver_ftdi.advance(r, start + 5000, &now), RR_OK);
	assert_int_equal(now - start, 250);
	assert_true(u->ops->pollfd(u) >= 0);
	assert_int_equal(fake_link_feed("/dev/ttyACM0", "hi"), 0);
	assert_int_equal(rig_driver_ftdi.advance(r, now + 5000, &now), RR_OK);
	assert_int_equal(link_read(u, buf, sizeof(buf), 0), 2);
	assert_int_equal(link_write(u, (const uint8_t *)"x", 1), RR_OK);
	/* Detached: the port is closed, the link object stays. */
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_USB, false), RR_OK);
	assert_true(strstr(fake_link_log(), "close /dev/ttyACM0\n") != NULL);
	assert_int_equal(link_read(u, buf, sizeof(buf), 0), RR_ERR_CLOSED);
	rig_driver_ftdi.close(r);
	assert_int_equal(fake_link_live(), 0);
}

TEST(unplug_on_write)
{
	int dev = bench(), rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	rig_driver_ftdi.set_output(r, RIG_OUT_IN1 + 4, true); /* C.0 active: C = 0x02 */
	fake_ftdi_log_clear();
	fake_ftdi_fail("write", B, 1, -4);
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_IN1, true), RR_ERR_NODEV);
	/* The failed write, then the safe state on the channel still there. */
	assert_string_equal(fake_ftdi_log(), "write B 0xe8 FAIL\nwrite C 0x03\n");
	assert_int_equal(fake_ftdi_latch(dev, C), 0x03);
	char msg[512];
	assert_int_equal(rig_driver_ftdi.health(r, msg, sizeof(msg)), RR_ERR_NODEV);
	assert_string_equal(msg, "FTDI channel B: ftdi_write_data failed: usb bulk write failed (-4); the device "
				 "was unplugged or reset; safe state written on channel C");
	/* Lost: no more hardware calls, every operation says so. */
	fake_ftdi_log_clear();
	uint64_t now;
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_DC, false), RR_ERR_NODEV);
	assert_int_equal(rig_driver_ftdi.advance(r, 100, &now), RR_ERR_NODEV);
	struct rig_relay rl[RIG_RELAYS];
	assert_int_equal(rig_driver_ftdi.relays(r, rl), RR_ERR_NODEV);
	assert_int_equal(rig_driver_ftdi.restart(r), RR_ERR_NODEV);
	assert_string_equal(fake_ftdi_log(), "");
	/* safe_state still tries every channel. */
	assert_int_equal(rig_driver_ftdi.safe_state(r), RR_ERR_NODEV);
	assert_string_equal(fake_ftdi_log(), "write B 0xff FAIL\nwrite C 0x03\n");
	rig_driver_ftdi.close(r);
	assert_int_equal(fake_ftdi_live(), 0);
}

TEST(unplug_while_advancing)
{
	bench();
	int rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	fake_ftdi_log_clear();
	/* The whole device goes: the third pin read fails, and every call after. */
	fake_ftdi_fail("read_pins", -1, 3, -1);
	uint64_t now;
	assert_int_equal(rig_driver_ftdi.advance(r, 1000, &now), RR_ERR_NODEV);
	assert_int_equal(now, 2);
	assert_string_equal(fake_ftdi_log(), "read_pins C\nread_pins D\nread_pins C FAIL\n"
					     "write B 0xff FAIL\n");
	char msg[512];
	assert_int_equal(rig_driver_ftdi.health(r, msg, sizeof(msg)), RR_ERR_NODEV);
	assert_string_equal(msg, "FTDI channel C: ftdi_read_pins failed: read pins failed (-1); the device was "
				 "unplugged or reset; safe state failed on channel B too");
	rig_driver_ftdi.close(r);
	assert_int_equal(fake_ftdi_live(), 0);
}

TEST(open_fails_cleanly_without_modem_port)
{
	bench();
	fake_sp_reset();
	int rc;
	struct rig *r = open_rig(ref, &rc);
	assert_int_equal(rc, RR_ERR_NODEV);
	assert_true(r == NULL);
	/* The channels were opened, then put in the safe state and closed. */
	assert_true(strstr(fake_ftdi_log(), "bitmode D 0x00 0x01\nread_pins C\nread_pins D\n"
					    "write B 0xff\nwrite C 0x03\nclose B\nfree B\nclose C\nfree C\n"
					    "close D\nfree D\n") != NULL);
	assert_int_equal(fake_ftdi_live(), 0);
	/* A port that is there but refuses to open. */
	bench();
	fake_link_open_error("/dev/ttyUSB0", RR_ERR_PERM, "permission denied");
	r = open_rig(ref, &rc);
	assert_int_equal(rc, RR_ERR_PERM);
	assert_int_equal(fake_ftdi_live(), 0);
}

TEST(open_rejects_other_rig_files)
{
	bench();
	int rc;
	struct rig *r = open_rig("[rig]\ndriver = sim\n", &rc);
	assert_int_equal(rc, RR_ERR_ARG);
	assert_true(r == NULL);
	r = open_rig("[rig]\ndriver = ftdi\n", &rc);
	assert_int_equal(rc, RR_ERR_ARG);
	assert_int_equal(rig_driver_ftdi.open(NULL, NULL, &r), RR_ERR_ARG);
	assert_string_equal(fake_ftdi_log(), "");
}

TEST(restart_cuts_supplies_for_restart_off_ms)
{
	bench();
	int rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	assert_int_equal(rig_driver_ftdi.set_output(r, RIG_OUT_USB, true), RR_OK); /* B = 0xf0 */
	fake_ftdi_log_clear();
	uint64_t t = fake_clock_ms();
	assert_int_equal(rig_driver_ftdi.restart(r), RR_OK);
	assert_int_equal(fake_clock_ms() - t, 1000);
	/* USB, 12 V, battery off; then battery, 12 V, USB back on. */
	assert_string_equal(fake_ftdi_grep("write"), "write B 0xf8\nwrite B 0xf9\nwrite B 0xfd\n"
						     "write B 0xf9\nwrite B 0xf8\nwrite B 0xf0\n");
	rig_driver_ftdi.close(r);
}

TEST(unsupported_and_identity)
{
	bench();
	int rc;
	struct rig *r = open_rig(ref, &rc);
	assert_true(rc == RR_OK);
	assert_int_equal(rig_driver_ftdi.set_temp(r, 0, 250, false), RR_ERR_NOTSUP);
	assert_int_equal(rig_driver_ftdi.set_battery_level(r, 50), RR_ERR_NOTSUP);
	char fw[16] = "x", ser[16] = "x", reply[64];
	assert_int_equal(rig_driver_ftdi.identity(r, fw, sizeof(fw), ser, sizeof(ser)), RR_OK);
	assert_string_equal(fw, "");
	assert_string_equal(ser, "");
	assert_int_equal(rig_driver_ftdi.health(r, reply, sizeof(reply)), RR_OK);
	assert_string_equal(reply, "");
	assert_int_equal(rig_driver_ftdi.control(r, "pins", reply, sizeof(reply)), RR_OK);
	assert_string_equal(reply, "B=f8 C=ff D=ff");
	assert_int_equal(rig_driver_ftdi.control(r, "hang", reply, sizeof(reply)), RR_ERR_ARG);
	assert_string_equal(rig_driver_ftdi.name, "ftdi");
	rig_driver_ftdi.close(r);
}

/* The reference rig file as shipped: its modem is "channel A", found as
 * USB interface 0 of the FT4232H through sysfs. */
TEST(reference_rig_opens)
{
	bench();
	char root[64], cmd[256], p[160];
	snprintf(root, sizeof(root), "/tmp/rr-sysfs-XXXXXX");
	assert_true(mkdtemp(root) != NULL);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/class/tty/ttyUSB0 %s/devices/1-1:1.0/ttyUSB0", root, root);
	assert_true(system(cmd) == 0);
	snprintf(p, sizeof(p), "%s/devices/1-1:1.0/bInterfaceNumber", root);
	FILE *f = fopen(p, "w");
	assert_true(f != NULL);
	fputs("00\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/class/tty/ttyUSB0/device", root);
	assert_true(symlink("../../../devices/1-1:1.0/ttyUSB0", p) == 0);
	ports_set_sysfs_root(root);
	struct rig *r = NULL;
	static struct rigfile rf;
	struct unit_opts u;
	char err[512];
	assert_true(rigfile_load("fixtures/rigs/ft4232h-bench.rig", &rf, err, sizeof(err)) == RR_OK);
	rigfile_unit_defaults(&rf, &u);
	int rc = rig_driver_ftdi.open(&rf, &u, &r);
	assert_int_equal(rc, RR_OK);
	assert_string_equal(fake_link_log(), "open /dev/ttyUSB0 115200,8N1\n");
	assert_string_equal(fake_ftdi_grep("bitmode"), "bitmode B 0x00 0x01\nbitmode B 0xff 0x01\n"
						       "bitmode C 0x00 0x01\nbitmode C 0x03 0x01\n"
						       "bitmode D 0x00 0x01\n");
	assert_int_equal(fake_clock_ms(), 20); /* settle_ms after power-up */
	if (r)
		rig_driver_ftdi.close(r);
	ports_set_sysfs_root(NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}
