/* pdu_util.c - the PDU codec's helpers (pdu.h): hex, the coding a text
 * needs, and splitting a long text into concatenated parts. */
#include <string.h>

#include "emu/gsm.h"
#include "emu/pdu.h"

/* ---- hex ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int pdu_unhex(const char *hex, size_t n, uint8_t *out, size_t cap)
{
	if (n % 2 || n / 2 > cap)
		return -1;
	for (size_t i = 0; i < n; i += 2) {
		int a = hexval(hex[i]), b = hexval(hex[i + 1]);
		if (a < 0 || b < 0)
			return -1;
		out[i / 2] = (uint8_t)(a << 4 | b);
	}
	return (int)(n / 2);
}

size_t pdu_hex(const uint8_t *b, size_t n, char *out, size_t cap)
{
	static const char d[] = "0123456789ABCDEF";
	size_t o = 0;
	for (size_t i = 0; i < n && o + 2 < cap; i++) {
		out[o++] = d[b[i] >> 4];
		out[o++] = d[b[i] & 15];
	}
	if (cap)
		out[o] = '\0';
	return o;
}

/* ---- splitting ---- */

enum pdu_coding pdu_coding_for(const char *utf8)
{
	const unsigned char *p = (const unsigned char *)utf8;
	while (*p)
		if (gsm_code_of(gsm_utf8_next(&p)) < 0)
			return PDU_UCS2;
	return PDU_7BIT;
}

/* Units a character takes: septets, octets or UTF-16 units. */
static int units(uint32_t cp, enum pdu_coding c)
{
	if (c == PDU_7BIT) {
		int g = gsm_code_of(cp);
		return g >= 0 && (g & 0x100) ? 2 : 1;
	}
	if (c == PDU_UCS2)
		return cp >= 0x10000 ? 2 : 1;
	return 1;
}

int pdu_split(const char *utf8, enum pdu_coding c, size_t *starts, int max)
{
	int single = c == PDU_7BIT ? 160 : c == PDU_UCS2 ? 70
							 : 140;
	int part = c == PDU_7BIT ? 153 : c == PDU_UCS2 ? 67
						       : 134;
	const unsigned char *p = (const unsigned char *)utf8;
	int total = 0;
	while (*p)
		total += units(c == PDU_8BIT ? *p++ : gsm_utf8_next(&p), c);
	if (max < 1)
		return -1;
	starts[0] = 0;
	if (total <= single) {
		starts[1] = strlen(utf8);
		return 1;
	}
	int n = 0, used = 0;
	p = (const unsigned char *)utf8;
	while (*p) {
		const unsigned char *q = p;
		int u = units(c == PDU_8BIT ? *q++ : gsm_utf8_next(&q), c);
		if (used + u > part) {
			if (++n >= max)
				return -1;
			starts[n] = (size_t)(p - (const unsigned char *)utf8);
			used = 0;
		}
		used += u;
		p = q;
	}
	starts[++n] = strlen(utf8);
	return n;
}
