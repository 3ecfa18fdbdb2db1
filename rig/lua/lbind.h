/*
 * lbind.h - what the Lua modules (rig, modem, dut, clock) share: the
 * runner context, the lazily started unit, and raising failures.
 *
 * Binding functions do their waiting in C (session_wait), release what
 * they hold, and only then raise a Lua error: no longjmp crosses C code
 * that owns resources.
 */
#ifndef RR_LBIND_H
#define RR_LBIND_H

#include <lauxlib.h>
#include <lua.h>

#include "ctx.h"

/* The runner context stored in the state's extra space. */
static inline struct rr_ctx *lb_ctx(lua_State *L)
{
	return *(struct rr_ctx **)lua_getextraspace(L);
}

/* The unit, started on first use; raises an error if it cannot start and
 * a failure if it crashed earlier in this test. */
struct session *lb_session(lua_State *L);

/* Raise a test failure (not an error) with a formatted message. */
int lb_fail(lua_State *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Raise for a failed session call: a crash is a failure naming the exit
 * status; a time limit or signal is an error. what names the call. */
int lb_raise(lua_State *L, int rc, const char *what);
/* Push a failure object for message (on the stack top afterwards). */
void lb_push_failure(lua_State *L, const char *message);

/* Optional timeout argument in seconds -> ms (default def_s). */
uint64_t lb_opt_ms(lua_State *L, int arg, double def_s);

/* The message handler used for every protected call of test code: turns
 * any error into a table {kind = "failure"|"error", message, where,
 * trace}. upvalue 1: the test file's chunk name ("@path"). */
int lb_msgh(lua_State *L);

/* Open the modules as globals, plus the failure constructor. */
void lb_open_all(lua_State *L);
/* Add rig.cell to the rig table on the stack top (l_cell.c). */
void lb_open_cell(lua_State *L);
/* A cell from the table at idx (the fields of rig.cell); *bad names a field
 * of the wrong type. NULL only when out of memory. */
struct rr_cell *lb_cell_from_table(lua_State *L, int idx, const char **bad);

int luaopen_rig(lua_State *L);
int luaopen_modem(lua_State *L);
int luaopen_dut(lua_State *L);
int luaopen_clock(lua_State *L);

#endif
