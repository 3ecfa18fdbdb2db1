/* hintlink.c - a link to one of the simulator's streams that reads only
 * when the simulator said it wrote something (hintlink.h). */
#include "hintlink.h"

#include <stdlib.h>
#include <string.h>

struct hintlink {
	struct link base;
	struct link *inner;
	bool *pending;
};

static struct hintlink *H(struct link *l) { return (struct hintlink *)l; }

static int hl_read(struct link *l, uint8_t *buf, size_t len, int timeout_ms)
{
	struct hintlink *h = H(l);
	int n;

	if (timeout_ms == 0 && !*h->pending)
		return 0;
	n = link_read(h->inner, buf, len, timeout_ms);
	/* Fewer bytes than asked for is all there was: the simulator writes
	 * nothing while it waits for its next command. */
	if (timeout_ms == 0 && n >= 0 && (size_t)n < len)
		*h->pending = false; /* drained: nothing until the next hint */
	return n;
}

static int hl_write(struct link *l, const uint8_t *buf, size_t len)
{
	return link_write(H(l)->inner, buf, len);
}

static int hl_pollfd(struct link *l)
{
	return H(l)->inner->ops->pollfd(H(l)->inner);
}

static void hl_close(struct link *l)
{
	link_close(H(l)->inner);
	free(l);
}

static const struct link_ops hl_ops = {
	.read = hl_read,
	.write = hl_write,
	.pollfd = hl_pollfd,
	.close = hl_close,
};

struct link *hintlink_new(struct link *inner, bool *pending)
{
	struct hintlink *h;

	if (!inner)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->base.ops = &hl_ops;
	memcpy(h->base.name, inner->name, sizeof(h->base.name));
	h->inner = inner;
	h->pending = pending;
	*pending = true;
	return &h->base;
}
