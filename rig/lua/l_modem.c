/* l_modem.c - the modem module: SMS and calls through the GSM module
 * emulator that sits on the unit's modem UART.
 *
 * Expectations: a plain string matches an SMS text exactly; a pattern
 * object from modem.pattern("^STATUS") matches with string.find. SMS the
 * unit sends are kept in the session's inbox until a test takes them. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "lbind.h"
#include <lualib.h>

#define PATTERNMT "rr.pattern"
#define LIST_MAX 4000

/* modem.pattern(p) -> pattern object */
static int l_pattern(lua_State *L)
{
	luaL_checkstring(L, 1);
	lua_createtable(L, 0, 1);
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, "pattern");
	luaL_setmetatable(L, PATTERNMT);
	return 1;
}

static int pattern_tostring(lua_State *L)
{
	lua_getfield(L, 1, "pattern");
	lua_pushfstring(L, "modem.pattern(\"%s\")", lua_tostring(L, -1));
	return 1;
}

/* Does text match the expectation at stack index exp? (may raise for a
 * malformed pattern: nothing is held here) */
static bool matches(lua_State *L, int exp, const char *text)
{
	bool ok;

	if (lua_isnil(L, exp))
		return true;
	if (lua_type(L, exp) == LUA_TSTRING)
		return strcmp(lua_tostring(L, exp), text) == 0;
	lua_pushvalue(L, lua_upvalueindex(1)); /* string.find */
	lua_pushstring(L, text);
	lua_getfield(L, exp, "pattern");
	lua_call(L, 2, 1);
	ok = !lua_isnil(L, -1);
	lua_pop(L, 1);
	return ok;
}

static void check_expectation(lua_State *L, int arg)
{
	if (lua_type(L, arg) == LUA_TSTRING || lua_isnil(L, arg))
		return;
	if (lua_getmetatable(L, arg)) {
		bool ok;
		luaL_getmetatable(L, PATTERNMT);
		ok = lua_rawequal(L, -1, -2);
		lua_pop(L, 2);
		if (ok)
			return;
	}
	luaL_typeerror(L, arg, "string or modem.pattern");
}

static const char *opt_number(lua_State *L, int arg)
{
	return lua_isnoneornil(L, arg) ? NULL : luaL_checkstring(L, arg);
}

static const char *const coding_names[] = { "auto", "7bit", "8bit", "ucs2", NULL };

/* modem.sms(from, text, {coding=, parts=, ref16=}) -> index */
static int l_sms(lua_State *L)
{
	struct emu_sms_in in = { luaL_checkstring(L, 1), luaL_checkstring(L, 2), 0, 0, false };
	struct session *s;
	int rc;

	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		lua_getfield(L, 3, "coding");
		in.coding = luaL_checkoption(L, -1, "auto", coding_names);
		lua_getfield(L, 3, "parts");
		if (!lua_isnil(L, -1))
			in.split = lua_toboolean(L, -1) ? 1 : -1;
		lua_getfield(L, 3, "ref16");
		in.ref16 = lua_toboolean(L, -1);
		lua_pop(L, 3);
	}
	s = lb_session(L);
	rc = emu_deliver(session_modem(s), &in, session_now(s));
	if (rc < 0)
		return luaL_error(L, "modem.sms: cannot deliver: %s", rr_strerror(rc));
	lua_pushinteger(L, rc);
	return 1;
}

/* What is known of an SMS the unit sent, as a table. */
static void push_info(lua_State *L, const struct emu_sms_out *m)
{
	lua_createtable(L, 0, 7);
	lua_pushstring(L, m->number);
	lua_setfield(L, -2, "number");
	lua_pushnumber(L, (double)m->t_ms / 1000.0);
	lua_setfield(L, -2, "time");
	lua_pushinteger(L, m->parts > 0 ? m->parts : 1);
	lua_setfield(L, -2, "parts");
	lua_pushboolean(L, m->pdu);
	lua_setfield(L, -2, "pdu");
	lua_pushboolean(L, m->srr);
	lua_setfield(L, -2, "status_report");
	lua_pushstring(L, coding_names[m->coding >= 0 && m->coding <= 3 ? m->coding : 0]);
	lua_setfield(L, -2, "coding");
	lua_pushstring(L, m->smsc);
	lua_setfield(L, -2, "smsc");
}

struct count_wait {
	const char *number;
	int seen;
};

static int count_for(const struct session *s, const char *number)
{
	return session_inbox_count(s, number);
}

static bool more_sms(struct session *s, void *arg)
{
	struct count_wait *w = arg;
	return count_for(s, w->number) != w->seen;
}

/* Take the first SMS to number matching expectation exp; push its text. */
static bool take_match(lua_State *L, struct session *s, const char *number, int exp)
{
	const struct emu_sms_out *m;

	for (int i = 0; (m = session_inbox_at(s, i)) != NULL; i++) {
		if (number && strcmp(number, m->number))
			continue;
		if (!matches(L, exp, m->text))
			continue;
		lua_pushstring(L, m->text);
		lua_pushstring(L, m->number);
		push_info(L, m);
		session_inbox_remove(s, i);
		return true;
	}
	return false;
}

/* Wait for an SMS to number matching exp. Pushes text, number, info on success;
 * returns the session_wait code otherwise. */
static int wait_match(lua_State *L, struct session *s, const char *number, int exp,
		      uint64_t until)
{
	struct count_wait w = { number, 0 };
	int rc;

	for (;;) {
		if (take_match(L, s, number, exp))
			return RR_OK;
		w.seen = count_for(s, number);
		rc = session_wait(s, until, more_sms, &w, 0);
		if (rc == RR_OK)
			continue;
		if (take_match(L, s, number, exp))
			return RR_OK;
		return rc;
	}
}

/* Texts of the SMS to number in the inbox, one per line, for messages. */
static void list_sms(const struct session *s, const char *number, struct sbuf *b)
{
	const struct emu_sms_out *m;

	for (int i = 0; (m = session_inbox_at(s, i)) != NULL && b->len < LIST_MAX; i++) {
		if (number && strcmp(number, m->number))
			continue;
		sb_printf(b, "\n  to %s at %.3f s: \"%s\"", m->number,
			  (double)m->t_ms / 1000.0, m->text);
	}
	if (!b->len)
		sb_puts(b, " none");
}

/* modem.expect_sms(to, text | pattern, timeout_s=10) -> text */
static int l_expect_sms(lua_State *L)
{
	const char *to = opt_number(L, 1);
	uint64_t ms;
	struct session *s;
	char exp[1200], got[LIST_MAX + 200];
	struct sbuf b;
	int rc;

	check_expectation(L, 2);
	ms = lb_opt_ms(L, 3, 10);
	s = lb_session(L);
	rc = wait_match(L, s, to, 2, session_now(s) + ms);
	if (rc == RR_OK) {
		lua_remove(L, -2); /* the number: the info has it */
		return 2;
	}
	if (rc != RR_ERR_TIMEOUT)
		return lb_raise(L, rc, "modem.expect_sms");
	if (lua_type(L, 2) == LUA_TSTRING)
		snprintf(exp, sizeof(exp), "\"%s\"", lua_tostring(L, 2));
	else
		snprintf(exp, sizeof(exp), "%s", luaL_tolstring(L, 2, NULL));
	sb_init(&b);
	list_sms(s, to, &b);
	snprintf(got, sizeof(got), "%s", b.s);
	sb_free(&b);
	return lb_fail(L, "no SMS to %s matched within %g s\nexpected: %s\n  actual:%s",
		       to ? to : "any number", (double)ms / 1000.0, exp, got);
}

/* modem.wait_sms(to, timeout_s=10) -> text, number, info | nil */
static int l_wait_sms(lua_State *L)
{
	const char *to = opt_number(L, 1);
	uint64_t ms = lb_opt_ms(L, 2, 10);
	struct session *s = lb_session(L);
	int rc;

	lua_pushnil(L); /* expectation: any text */
	rc = wait_match(L, s, to, lua_gettop(L), session_now(s) + ms);
	if (rc == RR_OK)
		return 3;
	if (rc != RR_ERR_TIMEOUT)
		return lb_raise(L, rc, "modem.wait_sms");
	lua_pushnil(L);
	return 1;
}

/* modem.no_sms(to, within_s=10): fails if an SMS to `to` arrives. */
static int l_no_sms(lua_State *L)
{
	const char *to = opt_number(L, 1);
	uint64_t ms = lb_opt_ms(L, 2, 10);
	struct session *s = lb_session(L);
	struct count_wait w = { to, 0 };
	int rc;

	rc = session_poll(s);
	w.seen = count_for(s, to);
	if (rc == RR_OK)
		rc = session_wait(s, session_now(s) + ms, more_sms, &w, 0);
	if (rc == RR_ERR_TIMEOUT)
		return 0;
	if (rc != RR_OK)
		return lb_raise(L, rc, "modem.no_sms");
	const struct emu_sms_out *m;

	for (int i = 0, k = 0; (m = session_inbox_at(s, i)) != NULL; i++) {
		if (to && strcmp(to, m->number))
			continue;
		if (k++ == w.seen)
			return lb_fail(L, "expected no SMS to %s within %g s\n  actual: \"%s\" to %s at %.3f s",
				       to ? to : "any number", (double)ms / 1000.0, m->text,
				       m->number, (double)m->t_ms / 1000.0);
	}
	return lb_fail(L, "expected no SMS to %s", to ? to : "any number");
}

/* modem.ring(from) */
static int l_ring(lua_State *L)
{
	const char *from = luaL_checkstring(L, 1);
	struct session *s = lb_session(L);
	int rc = emu_ring(session_modem(s), from, session_now(s));

	if (rc < 0)
		return luaL_error(L, "modem.ring: %s", rr_strerror(rc));
	return 0;
}

static const char *call_state_name(enum emu_call_state st)
{
	switch (st) {
	case EMU_CALL_NONE: return "no call";
	case EMU_CALL_RINGING: return "still ringing";
	case EMU_CALL_REJECTED: return "rejected";
	case EMU_CALL_ANSWERED: return "answered";
	case EMU_CALL_GAVE_UP: return "unanswered (caller gave up)";
	}
	return "unknown";
}

static bool call_settled(struct session *s, void *arg)
{
	(void)arg;
	enum emu_call_state st = emu_call_state(session_modem(s));
	return st != EMU_CALL_RINGING;
}

static int expect_call_state(lua_State *L, enum emu_call_state want, const char *what)
{
	uint64_t ms = lb_opt_ms(L, 1, 30);
	struct session *s = lb_session(L);
	enum emu_call_state st;
	int rc = session_wait(s, session_now(s) + ms, call_settled, NULL, 0);

	if (rc < 0 && rc != RR_ERR_TIMEOUT)
		return lb_raise(L, rc, what);
	st = emu_call_state(session_modem(s));
	if (st != want)
		return lb_fail(L, "%s: the call was %s after %g s\nexpected: %s\n  actual: %s",
			       what, call_state_name(st), (double)ms / 1000.0,
			       call_state_name(want), call_state_name(st));
	lua_pushnumber(L, (double)session_now(s) / 1000.0);
	return 1;
}

static int l_expect_reject(lua_State *L)
{
	return expect_call_state(L, EMU_CALL_REJECTED, "modem.expect_reject");
}

static int l_expect_answer(lua_State *L)
{
	return expect_call_state(L, EMU_CALL_ANSWERED, "modem.expect_answer");
}

struct call_wait {
	const char *number;
	struct emu_call_out got;
};

static bool took_call(struct session *s, void *arg)
{
	struct call_wait *w = arg;
	return emu_take_call(session_modem(s), w->number, &w->got);
}

/* modem.expect_call(to, timeout_s=30) -> number, time (s) */
static int l_expect_call(lua_State *L)
{
	struct call_wait w = { opt_number(L, 1), { "", 0 } };
	uint64_t ms = lb_opt_ms(L, 2, 30);
	struct session *s = lb_session(L);
	int rc = session_wait(s, session_now(s) + ms, took_call, &w, 0);

	if (rc == RR_ERR_TIMEOUT)
		return lb_fail(L, "the unit did not call %s within %g s",
			       w.number ? w.number : "any number", (double)ms / 1000.0);
	if (rc < 0)
		return lb_raise(L, rc, "modem.expect_call");
	lua_pushstring(L, w.got.number);
	lua_pushnumber(L, (double)w.got.t_ms / 1000.0);
	return 2;
}

/* Parse "YYYY-MM-DD HH:MM:SS" (UTC) into epoch seconds. */
static int parse_time(const char *s, int64_t *out)
{
	struct tm tm;
	char tail;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d %d:%d:%d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &tail) != 6)
		return -1;
	if (tm.tm_year < 2000 || tm.tm_year > 2099 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 59 || tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

/* modem.network_time("2026-11-21 10:00:00") */
static int l_network_time(lua_State *L)
{
	const char *t = luaL_checkstring(L, 1);
	int64_t epoch;
	struct session *s;

	if (parse_time(t, &epoch))
		return luaL_argerror(L, 1, "expected \"YYYY-MM-DD HH:MM:SS\"");
	s = lb_session(L);
	session_set_network_time(s, epoch);
	return 0;
}

/* modem.transcript(n=20) -> text */
static int l_transcript(lua_State *L)
{
	lua_Integer n = luaL_optinteger(L, 1, 20);
	struct session *s = lb_session(L);
	struct sbuf b;

	luaL_argcheck(L, n > 0 && n <= 100000, 1, "line count out of range");
	session_poll(s);
	sb_init(&b);
	session_transcript(s, (int)n, &b);
	lua_pushstring(L, b.s);
	sb_free(&b);
	return 1;
}

/* modem.callee(reject_after_s, accept): how the unit's own calls go. */
static int l_callee(lua_State *L)
{
	uint64_t ms = lb_opt_ms(L, 1, 5);
	bool accept = lua_toboolean(L, 2);
	struct session *s = lb_session(L);

	emu_set_callee(session_modem(s), (int)ms, accept);
	return 0;
}

/* modem.rssi(0..31 | 99) */
static int l_rssi(lua_State *L)
{
	lua_Integer v = luaL_checkinteger(L, 1);
	struct session *s;

	luaL_argcheck(L, (v >= 0 && v <= 31) || v == 99, 1, "expected 0..31 or 99");
	s = lb_session(L);
	emu_set_rssi(session_modem(s), (int)v);
	return 0;
}

/* ---- module behaviours ---- */

/* modem.registration([stat]) -> stat: 0 not registered, 1 home,
 * 2 searching, 3 denied, 5 roaming (names too). */
static int l_registration(lua_State *L)
{
	static const char *const names[] = { "none", "home", "searching", "denied", "unknown", "roaming", NULL };
	struct session *s = lb_session(L);

	if (!lua_isnoneornil(L, 1)) {
		int v = lua_type(L, 1) == LUA_TNUMBER ? (int)lua_tointeger(L, 1) : luaL_checkoption(L, 1, NULL, names);
		luaL_argcheck(L, v >= 0 && v <= 5 && v != 4, 1, "expected 0, 1, 2, 3, 5 or a name");
		emu_set_registration(session_modem(s), v);
		session_poll(s);
	}
	lua_pushinteger(L, emu_registration(session_modem(s)));
	return 1;
}

/* modem.sim("ready" | "absent" | "pin", pin) */
static int l_sim(lua_State *L)
{
	static const char *const names[] = { "ready", "absent", "pin", NULL };
	int st = luaL_checkoption(L, 1, NULL, names);
	const char *pin = luaL_optstring(L, 2, NULL);
	struct session *s = lb_session(L);

	luaL_argcheck(L, !pin || (strlen(pin) >= 4 && strlen(pin) <= 8), 2, "a PIN of 4 to 8 digits");
	emu_set_sim(session_modem(s), (enum emu_sim)st, pin);
	session_poll(s);
	return 0;
}

/* modem.network_time_absent(bool) */
static int l_no_time(lua_State *L)
{
	emu_set_network_time_absent(session_modem(lb_session(L)), lua_toboolean(L, 1));
	return 0;
}

/* modem.storage_full(bool) */
static int l_storage_full(lua_State *L)
{
	emu_set_storage_full(session_modem(lb_session(L)), lua_toboolean(L, 1));
	return 0;
}

/* modem.prompt_delay(s) */
static int l_prompt_delay(lua_State *L)
{
	uint64_t ms = lb_opt_ms(L, 1, 0);
	emu_set_prompt_delay(session_modem(lb_session(L)), (int)ms);
	return 0;
}

/* modem.send_error(code=500, count=1): the next sends fail; count -1: all,
 * 0: none. */
static int l_send_error(lua_State *L)
{
	lua_Integer code = luaL_optinteger(L, 1, 500), n = luaL_optinteger(L, 2, 1);
	luaL_argcheck(L, code >= 1 && code <= 999, 1, "a +CMS ERROR code");
	luaL_argcheck(L, n >= -1 && n <= 1000, 2, "-1, 0 or a count");
	emu_set_send_error(session_modem(lb_session(L)), (int)code, (int)n);
	return 0;
}

/* modem.urc(line, inside=false) */
static int l_urc(lua_State *L)
{
	const char *line = luaL_checkstring(L, 1);
	struct session *s = lb_session(L);

	luaL_argcheck(L, strlen(line) < 120 && !strpbrk(line, "\r\n"), 1, "one line under 120 characters");
	emu_send_urc(session_modem(s), line, lua_toboolean(L, 2), session_now(s));
	session_poll(s);
	return 0;
}

/* modem.reboot(silent_s=2) */
static int l_reboot(lua_State *L)
{
	uint64_t ms = lb_opt_ms(L, 1, 2);
	struct session *s = lb_session(L);

	emu_reboot(session_modem(s), (int)ms, session_now(s));
	return 0;
}

/* modem.autobaud(bool) */
static int l_autobaud(lua_State *L)
{
	emu_set_autobaud(session_modem(lb_session(L)), lua_toboolean(L, 1));
	return 0;
}

/* modem.ussd(text) */
static int l_ussd(lua_State *L)
{
	emu_set_ussd(session_modem(lb_session(L)), luaL_checkstring(L, 1));
	return 0;
}

/* modem.pdu() -> true when the unit selected PDU mode */
static int l_pdu(lua_State *L)
{
	struct session *s = lb_session(L);
	session_poll(s);
	lua_pushboolean(L, emu_pdu_mode(session_modem(s)));
	return 1;
}

/* modem.no_call([to,] within_s=30): fails if the unit calls `to` (any
 * number when nil) within the time. */
static int l_no_call(lua_State *L)
{
	int targ = lua_type(L, 1) == LUA_TNUMBER ? 1 : 2;
	struct call_wait w = { targ == 2 ? opt_number(L, 1) : NULL, { "", 0 } };
	uint64_t ms = lb_opt_ms(L, targ, 30);
	struct session *s = lb_session(L);
	int rc = session_wait(s, session_now(s) + ms, took_call, &w, 0);

	if (rc == RR_ERR_TIMEOUT)
		return 0;
	if (rc < 0)
		return lb_raise(L, rc, "modem.no_call");
	return lb_fail(L, "expected no call to %s within %g s\n  actual: the unit called %s at %.3f s",
		       w.number ? w.number : "any number", (double)ms / 1000.0, w.got.number,
		       (double)w.got.t_ms / 1000.0);
}

/* modem.inbox([to]) -> { {number =, text =, time =, ...}, ... }: the SMS
 * the unit sent that no expectation took yet, oldest first (they stay
 * there); each with what expect_sms's info table holds, and the text. */
static int l_inbox(lua_State *L)
{
	const char *to = opt_number(L, 1);
	struct session *s = lb_session(L);
	const struct emu_sms_out *m;
	int rc = session_poll(s);

	if (rc < 0)
		return lb_raise(L, rc, "modem.inbox");
	lua_newtable(L);
	for (int i = 0, k = 0; (m = session_inbox_at(s, i)) != NULL; i++) {
		if (to && strcmp(to, m->number))
			continue;
		push_info(L, m);
		lua_pushstring(L, m->text);
		lua_setfield(L, -2, "text");
		lua_rawseti(L, -2, ++k);
	}
	return 1;
}

/* modem.clear([to]) -> n: forget the SMS in the inbox (to `to`, or all). */
static int l_clear(lua_State *L)
{
	const char *to = opt_number(L, 1);
	struct session *s = lb_session(L);
	int rc = session_poll(s);

	if (rc < 0)
		return lb_raise(L, rc, "modem.clear");
	lua_pushinteger(L, session_inbox_clear(s, to));
	return 1;
}

int luaopen_modem(lua_State *L)
{
	static const luaL_Reg f[] = {
		{ "pattern", l_pattern },
		{ "sms", l_sms },
		{ "expect_sms", l_expect_sms },
		{ "wait_sms", l_wait_sms },
		{ "no_sms", l_no_sms },
		{ "ring", l_ring },
		{ "expect_reject", l_expect_reject },
		{ "expect_answer", l_expect_answer },
		{ "expect_call", l_expect_call },
		{ "network_time", l_network_time },
		{ "transcript", l_transcript },
		{ "callee", l_callee },
		{ "rssi", l_rssi },
		{ "registration", l_registration },
		{ "sim", l_sim },
		{ "network_time_absent", l_no_time },
		{ "storage_full", l_storage_full },
		{ "prompt_delay", l_prompt_delay },
		{ "send_error", l_send_error },
		{ "urc", l_urc },
		{ "reboot", l_reboot },
		{ "autobaud", l_autobaud },
		{ "ussd", l_ussd },
		{ "pdu", l_pdu },
		{ "no_call", l_no_call },
		{ "inbox", l_inbox },
		{ "clear", l_clear },
		{ NULL, NULL },
	};

	if (luaL_newmetatable(L, PATTERNMT)) {
		lua_pushcfunction(L, pattern_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_pop(L, 1);
	luaL_newlibtable(L, f);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_getfield(L, -1, LUA_STRLIBNAME);
	lua_getfield(L, -1, "find");
	lua_remove(L, -2);
	lua_remove(L, -2);
	luaL_setfuncs(L, f, 1); /* upvalue: string.find */
	return 1;
}
