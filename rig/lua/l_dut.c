/* l_dut.c - the dut module: the unit's settings over USB, its version,
 * restarts; and USB session handles (userdata with __close/__gc).
 *
 * dut.configure{ backup = { BACKUPLIMIT = "AC" } } reads each named tab,
 * merges the given keys into it and writes the whole tab back, so no
 * setting of the tab is lost. USB is attached for the exchange and
 * detached afterwards (the unit ignores SMS while USB is attached). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "lbind.h"
#include "usbcfg.h"

#define USBMT "rr.usb"

/* Lua value -> setting text: booleans ON/OFF, integers without ".0". */
static const char *value_text(lua_State *L, int idx)
{
	switch (lua_type(L, idx)) {
	case LUA_TBOOLEAN:
		return lua_toboolean(L, idx) ? "ON" : "OFF";
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			return lua_pushfstring(L, "%I", (LUAI_UACINT)lua_tointeger(L, idx));
		return lua_pushfstring(L, "%f", lua_tonumber(L, idx));
	case LUA_TSTRING:
		return lua_tostring(L, idx);
	default:
		luaL_error(L, "setting value must be a string, number or boolean, got %s",
			   luaL_typename(L, idx));
	}
	return NULL;
}

/* Push "KEY=VALUE\n..." for the table at idx (sorted by key). */
static void push_spec(lua_State *L, int idx, const char *tab)
{
	int n = 0, keys, parts, top;

	idx = lua_absindex(L, idx);
	lua_newtable(L);
	keys = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			luaL_error(L, "dut.configure: tab '%s': keys must be strings", tab);
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_rawseti(L, keys, ++n);
	}
	lua_getglobal(L, "table");
	lua_getfield(L, -1, "sort");
	lua_pushvalue(L, keys);
	lua_call(L, 1, 0);
	lua_pop(L, 1);
	lua_newtable(L);
	parts = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		top = lua_gettop(L);
		lua_rawgeti(L, keys, i);
		const char *k = lua_tostring(L, -1);
		if (strpbrk(k, "=\r\n") || !*k)
			luaL_error(L, "dut.configure: bad key '%s'", k);
		lua_getfield(L, idx, k);
		const char *v = value_text(L, -1);
		if (strpbrk(v, "\r\n"))
			luaL_error(L, "dut.configure: value of %s has a line break", k);
		lua_pushfstring(L, "%s=%s\n", k, v);
		lua_rawseti(L, parts, i);
		lua_settop(L, top);
	}
	lua_getglobal(L, "table");
	lua_getfield(L, -1, "concat");
	lua_pushvalue(L, parts);
	lua_call(L, 1, 1);
	lua_replace(L, keys);
	lua_settop(L, keys);
}

/* Value of key in spec ("K=V\n" lines), case-insensitive; NULL if absent. */
static const char *spec_find(const char *spec, const char *key, size_t klen, size_t *vlen)
{
	for (const char *p = spec; *p;) {
		const char *eq = strchr(p, '='), *nl = strchr(p, '\n');
		if (!eq || !nl)
			break;
		if ((size_t)(eq - p) == klen && !strncasecmp(p, key, klen)) {
			*vlen = (size_t)(nl - eq - 1);
			return eq + 1;
		}
		p = nl + 1;
	}
	return NULL;
}

/* WRITE text for a tab: the read lines with spec values merged in, then
 * the spec keys the tab did not have. */
static void merge(struct sbuf *out, const char *tab, const char *read, const char *spec)
{
	const char *p, *nl;
	size_t vlen;

	sb_printf(out, "WRITE %s\n", tab);
	for (p = read; (nl = strchr(p, '\n')); p = nl + 1) {
		const char *eq = memchr(p, '=', (size_t)(nl - p));
		const char *v = eq ? spec_find(spec, p, (size_t)(eq - p), &vlen) : NULL;
		if (!eq)
			continue;
		if (v) {
			sb_putn(out, p, (size_t)(eq - p + 1));
			sb_putn(out, v, vlen);
			sb_putc(out, '\n');
		} else {
			sb_putn(out, p, (size_t)(nl - p + 1));
		}
	}
	for (p = spec; (nl = strchr(p, '\n')); p = nl + 1) {
		const char *eq = strchr(p, '=');
		bool had = false;
		for (const char *q = read, *ql; (ql = strchr(q, '\n')); q = ql + 1) {
			const char *qe = memchr(q, '=', (size_t)(ql - q));
			if (qe && qe - q == eq - p && !strncasecmp(q, p, (size_t)(eq - p)))
				had = true;
		}
		if (!had)
			sb_putn(out, p, (size_t)(nl - p + 1));
	}
	sb_puts(out, "END\n");
}

/* Read one tab into lines; message in err on failure. */
static int read_tab(struct session *s, const char *tab, struct sbuf *lines,
		    char *err, size_t errlen)
{
	char req[128], fin[256] = "";
	int rc;

	snprintf(req, sizeof(req), "READ %s\n", tab);
	rc = usbcfg_exchange(s, req, lines, fin, sizeof(fin), USBCFG_TIMEOUT_MS);
	if (rc == RR_ERR_ARG)
		snprintf(err, errlen, "READ %s refused: %s", tab, fin);
	else if (rc < 0)
		snprintf(err, errlen, "READ %s: %s", tab, rr_strerror(rc));
	return rc;
}

/* Raise for a failed exchange, after everything is released. */
static int raise_usb(lua_State *L, int rc, const char *what, const char *err)
{
	if (rc == RR_ERR_ARG || rc == RR_ERR_TIMEOUT)
		return lb_fail(L, "%s: %s", what, err);
	return lb_raise(L, rc, what);
}

/* dut.configure{ tab = { KEY = value, ... }, ... } */
static int l_configure(lua_State *L)
{
	struct session *s;
	char err[1024] = "";
	struct sbuf lines, req;
	int ntabs = 0, rc = RR_OK, list;
	bool was;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_newtable(L); /* list: {tab1, spec1, tab2, spec2, ...} */
	list = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1))
			return luaL_error(L, "dut.configure: expected { tab = { KEY = value } }");
		const char *tab = lua_tostring(L, -2);
		if (strpbrk(tab, " \r\n") || !*tab)
			return luaL_error(L, "dut.configure: bad tab name '%s'", tab);
		push_spec(L, -1, tab);
		lua_pushvalue(L, -3);
		lua_rawseti(L, list, ++ntabs * 2 - 1);
		lua_rawseti(L, list, ntabs * 2);
		lua_pop(L, 1);
	}
	s = lb_session(L);
	/* from here: C owns buffers; no Lua errors until released */
	sb_init(&lines);
	sb_init(&req);
	rc = usbcfg_attach(s, &was);
	for (int i = 1; rc == RR_OK && i <= ntabs; i++) {
		lua_rawgeti(L, list, i * 2 - 1);
		lua_rawgeti(L, list, i * 2);
		const char *tab = lua_tostring(L, -2), *spec = lua_tostring(L, -1);
		char fin[256] = "";
		sb_clear(&lines);
		sb_clear(&req);
		rc = read_tab(s, tab, &lines, err, sizeof(err));
		if (rc == RR_OK) {
			merge(&req, tab, lines.s, spec);
			sb_clear(&lines);
			rc = usbcfg_exchange(s, req.s, &lines, fin, sizeof(fin), USBCFG_TIMEOUT_MS);
			if (rc == RR_ERR_ARG)
				snprintf(err, sizeof(err), "WRITE %s refused: %s", tab, fin);
			else if (rc < 0)
				snprintf(err, sizeof(err), "WRITE %s: %s", tab, rr_strerror(rc));
		}
		lua_pop(L, 2);
	}
	if (usbcfg_detach(s, was) < 0 && rc == RR_OK)
		rc = RR_ERR_CRASH;
	sb_free(&lines);
	sb_free(&req);
	if (rc < 0)
		return raise_usb(L, rc, "dut.configure", err);
	return 0;
}

/* Push lines "K=V\n..." as a table { K = V }. */
static void push_kv(lua_State *L, const char *text)
{
	const char *p, *nl;

	lua_newtable(L);
	for (p = text; (nl = strchr(p, '\n')); p = nl + 1) {
		const char *eq = memchr(p, '=', (size_t)(nl - p));
		if (!eq)
			continue;
		lua_pushlstring(L, p, (size_t)(eq - p));
		lua_pushlstring(L, eq + 1, (size_t)(nl - eq - 1));
		lua_rawset(L, -3);
	}
}

/* One or more READs with the cable attached; lines of all replies in
 * out, each tab's block preceded by "[tab]\n". */
static int read_tabs(struct session *s, const char *const *tabs, int n,
		     struct sbuf *out, char *err, size_t errlen)
{
	bool was;
	int rc = usbcfg_attach(s, &was);

	for (int i = 0; rc == RR_OK && i < n; i++) {
		sb_printf(out, "[%s]\n", tabs[i]);
		rc = read_tab(s, tabs[i], out, err, errlen);
	}
	if (usbcfg_detach(s, was) < 0 && rc == RR_OK)
		rc = RR_ERR_CRASH;
	return rc;
}

/* dut.read(tab) -> { KEY = "VALUE", ... } */
static int l_read(lua_State *L)
{
	const char *tab = luaL_checkstring(L, 1);
	struct session *s = lb_session(L);
	char err[512] = "";
	struct sbuf b;
	int rc;

	sb_init(&b);
	rc = read_tabs(s, &tab, 1, &b, err, sizeof(err));
	if (rc == RR_OK)
		lua_pushstring(L, strchr(b.s, '\n') + 1);
	sb_free(&b);
	if (rc < 0)
		return raise_usb(L, rc, "dut.read", err);
	push_kv(L, lua_tostring(L, -1));
	return 1;
}

/* Run one exchange with the cable attached; reply lines pushed. */
static int simple(lua_State *L, const char *req, const char *what)
{
	struct session *s = lb_session(L);
	char fin[256] = "", err[512];
	struct sbuf b;
	bool was;
	int rc = usbcfg_attach(s, &was);

	sb_init(&b);
	if (rc == RR_OK)
		rc = usbcfg_exchange(s, req, &b, fin, sizeof(fin), USBCFG_TIMEOUT_MS);
	if (usbcfg_detach(s, was) < 0 && rc == RR_OK)
		rc = RR_ERR_CRASH;
	snprintf(err, sizeof(err), "%s", rc == RR_ERR_ARG ? fin : rr_strerror(rc));
	if (rc == RR_OK)
		lua_pushstring(L, b.s);
	sb_free(&b);
	if (rc < 0)
		return raise_usb(L, rc, what, err);
	return 1;
}

/* dut.config() -> { tab = { KEY = VALUE } } for every tab */
static int l_config(lua_State *L)
{
	const char *p, *nl;
	int t;

	simple(L, "TABS\n", "dut.config");
	lua_newtable(L);
	t = lua_gettop(L);
	for (p = lua_tostring(L, t - 1); (nl = strchr(p, '\n')); p = nl + 1) {
		if (nl == p)
			continue;
		lua_pushlstring(L, p, (size_t)(nl - p));
		lua_pushcfunction(L, l_read);
		lua_pushvalue(L, -2);
		lua_call(L, 1, 1);
		lua_rawset(L, t);
	}
	return 1;
}

/* dut.version() -> "hw,fw", hw, fw */
static int l_version(lua_State *L)
{
	const char *v, *comma;

	simple(L, "VERSION\n", "dut.version");
	v = strstr(lua_tostring(L, -1), "VERSION=");
	if (!v)
		return lb_fail(L, "dut.version: no VERSION= line in the reply: \"%s\"",
			       lua_tostring(L, -1));
	v += 8;
	lua_pushlstring(L, v, strcspn(v, "\n"));
	comma = strchr(lua_tostring(L, -1), ',');
	if (comma) {
		const char *all = lua_tostring(L, -1);
		lua_pushlstring(L, all, (size_t)(comma - all));
		lua_pushstring(L, comma + 1);
		return 3;
	}
	return 1;
}

/* dut.restart(): reset the unit, keeping its settings. */
static int l_restart(lua_State *L)
{
	struct session *s = lb_session(L);
	int rc = session_restart(s);

	if (rc < 0)
		return lb_raise(L, rc, "dut.restart");
	return 0;
}

/* ---- USB session handle ---- */

struct usbh {
	bool open;
	bool was;
	int units; /* the unit it belongs to (ctx->units at attach) */
};

static void usbh_release(lua_State *L, struct usbh *h)
{
	struct rr_ctx *c = lb_ctx(L);

	if (!h->open)
		return;
	h->open = false;
	if (c->sess && !session_dead(c->sess) && c->units == h->units)
		usbcfg_detach(c->sess, h->was);
}

/* dut.usb() -> handle; attaches the cable until handle:close(). */
static int l_usb(lua_State *L)
{
	struct session *s = lb_session(L);
	struct usbh *h = lua_newuserdatauv(L, sizeof(*h), 0);
	int rc;

	h->open = false;
	luaL_setmetatable(L, USBMT);
	rc = usbcfg_attach(s, &h->was);
	if (rc < 0)
		return lb_raise(L, rc, "dut.usb");
	h->open = true;
	h->units = lb_ctx(L)->units;
	return 1;
}

static struct usbh *check_usbh(lua_State *L)
{
	struct usbh *h = luaL_checkudata(L, 1, USBMT);

	if (!h->open)
		luaL_error(L, "USB handle is closed");
	return h;
}

/* handle:cmd("READ backup") -> { lines } (raises on ERROR) */
static int usbh_cmd(lua_State *L)
{
	const char *line = luaL_checkstring(L, 2);
	const char *p, *nl;
	int n = 0;

	check_usbh(L);
	if (strpbrk(line, "\r\n"))
		return luaL_argerror(L, 2, "one line, without line breaks");
	lua_pushfstring(L, "%s\n", line);
	lua_replace(L, 2);
	lua_settop(L, 2);
	simple(L, lua_tostring(L, 2), "usb:cmd");
	lua_newtable(L);
	for (p = lua_tostring(L, -2); (nl = strchr(p, '\n')); p = nl + 1) {
		lua_pushlstring(L, p, (size_t)(nl - p));
		lua_rawseti(L, -2, ++n);
	}
	return 1;
}

/* handle:write(bytes): raw bytes onto the USB stream, as they are. */
static int usbh_write(lua_State *L)
{
	size_t len;
	const char *data;
	int rc;

	check_usbh(L);
	data = luaL_checklstring(L, 2, &len);
	rc = usbcfg_write(lb_session(L), data, len);
	if (rc < 0)
		return lb_raise(L, rc, "usb:write");
	return 0;
}

/* handle:reply(timeout_s=5) -> { lines }, final: the next reply, up to
 * its final line ("OK" or "ERROR <reason>", returned, not raised); nil,
 * "timeout" when none came in time. */
static int usbh_reply(lua_State *L)
{
	uint64_t ms;
	struct session *s;
	struct sbuf b;
	char fin[256] = "";
	int rc, n = 0;

	check_usbh(L);
	ms = lb_opt_ms(L, 2, 5);
	s = lb_session(L);
	sb_init(&b);
	rc = usbcfg_reply(s, &b, fin, sizeof(fin), ms);
	if (rc == RR_ERR_TIMEOUT) {
		sb_free(&b);
		lua_pushnil(L);
		lua_pushliteral(L, "timeout");
		return 2;
	}
	if (rc < 0 && rc != RR_ERR_ARG) {
		sb_free(&b);
		return lb_raise(L, rc, "usb:reply");
	}
	lua_newtable(L);
	for (const char *p = b.s ? b.s : "", *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		lua_pushlstring(L, p, (size_t)(nl - p));
		lua_rawseti(L, -2, ++n);
	}
	sb_free(&b);
	lua_pushstring(L, fin);
	return 2;
}

static int usbh_read(lua_State *L)
{
	check_usbh(L);
	lua_remove(L, 1);
	return l_read(L);
}

static int usbh_close(lua_State *L)
{
	usbh_release(L, luaL_checkudata(L, 1, USBMT));
	return 0;
}

int luaopen_dut(lua_State *L)
{
	static const luaL_Reg f[] = {
		{ "configure", l_configure },
		{ "read", l_read },
		{ "config", l_config },
		{ "version", l_version },
		{ "restart", l_restart },
		{ "usb", l_usb },
		{ NULL, NULL },
	};
	static const luaL_Reg m[] = {
		{ "cmd", usbh_cmd },
		{ "read", usbh_read },
		{ "close", usbh_close },
		{ "write", usbh_write },
		{ "reply", usbh_reply },
		{ NULL, NULL },
	};

	if (luaL_newmetatable(L, USBMT)) {
		luaL_newlib(L, m);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, usbh_close);
		lua_setfield(L, -2, "__close");
		lua_pushcfunction(L, usbh_close);
		lua_setfield(L, -2, "__gc");
	}
	lua_pop(L, 1);
	luaL_newlib(L, f);
	return 1;
}
