/*
 * link_sp.c - a link over a real serial port (USB-serial adapter wired to
 * the unit's modem UART) through libserialport.
 *
 * Reads wait on the port's descriptor with poll() and then take what is
 * there, so a read returns as soon as the first bytes arrive; a port that
 * polls readable but yields nothing was unplugged (RR_ERR_NODEV). Writes
 * use sp_blocking_write with a stall limit. libserialport only opens ports
 * it finds in sysfs, so ptys are refused with RR_ERR_NOTSUP: wrap those with
 * link_fd_open instead.
 */
#include "link/link.h"

#include <errno.h>
#include <libserialport.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"

#define LINK_SP_WRITE_STALL_MS 5000

struct link_sp {
	struct link base;
	struct sp_port *port;
	int fd;
};


/* Map an errno from libserialport to an rr_err. */
static int map_errno(int e)
{
	switch (e) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case EIO: /* USB adapter unplugged under an open port */
		return RR_ERR_NODEV;
	case EACCES:
	case EPERM:
		return RR_ERR_PERM;
	case ENOMEM:
		return RR_ERR_NOMEM;
	default:
		return RR_ERR_IO;
	}
}

/* The rr_err and message for a failed libserialport call. */
static int sp_fail(enum sp_return r, const char *port, const char *what, char *msg, size_t msglen)
{
	if (r == SP_ERR_MEM) {
		link_set_msg(msg, msglen, "%s: %s: out of memory", port, what);
		return RR_ERR_NOMEM;
	}
	if (r == SP_ERR_FAIL) {
		int e = sp_last_error_code();
		char *m = sp_last_error_message();
		link_set_msg(msg, msglen, "%s: %s: %s", port, what, m ? m : strerror(e));
		sp_free_error_message(m);
		return map_errno(e);
	}
	if (r == SP_ERR_SUPP) {
		link_set_msg(msg, msglen, "%s: %s: not supported by this port", port, what);
		return RR_ERR_NOTSUP;
	}
	link_set_msg(msg, msglen, "%s: %s: invalid argument", port, what);
	return RR_ERR_ARG;
}

static int sp_read(struct link *l, uint8_t *buf, size_t len, int timeout_ms)
{
	struct link_sp *s = (struct link_sp *)l;
	if (len == 0)
		return 0;
	if (len > (size_t)1 << 30)
		len = (size_t)1 << 30;
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	int r;
	do {
		r = poll(&p, 1, timeout_ms);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return RR_ERR_IO;
	if (r == 0)
		return 0;
	enum sp_return n = sp_nonblocking_read(s->port, buf, len);
	if (n < 0)
		return n == SP_ERR_FAIL ? map_errno(sp_last_error_code()) : RR_ERR_IO;
	if (n == 0 && (p.revents & (POLLHUP | POLLERR)))
		return RR_ERR_NODEV;
	if (n == 0 && (p.revents & POLLIN)) {
		/* Readable but empty: a tty at end of file, i.e. unplugged. */
		struct stat st;
		if (stat(l->name, &st) != 0)
			return RR_ERR_NODEV;
	}
	return (int)n;
}

static int sp_write(struct link *l, const uint8_t *buf, size_t len)
{
	struct link_sp *s = (struct link_sp *)l;
	size_t done = 0;
	while (done < len) {
		enum sp_return n = sp_blocking_write(s->port, buf + done, len - done, LINK_SP_WRITE_STALL_MS);
		if (n < 0)
			return n == SP_ERR_FAIL ? map_errno(sp_last_error_code()) : RR_ERR_IO;
		if (n == 0)
			return RR_ERR_TIMEOUT;
		done += (size_t)n;
	}
	return RR_OK;
}

static int sp_pollfd(struct link *l)
{
	return ((struct link_sp *)l)->fd;
}

static void sp_link_close(struct link *l)
{
	struct link_sp *s = (struct link_sp *)l;
	sp_close(s->port);
	sp_free_port(s->port);
	free(s);
}

static const struct link_ops sp_ops = {
	.read = sp_read,
	.write = sp_write,
	.pollfd = sp_pollfd,
	.close = sp_link_close,
};

static bool is_pty(const char *port, const struct stat *st)
{
	if (!strncmp(port, "/dev/pts/", 9) || !strcmp(port, "/dev/ptmx"))
		return true;
	/* Unix98 pty slaves use major numbers 136..143. */
	unsigned maj = (unsigned)(st->st_rdev >> 8) & 0xfffu;
	return S_ISCHR(st->st_mode) && maj >= 136 && maj <= 143;
}

int link_sp_open_msg(const char *port, const char *settings, struct link **out,
		     char *msg, size_t msglen)
{
	struct link_sp_settings cfg;
	link_set_msg(msg, msglen, "ok");
	if (!out)
		return RR_ERR_ARG;
	*out = NULL;
	if (!port || !*port) {
		link_set_msg(msg, msglen, "no serial port given");
		return RR_ERR_ARG;
	}
	if (strlen(port) >= sizeof(((struct link *)0)->name)) {
		link_set_msg(msg, msglen, "serial port name too long");
		return RR_ERR_ARG;
	}
	int rc = link_sp_parse_settings(settings, &cfg, msg, msglen);
	if (rc)
		return rc;

	struct stat st;
	if (stat(port, &st) != 0) {
		int e = errno;
		link_set_msg(msg, msglen, "%s: %s", port, e == ENOENT ? "no such serial port" : strerror(e));
		return map_errno(e);
	}
	if (!S_ISCHR(st.st_mode)) {
		link_set_msg(msg, msglen, "%s: not a serial port (not a character device)", port);
		return RR_ERR_NODEV;
	}
	if (is_pty(port, &st)) {
		link_set_msg(msg, msglen, "%s: is a pty, which libserialport cannot open; attach it as a descriptor link", port);
		return RR_ERR_NOTSUP;
	}

	struct sp_port *sp = NULL;
	enum sp_return r = sp_get_port_by_name(port, &sp);
	if (r != SP_OK) {
		/* libserialport finds no serial driver behind this node. */
		link_set_msg(msg, msglen, "%s: not a serial port known to the system", port);
		return RR_ERR_NODEV;
	}
	r = sp_open(sp, SP_MODE_READ_WRITE);
	if (r != SP_OK) {
		rc = sp_fail(r, port, "cannot open", msg, msglen);
		sp_free_port(sp);
		return rc;
	}
	static const enum sp_flowcontrol flows[] = {
		[LINK_FLOW_NONE] = SP_FLOWCONTROL_NONE,
		[LINK_FLOW_RTSCTS] = SP_FLOWCONTROL_RTSCTS,
		[LINK_FLOW_DTRDSR] = SP_FLOWCONTROL_DTRDSR,
		[LINK_FLOW_XONXOFF] = SP_FLOWCONTROL_XONXOFF,
	};
	enum sp_parity par = cfg.parity == 'E'   ? SP_PARITY_EVEN
			     : cfg.parity == 'O' ? SP_PARITY_ODD
			     : cfg.parity == 'M' ? SP_PARITY_MARK
			     : cfg.parity == 'S' ? SP_PARITY_SPACE
						 : SP_PARITY_NONE;
	const char *what = "cannot set baud rate";
	if ((r = sp_set_baudrate(sp, cfg.baud)) == SP_OK) {
		what = "cannot set data bits";
		if ((r = sp_set_bits(sp, cfg.bits)) == SP_OK) {
			what = "cannot set parity";
			if ((r = sp_set_parity(sp, par)) == SP_OK) {
				what = "cannot set stop bits";
				if ((r = sp_set_stopbits(sp, cfg.stop)) == SP_OK) {
					what = "cannot set flow control";
					r = sp_set_flowcontrol(sp, flows[cfg.flow]);
				}
			}
		}
	}
	int fd = -1;
	if (r == SP_OK) {
		what = "cannot get the port's descriptor";
		r = sp_get_port_handle(sp, &fd);
	}
	if (r != SP_OK) {
		rc = sp_fail(r, port, what, msg, msglen);
		sp_close(sp);
		sp_free_port(sp);
		return rc;
	}
	struct link_sp *s = calloc(1, sizeof(*s));
	if (!s) {
		sp_close(sp);
		sp_free_port(sp);
		link_set_msg(msg, msglen, "out of memory");
		return RR_ERR_NOMEM;
	}
	s->base.ops = &sp_ops;
	s->port = sp;
	s->fd = fd;
	snprintf(s->base.name, sizeof(s->base.name), "%s", port);
	*out = &s->base;
	return RR_OK;
}

int link_sp_open(const char *port, const char *settings, struct link **out)
{
	return link_sp_open_msg(port, settings, out, NULL, 0);
}
