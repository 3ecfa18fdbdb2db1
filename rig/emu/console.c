/*
 * console.c - "relayrig modem": runs the GSM module emulator on a pty or a
 * serial port on wall-clock time, with a line console on stdin to deliver
 * SMS, ring the unit, set the network time and signal, choose how the
 * called party behaves, and show what the unit sent.
 */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, ptsname */
#include "emu/console.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "escape.h"
#include "link/link.h"
#include "emu/emu.h"
#include "emu/gsm.h"

#define CON_LINE_MAX 2048

static const char usage[] =
	"usage: relayrig modem --pty [--verbose]\n"
	"       relayrig modem --port <device> [--settings <s>] [--verbose]\n"
	"\n"
	"Emulates a SIM800 GSM module (SMS text and PDU mode) towards the unit's\n"
	"modem UART.\n"
	"\n"
	"  --pty              create a pseudo-terminal and print its path; attach the\n"
	"                     unit's modem UART there (the simulator's real-time\n"
	"                     modem pty, or picocom for a manual session)\n"
	"  --port <device>    use a serial port, e.g. /dev/ttyUSB0 (libserialport)\n"
	"  --settings <s>     serial settings <baud>,<bits><parity><stop>[,<flow>],\n"
	"                     default 115200,8N1; flow: none, rtscts, dtrdsr, xonxoff\n"
	"  --verbose          print the AT transcript as it happens\n"
	"  --help             this text\n"
	"\n"
	"Console commands (one per line on stdin):\n"
	"  sms <number> <text...>          deliver an SMS to the unit (+CMTI)\n"
	"  ring <number>                   ring the unit (RING/+CLIP every 3 s)\n"
	"  time <YYYY-MM-DD HH:MM:SS>      set the network time (UTC)\n"
	"  csq <n>                         set the signal quality (0..31, 99)\n"
	"  callee reject <ms>              the unit's calls get BUSY after <ms>\n"
	"  callee accept [<ms>]            the unit's calls are answered, then end\n"
	"  list                            SMS and calls the unit sent, storage use\n"
	"  transcript                      the whole AT transcript so far\n"
	"  help                            this list\n"
	"  quit                            leave (so does end of input)\n"
	"\n"
	"Every SMS and call the unit sends is printed as it happens.\n";

struct con {
	struct emu *emu;
	struct link *link;
	uint64_t t0;
	int callee_ms;
	bool callee_accept;
	char ring_from[40];
	enum emu_call_state last_state;
	struct emu_sms_out *sms;
	int nsms, capsms;
	struct emu_call_out *calls;
	int ncalls, capcalls;
};

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint64_t con_now(const struct con *c)
{
	return mono_ms() - c->t0;
}

static void print_transcript_line(void *user, const char *line)
{
	(void)user;
	printf("%s\n", line);
	fflush(stdout);
}

/* Text for one line of output: control characters written as \n, <1A>. */
static void print_text(const char *s)
{
	struct sbuf b;
	sb_init(&b);
	esc_term(&b, s);
	fputs(b.s, stdout);
	sb_free(&b);
}

static void stamp(uint64_t ms)
{
	printf("[%4llu.%03llu] ", (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000));
}

/* Collect and print what the unit sent, and how an incoming call ended. */
static void report(struct con *c)
{
	struct emu_sms_out s;
	while (emu_take_sms(c->emu, NULL, &s)) {
		printf("SMS to %s: ", s.number);
		print_text(s.text);
		putchar('\n');
		if (s.pdu || s.parts > 1 || s.srr)
			printf("  (%s mode, %d part%s, %s%s%s%s)\n", s.pdu ? "PDU" : "text", s.parts, s.parts == 1 ? "" : "s",
			       s.coding == EMU_CODING_UCS2 ? "UCS2" : s.coding == EMU_CODING_8BIT ? "8-bit"
												  : "GSM 7-bit",
			       s.srr ? ", status report requested" : "", s.smsc[0] ? ", SMSC " : "", s.smsc);
		if (c->nsms == c->capsms) {
			int cap = c->capsms ? c->capsms * 2 : 16;
			struct emu_sms_out *n = realloc(c->sms, (size_t)cap * sizeof(*n));
			if (!n)
				continue;
			c->sms = n;
			c->capsms = cap;
		}
		c->sms[c->nsms++] = s;
	}
	struct emu_call_out k;
	while (emu_take_call(c->emu, NULL, &k)) {
		printf("call to %s\n", k.number);
		if (c->ncalls == c->capcalls) {
			int cap = c->capcalls ? c->capcalls * 2 : 16;
			struct emu_call_out *n = realloc(c->calls, (size_t)cap * sizeof(*n));
			if (!n)
				continue;
			c->calls = n;
			c->capcalls = cap;
		}
		c->calls[c->ncalls++] = k;
	}
	enum emu_call_state st = emu_call_state(c->emu);
	if (st != c->last_state) {
		c->last_state = st;
		const char *what = st == EMU_CALL_REJECTED   ? "rejected by the unit"
				   : st == EMU_CALL_ANSWERED ? "answered by the unit"
				   : st == EMU_CALL_GAVE_UP  ? "not answered, caller gave up"
							     : NULL;
		if (what) {
			printf("call from %s %s\n", c->ring_from[0] ? c->ring_from : "(withheld)", what);
		}
	}
	fflush(stdout);
}

/* Parse "YYYY-MM-DD HH:MM:SS" (UTC). */
static bool parse_datetime(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, n = 0;
	if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || s[n])
		return false;
	if (y < 1970 || y > 2099 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59)
		return false;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int dim = mdays[mo - 1] + (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > dim)
		return false;
	*out = gsm_civil_to_epoch(y, mo, d, h, mi, sec);
	return true;
}

static bool parse_uint(const char *s, int max, int *out)
{
	long v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
		v = v * 10 + (*s - '0');
		if (v > max)
			return false;
	}
	*out = (int)v;
	return true;
}

static void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void cmd_error(const char *fmt, ...)
{
	va_list ap;
	fputs("error: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Run one console line. Returns false on quit. */
static bool command(struct con *c, char *line)
{
	char *p = line;
	while (isspace((unsigned char)*p))
		p++;
	char *end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (!*p)
		return true;
	char *word = p;
	while (*p && !isspace((unsigned char)*p))
		p++;
	if (*p)
		*p++ = '\0';
	while (isspace((unsigned char)*p))
		p++;
	char *rest = p; /* arguments, trimmed */
	uint64_t now = con_now(c);

	if (!strcmp(word, "quit") || !strcmp(word, "exit"))
		return false;
	if (!strcmp(word, "help")) {
		const char *h = strstr(usage, "Console commands");
		fputs(h ? h : usage, stdout);
		fputs("Module behaviours and SMS options:\n", stdout);
		fputs(con_behaviour_help, stdout);
	} else if (!strcmp(word, "sms")) {
		struct emu_sms_in in = { NULL, NULL, EMU_CODING_AUTO, 0, false };
		if (con_sms_options(&rest, &in) < 0) {
			cmd_error("usage: sms [-7bit|-8bit|-ucs2] [-parts|-whole] [-ref16] <number> <text...>");
			fflush(stdout);
			return true;
		}
		char *num = rest;
		char *text = rest;
		while (*text && !isspace((unsigned char)*text))
			text++;
		if (*text)
			*text++ = '\0';
		while (isspace((unsigned char)*text))
			text++;
		if (!*num) {
			cmd_error("usage: sms <number> <text...>");
		} else {
			in.from = num;
			in.text = text;
			int rc = emu_deliver(c->emu, &in, now);
			if (rc > 0)
				printf("SMS from %s stored at index %d\n", num, rc);
			else if (rc == 0)
				printf("SMS from %s handed to the unit directly (+CMT)\n", num);
			else if (rc == RR_ERR_FULL || rc == RR_ERR_NONET)
				cmd_error("not delivered: %s (see the transcript)", rr_strerror(rc));
			else
				cmd_error("bad sender or text too long: \"%s\"", num);
		}
	} else if (!strcmp(word, "ring")) {
		if (!*rest || strchr(rest, ' ')) {
			cmd_error("usage: ring <number>");
		} else {
			int rc = emu_ring(c->emu, rest, now);
			if (rc == 0) {
				snprintf(c->ring_from, sizeof(c->ring_from), "%s", rest);
				c->last_state = EMU_CALL_RINGING;
				printf("ringing the unit from %s\n", rest);
			} else if (rc == RR_ERR_BUSY) {
				cmd_error("a call is already in progress");
			} else if (rc == RR_ERR_ARG) {
				cmd_error("bad number \"%s\"", rest);
			} else {
				cmd_error("link: %s", rr_strerror(rc));
			}
		}
	} else if (!strcmp(word, "time")) {
		int64_t t;
		if (!parse_datetime(rest, &t)) {
			cmd_error("bad time \"%s\": expected YYYY-MM-DD HH:MM:SS (UTC)", rest);
		} else {
			emu_set_network_time(c->emu, t, now);
			printf("network time %s UTC\n", rest);
		}
	} else if (!strcmp(word, "csq")) {
		int v;
		if (!parse_uint(rest, 99, &v) || (v > 31 && v != 99)) {
			cmd_error("bad signal quality \"%s\": expected 0..31 or 99", rest);
		} else {
			emu_set_rssi(c->emu, v);
			printf("signal quality %d\n", v);
		}
	} else if (!strcmp(word, "callee")) {
		char *arg = rest;
		while (*rest && !isspace((unsigned char)*rest))
			rest++;
		if (*rest)
			*rest++ = '\0';
		while (isspace((unsigned char)*rest))
			rest++;
		int ms;
		if (!strcmp(arg, "reject") && parse_uint(rest, 3600000, &ms)) {
			c->callee_ms = ms;
			c->callee_accept = false;
			emu_set_callee(c->emu, ms, false);
			printf("the unit's calls get BUSY after %d ms\n", ms);
		} else if (!strcmp(arg, "accept") && (!*rest || parse_uint(rest, 3600000, &ms))) {
			if (*rest)
				c->callee_ms = ms;
			c->callee_accept = true;
			emu_set_callee(c->emu, c->callee_ms, true);
			printf("the unit's calls are answered after %d ms\n", c->callee_ms);
		} else {
			cmd_error("usage: callee reject <ms> | callee accept [<ms>]");
		}
	} else if (!strcmp(word, "list")) {
		printf("SMS sent by the unit: %d\n", c->nsms);
		for (int i = 0; i < c->nsms; i++) {
			printf("  ");
			stamp(c->sms[i].t_ms);
			printf("to %s: ", c->sms[i].number);
			print_text(c->sms[i].text);
			putchar('\n');
		}
		printf("calls placed by the unit: %d\n", c->ncalls);
		for (int i = 0; i < c->ncalls; i++) {
			printf("  ");
			stamp(c->calls[i].t_ms);
			printf("to %s\n", c->calls[i].number);
		}
		printf("messages in storage: %d of %d\n", emu_stored_count(c->emu), EMU_SLOTS);
	} else if (!strcmp(word, "transcript")) {
		emu_transcript_write(c->emu, stdout);
	} else if (con_behaviour(c->emu, word, rest, now)) {
		/* done */
	} else {
		cmd_error("unknown command \"%s\" (try help)", word);
	}
	fflush(stdout);
	return true;
}

/* A pty pair whose slave stays open here, so the master never reads a
 * hang-up while no terminal program is attached. */
static int open_pty(char *path, size_t len, int *slave)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0)
		return -1;
	const char *name;
	if (grantpt(m) != 0 || unlockpt(m) != 0 || !(name = ptsname(m))) {
		close(m);
		return -1;
	}
	snprintf(path, len, "%s", name);
	int s = open(path, O_RDWR | O_NOCTTY);
	if (s < 0) {
		close(m);
		return -1;
	}
	struct termios t;
	if (tcgetattr(s, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(s, TCSANOW, &t);
	}
	*slave = s;
	return m;
}

int modem_console_main(int argc, char **argv)
{
	bool pty = false, verbose = false;
	const char *port = NULL, *settings = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			fputs("Module behaviours and SMS options:\n", stdout);
			fputs(con_behaviour_help, stdout);
			return 0;
		} else if (!strcmp(a, "--pty")) {
			pty = true;
		} else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
			verbose = true;
		} else if (!strcmp(a, "--port") || !strcmp(a, "--settings")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "relayrig modem: %s needs a value\n", a);
				return 2;
			}
			if (!strcmp(a, "--port"))
				port = argv[++i];
			else
				settings = argv[++i];
		} else {
			fprintf(stderr, "relayrig modem: unknown option \"%s\" (see --help)\n", a);
			return 2;
		}
	}
	if (pty == (port != NULL)) {
		fprintf(stderr, "relayrig modem: give either --pty or --port <device> (see --help)\n");
		return 2;
	}
	if (pty && settings) {
		fprintf(stderr, "relayrig modem: --settings applies to --port only\n");
		return 2;
	}

	struct con c = { .callee_ms = 5000 };
	int slave = -1;
	if (pty) {
		char path[128];
		int m = open_pty(path, sizeof(path), &slave);
		if (m < 0) {
			fprintf(stderr, "relayrig modem: cannot create a pty: %s\n", strerror(errno));
			return 1;
		}
		c.link = link_fd_open(m, path);
		if (!c.link) {
			close(m);
			close(slave);
			fprintf(stderr, "relayrig modem: out of memory\n");
			return 1;
		}
		printf("modem pty %s\n", path);
	} else {
		char msg[256];
		int rc = link_sp_open_msg(port, settings, &c.link, msg, sizeof(msg));
		if (rc) {
			fprintf(stderr, "relayrig modem: %s\n", msg);
			return 1;
		}
		printf("modem port %s (%s)\n", port, settings ? settings : "115200,8N1");
	}
	c.emu = emu_new(c.link);
	if (!c.emu) {
		link_close(c.link);
		if (slave >= 0)
			close(slave);
		fprintf(stderr, "relayrig modem: out of memory\n");
		return 1;
	}
	c.t0 = mono_ms();
	emu_set_network_time(c.emu, (int64_t)time(NULL), 0);
	if (verbose)
		emu_set_transcript_hook(c.emu, print_transcript_line, NULL);
	printf("type help for the console commands\n");
	fflush(stdout);

	int status = 0;
	char buf[CON_LINE_MAX + 1];
	size_t blen = 0;
	bool discard = false; /* skipping the rest of an over-long line */
	for (;;) {
		uint64_t now = con_now(&c);
		uint64_t dl = emu_next_deadline(c.emu);
		int timeout = 1000;
		if (dl != UINT64_MAX)
			timeout = dl <= now ? 0 : (dl - now < 1000 ? (int)(dl - now) : 1000);
		struct pollfd p[2] = {
			{ .fd = c.link->ops->pollfd(c.link), .events = POLLIN },
			{ .fd = STDIN_FILENO, .events = POLLIN },
		};
		if (poll(p, 2, timeout) < 0 && errno != EINTR) {
			fprintf(stderr, "relayrig modem: poll: %s\n", strerror(errno));
			status = 1;
			break;
		}
		int rc = emu_service(c.emu, con_now(&c));
		report(&c);
		if (rc < 0) {
			fprintf(stderr, "relayrig modem: %s: %s\n", c.link->name, rr_strerror(rc));
			status = 1;
			break;
		}
		if (!(p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		ssize_t n = read(STDIN_FILENO, buf + blen, CON_LINE_MAX - blen);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break; /* end of input: leave */
		blen += (size_t)n;
		bool quit = false;
		char *start = buf, *nl;
		while (!quit && (nl = memchr(start, '\n', blen - (size_t)(start - buf)))) {
			*nl = '\0';
			if (discard)
				discard = false;
			else
				quit = !command(&c, start);
			start = nl + 1;
		}
		blen -= (size_t)(start - buf);
		memmove(buf, start, blen);
		if (quit)
			break;
		if (blen == CON_LINE_MAX) {
			if (!discard)
				cmd_error("console line over %d characters ignored", CON_LINE_MAX);
			fflush(stdout);
			discard = true;
			blen = 0;
		}
		report(&c);
	}
	emu_free(c.emu);
	link_close(c.link);
	if (slave >= 0)
		close(slave);
	free(c.sms);
	free(c.calls);
	fflush(stdout);
	return status;
}
