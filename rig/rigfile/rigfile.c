/*
 * rigfile.c - reading and validating rig description files (rigfile.h).
 *
 * Two passes: the first reads sections and keys, checking each value on its
 * own; the second checks the whole (required entries, lines the chip lacks,
 * lines used twice, the modem's channel) and fills in derived values.
 */
#include "rigfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "link/link.h"

#define MAX_LINE 1024
#define MAX_FILE (256 * 1024)

enum section {
	S_RIG,
	S_SIM,
	S_FTDI,
	S_OUTPUTS,
	S_RELAYS,
	S_MODEM,
	S_USB,
	S_TIMING,
	S_COUNT
};

static const char *const section_names[S_COUNT] = {
	"rig",
	"sim",
	"ftdi",
	"outputs",
	"relays",
	"modem",
	"usb",
	"timing",
};

/* Keys per section, NULL-terminated. [outputs] follows enum rig_output. */
static const char *const keys_rig[] = { "driver", "name", NULL };
static const char *const keys_sim[] = { "simulator", "hang_timeout_ms", "ac_sensor", "serial",
					"nv", NULL };
static const char *const keys_ftdi[] = { "chip", "device", "vid", "pid", "serial",
					 "description", "index", "latency_ms", NULL };
static const char *const keys_outputs[] = { "dc", "ac", "bat", "usb", "in1", "in2",
					    "in3", "in4", "in5", "in6", NULL };
static const char *const keys_relays[] = { "r1", "r2", "r3", "r4", "r5", "r6", "r7", NULL };
static const char *const keys_modem[] = { "port", "vid", "pid", "serial", "interface",
					  "channel", "settings", NULL };
static const char *const keys_usb[] = { "port", "vid", "pid", "serial", "interface",
					"settings", "enumerate_ms", NULL };
static const char *const keys_timing[] = { "settle_ms", "debounce_ms", "poll_ms",
					   "restart_off_ms", NULL };

static const char *const *const section_keys[S_COUNT] = {
	keys_rig,
	keys_sim,
	keys_ftdi,
	keys_outputs,
	keys_relays,
	keys_modem,
	keys_usb,
	keys_timing,
};

#define MAX_KEYS 12

struct parser {
	const char *name;
	struct rigfile *rf;
	char *err;
	size_t errlen;
	int lineno;
	int section;                     /* current, -1 before the first */
	int sec_line[S_COUNT];           /* header line, 0 = absent */
	int key_line[S_COUNT][MAX_KEYS]; /* line of each key, 0 = absent */
};

static int fail_at(struct parser *p, int lineno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record the first error as "FILE:LINE: msg" (or "FILE: msg" for line 0). */
static int fail_at(struct parser *p, int lineno, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->err && p->errlen) {
		if (lineno > 0)
			snprintf(p->err, p->errlen, "%s:%d: %s", p->name, lineno, msg);
		else
			snprintf(p->err, p->errlen, "%s: %s", p->name, msg);
	}
	return RR_ERR_ARG;
}

const char *rigfile_chip_name(enum rigfile_chip c)
{
	switch (c) {
	case RIGFILE_FT232H: return "FT232H";
	case RIGFILE_FT2232H: return "FT2232H";
	case RIGFILE_FT4232H: return "FT4232H";
	case RIGFILE_CHIP_NONE: break;
	}
	return "none";
}

int rigfile_chip_channels(enum rigfile_chip c)
{
	switch (c) {
	case RIGFILE_FT232H: return 1;
	case RIGFILE_FT2232H: return 2;
	case RIGFILE_FT4232H: return 4;
	case RIGFILE_CHIP_NONE: break;
	}
	return 0;
}

static const char *chip_channels_str(enum rigfile_chip c)
{
	switch (rigfile_chip_channels(c)) {
	case 1: return "channel A only";
	case 2: return "channels A and B";
	case 4: return "channels A..D";
	}
	return "no channels";
}

const char *rigfile_output_key(enum rig_output o)
{
	if ((int)o < 0 || o >= RIG_OUT_COUNT)
		return NULL;
	return keys_outputs[o];
}

const char *rigfile_line_str(const struct rigfile_line *l, char *buf, size_t len)
{
	if (!l->wired)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%c.%d", 'A' + l->channel, l->bit);
	return buf;
}

static void defaults(struct rigfile *rf, const char *name)
{
	memset(rf, 0, sizeof(*rf));
	snprintf(rf->path, sizeof(rf->path), "%s", name);
	rf->vid = rf->pid = -1;
	rf->latency_ms = 2;
	struct rigfile_port *ports[2] = { &rf->modem, &rf->usb };
	for (int i = 0; i < 2; i++) {
		ports[i]->vid = ports[i]->pid = -1;
		ports[i]->interface = -1;
		ports[i]->channel = -1;
		snprintf(ports[i]->settings, sizeof(ports[i]->settings), "115200,8N1");
	}
	rf->usb.enumerate_ms = 5000;
	rf->settle_ms = 20;
	rf->debounce_ms = 10;
	rf->poll_ms = 2;
	rf->restart_off_ms = 3000;
	rf->sim.hang_ms = 5000;
	rf->sim.ac_sensor = true;
}

void rigfile_sim_default(struct rigfile *out)
{
	defaults(out, "sim");
	snprintf(out->driver, sizeof(out->driver), "sim");
	snprintf(out->name, sizeof(out->name), "simulated iSocket Smart Relay");
	out->settle_ms = 0;
	out->debounce_ms = 0;
}

void rigfile_unit_defaults(const struct rigfile *rf, struct unit_opts *u)
{
	memset(u, 0, sizeof(*u));
	u->ac_sensor = rf->sim.ac_sensor;
	snprintf(u->serial, sizeof(u->serial), "%s", rf->sim.serial);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Cut a comment: '#' or ';' at the start or after whitespace. */
static void strip_comment(char *s)
{
	for (char *c = s; *c; c++) {
		if ((*c == '#' || *c == ';') && (c == s || isspace((unsigned char)c[-1]))) {
			*c = '\0';
			return;
		}
	}
}

/* Decimal, or hex with 0x; no sign. */
static bool parse_uint(const char *s, long lo, long hi, long *out)
{
	char *end;
	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	long v = strtol(s, &end, 0);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static int set_int(struct parser *p, const char *key, const char *v, long lo, long hi, int *dst)
{
	long n;
	if (!parse_uint(v, lo, hi, &n)) {
		if (hi == 0xffff)
			return fail_at(p, p->lineno, "%s: '%s' is not a number in 0x%04lx..0x%04lx",
				       key, v, lo, hi);
		return fail_at(p, p->lineno, "%s: '%s' is not a number in %ld..%ld", key, v, lo, hi);
	}
	*dst = (int)n;
	return RR_OK;
}

static int set_str(struct parser *p, const char *key, const char *v, char *dst, size_t len)
{
	if (strlen(v) >= len)
		return fail_at(p, p->lineno, "%s: value longer than %zu characters", key, len - 1);
	memcpy(dst, v, strlen(v) + 1);
	return RR_OK;
}

/* yes/no, true/false, on/off, 1/0. */
static int set_bool(struct parser *p, const char *key, const char *v, bool *dst)
{
	static const char *const t[] = { "yes", "true", "on", "1" }, *const f[] = { "no", "false", "off", "0" };
	for (int i = 0; i < 4; i++) {
		if (strcmp(v, t[i]) == 0) {
			*dst = true;
			return RR_OK;
		}
		if (strcmp(v, f[i]) == 0) {
			*dst = false;
			return RR_OK;
		}
	}
	return fail_at(p, p->lineno, "%s: '%s' is not yes or no", key, v);
}

static int sim_key(struct parser *p, int k, const char *key, const char *v)
{
	struct rigfile_sim *sm = &p->rf->sim;
	switch (k) {
	case 0: return set_str(p, key, v, sm->simulator, sizeof(sm->simulator));
	case 1: return set_int(p, key, v, 1, 600000, &sm->hang_ms);
	case 2: return set_bool(p, key, v, &sm->ac_sensor);
	case 3:
		for (const char *c = v; *c; c++)
			if (!isgraph((unsigned char)*c))
				return fail_at(p, p->lineno, "serial: '%s' has a space or control character", v);
		return set_str(p, key, v, sm->serial, sizeof(sm->serial));
	case 4: return set_str(p, key, v, sm->nv, sizeof(sm->nv));
	}
	return RR_OK;
}

static int parse_channel(struct parser *p, const char *key, const char *v, int *dst)
{
	char c = (char)toupper((unsigned char)v[0]);
	if (v[1] != '\0' || c < 'A' || c > 'D')
		return fail_at(p, p->lineno, "%s: '%s' is not a channel A..D", key, v);
	*dst = c - 'A';
	return RR_OK;
}

/* "B.3", "B.3 active-low", "c.0 active-high" or "none". */
static int parse_line(struct parser *p, const char *key, const char *v, struct rigfile_line *l)
{
	char buf[MAX_LINE], *save = NULL;
	snprintf(buf, sizeof(buf), "%s", v);
	char *tok = strtok_r(buf, " \t", &save);
	const char *form = "is not CHANNEL.BIT [active-high|active-low] or none (e.g. B.3 active-low)";
	l->lineno = p->lineno;
	if (!tok)
		return fail_at(p, p->lineno, "%s: '%s' %s", key, v, form);
	if (strcmp(tok, "none") == 0) {
		l->wired = false;
		if (strtok_r(NULL, " \t", &save))
			return fail_at(p, p->lineno, "%s: '%s' %s", key, v, form);
		return RR_OK;
	}
	char c = (char)toupper((unsigned char)tok[0]);
	if (c < 'A' || c > 'Z' || tok[1] != '.' || !isdigit((unsigned char)tok[2]))
		return fail_at(p, p->lineno, "%s: '%s' %s", key, v, form);
	if (c > 'D')
		return fail_at(p, p->lineno, "%s: channel %c does not exist (A..D)", key, c);
	long bit;
	if (!parse_uint(tok + 2, 0, 1000, &bit))
		return fail_at(p, p->lineno, "%s: '%s' %s", key, v, form);
	if (bit >= RIGFILE_BITS)
		return fail_at(p, p->lineno, "%s: bit %ld out of range 0..%d", key, bit, RIGFILE_BITS - 1);
	l->wired = true;
	l->channel = c - 'A';
	l->bit = (int)bit;
	l->active_low = false;
	tok = strtok_r(NULL, " \t", &save);
	if (tok) {
		if (strcmp(tok, "active-low") == 0)
			l->active_low = true;
		else if (strcmp(tok, "active-high") != 0)
			return fail_at(p, p->lineno, "%s: '%s' is not active-high or active-low", key, tok);
		if (strtok_r(NULL, " \t", &save))
			return fail_at(p, p->lineno, "%s: '%s' %s", key, v, form);
	}
	return RR_OK;
}

/* ftdi_usb_open_string forms: d:BUS/ADDR, i:VID:PID[:INDEX], s:VID:PID:SERIAL. */
static int parse_device(struct parser *p, const char *v)
{
	struct rigfile *rf = p->rf;
	const char *form = "device: '%s' is not d:BUS/ADDR, i:VID:PID[:INDEX] or s:VID:PID:SERIAL";
	char *end;
	if (set_str(p, "device", v, rf->device, sizeof(rf->device)))
		return RR_ERR_ARG;
	if ((v[0] != 'd' && v[0] != 'i' && v[0] != 's') || v[1] != ':')
		return fail_at(p, p->lineno, form, v);
	if (v[0] == 'd') {
		unsigned long bus = strtoul(v + 2, &end, 10);
		if (end == v + 2 || *end != '/' || bus > 255)
			return fail_at(p, p->lineno, form, v);
		const char *a = end + 1;
		unsigned long addr = strtoul(a, &end, 10);
		if (end == a || *end || addr > 255)
			return fail_at(p, p->lineno, form, v);
		return RR_OK;
	}
	const char *s = v + 2;
	errno = 0;
	unsigned long vid = strtoul(s, &end, 0);
	if (end == s || *end != ':' || vid > 0xffff || errno)
		return fail_at(p, p->lineno, form, v);
	s = end + 1;
	unsigned long pid = strtoul(s, &end, 0);
	if (end == s || pid > 0xffff || errno)
		return fail_at(p, p->lineno, form, v);
	rf->vid = (int)vid;
	rf->pid = (int)pid;
	if (v[0] == 'i') {
		if (*end == ':') {
			s = end + 1;
			unsigned long idx = strtoul(s, &end, 0);
			if (end == s || *end || idx > 255)
				return fail_at(p, p->lineno, form, v);
			rf->index = (int)idx;
		} else if (*end) {
			return fail_at(p, p->lineno, form, v);
		}
	} else {
		if (*end != ':' || end[1] == '\0')
			return fail_at(p, p->lineno, form, v);
		return set_str(p, "device serial", end + 1, rf->serial, sizeof(rf->serial));
	}
	return RR_OK;
}

/* "115200,8N1[,FLOW]": checked by the serial links' own parser (link.h),
 * kept as text for link_sp_open. */
static int parse_settings(struct parser *p, const char *v, char *dst, size_t len)
{
	char msg[384];
	if (link_sp_parse_settings(v, NULL, msg, sizeof(msg)) != RR_OK)
		return fail_at(p, p->lineno, "%s", msg);
	return set_str(p, "settings", v, dst, len);
}

static int port_key(struct parser *p, struct rigfile_port *pt, int k, const char *key, const char *v)
{
	bool usb = pt == &p->rf->usb;
	switch (k) {
	case 0: return set_str(p, key, v, pt->name, sizeof(pt->name));
	case 1: return set_int(p, key, v, 0, 0xffff, &pt->vid);
	case 2: return set_int(p, key, v, 0, 0xffff, &pt->pid);
	case 3: return set_str(p, key, v, pt->serial, sizeof(pt->serial));
	case 4: return set_int(p, key, v, 0, 255, &pt->interface);
	case 5:
		if (usb)
			return parse_settings(p, v, pt->settings, sizeof(pt->settings));
		return parse_channel(p, key, v, &pt->channel);
	case 6:
		if (usb)
			return set_int(p, key, v, 0, 60000, &pt->enumerate_ms);
		return parse_settings(p, v, pt->settings, sizeof(pt->settings));
	}
	return RR_OK;
}

static int ftdi_key(struct parser *p, int k, const char *key, const char *v)
{
	struct rigfile *rf = p->rf;
	switch (k) {
	case 0:
		if (strcmp(v, "ft232h") == 0)
			rf->chip = RIGFILE_FT232H;
		else if (strcmp(v, "ft2232h") == 0)
			rf->chip = RIGFILE_FT2232H;
		else if (strcmp(v, "ft4232h") == 0)
			rf->chip = RIGFILE_FT4232H;
		else
			return fail_at(p, p->lineno, "chip: '%s' is not ft232h, ft2232h or ft4232h", v);
		return RR_OK;
	case 1: return parse_device(p, v);
	case 2: return set_int(p, key, v, 0, 0xffff, &rf->vid);
	case 3: return set_int(p, key, v, 0, 0xffff, &rf->pid);
	case 4: return set_str(p, key, v, rf->serial, sizeof(rf->serial));
	case 5: return set_str(p, key, v, rf->description, sizeof(rf->description));
	case 6: return set_int(p, key, v, 0, 255, &rf->index);
	case 7: return set_int(p, key, v, 1, 255, &rf->latency_ms);
	}
	return RR_OK;
}

static int apply_key(struct parser *p, int k, const char *key, const char *v)
{
	struct rigfile *rf = p->rf;
	switch (p->section) {
	case S_RIG:
		if (k == 0) {
			if (strcmp(v, "ftdi") && strcmp(v, "sim"))
				return fail_at(p, p->lineno, "driver: '%s' is not ftdi or sim", v);
			return set_str(p, key, v, rf->driver, sizeof(rf->driver));
		}
		return set_str(p, key, v, rf->name, sizeof(rf->name));
	case S_SIM: return sim_key(p, k, key, v);
	case S_FTDI: return ftdi_key(p, k, key, v);
	case S_OUTPUTS: return parse_line(p, key, v, &rf->out[k]);
	case S_RELAYS: return parse_line(p, key, v, &rf->relay[k]);
	case S_MODEM: return port_key(p, &rf->modem, k, key, v);
	case S_USB: return port_key(p, &rf->usb, k, key, v);
	case S_TIMING: {
		static const int lo[] = { 0, 0, 1, 100 }, hi[] = { 10000, 1000, 100, 60000 };
		int *dst[] = { &rf->settle_ms, &rf->debounce_ms, &rf->poll_ms, &rf->restart_off_ms };
		return set_int(p, key, v, lo[k], hi[k], dst[k]);
	}
	}
	return RR_OK;
}

static void known_list(char *buf, size_t len, const char *const *names, int n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; (n < 0 ? names[i] != NULL : i < n) && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]);
}

static int header(struct parser *p, char *s)
{
	size_t n = strlen(s);
	if (n < 3 || s[n - 1] != ']')
		return fail_at(p, p->lineno, "malformed section header '%s'", s);
	s[n - 1] = '\0';
	char *name = trim(s + 1);
	for (int i = 0; i < S_COUNT; i++) {
		if (strcmp(name, section_names[i]) != 0)
			continue;
		if (p->sec_line[i])
			return fail_at(p, p->lineno, "section [%s] already started at line %d",
				       name, p->sec_line[i]);
		p->sec_line[i] = p->lineno;
		p->section = i;
		return RR_OK;
	}
	char known[256];
	known_list(known, sizeof(known), section_names, S_COUNT);
	return fail_at(p, p->lineno, "unknown section [%s] (known: %s)", name, known);
}

static int keyval(struct parser *p, char *s)
{
	char *eq = strchr(s, '=');
	if (!eq)
		return fail_at(p, p->lineno, "expected 'key = value' or '[section]', got '%s'", s);
	*eq = '\0';
	char *key = trim(s), *v = trim(eq + 1);
	if (!*key)
		return fail_at(p, p->lineno, "missing key before '='");
	if (p->section < 0)
		return fail_at(p, p->lineno, "'%s' comes before any [section]", key);
	const char *const *keys = section_keys[p->section];
	int k = 0;
	while (keys[k] && strcmp(keys[k], key) != 0)
		k++;
	if (!keys[k]) {
		char known[256];
		known_list(known, sizeof(known), keys, -1);
		return fail_at(p, p->lineno, "unknown key '%s' in [%s] (known: %s)", key,
			       section_names[p->section], known);
	}
	if (p->key_line[p->section][k])
		return fail_at(p, p->lineno, "'%s' already set at line %d", key,
			       p->key_line[p->section][k]);
	if (!*v)
		return fail_at(p, p->lineno, "'%s' has no value", key);
	p->key_line[p->section][k] = p->lineno;
	return apply_key(p, k, key, v);
}

static int first_pass(struct parser *p, const char *text)
{
	const char *s = text;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char line[MAX_LINE];
		p->lineno++;
		if (n >= sizeof(line))
			return fail_at(p, p->lineno, "line longer than %d characters", MAX_LINE - 1);
		memcpy(line, s, n);
		line[n] = '\0';
		s += n + (nl ? 1 : 0);
		strip_comment(line);
		char *t = trim(line);
		if (!*t)
			continue;
		int rc = t[0] == '[' ? header(p, t) : keyval(p, t);
		if (rc)
			return rc;
	}
	return RR_OK;
}

static int key_line(const struct parser *p, int sec, const char *key)
{
	const char *const *keys = section_keys[sec];
	for (int k = 0; keys[k]; k++)
		if (strcmp(keys[k], key) == 0)
			return p->key_line[sec][k];
	return 0;
}

/* A wired line with its name, for the duplicate check. */
struct used {
	const struct rigfile_line *l;
	const char *name;
	bool output;
};

static int check_lines(struct parser *p)
{
	struct rigfile *rf = p->rf;
	struct used u[RIG_OUT_COUNT + RIG_RELAYS];
	int n = 0, nch = rigfile_chip_channels(rf->chip);
	for (int i = 0; i < RIG_OUT_COUNT; i++)
		u[n++] = (struct used){ &rf->out[i], keys_outputs[i], true };
	for (int i = 0; i < RIG_RELAYS; i++)
		u[n++] = (struct used){ &rf->relay[i], keys_relays[i], false };
	/* Visit in file order so that the later of two clashing lines is named. */
	for (int line = 1; line <= p->lineno; line++) {
		for (int i = 0; i < n; i++) {
			const struct rigfile_line *l = u[i].l;
			if (l->lineno != line || !l->wired)
				continue;
			char ls[8];
			rigfile_line_str(l, ls, sizeof(ls));
			if (l->channel >= nch)
				return fail_at(p, line, "%s: channel %c: an %s has %s", u[i].name,
					       'A' + l->channel, rigfile_chip_name(rf->chip),
					       chip_channels_str(rf->chip));
			if (l->channel == rf->modem.channel)
				return fail_at(p, line, "%s: channel %c is the modem UART ([modem] channel at line %d)",
					       u[i].name, 'A' + l->channel, key_line(p, S_MODEM, "channel"));
			for (int j = 0; j < n; j++) {
				const struct rigfile_line *o = u[j].l;
				if (j == i || !o->wired || o->lineno == 0 || o->lineno >= line ||
				    o->channel != l->channel || o->bit != l->bit)
					continue;
				if (u[i].output == u[j].output)
					return fail_at(p, line, "%s: %s is already used by %s %s (line %d)",
						       u[i].name, ls, u[j].output ? "output" : "relay",
						       u[j].name, o->lineno);
				return fail_at(p, line,
					       "%s: %s is already %s %s (line %d); a line cannot be both output and input",
					       u[i].name, ls, u[j].output ? "output" : "relay input",
					       u[j].name, o->lineno);
			}
		}
	}
	return RR_OK;
}

static int check_port(struct parser *p, int sec, struct rigfile_port *pt)
{
	struct rigfile *rf = p->rf;
	const char *sn = section_names[sec];
	int l_port = key_line(p, sec, "port"), l_vid = key_line(p, sec, "vid");
	int l_pid = key_line(p, sec, "pid");
	pt->lineno = p->sec_line[sec];
	if (l_port && (l_vid || l_pid || key_line(p, sec, "serial") || key_line(p, sec, "interface")))
		return fail_at(p, l_port, "[%s]: give port, or vid/pid/serial/interface, not both", sn);
	if (!l_port && (key_line(p, sec, "serial") || key_line(p, sec, "interface")) && !l_vid)
		return fail_at(p, pt->lineno, "[%s]: serial and interface need vid and pid", sn);
	if (l_vid && !l_pid)
		return fail_at(p, l_vid, "[%s]: vid without pid", sn);
	if (l_pid && !l_vid)
		return fail_at(p, l_pid, "[%s]: pid without vid", sn);
	if (pt->channel >= 0) {
		int l_ch = key_line(p, sec, "channel");
		if (pt->channel >= rigfile_chip_channels(rf->chip))
			return fail_at(p, l_ch, "channel %c: an %s has %s", 'A' + pt->channel,
				       rigfile_chip_name(rf->chip), chip_channels_str(rf->chip));
		if (!l_port && !l_vid) {
			/* The UART is the FTDI chip's own channel: same device. */
			if (rf->vid < 0)
				return fail_at(p, l_ch, "[%s] channel needs the FTDI's vid/pid: give port or vid/pid here, or an i:/s: device in [ftdi]", sn);
			pt->vid = rf->vid;
			pt->pid = rf->pid;
			snprintf(pt->serial, sizeof(pt->serial), "%s", rf->serial);
			pt->interface = pt->channel;
		}
		return RR_OK;
	}
	if (!l_port && !l_vid)
		return fail_at(p, pt->lineno, "[%s] lacks port = NAME or vid and pid%s", sn,
			       sec == S_MODEM ? " (or channel)" : "");
	return RR_OK;
}

static int check_ftdi(struct parser *p)
{
	struct rigfile *rf = p->rf;
	int l_dev = key_line(p, S_FTDI, "device");
	if (!rf->chip)
		return fail_at(p, p->sec_line[S_FTDI], "[ftdi] lacks chip = ft232h|ft2232h|ft4232h");
	if (l_dev) {
		static const char *const sel[] = { "vid", "pid", "serial", "description", "index" };
		for (int i = 0; i < 5; i++) {
			int l = key_line(p, S_FTDI, sel[i]);
			if (l)
				return fail_at(p, l, "%s: give device, or vid/pid/serial/description/index, not both", sel[i]);
		}
		return RR_OK;
	}
	if (key_line(p, S_FTDI, "vid") == 0 || key_line(p, S_FTDI, "pid") == 0)
		return fail_at(p, p->sec_line[S_FTDI], "[ftdi] lacks device = i:VID:PID (or s:/d: form), or vid and pid");
	return RR_OK;
}

static int second_pass(struct parser *p)
{
	struct rigfile *rf = p->rf;
	if (!p->sec_line[S_RIG] || !key_line(p, S_RIG, "driver"))
		return fail_at(p, p->sec_line[S_RIG], "missing [rig] driver = ftdi or driver = sim");
	int l_drv = key_line(p, S_RIG, "driver");
	if (strcmp(rf->driver, "sim") == 0) {
		for (int s = S_FTDI; s <= S_USB; s++)
			if (p->sec_line[s])
				return fail_at(p, p->sec_line[s], "[%s] applies to driver = ftdi, but driver = sim (line %d)",
					       section_names[s], l_drv);
		return RR_OK;
	}
	if (p->sec_line[S_SIM])
		return fail_at(p, p->sec_line[S_SIM], "[sim] applies to driver = sim, but driver = ftdi (line %d)", l_drv);
	for (int s = S_FTDI; s <= S_USB; s++)
		if (!p->sec_line[s])
			return fail_at(p, 0, "missing section [%s] (driver = ftdi needs it)", section_names[s]);
	int rc = check_ftdi(p);
	if (rc)
		return rc;
	for (int i = 0; i < RIG_OUT_COUNT; i++)
		if (!rf->out[i].lineno)
			return fail_at(p, p->sec_line[S_OUTPUTS], "[outputs] lacks %s (write '%s = none' if it is not wired)",
				       keys_outputs[i], keys_outputs[i]);
	for (int i = 0; i < RIG_RELAYS; i++) {
		if (!rf->relay[i].lineno)
			return fail_at(p, p->sec_line[S_RELAYS], "[relays] lacks %s", keys_relays[i]);
		if (!rf->relay[i].wired)
			return fail_at(p, rf->relay[i].lineno, "%s: every relay must be read; 'none' is not allowed here",
				       keys_relays[i]);
	}
	if ((rc = check_port(p, S_MODEM, &rf->modem)) || (rc = check_port(p, S_USB, &rf->usb)))
		return rc;
	return check_lines(p);
}

int rigfile_parse(const char *text, const char *name, struct rigfile *out, char *err, size_t errlen)
{
	struct parser p = { .name = name, .rf = out, .err = err, .errlen = errlen, .section = -1 };
	if (err && errlen)
		err[0] = '\0';
	defaults(out, name);
	int rc = first_pass(&p, text);
	if (!rc)
		rc = second_pass(&p);
	return rc;
}

int rigfile_load(const char *path, struct rigfile *out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return RR_ERR_IO;
	}
	char *text = malloc(MAX_FILE + 1);
	if (!text) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return RR_ERR_NOMEM;
	}
	size_t n = fread(text, 1, MAX_FILE + 1, f);
	int bad = ferror(f);
	fclose(f);
	int rc;
	if (bad) {
		snprintf(err, errlen, "%s: read error", path);
		rc = RR_ERR_IO;
	} else if (n > MAX_FILE) {
		snprintf(err, errlen, "%s: larger than %d bytes; not a rig file", path, MAX_FILE);
		rc = RR_ERR_ARG;
	} else {
		text[n] = '\0';
		if (memchr(text, '\0', n)) {
			snprintf(err, errlen, "%s: contains NUL bytes; not a rig file", path);
			rc = RR_ERR_ARG;
		} else {
			rc = rigfile_parse(text, path, out, err, errlen);
		}
	}
	free(text);
	return rc;
}
