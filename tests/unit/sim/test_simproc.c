/*
 * test_simproc.c - bin/isocket-sim as a process: the control channel,
 * virtual time, and the ordering guarantee (bytes written before a run are
 * seen in that run; a run ends at the moment the firmware answers).
 * The simulator binary is taken from $ISOCKET_SIM (default bin/isocket-sim).
 * Every wait has a deadline (REPLY_MS for a reply, EXIT_MS for an exit); a
 * simulator that misses one fails the test and is killed.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>

#include "test.h"

#define REPLY_MS 5000
#define EXIT_MS 5000

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


struct proc {
	pid_t pid;
	FILE *in, *out; /* control: we write in, read out */
	int modem, usb;
};

static int start(struct proc *p, const char *extra)
{
	int ctl_in[2], ctl_out[2], modem[2], usb[2];
	const char *bin = getenv("ISOCKET_SIM") ? getenv("ISOCKET_SIM") : "bin/isocket-sim";
	if (pipe(ctl_in) || pipe(ctl_out) || socketpair(AF_UNIX, SOCK_STREAM, 0, modem) ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, usb))
		return -1;
	p->pid = fork();
	if (p->pid == 0) {
		char m[16], u[16];
		close(ctl_in[1]);
		close(ctl_out[0]);
		close(modem[0]);
		close(usb[0]);
		dup2(ctl_in[0], 0);
		dup2(ctl_out[1], 1);
		snprintf(m, sizeof(m), "%d", modem[1]);
		snprintf(u, sizeof(u), "%d", usb[1]);
		execl(bin, bin, "--modem-fd", m, "--usb-fd", u, extra, (char *)NULL);
		_exit(127);
	}
	close(ctl_in[0]);
	close(ctl_out[1]);
	close(modem[1]);
	close(usb[1]);
	p->in = fdopen(ctl_in[1], "w");
	p->out = fdopen(ctl_out[0], "r");
	setvbuf(p->out, NULL, _IONBF, 0);
	p->modem = modem[0];
	p->usb = usb[0];
	return 0;
}

static void stop(struct proc *p)
{
	fclose(p->in);
	fclose(p->out);
	close(p->modem);
	close(p->usb);
	assert_true(test_wait_child(p->pid, NULL, EXIT_MS));
}

/* One line from the control channel within REPLY_MS, or NULL. */
static char *read_line(struct proc *p, char *line, int len)
{
	long long end = mono_ms() + REPLY_MS;
	struct pollfd pf = { fileno(p->out), POLLIN, 0 };
	int n = 0;
	while (n + 1 < len) {
		/* p->out is unbuffered: poll() sees every byte not yet read */
		if (poll(&pf, 1, 0) > 0) {
			int c = fgetc(p->out);
			if (c == EOF)
				return NULL;
			line[n++] = (char)c;
			if (c == '\n')
				break;
			continue;
		}
		long long left = end - mono_ms();
		if (left <= 0 || poll(&pf, 1, (int)left) <= 0)
			return NULL;
	}
	line[n] = '\0';
	return line;
}

/* Send a command; return its final line; events are appended to ev. */
static const char *cmd(struct proc *p, const char *c, char *ev, size_t evlen)
{
	static char line[256];
	fprintf(p->in, "%s\n", c);
	fflush(p->in);
	if (ev)
		ev[0] = '\0';
	while (read_line(p, line, sizeof(line))) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "ev ", 3)) {
			if (ev && strlen(ev) + strlen(line) + 2 < evlen) {
				strcat(ev, line);
				strcat(ev, ";");
			}
			continue;
		}
		return line;
	}
	return "EOF";
}

static size_t slurp(int fd, char *buf, size_t len)
{
	size_t n = 0;
	struct pollfd pf = { fd, POLLIN, 0 };
	while (n + 1 < len && poll(&pf, 1, 0) > 0) {
		ssize_t r = read(fd, buf + n, len - n - 1);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	return n;
}

TEST(sim_hello_and_boot_events)
{
	struct proc p;
	char ev[512];
	assert_true(start(&p, NULL) == 0);
	const char *r = cmd(&p, "hello", ev, sizeof(ev));
	assert_true(!strncmp(r, "ok isocket-sim ", 15));
	assert_true(strstr(ev, "ev power on 0;ev boot 0 nv=defaults;") != NULL);
	assert_string_equal(cmd(&p, "get", NULL, 0), "ok t=0 relays=0000000 dc=1 ac=1 bat=1 usb=0 powered=1");
	assert_string_equal(cmd(&p, "frobnicate", NULL, 0),
			    "err unknown command (hello set run next get restart nv streams debug quit)");
	assert_string_equal(cmd(&p, "set dc 2", NULL, 0), "err value must be 0 or 1");
	assert_string_equal(cmd(&p, "run -5", NULL, 0), "err usage: run <ms>");
	assert_string_equal(cmd(&p, "quit", NULL, 0), "ok");
	stop(&p);
}

TEST(sim_run_stops_when_the_firmware_writes)
{
	struct proc p;
	char buf[512];
	assert_true(start(&p, NULL) == 0);
	/* The AT client speaks at power-up: the run ends at t=0 with "AT". */
	assert_string_equal(cmd(&p, "run 10000", NULL, 0), "ok 0");
	slurp(p.modem, buf, sizeof(buf));
	assert_string_equal(buf, "AT\r");
	/* Silence: the client retries after 1 s of virtual time. */
	assert_string_equal(cmd(&p, "run 10000", NULL, 0), "ok 1000");
	stop(&p);
}

TEST(sim_usb_reply_ends_the_run_at_once)
{
	struct proc p;
	char buf[2048];
	assert_true(start(&p, NULL) == 0);
	cmd(&p, "run 0", NULL, 0);
	cmd(&p, "set usb 1", NULL, 0);
	assert_true(write(p.usb, "READ backup\n", 12) == 12);
	const char *r = cmd(&p, "run 60000", NULL, 0);
	assert_string_equal(r, "ok 0");
	slurp(p.usb, buf, sizeof(buf));
	assert_string_equal(buf, "BACKUPLIMIT=DC\r\nOK\r\n");
	/* a whole tab larger than the firmware's USB buffer */
	char big[1200] = "WRITE scheduler\n";
	for (int i = 1; i <= 20; i++)
		snprintf(big + strlen(big), sizeof(big) - strlen(big), "TASK%d=10:%02d,*,SIGN\n", i, i);
	strcat(big, "END\n");
	assert_true(write(p.usb, big, strlen(big)) == (ssize_t)strlen(big));
	assert_string_equal(cmd(&p, "run 60000", NULL, 0), "ok 0");
	slurp(p.usb, buf, sizeof(buf));
	assert_string_equal(buf, "OK\r\n");
	stop(&p);
}

TEST(sim_relay_events_and_release_after_12v_loss)
{
	struct proc p;
	char ev[512], buf[256];
	assert_true(start(&p, NULL) == 0);
	cmd(&p, "run 0", NULL, 0);
	cmd(&p, "set usb 1", NULL, 0);
	assert_true(write(p.usb, "WRITE power\nPOWERSTATE1=ON\nEND\n", 32) == 32);
	cmd(&p, "run 100", NULL, 0);
	slurp(p.usb, buf, sizeof(buf));
	assert_string_equal(buf, "OK\r\n");
	cmd(&p, "restart", ev, sizeof(ev));
	assert_true(strstr(ev, "ev relay 1 1 ") != NULL);
	cmd(&p, "set dc 0", ev, sizeof(ev));
	const char *r = cmd(&p, "get", NULL, 0);
	assert_true(strstr(r, "relays=1000000") != NULL); /* contacts drop 10 ms later */
	unsigned long long t0 = strtoull(strstr(r, "t=") + 2, NULL, 10);
	char want[64];
	snprintf(want, sizeof(want), "ev relay 1 0 %llu;", t0 + 10);
	for (int i = 0; i < 100 && strstr(cmd(&p, "run 100", ev, sizeof(ev)), "ok") &&
			!strstr(ev, "relay");
	     i++)
		slurp(p.modem, buf, sizeof(buf));
	assert_string_equal(ev, want);
	cmd(&p, "set bat 0", ev, sizeof(ev));
	assert_true(strstr(ev, "ev power off") != NULL);
	assert_true(strstr(cmd(&p, "get", NULL, 0), "powered=0") != NULL);
	stop(&p);
}

TEST(sim_corrupt_store_boots_corrupt)
{
	struct proc p;
	char ev[512];
	assert_true(start(&p, NULL) == 0);
	cmd(&p, "run 0", NULL, 0);
	cmd(&p, "restart", ev, sizeof(ev));
	assert_true(strstr(ev, "nv=ok") != NULL);
	cmd(&p, "nv corrupt", NULL, 0);
	cmd(&p, "restart", ev, sizeof(ev));
	assert_true(strstr(ev, "nv=corrupt") != NULL);
	/* not written back: still corrupt at the next boot */
	cmd(&p, "restart", ev, sizeof(ev));
	assert_true(strstr(ev, "nv=corrupt") != NULL);
	stop(&p);
}

/* nv poke: a bad value under a valid checksum reaches the field checks. */
TEST(sim_nv_poke_is_repaired_at_boot)
{
	struct proc p;
	char ev[512];
	assert_true(start(&p, NULL) == 0);
	cmd(&p, "run 0", NULL, 0);
	assert_string_equal(cmd(&p, "nv poke RINGACTION 1 8", NULL, 0), "ok");
	cmd(&p, "restart", ev, sizeof(ev));
	assert_true(strstr(ev, "nv=repaired") != NULL);
	assert_string_equal(cmd(&p, "nv poke POWERSTATE7 2", NULL, 0), "ok");
	cmd(&p, "restart", ev, sizeof(ev));
	assert_true(strstr(ev, "nv=repaired") != NULL); /* RINGACTION still bad */
	stop(&p);
}

TEST(sim_bad_arguments)
{
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", 1);
		dup2(devnull, 2);
		const char *bin = getenv("ISOCKET_SIM") ? getenv("ISOCKET_SIM") : "bin/isocket-sim";
		execl(bin, bin, "--modem-fd", "99", "--usb-fd", "98", (char *)NULL);
		_exit(127);
	}
	assert_true(test_wait_child(pid, &st, EXIT_MS));
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
}

/* The control channel refuses values it cannot represent, with an err line,
 * and the state stays as it was. */
TEST(sim_control_refuses_bad_values)
{
	struct proc p;
	static const char *const temps[] = {
		"nan",
		"NaN",
		"-nan",
		"inf",
		"-inf",
		"infinity",
		"1e99",
		"1e1",
		"0x10",
		"125.1",
		"-55.1",
		"200",
		"12.",
		".5",
		"-",
		"",
		"1.2.3",
		"12x",
		"--1",
		"+5",
		"99999999999999999999",
		NULL,
	};
	char line[64];
	assert_true(start(&p, NULL) == 0);
	cmd(&p, "run 0", NULL, 0);
	for (int i = 0; temps[i]; i++) {
		snprintf(line, sizeof(line), "set temp1 %s", temps[i]);
		const char *r = cmd(&p, line, NULL, 0);
		if (!temps[i][0])
			assert_string_equal(r, "err usage: set <name> <value>");
		else if (strcmp(r, "err temperature takes -55..125 (degC), fail or none"))
			test_fail_at(__FILE__, __LINE__, "%s: got %s", line, r);
	}
	assert_string_equal(cmd(&p, "set temp1 125", NULL, 0), "ok");
	assert_string_equal(cmd(&p, "set temp1 -55.0", NULL, 0), "ok");
	assert_string_equal(cmd(&p, "set temp1 21.55", NULL, 0), "ok");
	assert_string_equal(cmd(&p, "set dc 1x", NULL, 0), "err value must be 0 or 1");
	assert_string_equal(cmd(&p, "set in3 01", NULL, 0), "err value must be 0 or 1");
	assert_string_equal(cmd(&p, "set dc 1 1", NULL, 0), "err too many arguments");
	assert_string_equal(cmd(&p, "set dc 1 \t ", NULL, 0), "ok");
	assert_string_equal(cmd(&p, "nv poke PULSETIME 256", NULL, 0),
			    "err nv poke: bytes 0..255, no more than the setting holds");
	assert_string_equal(cmd(&p, "nv poke PULSETIME 1 2", NULL, 0),
			    "err nv poke: bytes 0..255, no more than the setting holds");
	assert_string_equal(cmd(&p, "nv poke NOSUCHKEY 1", NULL, 0),
			    "err usage: nv poke <KEY> <byte>... (a settings key, bytes 0..255)");
	assert_string_equal(cmd(&p, "nv poke TASK21 1", NULL, 0),
			    "err usage: nv poke <KEY> <byte>... (a settings key, bytes 0..255)");
	assert_string_equal(cmd(&p, "set batlevel 101", NULL, 0), "err batlevel takes 0..100");
	assert_string_equal(cmd(&p, "set batlevel -1", NULL, 0), "err batlevel takes 0..100");
	assert_string_equal(cmd(&p, "set batlevel 5x", NULL, 0), "err batlevel takes 0..100");
	assert_string_equal(cmd(&p, "set batlevel 1e2", NULL, 0), "err batlevel takes 0..100");
	assert_string_equal(cmd(&p, "set batlevel 18446744073709551716", NULL, 0), "err batlevel takes 0..100");
	assert_string_equal(cmd(&p, "set batlevel 100", NULL, 0), "ok");
	assert_string_equal(cmd(&p, "run -5", NULL, 0), "err usage: run <ms>");
	assert_string_equal(cmd(&p, "run 1e99", NULL, 0), "err usage: run <ms>");
	assert_string_equal(cmd(&p, "run 5x", NULL, 0), "err usage: run <ms>");
	assert_string_equal(cmd(&p, "run +5", NULL, 0), "err usage: run <ms>");
	assert_string_equal(cmd(&p, "run nan", NULL, 0), "err usage: run <ms>");
	assert_string_equal(cmd(&p, "run 18446744073709551616", NULL, 0), "err usage: run <ms>");
	assert_string_equal(cmd(&p, "run 18446744073709551615", NULL, 0),
			    "err run takes at most 1000000000000 ms");
	assert_string_equal(cmd(&p, "run 1000000000001", NULL, 0), "err run takes at most 1000000000000 ms");
	assert_string_equal(cmd(&p, "run 5 5", NULL, 0), "err too many arguments");
	assert_string_equal(cmd(&p, "next 5", NULL, 0), "err too many arguments");
	/* nothing moved: still at t=0, supplies as they were */
	assert_string_equal(cmd(&p, "get", NULL, 0), "ok t=0 relays=0000000 dc=1 ac=1 bat=1 usb=0 powered=1");
	assert_string_equal(cmd(&p, "quit", NULL, 0), "ok");
	stop(&p);
}

TEST(sim_next_and_run_next)
{
	struct proc p;
	assert_true(start(&p, NULL) == 0);
	/* The AT client's first probe is due at once, then its 1 s retry. */
	assert_string_equal(cmd(&p, "next", NULL, 0), "ok 0");
	assert_string_equal(cmd(&p, "run 0 next", NULL, 0), "ok 0 1000");
	assert_string_equal(cmd(&p, "next", NULL, 0), "ok 1000");
	/* Up to it and no further: nothing is due before 1000. */
	assert_string_equal(cmd(&p, "run 400 next", NULL, 0), "ok 400 1000");
	assert_string_equal(cmd(&p, "get", NULL, 0), "ok t=400 relays=0000000 dc=1 ac=1 bat=1 usb=0 powered=1");
	/* Unpowered, nothing is ever due. */
	assert_string_equal(cmd(&p, "set dc 0", NULL, 0), "ok");
	assert_string_equal(cmd(&p, "set bat 0", NULL, 0), "ok");
	assert_string_equal(cmd(&p, "next", NULL, 0), "ok none");
	assert_string_equal(cmd(&p, "quit", NULL, 0), "ok");
	stop(&p);
}
