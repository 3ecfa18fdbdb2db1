/* gsm.c - GSM 03.38 / IRA / UTF-8 conversions and civil dates (gsm.h). */
#include "gsm.h"

/* GSM 03.38 default alphabet, code -> Unicode. 0x1B is the escape to the
 * extension table (listed as 0 here). */
static const uint16_t gsm_basic[128] = {
	0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, /* @£$¥èéùì */
	0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5, /* òÇ\nØø\rÅå */
	0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, /* Δ_ΦΓΛΩΠΨ */
	0x03A3, 0x0398, 0x039E, 0x0000, 0x00C6, 0x00E6, 0x00DF, 0x00C9, /* ΣΘΞ ÆæßÉ */
	0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027, /*  !"#¤%&' */
	0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
	0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
	0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, /* ¡ABCDEFG */
	0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
	0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
	0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7, /* XYZÄÖÑÜ§ */
	0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, /* ¿abcdefg */
	0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
	0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
	0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0, /* xyzäöñüà */
};

/* Extension table: ESC + code -> Unicode. */
static const struct {
	uint8_t code;
	uint16_t cp;
} gsm_ext[] = {
	{ 0x0A, 0x000C },
	{ 0x14, 0x005E },
	{ 0x28, 0x007B },
	{ 0x29, 0x007D },
	{ 0x2F, 0x005C },
	{ 0x3C, 0x005B },
	{ 0x3D, 0x007E },
	{ 0x3E, 0x005D },
	{ 0x40, 0x007C },
	{ 0x65, 0x20AC },
};

#define NEXT_EXT (sizeof(gsm_ext) / sizeof(gsm_ext[0]))

/* Decode one UTF-8 sequence at *p; advances *p. Invalid input yields
 * 0xFFFD and consumes one byte. */
uint32_t gsm_utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t cp;
	int more;
	if (s[0] < 0x80) {
		*p = s + 1;
		return s[0];
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		cp = s[0] & 0x1Fu;
		more = 1;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		cp = s[0] & 0x0Fu;
		more = 2;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		cp = s[0] & 0x07u;
		more = 3;
	} else {
		*p = s + 1;
		return 0xFFFD;
	}
	for (int i = 1; i <= more; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p = s + 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	/* Reject overlong forms, surrogates and values past U+10FFFF. */
	if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF)) {
		*p = s + 1;
		return 0xFFFD;
	}
	*p = s + 1 + more;
	return cp;
}

size_t gsm_utf8_put(uint32_t cp, char *out, size_t room)
{
	if (cp < 0x80) {
		if (room < 1)
			return 0;
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		if (room < 2)
			return 0;
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0x10000) {
		if (room < 4 || cp > 0x10FFFF)
			return 0;
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	if (room < 3)
		return 0;
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

int gsm_code_of(uint32_t cp)
{
	if (cp == '\n' || cp == '\r')
		return (int)(cp == '\n' ? 0x0A : 0x0D);
	for (int i = 0; i < 128 && cp >= 0x20; i++)
		if (gsm_basic[i] == cp && i != 0x1B)
			return i;
	for (size_t i = 0; i < NEXT_EXT; i++)
		if (gsm_ext[i].cp == cp)
			return 0x100 | gsm_ext[i].code;
	return -1;
}

uint32_t gsm_cp_of(uint8_t code, bool ext)
{
	if (ext) {
		for (size_t k = 0; k < NEXT_EXT; k++)
			if (gsm_ext[k].code == code)
				return gsm_ext[k].cp;
		return ' '; /* an escape without a known extension code */
	}
	return code == 0x1B ? ' ' : gsm_basic[code & 0x7F];
}

size_t gsm_from_utf8(const char *utf8, bool ira, uint8_t *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)utf8;
	size_t n = 0;
	while (*p && n < cap) {
		uint32_t cp = gsm_utf8_next(&p);
		if (cp == '\n' || cp == '\r') {
			out[n++] = (uint8_t)cp;
			continue;
		}
		if (ira) {
			out[n++] = cp >= 0x20 && cp < 0x7F ? (uint8_t)cp : '?';
			continue;
		}
		int code = -1;
		for (int i = 0; i < 128 && cp >= 0x20; i++)
			if (gsm_basic[i] == cp && i != 0x1B) {
				code = i;
				break;
			}
		if (code >= 0) {
			out[n++] = (uint8_t)code;
			continue;
		}
		for (size_t i = 0; i < NEXT_EXT; i++)
			if (gsm_ext[i].cp == cp) {
				code = gsm_ext[i].code;
				break;
			}
		if (code >= 0 && n + 2 <= cap) {
			out[n++] = 0x1B;
			out[n++] = (uint8_t)code;
		} else if (code >= 0) {
			break; /* no room for the pair */
		} else {
			out[n++] = '?';
		}
	}
	return n;
}

size_t gsm_to_utf8(const uint8_t *in, size_t n, bool ira, char *out, size_t cap)
{
	size_t o = 0;
	if (cap == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t cp;
		uint8_t c = in[i];
		if (ira) {
			cp = (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' ? c : '?';
		} else if (c >= 0x80) {
			cp = '?';
		} else if (c >= 0x20 && c < 0x7F) {
			cp = c; /* printable bytes are taken as ASCII */
		} else if (c == 0x1B) {
			cp = ' '; /* an escape without a known extension code */
			if (i + 1 < n) {
				for (size_t k = 0; k < NEXT_EXT; k++)
					if (gsm_ext[k].code == in[i + 1]) {
						cp = gsm_ext[k].cp;
						i++;
						break;
					}
			}
		} else {
			cp = gsm_basic[c];
		}
		size_t w = gsm_utf8_put(cp, out + o, cap - 1 - o);
		if (!w)
			break;
		o += w;
	}
	out[o] = '\0';
	return o;
}

/* Howard Hinnant's days-from-civil algorithm. */
int64_t gsm_civil_to_epoch(int y, int mo, int d, int h, int mi, int s)
{
	int64_t yy = y - (mo <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t mp = (mo + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + h * 3600 + mi * 60 + s;
}

void gsm_epoch_to_civil(int64_t t, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t sec = t - days * 86400;
	*h = (int)(sec / 3600);
	*mi = (int)(sec / 60 % 60);
	*s = (int)(sec % 60);
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*mo <= 2));
}
