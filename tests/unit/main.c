/*
 * main.c - the runner of every C unit-test program (see test.h).
 *
 *   test-PROGRAM [SUBSTRING]
 *
 * runs the registered tests (those whose name contains SUBSTRING) as one
 * cmocka group named after the program. Each test runs in a child process
 * under its own cmocka run; the parent's entry for it passes when the child
 * passed, and fails with the child's messages when the child failed, died
 * of a signal, or did not finish within UNIT_TEST_TIMEOUT seconds (default
 * 60; the child is then killed). So the parent's report (cmocka's output:
 * CMOCKA_MESSAGE_OUTPUT, CMOCKA_XML_FILE for JUnit) always lists every
 * test. The last line is "N passed, N failed".
 */
#include "test.h"

#include <errno.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TESTS_MAX 2048
#define OUT_MAX 16384

struct entry {
	const char *name, *file;
	int line;
	test_fn fn;
};
static struct entry reg[TESTS_MAX];
static int nreg;
static int timeout_s = 60;
/* When cmocka writes XML, the failures are also printed as text here. */
static int xml_out;

void test_register(const char *name, test_fn fn, const char *file, int line)
{
	if (nreg == TESTS_MAX) {
		fprintf(stderr, "test: more than %d tests\n", TESTS_MAX);
		exit(2);
	}
	reg[nreg++] = (struct entry){ name, file, line, fn };
}

/* A failure whose message goes into cmocka's report of the test (its
 * JUnit <failure> too): _assert_true reports the expression text it is
 * given, which print_error in cmocka 1.1 would not. */
static __attribute__((noreturn)) void fail_with(const char *msg, const char *file, int line)
{
	_assert_true(0, msg, file, line);
	abort(); /* not reached: cmocka ends the test */
}

void test_fail_at(const char *file, int line, const char *fmt, ...)
{
	static char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_with(msg, file, line);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int test_wait_child(int pid, int *status, int ms)
{
	int64_t end = now_ms() + ms;
	int st = 0;

	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (now_ms() >= end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			if (status)
				*status = st;
			return 0;
		}
		usleep(1000);
	}
	if (status)
		*status = st;
	return 1;
}

/* The child: the one test under a cmocka run of its own, its messages as
 * plain text on the pipe. */
static void child(const struct entry *e, int out)
{
	const struct CMUnitTest one[] = { { e->name, e->fn, NULL, NULL, NULL } };

	dup2(out, 1);
	dup2(out, 2);
	close(out);
	setenv("CMOCKA_MESSAGE_OUTPUT", "stdout", 1);
	unsetenv("CMOCKA_XML_FILE");
	int failed = _cmocka_run_group_tests(e->name, one, 1, NULL, NULL);
	fflush(NULL);
	_exit(failed ? 1 : 0);
}

/* The child's own words: what it printed, without cmocka's frame lines. */
static void keep_messages(const char *raw, char *msg, size_t len)
{
	size_t n = 0;

	msg[0] = '\0';
	for (const char *l = raw; *l;) {
		const char *end = strchr(l, '\n');
		size_t ll = end ? (size_t)(end - l) : strlen(l);
		const char *text = l;
		int keep = 1;
		while (ll >= 17 && (!strncmp(text, "[  ERROR   ] --- ", 17) ||
				    !strncmp(text, "[   LINE   ] --- ", 17))) {
			text += 17;
			ll -= 17;
		}
		if (text == l && (l[0] == '[' || ll == 0 ||
				  (strstr(l, "FAILED TEST(S)") && strstr(l, "FAILED TEST(S)") < l + ll)))
			keep = 0;
		if (keep && n + ll + 2 < len) {
			memcpy(msg + n, text, ll);
			n += ll;
			msg[n++] = '\n';
			msg[n] = '\0';
		}
		l = end ? end + 1 : l + strlen(l);
	}
}

/* The parent's entry for a test: run it in a child with a deadline. */
static void isolated(void **state)
{
	const struct entry *e = *state;
	static char raw[OUT_MAX], msg[OUT_MAX], why[OUT_MAX + 128];
	size_t n = 0;
	int p[2], status = 0;
	int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
	int timed_out = 0;

	fflush(NULL);
	if (pipe(p) != 0)
		test_fail_at(e->file, e->line, "pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		test_fail_at(e->file, e->line, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(p[0]);
		child(e, p[1]);
	}
	close(p[1]);
	for (;;) {
		int64_t left = deadline - now_ms();
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		struct pollfd pf = { p[0], POLLIN, 0 };
		int r = poll(&pf, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		char buf[4096];
		ssize_t got = read(p[0], buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		size_t take = (size_t)got < sizeof(raw) - 1 - n ? (size_t)got : sizeof(raw) - 1 - n;
		memcpy(raw + n, buf, take);
		n += take;
	}
	raw[n] = '\0';
	close(p[0]);
	/* The output ended: the child ends now (or is made to). */
	if (timed_out) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	} else {
		int64_t left = deadline - now_ms();
		timed_out = !test_wait_child(pid, &status, left > 0 ? (int)left : 0);
	}
	keep_messages(raw, msg, sizeof(msg));
	n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	if (timed_out)
		snprintf(why, sizeof(why), "no end within %d s (UNIT_TEST_TIMEOUT); killed%s%s",
			 timeout_s, n ? "\n" : "", msg);
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by signal %d (%s)%s%s", WTERMSIG(status),
			 strsignal(WTERMSIG(status)), n ? "\n" : "", msg);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		snprintf(why, sizeof(why), "%s", msg);
	else
		return;
	if (xml_out)
		printf("FAIL %s (%s:%d)\n%s\n", e->name, e->file, e->line, why);
	test_fail_at(e->file, e->line, "%s", why);
}

int main(int argc, char **argv)
{
	static struct CMUnitTest tests[TESTS_MAX];
	const char *filter = argc > 1 ? argv[1] : NULL;
	const char *t = getenv("UNIT_TEST_TIMEOUT");
	size_t n = 0;

	if (t && atoi(t) > 0)
		timeout_s = atoi(t);
	t = getenv("CMOCKA_MESSAGE_OUTPUT");
	xml_out = t && !strcasecmp(t, "xml");
	for (int i = 0; i < nreg; i++) {
		if (filter && !strstr(reg[i].name, filter))
			continue;
		tests[n++] = (struct CMUnitTest){ reg[i].name, isolated, NULL, NULL, &reg[i] };
	}
	int failed = _cmocka_run_group_tests(basename(argv[0]), tests, n, NULL, NULL);
	printf("%zu passed, %d failed\n", n - (size_t)failed, failed);
	return failed ? 1 : 0;
}
