/* harness.c - the unit's side of the emu tests (harness.h). */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test.h"

bool h_open(struct h *h)
{
	int sv[2];
	memset(h, 0, sizeof(*h));
	h->peer = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		test_fail_at(__FILE__, __LINE__, "socketpair: %s", strerror(errno));
		return false;
	}
	fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
	h->peer = sv[1];
	h->l = link_fd_open(sv[0], "unit");
	h->e = h->l ? emu_new(h->l) : NULL;
	if (!h->e) {
		test_fail_at(__FILE__, __LINE__, "emulator not created");
		return false;
	}
	return true;
}

void h_close(struct h *h)
{
	emu_free(h->e);
	link_close(h->l);
	if (h->peer >= 0)
		close(h->peer);
	h->e = NULL;
	h->l = NULL;
	h->peer = -1;
}

static void drain(struct h *h)
{
	for (;;) {
		if (h->rxlen == sizeof(h->rx))
			return;
		ssize_t n = read(h->peer, h->rx + h->rxlen, sizeof(h->rx) - h->rxlen);
		if (n <= 0)
			return;
		h->rxlen += (size_t)n;
	}
}

int h_svc(struct h *h)
{
	int rc = emu_service(h->e, h->now);
	drain(h);
	return rc;
}

int h_sendn(struct h *h, const void *b, size_t n)
{
	const uint8_t *p = b;
	while (n) {
		ssize_t w = write(h->peer, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return h_svc(h);
}

int h_send(struct h *h, const char *s)
{
	return h_sendn(h, s, strlen(s));
}

int h_advance(struct h *h, uint64_t ms)
{
	h->now += ms;
	return h_svc(h);
}

const char *h_take(struct h *h)
{
	drain(h);
	size_t o = 0;
	for (size_t i = 0; i < h->rxlen && o + 5 < sizeof(h->text); i++) {
		if (h->rx[i] == 0) {
			memcpy(h->text + o, "<00>", 4);
			o += 4;
		} else {
			h->text[o++] = (char)h->rx[i];
		}
	}
	h->text[o] = '\0';
	h->rxlen = 0;
	return h->text;
}

const char *h_cmd(struct h *h, const char *cmd)
{
	h_take(h);
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s\r", cmd);
	h_send(h, buf);
	return h_take(h);
}

void h_textmode(struct h *h)
{
	h_cmd(h, "ATE0");
	h_cmd(h, "AT+CMGF=1");
	h_cmd(h, "AT+CMEE=1");
	h_take(h);
}

int h_count(const char *hay, const char *needle)
{
	int n = 0;
	size_t l = strlen(needle);
	for (const char *p = hay; (p = strstr(p, needle)); p += l)
		n++;
	return n;
}
