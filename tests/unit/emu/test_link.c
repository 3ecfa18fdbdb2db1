/* test_link.c - the descriptor link (socketpair, pty) and the serial-port
 * link's settings and error mapping. */
#define _XOPEN_SOURCE 700 /* posix_openpt */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "link/link.h"
#include "test.h"

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

TEST(link_fd_reads_writes_and_times_out)
{
	int sv[2];
	assert_true(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	struct link *l = link_fd_open(sv[0], NULL);
	assert_true(l);
	char want[32];
	snprintf(want, sizeof(want), "fd:%d", sv[0]);
	assert_string_equal(l->name, want);
	assert_int_equal(l->ops->pollfd(l), sv[0]);
	uint8_t buf[16];
	assert_int_equal(link_read(l, buf, sizeof(buf), 0), 0);
	uint64_t t = mono_ms();
	assert_int_equal(link_read(l, buf, sizeof(buf), 60), 0);
	uint64_t waited = mono_ms() - t;
	assert_true(waited >= 55 && waited < 1000);
	assert_true(write(sv[1], "hello", 5) == 5);
	assert_int_equal(link_read(l, buf, sizeof(buf), 100), 5);
	assert_true(memcmp(buf, "hello", 5) == 0);
	assert_int_equal(link_write(l, (const uint8_t *)"world", 5), 0);
	assert_true(read(sv[1], buf, sizeof(buf)) == 5 && memcmp(buf, "world", 5) == 0);
	link_close(l);
	close(sv[1]);
}

TEST(link_fd_write_all_of_a_large_buffer)
{
	int sv[2];
	assert_true(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	int sz = 4096;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	struct link *l = link_fd_open(sv[0], "big");
	assert_true(l);
	size_t n = 1 << 20;
	uint8_t *big = malloc(n);
	assert_true(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (uint8_t)i;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) { /* a reader that checks every byte */
		close(sv[0]);
		static uint8_t got[65536];
		size_t total = 0;
		int ok = 1;
		while (total < n) {
			ssize_t r = read(sv[1], got, sizeof(got));
			if (r <= 0)
				break;
			for (ssize_t i = 0; i < r; i++)
				ok &= got[i] == (uint8_t)(total + (size_t)i);
			total += (size_t)r;
		}
		_exit(ok && total == n ? 0 : 1);
	}
	assert_int_equal(link_write(l, big, n), 0);
	int st = -1;
	assert_true(test_wait_child(pid, &st, 10000));
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	free(big);
	link_close(l);
	close(sv[1]);
}

TEST(link_fd_peer_close_is_rr_err_closed)
{
	int sv[2];
	assert_true(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	struct link *l = link_fd_open(sv[0], "x");
	assert_true(l);
	assert_true(write(sv[1], "ab", 2) == 2);
	close(sv[1]);
	uint8_t buf[8];
	assert_int_equal(link_read(l, buf, sizeof(buf), 0), 2); /* data before the end */
	assert_int_equal(link_read(l, buf, sizeof(buf), 0), RR_ERR_CLOSED);
	assert_int_equal(link_read(l, buf, sizeof(buf), 50), RR_ERR_CLOSED);
	/* writing: EPIPE, no SIGPIPE */
	assert_int_equal(link_write(l, (const uint8_t *)"zz", 2), RR_ERR_CLOSED);
	link_close(l);
}

TEST(link_fd_pty_hangup_is_rr_err_closed)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(m >= 0);
	assert_true(grantpt(m) == 0 && unlockpt(m) == 0);
	int s = open(ptsname(m), O_RDWR | O_NOCTTY);
	assert_true(s >= 0);
	struct link *l = link_fd_open(m, "pty");
	assert_true(l);
	uint8_t buf[8];
	assert_int_equal(link_read(l, buf, sizeof(buf), 0), 0);
	close(s); /* the unit's side goes away: EIO on the master */
	assert_int_equal(link_read(l, buf, sizeof(buf), 100), RR_ERR_CLOSED);
	link_close(l);
}

TEST(link_fd_open_refuses_a_bad_descriptor)
{
	assert_true(link_fd_open(-1, "none") == NULL);
}

TEST(link_sp_nonexistent_port_is_nodev_with_a_message)
{
	struct link *l = (struct link *)1;
	char msg[256];
	assert_int_equal(link_sp_open_msg("/dev/ttyNOSUCH7", NULL, &l, msg, sizeof(msg)), RR_ERR_NODEV);
	assert_true(l == NULL);
	assert_string_equal(msg, "/dev/ttyNOSUCH7: no such serial port");
	assert_int_equal(link_sp_open("/dev/ttyNOSUCH7", "115200,8N1", &l), RR_ERR_NODEV);
	/* a file that is no serial port */
	assert_int_equal(link_sp_open_msg("/dev/null", NULL, &l, msg, sizeof(msg)), RR_ERR_NODEV);
	assert_true(strstr(msg, "not a serial port") != NULL);
	assert_int_equal(link_sp_open_msg("/tmp", NULL, &l, msg, sizeof(msg)), RR_ERR_NODEV);
	assert_int_equal(link_sp_open_msg("", NULL, &l, msg, sizeof(msg)), RR_ERR_ARG);
}

TEST(link_sp_refuses_a_pty_with_a_hint)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(m >= 0);
	assert_true(grantpt(m) == 0 && unlockpt(m) == 0);
	struct link *l = NULL;
	char msg[256];
	assert_int_equal(link_sp_open_msg(ptsname(m), NULL, &l, msg, sizeof(msg)), RR_ERR_NOTSUP);
	assert_true(strstr(msg, "pty") != NULL);
	assert_true(l == NULL);
	close(m);
}

TEST(link_sp_bad_settings_are_rr_err_arg)
{
	static const char *bad[] = {
		"",
		"fast",
		"115200",
		"115200,",
		"115200,9N1",
		"115200,8X1",
		"115200,8N3",
		"115200,8N1,",
		"115200,8N1,rts",
		"115200,8N1x",
		"0,8N1",
		"49,8N1",
		"99999999,8N1",
		"-9600,8N1",
		"115200;8N1",
		"115200,8N1,rtscts,more",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char msg[256] = "";
		struct link_sp_settings st;
		int rc = link_sp_parse_settings(bad[i], &st, msg, sizeof(msg));
		if (rc != RR_ERR_ARG)
			test_fail_at(__FILE__, __LINE__, "\"%s\" gave %d, not RR_ERR_ARG", bad[i], rc);
		if (!strstr(msg, "bad serial settings"))
			test_fail_at(__FILE__, __LINE__, "\"%s\": message \"%s\"", bad[i], msg);
	}
	/* settings are checked before the port is looked at */
	struct link *l = NULL;
	char msg[256];
	assert_int_equal(link_sp_open_msg("/dev/ttyNOSUCH7", "115200,9N1", &l, msg, sizeof(msg)), RR_ERR_ARG);
	assert_string_equal(msg, "bad serial settings \"115200,9N1\": data bits must be 5..8");
}

/* Each kind of bad settings gets its own message; the ends of the baud range
 * are taken, one past them is not. */
TEST(link_sp_settings_messages)
{
	static const struct {
		const char *in, *msg;
	} cases[] = {
		{ "", "bad serial settings \"\": expected <baud>,<bits><parity><stop>[,<flow>] such as 115200,8N1" },
		{ "fast,8N1", "bad serial settings \"fast,8N1\": expected <baud>,<bits><parity><stop>[,<flow>] such as 115200,8N1" },
		{ "49,8N1", "bad serial settings \"49,8N1\": baud rate must be 50..4000000" },
		{ "4000001,8N1", "bad serial settings \"4000001,8N1\": baud rate must be 50..4000000" },
		{ "115200", "bad serial settings \"115200\": expected ',' and a frame format such as 8N1 after the baud rate" },
		{ "115200,4N1", "bad serial settings \"115200,4N1\": data bits must be 5..8" },
		{ "115200,8X1", "bad serial settings \"115200,8X1\": parity must be N, E, O, M or S" },
		{ "115200,8", "bad serial settings \"115200,8\": parity must be N, E, O, M or S" },
		{ "115200,8N0", "bad serial settings \"115200,8N0\": stop bits must be 1 or 2" },
		{ "115200,8N1,cts", "bad serial settings \"115200,8N1,cts\": flow control must be none, rtscts, dtrdsr or xonxoff" },
		{ "115200,8N1 ", "bad serial settings \"115200,8N1 \": unexpected \" \" after the frame format" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char msg[256] = "";
		assert_int_equal(link_sp_parse_settings(cases[i].in, NULL, msg, sizeof(msg)), RR_ERR_ARG);
		assert_string_equal(msg, cases[i].msg);
	}
	struct link_sp_settings st;
	assert_int_equal(link_sp_parse_settings("50,8N1", &st, NULL, 0), RR_OK);
	assert_int_equal(st.baud, 50);
	assert_int_equal(link_sp_parse_settings("4000000,8N1", &st, NULL, 0), RR_OK);
	assert_int_equal(st.baud, 4000000);
}

TEST(link_sp_settings_parse)
{
	struct link_sp_settings st;
	assert_int_equal(link_sp_parse_settings(NULL, &st, NULL, 0), 0);
	assert_true(st.baud == 115200 && st.bits == 8 && st.parity == 'N' && st.stop == 1 && st.flow == LINK_FLOW_NONE);
	assert_int_equal(link_sp_parse_settings("9600,7E2,rtscts", &st, NULL, 0), 0);
	assert_true(st.baud == 9600 && st.bits == 7 && st.parity == 'E' && st.stop == 2 && st.flow == LINK_FLOW_RTSCTS);
	assert_int_equal(link_sp_parse_settings("57600,8o1,xonxoff", &st, NULL, 0), 0);
	assert_true(st.parity == 'O' && st.flow == LINK_FLOW_XONXOFF);
	assert_int_equal(link_sp_parse_settings("115200,8N1,none", &st, NULL, 0), 0);
	assert_int_equal(link_sp_parse_settings("4000000,5S1,dtrdsr", &st, NULL, 0), 0);
	assert_true(st.baud == 4000000 && st.bits == 5 && st.parity == 'S' && st.flow == LINK_FLOW_DTRDSR);
}
