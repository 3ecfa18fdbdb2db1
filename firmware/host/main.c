/*
 * main.c - bin/isocket-sim: the firmware core as its own process.
 *
 * Virtual-time mode (default): the harness passes the modem and USB byte
 * streams as inherited descriptors (--modem-fd, --usb-fd) and drives time
 * and the rig side through text commands on stdin/stdout.
 * Real-time mode (--realtime): time follows the wall clock, the modem and
 * USB ports are pseudo-terminals whose paths are printed at start-up, and
 * the same commands (except run) are read from stdin.
 * The protocol is documented in firmware/README.md.
 */
#define _XOPEN_SOURCE 700
#include "sim.h"
#include "settings.h" /* the settings store itself, for "nv poke" */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

const char *sim_serial = "SR7-000001"; /* hal_serial(), --serial */
static const char *modem_tty, *usb_tty;
static bool realtime;

static void usage(FILE *f)
{
	fputs("usage: isocket-sim [options]\n"
	      "  --modem-fd N     modem UART byte stream on descriptor N (virtual time)\n"
	      "  --usb-fd N       USB CDC byte stream on descriptor N (virtual time)\n"
	      "  --realtime       wall-clock time; modem and USB on new ptys (printed)\n"
	      "  --modem-tty PATH real-time: use this terminal as the modem UART\n"
	      "                   (e.g. the pty of 'relayrig modem --pty')\n"
	      "  --usb-tty PATH   real-time: use this terminal as the USB port\n"
	      "  --nv FILE        keep the non-volatile store in FILE (default: memory)\n"
	      "  --no-ac-sensor   a model without the AC voltage sensor\n"
	      "  --pdu            the modem client uses SMS PDU mode (AT+CMGF=0); so does\n"
	      "                   ISOCKET_SIM_PDU=1 in the environment\n"
	      "  --serial S       the unit's serial number (default SR7-000001)\n"
	      "  --invert SPEC    invert one backup-rule decision, SPEC = BL,DC,AC,ROW\n"
	      "                   (e.g. DC,failed,ok,relay; also ISOCKET_SIM_INVERT),\n"
	      "                   for the certification's self-check\n"
	      "  --help, --version\n"
	      "Commands on stdin: hello, set, run, next, get, restart, nv corrupt, streams, debug,\n"
	      "quit\n"
	      "(see firmware/README.md).\n",
	      f);
}

static int parse_fd(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v < 0 || v > 65535)
		return -1;
	if (fcntl((int)v, F_GETFD) < 0)
		return -1;
	return (int)v;
}

/* A run advances virtual time by at most this (about 31 years). */
#define SIM_RUN_MAX 1000000000000ull

/* A decimal number filling the whole token, digits only, at most max. */
static bool parse_count(const char *v, unsigned long long max, unsigned long long *out)
{
	unsigned long long x = 0;
	if (!*v)
		return false;
	for (; *v; v++) {
		if (*v < '0' || *v > '9')
			return false;
		unsigned d = (unsigned)(*v - '0');
		if (x > (max - d) / 10u)
			return false;
		x = x * 10u + d;
	}
	*out = x;
	return true;
}

/* Degrees C: [-]digits[.digits], -55..125, to the nearest tenth. No
 * exponent, hex, nan or inf: what strtod would also take is refused. */
static bool parse_degc(const char *v, int16_t *out)
{
	const char *p = v;
	int digits = 0, dots = 0;
	if (*p == '-')
		p++;
	for (; *p; p++) {
		if (*p == '.' && dots++ == 0 && digits)
			continue;
		if (*p < '0' || *p > '9' || ++digits > 12)
			return false;
	}
	if (!digits || p[-1] == '.')
		return false;
	double c = strtod(v, NULL);
	if (!(c >= -55.0 && c <= 125.0))
		return false;
	*out = (int16_t)(c * 10.0 + (c < 0 ? -0.5 : 0.5));
	return true;
}

static bool parse_bit(const char *v, bool *out)
{
	if (strcmp(v, "0") && strcmp(v, "1"))
		return false;
	*out = v[0] == '1';
	return true;
}

static const char *cmd_set(const char *name, const char *v)
{
	bool b;
	if (!name || !v)
		return "usage: set <name> <value>";
	if (!strcmp(name, "batlevel")) {
		unsigned long long l;
		if (!parse_count(v, 100, &l))
			return "batlevel takes 0..100";
		sim.bat_level = (int)l;
		sim_power_update();
		return NULL;
	}
	if (!strncmp(name, "temp", 4) && name[4] >= '1' && name[4] <= '5' && !name[5]) {
		int s = name[4] - '1';
		if (!strcmp(v, "fail")) {
			sim.temp_status[s] = HAL_TEMP_FAILED;
		} else if (!strcmp(v, "none")) {
			sim.temp_status[s] = HAL_TEMP_ABSENT;
		} else {
			if (!parse_degc(v, &sim.temp[s]))
				return "temperature takes -55..125 (degC), fail or none";
			sim.temp_status[s] = HAL_TEMP_OK;
		}
		return NULL;
	}
	if (!parse_bit(v, &b))
		return "value must be 0 or 1";
	if (!strcmp(name, "dc"))
		sim.dc = b;
	else if (!strcmp(name, "ac"))
		sim.ac = b;
	else if (!strcmp(name, "bat"))
		sim.bat = b;
	else if (!strcmp(name, "usb"))
		sim.usb = b;
	else if (!strncmp(name, "in", 2) && name[2] >= '1' && name[2] <= '6' && !name[3])
		sim.in[name[2] - '1'] = b;
	else
		return "unknown name (dc ac bat usb in1..in6 batlevel temp1..temp5)";
	sim_power_update();
	return NULL;
}

/* nv poke KEY[n] b0 [b1 ...]: write raw bytes over a setting in the stored
 * record and seal it with a valid checksum again, so the loader's field
 * checks (not the checksum) meet the value at the next boot. */
static const char *nv_poke(const char *key, char *rest)
{
	const struct key_def *k;
	unsigned idx;
	size_t off, size, n = 0;
	uint8_t b[16];
	char *save = NULL, *tok;
	if (!key || !(k = settings_find(key, strlen(key), &idx)))
		return "usage: nv poke <KEY> <byte>... (a settings key, bytes 0..255)";
	off = settings_key_offset(k, idx, &size);
	for (tok = strtok_r(rest, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
		unsigned long long v;
		if (n == size || n == sizeof(b) || !parse_count(tok, 255, &v))
			return "nv poke: bytes 0..255, no more than the setting holds";
		b[n++] = (uint8_t)v;
	}
	if (!n)
		return "usage: nv poke <KEY> <byte>... (a settings key, bytes 0..255)";
	struct settings rec;
	if (!settings_read_stored(&rec))
		return "nv poke: no settings record in the store";
	memcpy((uint8_t *)&rec + off, b, n);
	if (!settings_save(&rec)) /* a valid checksum over the poked record */
		return "nv poke: cannot write the store";
	return NULL;
}

/* The stream bytes after "run <ms>" with inline streams: "m<hex>" for
 * the modem, "u<hex>" for USB, each at most once. */
static bool run_inline_args(char *a2, char *more)
{
	char *save = NULL, *tok = a2;
	bool m = false, u = false;
	while (tok) {
		bool *seen = tok[0] == 'm' ? &m : tok[0] == 'u' ? &u
								: NULL;
		if (!seen || *seen || !sim_inline_input(tok))
			return false;
		*seen = true;
		tok = more ? strtok_r(more, " \t\r\n", &save) : save ? strtok_r(NULL, " \t\r\n", &save)
								     : NULL;
		more = NULL;
	}
	return true;
}

/* Execute one control line; returns false on quit. */
static bool command(char *line)
{
	char *save = NULL;
	char *cmd = strtok_r(line, " \t\r\n", &save);
	char *a1 = strtok_r(NULL, " \t\r\n", &save);
	char *a2 = strtok_r(NULL, " \t\r\n", &save);
	char *more = save ? save + strspn(save, " \t\r\n") : NULL; /* after a2 */
	if (more && !*more)
		more = NULL;
	const char *err = NULL;
	char ok[160] = ""; /* the reply after "ok" */
	bool more_cmds = true;
	if (!cmd) {
		return true;
	} else if (more && strcmp(cmd, "nv") && strcmp(cmd, "run")) {
		err = "too many arguments";
	} else if (!strcmp(cmd, "hello")) {
		snprintf(ok, sizeof(ok), " isocket-sim %s serial=%s proto=1 inline",
			 FW_VERSION, sim_serial);
	} else if (!strcmp(cmd, "set")) {
		err = cmd_set(a1, a2);
	} else if (!strcmp(cmd, "run")) {
		unsigned long long ms = 0;
		/* "run <ms> next": the input taken at the end, and the next event */
		bool next = a2 && !strcmp(a2, "next") && !more;
		if (realtime)
			err = "run is not available in real-time mode";
		else if (a2 && !next && !sim.inline_streams)
			err = "too many arguments";
		else if (a2 && !next && !run_inline_args(a2, more))
			err = "run <ms> [m<hex>] [u<hex>]: bad stream bytes";
		else if (!a1 || !parse_count(a1, ~0ull, &ms))
			err = "usage: run <ms>";
		else if (ms > SIM_RUN_MAX)
			err = "run takes at most 1000000000000 ms";
		else {
			if (next)
				sim_run_late(ms);
			else
				sim_run(ms);
			int n = snprintf(ok, sizeof(ok), " %llu", (unsigned long long)sim.world_ms);
			if (next) { /* and what `next` would say */
				uint64_t nx = sim_next_event();
				if (nx == UINT64_MAX)
					snprintf(ok + n, sizeof(ok) - (size_t)n, " none");
				else
					snprintf(ok + n, sizeof(ok) - (size_t)n, " %llu", (unsigned long long)nx);
			}
		}
	} else if (!strcmp(cmd, "next")) {
		uint64_t nx = sim_next_event();
		if (a1)
			err = "too many arguments";
		else if (nx == UINT64_MAX)
			snprintf(ok, sizeof(ok), " none");
		else
			snprintf(ok, sizeof(ok), " %llu", (unsigned long long)nx);
	} else if (!strcmp(cmd, "streams") && a1 && !strcmp(a1, "inline") && !a2 && !realtime) {
		sim.inline_streams = true;
	} else if (!strcmp(cmd, "get")) {
		char rl[HAL_RELAYS + 1];
		for (int r = 0; r < HAL_RELAYS; r++)
			rl[r] = (sim.contacts >> r) & 1u ? '1' : '0';
		rl[HAL_RELAYS] = '\0';
		snprintf(ok, sizeof(ok), " t=%llu relays=%s dc=%d ac=%d bat=%d usb=%d powered=%d",
			 (unsigned long long)sim.world_ms, rl, sim.dc, sim.ac, sim.bat,
			 sim.usb, sim.powered);
	} else if (!strcmp(cmd, "restart")) {
		sim_restart();
	} else if (!strcmp(cmd, "nv") && a1 && !strcmp(a1, "poke")) {
		err = nv_poke(a2, save);
	} else if (!strcmp(cmd, "nv") && a1 && !strcmp(a1, "corrupt")) {
		sim.nv[16] ^= 0x5a; /* inside the settings record */
		if (sim.nv_path)
			hal_nv_write(16, &sim.nv[16], 1);
	} else if (!strcmp(cmd, "debug") && a1 && !strcmp(a1, "hang")) {
		sim_flush();
		fflush(stdout);
		for (;;)
			pause();
	} else if (!strcmp(cmd, "debug") && a1 && !strcmp(a1, "crash")) {
		sim_flush();
		fflush(stdout);
		abort();
	} else if (!strcmp(cmd, "quit")) {
		more_cmds = false;
	} else {
		err = "unknown command (hello set run next get restart nv streams debug quit)";
	}
	/* What the firmware wrote goes out before the reply: the harness
	 * reads the streams once it has the reply. */
	sim_flush();
	if (err)
		printf("err %s\n", err);
	else
		printf("ok%s\n", ok);
	fflush(stdout);
	return more_cmds;
}

/* Reads take what is there (sim_drain_inputs); writes wait in poll(). */
static void nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0 && !(fl & O_NONBLOCK))
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static int virtual_loop(void)
{
	char *line = NULL;
	size_t cap = 0;
	sim_power_update();
	while (getline(&line, &cap, stdin) >= 0)
		if (!command(line))
			break;
	free(line);
	return 0;
}

/* --- real-time mode -------------------------------------------------------- */

static uint64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void make_raw(int fd)
{
	struct termios t;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
}

/* Open an existing terminal (a pty slave or a serial device) raw. */
static int open_tty(const char *what, const char *path)
{
	int fd = open(path, O_RDWR | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr, "isocket-sim: cannot open the %s terminal %s: %s\n", what, path,
			strerror(errno));
		return -1;
	}
	make_raw(fd);
	printf("%s tty %s\n", what, path);
	return fd;
}

static int open_pty(const char *what)
{
	int fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (fd < 0 || grantpt(fd) || unlockpt(fd)) {
		fprintf(stderr, "isocket-sim: cannot create the %s pty: %s\n", what, strerror(errno));
		return -1;
	}
	/* Raw bytes both ways, no echo, as on a real UART. */
	int sfd = open(ptsname(fd), O_RDWR | O_NOCTTY);
	if (sfd >= 0) {
		make_raw(sfd);
		close(sfd);
	}
	printf("%s pty %s\n", what, ptsname(fd));
	return fd;
}

static int realtime_loop(void)
{
	char line[256];
	size_t len = 0;
	uint64_t start = wall_ms();
	sim.modem_fd = modem_tty ? open_tty("modem", modem_tty) : open_pty("modem");
	sim.usb_fd = usb_tty ? open_tty("usb", usb_tty) : open_pty("usb");
	if (sim.modem_fd < 0 || sim.usb_fd < 0)
		return 2;
	nonblocking(sim.modem_fd);
	nonblocking(sim.usb_fd);
	setvbuf(stdout, NULL, _IOLBF, 0);
	sim_power_update();
	printf("ok isocket-sim %s serial=%s real-time\n", FW_VERSION, sim_serial);
	for (;;) {
		sim.world_ms = wall_ms() - start;
		sim_drain_inputs();
		sim_step();
		sim_flush();
		uint64_t next = sim_next_event();
		int timeout = next == UINT64_MAX ? 1000 : next <= sim.world_ms ? 0
									       : (int)(next - sim.world_ms > 1000 ? 1000 : next - sim.world_ms);
		struct pollfd p[3] = { { 0, POLLIN, 0 }, { sim.modem_fd, POLLIN, 0 }, { sim.usb_fd, POLLIN, 0 } };
		if (poll(p, 3, timeout) < 0 && errno != EINTR)
			return 1;
		if (p[0].revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(0, line + len, sizeof(line) - 1 - len);
			if (n <= 0)
				return 0;
			len += (size_t)n;
			char *nl;
			while ((nl = memchr(line, '\n', len))) {
				*nl = '\0';
				sim.world_ms = wall_ms() - start;
				if (!command(line))
					return 0;
				len -= (size_t)(nl + 1 - line);
				memmove(line, nl + 1, len);
			}
			if (len == sizeof(line) - 1)
				len = 0; /* an over-long line is dropped */
		}
		/* A pty whose other side is closed polls POLLHUP: don't spin. */
		if ((p[1].revents | p[2].revents) & POLLHUP)
			usleep(20000);
	}
}

int main(int argc, char **argv)
{
	sim.modem_fd = sim.usb_fd = -1;
	sim.dc = sim.ac = sim.bat = true;
	sim.ac_sensor = true;
	sim.bat_level = 100;
	/* A sensor on T1 in a room at 21.5 degC, as on a bench; the harness
	 * changes or removes it (set temp1). */
	sim.temp_status[0] = HAL_TEMP_OK;
	sim.temp[0] = 215;
	sim.events = stdout;
	const char *invert = getenv("ISOCKET_SIM_INVERT");
	const char *pdu = getenv("ISOCKET_SIM_PDU");
	sim.pdu = pdu && !strcmp(pdu, "1");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("isocket-sim %s (hardware %s)\n", FW_VERSION, FW_HW_VERSION);
			return 0;
		} else if (!strcmp(a, "--realtime")) {
			realtime = true;
		} else if (!strcmp(a, "--pdu")) {
			sim.pdu = true;
		} else if (!strcmp(a, "--no-ac-sensor")) {
			sim.ac_sensor = false;
		} else if ((!strcmp(a, "--modem-fd") || !strcmp(a, "--usb-fd")) && v) {
			int fd = parse_fd(v);
			if (fd < 0) {
				fprintf(stderr, "isocket-sim: %s %s: not an open descriptor\n", a, v);
				return 2;
			}
			*(a[2] == 'm' ? &sim.modem_fd : &sim.usb_fd) = fd;
			i++;
		} else if (!strcmp(a, "--modem-tty") && v) {
			modem_tty = v;
			i++;
		} else if (!strcmp(a, "--usb-tty") && v) {
			usb_tty = v;
			i++;
		} else if (!strcmp(a, "--nv") && v) {
			sim.nv_path = v;
			i++;
		} else if (!strcmp(a, "--serial") && v) {
			sim_serial = v;
			i++;
		} else if (!strcmp(a, "--invert") && v) {
			invert = v;
			i++;
		} else {
			fprintf(stderr, "isocket-sim: unknown or incomplete option '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (invert && *invert && sim_invert_set(invert) < 0) {
		fprintf(stderr, "isocket-sim: bad inversion '%s' (BL,DC,AC,ROW: DC|AC|OFF, "
				"ok|failed, ok|failed, alarm|relay|alarm_relay|thermostat|"
				"temp_sign|sched_relay|sched_input)\n",
			invert);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (sim_nv_load() < 0) {
		fprintf(stderr, "isocket-sim: cannot read %s: %s\n", sim.nv_path, strerror(errno));
		return 2;
	}
	if (realtime)
		return realtime_loop();
	if (sim.modem_fd < 0 || sim.usb_fd < 0) {
		fprintf(stderr, "isocket-sim: virtual-time mode needs --modem-fd and --usb-fd "
				"(or use --realtime)\n");
		return 2;
	}
	nonblocking(sim.modem_fd);
	nonblocking(sim.usb_fd);
	return virtual_loop();
}
