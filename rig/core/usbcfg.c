/* usbcfg.c - configuration client over the unit's USB byte stream. */
#define LOG_PREFIX "usb: "
#include "usbcfg.h"

#include "session_impl.h"

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "log.h"

int usbcfg_attach(struct session *s, bool *was)
{
	*was = s->usb_attached;
	if (s->usb_attached)
		return RR_OK;
	return session_set(s, RIG_OUT_USB, true);
}

int usbcfg_detach(struct session *s, bool was)
{
	if (was || !s->usb_attached)
		return RR_OK;
	return session_set(s, RIG_OUT_USB, false);
}

static bool is_final(const char *line, size_t n)
{
	return (n == 2 && !memcmp(line, "OK", 2)) ||
	       (n >= 5 && !memcmp(line, "ERROR", 5) && (n == 5 || line[5] == ' '));
}

/* Length of the reply if usbrx holds a final line, else 0. */
static size_t reply_len(const struct sbuf *rx)
{
	const char *p = rx->s, *end = rx->s + rx->len, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		size_t n = (size_t)(nl - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (is_final(p, n))
			return (size_t)(nl + 1 - rx->s);
		p = nl + 1;
	}
	return 0;
}

static bool have_reply(struct session *s, void *arg)
{
	(void)arg;
	return reply_len(&s->usbrx) > 0;
}

int usbcfg_write(struct session *s, const void *data, size_t len)
{
	int rc;

	if (!s->usb)
		return RR_ERR_NOTSUP;
	if (!s->usb_attached)
		return RR_ERR_NODEV;
	rc = link_write(s->usb, (const uint8_t *)data, len);
	if (rc < 0) {
		session_mark_dead(s, rc);
		return RR_ERR_CRASH;
	}
	return RR_OK;
}

int usbcfg_take_reply(struct sbuf *rx, struct sbuf *lines, char *err, size_t errlen)
{
	size_t len = reply_len(rx);
	const char *p, *nl;
	int rc = RR_ERR_TIMEOUT;

	if (!len)
		return rc;
	for (p = rx->s; (nl = memchr(p, '\n', len - (size_t)(p - rx->s))); p = nl + 1) {
		size_t n = (size_t)(nl - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (is_final(p, n)) {
			rc = p[0] == 'O' ? RR_OK : RR_ERR_ARG;
			snprintf(err, errlen, "%.*s", (int)n, p);
			break;
		}
		sb_putn(lines, p, n);
		sb_putc(lines, '\n');
	}
	/* keep anything that came after the reply */
	memmove(rx->s, rx->s + len, rx->len - len + 1);
	rx->len -= len;
	return rc;
}

int usbcfg_reply(struct session *s, struct sbuf *lines, char *err, size_t errlen,
		 uint64_t timeout_ms)
{
	int rc;

	if (!s->usb)
		return RR_ERR_NOTSUP;
	rc = session_wait(s, s->now_ms + timeout_ms, have_reply, NULL, 0);
	if (rc < 0)
		return rc;
	return usbcfg_take_reply(&s->usbrx, lines, err, errlen);
}

int usbcfg_exchange(struct session *s, const char *text, struct sbuf *lines,
		    char *err, size_t errlen, uint64_t timeout_ms)
{
	int rc;

	if (!s->usb)
		return RR_ERR_NOTSUP;
	if (!s->usb_attached)
		return RR_ERR_NODEV;
	sb_clear(&s->usbrx);
	rc = usbcfg_write(s, text, strlen(text));
	if (rc < 0)
		return rc;
	rc = usbcfg_reply(s, lines, err, errlen, timeout_ms);
	rr_dbg("'%.*s' -> %s", (int)strcspn(text, "\n"), text, err);
	return rc;
}

bool usbcfg_split(char *line, char **key, char **value)
{
	char *eq = strchr(line, '=');

	if (!eq)
		return false;
	*eq = '\0';
	*key = line;
	*value = eq + 1;
	return true;
}
