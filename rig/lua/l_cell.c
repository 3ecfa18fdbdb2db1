/* l_cell.c - rig.cell{...}: a test records where it sits in a certification
 * matrix and the evidence it gathered; the reports render the matrix (the
 * cell's verdict is the test's outcome).
 *
 *   rig.cell{ matrix = "Model with the AC voltage sensor",
 *             row = "relay", row_name = "Relay switching by SMS, call or scheduler",
 *             column = "option1", column_name = "Option 1",
 *             heads = { { "BACKUPLIMIT", "DC" }, { "Main 12V DC", "failed" } },
 *             condition = "BACKUPLIMIT=DC 12V failed AC ok",
 *             expect = "Limited (NOTE-B)", evidence = "..." }
 *
 * Calling it again in the same test replaces the record (a test records its
 * evidence at the end, whatever the verdict). The same fields can be
 * declared with the test, it(name, { cell = {...} }, fn), so a test skipped
 * before it runs is still a cell (shown "skip"); rig.cell{} in the body
 * then only needs what it adds (evidence = ...). */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "lbind.h"
#include "sbuf.h"

/* String field key of the table at idx, or NULL; *bad names a field of
 * the wrong type. */
static char *opt_field(lua_State *L, int idx, const char *key, const char **bad)
{
	char *v = NULL;
	int t = lua_getfield(L, idx, key);

	if (t == LUA_TSTRING || t == LUA_TNUMBER)
		v = rr_strdup(lua_tostring(L, -1));
	else if (t != LUA_TNIL)
		*bad = key;
	lua_pop(L, 1);
	return v;
}

/* heads = { { label, value }, ... } -> "label\tvalue\n"... */
static char *heads(lua_State *L, int idx, const char **bad)
{
	struct sbuf b;
	char *out;

	if (lua_getfield(L, idx, "heads") == LUA_TNIL) {
		lua_pop(L, 1);
		return NULL;
	}
	if (!lua_istable(L, -1)) {
		lua_pop(L, 1);
		*bad = "heads";
		return NULL;
	}
	sb_init(&b);
	for (lua_Integer i = 1; lua_rawgeti(L, -1, i) == LUA_TTABLE; i++) {
		lua_rawgeti(L, -1, 1);
		lua_rawgeti(L, -2, 2);
		const char *k = lua_tostring(L, -2), *v = lua_tostring(L, -1);
		if (!k || !v) {
			*bad = "heads";
			lua_pop(L, 3);
			break;
		}
		for (const char *p = k; *p; p++)
			sb_putc(&b, *p == '\t' || *p == '\n' ? ' ' : *p);
		sb_putc(&b, '\t');
		for (const char *p = v; *p; p++)
			sb_putc(&b, *p == '\t' || *p == '\n' ? ' ' : *p);
		sb_putc(&b, '\n');
		lua_pop(L, 3);
	}
	lua_pop(L, 2);
	out = rr_strdup(b.s ? b.s : "");
	sb_free(&b);
	return out;
}

struct rr_cell *lb_cell_from_table(lua_State *L, int idx, const char **bad)
{
	struct rr_cell *cell = calloc(1, sizeof(*cell));

	*bad = NULL;
	if (!cell)
		return NULL;
	idx = lua_absindex(L, idx);
	cell->matrix = opt_field(L, idx, "matrix", bad);
	cell->row = opt_field(L, idx, "row", bad);
	cell->row_name = opt_field(L, idx, "row_name", bad);
	cell->column = opt_field(L, idx, "column", bad);
	cell->column_name = opt_field(L, idx, "column_name", bad);
	cell->condition = opt_field(L, idx, "condition", bad);
	cell->expect = opt_field(L, idx, "expect", bad);
	cell->evidence = opt_field(L, idx, "evidence", bad);
	cell->heads = heads(L, idx, bad);
	return cell;
}

static int l_cell(lua_State *L)
{
	struct rr_ctx *c = lb_ctx(L);
	struct rr_cell *cell;
	const char *bad;

	luaL_checktype(L, 1, LUA_TTABLE);
	cell = lb_cell_from_table(L, 1, &bad);
	if (!cell)
		return luaL_error(L, "rig.cell: out of memory");
	rr_cell_free(c->cell);
	c->cell = cell;
	if (bad)
		return luaL_error(L, "rig.cell: %s must be %s", bad,
				  strcmp(bad, "heads") ? "a string" : "a list of { label, value }");
	return 0;
}

void lb_open_cell(lua_State *L)
{
	lua_pushcfunction(L, l_cell);
	lua_setfield(L, -2, "cell");
}
