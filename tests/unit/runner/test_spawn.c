/* test_spawn.c - a simulator that cannot be started leaves nothing behind:
 * every descriptor simp_spawn opened is closed on each failure path (the
 * count of /proc/self/fd before and after), and under ASan (make test
 * SAN=1) nothing allocated is lost. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drivers/sim/protocol.h"
#include "err.h"
#include "rig.h"
#include "rigfile/rigfile.h"
#include "test.h"

/* Under ASan (make test SAN=1) a leak check at the end of a test: the test
 * runner ends each test's process with _exit, before LeakSanitizer's own. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define NO_LEAKS() assert_int_equal(__lsan_do_recoverable_leak_check(), 0)
#else
#define NO_LEAKS() ((void)0)
#endif

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own descriptor */
}

static int highest_fd(void)
{
	DIR *d = opendir("/proc/self/fd");
	int hi = -1;
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) > hi && atoi(e->d_name) != dirfd(d))
			hi = atoi(e->d_name);
	closedir(d);
	return hi;
}

TEST(spawn_missing_simulator_opens_nothing)
{
	struct simproc p;
	int before = open_fds();

	assert_int_equal(simp_spawn(&p, "/nonexistent/isocket-sim", NULL, 1000), RR_ERR_NODEV);
	assert_non_null(strstr(p.why, "not found or not executable"));
	assert_int_equal(open_fds(), before);
	simp_close(&p); /* safe after a failed spawn */
	assert_int_equal(open_fds(), before);
	NO_LEAKS();
}

TEST(spawn_not_executable_opens_nothing)
{
	char path[] = "/tmp/relayrig-spawn-XXXXXX";
	int fd = mkstemp(path);
	struct simproc p;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "#!/bin/sh\n", 10), 10);
	close(fd);
	assert_int_equal(chmod(path, 0644), 0);
	int before = open_fds();
	assert_int_equal(simp_spawn(&p, path, NULL, 1000), RR_ERR_NODEV);
	assert_int_equal(open_fds(), before);
	simp_close(&p);
	assert_int_equal(open_fds(), before);
	unlink(path);
	NO_LEAKS();
}

/* A file that cannot be executed although access() says it can (a
 * directory, for root; a script without its interpreter otherwise): the
 * child's exec fails, the first command sees it die, and closing the
 * process gives every descriptor back. */
TEST(spawn_exec_failure_closes_everything)
{
	char path[] = "/tmp/relayrig-spawn-XXXXXX";
	int fd = mkstemp(path);
	struct simproc p;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "#!/nonexistent/interpreter\n", 27), 27);
	close(fd);
	assert_int_equal(chmod(path, 0755), 0);
	signal(SIGPIPE, SIG_IGN); /* as relayrig: the command may meet a dead child */
	int before = open_fds();
	assert_int_equal(simp_spawn(&p, path, NULL, 2000), RR_OK);
	assert_int_equal(simp_cmd(&p, "hello", NULL, 0), RR_ERR_CRASH);
	assert_non_null(strstr(p.why, "exited with status 127"));
	simp_close(&p);
	assert_int_equal(open_fds(), before);
	unlink(path);
	NO_LEAKS();
}

/* Out of descriptors half way through the pipes: those already made are
 * closed again. */
TEST(spawn_out_of_descriptors_closes_the_pipes_made)
{
	struct rlimit old, low;
	struct simproc p;
	int fill[256], nfill = 0;

	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = (rlim_t)highest_fd() + 1 + 8;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	/* take every free descriptor, then give 5 back: two pipes and a half */
	while (nfill < 256 && (fill[nfill] = dup(0)) >= 0)
		nfill++;
	assert_true(nfill >= 5 && nfill < 256);
	for (int i = 0; i < 5; i++)
		close(fill[--nfill]);
	int before = open_fds();
	int rc = simp_spawn(&p, "/bin/true", NULL, 1000);
	int after = open_fds();
	int spare = dup(0); /* the 5 are free again */
	while (nfill)
		close(fill[--nfill]);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	assert_int_equal(rc, RR_ERR_IO);
	assert_non_null(strstr(p.why, "pipes: "));
	assert_int_equal(after, before);
	assert_true(spare >= 0);
	close(spare);
	simp_close(&p);
	NO_LEAKS();
}

/* The same through the driver: a rig whose simulator cannot be run fails
 * to open and leaves no descriptor and no memory behind. */
TEST(sim_driver_open_failure_leaves_nothing)
{
	struct rigfile rf;
	struct unit_opts u;
	struct rig *r = (struct rig *)1;
	const struct rig_driver *drv = rig_driver_find("sim");

	assert_non_null(drv);
	rigfile_sim_default(&rf);
	snprintf(rf.sim.simulator, sizeof(rf.sim.simulator), "/nonexistent/isocket-sim");
	rigfile_unit_defaults(&rf, &u);
	int before = open_fds();
	assert_true(drv->open(&rf, &u, &r) < 0);
	assert_null(r);
	assert_int_equal(open_fds(), before);
	snprintf(rf.sim.simulator, sizeof(rf.sim.simulator), "/tmp");
	signal(SIGPIPE, SIG_IGN);
	r = (struct rig *)1;
	assert_true(drv->open(&rf, &u, &r) < 0); /* a directory: exec fails */
	assert_null(r);
	assert_int_equal(open_fds(), before);
	NO_LEAKS();
}
