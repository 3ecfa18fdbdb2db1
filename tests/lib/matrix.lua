-- matrix.lua - the certification verdicts in the table's own layout:
-- rows of the backup-limitation table by its columns, each column showing
-- one verdict per concrete condition it stands for. Printed on the console
-- and written as HTML (with the evidence of every failing cell) and text.

local M = { cells = {} }

-- A cell's verdict: its test passed, or its failure message (the evidence).
function M.record(row, cond, ok, evidence)
  M.cells[row.id .. "\0" .. cond.name] = { ok = ok, evidence = evidence }
end

local function cell(row, cond)
  return M.cells[row.id .. "\0" .. cond.name]
end

local function mark(c)
  if not c then return "--" end
  return c.ok and "ok" or "FAIL"
end

local function pad(s, n)
  if #s > n then return s:sub(1, n) end
  return s .. string.rep(" ", n - #s)
end

local function columns(T, conditions)
  local cols = {}
  for _, col in ipairs(T.columns) do
    local c = { col = col, conds = {} }
    for _, cond in ipairs(conditions) do
      if cond.col == col then c.conds[#c.conds + 1] = cond end
    end
    if #c.conds > 0 then cols[#cols + 1] = c end
  end
  return cols
end

local function text(T, conditions, title, ac_label)
  local cols = columns(T, conditions)
  local W, L = 14, 0
  for _, c in ipairs(cols) do W = math.max(W, #c.col.name + 2) end
  for _, row in ipairs(T.rows) do L = math.max(L, #row.name) end
  local out = { title }
  local function line(label, f)
    local parts = { pad(label, L) }
    for _, c in ipairs(cols) do parts[#parts + 1] = pad(f(c), W) end
    out[#out + 1] = table.concat(parts, " ")
  end
  line("", function(c) return c.col.name end)
  line("BACKUPLIMIT", function(c) return table.concat(c.col.backuplimit, "/") end)
  line("Main 12V DC", function(c) return c.col.dc end)
  line(ac_label or "AC (voltage sensor)", function(c) return c.col.ac end)
  out[#out + 1] = string.rep("-", L + (W + 1) * #cols)
  local passed, failed, missing = 0, 0, 0
  for _, row in ipairs(T.rows) do
    line(row.name, function(c)
      local marks = {}
      for _, cond in ipairs(c.conds) do
        local v = cell(row, cond)
        if not v then missing = missing + 1 elseif v.ok then passed = passed + 1 else failed = failed + 1 end
        marks[#marks + 1] = mark(v)
      end
      local exp = c.col.outcome[row.id] == "limited" and "L" or "-"
      return exp .. " " .. table.concat(marks, " ")
    end)
  end
  out[#out + 1] = string.rep("-", L + (W + 1) * #cols)
  return table.concat(out, "\n"), passed, failed, missing
end

local function esc(s)
  return (tostring(s):gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function html_table(h, T, conditions, title, ac_label)
  local cols = columns(T, conditions)
  h[#h + 1] = "<h2>" .. esc(title) .. "</h2>"
  h[#h + 1] = "<table><tr><th></th>"
  for _, c in ipairs(cols) do
    h[#h + 1] = "<th>" .. esc(c.col.name) .. (c.col.derived and "<br><small>derived</small>" or "") .. "</th>"
  end
  h[#h + 1] = "</tr>"
  local function hdr(label, f)
    h[#h + 1] = "<tr><th>" .. esc(label) .. "</th>"
    for _, c in ipairs(cols) do h[#h + 1] = "<td>" .. esc(f(c.col)) .. "</td>" end
    h[#h + 1] = "</tr>"
  end
  hdr("BACKUPLIMIT", function(c) return table.concat(c.backuplimit, " or ") end)
  hdr("Main 12V DC", function(c) return c.dc end)
  hdr(ac_label or "AC (voltage sensor)", function(c) return c.ac end)
  for _, row in ipairs(T.rows) do
    h[#h + 1] = "<tr><th>" .. esc(row.name) .. "</th>"
    for _, c in ipairs(cols) do
      local exp = c.col.outcome[row.id]
      local note = c.col.notes[row.id]
      h[#h + 1] = "<td>" .. (exp == "limited" and "Limited" or "No limitation") ..
        (note and (" (NOTE-" .. note .. ")") or "") .. "<br>"
      for _, cond in ipairs(c.conds) do
        local v = cell(row, cond)
        local cls = not v and "none" or (v.ok and "ok" or "fail")
        local label = string.format("%s 12V %s AC %s", cond.bl, cond.dc and "OK" or "failed",
                                    cond.ac and "OK" or "failed")
        h[#h + 1] = string.format("<div class=\"%s\" title=\"%s\">%s: %s</div>", cls,
                                  esc(v and v.evidence or ""), esc(label), mark(v))
      end
      h[#h + 1] = "</td>"
    end
    h[#h + 1] = "</tr>"
  end
  h[#h + 1] = "</table>"
end

local function html(T, groups, summary)
  local h = {
    "<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">",
    "<title>Backup-limitation certification</title>",
    "<style>body{font-family:sans-serif}table{border-collapse:collapse}",
    "td,th{border:1px solid #888;padding:4px 6px;vertical-align:top}",
    ".ok{background:#c8f0c8}.fail{background:#f4b0b0}.none{background:#eee}",
    "pre{background:#f6f6f6;padding:6px;white-space:pre-wrap}</style></head><body>",
    "<h1>Backup Mode Limitations: certification</h1>",
    "<p>" .. esc(T.source) .. ". " .. esc(summary) .. "</p>",
  }
  for _, g in ipairs(groups) do html_table(h, T, g.conditions, g.title, g.ac_label) end
  h[#h + 1] = "<h2>Evidence of failing cells</h2>"
  local any = false
  for _, g in ipairs(groups) do
    for _, row in ipairs(T.rows) do
      for _, cond in ipairs(g.conditions) do
        local v = cell(row, cond)
        if v and not v.ok then
          any = true
          h[#h + 1] = "<h3>" .. esc(row.name .. " | " .. cond.name) .. "</h3><pre>" .. esc(v.evidence) .. "</pre>"
        end
      end
    end
  end
  if not any then h[#h + 1] = "<p>None.</p>" end
  h[#h + 1] = "</body></html>"
  return table.concat(h, "\n")
end

local function write(path, s)
  local f, err = io.open(path, "w")
  if not f then
    io.stderr:write("certification: cannot write " .. path .. ": " .. tostring(err) .. "\n")
    return
  end
  f:write(s, "\n")
  f:close()
end

-- groups: { { title =, conditions =, ac_label = }, ... }, one matrix each.
-- results: the cells' test results (a summarize hook's), cell_of: test name
-- -> { row =, cond = }. A skipped cell is not run.
function M.finish(T, groups, results, cell_of)
  for _, r in ipairs(results or {}) do
    local c = cell_of[r.name]
    if c and r.outcome ~= "skip" then
      M.record(c.row, c.cond, r.outcome == "pass", r.outcome ~= "pass" and (r.message or r.outcome) or nil)
    end
  end
  local parts, passed, failed, missing = {}, 0, 0, 0
  for _, g in ipairs(groups) do
    local txt, p, f, m = text(T, g.conditions, g.title, g.ac_label)
    parts[#parts + 1] = txt
    passed, failed, missing = passed + p, failed + f, missing + m
  end
  parts[#parts + 1] = "L = limited per the table, - = no limitation; one verdict per concrete condition"
  parts[#parts + 1] = string.format("certification matrix: %d cells passed, %d failed, %d not run",
                                    passed, failed, missing)
  local txt = table.concat(parts, "\n\n")
  io.stdout:write("\n", txt, "\n")
  local dir = os.getenv("RELAYRIG_REPORTS") or "reports"
  write(dir .. "/certification-matrix.txt", txt)
  write(dir .. "/certification.html", html(T, groups,
    string.format("%d cells passed, %d failed, %d not run.", passed, failed, missing)))
end

return M
