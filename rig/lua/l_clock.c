/* l_clock.c - rig time (clock.now, clock.sleep) and measurements.
 *
 * On the sim, sleeping advances the unit's virtual time at once, with the
 * emulator and the USB stream serviced all along. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "lbind.h"

/* clock.now() -> rig time in seconds */
static int l_now(lua_State *L)
{
	struct session *s = lb_session(L);

	lua_pushnumber(L, (double)session_now(s) / 1000.0);
	return 1;
}

/* clock.sleep(s) -> rig time after the sleep */
static int l_sleep(lua_State *L)
{
	double sec = luaL_checknumber(L, 1);
	struct session *s;
	int rc;

	luaL_argcheck(L, sec >= 0 && sec < 1e9, 1, "seconds out of range");
	s = lb_session(L);
	rc = session_wait(s, session_now(s) + (uint64_t)(sec * 1000.0 + 0.5), NULL, NULL, 0);
	if (rc != RR_ERR_TIMEOUT && rc < 0)
		return lb_raise(L, rc, "clock.sleep");
	lua_pushnumber(L, (double)session_now(s) / 1000.0);
	return 1;
}

static bool opt_limit(lua_State *L, int t, const char *key, double *v)
{
	bool has = false;

	if (lua_getfield(L, t, key) != LUA_TNIL) {
		if (!lua_isnumber(L, -1))
			luaL_error(L, "measure: %s must be a number", key);
		*v = lua_tonumber(L, -1);
		has = true;
	}
	lua_pop(L, 1);
	return has;
}

/* measure(name, value, { low = , high = , units = }) -> value
 * Recorded with the test; a value outside the limits fails the test. */
static int l_measure(lua_State *L)
{
	struct rr_measure m;
	char range[128];

	memset(&m, 0, sizeof(m));
	m.name = (char *)luaL_checkstring(L, 1);
	m.value = luaL_checknumber(L, 2);
	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		m.has_low = opt_limit(L, 3, "low", &m.low);
		m.has_high = opt_limit(L, 3, "high", &m.high);
		if (lua_getfield(L, 3, "units") == LUA_TSTRING)
			m.units = (char *)lua_tostring(L, -1);
	}
	m.pass = !isnan(m.value) && (!m.has_low || m.value >= m.low) &&
		 (!m.has_high || m.value <= m.high);
	if (ctx_add_measure(lb_ctx(L), &m) < 0)
		return luaL_error(L, "measure: out of memory");
	if (!m.pass) {
		snprintf(range, sizeof(range), "%s%g .. %g%s", m.has_low ? "[" : "(",
			 m.has_low ? m.low : -INFINITY, m.has_high ? m.high : INFINITY,
			 m.has_high ? "]" : ")");
		return lb_fail(L, "measurement %s out of limits\nexpected: %s %s\n  actual: %g %s",
			       m.name, range, m.units ? m.units : "", m.value,
			       m.units ? m.units : "");
	}
	lua_pushnumber(L, m.value);
	return 1;
}

int luaopen_clock(lua_State *L)
{
	static const luaL_Reg f[] = {
		{ "now", l_now },
		{ "sleep", l_sleep },
		{ NULL, NULL },
	};

	lua_pushcfunction(L, l_measure);
	lua_setglobal(L, "measure");
	luaL_newlib(L, f);
	return 1;
}
