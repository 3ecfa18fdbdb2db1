/*
 * sandbox.c - what a test script may not do.
 *
 * Suites drive the unit through the rig API; they do not run programs,
 * change files outside the report folder, load C code, or take the count
 * hook away (it enforces the time limit):
 *
 *   os.execute, io.popen, os.remove, os.rename, os.tmpname,
 *   package.loadlib, C modules through require, debug.sethook,
 *   debug.setlocal/setupvalue/upvaluejoin/setmetatable/setuservalue,
 *   io.open / io.output / io.lines... for writing outside the report folder
 *
 * each raise "<name> is not available in tests (...)". Reading files
 * (fixtures, shared data) stays possible; writing is allowed below the
 * report folder (RELAYRIG_REPORTS, default "reports").
 */
#include "sandbox.h"

#include <lauxlib.h>
#include <lua.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int refused(lua_State *L)
{
	return luaL_error(L, "%s is not available in tests (suites drive the unit "
			     "through the rig API only)",
			  lua_tostring(L, lua_upvalueindex(1)));
}

static void refuse(lua_State *L, const char *lib, const char *name)
{
	if (lua_getglobal(L, lib) != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	lua_pushfstring(L, "%s.%s", lib, name);
	lua_pushcclosure(L, refused, 1);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

/* Whether path (which may not exist yet) lies below dir. */
static bool below(const char *path, const char *dir)
{
	char rdir[PATH_MAX], rparent[PATH_MAX], parent[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!realpath(dir, rdir))
		return false;
	if (slash) {
		n = (size_t)(slash - path);
		if (n == 0)
			n = 1; /* "/file" */
		if (n >= sizeof(parent))
			return false;
		memcpy(parent, path, n);
		parent[n] = '\0';
	} else {
		strcpy(parent, ".");
	}
	if (!realpath(parent, rparent))
		return false;
	/* the file's own name must not climb back out */
	if (slash && (!strcmp(slash + 1, "..") || !strcmp(slash + 1, ".")))
		return false;
	n = strlen(rdir);
	return !strncmp(rparent, rdir, n) && (rparent[n] == '\0' || rparent[n] == '/');
}

static const char *reports_dir(void)
{
	const char *d = getenv("RELAYRIG_REPORTS");
	return d && *d ? d : "reports";
}

/* Refuse writing path from fn unless it lies below the report folder. */
static void writable(lua_State *L, const char *fn, const char *path)
{
	if (!below(path, reports_dir()))
		luaL_error(L, "%s: writing '%s' is not available in tests (only below the "
			      "report folder %s)",
			   fn, path, reports_dir());
}

/* Call the wrapped library function (upvalue 1) with the arguments. */
static int pass_on(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* io.open(path, mode): reading anywhere, writing below the reports. */
static int safe_open(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);

	if (strpbrk(luaL_optstring(L, 2, "r"), "wa+"))
		writable(L, "io.open", path);
	return pass_on(L);
}

/* io.output(name) opens for writing; a file handle is fine. */
static int safe_output(lua_State *L)
{
	if (lua_type(L, 1) == LUA_TSTRING)
		writable(L, "io.output", lua_tostring(L, 1));
	return pass_on(L);
}

static void wrap(lua_State *L, const char *name, lua_CFunction f)
{
	lua_getglobal(L, "io");
	lua_getfield(L, -1, name);
	lua_pushcclosure(L, f, 1);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

void sandbox_open(lua_State *L)
{
	static const char *const os_names[] = { "execute", "remove", "rename", "tmpname" };
	static const char *const debug_names[] = { "sethook", "setlocal", "setupvalue",
						   "upvaluejoin", "setmetatable",
						   "setuservalue", "setcstacklimit" };

	for (size_t i = 0; i < sizeof(os_names) / sizeof(os_names[0]); i++)
		refuse(L, "os", os_names[i]);
	for (size_t i = 0; i < sizeof(debug_names) / sizeof(debug_names[0]); i++)
		refuse(L, "debug", debug_names[i]);
	refuse(L, "io", "popen");
	refuse(L, "package", "loadlib");
	wrap(L, "open", safe_open);
	wrap(L, "output", safe_output);

	/* require: Lua modules only (drop the C and all-in-one searchers) */
	lua_getglobal(L, "package");
	lua_pushliteral(L, "");
	lua_setfield(L, -2, "cpath");
	if (lua_getfield(L, -1, "searchers") == LUA_TTABLE) {
		lua_pushnil(L);
		lua_rawseti(L, -2, 4);
		lua_pushnil(L);
		lua_rawseti(L, -2, 3);
	}
	lua_pop(L, 2);
}
