-- ftdiseam-summary.lua JSON... - what scripts/ftdiseam prints about its
-- runs: certification cells, notes and regression tests run, passed,
-- failed and skipped, and every skip reason with its count. Reads the
-- runner's JSON records (one test per line) without a JSON library.
local n = { cells = {}, notes = {}, reg = {} }
local reasons = {}
for _, path in ipairs(arg) do
  local f = assert(io.open(path))
  local text = f:read("a")
  f:close()
  for obj in text:gmatch('{"file":[^\n]*') do
    local file, outcome = obj:match('"file":"([^"]*)"'), obj:match('"outcome":"(%a+)"')
    local msg = obj:match('"message":"([^"]*)"') or ""
    local k = file:find("backup_table") and "cells" or file:find("^tests/certify/") and "notes" or "reg"
    if outcome then -- a test (other objects name files too)
      n[k][outcome] = (n[k][outcome] or 0) + 1
      if outcome == "skip" then
        reasons[k .. ": " .. msg] = (reasons[k .. ": " .. msg] or 0) + 1
      end
    end
  end
end
local what = { cells = "certification cells", notes = "certification notes", reg = "regression tests" }
local bad = 0
for _, k in ipairs({ "cells", "notes", "reg" }) do
  local t = n[k]
  local failed = (t.fail or 0) + (t.error or 0)
  bad = bad + failed
  print(string.format("ftdiseam: %s: %d run (%d passed, %d failed), %d skipped", what[k],
    (t.pass or 0) + failed, t.pass or 0, failed, t.skip or 0))
end
local keys = {}
for k in pairs(reasons) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do
  print(string.format("ftdiseam:   skipped %3d  %s", reasons[k], k))
end
os.exit(bad == 0 and 0 or 1)
