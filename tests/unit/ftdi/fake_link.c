/* fake_link.c - pipe-backed stand-ins for libserialport links (fake_link.h). */
#include "fake_link.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "link/link.h"

#define NLINK 8

struct fake_link {
	struct link base;
	int rfd, wfd;
	char sent[1024];
	size_t nsent;
};

static struct fake_link *links[NLINK];
static char logbuf[4096], err_port[256], err_msg[256], pre_port[256], pre_bytes[256];
static int err_rc;

static void say(const char *a, const char *b, const char *c)
{
	size_t n = strlen(logbuf);
	snprintf(logbuf + n, sizeof(logbuf) - n, "%s %s%s%s\n", a, b, c ? " " : "", c ? c : "");
}

void fake_link_reset(void)
{
	logbuf[0] = err_port[0] = err_msg[0] = pre_port[0] = pre_bytes[0] = '\0';
	err_rc = 0;
}

void fake_link_open_error(const char *port, int rc, const char *msg)
{
	snprintf(err_port, sizeof(err_port), "%s", port);
	snprintf(err_msg, sizeof(err_msg), "%s", msg);
	err_rc = rc;
}

void fake_link_preload(const char *port, const char *bytes)
{
	snprintf(pre_port, sizeof(pre_port), "%s", port);
	snprintf(pre_bytes, sizeof(pre_bytes), "%s", bytes);
}

int fake_link_feed(const char *port, const char *bytes)
{
	for (int i = 0; i < NLINK; i++)
		if (links[i] && strcmp(links[i]->base.name, port) == 0)
			return write(links[i]->wfd, bytes, strlen(bytes)) == (ssize_t)strlen(bytes) ? 0 : -1;
	return -1;
}

const char *fake_link_log(void) { return logbuf; }

int fake_link_live(void)
{
	int n = 0;
	for (int i = 0; i < NLINK; i++)
		n += links[i] != NULL;
	return n;
}

static int fl_read(struct link *l, uint8_t *buf, size_t len, int timeout_ms)
{
	(void)timeout_ms;
	ssize_t n = read(((struct fake_link *)l)->rfd, buf, len);
	return n < 0 ? 0 : (int)n;
}

static int fl_write(struct link *l, const uint8_t *buf, size_t len)
{
	struct fake_link *f = (struct fake_link *)l;
	for (size_t i = 0; i < len && f->nsent + 1 < sizeof(f->sent); i++)
		f->sent[f->nsent++] = (char)buf[i];
	return RR_OK;
}

static int fl_pollfd(struct link *l)
{
	return ((struct fake_link *)l)->rfd;
}

static void fl_close(struct link *l)
{
	struct fake_link *f = (struct fake_link *)l;
	say("close", l->name, NULL);
	for (int i = 0; i < NLINK; i++)
		if (links[i] == f)
			links[i] = NULL;
	close(f->rfd);
	close(f->wfd);
	free(f);
}

static const struct link_ops fake_ops = { fl_read, fl_write, fl_pollfd, fl_close };

int link_sp_open_msg(const char *port, const char *settings, struct link **out, char *msg,
		     size_t msglen)
{
	*out = NULL;
	if (err_rc && strcmp(port, err_port) == 0) {
		say("open", port, "FAIL");
		snprintf(msg, msglen, "%s", err_msg);
		return err_rc;
	}
	say("open", port, settings);
	int slot = -1, fds[2];
	for (int i = 0; i < NLINK && slot < 0; i++)
		if (!links[i])
			slot = i;
	struct fake_link *f = calloc(1, sizeof(*f));
	if (slot < 0 || !f || pipe(fds) != 0) {
		free(f);
		return RR_ERR_NOMEM;
	}
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	f->base.ops = &fake_ops;
	snprintf(f->base.name, sizeof(f->base.name), "%s", port);
	f->rfd = fds[0];
	f->wfd = fds[1];
	links[slot] = f;
	*out = &f->base;
	if (pre_bytes[0] && strcmp(port, pre_port) == 0) {
		fake_link_feed(port, pre_bytes);
		pre_bytes[0] = '\0';
	}
	return RR_OK;
}

int link_sp_open(const char *port, const char *settings, struct link **out)
{
	char msg[256];
	return link_sp_open_msg(port, settings, out, msg, sizeof(msg));
}
