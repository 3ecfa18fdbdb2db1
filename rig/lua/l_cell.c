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
 * evidence at the end, whatever the verdict). */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "lbind.h"
#include "sbuf.h"

static char *opt_field(lua_State *L, const char *key, bool required)
{
	char *v = NULL;
	int t = lua_getfield(L, 1, key);

	if (t == LUA_TSTRING || t == LUA_TNUMBER)
		v = rr_strdup(lua_tostring(L, -1));
	else if (t != LUA_TNIL)
		luaL_error(L, "rig.cell: %s must be a string", key);
	else if (required)
		luaL_error(L, "rig.cell: %s is required", key);
	lua_pop(L, 1);
	return v;
}

/* heads = { { label, value }, ... } -> "label\tvalue\n"... */
static char *heads(lua_State *L)
{
	struct sbuf b;
	char *out;

	if (lua_getfield(L, 1, "heads") == LUA_TNIL) {
		lua_pop(L, 1);
		return NULL;
	}
	luaL_checktype(L, -1, LUA_TTABLE);
	sb_init(&b);
	for (lua_Integer i = 1; lua_rawgeti(L, -1, i) == LUA_TTABLE; i++) {
		lua_rawgeti(L, -1, 1);
		lua_rawgeti(L, -2, 2);
		const char *k = lua_tostring(L, -2), *v = lua_tostring(L, -1);
		if (!k || !v) {
			sb_free(&b);
			luaL_error(L, "rig.cell: heads[%d] must be { label, value }", (int)i);
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

static int l_cell(lua_State *L)
{
	struct rr_ctx *c = lb_ctx(L);
	struct rr_cell *cell;

	luaL_checktype(L, 1, LUA_TTABLE);
	cell = calloc(1, sizeof(*cell));
	if (!cell)
		return luaL_error(L, "rig.cell: out of memory");
	/* a Lua error below would leak cell: hand it to the context first */
	rr_cell_free(c->cell);
	c->cell = cell;
	cell->matrix = opt_field(L, "matrix", false);
	cell->row = opt_field(L, "row", true);
	cell->row_name = opt_field(L, "row_name", false);
	cell->column = opt_field(L, "column", true);
	cell->column_name = opt_field(L, "column_name", false);
	cell->condition = opt_field(L, "condition", false);
	cell->expect = opt_field(L, "expect", false);
	cell->evidence = opt_field(L, "evidence", false);
	cell->heads = heads(L);
	if (!cell->matrix)
		cell->matrix = rr_strdup("Certification matrix");
	if (!cell->condition)
		cell->condition = rr_strdup(cell->column_name ? cell->column_name : cell->column);
	return 0;
}

void lb_open_cell(lua_State *L)
{
	lua_pushcfunction(L, l_cell);
	lua_setfield(L, -2, "cell");
}
