/*
 * link_fd.c - a link over an open file descriptor: one end of a socketpair,
 * or a pty master/slave. The descriptor is switched to non-blocking mode;
 * reads wait with poll(), writes retry until everything went out.
 *
 * End of the peer: read() returning 0, EPIPE/ECONNRESET, or EIO from a pty
 * whose other side was closed all become RR_ERR_CLOSED. Sockets are written
 * with MSG_NOSIGNAL, so a closed peer never raises SIGPIPE.
 */
#include "link/link.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"

/* A write that cannot make progress for this long fails with RR_ERR_TIMEOUT
 * (the peer stopped reading and every buffer is full). */
#define LINK_FD_WRITE_STALL_MS 5000

struct link_fd {
	struct link base;
	int fd;
	bool sock;
};

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Wait for events on fd; timeout_ms < 0 waits forever. Returns revents,
 * 0 on timeout, or a negative rr_err. Restarts after signals with the time
 * that is left. */
static int wait_fd(int fd, short events, int timeout_ms)
{
	uint64_t end = timeout_ms > 0 ? mono_ms() + (uint64_t)timeout_ms : 0;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		int r = poll(&p, 1, timeout_ms);
		if (r > 0)
			return p.revents ? p.revents : events;
		if (r == 0)
			return 0;
		if (errno != EINTR)
			return RR_ERR_IO;
		if (timeout_ms > 0) {
			uint64_t now = mono_ms();
			if (now >= end)
				return 0;
			timeout_ms = (int)(end - now);
		}
	}
}

static int errno_to_rr(int e)
{
	switch (e) {
	case EPIPE:
	case ECONNRESET:
	case EIO: /* pty whose other side hung up */
	case ENOTCONN:
		return RR_ERR_CLOSED;
	case ENOMEM:
	case ENOBUFS:
		return RR_ERR_NOMEM;
	default:
		return RR_ERR_IO;
	}
}

static int fd_read(struct link *l, uint8_t *buf, size_t len, int timeout_ms)
{
	struct link_fd *f = (struct link_fd *)l;
	if (len == 0)
		return 0;
	if (len > (size_t)1 << 30)
		len = (size_t)1 << 30;
	for (;;) {
		ssize_t n = read(f->fd, buf, len);
		if (n > 0)
			return (int)n;
		if (n == 0)
			return RR_ERR_CLOSED;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return errno_to_rr(errno);
		if (timeout_ms == 0)
			return 0;
		int ev = wait_fd(f->fd, POLLIN, timeout_ms);
		if (ev < 0)
			return ev;
		if (ev == 0)
			return 0;
		/* Readable, hung up or failed: the next read() tells which.
		 * Only one wait per call, so a spurious wake-up returns 0. */
		n = read(f->fd, buf, len);
		if (n > 0)
			return (int)n;
		if (n == 0)
			return RR_ERR_CLOSED;
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		return errno_to_rr(errno);
	}
}

static int fd_write(struct link *l, const uint8_t *buf, size_t len)
{
	struct link_fd *f = (struct link_fd *)l;
	size_t done = 0;
	while (done < len) {
		ssize_t n;
		if (f->sock)
			n = send(f->fd, buf + done, len - done, MSG_NOSIGNAL);
		else
			n = write(f->fd, buf + done, len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return errno_to_rr(errno);
		int ev = wait_fd(f->fd, POLLOUT, LINK_FD_WRITE_STALL_MS);
		if (ev < 0)
			return ev;
		if (ev == 0)
			return RR_ERR_TIMEOUT;
		/* POLLHUP/POLLERR: the next write reports the cause. */
	}
	return RR_OK;
}

static int fd_pollfd(struct link *l)
{
	return ((struct link_fd *)l)->fd;
}

static void fd_close(struct link *l)
{
	struct link_fd *f = (struct link_fd *)l;
	if (f->fd >= 0)
		close(f->fd);
	free(f);
}

static const struct link_ops fd_ops = {
	.read = fd_read,
	.write = fd_write,
	.pollfd = fd_pollfd,
	.close = fd_close,
};

struct link *link_fd_open(int fd, const char *name)
{
	if (fd < 0)
		return NULL;
	struct link_fd *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->base.ops = &fd_ops;
	f->fd = fd;
	struct stat st;
	f->sock = fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0 && !(fl & O_NONBLOCK))
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	if (name && *name)
		snprintf(f->base.name, sizeof(f->base.name), "%s", name);
	else
		snprintf(f->base.name, sizeof(f->base.name), "fd:%d", fd);
	return &f->base;
}
