/*
 * link.h - a byte link to a peer: the unit's modem UART or its USB port.
 *
 * Two backends: file descriptors (socketpairs / ptys of the simulator,
 * link_fd.c) and libserialport ports (link_sp.c). All calls that wait take a
 * timeout in wall milliseconds; 0 means "do not wait".
 */
#ifndef RR_LINK_H
#define RR_LINK_H

#include <stddef.h>
#include <stdint.h>

struct link;

struct link_ops {
	/* Read up to len bytes; waits at most timeout_ms for the first byte.
	 * Returns bytes read (0 on timeout) or a negative rr_err. */
	int (*read)(struct link *l, uint8_t *buf, size_t len, int timeout_ms);
	/* Write all of buf or fail. Returns 0 or a negative rr_err. */
	int (*write)(struct link *l, const uint8_t *buf, size_t len);
	/* A descriptor that polls readable when data is waiting, or -1. */
	int (*pollfd)(struct link *l);
	void (*close)(struct link *l);
};

struct link {
	const struct link_ops *ops;
	char name[128]; /* for messages: "fd:5", "/dev/ttyUSB0" */
};

/* Wrap an open descriptor (the link owns it and closes it). NULL on ENOMEM
 * or fd < 0; the descriptor then stays the caller's. The descriptor is made
 * non-blocking. name NULL gives "fd:<n>". */
struct link *link_fd_open(int fd, const char *name);
/* Open a serial port through libserialport with "115200,8N1"-style
 * settings (NULL = 115200 8N1, no flow control). */
int link_sp_open(const char *port, const char *settings, struct link **out);

/* Serial settings: "<baud>,<bits><parity><stop>[,<flow>]", e.g. "115200,8N1"
 * or "9600,7E2,rtscts". bits 5..8, parity N/E/O/M/S, stop 1 or 2, flow
 * none (default), rtscts, dtrdsr or xonxoff. */
enum link_flow {
	LINK_FLOW_NONE,
	LINK_FLOW_RTSCTS,
	LINK_FLOW_DTRDSR,
	LINK_FLOW_XONXOFF
};
struct link_sp_settings {
	int baud;
	int bits;
	char parity; /* 'N', 'E', 'O', 'M' or 'S' */
	int stop;
	enum link_flow flow;
};
/* Parse a settings string (NULL = "115200,8N1"). Returns 0, or RR_ERR_ARG
 * with the reason in msg (when msg is not NULL). */
int link_sp_parse_settings(const char *s, struct link_sp_settings *out, char *msg, size_t msglen);
/* A link's message into msg (len bytes; nothing when msg is NULL). */
void link_set_msg(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* link_sp_open with the reason for a failure written into msg: RR_ERR_ARG
 * (bad settings), RR_ERR_NODEV (no such port, or not a serial port),
 * RR_ERR_PERM (no access), RR_ERR_NOTSUP (a pty: use link_fd_open),
 * RR_ERR_IO (the port refused the settings). */
int link_sp_open_msg(const char *port, const char *settings, struct link **out,
		     char *msg, size_t msglen);

static inline int link_read(struct link *l, uint8_t *b, size_t n, int t)
{
	return l->ops->read(l, b, n, t);
}
static inline int link_write(struct link *l, const uint8_t *b, size_t n)
{
	return l->ops->write(l, b, n);
}
static inline void link_close(struct link *l)
{
	if (l)
		l->ops->close(l);
}

#endif
