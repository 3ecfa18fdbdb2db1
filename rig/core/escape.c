/* escape.c - the escaping routines of every output language (escape.h). */
#include "escape.h"

#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

long utf8_decode(const unsigned char *s, size_t n, size_t *adv)
{
	unsigned c = s[0];
	long cp, min;
	size_t len, i;

	*adv = 1;
	if (c < 0x80)
		return c;
	if ((c & 0xE0) == 0xC0) {
		len = 2, cp = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, cp = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if (len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*adv = len;
	return cp;
}

static bool xml_allowed(long cp)
{
	if (cp < 0)
		return false;
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return !(cp == 0xFFFE || cp == 0xFFFF);
}

void esc_xml(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end;
	size_t adv;
	long cp;

	if (!s)
		return;
	for (end = p + strlen(s); p < end; p += adv) {
		cp = utf8_decode(p, (size_t)(end - p), &adv);
		if (!xml_allowed(cp)) {
			sb_puts(b, REPLACEMENT);
			continue;
		}
		switch (cp) {
		case '&': sb_puts(b, "&amp;"); break;
		case '<': sb_puts(b, "&lt;"); break;
		case '>': sb_puts(b, "&gt;"); break;
		case '"': sb_puts(b, "&quot;"); break;
		case '\'': sb_puts(b, "&apos;"); break;
		case '\t': sb_puts(b, "&#9;"); break;
		case '\n': sb_puts(b, "&#10;"); break;
		case '\r': sb_puts(b, "&#13;"); break;
		default: sb_putn(b, (const char *)p, adv);
		}
	}
}

void esc_json(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end;
	size_t adv;
	long cp;

	if (!s)
		return;
	for (end = p + strlen(s); p < end; p += adv) {
		cp = utf8_decode(p, (size_t)(end - p), &adv);
		if (cp < 0) {
			sb_puts(b, "\\ufffd");
			continue;
		}
		switch (cp) {
		case '"': sb_puts(b, "\\\""); break;
		case '\\': sb_puts(b, "\\\\"); break;
		case '\n': sb_puts(b, "\\n"); break;
		case '\r': sb_puts(b, "\\r"); break;
		case '\t': sb_puts(b, "\\t"); break;
		case '\b': sb_puts(b, "\\b"); break;
		case '\f': sb_puts(b, "\\f"); break;
		default:
			if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
				sb_printf(b, "\\u%04lx", cp);
			else
				sb_putn(b, (const char *)p, adv);
		}
	}
}

void esc_json_str(struct sbuf *b, const char *s)
{
	if (!s) {
		sb_puts(b, "null");
		return;
	}
	sb_putc(b, '"');
	esc_json(b, s);
	sb_putc(b, '"');
}

/* Append s with invalid UTF-8 replaced by U+FFFD; each valid character is
 * first offered to ctl, which writes it escaped and returns true, or returns
 * false to have it copied as it is. */
static void put_utf8(struct sbuf *b, const char *s, bool (*ctl)(struct sbuf *b, long cp))
{
	const unsigned char *p = (const unsigned char *)s, *end;
	size_t adv;
	long cp;

	for (end = p + strlen(s); p < end; p += adv) {
		cp = utf8_decode(p, (size_t)(end - p), &adv);
		if (cp < 0)
			sb_puts(b, REPLACEMENT);
		else if (!ctl || !ctl(b, cp))
			sb_putn(b, (const char *)p, adv);
	}
}

static bool csv_ctl(struct sbuf *b, long cp)
{
	if (cp != '"')
		return false;
	sb_puts(b, "\"\"");
	return true;
}

void esc_csv(struct sbuf *b, const char *s)
{
	if (!s)
		return;
	bool quote = strpbrk(s, ",\"\n\r") != NULL;
	if (quote)
		sb_putc(b, '"');
	put_utf8(b, s, quote ? csv_ctl : NULL);
	if (quote)
		sb_putc(b, '"');
}

static bool tap_ctl(struct sbuf *b, long cp)
{
	if (cp == '#' || cp == '\\') {
		sb_putc(b, '\\');
		sb_putc(b, (char)cp);
		return true;
	}
	if (cp < 0x20 || cp == 0x7F) {
		sb_putc(b, ' ');
		return true;
	}
	return false;
}

void esc_tap(struct sbuf *b, const char *s)
{
	if (s)
		put_utf8(b, s, tap_ctl);
}

void esc_term(struct sbuf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			sb_puts(b, "\\n");
		else if (c < 0x20 || c == 0x7F)
			sb_printf(b, "<%02X>", c);
		else
			sb_putc(b, (char)c);
	}
}

size_t esc_bytes(char *out, size_t cap, const void *bytes, size_t n)
{
	const unsigned char *p = bytes;
	size_t o = 0;

	if (!cap)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7F) {
			if (o + 1 >= cap)
				break;
			out[o++] = (char)p[i];
		} else {
			if (o + 4 >= cap)
				break;
			out[o++] = '<';
			out[o++] = "0123456789ABCDEF"[p[i] >> 4];
			out[o++] = "0123456789ABCDEF"[p[i] & 15];
			out[o++] = '>';
		}
	}
	out[o] = '\0';
	return o;
}
