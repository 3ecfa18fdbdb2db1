/*
 * sandbox.h - the standard library as test scripts see it: no programs,
 * no file changes outside the report folder, no C modules, no hook
 * removal (see sandbox.c).
 */
#ifndef RR_SANDBOX_H
#define RR_SANDBOX_H

#include <lua.h>

/* Apply to a state whose standard libraries are open. */
void sandbox_open(lua_State *L);

#endif
