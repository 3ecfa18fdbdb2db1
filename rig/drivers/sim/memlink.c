/* memlink.c - a simulator stream carried on the control channel
 * (memlink.h). */
#include "memlink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

struct memlink {
	struct link base;
	struct sbuf *rx, *tx;
};

static struct memlink *ML(struct link *l) { return (struct memlink *)l; }

static int ml_read(struct link *l, uint8_t *buf, size_t len, int timeout_ms)
{
	struct sbuf *rx = ML(l)->rx;
	size_t n = rx->len < len ? rx->len : len;

	(void)timeout_ms;
	if (len > (size_t)1 << 30)
		n = n < (size_t)1 << 30 ? n : (size_t)1 << 30;
	if (n == 0)
		return 0;
	memcpy(buf, rx->s, n);
	memmove(rx->s, rx->s + n, rx->len - n);
	rx->len -= n;
	rx->s[rx->len] = '\0';
	return (int)n;
}

static int ml_write(struct link *l, const uint8_t *buf, size_t len)
{
	struct sbuf *tx = ML(l)->tx;

	sb_putn(tx, (const char *)buf, len);
	return sb_ok(tx) ? RR_OK : RR_ERR_NOMEM;
}

static int ml_pollfd(struct link *l)
{
	(void)l;
	return -1;
}

static void ml_close(struct link *l)
{
	free(l);
}

static const struct link_ops ml_ops = {
	.read = ml_read,
	.write = ml_write,
	.pollfd = ml_pollfd,
	.close = ml_close,
};

struct link *memlink_new(const char *name, struct sbuf *rx, struct sbuf *tx)
{
	struct memlink *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->base.ops = &ml_ops;
	snprintf(m->base.name, sizeof(m->base.name), "%s", name);
	m->rx = rx;
	m->tx = tx;
	return &m->base;
}
