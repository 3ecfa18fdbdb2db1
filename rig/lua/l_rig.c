/* l_rig.c - the rig module: supplies, inputs, USB, relays, sensors. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "lbind.h"
#include "rigfile/rigfile.h"


static int set_out(lua_State *L, enum rig_output o, int arg, const char *what)
{
	bool on;
	struct session *s;
	int rc;

	luaL_checktype(L, arg, LUA_TBOOLEAN);
	on = lua_toboolean(L, arg);
	s = lb_session(L);
	rc = session_set(s, o, on);
	if (rc < 0)
		return lb_raise(L, rc, what);
	return 0;
}

static int l_dc(lua_State *L) { return set_out(L, RIG_OUT_DC, 1, "rig.dc"); }
static int l_ac(lua_State *L) { return set_out(L, RIG_OUT_AC, 1, "rig.ac"); }
static int l_battery(lua_State *L) { return set_out(L, RIG_OUT_BAT, 1, "rig.battery"); }
static int l_usb(lua_State *L) { return set_out(L, RIG_OUT_USB, 1, "rig.usb"); }

static int l_input(lua_State *L)
{
	lua_Integer i = luaL_checkinteger(L, 1);

	luaL_argcheck(L, i >= 1 && i <= RIG_INPUTS, 1, "input must be 1..6");
	return set_out(L, (enum rig_output)(RIG_OUT_IN1 + i - 1), 2, "rig.input");
}

static int check_relay(lua_State *L, int arg)
{
	lua_Integer r = luaL_checkinteger(L, arg);

	luaL_argcheck(L, r >= 1 && r <= RIG_RELAYS, arg, "relay must be 1..7");
	return (int)r - 1;
}

/* rig.relay(r) -> bool */
static int l_relay(lua_State *L)
{
	int r = check_relay(L, 1);
	struct session *s = lb_session(L);
	int rc = session_poll(s);

	if (rc < 0)
		return lb_raise(L, rc, "rig.relay");
	lua_pushboolean(L, session_relay(s, r));
	return 1;
}

/* rig.relays() -> "0100000", {false, true, ...} */
static int l_relays(lua_State *L)
{
	struct session *s = lb_session(L);
	char str[RIG_RELAYS + 1];
	int rc = session_poll(s);

	if (rc < 0)
		return lb_raise(L, rc, "rig.relays");
	lua_createtable(L, RIG_RELAYS, 0);
	for (int r = 0; r < RIG_RELAYS; r++) {
		str[r] = session_relay(s, r) ? '1' : '0';
		lua_pushboolean(L, session_relay(s, r));
		lua_rawseti(L, -2, r + 1);
	}
	str[RIG_RELAYS] = '\0';
	lua_pushstring(L, str);
	lua_insert(L, -2);
	return 2;
}

struct relay_wait {
	int r;
	bool want;
	uint64_t since;
	uint64_t at; /* when reached */
};

static bool relay_reached(struct session *s, void *arg)
{
	struct relay_wait *w = arg;

	return session_relay_reached(s, w->r, w->want, w->since, &w->at);
}

/* rig.wait_relay(r, state, timeout_s=10) -> time (s) the state was seen */
static int l_wait_relay(lua_State *L)
{
	struct relay_wait w;
	struct session *s;
	uint64_t ms;
	int rc;

	w.r = check_relay(L, 1);
	luaL_checktype(L, 2, LUA_TBOOLEAN);
	w.want = lua_toboolean(L, 2);
	ms = lb_opt_ms(L, 3, 10);
	s = lb_session(L);
	w.since = session_now(s);
	/* every driver's advance() ends at a relay change (rig.h): the wait
	 * stops at the change itself, with no fixed step */
	rc = session_wait(s, w.since + ms, relay_reached, &w, 0);
	if (rc == RR_ERR_TIMEOUT) {
		char hist[4096];
		struct sbuf b;
		sb_init(&b);
		session_relay_history(s, w.r, &b);
		snprintf(hist, sizeof(hist), "%s", b.s);
		sb_free(&b);
		return lb_fail(L, "relay %d did not turn %s within %g s (still %s at %.3f s)\n"
				  "relay %d history: %s",
			       w.r + 1, w.want ? "on" : "off",
			       (double)ms / 1000.0, session_relay(s, w.r) ? "on" : "off",
			       (double)session_now(s) / 1000.0, w.r + 1, hist);
	}
	if (rc < 0)
		return lb_raise(L, rc, "rig.wait_relay");
	lua_pushnumber(L, (double)w.at / 1000.0);
	return 1;
}

/* rig.relay_changed(r) -> rig time (s) of the last change, or nil */
static int l_relay_changed(lua_State *L)
{
	int r = check_relay(L, 1);
	struct session *s = lb_session(L);
	uint64_t t;

	session_poll(s);
	if (!session_relay_last(s, r, &t))
		lua_pushnil(L);
	else
		lua_pushnumber(L, (double)t / 1000.0);
	return 1;
}

/* rig.history(r) -> "on@1.000s off@5.000s" */
static int l_history(lua_State *L)
{
	int r = check_relay(L, 1);
	struct session *s = lb_session(L);
	struct sbuf b;

	session_poll(s);
	sb_init(&b);
	session_relay_history(s, r, &b);
	lua_pushstring(L, b.s);
	sb_free(&b);
	return 1;
}

static int set_temp(lua_State *L, int sensor, int decic, bool fail)
{
	struct session *s = lb_session(L);
	int rc = session_set_temp(s, sensor, decic, fail);

	if (rc < 0)
		return lb_raise(L, rc, "rig.temp");
	return 0;
}

/* rig.temp(sensor, celsius | nil | "fail") */
static void require_cap(lua_State *L, const char *cap);

static int l_temp(lua_State *L)
{
	require_cap(L, "temp");
	lua_Integer n = luaL_checkinteger(L, 1);
	double c;

	luaL_argcheck(L, n >= 1 && n <= RIG_SENSORS, 1, "sensor must be 1..5");
	if (lua_isnoneornil(L, 2))
		return set_temp(L, (int)n, RIG_TEMP_NONE, false);
	if (lua_type(L, 2) == LUA_TSTRING && !strcmp(lua_tostring(L, 2), "fail"))
		return set_temp(L, (int)n, 0, true);
	c = luaL_checknumber(L, 2);
	if (!(c >= RIG_TEMP_MIN_C && c <= RIG_TEMP_MAX_C))
		return luaL_argerror(L, 2, lua_pushfstring(L, "temperature %f degC is outside the "
							      "sensor range %d..%d degC",
							   c, RIG_TEMP_MIN_C, RIG_TEMP_MAX_C));
	return set_temp(L, (int)n, (int)lround(c * 10.0), false);
}

static int l_sensor_fail(lua_State *L)
{
	require_cap(L, "temp");
	lua_Integer n = luaL_checkinteger(L, 1);

	luaL_argcheck(L, n >= 1 && n <= RIG_SENSORS, 1, "sensor must be 1..5");
	return set_temp(L, (int)n, 0, true);
}

static int l_battery_level(lua_State *L)
{
	require_cap(L, "battery_level");
	lua_Integer pct = luaL_checkinteger(L, 1);
	struct session *s;
	int rc;

	luaL_argcheck(L, pct >= 0 && pct <= 100, 1, "percent must be 0..100");
	s = lb_session(L);
	rc = session_set_battery_level(s, (int)pct);
	if (rc < 0)
		return lb_raise(L, rc, "rig.battery_level");
	return 0;
}

/* rig.safe(): supplies off, inputs released, USB detached. */
static int l_safe(lua_State *L)
{
	struct session *s = lb_session(L);
	int rc = session_safe(s);

	if (rc < 0)
		return lb_raise(L, rc, "rig.safe");
	return 0;
}

/* rig.control("debug hang") -> reply: raw driver command (sim only). */
static int l_control(lua_State *L)
{
	require_cap(L, "control");
	const char *cmd = luaL_checkstring(L, 1);
	struct session *s = lb_session(L);
	char reply[512] = "";
	int rc;

	rc = session_control(s, cmd, reply, sizeof(reply));
	if (rc == RR_ERR_ARG)
		return luaL_error(L, "rig.control '%s': %s", cmd, reply[0] ? reply : "refused");
	if (rc < 0)
		return lb_raise(L, rc, "rig.control");
	lua_pushstring(L, reply);
	return 1;
}

/* rig.fresh{ ac_sensor = false, serial = "S" }: replace the unit with a
 * new one (factory state) with these options for the rest of the file.
 * Only the documented fields are taken; anything else is an error. */
static const char *const fresh_fields = "ac_sensor (boolean), serial (string)";

static int l_fresh(lua_State *L)
{
	struct rr_ctx *c = lb_ctx(L);
	struct unit_opts u;
	bool any = false;

	if (!lua_isnoneornil(L, 1) && !lua_istable(L, 1))
		return luaL_error(L, "rig.fresh: expected a table of unit options (%s) or nothing, got %s",
				  fresh_fields, luaL_typename(L, 1));
	lua_settop(L, 1);
	rigfile_unit_defaults(c->rig, &u);
	if (lua_istable(L, 1)) {
		lua_pushnil(L);
		while (lua_next(L, 1)) {
			const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
			if (key && !strcmp(key, "ac_sensor")) {
				if (!lua_isboolean(L, -1))
					return luaL_error(L, "rig.fresh: ac_sensor must be a boolean, got %s",
							  luaL_typename(L, -1));
				u.ac_sensor = lua_toboolean(L, -1);
			} else if (key && !strcmp(key, "serial")) {
				size_t len;
				const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
				if (!v)
					return luaL_error(L, "rig.fresh: serial must be a string, got %s",
							  luaL_typename(L, -1));
				if (len == 0 || len >= sizeof(u.serial) || strcspn(v, " \t\r\n;=") != len)
					return luaL_error(L, "rig.fresh: serial must be 1..%d characters without "
							     "spaces, ';' or '='",
							  (int)sizeof(u.serial) - 1);
				memcpy(u.serial, v, len + 1);
			} else {
				lua_pushvalue(L, -2);
				return luaL_error(L, "rig.fresh: unknown field %s (allowed: %s)",
						  luaL_tolstring(L, -1, NULL), fresh_fields);
			}
			any = true;
			lua_pop(L, 1);
		}
	}
	if (any)
		require_cap(L, "models"); /* another unit than the rig's own */
	ctx_end_session(c);
	c->unit = u;
	c->unit_fresh = any;
	lb_session(L);
	return 0;
}

/* The index of the capability named at stack index idx; an unknown name
 * is an error listing the known ones. */
static int cap_arg(lua_State *L, int idx)
{
	const char *name = luaL_checkstring(L, idx);
	int k = rig_cap_index(name);

	if (k < 0)
		luaL_error(L, "unknown capability '%s' (known: %s)", name, rig_cap_list());
	return k;
}

/* rig.has(name) -> bool: the rig can do it (no unit is started). */
static int l_has(lua_State *L)
{
	lua_pushboolean(L, (lb_ctx(L)->caps >> cap_arg(L, 1)) & 1u);
	return 1;
}

/* The reason a test needing the capabilities named from stack index first
 * on cannot run, pushed (1); nothing pushed (0) when the rig has them all.
 * A capability the rig has but --without took away says so: the rig could. */
static int missing(lua_State *L, int first)
{
	const struct rr_ctx *c = lb_ctx(L);

	for (int i = first, top = lua_gettop(L); i <= top; i++) {
		int k = cap_arg(L, i);
		if ((c->caps >> k) & 1u)
			continue;
		if ((c->without >> k) & 1u && (c->drv->caps >> k) & 1u)
			lua_pushfstring(L, "needs %s: left out with --without (the %s rig can %s)",
					rig_cap_name(k), c->drv->name, rig_cap_what(k));
		else
			lua_pushfstring(L, "needs %s: the %s rig cannot %s", rig_cap_name(k),
					c->drv->name, rig_cap_what(k));
		return 1;
	}
	return 0;
}

/* Skip the running test, with the reason, unless the rig has every
 * capability named from stack index first on. */
static int skip_unless(lua_State *L, int first)
{
	if (!missing(L, first))
		return 0;
	lua_createtable(L, 0, 2);
	lua_insert(L, -2);
	lua_setfield(L, -2, "message");
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "rr_skip");
	return lua_error(L);
}

/* rig.need(name, ...): the test is skipped, with the reason, when the rig
 * lacks one of the capabilities. */
static int l_need(lua_State *L)
{
	return skip_unless(L, 1);
}

/* A rig function that needs a capability the rig lacks skips the test,
 * with the reason, before it changes anything. */
static void require_cap(lua_State *L, const char *cap)
{
	int top = lua_gettop(L);

	lua_pushstring(L, cap);
	skip_unless(L, top + 1);
	lua_settop(L, top);
}

/* rig.missing(name, ...) -> reason or nil (for the framework's `needs`). */
static int l_missing(lua_State *L)
{
	if (!missing(L, 1))
		lua_pushnil(L);
	return 1;
}

/* rig.capabilities() -> { "ac", "usb", ... } */
static int l_capabilities(lua_State *L)
{
	unsigned caps = lb_ctx(L)->caps;
	lua_newtable(L);
	for (int i = 0, n = 0; i < RIG_CAP_COUNT; i++)
		if (caps & (1u << i)) {
			lua_pushstring(L, rig_cap_name(i));
			lua_rawseti(L, -2, ++n);
		}
	return 1;
}

/* rig.driver() -> "sim" | "ftdi" */
static int l_driver(lua_State *L)
{
	lua_pushstring(L, lb_ctx(L)->drv->name);
	return 1;
}

int luaopen_rig(lua_State *L)
{
	static const luaL_Reg f[] = {
		{ "dc", l_dc },
		{ "ac", l_ac },
		{ "battery", l_battery },
		{ "usb", l_usb },
		{ "input", l_input },
		{ "relay", l_relay },
		{ "relays", l_relays },
		{ "wait_relay", l_wait_relay },
		{ "relay_changed", l_relay_changed },
		{ "history", l_history },
		{ "temp", l_temp },
		{ "sensor_fail", l_sensor_fail },
		{ "battery_level", l_battery_level },
		{ "safe", l_safe },
		{ "control", l_control },
		{ "fresh", l_fresh },
		{ "driver", l_driver },
		{ "has", l_has },
		{ "capabilities", l_capabilities },
		{ "need", l_need },
		{ "missing", l_missing },
		{ NULL, NULL },
	};
	luaL_newlib(L, f);
	lb_open_cell(L);
	return 1;
}
