-- assert.lua: busted-style assertions whose failures show expected and
-- actual values.
--
-- assert(v, msg) works like Lua's; assert.<check>(...) raises a failure
-- object (not a plain error) so the runner reports a failure rather than
-- an error. Modifier words may precede a check, busted-style:
-- assert.is_true, assert.are.same, assert.is_not.equal, assert.has_no.error.

local failure = ...  -- failure(message) -> failure object, from the runner

local fmt

local function fmt_string(s)
	return '"' .. s:gsub('[%c"\\]', function(c)
		local map = { ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
			['"'] = '\\"', ["\\"] = "\\\\" }
		return map[c] or string.format("\\%03d", c:byte())
	end) .. '"'
end

local function fmt_table(t, depth, seen)
	if seen[t] then return "<cycle>" end
	if depth > 4 then return "{...}" end
	seen[t] = true
	local keys, parts = {}, {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys, function(a, b)
		local ta, tb = type(a), type(b)
		if ta ~= tb then return ta < tb end
		if ta == "number" or ta == "string" then return a < b end
		return tostring(a) < tostring(b)
	end)
	local n = #t
	for _, k in ipairs(keys) do
		local v = fmt(t[k], depth + 1, seen)
		if math.type(k) == "integer" and k >= 1 and k <= n then
			parts[#parts + 1] = v
		elseif type(k) == "string" and k:match("^[%a_][%w_]*$") then
			parts[#parts + 1] = k .. " = " .. v
		else
			parts[#parts + 1] = "[" .. fmt(k, depth + 1, seen) .. "] = " .. v
		end
		if #parts > 50 then parts[#parts + 1] = "..."; break end
	end
	seen[t] = nil
	return "{" .. table.concat(parts, ", ") .. "}"
end

fmt = function(v, depth, seen)
	local ty = type(v)
	if ty == "string" then return fmt_string(v) end
	if ty == "table" and not (getmetatable(v) or {}).__tostring then
		return fmt_table(v, depth or 0, seen or {})
	end
	if math.type(v) == "float" then
		local s = tostring(v)
		if tonumber(s) ~= v and v == v then s = string.format("%.17g", v) end
		return s
	end
	return tostring(v)
end

local function fail(msg, custom)
	if custom ~= nil then msg = tostring(custom) .. "\n" .. msg end
	error(failure(msg), 3)
end

local function two(what, expected, actual)
	return string.format("%s\nexpected: %s\n  actual: %s", what, fmt(expected), fmt(actual))
end

-- Deep comparison; returns true, or false and the path of the first
-- difference.
local function same(a, b, path, seen)
	if a == b then return true end
	if type(a) ~= "table" or type(b) ~= "table" then return false, path end
	seen = seen or {}
	if seen[a] == b then return true end
	seen[a] = b
	for k, v in pairs(a) do
		local ok, p = same(v, b[k], path .. "[" .. fmt(k) .. "]", seen)
		if not ok then return false, p end
	end
	for k in pairs(b) do
		if a[k] == nil then return false, path .. "[" .. fmt(k) .. "]" end
	end
	return true
end

-- Each check returns ok, message when it should hold, message when negated.
local checks = {}

function checks.equal(expected, actual)
	return expected == actual,
		two("values differ", expected, actual),
		"expected a value different from " .. fmt(expected)
end

function checks.same(expected, actual)
	local ok, path = same(expected, actual, "")
	local where = (path and path ~= "") and (" (first difference at " .. path .. ")") or ""
	return ok, two("values are not the same" .. where, expected, actual),
		"expected a value not the same as " .. fmt(expected)
end

local function is(value_wanted, name)
	return function(v)
		return v == value_wanted,
			string.format("expected %s, got %s", name, fmt(v)),
			string.format("expected anything but %s", name)
	end
end
checks["true"] = is(true, "true")
checks["false"] = is(false, "false")
checks["nil"] = is(nil, "nil")

function checks.truthy(v)
	return not not v, "expected a truthy value, got " .. fmt(v),
		"expected a falsy value, got " .. fmt(v)
end
function checks.falsy(v)
	return not v, "expected a falsy value, got " .. fmt(v),
		"expected a truthy value, got " .. fmt(v)
end

for _, ty in ipairs({ "string", "number", "table", "function", "boolean", "userdata" }) do
	checks[ty] = function(v)
		return type(v) == ty, string.format("expected a %s, got %s (%s)", ty, type(v), fmt(v)),
			string.format("expected anything but a %s, got %s", ty, fmt(v))
	end
end

function checks.matches(pattern, actual)
	local ok = type(actual) == "string" and actual:find(pattern) ~= nil
	return ok, string.format("no match\n pattern: %s\n  actual: %s", fmt(pattern), fmt(actual)),
		string.format("unexpected match\n pattern: %s\n  actual: %s", fmt(pattern), fmt(actual))
end

function checks.near(expected, actual, tolerance)
	local ok = type(actual) == "number" and math.abs(expected - actual) <= tolerance
	local m = string.format("values are not within %s of each other\nexpected: %s\n  actual: %s",
		fmt(tolerance), fmt(expected), fmt(actual))
	return ok, m, "expected values further apart than " .. fmt(tolerance) ..
		"\nexpected: " .. fmt(expected) .. "\n  actual: " .. fmt(actual)
end

function checks.contains(list, value)
	for _, v in pairs(list) do
		if same(v, value, "") then return true end
	end
	return false, string.format("%s not found in %s", fmt(value), fmt(list)),
		string.format("%s found in %s", fmt(value), fmt(list))
end

local function errmsg(e)
	if type(e) == "table" and e.rr_failure then return e.message end
	if type(e) == "string" then return (e:gsub("^[^:\n]*:%d+: ", "")) end
	return e
end

-- assert.error(fn[, expected message]) -- message compared without position
function checks.error(fn, expected)
	local ok, e = pcall(fn)
	if ok then
		return false, "expected an error, but the function returned normally",
			"expected no error"
	end
	if expected ~= nil and errmsg(e) ~= expected and e ~= expected then
		return false, two("the error differs", expected, errmsg(e)), "expected no error"
	end
	return true, "", "expected no error, got " .. fmt(errmsg(e))
end

function checks.error_matches(fn, pattern)
	local ok, e = pcall(fn)
	if ok then
		return false, "expected an error, but the function returned normally",
			"expected no error"
	end
	local m = errmsg(e)
	if type(m) ~= "string" or not m:find(pattern) then
		return false, string.format("the error does not match\n pattern: %s\n  actual: %s",
			fmt(pattern), fmt(m)), "expected no error"
	end
	return true, "", "expected no error, got " .. fmt(m)
end

local aliases = {
	equals = "equal", errors = "error", error_match = "error_matches",
	match = "matches", truthy = "truthy", same = "same",
	unique = nil,
}
-- how many leading arguments each check takes (for the custom message)
local nargs = {
	equal = 2, same = 2, matches = 2, near = 3, contains = 2,
	error = 2, error_matches = 2,
}
local modifiers = { is = true, are = true, was = true, has = true, does = true,
	has_no = true, is_not = true, are_not = true, ["not"] = true, no = true,
	all = true, truly = true }

local function checker(name, neg)
	local check = checks[name]
	local n = nargs[name] or 1
	return function(...)
		local argv = table.pack(...)
		local ok, m_pos, m_neg = check(...)
		if (not not ok) == neg then
			fail((neg and m_neg or m_pos), argv[n + 1])
		end
		return ...
	end
end

-- Resolve "is_not_equal" or a chain of modifier words into a checker.
local function resolve(words, neg)
	local rest = {}
	for w in words:gmatch("[^_]+") do
		if w == "not" or w == "no" then
			neg = not neg
		elseif not modifiers[w] or #rest > 0 then
			rest[#rest + 1] = w
		end
	end
	local name = table.concat(rest, "_")
	if name == "" then
		return setmetatable({}, { __index = function(_, k) return resolve(k, neg) end })
	end
	name = aliases[name] or name
	if not checks[name] then
		error("unknown assertion '" .. words .. "'", 3)
	end
	return checker(name, neg)
end

local A = setmetatable({}, {
	__call = function(_, v, msg, ...)
		if not v then
			error(failure(msg ~= nil and tostring(msg) or "assertion failed!"), 2)
		end
		return v, msg, ...
	end,
	__index = function(t, k)
		local f = resolve(k, false)
		rawset(t, k, f)
		return f
	end,
})

-- Explicit failure with a message.
A.fail = function(msg) error(failure(msg ~= nil and tostring(msg) or "failed"), 2) end

return A, fmt
