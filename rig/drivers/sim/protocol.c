/* protocol.c - spawning isocket-sim and speaking its control protocol. */
#define _GNU_SOURCE /* pipe2 */
#define LOG_PREFIX "sim: "
#include "protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpupin.h"
#include "err.h"
#include "guard.h"
#include "log.h"

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* In the child: wire stdio and the stream ends, then exec. */
static void child_exec(const char *path, const char *const *extra, int in,
		       int out, int err, int m, int u)
{
	char mbuf[16], ubuf[16];
	const char *argv[32];
	int n = 0;

	setpgid(0, 0); /* the terminal's Ctrl-C is for the runner */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	fcntl(m, F_SETFD, 0);
	fcntl(u, F_SETFD, 0);
	snprintf(mbuf, sizeof(mbuf), "%d", m);
	snprintf(ubuf, sizeof(ubuf), "%d", u);
	argv[n++] = path;
	argv[n++] = "--modem-fd";
	argv[n++] = mbuf;
	argv[n++] = "--usb-fd";
	argv[n++] = ubuf;
	for (int i = 0; extra && extra[i] && n < 31; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	execv(path, (char *const *)argv);
	dprintf(2, "exec %s: %s\n", path, strerror(errno));
	_exit(127);
}

/* A failed spawn closes every descriptor it opened (n pairs of fds). */
static int spawn_fail(struct simproc *p, int (*fds)[2], int n, const char *what)
{
	snprintf(p->why, sizeof(p->why), "%s: %s", what, strerror(errno));
	for (int i = 0; i < n; i++) {
		close_fd(&fds[i][0]);
		close_fd(&fds[i][1]);
	}
	return RR_ERR_IO;
}

int simp_spawn(struct simproc *p, const char *path, const char *const *extra,
	       int hang_ms)
{
	int fds[5][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 }, { -1, -1 }, { -1, -1 } };
	int *in = fds[0], *out = fds[1], *err = fds[2], *m = fds[3], *u = fds[4];

	memset(p, 0, sizeof(*p));
	p->ctl_w = p->ctl_r = p->err_r = p->modem_fd = p->usb_fd = -1;
	p->hang_ms = hang_ms > 0 ? hang_ms : 5000;
	p->powered = true;
	sb_init(&p->sendq);
	sb_init(&p->modem_rx);
	sb_init(&p->usb_rx);
	sb_init(&p->modem_tx);
	sb_init(&p->usb_tx);
	if (access(path, X_OK) != 0) {
		snprintf(p->why, sizeof(p->why), "simulator '%s' not found or not executable", path);
		rr_error("%s", p->why);
		return RR_ERR_NODEV;
	}
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, m) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, u))
		return spawn_fail(p, fds, 5, "pipes");
	cpupin_bind(); /* the child inherits the CPU (cpupin.h) */
	p->pid = fork();
	if (p->pid < 0) {
		p->pid = 0;
		return spawn_fail(p, fds, 5, "fork");
	}
	if (p->pid == 0)
		child_exec(path, extra, in[0], out[1], err[1], m[1], u[1]);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	close(m[1]);
	close(u[1]);
	p->ctl_w = in[1];
	p->ctl_r = out[0];
	p->err_r = err[0];
	p->modem_fd = m[0];
	p->usb_fd = u[0];
	fcntl(p->err_r, F_SETFL, O_NONBLOCK);
	fcntl(p->ctl_r, F_SETFL, O_NONBLOCK);
	rr_dbg("started %s, pid %d", path, (int)p->pid);
	return RR_OK;
}

static void drain_stderr(struct simproc *p)
{
	char buf[512];
	ssize_t n;

	while (p->err_r >= 0 && (n = read(p->err_r, buf, sizeof(buf))) > 0) {
		size_t keep = sizeof(p->errtail) - 1; /* > sizeof(buf) */
		if (p->errlen + (size_t)n > keep) {
			size_t drop = p->errlen + (size_t)n - keep;
			memmove(p->errtail, p->errtail + drop, p->errlen - drop);
			p->errlen -= drop;
		}
		memcpy(p->errtail + p->errlen, buf, (size_t)n);
		p->errlen += (size_t)n;
		p->errtail[p->errlen] = '\0';
	}
}

/* Collect the exit status (waiting up to 1 s, then killing). */
/* waitpid for a child that is ending, up to ms: woken by its exit (a
 * pidfd), not by polling, so a unit that quits costs no sleep. 0 when it
 * is still running at the limit. */
static pid_t wait_exit(pid_t pid, int *status, int ms)
{
	pid_t w = waitpid(pid, status, WNOHANG);
#ifdef SYS_pidfd_open
	if (w == 0) {
		int fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (fd >= 0) {
			struct pollfd pf = { fd, POLLIN, 0 };
			int64_t end = guard_now_ns() + (int64_t)ms * 1000000;
			int left = ms;
			while (poll(&pf, 1, left) < 0 && errno == EINTR &&
			       (left = (int)((end - guard_now_ns()) / 1000000)) > 0)
				;
			close(fd);
			return waitpid(pid, status, WNOHANG);
		}
	}
#endif
	for (int i = 0; i < ms && w == 0; i++) { /* no pidfds: look each ms */
		usleep(1000);
		w = waitpid(pid, status, WNOHANG);
	}
	return w;
}

static void reap(struct simproc *p, char *st, size_t len)
{
	int status = 0;
	pid_t w = 0;

	w = wait_exit(p->pid, &status, 1000);
	if (w == 0) {
		kill(p->pid, SIGKILL);
		w = waitpid(p->pid, &status, 0);
	}
	p->pid = 0;
	if (w <= 0)
		snprintf(st, len, "exit status unknown");
	else if (WIFEXITED(status))
		snprintf(st, len, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(st, len, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(st, len, "stopped (status 0x%x)", status);
}

static int die(struct simproc *p, const char *what, bool kill_it)
{
	char st[128];

	if (kill_it && p->pid > 0)
		kill(p->pid, SIGKILL);
	if (p->pid > 0)
		reap(p, st, sizeof(st));
	else
		snprintf(st, sizeof(st), "not running");
	drain_stderr(p);
	p->dead = true;
	snprintf(p->why, sizeof(p->why), "isocket-sim %s: %s%s%.700s", what, st,
		 p->errlen ? "; its stderr ends: " : "", p->errtail);
	rr_info("%s", p->why);
	return RR_ERR_CRASH;
}

/* Read one line (without "\n") into line. */
#define INTR_GRACE_NS 250000000 /* a reply after a stop signal: 250 ms */

static int read_line(struct simproc *p, char *line, size_t len, const char *cmd)
{
	int64_t limit = guard_now_ns() + (int64_t)p->hang_ms * 1000000;
	int64_t intr_until = 0;

	for (;;) {
		if (simp_take_line(p, line, len))
			return RR_OK;
		/* No complete line yet: wait in poll() (never by spinning: on
		 * two cores a spinning runner takes the CPU the simulator
		 * needs), then read what came. A reply already there makes
		 * poll() return at once, so this is two system calls a reply. */
		struct pollfd pf[2] = { { p->ctl_r, POLLIN, 0 }, { p->err_r, POLLIN, 0 } };
		int64_t left = (limit - guard_now_ns()) / 1000000;
		/* The test's time limit and a stop signal hold during the wait
		 * too: the reply will not come in time, so the unit is stopped
		 * (a command in flight leaves the channel out of step). After a
		 * stop signal a working unit still gets a moment to answer, so
		 * the finalizer can put the rig safe. */
		int g = guard_check();
		if (g == RR_ERR_INTR) {
			if (!intr_until)
				intr_until = guard_now_ns() + INTR_GRACE_NS;
			if (guard_now_ns() < intr_until) {
				g = RR_OK;
				if (left > (intr_until - guard_now_ns()) / 1000000)
					left = (intr_until - guard_now_ns()) / 1000000 + 1;
			}
		}
		if (g < 0) {
			die(p, g == RR_ERR_INTR ? "stopped by a signal while the runner waited for it" : "stopped at the test's time limit while the runner waited for it",
			    true);
			return g;
		}
		if (left > guard_left_ms())
			left = guard_left_ms();
		if (left <= 0 && guard_left_ms() == 0)
			continue; /* the deadline: guard_check() above ends it */
		if (left <= 0) {
			char what[128];
			snprintf(what, sizeof(what), "hung (no reply to '%.60s' within %d ms)",
				 cmd, p->hang_ms);
			return die(p, what, true);
		}
		int r = poll(pf, 2, (int)left);
		if (r < 0 && errno != EINTR)
			return die(p, "control channel failed", true);
		if (r <= 0)
			continue;
		if (pf[1].revents)
			drain_stderr(p);
		if (pf[0].revents) {
			ssize_t n = read(p->ctl_r, p->rbuf + p->rlen, sizeof(p->rbuf) - p->rlen);
			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				return die(p, "died", false);
			if (n > 0)
				p->rlen += (size_t)n;
		}
	}
}

/* Write what is queued (commands sent ahead) and cmd with its newline, in
 * one write: the simulator wakes once for all of them. */
static int send_line(struct simproc *p, const char *cmd)
{
	if (cmd) {
		sb_puts(&p->sendq, cmd);
		sb_putc(&p->sendq, '\n');
	}
	if (!sb_ok(&p->sendq))
		return RR_ERR_NOMEM;
	for (size_t off = 0; off < p->sendq.len;) {
		ssize_t w = write(p->ctl_w, p->sendq.s + off, p->sendq.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			sb_clear(&p->sendq);
			return die(p, "died (control channel closed)", false);
		}
		off += (size_t)w;
	}
	sb_clear(&p->sendq);
	return RR_OK;
}

int simp_send(struct simproc *p, const char *cmd)
{
	int rc;

	if (p->dead)
		return RR_ERR_CRASH;
	sb_puts(&p->sendq, cmd);
	sb_putc(&p->sendq, '\n');
	if (!sb_ok(&p->sendq))
		return RR_ERR_NOMEM;
	p->pending++;
	rc = p->sendq.len > 4096 ? send_line(p, NULL) : RR_OK; /* no need to hold more */
	return rc;
}

int simp_sync(struct simproc *p)
{
	char line[1024];

	if (p->sendq.len && !p->dead) {
		int rc = send_line(p, NULL);
		if (rc < 0)
			return rc;
	}
	while (p->pending && !p->dead) {
		int rc = read_line(p, line, sizeof(line), "(commands sent ahead)");
		if (rc < 0)
			return rc;
		simp_line(p, line, false, NULL, 0);
	}
	return p->dead ? RR_ERR_CRASH : RR_OK;
}

int simp_cmd(struct simproc *p, const char *cmd, char *reply, size_t len)
{
	char line[1024];
	int rc;

	if (p->dead)
		return RR_ERR_CRASH;
	rc = send_line(p, cmd);
	if (rc < 0)
		return rc;
	for (;;) {
		rc = read_line(p, line, sizeof(line), cmd);
		if (rc < 0)
			return rc;
		rc = simp_line(p, line, true, reply, len);
		if (rc == SIMP_LINE_OK)
			return RR_OK;
		if (rc == SIMP_LINE_ERR) {
			rr_dbg("'%s' -> %s", cmd, line);
			return RR_ERR_ARG;
		}
	}
}

void simp_close(struct simproc *p)
{
	char st[128];

	if (p->pid > 0 && !p->dead) {
		/* A short limit: the unit is done; do not wait out a hang. */
		int hang = p->hang_ms;
		p->hang_ms = hang < 1000 ? hang : 1000;
		if (simp_cmd(p, "quit", NULL, 0) == RR_OK) {
			close_fd(&p->ctl_w);
			reap(p, st, sizeof(st));
		}
	}
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		reap(p, st, sizeof(st));
	}
	close_fd(&p->ctl_w);
	close_fd(&p->ctl_r);
	close_fd(&p->err_r);
	close_fd(&p->modem_fd);
	close_fd(&p->usb_fd);
	sb_free(&p->sendq);
	sb_free(&p->modem_rx);
	sb_free(&p->usb_rx);
	sb_free(&p->modem_tx);
	sb_free(&p->usb_tx);
}

const char *simp_out_name(enum rig_output o)
{
	static const char *const names[RIG_OUT_COUNT] = {
		"dc",
		"ac",
		"bat",
		"usb",
		"in1",
		"in2",
		"in3",
		"in4",
		"in5",
		"in6",
	};
	return (int)o >= 0 && o < RIG_OUT_COUNT ? names[o] : "?";
}
