/*
 * emu_v250.c - V.250 for the emulator: command lines, basic commands
 * (E V Q Z &F &W &V I S H A D), result codes (verbose or numeric), the
 * error forms of AT+CMEE, and the dispatch of extended commands to the
 * tables of the other parts.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "emu/emu_priv.h"

const struct profile emu_factory = {
	.echo = true,
	.verbose = true,
	.cmee = 0,
	.cmgf = 0,
	.ira = true,
	.cnmi = { 2, 1, 0, 0, 0 },
	.csmp = { 17, 167, 0, 0 },
	.ipr = 0,
};

/* ---- errors ---- */

static const char *cme_text(int code)
{
	switch (code) {
	case 3: return "operation not allowed";
	case 4: return "operation not supported";
	case 10: return "SIM not inserted";
	case 11: return "SIM PIN required";
	case 16: return "incorrect password";
	case 21: return "invalid index";
	case 22: return "not found";
	case 30: return "no network service";
	case 50: return "Incorrect parameters";
	case 100: return "unknown";
	}
	return "unknown";
}

static const char *cms_text(int code)
{
	switch (code) {
	case 302: return "operation not allowed";
	case 303: return "operation not supported";
	case 304: return "invalid PDU mode parameter";
	case 305: return "invalid text mode parameter";
	case 310: return "SIM not inserted";
	case 311: return "SIM PIN required";
	case 321: return "invalid memory index";
	case 322: return "memory full";
	case 330: return "SMSC address unknown";
	case 331: return "no network service";
	case 340: return "no +CNMA acknowledgement expected";
	case 500: return "unknown error";
	}
	return "unknown error";
}

static int error_form(struct emu *e, const char *kind, int code, const char *text)
{
	if (e->cur.cmee == 0)
		emu_final(e, RC_ERROR);
	else if (e->cur.cmee == 1)
		emu_say(e, "+%s ERROR: %d", kind, code);
	else
		emu_say(e, "+%s ERROR: %s", kind, text);
	return R_DONE;
}

int emu_cme(struct emu *e, int code)
{
	return error_form(e, "CME", code, cme_text(code));
}

int emu_cms(struct emu *e, int code)
{
	return error_form(e, "CMS", code, cms_text(code));
}

void emu_urc_rc(struct emu *e, enum rc rc)
{
	static const char *const words[] = { "OK", "CONNECT", "RING", "NO CARRIER", "ERROR", "", "NO DIALTONE",
					     "BUSY", "NO ANSWER" };
	if (e->cur.verbose)
		emu_urc(e, "%s", words[rc]);
	else
		emu_urc(e, "%d", (int)rc);
}

int64_t emu_elapsed_s(uint64_t now, uint64_t ref)
{
	int64_t d = (int64_t)now - (int64_t)ref;
	return d >= 0 ? d / 1000 : -((-d + 999) / 1000);
}

/* ---- arguments ---- */

/* Split "a,\"b\",3" into arguments. False on an unterminated quote, too
 * many or too long arguments, or text after a closing quote. */
static bool parse_args(const char *s, struct args *a)
{
	memset(a, 0, sizeof(*a));
	if (!*s)
		return true;
	for (;;) {
		if (a->n == EMU_ARGS_MAX)
			return false;
		char *v = a->v[a->n];
		size_t k = 0;
		if (*s == '"') {
			a->quoted[a->n] = true;
			s++;
			while (*s && *s != '"') {
				if (k + 1 >= EMU_ARG_LEN)
					return false;
				v[k++] = *s++;
			}
			if (*s != '"')
				return false;
			s++;
			if (*s && *s != ',')
				return false;
		} else {
			while (*s && *s != ',') {
				if (k + 1 >= EMU_ARG_LEN || *s == '"')
					return false;
				v[k++] = *s++;
			}
		}
		v[k] = '\0';
		a->n++;
		if (!*s)
			return true;
		s++; /* ',' */
	}
}

/* Argument i as an unquoted integer in lo..hi. */
bool emu_arg_int(const struct args *a, int i, int lo, int hi, int *out)
{
	if (i >= a->n || a->quoted[i] || !a->v[i][0])
		return false;
	long v = 0;
	for (const char *p = a->v[i]; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
		v = v * 10 + (*p - '0');
		if (v > 100000)
			return false;
	}
	if (v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

bool emu_ieq(const char *a, const char *b)
{
	while (*a && *b && toupper((unsigned char)*a) == toupper((unsigned char)*b))
		a++, b++;
	return !*a && !*b;
}

/* A dialable number: optional leading '+', then digits, '*' or '#'. */
bool emu_dial_ok(const char *s, size_t n)
{
	if (n == 0 || n > EMU_NUMBER_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!(isdigit((unsigned char)c) || c == '*' || c == '#' || (c == '+' && i == 0)))
			return false;
	}
	return !(n == 1 && s[0] == '+');
}

bool emu_arg_given(const struct args *a, int i)
{
	return i < a->n && (a->v[i][0] || a->quoted[i]);
}

int emu_set_one(struct emu *e, const struct args *a, int max, int *field)
{
	int v;
	if (a->n != 1 || !emu_arg_int(a, 0, 0, max, &v))
		return emu_cme(e, 50);
	*field = v;
	return R_OK;
}

/* ---- extended commands ---- */

static const struct emu_cmd *const tables[] = { emu_gen_cmds, emu_net_cmds, emu_sms_cmds, emu_smsio_cmds,
						emu_call_cmds };

/* One extended command, "+NAME[=args|?|=?]". */
static int extended(struct emu *e, const char *cmd)
{
	char name[16];
	size_t k = 0;
	const char *p = cmd;
	while (*p && *p != '=' && *p != '?' && k + 1 < sizeof(name))
		name[k++] = *p++;
	name[k] = '\0';
	enum form f = F_EXEC;
	struct args a;
	memset(&a, 0, sizeof(a));
	if (*p == '?' && !p[1]) {
		f = F_READ;
	} else if (p[0] == '=' && p[1] == '?' && !p[2]) {
		f = F_TEST;
	} else if (*p == '=') {
		f = F_SET;
		if (!parse_args(p + 1, &a))
			return emu_cme(e, 50);
	} else if (*p) {
		return emu_cme(e, 100);
	}
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct emu_cmd *c = tables[t]; c->name; c++)
			if (!strcmp(name, c->name))
				return c->fn(e, f, &a);
	return emu_cme(e, 100);
}

/* ---- basic commands ---- */

static void show_profile(struct emu *e)
{
	const struct profile *p = &e->cur;
	emu_say(e, "DEFAULT PROFILE");
	emu_say_cont(e, "", 0);
	char b[200];
	snprintf(b, sizeof(b), "E: %d Q: %d V: %d X: 4 &C: 1 &D: 1 +IPR: %d +IFC: 0,0 +CMEE: %d", p->echo, p->quiet,
		 p->verbose, p->ipr, p->cmee);
	emu_say_cont(e, b, strlen(b));
	snprintf(b, sizeof(b), "+CMGF: %d +CNMI: %d,%d,%d,%d,%d +CLIP: %d +CRC: %d +CREG: %d +CSDH: %d +CSCS: \"%s\"",
		 p->cmgf, p->cnmi[0], p->cnmi[1], p->cnmi[2], p->cnmi[3], p->cnmi[4], p->clip, p->crc, p->creg,
		 p->csdh, p->ira ? "IRA" : "GSM");
	emu_say_cont(e, b, strlen(b));
}

/* A basic command at *p ("E1", "&W", "H"...). Advances *p. */
static int basic(struct emu *e, const char **pp)
{
	const char *p = *pp;
	char c = *p++;
	char amp = 0;
	if (c == '&') {
		amp = *p ? *p++ : 0;
		if (!amp)
			return emu_cme(e, 100);
	}
	if (c == 'S' && !amp) { /* S-registers: Sn?, Sn=v (kept as read) */
		int reg = 0;
		while (isdigit((unsigned char)*p))
			reg = reg * 10 + (*p++ - '0');
		if (*p == '?') {
			p++;
			*pp = p;
			emu_say(e, "%03d", reg == 3 ? 13 : reg == 4 ? 10
						   : reg == 5       ? 8
								    : 0);
			return R_OK;
		}
		if (*p == '=') {
			p++;
			while (isdigit((unsigned char)*p))
				p++;
			*pp = p;
			return R_OK;
		}
		*pp = p;
		return emu_cme(e, 100);
	}
	int v = 0;
	bool has_v = false;
	while (isdigit((unsigned char)*p)) {
		v = v * 10 + (*p++ - '0');
		has_v = true;
		if (v > 999)
			return emu_cme(e, 50);
	}
	*pp = p;
	if (amp) {
		if (v != 0 && amp != 'C' && amp != 'D')
			return emu_cme(e, 50);
		switch (amp) {
		case 'W': e->saved = e->cur; return R_OK;
		case 'F': e->cur = emu_factory; return R_OK;
		case 'V': show_profile(e); return R_OK;
		case 'C':
		case 'D': return v <= 2 ? R_OK : emu_cme(e, 50);
		}
		return emu_cme(e, 100);
	}
	switch (c) {
	case 'E':
		if (v > 1)
			return emu_cme(e, 50);
		e->cur.echo = v == 1;
		return R_OK;
	case 'V':
		if (v > 1)
			return emu_cme(e, 50);
		e->cur.verbose = v == 1;
		return R_OK;
	case 'Q':
		if (v > 1)
			return emu_cme(e, 50);
		e->cur.quiet = v == 1;
		return R_OK;
	case 'X':
		return v <= 4 ? R_OK : emu_cme(e, 50);
	case 'Z':
		if (v != 0)
			return emu_cme(e, 50);
		e->cur = e->saved;
		return R_OK;
	case 'I':
		if (v != 0)
			return emu_cme(e, 50);
		emu_say(e, EMU_REVISION);
		return R_OK;
	case 'H':
		if (v != 0)
			return emu_cme(e, 50);
		return emu_hang_up(e);
	case 'A':
		if (has_v)
			return emu_cme(e, 50);
		return emu_answer(e);
	}
	return emu_cme(e, 100);
}

/* Run the command line body after "AT" (spaces removed, upper case outside
 * quotes). */
static void run_line(struct emu *e, const char *body)
{
	const char *p = body;
	bool ok = true;
	e->in_cmd = true;
	while (*p) {
		int r;
		if (*p == '+') {
			/* up to the next ';' outside quotes */
			const char *q = p;
			bool quote = false;
			while (*q && (quote || *q != ';')) {
				if (*q == '"')
					quote = !quote;
				q++;
			}
			char cmd[EMU_LINE_MAX + 1];
			size_t n = (size_t)(q - p);
			memcpy(cmd, p, n);
			cmd[n] = '\0';
			r = extended(e, cmd);
			p = *q ? q + 1 : q;
		} else if (*p == 'D') {
			size_t used = 0;
			r = emu_dial(e, p + 1, &used);
			p += 1 + used;
		} else if (*p == ';') {
			p++;
			continue;
		} else {
			r = basic(e, &p);
		}
		if (r != R_OK) {
			ok = false;
			break;
		}
	}
	if (ok)
		emu_final(e, RC_OK);
	e->in_cmd = false;
	emu_urc_release(e); /* what came up during the command, after its result */
}

void emu_end_line(struct emu *e)
{
	if (e->line_drop) {
		char suffix[80];
		snprintf(suffix, sizeof(suffix), "...(%zu more bytes)", e->line_drop);
		emu_tlog(e, '>', (const uint8_t *)e->line, e->line_len, suffix);
		emu_note(e, "command line over %d characters refused", EMU_LINE_MAX);
		e->line_len = e->line_drop = 0;
		emu_cme(e, 100);
		return;
	}
	if (e->line_len == 0)
		return; /* empty line: nothing to answer */
	emu_tlog(e, '>', (const uint8_t *)e->line, e->line_len, NULL);
	size_t n = e->line_len;
	e->line_len = 0;

	/* Anything before "AT" is line noise (V.250). */
	size_t at = 0;
	while (at + 1 < n && !(toupper((unsigned char)e->line[at]) == 'A' &&
			       toupper((unsigned char)e->line[at + 1]) == 'T'))
		at++;
	if (at + 1 >= n) {
		emu_note(e, "line without AT ignored");
		return;
	}
	char body[EMU_LINE_MAX + 1];
	size_t k = 0;
	bool quote = false;
	for (size_t i = at + 2; i < n; i++) {
		char c = e->line[i];
		if (c == '"')
			quote = !quote;
		if (!quote && c == ' ')
			continue;
		body[k++] = quote ? c : (char)toupper((unsigned char)c);
	}
	body[k] = '\0';
	if (memchr(body, '\0', k)) { /* NUL inside the command */
		emu_cme(e, 100);
		return;
	}
	run_line(e, body);
}

void emu_cmd_byte(struct emu *e, uint8_t c)
{
	if (e->cur.echo)
		emu_out(e, &c, 1);
	if (c == '\r' || c == '\n') {
		emu_end_line(e);
		return;
	}
	if (c == 0x08) {
		if (e->line_len > 0 && !e->line_drop)
			e->line_len--;
		return;
	}
	if (e->line_len < EMU_LINE_MAX)
		e->line[e->line_len++] = (char)c;
	else
		e->line_drop++;
}
