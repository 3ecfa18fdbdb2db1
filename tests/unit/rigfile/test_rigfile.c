/*
 * test_rigfile.c - the rig description file parser: the fixtures parse, and
 * every class of error is reported with the file and line it is on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "rigfile/rigfile.h"
#include "test.h"

/* A small valid FT2232H rig; the numbers are the file's line numbers. */
static const char *const base =
	"[rig]\n"                    /* 1 */
	"driver = ftdi\n"            /* 2 */
	"[ftdi]\n"                   /* 3 */
	"chip = ft2232h\n"           /* 4 */
	"device = i:0x0403:0x6010\n" /* 5 */
	"[outputs]\n"                /* 6 */
	"dc = A.0\n"                 /* 7 */
	"ac = A.1\n"                 /* 8 */
	"bat = A.2\n"                /* 9 */
	"usb = A.3\n"                /* 10 */
	"in1 = A.4\n"                /* 11 */
	"in2 = A.5\n"                /* 12 */
	"in3 = A.6\n"                /* 13 */
	"in4 = A.7\n"                /* 14 */
	"in5 = B.0 active-low\n"     /* 15 */
	"in6 = none\n"               /* 16 */
	"[relays]\n"                 /* 17 */
	"r1 = B.1 active-low\n"      /* 18 */
	"r2 = B.2\n"                 /* 19 */
	"r3 = B.3\n"                 /* 20 */
	"r4 = B.4\n"                 /* 21 */
	"r5 = B.5\n"                 /* 22 */
	"r6 = B.6\n"                 /* 23 */
	"r7 = B.7 active-high\n"     /* 24 */
	"[modem]\n"                  /* 25 */
	"port = /dev/ttyUSB0\n"      /* 26 */
	"[usb]\n"                    /* 27 */
	"vid = 0x1234\n"             /* 28 */
	"pid = 0x5678\n";            /* 29 */

static char text[8192], err[512];
static struct rigfile rf;

/* src with the first occurrence of from replaced by to (rotating buffers). */
static const char *edit(const char *src, const char *from, const char *to)
{
	static char bufs[2][8192];
	static int next;
	char *out = bufs[next++ % 2];
	const char *at = strstr(src, from);
	if (!at) {
		snprintf(out, sizeof(bufs[0]), "missing '%s'", from);
		return out;
	}
	snprintf(out, sizeof(bufs[0]), "%.*s%s%s", (int)(at - src), src, to, at + strlen(from));
	return out;
}

static const char *with(const char *from, const char *to)
{
	snprintf(text, sizeof(text), "%s", edit(base, from, to));
	return text;
}

static int parse(const char *t)
{
	return rigfile_parse(t, "t.rig", &rf, err, sizeof(err));
}

/* The text fails to parse with exactly this message. */
#define CHECK_ERR(t, msg)                               \
	do {                                            \
		assert_int_equal(parse(t), RR_ERR_ARG); \
		assert_string_equal(err, msg);          \
	} while (0)

TEST(base_parses)
{
	assert_int_equal(parse(base), RR_OK);
	assert_string_equal(err, "");
	assert_string_equal(rf.driver, "ftdi");
	assert_int_equal(rf.chip, RIGFILE_FT2232H);
	assert_int_equal(rf.vid, 0x0403);
	assert_int_equal(rf.pid, 0x6010);
	assert_int_equal(rf.index, 0);
	assert_true(rf.out[RIG_OUT_IN1 + 4].wired && rf.out[RIG_OUT_IN1 + 4].active_low);
	assert_true(!rf.out[RIG_OUT_IN1 + 5].wired);
	assert_int_equal(rf.relay[6].channel, 1);
	assert_int_equal(rf.relay[6].bit, 7);
	assert_true(!rf.relay[6].active_low);
	assert_string_equal(rf.modem.name, "/dev/ttyUSB0");
	assert_int_equal(rf.usb.vid, 0x1234);
	assert_int_equal(rf.usb.pid, 0x5678);
	assert_int_equal(rf.usb.interface, -1);
	assert_string_equal(rf.usb.settings, "115200,8N1");
	assert_int_equal(rf.debounce_ms, 10);
	assert_int_equal(rf.latency_ms, 2);
}

TEST(reference_rig_parses)
{
	int rc = rigfile_load("fixtures/rigs/ft4232h-bench.rig", &rf, err, sizeof(err));
	assert_int_equal(rc, RR_OK);
	assert_string_equal(err, "");
	assert_string_equal(rf.driver, "ftdi");
	assert_int_equal(rf.chip, RIGFILE_FT4232H);
	assert_string_equal(rf.device, "i:0x0403:0x6011");
	char b[8];
	assert_string_equal(rigfile_line_str(&rf.out[RIG_OUT_DC], b, sizeof(b)), "B.0");
	assert_true(rf.out[RIG_OUT_DC].active_low);
	assert_string_equal(rigfile_line_str(&rf.out[RIG_OUT_IN1 + 5], b, sizeof(b)), "C.1");
	assert_string_equal(rigfile_line_str(&rf.relay[0], b, sizeof(b)), "C.2");
	assert_string_equal(rigfile_line_str(&rf.relay[6], b, sizeof(b)), "D.0");
	/* [modem] channel = A resolves through the FTDI's own identity. */
	assert_int_equal(rf.modem.channel, 0);
	assert_int_equal(rf.modem.vid, 0x0403);
	assert_int_equal(rf.modem.pid, 0x6011);
	assert_int_equal(rf.modem.interface, 0);
	assert_string_equal(rf.usb.name, "/dev/ttyACM0");
	assert_int_equal(rf.usb.enumerate_ms, 5000);
	assert_int_equal(rf.settle_ms, 20);
	assert_int_equal(rf.restart_off_ms, 3000);
}

TEST(sim_rig_parses)
{
	assert_int_equal(rigfile_load("fixtures/rigs/sim.rig", &rf, err, sizeof(err)), RR_OK);
	assert_string_equal(rf.driver, "sim");
	assert_int_equal(rf.chip, RIGFILE_CHIP_NONE);
	assert_int_equal(rf.debounce_ms, 0);
	assert_int_equal(rf.sim.hang_ms, 5000);
	assert_true(rf.sim.ac_sensor);
	assert_string_equal(rf.sim.simulator, "");
	assert_string_equal(rf.sim.serial, "");
}

/* --rig sim: the built-in rig is what fixtures/rigs/sim.rig says. */
TEST(sim_default_matches_the_fixture)
{
	static struct rigfile def;
	struct unit_opts u;
	rigfile_sim_default(&def);
	assert_int_equal(rigfile_load("fixtures/rigs/sim.rig", &rf, err, sizeof(err)), RR_OK);
	assert_string_equal(def.driver, rf.driver);
	assert_string_equal(def.name, rf.name);
	assert_int_equal(def.sim.hang_ms, rf.sim.hang_ms);
	assert_int_equal(def.sim.ac_sensor, rf.sim.ac_sensor);
	assert_int_equal(def.settle_ms, rf.settle_ms);
	assert_int_equal(def.debounce_ms, rf.debounce_ms);
	rigfile_unit_defaults(&def, &u);
	assert_true(u.ac_sensor);
	assert_string_equal(u.serial, "");
}

TEST(sim_keys_are_typed)
{
	assert_int_equal(parse("[rig]\ndriver = sim\n[sim]\nsimulator = /opt/sim/isocket-sim\n"
			       "hang_timeout_ms = 750\nac_sensor = no\nserial = SR7-000042\nnv = /tmp/u.nv\n"),
			 RR_OK);
	assert_string_equal(rf.sim.simulator, "/opt/sim/isocket-sim");
	assert_int_equal(rf.sim.hang_ms, 750);
	assert_true(!rf.sim.ac_sensor);
	assert_string_equal(rf.sim.serial, "SR7-000042");
	assert_string_equal(rf.sim.nv, "/tmp/u.nv");
	struct unit_opts u;
	rigfile_unit_defaults(&rf, &u);
	assert_true(!u.ac_sensor);
	assert_string_equal(u.serial, "SR7-000042");
	assert_int_equal(parse("[rig]\ndriver = sim\n[sim]\nac_sensor = yes\n"), RR_OK);
	assert_true(rf.sim.ac_sensor);
}

TEST(sim_key_errors_name_the_line)
{
	CHECK_ERR("[rig]\ndriver = sim\n[sim]\noptions = sim=/bin/false\n",
		  "t.rig:4: unknown key 'options' in [sim] (known: simulator, hang_timeout_ms, ac_sensor, serial, nv)");
	CHECK_ERR("[rig]\ndriver = sim\n[sim]\nhang_timeout_ms = 5s\n",
		  "t.rig:4: hang_timeout_ms: '5s' is not a number in 1..600000");
	CHECK_ERR("[rig]\ndriver = sim\n[sim]\nhang_timeout_ms = 0\n",
		  "t.rig:4: hang_timeout_ms: '0' is not a number in 1..600000");
	CHECK_ERR("[rig]\ndriver = sim\n\n[sim]\nac_sensor = maybe\n",
		  "t.rig:5: ac_sensor: 'maybe' is not yes or no");
	CHECK_ERR("[rig]\ndriver = sim\n[sim]\nserial = A B\n",
		  "t.rig:4: serial: 'A B' has a space or control character");
	CHECK_ERR("[rig]\ndriver = sim\n[sim]\nserial = A\nserial = B\n",
		  "t.rig:5: 'serial' already set at line 4");
	CHECK_ERR("[rig]\ndriver = sim\n[sim]\nsimulator =\n", "t.rig:4: 'simulator' has no value");
}

TEST(missing_file)
{
	assert_int_equal(rigfile_load("fixtures/rigs/no-such.rig", &rf, err, sizeof(err)), RR_ERR_IO);
	assert_string_equal(err, "fixtures/rigs/no-such.rig: cannot open: No such file or directory");
}

TEST(comments_crlf_and_case)
{
	assert_int_equal(parse(with("dc = A.0\n", "  dc=a.0   # main supply ; here\r\n")), RR_OK);
	assert_int_equal(rf.out[RIG_OUT_DC].channel, 0);
	assert_int_equal(parse(with("[outputs]\n", "; comment\n\n[ outputs ]\n")), RR_OK);
	/* '#' inside a value is kept: only a comment after whitespace counts. */
	assert_int_equal(parse(with("port = /dev/ttyUSB0", "port = /dev/tty#1")), RR_OK);
	assert_string_equal(rf.modem.name, "/dev/tty#1");
}

TEST(syntax_errors_name_the_line)
{
	CHECK_ERR(with("[usb]", "[usb"), "t.rig:27: malformed section header '[usb'");
	CHECK_ERR(with("[usb]", "[serial]"),
		  "t.rig:27: unknown section [serial] (known: rig, sim, ftdi, outputs, relays, modem, usb, timing)");
	CHECK_ERR(with("[relays]", "[outputs]"), "t.rig:17: section [outputs] already started at line 6");
	CHECK_ERR(with("[rig]\n", "driver = ftdi\n[rig]\n"), "t.rig:1: 'driver' comes before any [section]");
	CHECK_ERR(with("r3 = B.3", "r3 B.3"), "t.rig:20: expected 'key = value' or '[section]', got 'r3 B.3'");
	CHECK_ERR(with("r3 = B.3", "= B.3"), "t.rig:20: missing key before '='");
	CHECK_ERR(with("r3 = B.3", "r3 ="), "t.rig:20: 'r3' has no value");
	CHECK_ERR(with("r3 = B.3", "r8 = B.3"), "t.rig:20: unknown key 'r8' in [relays] (known: r1, r2, r3, r4, r5, r6, r7)");
	CHECK_ERR(with("r3 = B.3", "r2 = B.3"), "t.rig:20: 'r2' already set at line 19");
}

TEST(value_errors_name_the_line)
{
	CHECK_ERR(with("driver = ftdi", "driver = labgrid"), "t.rig:2: driver: 'labgrid' is not ftdi or sim");
	CHECK_ERR(with("chip = ft2232h", "chip = ft232r"), "t.rig:4: chip: 'ft232r' is not ft232h, ft2232h or ft4232h");
	CHECK_ERR(with("vid = 0x1234", "vid = 0x10000"), "t.rig:28: vid: '0x10000' is not a number in 0x0000..0xffff");
	CHECK_ERR(with("vid = 0x1234", "vid = -1"), "t.rig:28: vid: '-1' is not a number in 0x0000..0xffff");
	CHECK_ERR(with("device = i:0x0403:0x6010", "device = 0403:6010"),
		  "t.rig:5: device: '0403:6010' is not d:BUS/ADDR, i:VID:PID[:INDEX] or s:VID:PID:SERIAL");
	CHECK_ERR(with("device = i:0x0403:0x6010", "device = s:0x0403:0x6010:"),
		  "t.rig:5: device: 's:0x0403:0x6010:' is not d:BUS/ADDR, i:VID:PID[:INDEX] or s:VID:PID:SERIAL");
	CHECK_ERR(with("device = i:0x0403:0x6010", "device = i:0x0403:0x6010:x"),
		  "t.rig:5: device: 'i:0x0403:0x6010:x' is not d:BUS/ADDR, i:VID:PID[:INDEX] or s:VID:PID:SERIAL");
	CHECK_ERR(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nsettings = 115200"),
		  "t.rig:27: bad serial settings \"115200\": expected ',' and a frame format such as 8N1 after the baud rate");
	CHECK_ERR(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nsettings = 9600,8N1,cts"),
		  "t.rig:27: bad serial settings \"9600,8N1,cts\": flow control must be none, rtscts, dtrdsr or xonxoff");
	/* the same parser as the links': its range and its messages */
	CHECK_ERR(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nsettings = 49,8N1"),
		  "t.rig:27: bad serial settings \"49,8N1\": baud rate must be 50..4000000");
	CHECK_ERR(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nsettings = 9600,8N3"),
		  "t.rig:27: bad serial settings \"9600,8N3\": stop bits must be 1 or 2");
	assert_int_equal(parse(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nsettings = 4000000,5S1,dtrdsr")), RR_OK);
	assert_int_equal(parse(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nsettings = 9600,7E2,rtscts")), RR_OK);
	assert_string_equal(rf.modem.settings, "9600,7E2,rtscts");
	CHECK_ERR(with("pid = 0x5678\n", "pid = 0x5678\n[timing]\npoll_ms = 0\n"),
		  "t.rig:31: poll_ms: '0' is not a number in 1..100");
	CHECK_ERR(with("pid = 0x5678\n", "pid = 0x5678\n[timing]\ndebounce_ms = 10ms\n"),
		  "t.rig:31: debounce_ms: '10ms' is not a number in 0..1000");
	CHECK_ERR(with("device = i:0x0403:0x6010", "device = i:0x0403:0x6010\nlatency_ms = 0"),
		  "t.rig:6: latency_ms: '0' is not a number in 1..255");
}

TEST(line_errors_name_the_line)
{
	const char *form = "is not CHANNEL.BIT [active-high|active-low] or none (e.g. B.3 active-low)";
	char want[256];
	snprintf(want, sizeof(want), "t.rig:7: dc: 'B3' %s", form);
	CHECK_ERR(with("dc = A.0", "dc = B3"), want);
	snprintf(want, sizeof(want), "t.rig:7: dc: 'A.0 active-low extra' %s", form);
	CHECK_ERR(with("dc = A.0", "dc = A.0 active-low extra"), want);
	CHECK_ERR(with("dc = A.0", "dc = A.8"), "t.rig:7: dc: bit 8 out of range 0..7");
	CHECK_ERR(with("dc = A.0", "dc = E.0"), "t.rig:7: dc: channel E does not exist (A..D)");
	CHECK_ERR(with("dc = A.0", "dc = A.0 inverted"), "t.rig:7: dc: 'inverted' is not active-high or active-low");
	/* A channel the chip lacks: an FT2232H has A and B only. */
	CHECK_ERR(with("in4 = A.7", "in4 = C.7"), "t.rig:14: in4: channel C: an FT2232H has channels A and B");
	CHECK_ERR(with("chip = ft2232h", "chip = ft232h"), "t.rig:15: in5: channel B: an FT232H has channel A only");
	CHECK_ERR(with("r7 = B.7 active-high", "r7 = none"),
		  "t.rig:24: r7: every relay must be read; 'none' is not allowed here");
}

TEST(line_clashes_name_the_later_line)
{
	CHECK_ERR(with("in4 = A.7", "in4 = A.0"), "t.rig:14: in4: A.0 is already used by output dc (line 7)");
	CHECK_ERR(with("r7 = B.7 active-high", "r7 = B.1"), "t.rig:24: r7: B.1 is already used by relay r1 (line 18)");
	CHECK_ERR(with("r7 = B.7 active-high", "r7 = B.0"),
		  "t.rig:24: r7: B.0 is already output in5 (line 15); a line cannot be both output and input");
	/* Order in the file decides which line is named, not the section. */
	CHECK_ERR(with("in5 = B.0 active-low", "in5 = B.6"),
		  "t.rig:23: r6: B.6 is already output in5 (line 15); a line cannot be both output and input");
	CHECK_ERR(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nchannel = A"),
		  "t.rig:7: dc: channel A is the modem UART ([modem] channel at line 27)");
}

TEST(missing_entries)
{
	CHECK_ERR(with("driver = ftdi\n", ""), "t.rig:1: missing [rig] driver = ftdi or driver = sim");
	CHECK_ERR(with("[rig]\ndriver = ftdi\n", ""), "t.rig: missing [rig] driver = ftdi or driver = sim");
	CHECK_ERR(with("[modem]\nport = /dev/ttyUSB0\n", ""), "t.rig: missing section [modem] (driver = ftdi needs it)");
	CHECK_ERR(with("r7 = B.7 active-high\n", ""), "t.rig:17: [relays] lacks r7");
	CHECK_ERR(with("in6 = none\n", ""), "t.rig:6: [outputs] lacks in6 (write 'in6 = none' if it is not wired)");
	CHECK_ERR(with("chip = ft2232h\n", ""), "t.rig:3: [ftdi] lacks chip = ft232h|ft2232h|ft4232h");
	CHECK_ERR(with("device = i:0x0403:0x6010\n", "vid = 0x0403\n"),
		  "t.rig:3: [ftdi] lacks device = i:VID:PID (or s:/d: form), or vid and pid");
	CHECK_ERR(with("device = i:0x0403:0x6010\n", "device = i:0x0403:0x6010\nserial = X\n"),
		  "t.rig:6: serial: give device, or vid/pid/serial/description/index, not both");
	CHECK_ERR(with("port = /dev/ttyUSB0\n", "settings = 9600,8N1\n"),
		  "t.rig:25: [modem] lacks port = NAME or vid and pid (or channel)");
	CHECK_ERR(with("pid = 0x5678\n", ""), "t.rig:28: [usb]: vid without pid");
	CHECK_ERR(with("port = /dev/ttyUSB0\n", "port = /dev/ttyUSB0\nvid = 1\npid = 2\n"),
		  "t.rig:26: [modem]: give port, or vid/pid/serial/interface, not both");
}

TEST(modem_channel_forms)
{
	assert_int_equal(parse(with("device = i:0x0403:0x6010\n", "device = s:0x0403:0x6010:RIG42\n")), RR_OK);
	assert_string_equal(rf.serial, "RIG42");
	/* channel alone: the FTDI's own VID/PID (and serial) plus the interface. */
	const char *t = edit(with("chip = ft2232h", "chip = ft4232h"), "port = /dev/ttyUSB0", "channel = D");
	assert_int_equal(parse(t), RR_OK);
	assert_int_equal(rf.modem.vid, 0x0403);
	assert_int_equal(rf.modem.pid, 0x6010);
	assert_int_equal(rf.modem.interface, 3);
	assert_string_equal(rf.modem.name, "");
	/* A channel the chip lacks, and a d: device that gives no VID/PID. */
	CHECK_ERR(with("port = /dev/ttyUSB0", "channel = C"), "t.rig:26: channel C: an FT2232H has channels A and B");
	t = edit(with("device = i:0x0403:0x6010", "device = d:001/004"), "port = /dev/ttyUSB0", "channel = B");
	CHECK_ERR(t, "t.rig:26: [modem] channel needs the FTDI's vid/pid: give port or vid/pid here, "
		     "or an i:/s: device in [ftdi]");
}

TEST(sim_rejects_hardware_sections)
{
	CHECK_ERR("[rig]\ndriver = sim\n[sim]\nac_sensor = no\n[usb]\nport = x\n",
		  "t.rig:5: [usb] applies to driver = ftdi, but driver = sim (line 2)");
	assert_int_equal(parse("[rig]\ndriver = sim\n[sim]\nac_sensor = no\n"), RR_OK);
	assert_true(!rf.sim.ac_sensor);
	CHECK_ERR(with("[modem]", "[sim]\nac_sensor = no\n[modem]"),
		  "t.rig:25: [sim] applies to driver = sim, but driver = ftdi (line 2)");
}

TEST(long_values_rejected)
{
	char buf[8192], v[400];
	memset(v, 'x', sizeof(v) - 1);
	v[sizeof(v) - 1] = '\0';
	snprintf(buf, sizeof(buf), "port = %s", v);
	CHECK_ERR(with("port = /dev/ttyUSB0", buf), "t.rig:26: port: value longer than 255 characters");
	char line[1200];
	memset(line, 'y', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	CHECK_ERR(line, "t.rig:1: line longer than 1023 characters");
}

/* Found by fuzz-serial: the rig file refused "115200,8n1", which the link
 * (link_sp_parse_settings) and relayrig modem --settings accept. */
TEST(settings_parity_either_case)
{
	assert_int_equal(parse(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nsettings = 57600,8o1")), RR_OK);
	assert_string_equal(rf.modem.settings, "57600,8o1");
	assert_int_equal(parse(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nsettings = 9600,7e2,rtscts")), RR_OK);
	assert_int_equal(parse(with("port = /dev/ttyUSB0", "port = /dev/ttyUSB0\nsettings = 9600,8x1")), RR_ERR_ARG);
	assert_true(!strncmp(err, "t.rig:27: ", 10) && strstr(err, "9600,8x1"));
}
