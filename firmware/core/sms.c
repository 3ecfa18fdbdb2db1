/*
 * sms.c - the SMS command interpreter and the ring action.
 *
 * One SMS is one command: control (act now), information (reports, KEY?),
 * configuration (KEY=VALUE and the security/scheduler commands, only within
 * the 30-minute window). See firmware/README.md for every reply text.
 */
#include "fw_internal.h"

#include <string.h>

struct cmd {
	struct fw *fw;
	const char *from;
	const char *s; /* command text without password, trimmed */
	size_t n;
};

void sms_send(struct fw *fw, const char *number, const char *text)
{
	atc_send_sms(&fw->atc, number, text);
}

static void reply(struct cmd *c, const char *text)
{
	sms_send(c->fw, c->from, text);
}

/* "<command> - OK", sent while SMSCONFIRM=ON. */
static void confirm(struct cmd *c)
{
	char buf[FW_REPLY + 1];
	struct sb o;
	if (!c->fw->set.sms_confirm)
		return;
	sb_init(&o, buf, sizeof(buf));
	for (size_t i = 0; i < c->n; i++)
		sb_putc(&o, up(c->s[i]));
	sb_puts(&o, " - OK");
	reply(c, buf);
}

/* Error replies are sent only while ERROR=ON. */
static void error(struct cmd *c, const char *text)
{
	if (c->fw->set.error_replies)
		reply(c, text);
}

static void unknown(struct cmd *c)
{
	char buf[FW_REPLY + 1];
	struct sb o;
	sb_init(&o, buf, sizeof(buf));
	sb_putn(&o, c->s, c->n);
	sb_puts(&o, " - Error!");
	error(c, buf);
}

static void refuse(struct cmd *c)
{
	reply(c, FW_REFUSAL);
}

static bool on_list(const char list[][SET_NUMBER_LEN + 1], const char *num)
{
	for (int i = 0; i < SET_NUMBERS; i++)
		if (list[i][0] && number_eq(list[i], num))
			return true;
	return false;
}

static bool list_empty(const char list[][SET_NUMBER_LEN + 1])
{
	for (int i = 0; i < SET_NUMBERS; i++)
		if (list[i][0])
			return false;
	return true;
}

/* A sender the unit cannot store (withheld, over 17 digits, cut by the AT
 * client) is never authorised: the unit could not tell who it is. */
static bool authorized(const struct fw *fw, const char *num)
{
	if (!number_valid(num, str_len(num)))
		return false;
	return !fw->set.security || list_empty(fw->set.numbers) ||
	       on_list(fw->set.numbers, num);
}

/* Would emptying slot `at` of the security list leave it empty? */
static bool last_secnum(const struct fw *fw, int at)
{
	for (int i = 0; i < SET_NUMBERS; i++)
		if (i != at && fw->set.numbers[i][0])
			return false;
	return fw->set.numbers[at][0] != '\0';
}

/* Relay argument: "1".."7" or an alias, after optional spaces. -1 if bad. */
static int relay_arg(const struct fw *fw, const char *s, size_t n)
{
	int32_t r;
	while (n && *s == ' ') {
		s++;
		n--;
	}
	if (parse_int(s, n, &r) && r >= 1 && r <= HAL_RELAYS && s[0] != '-' && s[0] != '+')
		return (int)r - 1;
	for (int i = 0; i < HAL_RELAYS; i++)
		if (fw->set.alias[i][0] && eqn_ci(s, n, fw->set.alias[i]))
			return i;
	return -1;
}

static int input_arg(const char *s, size_t n)
{
	int32_t i;
	if (parse_int(s, n, &i) && i >= 1 && i <= HAL_INPUTS && s[0] != '-' && s[0] != '+')
		return (int)i - 1;
	return -1;
}

/* --- control --------------------------------------------------------------- */

enum ctl {
	C_ONALL,
	C_OFFALL,
	C_AONALL,
	C_AOFFALL,
	C_PULSE,
	C_RESTART,
	C_AON,
	C_AOFF,
	C_TON,
	C_TOFF,
	C_ON,
	C_OFF,
	C_NONE
};
static const char *const ctl_words[] = {
	"ONALL",
	"OFFALL",
	"AONALL",
	"AOFFALL",
	"PULSE",
	"RESTART",
	"AON",
	"AOFF",
	"TON",
	"TOFF",
	"ON",
	"OFF",
};

static void relay_action(struct fw *fw, enum ctl k, int r)
{
	switch (k) {
	case C_ON: fw_relay_set(fw, r, true); break;
	case C_OFF: fw_relay_set(fw, r, false); break;
	case C_PULSE: fw_relay_pulse(fw, r, fw->set.pulse_time * 1000u); break;
	case C_RESTART: fw_relay_timed(fw, r, false, true, fw->set.restart_time * 1000u); break;
	default: break;
	}
}

/* Returns false when the text is not a control command. */
static bool control(struct cmd *c)
{
	struct fw *fw = c->fw;
	enum ctl k = C_NONE;
	size_t wl = 0;
	int arg = -1;
	for (int i = 0; i < C_NONE; i++) {
		wl = str_len(ctl_words[i]);
		if (!prefix_ci(c->s, c->n, ctl_words[i]))
			continue;
		const char *a = c->s + wl;
		size_t an = c->n - wl;
		if (i <= C_AOFFALL) {
			if (an)
				continue;
		} else if (i == C_AON || i == C_AOFF) {
			if ((arg = input_arg(a, an)) < 0)
				continue;
		} else if ((arg = relay_arg(fw, a, an)) < 0) {
			continue;
		}
		k = (enum ctl)i;
		break;
	}
	switch (k) {
	case C_NONE:
		return false;
	case C_ONALL:
	case C_OFFALL:
		if (fw_limited(fw, FW_ROW_RELAY))
			return refuse(c), true;
		for (int r = 0; r < HAL_RELAYS; r++)
			fw_relay_set(fw, r, k == C_ONALL);
		break;
	case C_AONALL:
	case C_AOFFALL:
		if (fw_limited(fw, FW_ROW_ALARM))
			return refuse(c), true;
		for (int i = 0; i < HAL_INPUTS; i++)
			fw_alarm_enable(fw, i, k == C_AONALL);
		fw_settings_changed(fw);
		break;
	case C_AON:
	case C_AOFF:
		if (fw_limited(fw, FW_ROW_ALARM))
			return refuse(c), true;
		fw_alarm_enable(fw, arg, k == C_AON);
		fw_settings_changed(fw);
		break;
	case C_TON:
	case C_TOFF:
		if (fw_limited(fw, FW_ROW_THERMOSTAT))
			return refuse(c), true;
		fw_thermo_enable(fw, arg, k == C_TON);
		fw_settings_changed(fw);
		break;
	default:
		if (fw_limited(fw, FW_ROW_RELAY))
			return refuse(c), true;
		relay_action(fw, k, arg);
		break;
	}
	confirm(c);
	return true;
}

/* --- information ----------------------------------------------------------- */

static bool information(struct cmd *c, const struct atc_sms *sms)
{
	struct fw *fw = c->fw;
	char buf[FW_REPLY + 1];
	struct sb o;
	sb_init(&o, buf, sizeof(buf));
	if (eqn_ci(c->s, c->n, "STATUS")) {
		fw_report_status(fw, &o);
	} else if (eqn_ci(c->s, c->n, "RSTAT")) {
		fw_report_relays(fw, &o);
	} else if (eqn_ci(c->s, c->n, "ISTAT")) {
		if (fw_limited(fw, FW_ROW_ALARM))
			return refuse(c), true;
		fw_report_inputs(fw, &o);
	} else if (eqn_ci(c->s, c->n, "TEMP")) {
		fw_report_temps(fw, &o);
	} else if (eqn_ci(c->s, c->n, "SIGNALREPORT")) {
		clock_set_from_ts(fw, sms->ts);
		fw_report_signal(fw, &o);
	} else if (eqn_ci(c->s, c->n, "VERSION?")) {
		sb_puts(&o, "VERSION=" FW_HW_VERSION "," FW_VERSION);
	} else if (eqn_ci(c->s, c->n, "SCHEDULER?")) {
		bool any = false;
		for (int i = 0; i < SET_TASKS; i++) {
			if (!fw->set.tasks[i].used)
				continue;
			if (o.len > FW_REPLY - 20) { /* one SMS per 160 characters */
				reply(c, buf);
				sb_init(&o, buf, sizeof(buf));
			} else if (any) {
				sb_putc(&o, ';');
			}
			task_format(&fw->set.tasks[i], &o);
			any = true;
		}
		if (!any)
			sb_puts(&o, "SCHEDULER=EMPTY");
	} else if (eqn_ci(c->s, c->n, "LOG?")) {
		/* The alarm log, oldest first; "; " between entries, several
		 * SMS if long. */
		for (int i = 0; i < fw->nlog; i++) {
			char e[64];
			struct sb eo;
			sb_init(&eo, e, sizeof(e));
			fw_report_log(fw, i, &eo);
			if (i && o.len + 2 + eo.len > FW_REPLY) {
				reply(c, buf);
				sb_init(&o, buf, sizeof(buf));
			} else if (i) {
				sb_puts(&o, "; ");
			}
			sb_puts(&o, e);
		}
		if (!fw->nlog)
			sb_puts(&o, "LOG=EMPTY");
	} else if (c->n > 1 && c->s[c->n - 1] == '?') {
		unsigned idx;
		const struct key_def *k = settings_find(c->s, c->n - 1, &idx);
		if (!k)
			return false;
		settings_format(&fw->set, k, idx, true, &o);
	} else {
		return false;
	}
	reply(c, buf);
	return true;
}

/* --- configuration --------------------------------------------------------- */

static bool window_open(struct cmd *c)
{
	if (hal_now_ms() < c->fw->window_until)
		return true;
	error(c, "Time for configuration is expired (30min)!");
	return false;
}

static void configured(struct cmd *c)
{
	c->fw->window_until = hal_now_ms() + FW_WINDOW_MS;
	if (!fw_settings_changed(c->fw)) {
		error(c, "Execute error!");
		return;
	}
	confirm(c);
}

static int list_find(char list[][SET_NUMBER_LEN + 1], const char *num)
{
	for (int i = 0; i < SET_NUMBERS; i++)
		if (list[i][0] && number_eq(list[i], num))
			return i;
	return -1;
}

/* ADDSECNUM / DELSECNUM / ADDALERTNUM / DELALERTNUM <number>. */
static bool number_cmd(struct cmd *c)
{
	static const char *const words[] = { "ADDSECNUM", "DELSECNUM", "ADDALERTNUM", "DELALERTNUM" };
	for (int w = 0; w < 4; w++) {
		size_t wl = str_len(words[w]);
		if (!prefix_ci(c->s, c->n, words[w]))
			continue;
		char(*list)[SET_NUMBER_LEN + 1] = w < 2 ? c->fw->set.numbers : c->fw->set.alerts;
		char num[SET_NUMBER_LEN + 1];
		const char *a = c->s + wl;
		size_t an = c->n - wl;
		while (an && *a == ' ') {
			a++;
			an--;
		}
		if (!window_open(c))
			return true;
		if (!number_valid(a, an)) {
			error(c, "Incorrect value!");
			return true;
		}
		str_copy(num, sizeof(num), a, an);
		int at = list_find(list, num);
		if (w % 2 == 0 && at < 0) {
			for (at = 0; at < SET_NUMBERS && list[at][0]; at++)
				;
			if (at == SET_NUMBERS) {
				error(c, "Execute error!");
				return true;
			}
			str_copy(list[at], SET_NUMBER_LEN + 1, num, an);
		} else if (w % 2 == 1) {
			if (at < 0) {
				error(c, "Incorrect value!");
				return true;
			}
			if (w == 1 && last_secnum(c->fw, at)) {
				reply(c, FW_LAST_SECNUM);
				return true;
			}
			list[at][0] = '\0';
		}
		configured(c);
		return true;
	}
	return false;
}

/* SC<hh:mm>,<day>,<action>  SCHEDULER-<hh:mm>  SCHEDULER-ALL */
static bool scheduler_cmd(struct cmd *c)
{
	struct settings *s = &c->fw->set;
	if (prefix_ci(c->s, c->n, "SCHEDULER-")) {
		const char *a = c->s + 10;
		size_t an = c->n - 10;
		bool found = false;
		if (!window_open(c))
			return true;
		for (int i = 0; i < SET_TASKS; i++) {
			struct task *t = &s->tasks[i];
			if (t->used && (eqn_ci(a, an, "ALL") ||
					(an == 5 && a[2] == ':' && t->hh == (a[0] - '0') * 10 + a[1] - '0' &&
					 t->mm == (a[3] - '0') * 10 + a[4] - '0'))) {
				memset(t, 0, sizeof(*t));
				found = true;
			}
		}
		if (!found && !eqn_ci(a, an, "ALL")) {
			error(c, "Incorrect value!");
			return true;
		}
		configured(c);
		return true;
	}
	if (c->n < 3 || !prefix_ci(c->s, c->n, "SC") || c->s[2] < '0' || c->s[2] > '9')
		return false;
	if (!window_open(c))
		return true;
	struct task t;
	if (!task_parse(c->s + 2, c->n - 2, &t)) {
		error(c, "Incorrect value!");
		return true;
	}
	for (int i = 0; i < SET_TASKS; i++)
		if (!s->tasks[i].used) {
			s->tasks[i] = t;
			configured(c);
			return true;
		}
	error(c, "Execute error!");
	return true;
}

static bool configuration(struct cmd *c)
{
	size_t eq = 0;
	while (eq < c->n && c->s[eq] != '=')
		eq++;
	if (eq == c->n)
		return number_cmd(c) || scheduler_cmd(c);
	unsigned idx;
	const struct key_def *k = settings_find(c->s, eq, &idx);
	if (!k)
		return false;
	/* NOTE-A, NOTE-B: the forms that switch an input's Alarm Function or a
	 * relay's thermostat are refused like AON/AOFF and TON/TOFF. */
	if ((prefix_ci(c->s, eq, "ALARM") && fw_limited(c->fw, FW_ROW_ALARM)) ||
	    (prefix_ci(c->s, eq, "THERMO") && fw_limited(c->fw, FW_ROW_THERMOSTAT)))
		return refuse(c), true;
	if (!window_open(c))
		return true;
	const char *v = c->s + eq + 1;
	size_t vn = c->n - eq - 1;
	while (vn && *v == ' ') {
		v++;
		vn--;
	}
	/* NUM<n>= (empty) by SMS: the same rule as DELSECNUM. */
	if (prefix_ci(c->s, eq, "NUM") && vn == 0 && last_secnum(c->fw, (int)idx)) {
		reply(c, FW_LAST_SECNUM);
		return true;
	}
	struct settings *set = &c->fw->set;
	bool temp = settings_key_tab(k) == TAB_TEMPERATURE; /* idx: the sensor */
	int16_t hi = temp ? set->temp_high[idx] : 0, lo = temp ? set->temp_low[idx] : 0;
	if (settings_set(set, k, idx, v, vn) != SET_OK) {
		error(c, "Incorrect value!");
		return true;
	}
	/* Thresholds can be set for installed sensors only (CG 3.1). */
	if (temp && (!thermo_threshold_allowed(c->fw, (int)idx, hi, set->temp_high[idx]) ||
		     !thermo_threshold_allowed(c->fw, (int)idx, lo, set->temp_low[idx]))) {
		char buf[48];
		struct sb o;
		set->temp_high[idx] = hi;
		set->temp_low[idx] = lo;
		sb_init(&o, buf, sizeof(buf));
		sb_puts(&o, "Temperature sensor T");
		sb_int(&o, (int32_t)idx + 1);
		sb_puts(&o, " is not installed!");
		error(c, buf);
		return true;
	}
	configured(c);
	return true;
}

/* --- entry points ---------------------------------------------------------- */

void sms_handle(struct fw *fw, const struct atc_sms *sms)
{
	struct cmd c = { fw, sms->number, sms->text, str_len(sms->text) };
	/* While USB is attached messages are deleted unprocessed, unanswered. */
	if (hal_usb_attached())
		return;
	while (c.n && (c.s[0] == ' ' || c.s[0] == '\n' || c.s[0] == '\r')) {
		c.s++;
		c.n--;
	}
	while (c.n && (c.s[c.n - 1] == ' ' || c.s[c.n - 1] == '\n' || c.s[c.n - 1] == '\r'))
		c.n--;
	if (!fw->set.sms_locked && list_empty(fw->set.numbers) && eqn_ci(c.s, c.n, "MAKEMEBOSS")) {
		if (number_valid(sms->number, str_len(sms->number))) {
			str_copy(fw->set.numbers[0], SET_NUMBER_LEN + 1, sms->number, SET_NUMBER_LEN);
			configured(&c);
		}
		return;
	}
	if (!authorized(fw, sms->number)) {
		if (fw->set.unauth_replies)
			reply(&c, "Access deny!");
		return;
	}
	/* RENEW<renew password> needs no management password. */
	if (!fw->set.sms_locked && prefix_ci(c.s, c.n, "RENEW") &&
	    !prefix_ci(c.s, c.n, "RENEWPASSWORD")) {
		if (fw->set.renew_password[0] && eqn_ci(c.s + 5, c.n - 5, fw->set.renew_password)) {
			fw->window_until = hal_now_ms() + FW_WINDOW_MS;
			if (fw->set.sms_confirm)
				reply(&c, "Time for configuration renewed (30min)");
		} else {
			error(&c, "Invalid access password!");
		}
		return;
	}
	size_t pl = str_len(fw->set.password);
	if (pl) {
		/* Stored in capitals (settings.c), compared ignoring case. */
		if (!prefix_ci(c.s, c.n, fw->set.password)) {
			error(&c, "Invalid access password!");
			return;
		}
		c.s += pl;
		c.n -= pl;
	}
	/* A lost store: STATUS (which says so) and nothing else by SMS. */
	if (fw->set.sms_locked && !eqn_ci(c.s, c.n, "STATUS")) {
		error(&c, FW_LOCKED_TEXT);
		return;
	}
	if (sms->truncated) {
		error(&c, "Incorrect value!");
		return;
	}
	if (!information(&c, sms) && !control(&c) && !configuration(&c))
		unknown(&c);
}

void sms_ring(struct fw *fw, const char *number)
{
	struct settings *s = &fw->set;
	char buf[24];
	struct sb o;
	/* The call is always rejected without answering, so it costs nothing. */
	atc_reject(&fw->atc);
	if (hal_usb_attached() || s->sms_locked || !authorized(fw, number) ||
	    s->ring_kind == RA_NONE)
		return;
	if (fw_limited(fw, FW_ROW_RELAY)) {
		if (s->call_confirm == CC_SMS)
			sms_send(fw, number, FW_REFUSAL);
		return;
	}
	static const enum ctl kinds[] = { C_NONE, C_ON, C_OFF, C_PULSE, C_RESTART };
	relay_action(fw, kinds[s->ring_kind], s->ring_relay - 1);
	if (s->call_confirm == CC_CALL) {
		atc_call(&fw->atc, number);
	} else if (s->call_confirm == CC_SMS) {
		static const char *const names[] = { "", "ON", "OFF", "PULSE", "RESTART" };
		sb_init(&o, buf, sizeof(buf));
		sb_puts(&o, names[s->ring_kind]);
		sb_int(&o, s->ring_relay);
		sb_puts(&o, " - OK");
		sms_send(fw, number, buf);
	}
}
