/* runner.c - one test file: Lua state, collection, protected calls. */
#define LOG_PREFIX "run: "
#include "runner.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "guard.h"
#include "lbind.h"
#include "log.h"
#include "lua_embed.h"
#include "sandbox.h"

#define TRANSCRIPT_LINES 30

struct outcome {
	enum rr_outcome o;
	char *message, *where, *trace;
};

static void outcome_free(struct outcome *oc)
{
	free(oc->message);
	free(oc->where);
	free(oc->trace);
	memset(oc, 0, sizeof(*oc));
}

static char *field(lua_State *L, int t, const char *k)
{
	char *s = NULL;

	if (lua_getfield(L, t, k) == LUA_TSTRING)
		s = rr_strdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	return s;
}

/* Record the error object on the stack top into oc (first error wins). */
static void take_error(lua_State *L, struct outcome *oc, const char *phase)
{
	int t = lua_gettop(L);

	if (oc->o == RR_PASS) {
		if (lua_istable(L, t)) {
			char *kind = field(L, t, "kind");
			oc->o = kind && !strcmp(kind, "failure") ? RR_FAIL
				: kind && !strcmp(kind, "skip")  ? RR_SKIP
								 : RR_ERROR;
			free(kind);
			oc->message = field(L, t, "message");
			oc->where = field(L, t, "where");
			oc->trace = field(L, t, "trace");
		} else {
			oc->o = RR_ERROR;
			oc->message = rr_strdup(lua_isstring(L, t) ? lua_tostring(L, t)
								   : "error in error handling");
		}
		if (phase && oc->message && oc->o != RR_SKIP) {
			struct sbuf b;
			sb_init(&b);
			sb_printf(&b, "%s: %s", phase, oc->message);
			free(oc->message);
			oc->message = sb_steal(&b);
		}
	}
	lua_settop(L, t - 1);
}

/* Call the function on the stack top (no arguments) under the handler at
 * msgh; false (and the error recorded) on failure. */
static bool pcall(lua_State *L, int msgh, struct outcome *oc, const char *phase)
{
	int rc = lua_pcall(L, 0, 0, msgh);

	if (rc == LUA_OK)
		return true;
	if (rc == LUA_ERRMEM) { /* the handler does not run for these */
		struct rr_ctx *c = *(struct rr_ctx **)lua_getextraspace(L);
		lua_pop(L, 1);
		lua_pushfstring(L, "the test ran out of memory: its Lua state reached the "
				   "limit of %d MiB (--memory-limit)",
				(int)(c->opts->memory_limit / (1024 * 1024)));
		lua_gc(L, LUA_GCCOLLECT);
	}
	take_error(L, oc, phase);
	return false;
}

/* Call field f of each describe table in the list at t[key]. */
static bool call_list(lua_State *L, int t, const char *key, const char *f, int msgh,
		      struct outcome *oc, const char *phase)
{
	bool ok = true;
	lua_Integer n;

	lua_getfield(L, t, key);
	n = luaL_len(L, -1);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		if (f) { /* a describe: its setup/teardown */
			lua_getfield(L, -1, f);
			lua_remove(L, -2);
		}
		if (!pcall(L, msgh, oc, phase)) {
			ok = false;
			if (f && !strcmp(f, "setup")) { /* remember for its other tests */
				lua_rawgeti(L, -1, i);
				lua_pushstring(L, oc->message ? oc->message : "setup failed");
				lua_setfield(L, -2, oc->o == RR_SKIP ? "setup_skip" : "setup_error");
				lua_pop(L, 1);
			}
			if (guard_check() < 0 || strcmp(key, "afters"))
				break;
		}
	}
	lua_pop(L, 1);
	return ok;
}

/* Call field f of each describe in the list at index l (teardowns when a
 * worker leaves describes); failures go to oc, the first one kept. */
static void call_list_at(lua_State *L, int l, const char *f, int msgh, struct outcome *oc)
{
	lua_Integer n = luaL_len(L, l);

	if (n == 0)
		return;
	guard_hook_on(L);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, l, i);
		lua_getfield(L, -1, f);
		lua_remove(L, -2);
		pcall(L, msgh, oc, f);
	}
	guard_hook_off(L);
}

/* A describe on the chain whose setup failed makes the test an error. */
static bool chain_ok(lua_State *L, int t, struct outcome *oc)
{
	lua_Integer n;
	bool ok = true;

	lua_getfield(L, t, "chain");
	n = luaL_len(L, -1);
	for (lua_Integer i = 1; ok && i <= n; i++) {
		int top = lua_gettop(L);
		lua_rawgeti(L, -1, i);
		int d = lua_gettop(L);
		if (lua_getfield(L, d, "setup_error") == LUA_TSTRING) {
			oc->o = RR_ERROR;
			oc->message = rr_strdup("setup of this describe failed earlier");
			ok = false;
		} else if (lua_getfield(L, d, "setup_skip") == LUA_TSTRING) {
			oc->o = RR_SKIP; /* the rig lacks what the describe needs */
			oc->message = rr_strdup(lua_tostring(L, -1));
			ok = false;
		}
		lua_settop(L, top);
	}
	lua_pop(L, 1);
	return ok;
}

/* Run test table t; fills oc. */
static void run_one(struct rr_ctx *c, lua_State *L, int t, int msgh, struct outcome *oc)
{
	guard_arm(c->opts->timeout);
	guard_hook_on(L);
	if (chain_ok(L, t, oc) && call_list(L, t, "setups", "setup", msgh, oc, "setup") &&
	    call_list(L, t, "befores", NULL, msgh, oc, "before_each")) {
		lua_getfield(L, t, "fn");
		pcall(L, msgh, oc, NULL);
	}
	if (guard_signal == 0) {
		call_list(L, t, "afters", NULL, msgh, oc, "after_each");
		call_list(L, t, "teardowns", "teardown", msgh, oc, "teardown");
	}
	guard_hook_off(L);
	/* A test that overran its limit (blocked where nothing could stop it)
	 * is never a pass. */
	if (oc->o == RR_PASS && guard_check() == RR_ERR_DEADLINE) {
		oc->o = RR_ERROR;
		oc->message = rr_strdup(guard_limit_message());
	}
	guard_arm(0);
}

/* After a test: crash check, transcript, safe state and a fresh unit. */
static void after_test(struct rr_ctx *c, struct outcome *oc, struct rr_result *r)
{
	struct session *s = c->sess;

	if (!s)
		return;
	if (session_dead(s) && oc->o == RR_PASS) {
		oc->o = RR_FAIL;
		struct sbuf b;
		sb_init(&b);
		sb_printf(&b, "the unit stopped working: %s", session_why(s));
		oc->message = sb_steal(&b);
	}
	if (oc->o == RR_FAIL || oc->o == RR_ERROR) {
		struct sbuf b;
		sb_init(&b);
		session_poll(s);
		session_transcript(s, TRANSCRIPT_LINES, &b);
		if (b.len)
			r->transcript = sb_steal(&b);
		sb_free(&b);
		ctx_end_session(c);
	}
}

static const char *stem_of(const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 4 && !strcmp(base + n - 4, ".lua"))
		n -= 4;
	snprintf(buf, len, "%.*s", (int)n, base);
	return buf;
}

static int no_exit(lua_State *L)
{
	return luaL_error(L, "os.exit is not available in tests (the run must end "
			     "through its finalizer)");
}

/* The allocator of test states: counts what the state holds and refuses
 * to go past --memory-limit (Lua then raises a memory error). */
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct rr_ctx *c = ud;
	size_t old = ptr ? osize : 0;

	if (nsize == 0) {
		free(ptr);
		c->lua_bytes -= old;
		return NULL;
	}
	if (nsize > old && c->opts->memory_limit &&
	    c->lua_bytes - old + nsize > c->opts->memory_limit)
		return NULL;
	void *p = realloc(ptr, nsize);
	if (p)
		c->lua_bytes = c->lua_bytes - old + nsize;
	return p;
}

static int panic(lua_State *L)
{
	rr_error("Lua panic: %s", lua_tostring(L, -1));
	return 0; /* abort() follows */
}

/* require() finds shared helpers in the test file's folder, then in each
 * folder above it up to the current directory (at most 4 levels for a
 * path outside it), then below the current directory: for
 * tests/suites/smoke/x.lua, require("lib.suite") loads tests/lib/suite.lua
 * and require("helpers") tests/suites/smoke/helpers.lua. Lua modules only
 * (the sandbox removes the C searchers). */
#define REQUIRE_UP 4

static void set_require_path(lua_State *L, const char *path)
{
	const char *slash = strrchr(path, '/');
	int n = slash ? (int)(slash - path) : 0, levels = 0;
	struct sbuf b, up;

	if (n > 0 && path[0] != '/') {
		levels = 1; /* components of a relative folder: up to "." */
		for (int i = 0; i < n; i++)
			levels += path[i] == '/';
	} else if (n > 0) {
		levels = REQUIRE_UP;
	}
	sb_init(&b);
	sb_init(&up);
	sb_puts(&up, "");
	for (int k = 0; k < levels; k++) {
		sb_printf(&b, "%.*s%s/?.lua;%.*s%s/?/init.lua;", n, path, up.s, n, path, up.s);
		sb_puts(&up, "/..");
	}
	sb_puts(&b, "./?.lua;./?/init.lua");
	lua_getglobal(L, "package");
	lua_pushstring(L, b.s);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
	sb_free(&b);
	sb_free(&up);
}

/* A fresh state with the modules, assert and the framework; the
 * framework table is left on the stack, the handler below it. */
static lua_State *new_state(struct rr_ctx *c, const char *path, int *msgh)
{
	lua_State *L;

	c->lua_bytes = 0;
	L = lua_newstate(limited_alloc, c);
	if (!L)
		return NULL;
	lua_atpanic(L, panic);
	*(struct rr_ctx **)lua_getextraspace(L) = c;
	luaL_openlibs(L);
	sandbox_open(L);
	set_require_path(L, path);
	lb_open_all(L);
	lua_pushfstring(L, "@%s", path);
	lua_pushcclosure(L, lb_msgh, 1);
	*msgh = lua_gettop(L);
	if (luaL_loadbuffer(L, rr_lua_assert, sizeof(rr_lua_assert) - 1, "=assert") ||
	    (lua_getfield(L, LUA_REGISTRYINDEX, "rr.failure_fn"), lua_pcall(L, 1, 1, 0))) {
		rr_error("assert library: %s", lua_tostring(L, -1));
		lua_close(L);
		return NULL;
	}
	lua_setglobal(L, "assert");
	if (luaL_loadbuffer(L, rr_lua_framework, sizeof(rr_lua_framework) - 1, "=framework") ||
	    lua_pcall(L, 0, 1, 0)) {
		rr_error("framework: %s", lua_tostring(L, -1));
		lua_close(L);
		return NULL;
	}
	lua_getglobal(L, "os"); /* leaving must go through the finalizer */
	lua_pushcfunction(L, no_exit);
	lua_setfield(L, -2, "exit");
	lua_pop(L, 1);
	lua_getglobal(L, "math");
	lua_getfield(L, -1, "randomseed");
	lua_pushinteger(L, (lua_Integer)c->opts->seed);
	lua_call(L, 1, 0);
	lua_pop(L, 1);
	return L;
}

/* Load and run the file body, then select. Leaves the list of tests on
 * the stack; on failure returns false with the message in *err. */
static bool collect(struct rr_ctx *c, lua_State *L, const char *path, int msgh, int fw,
		    struct outcome *oc)
{
	char stem[256];

	if (luaL_loadfile(L, path) != LUA_OK) {
		oc->o = RR_ERROR;
		oc->message = rr_strdup(lua_tostring(L, -1));
		lua_pop(L, 1);
		return false;
	}
	guard_arm(c->opts->timeout);
	guard_hook_on(L);
	bool ok = pcall(L, msgh, oc, NULL);
	guard_hook_off(L);
	guard_arm(0);
	if (!ok)
		return false;
	lua_getfield(L, fw, "select");
	lua_createtable(L, 0, 4);
	lua_pushstring(L, c->opts->filter);
	lua_setfield(L, -2, "filter");
	lua_pushstring(L, c->opts->tags);
	lua_setfield(L, -2, "tags");
	lua_pushstring(L, c->opts->exclude_tags);
	lua_setfield(L, -2, "exclude");
	lua_pushstring(L, stem_of(path, stem, sizeof(stem)));
	lua_setfield(L, -2, "stem");
	if (lua_pcall(L, 1, 1, msgh) != LUA_OK) {
		take_error(L, oc, "selecting tests");
		return false;
	}
	return true;
}

static void fill_result(lua_State *L, int t, const char *path, struct rr_result *r)
{
	memset(r, 0, sizeof(*r));
	r->file = rr_strdup(path);
	r->classname = field(L, t, "classname");
	r->name = field(L, t, "name");
	lua_getfield(L, t, "line");
	r->line = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (lua_getfield(L, t, "cell") == LUA_TTABLE) {
		const char *bad;
		r->cell = lb_cell_from_table(L, -1, &bad); /* checked when declared */
	}
	lua_pop(L, 1);
}

static void emit_outcome(struct outcome *oc, struct rr_result *r, runner_emit emit, void *arg)
{
	r->outcome = oc->o;
	r->message = oc->message;
	r->where = oc->where;
	r->trace = oc->trace;
	memset(oc, 0, sizeof(*oc));
	emit(arg, r);
	rr_result_free(r);
}

/* Record a finished test's outcome in its table, for summarize hooks. */
static void note_outcome(lua_State *L, int t, const struct outcome *oc)
{
	lua_pushstring(L, rr_outcome_name(oc->o));
	lua_setfield(L, t, "outcome");
	lua_pushstring(L, oc->message);
	lua_setfield(L, t, "message");
}

/* Call framework function name with the value at arg (or nil when arg is
 * 0); leaves its one result on the stack. */
static void fw_call(lua_State *L, int fw, const char *name, int arg)
{
	lua_getfield(L, fw, name);
	if (arg)
		lua_pushvalue(L, arg);
	else
		lua_pushnil(L);
	lua_call(L, 1, 1);
}

/* Test i of the list at list. In a worker (-j, some of the file's tests),
 * setups come from the describes this state has not entered yet, and the
 * describes left behind are torn down first (leave_err takes a failure). */
static void run_test(struct rr_ctx *c, lua_State *L, int fw, int list, lua_Integer i,
		     int msgh, const char *path, bool worker, struct outcome *leave_err,
		     runner_emit emit, void *arg)
{
	struct outcome oc = { RR_PASS, NULL, NULL, NULL };
	struct rr_result r;
	int64_t t0 = guard_now_ns();

	lua_rawgeti(L, list, i);
	int t = lua_gettop(L);
	fill_result(L, t, path, &r);
	if (lua_getfield(L, t, "pending") == LUA_TSTRING) {
		oc.o = RR_SKIP;
		oc.message = rr_strdup(lua_tostring(L, -1));
	} else {
		lua_pop(L, 1);
		if (worker) {
			fw_call(L, fw, "leave", t);
			int l = lua_gettop(L);
			guard_arm(c->opts->timeout);
			call_list_at(L, l, "teardown", msgh, leave_err);
			guard_arm(0);
			lua_pop(L, 1);
			fw_call(L, fw, "enter", t);
			lua_setfield(L, t, "setups");
			lua_newtable(L);
			lua_setfield(L, t, "teardowns");
		}
		run_one(c, L, t, msgh, &oc);
	}
	lua_settop(L, t);
	note_outcome(L, t, &oc);
	lua_settop(L, list);
	ctx_take_measures(c, &r);
	after_test(c, &oc, &r);
	r.duration = (double)(guard_now_ns() - t0) / 1e9;
	if (c->opts->fail_fast && (oc.o == RR_FAIL || oc.o == RR_ERROR))
		c->stop = true;
	emit_outcome(&oc, &r, emit, arg);
}

/* An error outside any test (a teardown run when a worker left its
 * describe, a summarize hook): its own error result. */
static void emit_extra(const char *path, const char *name, struct outcome *oc,
		       runner_emit emit, void *arg)
{
	struct rr_result r;

	if (oc->o == RR_PASS)
		return;
	memset(&r, 0, sizeof(r));
	r.file = rr_strdup(path);
	r.classname = rr_strdup(path);
	r.name = rr_strdup(name);
	emit_outcome(oc, &r, emit, arg);
}

/* Run the summarize hooks of the file (list: the tests with outcomes)
 * without a unit. */
static void summarize(struct rr_ctx *c, lua_State *L, int fw, int list, int msgh,
		      const char *path, runner_emit emit, void *arg)
{
	struct outcome oc = { RR_PASS, NULL, NULL, NULL };

	fw_call(L, fw, "summaries", list);
	int s = lua_gettop(L);
	lua_Integer n = luaL_len(L, s);
	if (n > 0) {
		bool was = c->no_unit;
		c->no_unit = true;
		guard_arm(c->opts->timeout);
		guard_hook_on(L);
		for (lua_Integer i = 1; i <= n && oc.o == RR_PASS; i++) {
			lua_rawgeti(L, s, i);
			pcall(L, msgh, &oc, "summarize");
		}
		guard_hook_off(L);
		guard_arm(0);
		c->no_unit = was;
	}
	lua_settop(L, s - 1);
	emit_extra(path, "(summarize)", &oc, emit, arg);
}

int runner_file(struct rr_ctx *c, const char *path, runner_emit emit, void *arg)
{
	struct outcome oc = { RR_PASS, NULL, NULL, NULL };
	struct rr_result r;
	int msgh, fw, list, rc = RR_OK, open_failures;
	lua_Integer n;
	lua_State *L = new_state(c, path, &msgh);

	if (!L)
		return RR_ERR_NOMEM;
	fw = lua_gettop(L);
	c->file = path;
	open_failures = c->open_failures;
	if (!collect(c, L, path, msgh, fw, &oc)) {
		memset(&r, 0, sizeof(r));
		r.file = rr_strdup(path);
		r.classname = rr_strdup(path);
		r.name = rr_strdup("(loading the file)");
		rc = guard_signal ? RR_ERR_INTR : RR_ERR_ARG;
		ctx_take_measures(c, &r);
		after_test(c, &oc, &r);
		emit_outcome(&oc, &r, emit, arg);
		goto done;
	}
	list = lua_gettop(L);
	n = luaL_len(L, list);
	for (lua_Integer i = 1; i <= n && !guard_signal && !c->stop; i++)
		run_test(c, L, fw, list, i, msgh, path, false, NULL, emit, arg);
	if (!guard_signal)
		summarize(c, L, fw, list, msgh, path, emit, arg);
	if (guard_signal)
		rc = RR_ERR_INTR;
	else if (c->open_failures != open_failures)
		rc = RR_ERR_ARG; /* the rig could not start a unit: a setup error */
done:
	lua_close(L);
	ctx_end_session(c);
	ctx_reset_unit(c); /* rig.fresh{} options last for their file only */
	c->file = NULL;
	return rc;
}

/* ---- some of a file's tests at a time (-j workers) ---- */

struct runner_part {
	struct rr_ctx *c;
	lua_State *L;
	int msgh, fw, list, open_failures;
	const char *path;
	struct outcome leave_err; /* a teardown failed when its describe was left */
};

int runner_part_open(struct rr_ctx *c, const char *path, struct runner_part **out)
{
	struct outcome oc = { RR_PASS, NULL, NULL, NULL };
	struct runner_part *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p)
		return RR_ERR_NOMEM;
	p->c = c;
	p->path = path;
	p->L = new_state(c, path, &p->msgh);
	if (!p->L) {
		free(p);
		return RR_ERR_NOMEM;
	}
	p->fw = lua_gettop(p->L);
	c->file = path;
	p->open_failures = c->open_failures;
	p->leave_err.o = RR_PASS;
	if (!collect(c, p->L, path, p->msgh, p->fw, &oc)) {
		/* the parent loaded it fine: the file changed meanwhile */
		outcome_free(&oc);
		lua_close(p->L);
		free(p);
		c->file = NULL;
		return RR_ERR_ARG;
	}
	p->list = lua_gettop(p->L);
	*out = p;
	return RR_OK;
}

static void part_leave_errors(struct runner_part *p, runner_emit emit, void *arg)
{
	emit_extra(p->path, "(teardown when this unit left the describe)", &p->leave_err,
		   emit, arg);
	p->leave_err.o = RR_PASS;
}

int runner_part_run(struct runner_part *p, int first, int last, runner_emit emit, void *arg)
{
	lua_Integer n = luaL_len(p->L, p->list);

	for (lua_Integer i = first; i <= last && i <= n && !guard_signal && !p->c->stop; i++) {
		run_test(p->c, p->L, p->fw, p->list, i, p->msgh, p->path, true, &p->leave_err,
			 emit, arg);
		part_leave_errors(p, emit, arg);
	}
	return guard_signal                              ? RR_ERR_INTR
	       : p->c->open_failures != p->open_failures ? RR_ERR_ARG
							 : RR_OK;
}

void runner_part_close(struct runner_part *p, runner_emit emit, void *arg)
{
	if (!p)
		return;
	if (!guard_signal) {
		fw_call(p->L, p->fw, "leave", 0);
		int l = lua_gettop(p->L);
		guard_arm(p->c->opts->timeout);
		call_list_at(p->L, l, "teardown", p->msgh, &p->leave_err);
		guard_arm(0);
		lua_settop(p->L, l - 1);
		part_leave_errors(p, emit, arg);
	}
	lua_close(p->L);
	ctx_end_session(p->c);
	ctx_reset_unit(p->c);
	p->c->file = NULL;
	free(p);
}

/* A new state with the file's tests collected: the framework table at
 * *fw, the test list on top. RR_ERR_NOMEM, or RR_ERR_ARG for a file that
 * does not load (the reason in oc; the state and any session closed). */
static int collected(struct rr_ctx *c, const char *path, lua_State **out, int *msgh, int *fw,
		     struct outcome *oc)
{
	lua_State *L = new_state(c, path, msgh);

	*out = NULL;
	if (!L)
		return RR_ERR_NOMEM;
	*fw = lua_gettop(L);
	if (!collect(c, L, path, *msgh, *fw, oc)) {
		lua_close(L);
		ctx_end_session(c);
		return RR_ERR_ARG;
	}
	*out = L;
	return RR_OK;
}

/* The test number (1..) where each unit of work of the file begins; the
 * last entry is one past the last test. */
int runner_plan(struct rr_ctx *c, const char *path, int **starts, int *nitems)
{
	struct outcome oc = { RR_PASS, NULL, NULL, NULL };
	int msgh, fw, list, cap = 16, k = 0, *v;
	lua_State *L;

	*starts = NULL;
	*nitems = 0;
	int rc = collected(c, path, &L, &msgh, &fw, &oc);
	if (rc < 0) {
		outcome_free(&oc);
		return rc;
	}
	list = lua_gettop(L);
	lua_Integer n = luaL_len(L, list);
	v = malloc((size_t)cap * sizeof(*v));
	lua_Integer prev = -1;
	for (lua_Integer i = 1; v && i <= n; i++) {
		lua_rawgeti(L, list, i);
		lua_getfield(L, -1, "item");
		lua_Integer item = lua_tointeger(L, -1);
		lua_pop(L, 2);
		if (item == prev)
			continue;
		prev = item;
		if (k + 2 > cap) {
			int *w = realloc(v, (size_t)(cap *= 2) * sizeof(*v));
			if (!w) {
				free(v);
				v = NULL;
				break;
			}
			v = w;
		}
		v[k++] = (int)i;
	}
	if (v)
		v[k] = (int)n + 1;
	lua_close(L);
	ctx_end_session(c);
	if (!v)
		return RR_ERR_NOMEM;
	*starts = v;
	*nitems = k;
	return RR_OK;
}

int runner_summarize(struct rr_ctx *c, const char *path, const struct rr_result *res, int nres,
		     runner_emit emit, void *arg)
{
	struct outcome oc = { RR_PASS, NULL, NULL, NULL };
	int msgh, fw, list, k = 0;
	lua_State *L;
	int rc = collected(c, path, &L, &msgh, &fw, &oc);

	if (rc < 0) {
		outcome_free(&oc);
		return rc;
	}
	list = lua_gettop(L);
	/* The results of the file's tests, in list order (extra results such
	 * as a teardown's error have no test and are passed over). */
	for (lua_Integer i = 1, n = luaL_len(L, list); i <= n; i++) {
		lua_rawgeti(L, list, i);
		int t = lua_gettop(L);
		char *name = field(L, t, "name");
		while (k < nres && (!res[k].name || !name || strcmp(res[k].name, name)))
			k++;
		if (k < nres) {
			struct outcome o = { res[k].outcome, res[k].message, NULL, NULL };
			note_outcome(L, t, &o);
			k++;
		}
		free(name);
		lua_settop(L, list);
	}
	summarize(c, L, fw, list, msgh, path, emit, arg);
	lua_close(L);
	ctx_end_session(c);
	return RR_OK;
}

int runner_collect(struct rr_ctx *c, const char *path, runner_seen seen, void *arg)
{
	struct outcome oc = { RR_PASS, NULL, NULL, NULL };
	int msgh, fw, list;
	lua_State *L;
	int rc = collected(c, path, &L, &msgh, &fw, &oc);

	if (rc == RR_ERR_ARG)
		rr_error("%s%s%s", oc.where ? oc.where : "", oc.where ? ": " : "",
			 oc.message ? oc.message : "cannot load");
	if (rc < 0) {
		outcome_free(&oc);
		return rc;
	}
	list = lua_gettop(L);
	for (lua_Integer i = 1, n = luaL_len(L, list); i <= n; i++) {
		lua_rawgeti(L, list, i);
		int t = lua_gettop(L);
		lua_getfield(L, t, "line");
		lua_getfield(L, t, "fullname");
		lua_getfield(L, fw, "tag_list");
		lua_pushvalue(L, t);
		lua_call(L, 1, 1);
		seen(arg, path, (int)lua_tointeger(L, t + 1), lua_tostring(L, t + 2),
		     lua_tostring(L, t + 3));
		lua_settop(L, list);
	}
	lua_close(L);
	ctx_end_session(c);
	return RR_OK;
}

static void print_seen(void *arg, const char *path, int line, const char *name,
		       const char *tags)
{
	fprintf(arg, "%s:%d: %s%s%s\n", path, line, name, *tags ? "  " : "", tags);
}

int runner_list(struct rr_ctx *c, const char *path, FILE *out)
{
	return runner_collect(c, path, print_seen, out);
}
