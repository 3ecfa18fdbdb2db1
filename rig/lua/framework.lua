-- framework.lua: the test DSL (busted's shape) and test selection.
--
-- Loaded by the runner into each file's Lua state before the file runs.
-- describe/it/pending/before_each/after_each/setup/teardown collect a
-- tree while the file runs; select() then flattens it into the list of
-- tests the runner executes, each with its hooks in running order.
-- Nothing here runs a test: the runner does that from C, with a time
-- limit and a message handler, so that no framework code is on the
-- stack when a test is stopped.

local runner = ...  -- { file = path }

local root = { name = nil, before = {}, after = {}, tags = {}, depth = 0 }
local cur = root
local tests = {}

local function parse_tags(name, into)
	for tag in name:gmatch("#([%w_%-%.]+)") do
		into[tag] = true
	end
end

local function copy(t)
	local c = {}
	for k, v in pairs(t) do c[k] = v end
	return c
end

-- The `needs` option: capabilities of the rig (rig.has names) a describe
-- or test needs; checked when declared (an unknown name is an error).
local function add_needs(opts, into, kind, name)
	if type(opts) == "table" and opts.needs then
		local n = opts.needs
		if type(n) == "string" then n = { n } end
		for _, cap in ipairs(n) do
			local ok, err = pcall(rig.has, cap)
			if not ok then error(kind .. ' "' .. name .. '": ' .. tostring(err), 4) end
			into[#into + 1] = cap
		end
	end
end

local function add_opt_tags(opts, into)
	if type(opts) == "table" and opts.tags then
		local t = opts.tags
		if type(t) == "string" then t = { t } end
		for _, tag in ipairs(t) do into[(tag:gsub("^#", ""))] = true end
	end
end

-- (name, fn) or (name, opts, fn)
local function args(kind, name, opts, fn)
	if type(name) ~= "string" then
		error(kind .. ": expected a name (string), got " .. type(name), 3)
	end
	if fn == nil and type(opts) == "function" then
		fn, opts = opts, nil
	end
	if opts ~= nil and type(opts) ~= "table" then
		error(kind .. ' "' .. name .. '": expected an options table, got ' .. type(opts), 3)
	end
	return name, opts, fn
end

function describe(name, opts, fn)
	name, opts, fn = args("describe", name, opts, fn)
	if type(fn) ~= "function" then
		error('describe "' .. name .. '": expected a function', 2)
	end
	local d = { name = name, parent = cur, before = {}, after = {},
		tags = copy(cur.tags), needs = copy(cur.needs or {}), depth = cur.depth + 1,
		independent = cur.independent, summaries = {} }
	if type(opts) == "table" and opts.independent ~= nil then
		if type(opts.independent) ~= "boolean" then
			error('describe "' .. name .. '": independent must be true or false', 2)
		end
		d.independent = opts.independent
	end
	parse_tags(name, d.tags)
	add_opt_tags(opts, d.tags)
	add_needs(opts, d.needs, "describe", name)
	local saved = cur
	cur = d
	fn()
	cur = saved
end
context = describe

local function line_of_caller()
	local info = debug.getinfo(4, "l")
	return info and info.currentline or 0
end

local function add_test(name, opts, fn, pending_reason)
	local t = { name = name, d = cur, fn = fn, line = line_of_caller(),
		tags = copy(cur.tags), needs = copy(cur.needs or {}), pending = pending_reason }
	parse_tags(name, t.tags)
	add_opt_tags(opts, t.tags)
	add_needs(opts, t.needs, "it", name)
	-- the cell option: the test's place in a certification matrix (rig.cell)
	if type(opts) == "table" and opts.cell ~= nil then
		if type(opts.cell) ~= "table" or type(opts.cell.row) ~= "string"
			or type(opts.cell.column) ~= "string" then
			error('it "' .. name .. '": the cell option needs { row = ..., column = ..., ... }', 3)
		end
		t.cell = opts.cell
	end
	-- a rig without what the test needs: skipped with the reason
	if not t.pending and #t.needs > 0 then
		t.pending = rig.missing(table.unpack(t.needs))
	end
	tests[#tests + 1] = t
end

function it(name, opts, fn)
	name, opts, fn = args("it", name, opts, fn)
	if fn == nil then
		add_test(name, opts, nil, "no test function")
		return
	end
	if type(fn) ~= "function" then
		error('it "' .. name .. '": expected a function', 2)
	end
	add_test(name, opts, fn, nil)
end
test = it

function pending(name, reason)
	if type(name) ~= "string" then
		error("pending: expected a name (string)", 2)
	end
	add_test(name, nil, nil, type(reason) == "string" and reason or "pending")
end

local function hook(kind, list_name)
	return function(fn)
		if type(fn) ~= "function" then
			error(kind .. ": expected a function", 2)
		end
		local l = cur[list_name]
		l[#l + 1] = fn
	end
end
before_each = hook("before_each", "before")
after_each = hook("after_each", "after")

local function once(kind, field)
	return function(fn)
		if type(fn) ~= "function" then
			error(kind .. ": expected a function", 2)
		end
		if cur == root then
			error(kind .. " must be inside a describe block", 2)
		end
		cur[field] = fn
	end
end
-- summarize(fn): fn(results) once, after every test of the describe ran
-- (on whichever units -j gave them to), with their results in file order:
-- { name, fullname, outcome = "pass"|"fail"|"error"|"skip", message }.
-- It gets no unit: for reports over many tests (the certification matrix).
function summarize(fn)
	if type(fn) ~= "function" then
		error("summarize: expected a function", 2)
	end
	if cur == root then
		error("summarize must be inside a describe block", 2)
	end
	cur.summaries[#cur.summaries + 1] = fn
end

setup = once("setup", "setup")
teardown = once("teardown", "teardown")
lazy_setup, lazy_teardown = setup, teardown
strict_setup, strict_teardown = setup, teardown

local function split(list)
	local set = {}
	if list then
		for w in list:gmatch("[^,%s]+") do set[(w:gsub("^#", ""))] = true end
	end
	return next(set) and set or nil
end

local function chain_of(d)
	local c = {}
	while d ~= root do
		table.insert(c, 1, d)
		d = d.parent
	end
	return c
end

local function any(tags, set)
	for tag in pairs(set) do
		if tags[tag] then return true end
	end
	return false
end

-- Flatten the collected tree into the tests to report, in file order.
-- cfg: { filter = pattern, tags = "a,b", exclude = "c", stem = "file" }
local function select(cfg)
	local want, skip = split(cfg.tags), split(cfg.exclude)
	local out = {}
	for _, t in ipairs(tests) do
		local chain = chain_of(t.d)
		local names = {}
		for i, d in ipairs(chain) do names[i] = d.name end
		local class = #names > 0 and table.concat(names, " ") or cfg.stem
		local full = #names > 0 and (class .. " " .. t.name) or t.name
		local ok = true
		if cfg.filter and not full:find(cfg.filter) then ok = false end
		if want and not any(t.tags, want) then ok = false end
		if skip and any(t.tags, skip) then ok = false end
		if ok then
			t.classname, t.fullname, t.chain = class, full, chain
			out[#out + 1] = t
		end
	end
	-- Hooks in running order; setup before the first and teardown after
	-- the last test that runs in each describe.
	local opened, last = {}, {}
	for i, t in ipairs(out) do
		t.befores, t.afters, t.setups, t.teardowns = {}, {}, {}, {}
		if not t.pending then
			for _, f in ipairs(root.before) do t.befores[#t.befores + 1] = f end
			for _, d in ipairs(t.chain) do
				for _, f in ipairs(d.before) do t.befores[#t.befores + 1] = f end
				if d.setup and not opened[d] then
					opened[d] = true
					t.setups[#t.setups + 1] = d
				end
				last[d] = i
			end
			for j = #t.chain, 1, -1 do
				local d = t.chain[j]
				for k = #d.after, 1, -1 do t.afters[#t.afters + 1] = d.after[k] end
			end
			for k = #root.after, 1, -1 do t.afters[#t.afters + 1] = root.after[k] end
		end
	end
	for d, i in pairs(last) do
		if d.teardown then
			local td = out[i].teardowns
			td[#td + 1] = d
		end
	end
	for _, t in ipairs(out) do
		table.sort(t.teardowns, function(a, b) return a.depth > b.depth end)
	end
	-- Units of work for -j: each test under an independent describe is
	-- one; the other tests of the file, from one independent test to the
	-- next, stay together in file order.
	local item, prev_dep = 0, false
	for _, t in ipairs(out) do
		local dep = not t.d.independent
		if not (dep and prev_dep) then item = item + 1 end
		t.item, prev_dep = item, dep
	end
	return out
end

-- A worker runs some of a file's tests (-j): setup of each describe before
-- the first test it runs there, teardown when it leaves the describe.
local opened = {}
local function enter(t)
	local s = {}
	for _, d in ipairs(t.chain) do
		if not opened[d] then
			opened[d] = true
			if d.setup then s[#s + 1] = d end
		end
	end
	return s
end

-- The describes left when moving on to test t (nil: the file ends),
-- deepest first.
local function leave(t)
	local on, l = {}, {}
	for _, d in ipairs(t and t.chain or {}) do on[d] = true end
	for d in pairs(opened) do
		if not on[d] then
			opened[d] = nil
			if d.teardown then l[#l + 1] = d end
		end
	end
	table.sort(l, function(a, b) return a.depth > b.depth end)
	return l
end

-- The summarize hooks of the file, with what each gets: deepest describes
-- first, as teardowns run. list: the selected tests, each with outcome and
-- message filled in (those not run are left out).
local function summaries(list)
	local calls, seen = {}, {}
	for _, t in ipairs(list) do
		for _, d in ipairs(t.chain or {}) do
			if #d.summaries > 0 and not seen[d] then
				seen[d] = true
				calls[#calls + 1] = d
			end
		end
	end
	table.sort(calls, function(a, b) return a.depth > b.depth end)
	local out = {}
	for _, d in ipairs(calls) do
		local results = {}
		for _, t in ipairs(list) do
			local inside = false
			for _, c in ipairs(t.chain) do inside = inside or c == d end
			if inside and t.outcome then
				results[#results + 1] = { name = t.name, fullname = t.fullname,
					outcome = t.outcome, message = t.message }
			end
		end
		for _, fn in ipairs(d.summaries) do
			out[#out + 1] = function() fn(results) end
		end
	end
	return out
end

local function tag_list(t)
	local l = {}
	for tag in pairs(t.tags) do l[#l + 1] = "#" .. tag end
	table.sort(l)
	return table.concat(l, " ")
end

return { select = select, tag_list = tag_list, enter = enter, leave = leave,
	summaries = summaries }
