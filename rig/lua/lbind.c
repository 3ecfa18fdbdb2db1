/* lbind.c - shared helpers of the Lua bindings and the message handler. */
#include "lbind.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "guard.h"

#define FAILMT "rr.failure"

static int failure_tostring(lua_State *L)
{
	lua_getfield(L, 1, "message");
	if (!lua_isstring(L, -1))
		lua_pushliteral(L, "failure");
	return 1;
}

void lb_push_failure(lua_State *L, const char *message)
{
	lua_createtable(L, 0, 3);
	lua_pushstring(L, message);
	lua_setfield(L, -2, "message");
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "rr_failure");
	luaL_setmetatable(L, FAILMT);
}

/* failure(message) -> failure object, for assert.lua */
static int l_failure(lua_State *L)
{
	lb_push_failure(L, luaL_optstring(L, 1, "failed"));
	return 1;
}

int lb_fail(lua_State *L, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	lb_push_failure(L, buf);
	return lua_error(L);
}

int lb_raise(lua_State *L, int rc, const char *what)
{
	struct rr_ctx *c = lb_ctx(L);

	if (rc == RR_ERR_CRASH && c->sess)
		return lb_fail(L, "%s: the unit stopped working: %s", what, session_why(c->sess));
	if (rc == RR_ERR_DEADLINE)
		return luaL_error(L, "%s: %s", what, guard_limit_message());
	return luaL_error(L, "%s: %s", what, rr_strerror(rc));
}

struct session *lb_session(lua_State *L)
{
	struct rr_ctx *c = lb_ctx(L);
	char err[512];
	struct session *s = ctx_session(c, err, sizeof(err));

	if (!s)
		luaL_error(L, "%s", err);
	else if (session_dead(s))
		lb_fail(L, "the unit stopped working earlier in this test: %s", session_why(s));
	return s;
}

uint64_t lb_opt_ms(lua_State *L, int arg, double def_s)
{
	double s = luaL_optnumber(L, arg, def_s);

	luaL_argcheck(L, s >= 0 && s < 1e9, arg, "timeout out of range");
	return (uint64_t)(s * 1000.0 + 0.5);
}

/* Find the innermost frame in the test file (else in any file) and
 * store "file:line" as where. */
static void set_where(lua_State *L, int obj, const char *chunk)
{
	lua_Debug ar;
	char first[600] = "";

	for (int lvl = 1; lua_getstack(L, lvl, &ar); lvl++) {
		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0 || ar.source[0] != '@')
			continue;
		if (!strcmp(ar.source, chunk)) {
			lua_pushfstring(L, "%s:%d", ar.source + 1, ar.currentline);
			lua_setfield(L, obj, "where");
			return;
		}
		if (!first[0])
			snprintf(first, sizeof(first), "%s:%d", ar.source + 1, ar.currentline);
	}
	if (first[0]) {
		lua_pushstring(L, first);
		lua_setfield(L, obj, "where");
	}
}

int lb_msgh(lua_State *L)
{
	const char *chunk = lua_tostring(L, lua_upvalueindex(1));
	int failure;

	lua_settop(L, 1);
	failure = lua_istable(L, 1) && lua_getfield(L, 1, "rr_failure") == LUA_TBOOLEAN;
	lua_settop(L, 1);
	if (lua_istable(L, 1) && lua_getfield(L, 1, "rr_skip") == LUA_TBOOLEAN) {
		lua_settop(L, 1);
		lua_pushliteral(L, "skip");
		lua_setfield(L, 1, "kind");
		return 1;
	}
	lua_settop(L, 1);
	if (failure) {
		lua_pushliteral(L, "failure");
		lua_setfield(L, 1, "kind");
		if (lua_getfield(L, 1, "where") == LUA_TNIL)
			set_where(L, 1, chunk ? chunk : "");
		lua_pop(L, 1);
		return 1;
	}
	lua_createtable(L, 0, 4); /* 2 */
	lua_pushliteral(L, "error");
	lua_setfield(L, 2, "kind");
	if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER)
		lua_pushvalue(L, 1);
	else if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
		lua_pop(L, 1);
		luaL_tolstring(L, 1, NULL);
	} else
		lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	lua_setfield(L, 2, "message");
	luaL_traceback(L, L, NULL, 1);
	lua_setfield(L, 2, "trace");
	set_where(L, 2, chunk ? chunk : "");
	return 1;
}

void lb_open_all(lua_State *L)
{
	static const struct {
		const char *name;
		lua_CFunction open;
	} mods[] = {
		{ "rig", luaopen_rig },
		{ "modem", luaopen_modem },
		{ "dut", luaopen_dut },
		{ "clock", luaopen_clock },
	};

	if (luaL_newmetatable(L, FAILMT)) {
		lua_pushcfunction(L, failure_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_pop(L, 1);
	for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		luaL_requiref(L, mods[i].name, mods[i].open, 1);
		lua_pop(L, 1);
	}
	lua_pushcfunction(L, l_failure);
	lua_setfield(L, LUA_REGISTRYINDEX, "rr.failure_fn");
}
