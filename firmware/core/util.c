/* util.c - string building and parsing without libc formatting. */
#include "util.h"

void sb_init(struct sb *b, char *buf, size_t cap)
{
	b->buf = buf;
	b->cap = (uint16_t)cap;
	b->len = 0;
	if (cap)
		buf[0] = '\0';
}

void sb_putc(struct sb *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->buf[b->len++] = c;
		b->buf[b->len] = '\0';
	}
}

void sb_putn(struct sb *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++)
		sb_putc(b, s[i]);
}

void sb_puts(struct sb *b, const char *s)
{
	while (*s)
		sb_putc(b, *s++);
}

void sb_int(struct sb *b, int32_t v)
{
	char tmp[12];
	int n = 0;
	uint32_t u = v < 0 ? (uint32_t)0 - (uint32_t)v : (uint32_t)v;
	if (v < 0)
		sb_putc(b, '-');
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		sb_putc(b, tmp[--n]);
}

void sb_int2(struct sb *b, int v)
{
	sb_putc(b, (char)('0' + (v / 10) % 10));
	sb_putc(b, (char)('0' + v % 10));
}

void sb_dec1(struct sb *b, int32_t deci)
{
	if (deci < 0) {
		sb_putc(b, '-');
		deci = -deci;
	}
	sb_int(b, deci / 10);
	sb_putc(b, '.');
	sb_putc(b, (char)('0' + deci % 10));
}

bool parse_int(const char *s, size_t n, int32_t *out)
{
	size_t i = 0;
	bool neg = false;
	int32_t v = 0;
	if (n && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	if (i == n || n - i > 6)
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return true;
}

bool parse_dec1(const char *s, size_t n, int32_t *out)
{
	size_t dot = n;
	int32_t whole, frac = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.')
			dot = i;
	if (dot == 0 || (dot == 1 && (s[0] == '-' || s[0] == '+')))
		return false;
	if (!parse_int(s, dot, &whole))
		return false;
	if (dot < n) {
		if (n - dot != 2 || s[dot + 1] < '0' || s[dot + 1] > '9')
			return false;
		frac = s[dot + 1] - '0';
	}
	*out = s[0] == '-' ? whole * 10 - frac : whole * 10 + frac;
	return true;
}

char up(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

bool eqn_ci(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (; i < n; i++)
		if (!word[i] || up(s[i]) != up(word[i]))
			return false;
	return word[i] == '\0';
}

bool prefix_ci(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (; word[i]; i++)
		if (i >= n || up(s[i]) != up(word[i]))
			return false;
	return true;
}

size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

void str_copy(char *dst, size_t cap, const char *s, size_t n)
{
	size_t i = 0;
	if (!cap)
		return;
	for (; i + 1 < cap && i < n && s[i]; i++)
		dst[i] = s[i];
	dst[i] = '\0';
}

void sb_bits(struct sb *b, uint32_t mask, const char *prefix)
{
	bool first = true;

	for (int i = 0; i < 32; i++)
		if ((mask >> i) & 1u) {
			if (!first)
				sb_putc(b, ',');
			sb_puts(b, prefix);
			sb_int(b, i + 1);
			first = false;
		}
}
