/* test_console.c - "relayrig modem": options, errors, and a whole session
 * on a pty. The console runs in the test process with stdin/stdout on
 * pipes; a child process plays both the user at the console and the unit
 * on the pty. */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "emu/console.h"
#include "test.h"

struct reader {
	int fd;
	char buf[65536];
	size_t len;
};

/* Read from r until needle shows up (then drop everything up to its end),
 * for at most 5 s. */
static bool expect(struct reader *r, const char *needle)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		r->buf[r->len] = '\0';
		/* NUL bytes from the modem must not hide what follows */
		for (size_t i = 0; i < r->len; i++)
			if (!r->buf[i])
				r->buf[i] = '.';
		char *p = strstr(r->buf, needle);
		if (p) {
			size_t used = (size_t)(p - r->buf) + strlen(needle);
			memmove(r->buf, r->buf + used, r->len - used);
			r->len -= used;
			return true;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		long ms = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (ms > 5000) {
			fprintf(stderr, "console test: \"%s\" did not come; got: %s\n", needle, r->buf);
			return false;
		}
		struct pollfd p1 = { .fd = r->fd, .events = POLLIN };
		if (poll(&p1, 1, 100) > 0) {
			if (r->len + 1 >= sizeof(r->buf))
				r->len = 0;
			ssize_t n = read(r->fd, r->buf + r->len, sizeof(r->buf) - 1 - r->len);
			if (n <= 0) {
				fprintf(stderr, "console test: end of output waiting for \"%s\"; got: %s\n", needle,
					r->buf);
				return false;
			}
			r->len += (size_t)n;
		}
	}
}

static void put(int fd, const char *s)
{
	size_t n = strlen(s);
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

typedef int (*child_fn)(int cmd_fd, int out_fd);

/* Run the console with argv; fn plays the other side. Returns the
 * console's exit code; *child gets the child's exit code. */
static int run_console(int argc, char **argv, child_fn fn, int *child)
{
	int in[2], out[2];
	if (pipe(in) || pipe(out))
		return -100;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		return -100;
	if (pid == 0) {
		close(in[0]);
		close(out[1]);
		_exit(fn(in[1], out[0]));
	}
	close(in[1]);
	close(out[0]);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int s0 = dup(0), s1 = dup(1), s2 = dup(2);
	dup2(in[0], 0);
	dup2(out[1], 1);
	dup2(out[1], 2);
	close(in[0]);
	close(out[1]);
	int rc = modem_console_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(s0, 0);
	dup2(s1, 1);
	dup2(s2, 2);
	close(s0);
	close(s1);
	close(s2);
	signal(SIGPIPE, old);
	int st = 0;
	test_wait_child(pid, &st, 10000);
	*child = WIFEXITED(st) ? WEXITSTATUS(st) : 99;
	return rc;
}

#define STEP(n, cond)                                                         \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "console test: step %d failed\n", n); \
			return n;                                             \
		}                                                             \
	} while (0)

static int child_help(int cmd, int out)
{
	close(cmd);
	struct reader r = { .fd = out };
	STEP(1, expect(&r, "usage: relayrig modem --pty"));
	STEP(2, expect(&r, "--settings <s>"));
	STEP(3, expect(&r, "callee reject <ms>"));
	STEP(4, expect(&r, "quit"));
	return 0;
}

TEST(console_help_documents_options_and_commands)
{
	char *argv[] = { "modem", "--help", NULL };
	int child;
	assert_int_equal(run_console(2, argv, child_help, &child), 0);
	assert_int_equal(child, 0);
}

static int child_bad_port(int cmd, int out)
{
	close(cmd);
	struct reader r = { .fd = out };
	STEP(1, expect(&r, "relayrig modem: /dev/ttyNOSUCH7: no such serial port"));
	return 0;
}

static int child_bad_settings(int cmd, int out)
{
	close(cmd);
	struct reader r = { .fd = out };
	STEP(1, expect(&r, "bad serial settings \"9600,8Q1\": parity must be N, E, O, M or S"));
	return 0;
}

static int child_usage(int cmd, int out)
{
	close(cmd);
	struct reader r = { .fd = out };
	STEP(1, expect(&r, "give either --pty or --port <device>"));
	return 0;
}

TEST(console_bad_port_settings_and_usage_fail_clearly)
{
	int child;
	char *a1[] = { "modem", "--port", "/dev/ttyNOSUCH7", NULL };
	assert_int_equal(run_console(3, a1, child_bad_port, &child), 1);
	assert_int_equal(child, 0);
	char *a2[] = { "modem", "--port", "/dev/ttyNOSUCH7", "--settings", "9600,8Q1", NULL };
	assert_int_equal(run_console(5, a2, child_bad_settings, &child), 1);
	assert_int_equal(child, 0);
	char *a3[] = { "modem", NULL };
	assert_int_equal(run_console(1, a3, child_usage, &child), 2);
	assert_int_equal(child, 0);
	char *a4[] = { "modem", "--pty", "--port", "/dev/ttyS0", NULL };
	assert_int_equal(run_console(4, a4, child_usage, &child), 2);
	assert_int_equal(child, 0);
}

/* Open the pty the console announced with "modem pty <path>". */
static int open_unit_side(struct reader *r)
{
	if (!expect(r, "modem pty "))
		return -1;
	struct pollfd p = { .fd = r->fd, .events = POLLIN };
	while (!memchr(r->buf, '\n', r->len)) {
		if (poll(&p, 1, 5000) <= 0)
			return -1;
		ssize_t n = read(r->fd, r->buf + r->len, sizeof(r->buf) - 1 - r->len);
		if (n <= 0)
			return -1;
		r->len += (size_t)n;
	}
	char path[128];
	size_t k = 0;
	for (size_t i = 0; i < r->len && r->buf[i] != '\n' && k + 1 < sizeof(path); i++)
		path[k++] = r->buf[i];
	path[k] = '\0';
	return open(path, O_RDWR | O_NOCTTY);
}

static int child_session(int cmd, int out)
{
	struct reader con = { .fd = out };
	int u = open_unit_side(&con);
	STEP(1, u >= 0);
	struct reader unit = { .fd = u };
	put(u, "ATE0\r");
	STEP(2, expect(&unit, "\r\nOK\r\n"));
	put(u, "AT+CMGF=1\r");
	STEP(3, expect(&unit, "\r\nOK\r\n"));

	put(cmd, "sms +4930 hello there\n");
	STEP(4, expect(&unit, "\r\n+CMTI: \"SM\",1\r\n"));
	STEP(5, expect(&con, "SMS from +4930 stored at index 1"));
	put(u, "AT+CMGR=1\r");
	STEP(6, expect(&unit, "\r\nhello there\r\n\r\nOK\r\n"));

	put(u, "AT+CMGS=\"+4931\"\r");
	STEP(7, expect(&unit, "\r\n> "));
	put(u, "Relay ON\x1a");
	STEP(8, expect(&unit, "\r\n+CMGS: 1\r\n\r\nOK\r\n"));
	STEP(9, expect(&con, "SMS to +4931: Relay ON"));

	put(cmd, "callee reject 200\n");
	STEP(10, expect(&con, "the unit's calls get BUSY after 200 ms"));
	put(u, "ATD+4932;\r");
	STEP(11, expect(&unit, "\r\nOK\r\n"));
	STEP(11, expect(&con, "call to +4932"));
	STEP(11, expect(&unit, "\r\nBUSY\r\n"));

	put(cmd, "bogus stuff\n");
	STEP(12, expect(&con, "error: unknown command \"bogus\" (try help)"));
	put(cmd, "csq 40\n");
	STEP(13, expect(&con, "error: bad signal quality \"40\""));
	put(cmd, "csq 12\n");
	STEP(14, expect(&con, "signal quality 12"));
	put(u, "AT+CSQ\r");
	STEP(15, expect(&unit, "+CSQ: 12,0"));

	put(cmd, "time 2024-13-01 10:00:00\n");
	STEP(16, expect(&con, "error: bad time"));
	put(cmd, "time 2024-05-01 10:00:00\n");
	STEP(17, expect(&con, "network time 2024-05-01 10:00:00 UTC"));
	put(u, "AT+CCLK?\r");
	STEP(18, expect(&unit, "+CCLK: \"24/05/01,10:00:0"));

	put(cmd, "callee accept 100\n");
	STEP(19, expect(&con, "answered after 100 ms"));
	put(cmd, "callee maybe\n");
	STEP(20, expect(&con, "error: usage: callee reject <ms> | callee accept [<ms>]"));

	put(cmd, "list\n");
	STEP(21, expect(&con, "to +4931: Relay ON"));
	STEP(22, expect(&con, "to +4932"));
	STEP(23, expect(&con, "messages in storage: 1 of 30"));

	put(cmd, "ring +4933\n");
	STEP(24, expect(&unit, "\r\nRING\r\n"));
	put(u, "ATH\r");
	STEP(25, expect(&unit, "\r\nOK\r\n"));
	STEP(26, expect(&con, "call from +4933 rejected by the unit"));

	put(cmd, "transcript\n");
	STEP(27, expect(&con, "> AT+CMGS=\"+4931\""));
	STEP(28, expect(&con, "> Relay ON<1A>"));

	put(cmd, "sms\n");
	STEP(29, expect(&con, "error: usage: sms <number> <text...>"));
	put(cmd, "help\n");
	STEP(30, expect(&con, "ring <number>"));
	put(cmd, "quit\n");
	close(u);
	return 0;
}

TEST(console_session_on_a_pty)
{
	char *argv[] = { "modem", "--pty", NULL };
	int child;
	assert_int_equal(run_console(2, argv, child_session, &child), 0);
	assert_int_equal(child, 0);
}

static int child_verbose(int cmd, int out)
{
	struct reader con = { .fd = out };
	int u = open_unit_side(&con);
	STEP(1, u >= 0);
	put(u, "AT+CSQ\r");
	STEP(2, expect(&con, "] > AT+CSQ"));
	STEP(3, expect(&con, "] < +CSQ: 20,0"));
	close(u);
	close(cmd); /* end of input ends the console */
	return 0;
}

TEST(console_verbose_prints_the_transcript_live)
{
	char *argv[] = { "modem", "--pty", "--verbose", NULL };
	int child;
	assert_int_equal(run_console(3, argv, child_verbose, &child), 0);
	assert_int_equal(child, 0);
}
