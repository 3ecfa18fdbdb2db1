/* lazylink.c - a serial link opened on demand (lazylink.h). */
#include "lazylink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "ports.h"
#include "rigclk.h"

#define LOG_PREFIX "ftdi: "
#include "log.h"

#define LAZY_RETRY_MS 100

struct lazylink {
	struct link base;
	struct rigfile_port port;
	struct link *inner;
	bool attached;
	char why[512];
};

static struct lazylink *Z(struct link *l) { return (struct lazylink *)l; }

bool lazylink_try(struct link *l)
{
	struct lazylink *z = Z(l);
	if (z->inner)
		return true;
	if (!z->attached) {
		snprintf(z->why, sizeof(z->why), "%s is detached", z->base.name);
		return false;
	}
	char name[256], err[512];
	int rc = ports_resolve(&z->port, name, sizeof(name), err, sizeof(err));
	if (rc == RR_OK) {
		err[0] = '\0';
		rc = link_sp_open_msg(name, z->port.settings, &z->inner, err, sizeof(err));
	}
	if (rc != RR_OK) {
		z->inner = NULL;
		snprintf(z->why, sizeof(z->why), "%s: %s", z->base.name, err[0] ? err : rr_strerror(rc));
		return false;
	}
	z->why[0] = '\0';
	rr_info("%s port %s open", z->base.name, name);
	return true;
}

static void drop(struct lazylink *z)
{
	link_close(z->inner);
	z->inner = NULL;
}

static int lz_read(struct link *l, uint8_t *buf, size_t len, int timeout_ms)
{
	struct lazylink *z = Z(l);
	if (!z->inner) {
		if (!z->attached)
			return RR_ERR_CLOSED;
		uint64_t end = rigclk_us() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000u;
		while (!lazylink_try(l)) {
			uint64_t now = rigclk_us();
			if (now >= end)
				return 0;
			uint64_t left = (end - now + 999) / 1000;
			rigclk_wait(NULL, 0, left < LAZY_RETRY_MS ? (int)left : LAZY_RETRY_MS);
		}
		uint64_t now = rigclk_us();
		timeout_ms = now >= end ? 0 : (int)((end - now) / 1000);
	}
	int rc = link_read(z->inner, buf, len, timeout_ms);
	if (rc < 0 && rc != RR_ERR_TIMEOUT) {
		snprintf(z->why, sizeof(z->why), "%s: %s", z->base.name, rr_strerror(rc));
		drop(z);
	}
	return rc;
}

static int lz_write(struct link *l, const uint8_t *buf, size_t len)
{
	struct lazylink *z = Z(l);
	if (!z->attached)
		return RR_ERR_CLOSED;
	/* The port appears some time after USB is attached (enumeration):
	 * wait for it up to enumerate_ms. */
	uint64_t end = rigclk_us() + (uint64_t)z->port.enumerate_ms * 1000u;
	while (!lazylink_try(l)) {
		uint64_t now = rigclk_us();
		if (now >= end)
			return RR_ERR_NODEV;
		uint64_t left = (end - now + 999) / 1000;
		rigclk_wait(NULL, 0, left < LAZY_RETRY_MS ? (int)left : LAZY_RETRY_MS);
	}
	int rc = link_write(z->inner, buf, len);
	if (rc < 0) {
		snprintf(z->why, sizeof(z->why), "%s: %s", z->base.name, rr_strerror(rc));
		drop(z);
	}
	return rc;
}

static int lz_pollfd(struct link *l)
{
	struct lazylink *z = Z(l);
	return z->inner ? z->inner->ops->pollfd(z->inner) : -1;
}

static void lz_close(struct link *l)
{
	drop(Z(l));
	free(l);
}

static const struct link_ops lazy_ops = {
	.read = lz_read,
	.write = lz_write,
	.pollfd = lz_pollfd,
	.close = lz_close,
};

struct link *lazylink_new(const struct rigfile_port *port, const char *what)
{
	struct lazylink *z = calloc(1, sizeof(*z));
	if (!z)
		return NULL;
	z->base.ops = &lazy_ops;
	snprintf(z->base.name, sizeof(z->base.name), "%s", what);
	z->port = *port;
	snprintf(z->why, sizeof(z->why), "%s is detached", what);
	return &z->base;
}

void lazylink_attach(struct link *l, bool attached)
{
	struct lazylink *z = Z(l);
	z->attached = attached;
	if (!attached) {
		drop(z);
		snprintf(z->why, sizeof(z->why), "%s is detached", z->base.name);
	}
}

const char *lazylink_why(struct link *l)
{
	return Z(l)->why;
}
