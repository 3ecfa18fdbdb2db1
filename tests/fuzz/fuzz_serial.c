/* fuzz_serial.c - libFuzzer target for the serial-link settings parser
 * (rig/link/settings.c, link_sp_parse_settings: "115200,8N1[,FLOW]", as
 * given to relayrig modem --settings and written in a rig file).
 * Input: the settings text. Checked on every input:
 *  - no read past the text (it sits in a buffer of its exact size, ASan);
 *  - the result is 0 or RR_ERR_ARG; an error has a message naming the
 *    text, a success leaves the message alone;
 *  - a success gives baud 50..4000000, data bits 5..8, parity N/E/O/M/S,
 *    stop bits 1 or 2, a known flow control; written back in the
 *    canonical form it parses to the same values;
 *  - the parse does not depend on a message buffer, or on the result
 *    being asked for;
 *  - a rig file (rigfile.c, which checks [modem]/[usb] settings with the
 *    same parser) accepts exactly what the link accepts and keeps the text
 *    as written, for any value a rig file can carry (no blanks or comment
 *    characters, one line).
 * Built with -DFUZZ_SEEDS it writes seed settings instead. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "link/link.h"
#include "rigfile/rigfile.h"

#ifndef FUZZ_SEEDS
static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_serial: property failed: %s\n", what);
		abort();
	}
}

static const char *const flows[] = { "none", "rtscts", "dtrdsr", "xonxoff" };

/* The smallest sim-free rig file with the settings under test. */
static const char rig_head[] =
	"[rig]\ndriver=ftdi\n[ftdi]\nchip=ft4232h\ndevice=i:0x0403:0x6011\n[outputs]\n"
	"dc=B.0\nac=none\nbat=none\nusb=none\nin1=none\nin2=none\nin3=none\nin4=none\n"
	"in5=none\nin6=none\n[relays]\nr1=C.0\nr2=C.1\nr3=C.2\nr4=C.3\nr5=C.4\nr6=C.5\n"
	"r7=C.6\n[modem]\nchannel=A\n[usb]\nport=/dev/ttyACM0\nsettings=";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[400], again[64], rig[sizeof(rig_head) + 512 + 2];
	static struct rigfile rf;
	struct link_sp_settings st, st2, st3;
	if (size >= 512)
		return 0;
	/* exactly the text and its NUL: ASan sees a read past the end */
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	memset(msg, 'x', sizeof(msg));
	memset(&st, 0x5a, sizeof(st));
	int rc = link_sp_parse_settings(s, &st, msg, sizeof(msg));
	check(rc == RR_OK || rc == RR_ERR_ARG, "unexpected result");
	check(link_sp_parse_settings(s, NULL, NULL, 0) == rc, "result depends on the outputs");
	char tiny[1] = { 'x' };
	check(link_sp_parse_settings(s, &st3, tiny, 1) == rc, "result depends on the message size");
	check(rc ? tiny[0] == '\0' : tiny[0] == 'x', "one-byte message buffer");
	if (rc) {
		check(memchr(msg, '\0', sizeof(msg)) && !strncmp(msg, "bad serial settings \"", 21),
		      "error without a message");
	} else {
		check(msg[0] == 'x', "message written on success");
		check(st.baud >= 50 && st.baud <= 4000000, "baud out of range");
		check(st.bits >= 5 && st.bits <= 8, "data bits out of range");
		check(st.parity && strchr("NEOMS", st.parity), "parity");
		check(st.stop == 1 || st.stop == 2, "stop bits");
		check(st.flow >= LINK_FLOW_NONE && st.flow <= LINK_FLOW_XONXOFF, "flow control");
		check(!memcmp(&st, &st3, sizeof(st)), "result differs between calls");
		snprintf(again, sizeof(again), "%d,%d%c%d,%s", st.baud, st.bits, st.parity, st.stop,
			 flows[st.flow]);
		check(link_sp_parse_settings(again, &st2, NULL, 0) == RR_OK &&
			      !memcmp(&st, &st2, sizeof(st)),
		      "canonical form parses differently");
	}
	/* The rig file carries one trimmed, comment-free value per line. */
	if (!s[0] || strpbrk(s, " \t\n\v\f\r#;") || strlen(s) >= 31) {
		free(s);
		return 0;
	}
	snprintf(rig, sizeof(rig), "%s%s\n", rig_head, s);
	char err[512];
	int rrc = rigfile_parse(rig, "serial.rig", &rf, err, sizeof(err));
	if ((rrc == RR_OK) != (rc == RR_OK)) {
		fprintf(stderr, "fuzz_serial: settings '%s': link %s, rig file %s (%s)\n", s,
			rc ? "refuses" : "accepts", rrc ? "refuses" : "accepts", rrc ? err : "");
		abort();
	}
	if (rrc == RR_OK)
		check(!strcmp(rf.usb.settings, s), "rig file keeps other settings");
	free(s);
	return 0;
}
#else
#include "seeds.h"
#define seed fuzz_seed_text

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	seed(argv[1], "default", "115200,8N1");
	seed(argv[1], "rtscts", "9600,7E2,rtscts");
	seed(argv[1], "xonxoff", "57600,8O1,xonxoff");
	seed(argv[1], "dtrdsr", "4000000,5M2,dtrdsr");
	seed(argv[1], "none", "50,6S1,none");
	return 0;
}
#endif
