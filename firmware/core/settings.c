/*
 * settings.c - the key table behind the USB tabs and SMS configuration,
 * factory defaults, and the checksummed non-volatile store.
 */
#include "settings.h"

#include <stddef.h>
#include <string.h>

const char *const tab_names[TAB_COUNT] = {
	"security",
	"ring",
	"confirm",
	"temperature",
	"thermostat",
	"backup",
	"scheduler",
	"inputs",
	"power",
	"aliases",
	"info",
};

enum key_type {
	KT_SWITCH,    /* uint8 0/1 as OFF/ON */
	KT_ENUM,      /* uint8 index into names */
	KT_U8,        /* uint8 in [min, max] */
	KT_U16,       /* uint16 in [min, max] */
	KT_STR,       /* char[max + 1], printable, no ',' or '=' */
	KT_NUMBER,    /* phone number or empty */
	KT_PASSWORD,  /* exactly 5 letters/digits, or empty */
	KT_TEMP,      /* int16 tenths of degC, or OFF */
	KT_TEMPV,     /* int16 tenths of degC */
	KT_TASK,      /* struct task */
	KT_RELAYS,    /* uint8 bit mask of relays, "1,3" */
	KT_BATLEVELS, /* uint8[SET_BATLEVELS], "50,20" or OFF */
	KT_RINGACTION,
};

struct key_def {
	const char *name;
	uint8_t tab, type, count; /* count 0: scalar, else NAME1..NAMEcount */
	uint16_t offset, stride;
	int16_t min, max;
	const char *const *names; /* KT_ENUM */
};

static const char *const n_switch[] = { "OFF", "ON", NULL };
static const char *const n_backup[] = { "DC", "AC", "OFF", NULL };
static const char *const n_callconf[] = { "SMS", "CALL", "OFF", NULL };
static const char *const n_power[] = { "REMEMBER", "ON", "OFF", NULL };
static const char *const n_tmode[] = { "HEAT", "COOL", NULL };
static const char *const n_intype[] = { "NO", "NC", NULL };
static const char *const n_inalert[] = { "SMS", "CALL", "OFF", NULL };
static const char *const n_ring[] = { "NONE", "ON", "OFF", "PULSE", "RESTART", NULL };
static const char *const n_task[TA_COUNT + 1] = {
	"",
	"ONR",
	"OFFR",
	"PULR",
	"RSTAT",
	"TON",
	"TOFF",
	"TEMP",
	"SIGN",
	"AON",
	"AOFF",
	"ISTAT",
	"AONALL",
	"AOFFALL",
	NULL,
};

#define OFS(f) ((uint16_t)offsetof(struct settings, f))
#define SZ(f) ((uint16_t)sizeof(((struct settings *)0)->f[0]))
#define SCALAR(nm, tb, ty, f, lo, hi, nms)            \
	{                                             \
		nm, tb, ty, 0, OFS(f), 0, lo, hi, nms \
	}
#define ARRAY(nm, tb, ty, f, cnt, lo, hi, nms)              \
	{                                                   \
		nm, tb, ty, cnt, OFS(f), SZ(f), lo, hi, nms \
	}

static const struct key_def keys[] = {
	SCALAR("SECURITY", TAB_SECURITY, KT_SWITCH, security, 0, 1, n_switch),
	ARRAY("NUM", TAB_SECURITY, KT_NUMBER, numbers, SET_NUMBERS, 0, SET_NUMBER_LEN, NULL),
	ARRAY("ALERT", TAB_SECURITY, KT_NUMBER, alerts, SET_NUMBERS, 0, SET_NUMBER_LEN, NULL),
	ARRAY("CENTRE", TAB_SECURITY, KT_NUMBER, centre, SET_CENTRE, 0, SET_NUMBER_LEN, NULL),
	SCALAR("PASSWORD", TAB_SECURITY, KT_PASSWORD, password, 0, SET_PASSWORD_LEN, NULL),
	SCALAR("RENEWPASSWORD", TAB_SECURITY, KT_PASSWORD, renew_password, 0, SET_PASSWORD_LEN, NULL),
	SCALAR("DCALERT", TAB_SECURITY, KT_SWITCH, dc_alert, 0, 1, n_switch),
	SCALAR("ACALERT", TAB_SECURITY, KT_SWITCH, ac_alert, 0, 1, n_switch),
	SCALAR("BATALERT", TAB_SECURITY, KT_BATLEVELS, bat_levels, 1, 99, NULL),
	SCALAR("MICLEVEL", TAB_SECURITY, KT_U8, mic_level, 0, 10, NULL),
	SCALAR("RINGACTION", TAB_RING, KT_RINGACTION, ring_kind, 0, 0, n_ring),
	SCALAR("PULSETIME", TAB_RING, KT_U8, pulse_time, 1, 250, NULL),
	SCALAR("RESTARTTIME", TAB_RING, KT_U8, restart_time, 1, 250, NULL),
	SCALAR("SMSCONFIRM", TAB_CONFIRM, KT_SWITCH, sms_confirm, 0, 1, n_switch),
	SCALAR("CALLCONFIRM", TAB_CONFIRM, KT_ENUM, call_confirm, 0, 2, n_callconf),
	SCALAR("ERROR", TAB_CONFIRM, KT_SWITCH, error_replies, 0, 1, n_switch),
	SCALAR("SMSCONFIRMUNAUTH", TAB_CONFIRM, KT_SWITCH, unauth_replies, 0, 1, n_switch),
	ARRAY("TEMPHIGH", TAB_TEMPERATURE, KT_TEMP, temp_high, HAL_SENSORS, -550, 1250, NULL),
	ARRAY("TEMPLOW", TAB_TEMPERATURE, KT_TEMP, temp_low, HAL_SENSORS, -550, 1250, NULL),
	ARRAY("TSENSOR", TAB_THERMOSTAT, KT_U8, th_sensor, HAL_RELAYS, 0, HAL_SENSORS, NULL),
	ARRAY("TMODE", TAB_THERMOSTAT, KT_ENUM, th_mode, HAL_RELAYS, 0, 1, n_tmode),
	ARRAY("TTEMP", TAB_THERMOSTAT, KT_TEMPV, th_temp, HAL_RELAYS, -550, 1250, NULL),
	ARRAY("THERMO", TAB_THERMOSTAT, KT_SWITCH, th_on, HAL_RELAYS, 0, 1, n_switch),
	ARRAY("TALERT", TAB_THERMOSTAT, KT_SWITCH, th_alert, HAL_RELAYS, 0, 1, n_switch),
	SCALAR("SENSORALERT", TAB_THERMOSTAT, KT_SWITCH, sensor_alert, 0, 1, n_switch),
	SCALAR("BACKUPLIMIT", TAB_BACKUP, KT_ENUM, backup_limit, 0, 2, n_backup),
	ARRAY("TASK", TAB_SCHEDULER, KT_TASK, tasks, SET_TASKS, 0, 0, NULL),
	ARRAY("INALIAS", TAB_INPUTS, KT_STR, in_alias, HAL_INPUTS, 0, SET_ALIAS_LEN, NULL),
	ARRAY("INTYPE", TAB_INPUTS, KT_ENUM, in_type, HAL_INPUTS, 0, 1, n_intype),
	ARRAY("INRELAYS", TAB_INPUTS, KT_RELAYS, in_relays, HAL_INPUTS, 0, 0, NULL),
	ARRAY("INTIME", TAB_INPUTS, KT_U16, in_time, HAL_INPUTS, 1, 3600, NULL),
	ARRAY("INALERT", TAB_INPUTS, KT_ENUM, in_alert, HAL_INPUTS, 0, 2, n_inalert),
	ARRAY("ALARM", TAB_INPUTS, KT_SWITCH, in_alarm, HAL_INPUTS, 0, 1, n_switch),
	ARRAY("POWERSTATE", TAB_POWER, KT_ENUM, power_state, HAL_RELAYS, 0, 2, n_power),
	ARRAY("ALIAS", TAB_ALIASES, KT_STR, alias, HAL_RELAYS, 0, SET_ALIAS_LEN, NULL),
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

void settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	for (int t = 0; t < TAB_COUNT; t++)
		settings_tab_defaults(s, (enum tab)t);
}

void settings_tab_defaults(struct settings *s, enum tab t)
{
	switch (t) {
	case TAB_SECURITY:
		s->security = 1;
		memset(s->numbers, 0, sizeof(s->numbers));
		memset(s->alerts, 0, sizeof(s->alerts));
		memset(s->centre, 0, sizeof(s->centre));
		memset(s->password, 0, sizeof(s->password));
		memset(s->renew_password, 0, sizeof(s->renew_password));
		s->dc_alert = 1;
		s->ac_alert = 0;
		memset(s->bat_levels, 0, sizeof(s->bat_levels));
		s->mic_level = 5;
		break;
	case TAB_RING:
		s->ring_kind = RA_NONE;
		s->ring_relay = 0;
		s->pulse_time = 4;
		s->restart_time = 5;
		break;
	case TAB_CONFIRM:
		s->sms_confirm = 1;
		s->call_confirm = CC_SMS;
		s->error_replies = 1;
		s->unauth_replies = 0;
		break;
	case TAB_TEMPERATURE:
		for (int i = 0; i < HAL_SENSORS; i++)
			s->temp_high[i] = s->temp_low[i] = SET_TEMP_OFF;
		break;
	case TAB_THERMOSTAT:
		for (int i = 0; i < HAL_RELAYS; i++) {
			s->th_sensor[i] = 0;
			s->th_mode[i] = TM_HEAT;
			s->th_temp[i] = 200;
			s->th_on[i] = s->th_alert[i] = 0;
		}
		s->sensor_alert = 0;
		break;
	case TAB_BACKUP:
		s->backup_limit = BL_DC;
		break;
	case TAB_SCHEDULER:
		memset(s->tasks, 0, sizeof(s->tasks));
		break;
	case TAB_INPUTS:
		memset(s->in_alias, 0, sizeof(s->in_alias));
		for (int i = 0; i < HAL_INPUTS; i++) {
			s->in_type[i] = IT_NO;
			s->in_relays[i] = 0;
			s->in_time[i] = 10;
			s->in_alert[i] = IA_SMS;
			s->in_alarm[i] = 0;
		}
		break;
	case TAB_POWER:
		memset(s->power_state, PS_REMEMBER, sizeof(s->power_state));
		break;
	case TAB_ALIASES:
		memset(s->alias, 0, sizeof(s->alias));
		break;
	case TAB_INFO:
	case TAB_COUNT:
		break;
	}
}

const struct key_def *settings_find(const char *text, size_t n, unsigned *idx)
{
	const struct key_def *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < NKEYS; i++) {
		size_t kl = str_len(keys[i].name);
		if (kl > best_len && prefix_ci(text, n, keys[i].name)) {
			best = &keys[i];
			best_len = kl;
		}
	}
	if (!best)
		return NULL;
	if (best->count == 0) {
		*idx = 0;
		return best_len == n ? best : NULL;
	}
	int32_t v;
	if (!parse_int(text + best_len, n - best_len, &v) || v < 1 ||
	    v > best->count || text[best_len] == '+' || text[best_len] == '-')
		return NULL;
	*idx = (unsigned)(v - 1);
	return best;
}

enum tab settings_key_tab(const struct key_def *k)
{
	return (enum tab)k->tab;
}

static void *field(const struct settings *s, const struct key_def *k, unsigned idx)
{
	return (uint8_t *)s + k->offset + (size_t)k->stride * idx;
}

static int enum_find(const char *const *names, const char *v, size_t n)
{
	for (int i = 0; names[i]; i++)
		if (eqn_ci(v, n, names[i]))
			return i;
	return -1;
}

bool number_valid(const char *s, size_t n)
{
	size_t i = (n && s[0] == '+') ? 1 : 0;
	if (n - i < 3 || n - i > 17)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Numbers compare equal ignoring a leading "+". */
bool number_eq(const char *a, const char *b)
{
	if (*a == '+')
		a++;
	if (*b == '+')
		b++;
	return *a && strcmp(a, b) == 0;
}

static bool text_valid(const char *v, size_t n, size_t max)
{
	if (n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e ||
		    v[i] == ',' || v[i] == '=' || v[i] == ';')
			return false;
	return true;
}

/* "1,3,7" -> mask; "" or "NONE" -> 0. */
static bool parse_list(const char *v, size_t n, int lo, int hi, uint8_t *vals,
		       int max_vals, int *count)
{
	int c = 0;
	size_t start = 0;
	if (n == 0 || eqn_ci(v, n, "NONE") || eqn_ci(v, n, "OFF")) {
		*count = 0;
		return true;
	}
	for (size_t i = 0; i <= n; i++) {
		if (i < n && v[i] != ',')
			continue;
		int32_t x;
		if (c == max_vals || !parse_int(v + start, i - start, &x) || x < lo || x > hi)
			return false;
		vals[c++] = (uint8_t)x;
		start = i + 1;
	}
	*count = c;
	return true;
}

static enum set_result set_ring(struct settings *s, const char *v, size_t n)
{
	for (int k = RA_ON; k <= RA_RESTART; k++) {
		size_t nl = str_len(n_ring[k]);
		int32_t r;
		if (prefix_ci(v, n, n_ring[k]) && parse_int(v + nl, n - nl, &r) &&
		    r >= 1 && r <= HAL_RELAYS && v[nl] != '-' && v[nl] != '+') {
			s->ring_kind = (uint8_t)k;
			s->ring_relay = (uint8_t)r;
			return SET_OK;
		}
	}
	if (eqn_ci(v, n, "NONE")) {
		s->ring_kind = RA_NONE;
		s->ring_relay = 0;
		return SET_OK;
	}
	return SET_BAD_VALUE;
}

enum set_result settings_set(struct settings *s, const struct key_def *k,
			     unsigned idx, const char *v, size_t n)
{
	void *f = field(s, k, idx);
	int32_t x;
	int e;
	switch ((enum key_type)k->type) {
	case KT_SWITCH:
	case KT_ENUM:
		e = enum_find(k->names, v, n);
		if (e < 0)
			return SET_BAD_VALUE;
		if (f == &s->backup_limit && e == BL_AC && !hal_has_ac_sensor())
			return SET_BAD_VALUE;
		*(uint8_t *)f = (uint8_t)e;
		return SET_OK;
	case KT_U8:
	case KT_U16:
		if (!parse_int(v, n, &x) || x < k->min || x > k->max)
			return SET_BAD_VALUE;
		if (k->type == KT_U8)
			*(uint8_t *)f = (uint8_t)x;
		else
			*(uint16_t *)f = (uint16_t)x;
		return SET_OK;
	case KT_STR:
		if (!text_valid(v, n, (size_t)k->max))
			return SET_BAD_VALUE;
		str_copy(f, (size_t)k->max + 1, v, n);
		return SET_OK;
	case KT_NUMBER:
		if (n && !number_valid(v, n))
			return SET_BAD_VALUE;
		str_copy(f, SET_NUMBER_LEN + 1, v, n);
		return SET_OK;
	case KT_PASSWORD:
		if (n != 0 && n != SET_PASSWORD_LEN)
			return SET_BAD_VALUE;
		for (size_t i = 0; i < n; i++) {
			char c = up(v[i]);
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
				return SET_BAD_VALUE;
		}
		/* Kept in capitals: the password is checked ignoring case. */
		for (size_t i = 0; i < n; i++)
			((char *)f)[i] = up(v[i]);
		((char *)f)[n] = '\0';
		return SET_OK;
	case KT_TEMP:
		if (eqn_ci(v, n, "OFF")) {
			*(int16_t *)f = SET_TEMP_OFF;
			return SET_OK;
		}
		/* fall through */
	case KT_TEMPV:
		if (!parse_dec1(v, n, &x) || x < k->min || x > k->max)
			return SET_BAD_VALUE;
		*(int16_t *)f = (int16_t)x;
		return SET_OK;
	case KT_TASK: {
		struct task t;
		if (n == 0 || eqn_ci(v, n, "NONE")) {
			memset(f, 0, sizeof(struct task));
			return SET_OK;
		}
		if (!task_parse(v, n, &t))
			return SET_BAD_VALUE;
		memcpy(f, &t, sizeof(t));
		return SET_OK;
	}
	case KT_RELAYS: {
		uint8_t vals[HAL_RELAYS], mask = 0;
		int c;
		if (!parse_list(v, n, 1, HAL_RELAYS, vals, HAL_RELAYS, &c))
			return SET_BAD_VALUE;
		for (int i = 0; i < c; i++)
			mask |= (uint8_t)(1u << (vals[i] - 1));
		*(uint8_t *)f = mask;
		return SET_OK;
	}
	case KT_BATLEVELS: {
		uint8_t vals[SET_BATLEVELS];
		int c;
		if (!parse_list(v, n, k->min, k->max, vals, SET_BATLEVELS, &c))
			return SET_BAD_VALUE;
		memset(s->bat_levels, 0, sizeof(s->bat_levels));
		for (int i = 0; i < c; i++) /* keep them in descending order */
			for (int j = 0; j <= i; j++)
				if (vals[i] > s->bat_levels[j]) {
					memmove(&s->bat_levels[j + 1], &s->bat_levels[j],
						(size_t)(SET_BATLEVELS - 1 - j));
					s->bat_levels[j] = vals[i];
					break;
				}
		return SET_OK;
	}
	case KT_RINGACTION:
		return set_ring(s, v, n);
	}
	return SET_BAD_VALUE;
}

static void put_choices(const char *const *names, int cur, bool choices, struct sb *o)
{
	if (!choices) {
		sb_puts(o, names[cur]);
		return;
	}
	for (int i = 0; names[i]; i++) {
		if (i)
			sb_putc(o, ',');
		if (i == cur)
			sb_putc(o, '(');
		sb_puts(o, names[i]);
		if (i == cur)
			sb_putc(o, ')');
	}
}

void settings_format(const struct settings *s, const struct key_def *k,
		     unsigned idx, bool choices, struct sb *o)
{
	const void *f = field(s, k, idx);
	sb_puts(o, k->name);
	if (k->count)
		sb_int(o, (int32_t)idx + 1);
	sb_putc(o, '=');
	switch ((enum key_type)k->type) {
	case KT_SWITCH:
	case KT_ENUM:
		put_choices(k->names, *(const uint8_t *)f, choices, o);
		break;
	case KT_U8:
		sb_int(o, *(const uint8_t *)f);
		break;
	case KT_U16:
		sb_int(o, *(const uint16_t *)f);
		break;
	case KT_STR:
	case KT_NUMBER:
	case KT_PASSWORD:
		sb_puts(o, f);
		break;
	case KT_TEMP:
	case KT_TEMPV:
		if (*(const int16_t *)f == SET_TEMP_OFF)
			sb_puts(o, "OFF");
		else
			sb_dec1(o, *(const int16_t *)f);
		break;
	case KT_TASK:
		task_format(f, o);
		break;
	case KT_RELAYS:
		sb_bits(o, *(const uint8_t *)f & ((1u << HAL_RELAYS) - 1u), "");
		break;
	case KT_BATLEVELS:
		if (!s->bat_levels[0])
			sb_puts(o, "OFF");
		for (int i = 0; i < SET_BATLEVELS && s->bat_levels[i]; i++) {
			if (i)
				sb_putc(o, ',');
			sb_int(o, s->bat_levels[i]);
		}
		break;
	case KT_RINGACTION:
		sb_puts(o, n_ring[s->ring_kind]);
		if (s->ring_kind != RA_NONE)
			sb_int(o, s->ring_relay);
		break;
	}
}

bool settings_next(enum tab t, unsigned *pos, const struct key_def **k, unsigned *idx)
{
	/* pos encodes key index * 32 + element index */
	for (unsigned ki = *pos / 32, ei = *pos % 32; ki < NKEYS; ki++, ei = 0) {
		if (keys[ki].tab != t)
			continue;
		unsigned cnt = keys[ki].count ? keys[ki].count : 1;
		if (ei < cnt) {
			*k = &keys[ki];
			*idx = ei;
			*pos = ki * 32 + ei + 1;
			return true;
		}
	}
	return false;
}

/* Bytes one element of key k occupies in struct settings. */
static size_t key_size(const struct key_def *k)
{
	if (k->stride)
		return k->stride;
	switch ((enum key_type)k->type) {
	case KT_U16:
	case KT_TEMP:
	case KT_TEMPV: return 2;
	case KT_STR:
	case KT_NUMBER:
	case KT_PASSWORD: return (size_t)k->max + 1;
	case KT_BATLEVELS: return SET_BATLEVELS;
	case KT_RINGACTION: return 2; /* ring_kind, ring_relay */
	case KT_TASK: return sizeof(struct task);
	default: return 1;
	}
}

size_t settings_key_offset(const struct key_def *k, unsigned idx, size_t *size)
{
	*size = key_size(k);
	return k->offset + (size_t)k->stride * idx;
}

void settings_copy_tab(struct settings *dst, const struct settings *src, enum tab t)
{
	unsigned pos = 0, idx;
	const struct key_def *k;
	while (settings_next(t, &pos, &k, &idx))
		memcpy(field(dst, k, idx), field(src, k, idx), key_size(k));
}

bool task_is_relay_action(uint8_t a)
{
	return a >= TA_ONR && a <= TA_TOFF;
}

bool task_is_input_action(uint8_t a)
{
	return a >= TA_AON && a <= TA_AOFFALL;
}

/* Actions that take a relay (x = 1..7) or input (1..6) number. */
static int task_arg_max(uint8_t a)
{
	switch (a) {
	case TA_ONR:
	case TA_OFFR:
	case TA_PULR:
	case TA_TON:
	case TA_TOFF:
		return HAL_RELAYS;
	case TA_AON:
	case TA_AOFF:
		return HAL_INPUTS;
	default:
		return 0;
	}
}

bool task_parse(const char *s, size_t n, struct task *t)
{
	/* hh:mm,day,ACTION[x] */
	int32_t hh, mm, day = 0, arg = 0;
	size_t c1 = 0, c2;
	while (c1 < n && s[c1] != ',')
		c1++;
	c2 = c1 + 1;
	while (c2 < n && s[c2] != ',')
		c2++;
	if (c1 != 5 || s[2] != ':' || c2 >= n)
		return false;
	if (!parse_int(s, 2, &hh) || !parse_int(s + 3, 2, &mm) || hh < 0 ||
	    hh > 23 || mm < 0 || mm > 59 || s[0] == '-' || s[3] == '-')
		return false;
	if (!(c2 - c1 == 2 && s[c1 + 1] == '*') &&
	    (!parse_int(s + c1 + 1, c2 - c1 - 1, &day) || day < 1 || day > 7))
		return false;
	const char *a = s + c2 + 1;
	size_t an = n - c2 - 1;
	int best = 0;
	size_t best_len = 0;
	for (int i = 1; i < TA_COUNT; i++) {
		size_t l = str_len(n_task[i]);
		if (l > best_len && prefix_ci(a, an, n_task[i])) {
			best = i;
			best_len = l;
		}
	}
	if (!best)
		return false;
	int amax = task_arg_max((uint8_t)best);
	if (amax) {
		if (!parse_int(a + best_len, an - best_len, &arg) || arg < 1 ||
		    arg > amax || a[best_len] == '-' || a[best_len] == '+')
			return false;
	} else if (best_len != an) {
		return false;
	}
	t->used = 1;
	t->hh = (uint8_t)hh;
	t->mm = (uint8_t)mm;
	t->day = (uint8_t)day;
	t->action = (uint8_t)best;
	t->arg = (uint8_t)arg;
	return true;
}

void task_format(const struct task *t, struct sb *o)
{
	if (!t->used)
		return;
	sb_int2(o, t->hh);
	sb_putc(o, ':');
	sb_int2(o, t->mm);
	sb_putc(o, ',');
	if (t->day)
		sb_int(o, t->day);
	else
		sb_putc(o, '*');
	sb_putc(o, ',');
	sb_puts(o, n_task[t->action < TA_COUNT ? t->action : 0]);
	if (task_arg_max(t->action))
		sb_int(o, t->arg);
}

/* --- validation of a loaded record --------------------------------------- */

static bool task_valid(const struct task *t)
{
	if (!t->used)
		return !t->hh && !t->mm && !t->day && !t->action && !t->arg;
	if (t->used != 1 || t->hh > 23 || t->mm > 59 || t->day > 7 ||
	    t->action == TA_NONE || t->action >= TA_COUNT)
		return false;
	int amax = task_arg_max(t->action);
	return amax ? t->arg >= 1 && t->arg <= amax : t->arg == 0;
}

/* Length of the NUL-terminated string in f[0..cap), or -1 without a NUL. */
static int str_in(const void *f, size_t cap)
{
	const char *z = memchr(f, '\0', cap);
	return z ? (int)(z - (const char *)f) : -1;
}

/* Is element idx of key k a value settings_set() could have stored? */
static bool element_valid(const struct settings *s, const struct key_def *k, unsigned idx)
{
	const void *f = field(s, k, idx);
	const uint8_t *b = f;
	int n;
	switch ((enum key_type)k->type) {
	case KT_SWITCH:
	case KT_ENUM:
		for (n = 0; k->names[n]; n++)
			;
		if (*b >= n)
			return false;
		return !(f == &s->backup_limit && *b == BL_AC && !hal_has_ac_sensor());
	case KT_U8:
		return *b >= k->min && *b <= k->max;
	case KT_U16:
		return *(const uint16_t *)f >= k->min && *(const uint16_t *)f <= k->max;
	case KT_STR:
		n = str_in(f, (size_t)k->max + 1);
		return n >= 0 && text_valid(f, (size_t)n, (size_t)k->max);
	case KT_NUMBER:
		n = str_in(f, SET_NUMBER_LEN + 1);
		return n == 0 || (n > 0 && number_valid(f, (size_t)n));
	case KT_PASSWORD:
		n = str_in(f, SET_PASSWORD_LEN + 1);
		if (n != 0 && n != SET_PASSWORD_LEN)
			return false;
		for (int i = 0; i < n; i++) {
			char c = up((char)b[i]);
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
				return false;
		}
		return true;
	case KT_TEMP:
		if (*(const int16_t *)f == SET_TEMP_OFF)
			return true;
		/* fall through */
	case KT_TEMPV:
		return *(const int16_t *)f >= k->min && *(const int16_t *)f <= k->max;
	case KT_TASK:
		return task_valid(f);
	case KT_RELAYS:
		return *b < (1u << HAL_RELAYS);
	case KT_BATLEVELS:
		/* 1..99, descending (repeats allowed), unused (0) at the end */
		for (int i = 0; i < SET_BATLEVELS; i++)
			if (b[i] > k->max || (i && b[i] > b[i - 1]))
				return false;
		return true;
	case KT_RINGACTION:
		if (s->ring_kind > RA_RESTART)
			return false;
		return s->ring_kind == RA_NONE ? s->ring_relay == 0 : s->ring_relay >= 1 && s->ring_relay <= HAL_RELAYS;
	}
	return false;
}

/* Keys whose repair would change who may manage the unit. */
static bool key_guards_access(const struct key_def *k)
{
	return k->offset == OFS(security) || k->offset == OFS(numbers) ||
	       k->offset == OFS(password);
}

unsigned settings_repair(struct settings *s, const struct settings *d, uint8_t *repaired)
{
	unsigned n = 0, bit = 0;
	for (size_t ki = 0; ki < NKEYS; ki++) {
		const struct key_def *k = &keys[ki];
		unsigned cnt = k->count ? k->count : 1;
		for (unsigned i = 0; i < cnt; i++, bit++) {
			if (element_valid(s, k, i))
				continue;
			memcpy(field(s, k, i), field(d, k, i), key_size(k));
			if (bit < SET_REPAIR_BITS)
				repaired[bit / 8] |= (uint8_t)(1u << (bit % 8));
			if (key_guards_access(k))
				s->sms_locked = 1;
			n++;
		}
	}
	if (s->sms_locked > 1) /* any mark but 0 keeps the unit locked */
		s->sms_locked = 1;
	return n;
}

void settings_key_name(const struct key_def *k, unsigned idx, struct sb *o)
{
	sb_puts(o, k->name);
	if (k->count)
		sb_int(o, (int32_t)idx + 1);
}

bool settings_next_repaired(const uint8_t *repaired, unsigned *ord,
			    const struct key_def **k, unsigned *idx)
{
	unsigned bit = 0;
	for (size_t ki = 0; ki < NKEYS; ki++) {
		unsigned cnt = keys[ki].count ? keys[ki].count : 1;
		for (unsigned i = 0; i < cnt; i++, bit++) {
			if (bit < *ord || bit >= SET_REPAIR_BITS ||
			    !((repaired[bit / 8] >> (bit % 8)) & 1u))
				continue;
			*k = &keys[ki];
			*idx = i;
			*ord = bit + 1;
			return true;
		}
	}
	return false;
}

void settings_repaired_list(const uint8_t *repaired, struct sb *o)
{
	unsigned ord = 0, idx;
	const struct key_def *k;
	bool first = true;
	while (settings_next_repaired(repaired, &ord, &k, &idx)) {
		if (!first)
			sb_putc(o, ',');
		settings_key_name(k, idx, o);
		first = false;
	}
}

/* --- non-volatile store -------------------------------------------------- */

#define NV_MAGIC 0x31525349u /* "ISR1" */
#define NV_VERSION 1u

struct nv_header {
	uint32_t magic;
	uint16_t version, size;
	uint32_t checksum;
};

_Static_assert(sizeof(struct nv_header) + sizeof(struct settings) <= HAL_NV_SIZE,
	       "settings must fit the non-volatile store");

static uint32_t fnv1a(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

/* Erased flash: every byte of header and record reads 0xff. */
static bool nv_blank(void)
{
	uint8_t b[32];
	for (size_t off = 0; off < sizeof(struct nv_header) + sizeof(struct settings);
	     off += sizeof(b)) {
		if (!hal_nv_read((uint16_t)off, b, sizeof(b)))
			return false;
		for (size_t i = 0; i < sizeof(b); i++)
			if (b[i] != 0xffu)
				return false;
	}
	return true;
}

enum nv_status settings_load(struct settings *s, struct settings *scratch,
			     uint8_t *repaired)
{
	struct nv_header h;
	memset(repaired, 0, SET_REPAIR_BYTES);
	settings_defaults(scratch);
	if (hal_nv_read(0, &h, sizeof(h)) && h.magic == NV_MAGIC &&
	    h.version == NV_VERSION && h.size == sizeof(*s) &&
	    hal_nv_read(sizeof(h), s, sizeof(*s)) && fnv1a(s, sizeof(*s)) == h.checksum)
		return settings_repair(s, scratch, repaired) ? NV_REPAIRED : NV_OK;
	/* Factory-new is open to anyone (S08); a lost store is not. */
	bool blank = nv_blank();
	settings_defaults(s);
	s->sms_locked = !blank;
	return blank ? NV_BLANK : NV_CORRUPT;
}

bool settings_read_stored(struct settings *s)
{
	struct nv_header h;
	return hal_nv_read(0, &h, sizeof(h)) && h.magic == NV_MAGIC && h.version == NV_VERSION &&
	       h.size == sizeof(*s) && hal_nv_read(sizeof(h), s, sizeof(*s));
}

bool settings_save(const struct settings *s)
{
	struct nv_header h = { NV_MAGIC, NV_VERSION, sizeof(*s), fnv1a(s, sizeof(*s)) };
	return hal_nv_write(sizeof(h), s, sizeof(*s)) && hal_nv_write(0, &h, sizeof(h));
}
