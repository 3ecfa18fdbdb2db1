/*
 * atc.c - the AT command client for a SIM800-class GSM module (SMS text or
 * PDU mode).
 *
 * One command is in flight at a time. atc_rx() splits the byte stream into
 * lines, handles unsolicited result codes wherever they appear and ends the
 * command in flight; atc_poll() handles timeouts and starts the next piece
 * of work. Nothing here blocks or waits.
 *
 * The ops callbacks run from inside atc_rx() or atc_poll(); they may call
 * atc_send_sms(), atc_call() and atc_reject(), which only queue work.
 *
 * Timeouts: AT probe 1 s, simple commands 2 s, AT+CMGR / AT+CMGL 5 s, the
 * AT+CMGS prompt 5 s and its result 60 s, a call-back 30 s.
 *
 * Lines end in "\n" (trailing "\r"s dropped); empty lines separate
 * responses, except inside message text. Inside message text, lines that
 * are exactly RING or NO CARRIER or start with +CLIP:, +CMTI:, +CSQ: or
 * +CREG: are taken as unsolicited codes, and OK / ERROR end the response.
 *
 * A module that restarts says RDY, except at an automatic rate, where the
 * only sign is that its echo is back: once ATE0 took effect (a command
 * answered without echo), an echoed command restarts the set-up after it.
 * A module that keeps echoing whatever it is told is simply tolerated.
 *
 * PDU mode (atc_set_pdu): AT+CMGF=0, AT+CMGL=4, AT+CMGS=<length> with an
 * SMS-SUBMIT PDU in hex (GSM 7-bit, 24 h validity, no SMSC: the SIM's);
 * the hex line after +CMGR: / +CMGL: is an SMS-DELIVER PDU, decoded as it
 * arrives into the same struct atc_sms text mode fills.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hal.h"
#include "atc.h"

#define NEVER UINT64_MAX

#define T_PROBE 1000u
#define T_SIMPLE 2000u
#define T_READ 5000u
#define T_PROMPT 5000u
#define T_SEND 60000u
#define T_DIAL 30000u
#define PROBE_SLOW 10000u /* probe interval after PROBE_FAST failures */
#define PROBE_FAST 10
#define RETRY_DELAY 1000u /* after an ERROR before trying again */
#define CSQ_PERIOD 60000u
#define CALL_IDLE 8000u /* no RING for this long: the next one is a new call */
#define CLIP_WAIT 1000u /* RING without +CLIP: report "" after this */
#define MAX_TIMEOUTS 3  /* consecutive timeouts before the init restarts */
#define TRIES 3         /* attempts for reads, deletes, calls, init steps */
#define SMS_TRIES 4     /* first attempt plus three retries */

_Static_assert(ATC_LINE_MAX <= 255, "line_len is a uint8_t");
_Static_assert(ATC_TEXT_MAX <= 255, "in_len is a uint8_t");
_Static_assert(ATC_JOBS == 7, "one slot per job");

enum cmd {
	C_NONE = 0,
	C_PROBE, /* AT */
	C_INIT,  /* one of the plain init steps */
	C_CMGL,
	C_CMGR,
	C_CMGD,
	C_CMGS,
	C_ATH,
	C_ATD,
	C_CSQ,
};

/* Jobs in priority order; see next_job(). */
enum job {
	J_INIT = 0,
	J_HANG,
	J_DEL,
	J_READ,
	J_SMS,
	J_CALL,
	J_CSQ,
	J_NONE = ATC_JOBS,
};

enum phase {
	PH_PROMPT = 0,
	PH_PROMPT_SEEN,
	PH_RESULT
};

enum result {
	R_OK,
	R_ERR,
	R_TIMEOUT,
	R_CALLEND
};

/* The init sequence: step 0 is the AT probe (retried for ever), the last
 * step lists stored messages (after TRIES failures the client goes ready
 * and lists again later as ordinary work). */
static const struct {
	const char *cmd;
	bool optional; /* skipped after TRIES errors instead of restarting */
} init_steps[] = {
	{ "AT", false },
	{ "ATE0", true },
	{ "AT+CMEE=2", true },
	{ "AT+CMGF=1", false },
	{ "AT+CSCS=\"GSM\"", true },
	{ "AT+CNMI=2,1,0,0,0", false },
	{ "AT+CLIP=1", true },
	{ "AT+CCLK?", true }, /* network time, read once per init */
	{ "AT+CMGL=\"ALL\"", false },
};
#define INIT_STEPS (sizeof init_steps / sizeof init_steps[0])

static const char *init_cmd(const struct atc *m, uint8_t step)
{
	const char *c = init_steps[step].cmd;
	if (m->pdu && strcmp(c, "AT+CMGF=1") == 0)
		return "AT+CMGF=0";
	if (m->pdu && strcmp(c, "AT+CMGL=\"ALL\"") == 0)
		return "AT+CMGL=4";
	return c;
}

/* ---- small helpers -------------------------------------------------- */

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }

/* Decimal digits at p into *v (saturating at 65535); returns the first
 * byte after them, or NULL when there are none. */
static const char *parse_uint(const char *p, unsigned *v)
{
	unsigned n = 0;
	const char *s = p;
	while (*p >= '0' && *p <= '9') {
		n = n * 10u + (unsigned)(*p - '0');
		if (n > 65535u)
			n = 65535u;
		p++;
	}
	if (p == s)
		return NULL;
	*v = n;
	return p;
}

/* One comma-separated field of an information response, quoted or not,
 * copied into out (cut to cap - 1 bytes). Returns the start of the next
 * field, or the terminating NUL. */
static const char *field_cut(const char *p, char *out, size_t cap, bool *cut)
{
	size_t n = 0;
	bool quoted;
	*cut = false;
	while (*p == ' ')
		p++;
	quoted = *p == '"';
	if (quoted) {
		p++;
		while (*p && *p != '"') {
			if (n + 1 < cap)
				out[n++] = *p;
			else
				*cut = true;
			p++;
		}
		if (*p == '"')
			p++;
	}
	while (*p && *p != ',') {
		if (!quoted && n + 1 < cap)
			out[n++] = *p;
		else if (!quoted)
			*cut = true;
		p++;
	}
	out[n] = '\0';
	return *p == ',' ? p + 1 : p;
}

static const char *field(const char *p, char *out, size_t cap)
{
	bool cut;
	return field_cut(p, out, cap, &cut);
}

/* A phone number field: used whole or not at all. A number too long to
 * keep becomes "" (no usable number), never a shorter, different one. */
static const char *number_field(const char *p, char *out, size_t cap)
{
	bool cut;
	p = field_cut(p, out, cap, &cut);
	if (cut)
		out[0] = '\0';
	return p;
}

/* Phone number accepted for AT+CMGS / ATD: optional '+', then digits,
 * '*' or '#', 1..ATC_NUMBER_MAX bytes in all. */
static bool valid_number(const char *s)
{
	size_t n = 0;
	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];
		if (n >= ATC_NUMBER_MAX)
			return false;
		if (c == '+' && n == 0)
			continue;
		if ((c < '0' || c > '9') && c != '*' && c != '#')
			return false;
	}
	return n > 0 && !(n == 1 && s[0] == '+');
}

/* ---- building and sending commands ---------------------------------- */

static void cmd_text(struct atc *m, const char *s)
{
	size_t n = strlen(m->sent), k = strlen(s);
	if (n + k > ATC_CMD_MAX)
		k = ATC_CMD_MAX - n;
	memcpy(m->sent + n, s, k);
	m->sent[n + k] = '\0';
}

static void cmd_uint(struct atc *m, unsigned v)
{
	char buf[6];
	int i = (int)sizeof buf - 1;
	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v && i > 0);
	cmd_text(m, buf + i);
}

static void issue(struct atc *m, uint8_t cmd, uint8_t job, uint32_t timeout,
		  uint64_t now)
{
	static const uint8_t cr = '\r';
	hal_modem_write((const uint8_t *)m->sent, strlen(m->sent));
	hal_modem_write(&cr, 1);
	m->cmd = cmd;
	m->job = job;
	m->phase = PH_PROMPT;
	m->got_mr = false;
	m->in_have = false;
	m->pdu_expect = false;
	m->echoed = false;
	m->cmd_sent = now;
	m->cmd_deadline = now + timeout;
}

/* ---- queues ---------------------------------------------------------- */

static bool rd_has(const struct atc *m, uint8_t idx)
{
	for (uint8_t i = 0; i < m->rd_n; i++)
		if (m->rd[i] == idx)
			return true;
	return false;
}

static void rd_remove(struct atc *m, uint8_t idx)
{
	uint8_t j = 0;
	for (uint8_t i = 0; i < m->rd_n; i++)
		if (m->rd[i] != idx)
			m->rd[j++] = m->rd[i];
	m->rd_n = j;
}

static void del_push(struct atc *m, uint8_t idx)
{
	for (uint8_t i = 0; i < m->del_n; i++)
		if (m->del[i] == idx)
			return;
	if (m->del_n < ATC_DEL_QUEUE)
		m->del[m->del_n++] = idx;
}

static void del_pop(struct atc *m)
{
	if (!m->del_n)
		return;
	memmove(m->del, m->del + 1, (size_t)(m->del_n - 1));
	m->del_n--;
	m->tries[J_DEL] = 0;
	m->at[J_DEL] = 0;
}

static void out_pop(struct atc *m)
{
	if (!m->out_n)
		return;
	m->out_head = (uint8_t)((m->out_head + 1u) % ATC_OUT_QUEUE);
	m->out_n--;
	m->tries[J_SMS] = 0;
}

static void call_pop(struct atc *m)
{
	if (!m->dial_n)
		return;
	memmove(m->dial[0], m->dial[1],
		sizeof m->dial[0] * (size_t)(ATC_CALL_QUEUE - 1));
	m->dial_n--;
	m->dial_active = false;
	m->tries[J_CALL] = 0;
	m->at[J_CALL] = 0;
}

/* Counts a failure of job j; true when it has used up its attempts (the
 * counter is then reset), else the job waits until `retry_at`. */
static bool failed(struct atc *m, uint8_t j, uint8_t limit, uint64_t retry_at)
{
	if (++m->tries[j] >= limit) {
		m->tries[j] = 0;
		m->at[j] = 0;
		return true;
	}
	m->at[j] = retry_at;
	return false;
}

/* ---- init ----------------------------------------------------------- */

static void restart_init(struct atc *m, uint64_t now)
{
	m->cmd = C_NONE;
	m->ready = false;
	m->init_step = 0;
	m->probe_tries = 0;
	m->timeouts = 0;
	m->ate0 = m->echo_off = false;
	m->tries[J_INIT] = 0;
	m->at[J_INIT] = now;
	m->rssi = 99;
	m->in_have = false;
	if (m->dial_active)
		call_pop(m); /* the call was placed; the module lost it */
	m->call_active = false;
	m->ring_cb_at = NEVER;
}

static void go_ready(struct atc *m, uint64_t now)
{
	m->ready = true;
	m->init_step = 0;
	m->tries[J_INIT] = 0;
	m->at[J_CSQ] = now;
}

/* ---- incoming SMS ----------------------------------------------------- */

static void in_start(struct atc *m, const char *p)
{
	char stat[12];
	char alpha[2];
	memset(&m->in, 0, sizeof m->in);
	p = field(p, stat, sizeof stat);
	p = number_field(p, m->in.number, sizeof m->in.number);
	p = field(p, alpha, sizeof alpha);
	field(p, m->in.ts, sizeof m->in.ts);
	m->in_rec = starts(stat, "REC ");
	m->in_len = 0;
	m->in_blank = 0;
	m->in_lines = false;
	m->in_have = true;
}

/* PDU mode: "<stat>,[<alpha>],<length>"; the PDU line comes next. */
static void in_start_pdu(struct atc *m, const char *p)
{
	unsigned stat = 99;
	while (*p == ' ')
		p++;
	parse_uint(p, &stat);
	memset(&m->in, 0, sizeof m->in);
	m->in_rec = stat <= 1u;
	m->in_len = 0;
	m->in_have = true;
	m->pdu_expect = true;
	m->pdu_len = 0;
	m->pdu_digits = 0;
	m->pdu_nonhex = false;
}

/* Message text arrives in the GSM default alphabet (AT+CSCS="GSM"). The
 * codes that differ from ASCII are decoded here: '@' (0x00), '$' (0x02),
 * '_' (0x11) and the escape pairs for ^ { } \ [ ~ ] | become their ASCII
 * characters; the letters ASCII lacks (and anything else below 0x20) become
 * bytes above 0x7F, which no command accepts. No NUL ever reaches the text. */
static char gsm_ascii(struct atc *m, uint8_t c, bool *skip)
{
	static const char ext_from[] = "\x14\x28\x29\x2F\x3C\x3D\x3E\x40";
	static const char ext_to[] = "^{}\\[~]|";
	*skip = false;
	if (m->in_esc) {
		m->in_esc = false;
		for (size_t i = 0; i < sizeof ext_from - 1; i++)
			if ((uint8_t)ext_from[i] == c)
				return ext_to[i];
		return (char)0x9B; /* an escape code with no ASCII equivalent */
	}
	switch (c) {
	case 0x00: return '@';
	case 0x02: return '$';
	case 0x11: return '_';
	case 0x1B:
		m->in_esc = true;
		*skip = true;
		return 0;
	case '\n':
	case '\r': return (char)c;
	case 0x24:
	case 0x40:
	case 0x5B:
	case 0x5C:
	case 0x5D:
	case 0x5E:
	case 0x5F:
	case 0x60:
	case 0x7B:
	case 0x7C:
	case 0x7D:
	case 0x7E:
	case 0x7F:
		return (char)(0x80 | c); /* GSM letters without an ASCII form */
	default:
		return c < 0x20 ? (char)(0x80 | c) : (char)c;
	}
}

static void in_put(struct atc *m, char c)
{
	if (m->in_len < ATC_TEXT_MAX)
		m->in.text[m->in_len++] = c;
	else
		m->in.truncated = true;
}

static uint8_t septet_at(const uint8_t *b, size_t i)
{
	size_t bit = i * 7u, k = bit / 8u;
	unsigned sh = (unsigned)(bit % 8u), v = (unsigned)b[k] >> sh;
	if (sh > 1u)
		v |= (unsigned)b[k + 1] << (8u - sh);
	return (uint8_t)(v & 0x7Fu);
}

static void two_digit(uint8_t v, char *out)
{
	out[0] = (char)('0' + (v & 15u) % 10u);
	out[1] = (char)('0' + (v >> 4) % 10u);
}

/* The alphabet of a data coding scheme (23.038): 0 GSM 7-bit, 1 8-bit
 * data, 2 UCS2. */
static uint8_t dcs_coding(uint8_t dcs)
{
	if ((dcs & 0xC0u) == 0u)
		return (uint8_t)((dcs >> 2) & 3u) == 3u ? 1u : (uint8_t)((dcs >> 2) & 3u);
	if ((dcs & 0xF0u) == 0xF0u)
		return (dcs & 4u) ? 1u : 0u;
	return (dcs & 0xF0u) == 0xE0u ? 2u : 0u;
}

/* The SMS-DELIVER PDU in pdu_buf into m->in. Anything else, or anything
 * malformed, is no message for the owner (it is still deleted). */
static void pdu_take(struct atc *m)
{
	const uint8_t *b = m->pdu_buf;
	size_t n = m->pdu_len, i, k, digits, oct, udl, hdr = 0;
	uint8_t fo, toa, dcs, coding;

	m->pdu_expect = false;
	if (n < 1 || (i = 1u + b[0]) + 2u > n)
		goto bad;
	fo = b[i++];
	if ((fo & 3u) != 0u)
		goto bad; /* not an SMS-DELIVER */
	digits = b[i];
	toa = b[i + 1];
	oct = (digits + 1u) / 2u;
	if (digits > 20u || i + 2u + oct + 10u > n)
		goto bad;
	if ((toa & 0x70u) == 0x50u) { /* alphanumeric sender: its name */
		size_t ns = digits * 4u / 7u;
		for (k = 0; k < ns && k < ATC_NUMBER_MAX; k++) {
			bool skip;
			char c = gsm_ascii(m, septet_at(b + i + 2, k), &skip);
			m->in.number[k] = skip ? '?' : c;
		}
		m->in.number[k] = '\0';
		m->in_esc = false;
	} else {
		size_t o = 0;
		if ((toa & 0x70u) == 0x10u)
			m->in.number[o++] = '+';
		for (k = 0; k < digits && o < ATC_NUMBER_MAX; k++) {
			uint8_t d = k % 2u ? b[i + 2 + k / 2] >> 4 : b[i + 2 + k / 2] & 15u;
			m->in.number[o++] = d < 10u ? (char)('0' + d) : d == 10u ? '*'
										 : '#';
		}
		m->in.number[o] = '\0';
		if (k < digits)
			m->in.number[0] = '\0'; /* too long to keep: no usable number */
	}
	i += 2u + oct;
	i++; /* PID */
	dcs = b[i++];
	/* "yy/MM/dd,hh:mm:ss+zz" from the service-centre time stamp */
	{
		char *t = m->in.ts;
		two_digit(b[i], t);
		t[2] = '/';
		two_digit(b[i + 1], t + 3);
		t[5] = '/';
		two_digit(b[i + 2], t + 6);
		t[8] = ',';
		two_digit(b[i + 3], t + 9);
		t[11] = ':';
		two_digit(b[i + 4], t + 12);
		t[14] = ':';
		two_digit(b[i + 5], t + 15);
		t[17] = (b[i + 6] & 8u) ? '-' : '+';
		two_digit((uint8_t)(b[i + 6] & 0xF7u), t + 18);
		t[20] = '\0';
	}
	i += 7u;
	udl = b[i++];
	coding = dcs_coding(dcs);
	if (coding == 0u ? (udl * 7u + 7u) / 8u != n - i || udl > 160u : udl != n - i || udl > 140u)
		goto bad;
	if (fo & 0x40u) {
		hdr = (size_t)b[i] + 1u;
		if (udl == 0u || hdr > (coding == 0u ? (udl * 7u) / 8u : udl))
			goto bad;
	}
	m->in_esc = false;
	if (coding == 0u) {
		for (k = (hdr * 8u + 6u) / 7u; k < udl; k++) {
			bool skip;
			char c = gsm_ascii(m, septet_at(b + i, k), &skip);
			if (!skip)
				in_put(m, c);
		}
	} else if (coding == 2u) {
		for (k = hdr; k + 1u < udl; k += 2u) {
			unsigned cp = (unsigned)b[i + k] << 8 | b[i + k + 1];
			if (cp >= 0xD800u && cp <= 0xDBFFu)
				continue; /* the low half gives the one marker */
			in_put(m, (cp >= 0x20u && cp < 0x7Fu) || cp == '\n' || cp == '\r' ? (char)cp : (char)0xBF);
		}
	} else {
		for (k = hdr; k < udl; k++) {
			uint8_t c = b[i + k];
			in_put(m, (c >= 0x20u && c < 0x7Fu) || c == '\n' || c == '\r' ? (char)c : (char)(0x80u | (c & 0x7Fu) | 1u));
		}
	}
	return;
bad:
	m->in_rec = false;
}

/* A line of message text; blank lines before it become '\n's. */
static void in_body(struct atc *m, const char *s, size_t n)
{
	unsigned nl = m->in_blank + (m->in_lines ? 1u : 0u);
	while (nl--)
		in_put(m, '\n');
	m->in_esc = false;
	for (size_t i = 0; i < n; i++) {
		bool skip;
		char c = gsm_ascii(m, (uint8_t)s[i], &skip);
		if (!skip)
			in_put(m, c);
	}
	m->in_blank = 0;
	m->in_lines = true;
}

/* The message in m->in is complete: hand it over and schedule its
 * deletion. Returns false (nothing done) when the delete queue is full. */
static bool in_finish(struct atc *m, uint8_t idx)
{
	if (!m->in_have)
		return true;
	if (m->del_n >= ATC_DEL_QUEUE)
		return false;
	m->in_have = false;
	m->in.text[m->in_len] = '\0';
	if (m->in_rec && m->ops && m->ops->sms)
		m->ops->sms(m->user, &m->in);
	del_push(m, idx);
	rd_remove(m, idx);
	return true;
}

static void cmgl_flush(struct atc *m)
{
	if (m->in_have && !in_finish(m, m->in_idx)) {
		m->in_have = false;
		m->relist_more = true; /* left in storage for the next list */
	}
}

static void on_cmti(struct atc *m, const char *s)
{
	const char *comma = strrchr(s, ',');
	unsigned idx;
	if (!comma || !parse_uint(comma + 1, &idx) || idx > 255u) {
		m->relist = true;
		return;
	}
	if (rd_has(m, (uint8_t)idx))
		return;
	if (m->rd_n < ATC_READ_QUEUE)
		m->rd[m->rd_n++] = (uint8_t)idx;
	else
		m->relist = true;
}

/* ---- calls ------------------------------------------------------------ */

static void call_touch(struct atc *m, uint64_t now)
{
	if (!m->call_active || now - m->call_last >= CALL_IDLE) {
		m->call_active = true;
		m->call_reported = false;
		m->ring_cb_at = NEVER;
	}
	m->call_last = now;
}

static void report_ring(struct atc *m, const char *number)
{
	m->call_reported = true;
	m->ring_cb_at = NEVER;
	if (m->ops && m->ops->ring)
		m->ops->ring(m->user, number);
}

static void on_ring(struct atc *m, uint64_t now)
{
	call_touch(m, now);
	if (!m->call_reported && m->ring_cb_at == NEVER)
		m->ring_cb_at = now + CLIP_WAIT;
}

static void on_clip(struct atc *m, const char *p, uint64_t now)
{
	char number[ATC_NUMBER_MAX + 1];
	number_field(p, number, sizeof number);
	call_touch(m, now);
	if (!m->call_reported)
		report_ring(m, number);
}

/* ---- command completion ------------------------------------------------ */

static void finish(struct atc *m, uint8_t res, uint64_t now)
{
	uint8_t cmd = m->cmd;
	/* After a timeout the command is repeated at once, except AT+CMGS,
	 * which gives the module a moment after the ESC. */
	uint64_t later = res == R_TIMEOUT && cmd != C_CMGS ? now : now + RETRY_DELAY;

	m->cmd = C_NONE;
	if (res == R_TIMEOUT) {
		if (cmd != C_PROBE && cmd != C_ATD && m->timeouts < 255)
			m->timeouts++;
	} else {
		m->timeouts = 0;
	}

	switch (cmd) {
	case C_PROBE:
		if (res == R_OK) {
			m->init_step = 1;
			m->tries[J_INIT] = 0;
			m->at[J_INIT] = now;
		} else {
			if (m->probe_tries < 255)
				m->probe_tries++;
			m->at[J_INIT] = m->cmd_sent + (m->probe_tries < PROBE_FAST
							       ? T_PROBE
							       : PROBE_SLOW);
		}
		break;
	case C_INIT:
		if (res == R_OK) {
			if (strcmp(m->sent, "ATE0") == 0)
				m->ate0 = true;
			m->init_step++;
			m->tries[J_INIT] = 0;
			m->at[J_INIT] = now;
		} else if (failed(m, J_INIT, TRIES, later)) {
			if (init_steps[m->init_step].optional) {
				m->init_step++;
				m->at[J_INIT] = now;
			} else {
				restart_init(m, now);
			}
		}
		break;
	case C_CMGL:
		if (res == R_OK) {
			cmgl_flush(m);
			if (m->relist_more)
				m->relist = true;
			m->relist_more = false;
			if (m->job == J_INIT) {
				go_ready(m, now);
			} else {
				m->tries[J_READ] = 0;
				m->at[J_READ] = 0;
			}
		} else {
			m->in_have = false;
			m->relist_more = false;
			if (m->job == J_INIT) {
				if (failed(m, J_INIT, TRIES, later)) {
					go_ready(m, now);
					m->relist = true;
				}
			} else if (!failed(m, J_READ, TRIES, later)) {
				m->relist = true; /* try the list again */
			}
		}
		break;
	case C_CMGR:
		if (res == R_OK) {
			if (!in_finish(m, m->cur_idx))
				m->relist = true;
			rd_remove(m, m->cur_idx);
			m->tries[J_READ] = 0;
			m->at[J_READ] = 0;
		} else {
			m->in_have = false;
			if (failed(m, J_READ, TRIES, later)) {
				rd_remove(m, m->cur_idx);
				m->relist = true; /* still in storage */
			}
		}
		break;
	case C_CMGD:
		if (res == R_OK || failed(m, J_DEL, TRIES, later))
			del_pop(m);
		break;
	case C_CMGS:
		if (res == R_OK) {
			out_pop(m);
			m->at[J_SMS] = 0;
		} else if (failed(m, J_SMS, SMS_TRIES, later)) {
			out_pop(m);
		}
		break;
	case C_ATH:
		if (res == R_OK || failed(m, J_HANG, TRIES, later)) {
			m->tries[J_HANG] = 0;
			m->at[J_HANG] = 0;
			if (m->reject_req) {
				m->reject_req = false;
				m->call_active = false;
				m->ring_cb_at = NEVER;
			}
			if (m->dial_active)
				call_pop(m);
		}
		break;
	case C_ATD:
		if (res == R_CALLEND) {
			call_pop(m);
		} else if (res == R_ERR) {
			m->dial_active = false;
			if (failed(m, J_CALL, TRIES, later))
				call_pop(m);
		}
		/* R_OK: the call goes on; R_TIMEOUT: its time is up, hang up. */
		break;
	default:
		break;
	}

	if (m->timeouts >= MAX_TIMEOUTS)
		restart_init(m, now);
	else if (m->echoed && m->echo_off && m->ready)
		restart_init(m, now); /* echo is back: the module restarted */
	else if (!m->echoed && res == R_OK && m->ate0)
		m->echo_off = true; /* ATE0 took effect */
}

/* BUSY, NO ANSWER, NO DIALTONE, NO CARRIER. */
static void on_call_end(struct atc *m, bool no_carrier, uint64_t now)
{
	if (no_carrier) {
		m->call_active = false;
		m->ring_cb_at = NEVER;
	}
	if (m->cmd == C_ATD)
		finish(m, R_CALLEND, now);
	else if (m->dial_active)
		call_pop(m);
}

/* ---- line handling ------------------------------------------------------ */

/* Unsolicited result codes, recognised anywhere. Returns true if s was
 * one. Inside message text only the unambiguous ones count. */
static bool urc(struct atc *m, const char *s, bool body, uint64_t now)
{
	unsigned v;
	if (strcmp(s, "RING") == 0) {
		on_ring(m, now);
	} else if (starts(s, "+CLIP:")) {
		on_clip(m, s + 6, now);
	} else if (starts(s, "+CMTI:")) {
		on_cmti(m, s);
	} else if (starts(s, "+CSQ:")) {
		const char *p = s + 5;
		while (*p == ' ')
			p++;
		if (parse_uint(p, &v))
			m->rssi = (int8_t)(v <= 31u ? v : 99u);
	} else if (starts(s, "+CREG:")) {
		/* registration state is not tracked */
	} else if (strcmp(s, "NO CARRIER") == 0) {
		on_call_end(m, true, now);
	} else if (body) {
		return false;
	} else if (strcmp(s, "BUSY") == 0 || strcmp(s, "NO ANSWER") == 0 ||
		   strcmp(s, "NO DIALTONE") == 0) {
		on_call_end(m, false, now);
	} else if (strcmp(s, "RDY") == 0) {
		restart_init(m, now); /* the module restarted */
	} else {
		return false;
	}
	return true;
}

static bool is_error(const char *s)
{
	return strcmp(s, "ERROR") == 0 || starts(s, "+CMS ERROR:") ||
	       starts(s, "+CME ERROR:");
}

static void on_line(struct atc *m, const char *s, size_t n, bool over)
{
	uint64_t now = hal_now_ms();
	bool body = !m->pdu && m->in_have && (m->cmd == C_CMGR || m->cmd == C_CMGL);

	if (over) {
		/* Too long to be anything but message text. */
		if (body) {
			in_body(m, s, n);
			m->in.truncated = true;
		}
		return;
	}
	if (n == 0) {
		if (body && m->in_blank < 255)
			m->in_blank++;
		return;
	}
	if (body && strlen(s) != n) {
		/* A NUL is GSM '@': only message text carries one. */
		in_body(m, s, n);
		return;
	}
	if (m->cmd != C_NONE && !body && strcmp(s, m->sent) == 0) {
		m->echoed = true; /* see finish() */
		return;
	}
	if (urc(m, s, body, now)) {
		m->in_blank = 0; /* the blank line before a URC frames it */
		return;
	}
	if (m->cmd == C_NONE)
		return;

	if (m->cmd == C_INIT && starts(s, "+CCLK:")) {
		char ts[ATC_TS_MAX + 1];
		field(s + 6, ts, sizeof ts);
		if (m->ops && m->ops->clock)
			m->ops->clock(m->user, ts);
	} else if (strcmp(s, "OK") == 0) {
		if (m->cmd == C_CMGS && !(m->phase == PH_RESULT && m->got_mr))
			finish(m, R_ERR, now);
		else
			finish(m, R_OK, now);
	} else if (is_error(s)) {
		finish(m, R_ERR, now);
	} else if (m->cmd == C_CMGS && m->phase == PH_RESULT &&
		   starts(s, "+CMGS:")) {
		m->got_mr = true;
	} else if (m->cmd == C_CMGR && !m->in_have && starts(s, "+CMGR:")) {
		if (m->pdu)
			in_start_pdu(m, s + 6);
		else
			in_start(m, s + 6);
	} else if (m->cmd == C_CMGL && starts(s, "+CMGL:")) {
		unsigned idx;
		const char *p = s + 6;
		cmgl_flush(m);
		while (*p == ' ')
			p++;
		p = parse_uint(p, &idx);
		if (p && *p == ',' && idx <= 255u) {
			if (m->pdu)
				in_start_pdu(m, p + 1);
			else
				in_start(m, p + 1);
			m->in_idx = (uint8_t)idx;
		}
	} else if (body) {
		in_body(m, s, n);
	}
}

/* PDU mode: a byte of the line after a +CMGR / +CMGL header, taken as hex
 * beside the ordinary line; true when a whole PDU line ended here. */
static bool pdu_byte(struct atc *m, char c)
{
	int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
					 : c >= 'a' && c <= 'f'       ? c - 'a' + 10
								      : -1;
	if (c == '\r')
		return false;
	if (c == '\n') {
		bool pdu = m->pdu_digits > 0u && !m->pdu_nonhex && !(m->pdu_digits & 1u);
		if (pdu) {
			pdu_take(m);
		} else if (m->pdu_digits > 0u || m->pdu_nonhex) {
			m->in_rec = false; /* no PDU after the header: nothing to hand over */
			m->pdu_expect = false;
		}
		m->pdu_digits = 0;
		m->pdu_len = 0;
		m->pdu_nonhex = false;
		return pdu;
	}
	if (v < 0 || m->pdu_digits >= 2u * ATC_PDU_MAX) {
		m->pdu_nonhex = true;
		return false;
	}
	if (m->pdu_digits & 1u)
		m->pdu_buf[m->pdu_len++] |= (uint8_t)v;
	else
		m->pdu_buf[m->pdu_len] = (uint8_t)(v << 4);
	m->pdu_digits++;
	return false;
}

void atc_rx(struct atc *m, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = (char)buf[i];
		if (m->pdu_expect && pdu_byte(m, c)) {
			m->line_len = 0; /* the PDU line is done with */
			m->line_over = false;
			continue;
		}
		if (c == '\n') {
			size_t n = m->line_len;
			while (n && m->line[n - 1] == '\r')
				n--;
			m->line[n] = '\0';
			m->line_len = 0;
			bool over = m->line_over;
			m->line_over = false;
			on_line(m, m->line, n, over);
			continue;
		}
		if (m->line_len < ATC_LINE_MAX)
			m->line[m->line_len++] = c;
		else
			m->line_over = true;
		/* The AT+CMGS prompt "> " comes without a line end. */
		if (m->cmd == C_CMGS && m->phase == PH_PROMPT && !m->line_over &&
		    m->line_len == 2 && m->line[0] == '>' && m->line[1] == ' ') {
			m->line_len = 0;
			m->phase = PH_PROMPT_SEEN;
			m->cmd_deadline = hal_now_ms();
		}
	}
}

/* ---- PDU mode: the SMS-SUBMIT ---------------------------------------------- */

/* The GSM 7-bit code of an ASCII character; *esc when it is in the
 * extension table (sent as ESC + code). '`' has no GSM form. */
static uint8_t gsm_code(char c, bool *esc)
{
	static const char ext_from[] = "^{}\\[~]|";
	static const char ext_to[] = "\x14\x28\x29\x2F\x3C\x3D\x3E\x40";
	*esc = false;
	for (size_t i = 0; i < sizeof ext_from - 1; i++)
		if (ext_from[i] == c) {
			*esc = true;
			return (uint8_t)ext_to[i];
		}
	switch (c) {
	case '@': return 0x00;
	case '$': return 0x02;
	case '_': return 0x11;
	case '`': return '?';
	default: return (uint8_t)c;
	}
}

struct hexout {
	uint8_t buf[32];
	size_t n;
	uint32_t acc;
	unsigned bits;
};

static void hex_byte(struct hexout *h, uint8_t b)
{
	static const char d[] = "0123456789ABCDEF";
	h->buf[h->n++] = (uint8_t)d[b >> 4];
	h->buf[h->n++] = (uint8_t)d[b & 15u];
	if (h->n == sizeof h->buf) {
		hal_modem_write(h->buf, h->n);
		h->n = 0;
	}
}

static void septet_out(struct hexout *h, uint8_t s)
{
	h->acc |= (uint32_t)s << h->bits;
	h->bits += 7u;
	while (h->bits >= 8u) {
		hex_byte(h, (uint8_t)h->acc);
		h->acc >>= 8;
		h->bits -= 8u;
	}
}

/* The SMS-SUBMIT for o: its TPDU length (AT+CMGS=<length>), and with
 * write, the PDU in hex (an empty SMSC field first: the SIM's centre). At
 * most 160 septets; an escape pair is never cut. */
static unsigned pdu_submit(const struct atc_out *o, bool write)
{
	const char *num = o->number + (o->number[0] == '+');
	unsigned nd = (unsigned)strlen(num), sept = 0, chars = 0;
	struct hexout h = { { 0 }, 0, 0, 0 };
	bool esc;

	for (; o->text[chars]; chars++) {
		gsm_code(o->text[chars], &esc);
		if (sept + (esc ? 2u : 1u) > 160u)
			break;
		sept += esc ? 2u : 1u;
	}
	if (!write)
		return 8u + (nd + 1u) / 2u + (sept * 7u + 7u) / 8u;
	hex_byte(&h, 0x00); /* SMSC: the one stored on the SIM */
	hex_byte(&h, 0x11); /* SMS-SUBMIT, relative validity period */
	hex_byte(&h, 0x00); /* message reference: the module's */
	hex_byte(&h, (uint8_t)nd);
	hex_byte(&h, o->number[0] == '+' ? 0x91 : 0x81);
	for (unsigned i = 0; i < nd; i += 2u) {
		uint8_t lo = num[i] == '*' ? 10u : num[i] == '#' ? 11u
								 : (uint8_t)(num[i] - '0');
		uint8_t hi = i + 1u >= nd ? 15u : num[i + 1] == '*' ? 10u
					  : num[i + 1] == '#'       ? 11u
								    : (uint8_t)(num[i + 1] - '0');
		hex_byte(&h, (uint8_t)(hi << 4 | lo));
	}
	hex_byte(&h, 0x00); /* PID */
	hex_byte(&h, 0x00); /* DCS: GSM 7-bit */
	hex_byte(&h, 0xA7); /* valid 24 hours */
	hex_byte(&h, (uint8_t)sept);
	for (unsigned i = 0; i < chars; i++) {
		uint8_t c = gsm_code(o->text[i], &esc);
		if (esc)
			septet_out(&h, 0x1B);
		septet_out(&h, c);
	}
	if (h.bits)
		hex_byte(&h, (uint8_t)h.acc);
	if (h.n)
		hal_modem_write(h.buf, h.n);
	return 0;
}

/* ---- scheduling ------------------------------------------------------------ */

/* The highest-priority job that may run at `now`, or J_NONE with *when set
 * to the earliest time one may (NEVER if none). */
static uint8_t next_job(const struct atc *m, uint64_t now, uint64_t *when)
{
	uint64_t t[ATC_JOBS];
	uint64_t best = NEVER;

	for (uint8_t j = 0; j < ATC_JOBS; j++)
		t[j] = NEVER;
	if (!m->ready) {
		t[J_INIT] = m->at[J_INIT];
	} else {
		if (m->reject_req)
			t[J_HANG] = m->at[J_HANG];
		else if (m->dial_active)
			t[J_HANG] = m->at[J_HANG] > m->dial_until ? m->at[J_HANG]
								  : m->dial_until;
		if (m->del_n)
			t[J_DEL] = m->at[J_DEL];
		if ((m->relist || m->rd_n) && m->del_n < ATC_DEL_QUEUE)
			t[J_READ] = m->at[J_READ];
		if (m->out_n)
			t[J_SMS] = m->at[J_SMS];
		if (m->dial_n && !m->dial_active) {
			/* Not while a caller is still ringing in. */
			uint64_t free_at = m->call_active ? m->call_last + CALL_IDLE : 0;
			t[J_CALL] = m->at[J_CALL] > free_at ? m->at[J_CALL] : free_at;
		}
		t[J_CSQ] = m->at[J_CSQ];
	}
	for (uint8_t j = 0; j < ATC_JOBS; j++) {
		if (t[j] <= now) {
			*when = t[j];
			return j;
		}
		best = min64(best, t[j]);
	}
	*when = best;
	return J_NONE;
}

static void start(struct atc *m, uint8_t job, uint64_t now)
{
	m->sent[0] = '\0';
	switch (job) {
	case J_INIT:
		cmd_text(m, init_cmd(m, m->init_step));
		if (m->init_step == 0)
			issue(m, C_PROBE, job, T_PROBE, now);
		else if (m->init_step == INIT_STEPS - 1) {
			m->relist = false; /* this list covers everything stored */
			m->relist_more = false;
			issue(m, C_CMGL, job, T_READ, now);
		} else
			issue(m, C_INIT, job, T_SIMPLE, now);
		break;
	case J_HANG:
		cmd_text(m, "ATH");
		issue(m, C_ATH, job, T_SIMPLE, now);
		break;
	case J_DEL:
		m->cur_idx = m->del[0];
		cmd_text(m, "AT+CMGD=");
		cmd_uint(m, m->cur_idx);
		issue(m, C_CMGD, job, T_SIMPLE, now);
		break;
	case J_READ:
		if (m->relist) {
			m->relist = false; /* set again if this list falls short */
			m->relist_more = false;
			cmd_text(m, m->pdu ? "AT+CMGL=4" : "AT+CMGL=\"ALL\"");
			issue(m, C_CMGL, job, T_READ, now);
		} else {
			m->cur_idx = m->rd[0];
			cmd_text(m, "AT+CMGR=");
			cmd_uint(m, m->cur_idx);
			issue(m, C_CMGR, job, T_READ, now);
		}
		break;
	case J_SMS:
		if (m->pdu) {
			cmd_text(m, "AT+CMGS=");
			cmd_uint(m, pdu_submit(m->out + m->out_head, false));
		} else {
			cmd_text(m, "AT+CMGS=\"");
			cmd_text(m, m->out[m->out_head].number);
			cmd_text(m, "\"");
		}
		issue(m, C_CMGS, job, T_PROMPT, now);
		break;
	case J_CALL:
		cmd_text(m, "ATD");
		cmd_text(m, m->dial[0]);
		cmd_text(m, ";");
		m->dial_active = true;
		m->dial_until = now + T_DIAL;
		issue(m, C_ATD, job, T_DIAL, now);
		break;
	case J_CSQ:
		cmd_text(m, "AT+CSQ");
		m->at[J_CSQ] = now + CSQ_PERIOD;
		issue(m, C_CSQ, job, T_SIMPLE, now);
		break;
	default:
		break;
	}
}

/* ---- public API --------------------------------------------------------------- */

void atc_init(struct atc *m, const struct atc_ops *ops, void *user)
{
	memset(m, 0, sizeof *m);
	m->ops = ops;
	m->user = user;
	restart_init(m, hal_now_ms());
}

void atc_poll(struct atc *m)
{
	uint64_t now = hal_now_ms(), when;

	if (m->call_active && !m->call_reported && now >= m->ring_cb_at)
		report_ring(m, "");

	if (m->cmd == C_CMGS && m->phase == PH_PROMPT_SEEN) {
		static const uint8_t ctrl_z = 0x1A;
		const char *text = m->out[m->out_head].text;
		uint8_t gsm[ATC_TEXT_MAX];
		size_t n = 0;
		if (m->pdu) {
			pdu_submit(m->out + m->out_head, true);
		} else {
			/* In the GSM alphabet '@' is 0x00, '$' 0x02 and '_' 0x11. */
			for (; text[n]; n++)
				gsm[n] = text[n] == '@' ? 0x00 : text[n] == '$' ? 0x02
							 : text[n] == '_'       ? 0x11
										: (uint8_t)text[n];
			hal_modem_write(gsm, n);
		}
		hal_modem_write(&ctrl_z, 1);
		m->phase = PH_RESULT;
		m->cmd_deadline = now + T_SEND;
	} else if (m->cmd != C_NONE && now >= m->cmd_deadline) {
		if (m->cmd == C_CMGS && m->phase == PH_PROMPT) {
			static const uint8_t esc = 0x1B;
			hal_modem_write(&esc, 1);
		}
		finish(m, R_TIMEOUT, now);
	}

	if (m->cmd == C_NONE) {
		uint8_t job = next_job(m, now, &when);
		if (job != J_NONE)
			start(m, job, now);
	}
}

uint64_t atc_next_deadline(const struct atc *m)
{
	uint64_t now = hal_now_ms(), t = NEVER, when;

	if (m->call_active && !m->call_reported)
		t = m->ring_cb_at;
	if (m->cmd != C_NONE) {
		t = min64(t, m->cmd_deadline);
	} else {
		next_job(m, now, &when);
		t = min64(t, when);
	}
	return t != NEVER && t < now ? now : t;
}

/* Returns -1 also for an invalid number (see valid_number) or no text.
 * Text is cut to ATC_TEXT_MAX bytes; bytes other than printable ASCII
 * and '\n' become '?'. */
int atc_send_sms(struct atc *m, const char *number, const char *text)
{
	struct atc_out *o;
	size_t i;

	if (!valid_number(number) || !text || m->out_n >= ATC_OUT_QUEUE)
		return -1;
	o = &m->out[(m->out_head + m->out_n) % ATC_OUT_QUEUE];
	strcpy(o->number, number);
	for (i = 0; i < ATC_TEXT_MAX && text[i]; i++) {
		uint8_t c = (uint8_t)text[i];
		o->text[i] = (c == '\n' || (c >= 0x20 && c <= 0x7E)) ? (char)c : '?';
	}
	o->text[i] = '\0';
	m->out_n++;
	return 0;
}

/* Returns -1 also for an invalid number. */
int atc_call(struct atc *m, const char *number)
{
	if (!valid_number(number) || m->dial_n >= ATC_CALL_QUEUE)
		return -1;
	strcpy(m->dial[m->dial_n++], number);
	return 0;
}

/* Hangs up with ATH once the module is ready; repeated calls before that
 * add nothing. */
int atc_reject(struct atc *m)
{
	if (!m->reject_req) {
		m->reject_req = true;
		m->tries[J_HANG] = 0;
		m->at[J_HANG] = 0;
	}
	return 0;
}

void atc_set_pdu(struct atc *m, bool pdu)
{
	m->pdu = pdu;
	restart_init(m, hal_now_ms());
}

bool atc_ready(const struct atc *m) { return m->ready; }

int atc_rssi(const struct atc *m) { return m->rssi; }

int atc_pending(const struct atc *m)
{
	return m->out_n + m->dial_n + (m->reject_req ? 1 : 0);
}
