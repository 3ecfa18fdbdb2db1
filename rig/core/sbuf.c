/* sbuf.c - growable string buffer. */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char sb_empty[1];

void sb_init(struct sbuf *b)
{
	b->s = sb_empty;
	b->len = b->cap = 0;
	b->oom = false;
}

void sb_free(struct sbuf *b)
{
	if (b->cap)
		free(b->s);
	sb_init(b);
}

void sb_clear(struct sbuf *b)
{
	b->len = 0;
	if (b->cap)
		b->s[0] = '\0';
}

static bool sb_grow(struct sbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap;
	char *s;

	if (b->oom)
		return false;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	s = realloc(b->cap ? b->s : NULL, cap);
	if (!s) {
		b->oom = true;
		return false;
	}
	if (!b->cap)
		s[0] = '\0';
	b->s = s;
	b->cap = cap;
	return true;
}

void sb_putn(struct sbuf *b, const char *s, size_t n)
{
	if (!sb_grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

char *sb_extend(struct sbuf *b, size_t n)
{
	char *at;

	if (!sb_grow(b, n))
		return NULL;
	at = b->s + b->len;
	b->len += n;
	b->s[b->len] = '\0';
	return at;
}

void sb_puts(struct sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

void sb_putc(struct sbuf *b, char c)
{
	sb_putn(b, &c, 1);
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !sb_grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *sb_steal(struct sbuf *b)
{
	char *s;

	if (b->oom) {
		sb_free(b);
		return NULL;
	}
	s = b->cap ? b->s : rr_strdup("");
	sb_init(b);
	return s;
}

char *rr_strdup(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}
