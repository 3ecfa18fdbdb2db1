/* fuzz_rigfile.c - libFuzzer target for the rig file parser
 * (rig/rigfile/rigfile.c, rigfile_parse). Input: the text of a rig file.
 * Checked on every input:
 *  - no read past the text (it sits in a buffer of its exact size, ASan);
 *  - the result is 0 or RR_ERR_ARG; an error has a message "NAME:...", a
 *    success none;
 *  - a parsed file holds what the format allows: a known driver, numbers
 *    in their documented ranges, channels and bits the chip has, no line
 *    used twice or on the modem's channel, every relay read, settings of
 *    the BAUD,DPS[,FLOW] form, every string terminated in its array;
 *  - a parsed file written back as text (our own writer below) parses
 *    again to the same values: the parser accepts what it produced.
 * Built with -DFUZZ_SEEDS it writes the seeds instead: every file in
 * fixtures/rigs/ (FUZZ_RIGS_DIR) and a few small valid files. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "rigfile/rigfile.h"

#ifndef FUZZ_SEEDS
#define NAME "fuzz.rig"

static struct rigfile a, b;
static char back[64 * 1024];

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_rigfile: property failed: %s\n", what);
		abort();
	}
}

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}
#define TERM(f) check(terminated((f), sizeof(f)), "unterminated " #f)

static void check_line(const struct rigfile_line *l, int nch)
{
	if (!l->wired)
		return;
	check(l->channel >= 0 && l->channel < nch, "line on a channel the chip lacks");
	check(l->bit >= 0 && l->bit < RIGFILE_BITS, "bit out of range");
}

static void check_port(const struct rigfile_port *p, bool usb)
{
	TERM(p->name);
	TERM(p->serial);
	TERM(p->settings);
	check(p->name[0] || (p->vid >= 0 && p->vid <= 0xffff && p->pid >= 0 && p->pid <= 0xffff),
	      "port without a name or a vid/pid");
	check(p->interface >= -1 && p->interface <= 255, "interface out of range");
	check(usb ? p->channel == -1 : p->channel >= -1 && p->channel < RIGFILE_CHANNELS, "port channel");
	check(p->enumerate_ms >= 0 && p->enumerate_ms <= 60000, "enumerate_ms out of range");
	const char *s = p->settings;
	char *end;
	long baud = strtol(s, &end, 10);
	check(isdigit((unsigned char)s[0]) && *end == ',' && baud >= 50 && baud <= 4000000,
	      "settings baud");
	check(end[1] >= '5' && end[1] <= '8' && end[2] && strchr("NEOMSneoms", end[2]) &&
		      (end[3] == '1' || end[3] == '2'),
	      "settings frame");
}

static void check_valid(const struct rigfile *rf)
{
	TERM(rf->path);
	TERM(rf->driver);
	TERM(rf->name);
	TERM(rf->sim.simulator);
	TERM(rf->sim.serial);
	TERM(rf->sim.nv);
	TERM(rf->device);
	TERM(rf->serial);
	TERM(rf->description);
	check(!strcmp(rf->path, NAME), "path is not the name given");
	check(rf->sim.hang_ms >= 1 && rf->sim.hang_ms <= 600000, "hang_ms out of range");
	for (const char *c = rf->sim.serial; *c; c++)
		check(isgraph((unsigned char)*c), "sim serial with a space or control character");
	check(rf->settle_ms >= 0 && rf->settle_ms <= 10000, "settle_ms");
	check(rf->debounce_ms >= 0 && rf->debounce_ms <= 1000, "debounce_ms");
	check(rf->poll_ms >= 1 && rf->poll_ms <= 100, "poll_ms");
	check(rf->restart_off_ms >= 100 && rf->restart_off_ms <= 60000, "restart_off_ms");
	if (!strcmp(rf->driver, "sim"))
		return;
	check(!strcmp(rf->driver, "ftdi"), "unknown driver accepted");
	int nch = rigfile_chip_channels(rf->chip);
	check(nch > 0, "ftdi rig without a chip");
	check(rf->vid >= 0 && rf->vid <= 0xffff && rf->pid >= 0 && rf->pid <= 0xffff, "ftdi vid/pid");
	check(rf->index >= 0 && rf->index <= 255, "index");
	check(rf->latency_ms >= 1 && rf->latency_ms <= 255, "latency_ms");
	check_port(&rf->modem, false);
	check_port(&rf->usb, true);
	const struct rigfile_line *all[RIG_OUT_COUNT + RIG_RELAYS];
	int n = 0;
	for (int i = 0; i < RIG_OUT_COUNT; i++)
		all[n++] = &rf->out[i];
	for (int i = 0; i < RIG_RELAYS; i++) {
		check(rf->relay[i].wired, "relay not read");
		all[n++] = &rf->relay[i];
	}
	for (int i = 0; i < n; i++) {
		check_line(all[i], nch);
		if (!all[i]->wired)
			continue;
		check(all[i]->channel != rf->modem.channel, "line on the modem's channel");
		for (int j = 0; j < i; j++)
			check(!all[j]->wired || all[j]->channel != all[i]->channel ||
				      all[j]->bit != all[i]->bit,
			      "line used twice");
	}
}

/* Our own writer: the values of rf as a rig file. */
static size_t used;
static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(back + used, sizeof(back) - used, fmt, ap);
	va_end(ap);
	check(n >= 0 && (size_t)n < sizeof(back) - used, "written file too long");
	used += (size_t)n;
}

static void out_str(const char *key, const char *v)
{
	if (v[0])
		out("%s=%s\n", key, v);
}

static void out_line(const char *key, const struct rigfile_line *l)
{
	char ls[16];
	out("%s = %s%s\n", key, rigfile_line_str(l, ls, sizeof(ls)),
	    l->wired ? (l->active_low ? " active-low" : " active-high") : "");
}

static void out_port(const struct rigfile *rf, const char *sec, const struct rigfile_port *p, bool usb)
{
	out("[%s]\n", sec);
	if (p->name[0]) {
		out_str("port", p->name);
	} else if (!usb && p->channel >= 0 && p->vid == rf->vid && p->pid == rf->pid &&
		   !strcmp(p->serial, rf->serial) && p->interface == p->channel) {
		/* what the channel alone gives (the FTDI's own UART) */
	} else {
		out("vid = %d\npid = %d\n", p->vid, p->pid);
		out_str("serial", p->serial);
		if (p->interface >= 0)
			out("interface = %d\n", p->interface);
	}
	if (p->channel >= 0)
		out("channel = %c\n", 'A' + p->channel);
	out("settings = %s\n", p->settings);
	if (usb)
		out("enumerate_ms = %d\n", p->enumerate_ms);
}

static void write_back(const struct rigfile *rf)
{
	static const char *const relays[] = { "r1", "r2", "r3", "r4", "r5", "r6", "r7" };
	used = 0;
	out("[rig]\ndriver = %s\n", rf->driver);
	out_str("name", rf->name);
	if (!strcmp(rf->driver, "sim")) {
		out("[sim]\n");
		out_str("simulator", rf->sim.simulator);
		out("hang_timeout_ms = %d\nac_sensor = %s\n", rf->sim.hang_ms,
		    rf->sim.ac_sensor ? "yes" : "no");
		out_str("serial", rf->sim.serial);
		out_str("nv", rf->sim.nv);
	} else {
		char chip[16];
		snprintf(chip, sizeof(chip), "%s", rigfile_chip_name(rf->chip));
		for (char *c = chip; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		out("[ftdi]\nchip = %s\n", chip);
		if (rf->device[0]) {
			out_str("device", rf->device);
		} else {
			out("vid = %d\npid = %d\nindex = %d\n", rf->vid, rf->pid, rf->index);
			out_str("serial", rf->serial);
			out_str("description", rf->description);
		}
		out("latency_ms = %d\n[outputs]\n", rf->latency_ms);
		for (int i = 0; i < RIG_OUT_COUNT; i++)
			out_line(rigfile_output_key((enum rig_output)i), &rf->out[i]);
		out("[relays]\n");
		for (int i = 0; i < RIG_RELAYS; i++)
			out_line(relays[i], &rf->relay[i]);
		out_port(rf, "modem", &rf->modem, false);
		out_port(rf, "usb", &rf->usb, true);
	}
	out("[timing]\nsettle_ms = %d\ndebounce_ms = %d\npoll_ms = %d\nrestart_off_ms = %d\n",
	    rf->settle_ms, rf->debounce_ms, rf->poll_ms, rf->restart_off_ms);
}

static bool same_line(const struct rigfile_line *x, const struct rigfile_line *y)
{
	return x->wired == y->wired && (!x->wired || (x->channel == y->channel && x->bit == y->bit &&
						      x->active_low == y->active_low));
}

static bool same_port(const struct rigfile_port *x, const struct rigfile_port *y)
{
	return !strcmp(x->name, y->name) && x->vid == y->vid && x->pid == y->pid &&
	       !strcmp(x->serial, y->serial) && x->interface == y->interface &&
	       x->channel == y->channel && !strcmp(x->settings, y->settings) &&
	       x->enumerate_ms == y->enumerate_ms;
}

static void check_same(const struct rigfile *x, const struct rigfile *y)
{
	check(!strcmp(x->driver, y->driver) && !strcmp(x->name, y->name), "[rig] differs");
	check(!strcmp(x->sim.simulator, y->sim.simulator) && x->sim.hang_ms == y->sim.hang_ms &&
		      x->sim.ac_sensor == y->sim.ac_sensor && !strcmp(x->sim.serial, y->sim.serial) &&
		      !strcmp(x->sim.nv, y->sim.nv),
	      "[sim] differs");
	check(x->settle_ms == y->settle_ms && x->debounce_ms == y->debounce_ms &&
		      x->poll_ms == y->poll_ms && x->restart_off_ms == y->restart_off_ms,
	      "[timing] differs");
	if (!strcmp(x->driver, "sim"))
		return;
	check(x->chip == y->chip && !strcmp(x->device, y->device) && x->vid == y->vid &&
		      x->pid == y->pid && !strcmp(x->serial, y->serial) &&
		      !strcmp(x->description, y->description) && x->index == y->index &&
		      x->latency_ms == y->latency_ms,
	      "[ftdi] differs");
	for (int i = 0; i < RIG_OUT_COUNT; i++)
		check(same_line(&x->out[i], &y->out[i]), "[outputs] differs");
	for (int i = 0; i < RIG_RELAYS; i++)
		check(same_line(&x->relay[i], &y->relay[i]), "[relays] differs");
	check(same_port(&x->modem, &y->modem), "[modem] differs");
	check(same_port(&x->usb, &y->usb), "[usb] differs");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[600], err2[600];
	if (size > 256 * 1024)
		return 0;
	/* exactly the text and its NUL: ASan sees a read past the end */
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	memset(err, 'x', sizeof(err));
	int rc = rigfile_parse(text, NAME, &a, err, sizeof(err));
	free(text);
	check(rc == RR_OK || rc == RR_ERR_ARG, "unexpected result");
	check(terminated(err, sizeof(err)), "message not terminated");
	if (rc) {
		check(!strncmp(err, NAME ":", strlen(NAME) + 1), "error without 'NAME:' message");
		check(strlen(err) > strlen(NAME) + 2, "empty error message");
		return 0;
	}
	check(err[0] == '\0', "message set on success");
	check_valid(&a);
	write_back(&a);
	rc = rigfile_parse(back, NAME, &b, err2, sizeof(err2));
	if (rc) {
		fprintf(stderr, "fuzz_rigfile: written back:\n%s\nrefused: %s\n", back, err2);
		abort();
	}
	check_same(&a, &b);
	return 0;
}
#else
#include <dirent.h>

#ifndef FUZZ_RIGS_DIR
#define FUZZ_RIGS_DIR "fixtures/rigs"
#endif

#include "seeds.h"
#define seed fuzz_seed

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	DIR *d = opendir(FUZZ_RIGS_DIR);
	int n = 0;
	if (!d) {
		fprintf(stderr, "fuzz-rigfile-seeds: cannot open %s\n", FUZZ_RIGS_DIR);
		return 1;
	}
	for (struct dirent *e; (e = readdir(d));) {
		static char buf[256 * 1024];
		char path[1024];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", FUZZ_RIGS_DIR, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		size_t len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		seed(argv[1], e->d_name, buf, len);
		n++;
	}
	closedir(d);
	if (!n)
		return 1;
	static const char sim[] = "[rig]\ndriver = sim\n[sim]\nhang_timeout_ms = 100\n"
				  "ac_sensor = no\nserial = SR7-1\nnv = /tmp/x.nv\n[timing]\npoll_ms=1\n";
	static const char usbid[] =
		"[rig]\ndriver = ftdi\n[ftdi]\nchip = ft2232h\nvid = 0x0403\npid = 0x6010\n"
		"serial = FT1\ndescription = bench\nindex = 1\n[outputs]\ndc = B.0\nac = none\n"
		"bat = B.1 active-low\nusb = B.2\nin1 = B.3\nin2 = none\nin3 = none\nin4 = none\n"
		"in5 = none\nin6 = none\n[relays]\nr1 = B.4\nr2 = B.5\nr3 = B.6\nr4 = B.7\n"
		"r5 = A.0\nr6 = A.1\nr7 = A.2\n[modem]\nvid = 0x1a86\npid = 0x7523\ninterface = 0\n"
		"settings = 9600,7E2,rtscts\n[usb]\nvid = 0x0483\npid = 0x5740\nserial = U1\n"
		"enumerate_ms = 100\n";
	seed(argv[1], "seed-sim", sim, sizeof(sim) - 1);
	seed(argv[1], "seed-usbid", usbid, sizeof(usbid) - 1);
	return 0;
}
#endif
