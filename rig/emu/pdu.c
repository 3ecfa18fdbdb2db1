/* pdu.c - SMS PDU codec (pdu.h), after 3GPP TS 23.040 and 23.038. */
#include "emu/pdu.h"

#include <stdio.h>
#include <string.h>

#include "emu/gsm.h"

/* ---- septets ---- */

/* Septet i of packed user data whose septets start at septet s0. */
static uint8_t septet_at(const uint8_t *b, size_t i)
{
	size_t bit = i * 7, k = bit / 8;
	unsigned sh = (unsigned)(bit % 8);
	unsigned v = b[k] >> sh;
	if (sh > 1)
		v |= (unsigned)b[k + 1] << (8 - sh);
	return (uint8_t)(v & 0x7F);
}

static void septet_put(uint8_t *b, size_t i, uint8_t s)
{
	size_t bit = i * 7, k = bit / 8;
	unsigned sh = (unsigned)(bit % 8);
	b[k] |= (uint8_t)(s << sh);
	if (sh > 1)
		b[k + 1] |= (uint8_t)(s >> (8 - sh));
}

/* UTF-8 -> septets (ESC pairs for the extension table, '?' for the rest).
 * Returns the count, or -1 past cap. */
static int to_septets(const char *utf8, size_t len, uint8_t *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)utf8, *end = p + len;
	size_t n = 0;
	while (p < end && *p) {
		int c = gsm_code_of(gsm_utf8_next(&p));
		if (c < 0)
			c = '?';
		if (c & 0x100) {
			if (n + 2 > cap)
				return -1;
			out[n++] = 0x1B;
			out[n++] = (uint8_t)(c & 0x7F);
		} else {
			if (n + 1 > cap)
				return -1;
			out[n++] = (uint8_t)c;
		}
	}
	return (int)n;
}

static void septets_text(const uint8_t *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t cp;
		if (s[i] == 0x1B && i + 1 < n)
			cp = gsm_cp_of(s[++i], true);
		else
			cp = gsm_cp_of(s[i], false);
		size_t w = gsm_utf8_put(cp, out + o, cap - 1 - o);
		if (!w)
			break;
		o += w;
	}
	out[o] = '\0';
}

/* UTF-8 -> UTF-16BE octets; -1 past cap. */
static int to_ucs2(const char *utf8, size_t len, uint8_t *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)utf8, *end = p + len;
	size_t n = 0;
	while (p < end && *p) {
		uint32_t cp = gsm_utf8_next(&p);
		if (cp >= 0x10000) {
			if (n + 4 > cap)
				return -1;
			cp -= 0x10000;
			uint16_t hi = (uint16_t)(0xD800 | (cp >> 10)), lo = (uint16_t)(0xDC00 | (cp & 0x3FF));
			out[n++] = (uint8_t)(hi >> 8);
			out[n++] = (uint8_t)hi;
			out[n++] = (uint8_t)(lo >> 8);
			out[n++] = (uint8_t)lo;
		} else {
			if (n + 2 > cap)
				return -1;
			out[n++] = (uint8_t)(cp >> 8);
			out[n++] = (uint8_t)cp;
		}
	}
	return (int)n;
}

static void ucs2_text(const uint8_t *b, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t cp = (uint32_t)b[i] << 8 | b[i + 1];
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < n) {
			uint32_t lo = (uint32_t)b[i + 2] << 8 | b[i + 3];
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			} else {
				cp = 0xFFFD;
			}
		} else if (cp >= 0xD800 && cp <= 0xDFFF) {
			cp = 0xFFFD;
		}
		size_t w = gsm_utf8_put(cp, out + o, cap - 1 - o);
		if (!w)
			break;
		o += w;
	}
	out[o] = '\0';
}

static void latin1_text(const uint8_t *b, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		size_t w = gsm_utf8_put(b[i], out + o, cap - 1 - o);
		if (!w)
			break;
		o += w;
	}
	out[o] = '\0';
}

/* ---- addresses and times ---- */

static int bcd(uint8_t v)
{
	return (v & 15) * 10 + (v >> 4);
}

/* An address field at b (length in semi-octets first). Returns the octets
 * it takes, -1 when malformed or past n. */
static int addr_decode(const uint8_t *b, size_t n, char *out, uint8_t *toa)
{
	if (n < 2)
		return -1;
	size_t digits = b[0], oct = (digits + 1) / 2;
	if (digits > 20 || 2 + oct > n)
		return -1;
	*toa = b[1];
	if ((b[1] & 0x70) == 0x50) { /* alphanumeric: packed septets */
		uint8_t s[24];
		size_t ns = digits * 4 / 7;
		for (size_t i = 0; i < ns; i++)
			s[i] = septet_at(b + 2, i);
		septets_text(s, ns, out, PDU_ADDR_MAX + 1);
		return (int)(2 + oct);
	}
	size_t o = 0;
	if ((b[1] & 0x70) == 0x10)
		out[o++] = '+';
	static const char dig[] = "0123456789*#abc";
	for (size_t i = 0; i < digits; i++) {
		uint8_t v = b[2 + i / 2];
		uint8_t d = i % 2 ? v >> 4 : v & 15;
		if (d == 15)
			break;
		out[o++] = dig[d];
	}
	out[o] = '\0';
	return (int)(2 + oct);
}

/* Encode addr at out (cap octets); toa 0 chooses from the text. Returns the
 * octets written or -1. */
static int addr_encode(const char *addr, uint8_t toa, uint8_t *out, size_t cap)
{
	bool digits_only = addr[0] != '\0';
	for (const char *p = addr + (addr[0] == '+'); *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '*' || *p == '#'))
			digits_only = false;
	if (!toa)
		toa = !digits_only ? PDU_TOA_ALNUM : addr[0] == '+' ? PDU_TOA_INTL
								    : PDU_TOA_UNKNOWN;
	if ((toa & 0x70) == 0x50) {
		uint8_t s[16];
		int ns = to_septets(addr, strlen(addr), s, 11);
		if (ns < 0)
			return -1;
		size_t oct = ((size_t)ns * 7 + 7) / 8;
		if (2 + oct > cap)
			return -1;
		memset(out, 0, 2 + oct);
		out[0] = (uint8_t)((ns * 7 + 3) / 4);
		out[1] = toa;
		for (int i = 0; i < ns; i++)
			septet_put(out + 2, (size_t)i, s[i]);
		return (int)(2 + oct);
	}
	if (!digits_only)
		return -1;
	const char *d = addr + (addr[0] == '+');
	size_t nd = strlen(d);
	if (nd > 20 || 2 + (nd + 1) / 2 > cap)
		return -1;
	out[0] = (uint8_t)nd;
	out[1] = toa;
	for (size_t i = 0; i < nd; i += 2) {
		uint8_t lo = d[i] == '*' ? 10 : d[i] == '#' ? 11
							    : (uint8_t)(d[i] - '0');
		uint8_t hi = 15;
		if (i + 1 < nd)
			hi = d[i + 1] == '*' ? 10 : d[i + 1] == '#' ? 11
								    : (uint8_t)(d[i + 1] - '0');
		out[2 + i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return (int)(2 + (nd + 1) / 2);
}

static bool time_decode(const uint8_t *b, int64_t *t, int *tz)
{
	int v[6];
	for (int i = 0; i < 6; i++) {
		if ((b[i] & 15) > 9 || (b[i] >> 4) > 9)
			return false;
		v[i] = bcd(b[i]);
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59)
		return false;
	int z = (b[6] & 7) * 10 + (b[6] >> 4);
	*tz = (b[6] & 8) ? -z : z;
	*t = gsm_civil_to_epoch(v[0] < 70 ? 2000 + v[0] : 1900 + v[0], v[1], v[2], v[3], v[4], v[5]);
	return true;
}

static void time_encode(int64_t t, int tz, uint8_t *b)
{
	int y, mo, d, h, mi, s;
	gsm_epoch_to_civil(t, &y, &mo, &d, &h, &mi, &s);
	int v[6] = { ((y % 100) + 100) % 100, mo, d, h, mi, s };
	for (int i = 0; i < 6; i++)
		b[i] = (uint8_t)((v[i] % 10) << 4 | v[i] / 10);
	int z = tz < 0 ? -tz : tz;
	b[6] = (uint8_t)((z % 10) << 4 | (z / 10) | (tz < 0 ? 8 : 0));
}

void pdu_fmt_time(int64_t t, int tz, char *buf, size_t len)
{
	int y, mo, d, h, mi, s;
	gsm_epoch_to_civil(t, &y, &mo, &d, &h, &mi, &s);
	snprintf(buf, len, "%02d/%02d/%02d,%02d:%02d:%02d%c%02d", ((y % 100) + 100) % 100, mo, d, h, mi, s,
		 tz < 0 ? '-' : '+', tz < 0 ? -tz : tz);
}

/* ---- data coding ---- */

static enum pdu_coding coding_of(uint8_t dcs)
{
	uint8_t g = dcs >> 4;
	if (g <= 3) { /* general data coding */
		if (dcs & 0x20)
			return PDU_8BIT; /* compressed: not decoded, shown as data */
		switch ((dcs >> 2) & 3) {
		case 1: return PDU_8BIT;
		case 2: return PDU_UCS2;
		default: return PDU_7BIT;
		}
	}
	if (g == 0xC || g == 0xD)
		return PDU_7BIT; /* message waiting, default alphabet */
	if (g == 0xE)
		return PDU_UCS2;
	if (g == 0xF)
		return (dcs & 4) ? PDU_8BIT : PDU_7BIT;
	return PDU_8BIT; /* reserved groups: treat as data */
}

static uint8_t dcs_of(enum pdu_coding c)
{
	return c == PDU_8BIT ? 0x04 : c == PDU_UCS2 ? 0x08
						    : 0x00;
}

/* ---- decoding ---- */

#define FAIL(msg)                   \
	do {                        \
		if (why)            \
			*why = msg; \
		return -1;          \
	} while (0)

static void udh_parse(const uint8_t *h, size_t n, struct pdu_sms *p)
{
	size_t i = 0;
	while (i + 2 <= n) {
		uint8_t id = h[i], len = h[i + 1];
		if (i + 2 + len > n)
			break;
		const uint8_t *v = h + i + 2;
		if (id == 0x00 && len == 3 && v[1] && v[2] && v[2] <= v[1]) {
			p->ref = v[0], p->total = v[1], p->seq = v[2], p->ref16 = false;
		} else if (id == 0x08 && len == 4 && v[2] && v[3] && v[3] <= v[2]) {
			p->ref = v[0] << 8 | v[1], p->total = v[2], p->seq = v[3], p->ref16 = true;
		} else {
			p->udh_other = true;
		}
		i += 2 + (size_t)len;
	}
}

int pdu_decode(const uint8_t *b, size_t n, bool with_smsc, struct pdu_sms *p, const char **why)
{
	memset(p, 0, sizeof(*p));
	size_t i = 0;
	if (with_smsc) {
		if (n < 1)
			FAIL("empty PDU");
		size_t sl = b[0];
		if (sl > 11 || 1 + sl > n)
			FAIL("bad SMSC length");
		if (sl >= 2) {
			uint8_t t[2 + 10] = { 0 };
			t[0] = (uint8_t)((sl - 1) * 2);
			memcpy(t + 1, b + 1, sl);
			if ((b[2 + sl - 2] >> 4) == 15)
				t[0]--;
			uint8_t toa;
			char tmp[PDU_ADDR_MAX + 1];
			if (addr_decode(t, 1 + sl, tmp, &toa) < 0)
				FAIL("bad SMSC address");
			tmp[sizeof(p->smsc) - 1] = '\0';
			memcpy(p->smsc, tmp, sizeof(p->smsc));
		}
		i = 1 + sl;
	}
	if (i >= n)
		FAIL("no TPDU");
	uint8_t fo = b[i++];
	p->rp = fo & 0x80;
	bool udhi = fo & 0x40;
	int k;
	switch (fo & 3) {
	case 0: /* SMS-DELIVER */
		p->type = PDU_DELIVER;
		p->mms = fo & 0x04;
		p->srr = fo & 0x20;
		k = addr_decode(b + i, n - i, p->addr, &p->toa);
		if (k < 0)
			FAIL("bad originating address");
		i += (size_t)k;
		if (i + 9 > n)
			FAIL("DELIVER too short");
		p->pid = b[i++];
		p->dcs = b[i++];
		if (!time_decode(b + i, &p->scts, &p->tz))
			FAIL("bad timestamp");
		i += 7;
		break;
	case 1: /* SMS-SUBMIT */
		p->type = PDU_SUBMIT;
		p->rd = fo & 0x04;
		p->vpf = (fo >> 3) & 3;
		p->srr = fo & 0x20;
		if (i >= n)
			FAIL("SUBMIT too short");
		p->mr = b[i++];
		k = addr_decode(b + i, n - i, p->addr, &p->toa);
		if (k < 0)
			FAIL("bad destination address");
		i += (size_t)k;
		if (i + 2 > n)
			FAIL("SUBMIT too short");
		p->pid = b[i++];
		p->dcs = b[i++];
		if (p->vpf) {
			size_t vl = p->vpf == 2 ? 1 : 7;
			if (i + vl > n)
				FAIL("validity period cut");
			memcpy(p->vp, b + i, vl);
			i += vl;
		}
		break;
	case 2: /* SMS-STATUS-REPORT */
		p->type = PDU_STATUS;
		p->mms = fo & 0x04;
		p->srr = fo & 0x20;
		if (i >= n)
			FAIL("STATUS-REPORT too short");
		p->mr = b[i++];
		k = addr_decode(b + i, n - i, p->addr, &p->toa);
		if (k < 0)
			FAIL("bad recipient address");
		i += (size_t)k;
		if (i + 15 > n)
			FAIL("STATUS-REPORT too short");
		if (!time_decode(b + i, &p->scts, &p->tz) || !time_decode(b + i + 7, &p->dt, &p->dt_tz))
			FAIL("bad timestamp");
		i += 14;
		p->st = b[i++];
		return 0; /* optional parameters are not used */
	default:
		FAIL("reserved message type");
	}
	p->coding = coding_of(p->dcs);
	if (i >= n)
		FAIL("no user data length");
	size_t udl = b[i++];
	const uint8_t *ud = b + i;
	size_t avail = n - i;
	size_t oct = p->coding == PDU_7BIT ? (udl * 7 + 7) / 8 : udl;
	if ((p->coding == PDU_7BIT && udl > 160) || (p->coding != PDU_7BIT && udl > 140))
		FAIL("user data length too large");
	if (oct != avail)
		FAIL("user data length does not match the PDU");
	size_t hdr = 0;
	if (udhi) {
		if (oct < 1 || (size_t)ud[0] + 1 > oct)
			FAIL("bad user data header");
		hdr = (size_t)ud[0] + 1;
		udh_parse(ud + 1, ud[0], p);
	}
	if (p->coding == PDU_7BIT) {
		size_t s0 = (hdr * 8 + 6) / 7;
		if (s0 > udl)
			FAIL("user data header longer than the data");
		p->ud_len = udl - s0;
		for (size_t s = 0; s < p->ud_len; s++)
			p->ud[s] = septet_at(ud, s0 + s);
		septets_text(p->ud, p->ud_len, p->text, sizeof(p->text));
	} else {
		p->ud_len = oct - hdr;
		memcpy(p->ud, ud + hdr, p->ud_len);
		if (p->coding == PDU_UCS2)
			ucs2_text(p->ud, p->ud_len, p->text, sizeof(p->text));
		else
			latin1_text(p->ud, p->ud_len, p->text, sizeof(p->text));
	}
	return 0;
}

/* ---- encoding ---- */

int pdu_encode(const struct pdu_sms *p, bool with_smsc, uint8_t *out, size_t cap, size_t *tpdu_len)
{
	uint8_t b[PDU_MAX];
	size_t i = 0;
	memset(b, 0, sizeof(b));
	if (with_smsc) {
		if (p->smsc[0]) {
			uint8_t t[14];
			int k = addr_encode(p->smsc, 0, t, sizeof(t));
			if (k < 0 || (t[1] & 0x70) == 0x50)
				return -1;
			b[i++] = (uint8_t)(k - 1);
			memcpy(b + i, t + 1, (size_t)k - 1);
			i += (size_t)k - 1;
		} else {
			b[i++] = 0;
		}
	}
	size_t smsc_len = i;
	bool udh = p->total > 0;
	uint8_t fo = (uint8_t)((p->rp ? 0x80 : 0) | (udh ? 0x40 : 0) | (p->srr ? 0x20 : 0));
	int k;
	switch (p->type) {
	case PDU_DELIVER:
		b[i++] = (uint8_t)(fo | (p->mms ? 0x04 : 0));
		k = addr_encode(p->addr, p->toa, b + i, 14);
		if (k < 0)
			return -1;
		i += (size_t)k;
		b[i++] = p->pid;
		b[i++] = p->dcs ? p->dcs : dcs_of(p->coding);
		time_encode(p->scts, p->tz, b + i);
		i += 7;
		break;
	case PDU_SUBMIT:
		b[i++] = (uint8_t)(fo | 0x01 | (p->rd ? 0x04 : 0) | (p->vpf & 3) << 3);
		b[i++] = p->mr;
		k = addr_encode(p->addr, p->toa, b + i, 12);
		if (k < 0)
			return -1;
		i += (size_t)k;
		b[i++] = p->pid;
		b[i++] = p->dcs ? p->dcs : dcs_of(p->coding);
		if (p->vpf) {
			size_t vl = p->vpf == 2 ? 1 : 7;
			memcpy(b + i, p->vp, vl);
			i += vl;
		}
		break;
	case PDU_STATUS:
		b[i++] = (uint8_t)(0x02 | (p->mms ? 0x04 : 0) | (p->srr ? 0x20 : 0));
		b[i++] = p->mr;
		k = addr_encode(p->addr, p->toa, b + i, 12);
		if (k < 0)
			return -1;
		i += (size_t)k;
		time_encode(p->scts, p->tz, b + i);
		time_encode(p->dt, p->dt_tz, b + i + 7);
		i += 14;
		b[i++] = p->st;
		goto done;
	}
	{
		uint8_t h[8];
		size_t hl = 0;
		if (udh) {
			if (p->ref16) {
				h[0] = 6, h[1] = 0x08, h[2] = 4, h[3] = (uint8_t)(p->ref >> 8), h[4] = (uint8_t)p->ref;
				h[5] = (uint8_t)p->total, h[6] = (uint8_t)p->seq, hl = 7;
			} else {
				h[0] = 5, h[1] = 0x00, h[2] = 3, h[3] = (uint8_t)p->ref, h[4] = (uint8_t)p->total;
				h[5] = (uint8_t)p->seq, hl = 6;
			}
		}
		size_t udl_at = i++;
		uint8_t *ud = b + i;
		if (p->coding == PDU_7BIT) {
			uint8_t s[PDU_UD_MAX * 8 / 7 + 1];
			size_t s0 = (hl * 8 + 6) / 7;
			int ns = to_septets(p->text, strlen(p->text), s, 160 - s0);
			if (ns < 0)
				return -1;
			memcpy(ud, h, hl);
			for (int j = 0; j < ns; j++)
				septet_put(ud, s0 + (size_t)j, s[j]);
			size_t udl = s0 + (size_t)ns;
			b[udl_at] = (uint8_t)udl;
			i += (udl * 7 + 7) / 8;
		} else {
			int n;
			memcpy(ud, h, hl);
			if (p->coding == PDU_UCS2) {
				n = to_ucs2(p->text, strlen(p->text), ud + hl, PDU_UD_MAX - hl);
			} else {
				n = p->ud_len <= PDU_UD_MAX - hl ? (int)p->ud_len : -1;
				if (n > 0)
					memcpy(ud + hl, p->ud, p->ud_len);
			}
			if (n < 0)
				return -1;
			b[udl_at] = (uint8_t)(hl + (size_t)n);
			i += hl + (size_t)n;
		}
	}
done:
	if (i > cap)
		return -1;
	memcpy(out, b, i);
	if (tpdu_len)
		*tpdu_len = i - smsc_len;
	return (int)i;
}
