-- Certification of the backup-limitation table (Configuration Guide 3.4),
-- cell by cell, for every concrete condition each column stands for.
--
-- The table comes from fixtures/backup_table.lua; nothing here states an
-- expectation. Each column is expanded into its concrete conditions
-- (BACKUPLIMIT x 12 V x AC), each condition is reached through the rig
-- (BACKUPLIMIT over USB, 12 V and AC by switching the supplies) and read
-- back from the unit (its STATUS reply) before anything is probed. Each row
-- is then exercised through every command and path that reaches it: SMS,
-- calls, inputs, the thermostat and scheduled tasks. Scheduled tasks are
-- reached by setting the unit's clock shortly before the task time through
-- SIGNALREPORT's timestamp.
--
-- A cell passes only on positive evidence of its outcome:
--   limited  the refusal text, the state read back unchanged (relays on the
--            rig and by RSTAT, settings over USB), no report sent;
--   worked   the confirmation, the state read back changed as the command
--            says, the report sent with the expected content;
-- and, whatever the outcome, nothing happens later: after the condition
-- ends (12 V and AC back) no relay switches, no alarm is reported, no
-- missed task runs, the thermostat acts on the present temperature only.
--
-- Each cell is one test named "<row> (<row name>) | <condition> #T.<row>.<column>"
-- (derived columns: #derived). The model without the AC voltage sensor is
-- certified for the columns whose fixture says sensor = false.
--
-- Each cell records its coordinates in the table and its evidence with
-- rig.cell{}; relayrig renders the matrices in the table's own layout (on the
-- console, --matrix FILE as text, --html FILE with every cell's evidence).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local T = dofile(here .. "../../fixtures/backup_table.lua")

local BOSS, ALERT = "+37060000001", "+37060000009"
local REFUSAL = T.refusal
local PULSETIME, RESTARTTIME = 60, 60   -- long enough to read RSTAT by SMS on a real rig
local INTIME = 60                        -- alarm relay time, s (likewise)
local TASK_TIME = "2026-11-21 09:59:30"  -- the unit's clock at t0
local TASK_AT = 30                       -- the tasks at 10:00:00, s after t0
local QUIET = 90                         -- s watched after the condition ends
local t0                                 -- rig time (s) the unit's clock read TASK_TIME
local t_cond                             -- rig time (s) the condition was applied

-- ---------------------------------------------------------------------------
-- Conditions

-- Concrete conditions of a column: every BACKUPLIMIT value, and both states
-- for "any". Without the sensor, AC is the rig's AC line, which the unit
-- cannot see.
local function expand(col, sensor)
  local out = {}
  local dcs = col.dc == "any" and { "ok", "failed" } or { col.dc }
  local acs = col.ac == "any" and { "ok", "failed" } or { col.ac }
  local backup = false
  for _, o in pairs(col.outcome) do backup = backup or o == "limited" end
  for _, bl in ipairs(col.backuplimit) do
    for _, dc in ipairs(dcs) do
      for _, ac in ipairs(acs) do
        local label = string.format("BACKUPLIMIT=%s 12V %s AC %s", bl, dc, ac)
        if not sensor then
          label = string.format("no AC sensor, BACKUPLIMIT=%s 12V %s AC line %s", bl, dc, ac)
        end
        out[#out + 1] = {
          col = col, bl = bl, dc = dc == "ok", ac = ac == "ok", sensor = sensor,
          backup = backup, label = label, name = col.name .. ": " .. label,
        }
      end
    end
  end
  return out
end

local conditions, nosensor = {}, {}
for _, col in ipairs(T.columns) do
  for _, c in ipairs(expand(col, true)) do conditions[#conditions + 1] = c end
  if col.sensor == false then
    for _, c in ipairs(expand(col, false)) do nosensor[#nosensor + 1] = c end
  end
end
assert(#conditions == 12, "the table must expand to 12 conditions, got " .. #conditions)

-- ---------------------------------------------------------------------------
-- Observations. Each probe records, for each thing it tried, whether the
-- function was limited (true), worked (false), or neither (nil: the reply
-- or the state read back fits no outcome); and "musts", checks that hold
-- whatever the table says (the condition was reached, nothing happened
-- later). A cell passes when every observation matches the table and every
-- must holds.

local Obs = {}
Obs.__index = Obs

local function new_obs(cond, row)
  return setmetatable({ list = {}, log = {}, musts = {},
                        limited = cond.col.outcome[row.id] == "limited" }, Obs)
end

function Obs:note(fmt, ...)
  self.log[#self.log + 1] = string.format("[%9.3f s] ", clock.now()) .. string.format(fmt, ...)
end

function Obs:add(what, limited, detail)
  self.list[#self.list + 1] = { what = what, limited = limited, detail = detail }
  self:note("%s -> %s (%s)", what,
            limited == nil and "NEITHER limited nor worked" or (limited and "limited" or "worked"),
            detail or "")
end

function Obs:must(what, ok, detail)
  if not ok then self.musts[#self.musts + 1] = { what = what, detail = detail } end
  self:note("%s: %s (%s)", what, ok and "ok" or "FAILED", detail or "")
end

-- limited when `lim` holds, worked when `work` holds; an observation that
-- fits both outcomes (or none) is no evidence for either.
local function judge(lim, work)
  if lim and not work then return true end
  if work and not lim then return false end
  return nil
end

-- The next SMS to a number within s seconds, or nil.
local function next_sms(to, s)
  return (modem.wait_sms(to, s))
end

-- Nothing unexpected waiting for the boss or the alert number.
function Obs:inbox_empty(when)
  local extra = {}
  for _, n in ipairs({ BOSS, ALERT }) do
    local s = next_sms(n, 0)
    while s do
      extra[#extra + 1] = string.format("to %s: %q", n, s)
      s = next_sms(n, 0)
    end
  end
  self:must("no other SMS " .. when, #extra == 0, table.concat(extra, "; "))
end

local function ask(text)
  modem.sms(BOSS, text)
  return next_sms(BOSS, 30)
end

-- ---------------------------------------------------------------------------
-- State readers: read() -> text, fmt(model) -> the same text for a model.

local R = {} -- relays, on the rig and by RSTAT
function R.set(...)
  local st = {}
  for r = 1, 7 do st[r] = false end
  for _, r in ipairs({ ... }) do st[r] = true end
  return st
end
function R.all(on)
  local st = {}
  for r = 1, 7 do st[r] = on end
  return st
end
function R.with(st, changes)
  local n = {}
  for r = 1, 7 do n[r] = st[r] end
  for r, v in pairs(changes) do n[r] = v end
  return n
end
function R.fmt(st)
  local bits, words = {}, {}
  for r = 1, 7 do
    bits[r] = st[r] and "1" or "0"
    words[r] = string.format("R%d=%s", r, st[r] and "ON" or "OFF")
  end
  return "rig " .. table.concat(bits) .. ", RSTAT " .. table.concat(words, " ")
end
function R.read()
  local bits = rig.relays()
  local rstat = ask("RSTAT")
  return "rig " .. bits .. ", RSTAT " .. tostring(rstat)
end
-- Relays that changed after rig time t.
function R.changed_since(t)
  local list = {}
  for r = 1, 7 do
    local c = rig.relay_changed(r)
    if c and c > t then list[#list + 1] = string.format("R%d: %s", r, rig.history(r)) end
  end
  return list
end

-- A settings reader: `key`1..n of a USB tab.
local function settings_reader(tab, key, n)
  local S = {}
  function S.fmt(st)
    local parts = {}
    for i = 1, n do parts[i] = string.format("%s%d=%s", key, i, st[i] and "ON" or "OFF") end
    return table.concat(parts, " ")
  end
  function S.read()
    local kv = dut.read(tab)
    local parts = {}
    for i = 1, n do parts[i] = string.format("%s%d=%s", key, i, tostring(kv[key .. i])) end
    return table.concat(parts, " ")
  end
  function S.with(st, changes)
    local c = {}
    for i = 1, n do c[i] = st[i] end
    for i, v in pairs(changes) do c[i] = v end
    return c
  end
  function S.set(...)
    local st = {}
    for i = 1, n do st[i] = false end
    for _, i in ipairs({ ... }) do st[i] = true end
    return st
  end
  function S.all(on)
    local st = {}
    for i = 1, n do st[i] = on end
    return st
  end
  return S
end
local IN = settings_reader("inputs", "ALARM", 6)
local TH = settings_reader("thermostat", "THERMO", 7)

-- ---------------------------------------------------------------------------
-- Actions

-- An SMS command of the row. Limited: the refusal, and the state read back
-- unchanged (and no relay switched meanwhile); worked: the confirmation and
-- the state of each phase ({ wait, model }) read back. Returns the model the
-- table expects afterwards.
function Obs:sms(text, S, before, phases)
  self:inbox_empty("before " .. text)
  local t = clock.now()
  modem.sms(BOSS, text)
  local reply = next_sms(BOSS, 30)
  local lim = reply == REFUSAL
  local work = reply == text:upper() .. " - OK"
  local seen = { string.format("reply %q", tostring(reply)) }
  for _, ph in ipairs(phases) do
    if ph[1] > 0 then clock.sleep(ph[1]) end
    local got = S.read()
    seen[#seen + 1] = string.format("after %gs: %s", clock.now() - t, got)
    lim = lim and got == S.fmt(before)
    work = work and got == S.fmt(ph[2])
    if not lim and not work then
      seen[#seen + 1] = string.format("expected %s (limited) or %s (worked)", S.fmt(before), S.fmt(ph[2]))
      break
    end
  end
  if S == R then
    local ch = R.changed_since(t)
    if lim and #ch > 0 then
      lim = false
      seen[#seen + 1] = "relays switched: " .. table.concat(ch, "; ")
    end
  end
  self:add("SMS " .. text, judge(lim, work), table.concat(seen, "; "))
  return self.limited and before or phases[#phases][2]
end

-- Relays switched by something other than an SMS (a call, a task, an
-- alarm, the thermostat), each judged on its own: `rel` lists { name, r }.
-- Limited: relay r as in `before` on the rig and by RSTAT, and unchanged
-- since rig time `since`; worked: as in `after`. A relay the two models
-- agree on is no evidence and only noted.
function Obs:relays(rel, before, after, since)
  local bits = rig.relays()
  local rstat = ask("RSTAT") or ""
  for _, x in ipairs(rel) do
    local name, r = x[1], x[2]
    local on_rig = bits:sub(r, r) == "1"
    local on_rstat = rstat:match("R" .. r .. "=(%u+)")
    local detail = string.format("R%d rig %s, RSTAT %s; history %s", r, on_rig and "ON" or "OFF",
                                 tostring(on_rstat), rig.history(r))
    local function is(v) return on_rig == v and on_rstat == (v and "ON" or "OFF") end
    if before[r] == after[r] then
      self:note("%s: no evidence either way in this condition (%s)", name, detail)
      self:must(name .. ": relay as before", is(before[r]), detail)
    else
      local unchanged = (rig.relay_changed(r) or -1) <= since
      self:add(name, judge(is(before[r]) and unchanged, is(after[r])), detail)
    end
  end
end

-- The ring action, confirmed by SMS (CALLCONFIRM=SMS: the confirmation or
-- the refusal) or by calling back (CALLCONFIRM=CALL: a call-back, or none).
function Obs:ring(action, confirm, before, after)
  self:inbox_empty("before the call")
  local t = clock.now()
  modem.ring(BOSS)
  local rejected = pcall(modem.expect_reject, 30)
  self:must("the call is rejected unanswered", rejected)
  local lim, work, seen
  if confirm == "SMS" then
    local conf = next_sms(BOSS, 30)
    lim, work = conf == REFUSAL, conf == action .. " - OK"
    seen = string.format("confirmation %q", tostring(conf))
  else
    local called = pcall(modem.expect_call, BOSS, 30)
    clock.sleep(10) -- the call-back ends (the callee rejects it)
    lim, work = not called, called
    seen = called and "called back" or "no call-back"
  end
  local got = R.read()
  local ch = R.changed_since(t)
  lim = lim and got == R.fmt(before) and #ch == 0
  work = work and got == R.fmt(after)
  self:add(string.format("call (RINGACTION=%s, CALLCONFIRM=%s)", action, confirm), judge(lim, work),
           string.format("%s; %s; switched: %s", seen, got, table.concat(ch, "; ")))
  return self.limited and before or after
end

-- A report the row sends to the alert numbers (a scheduled RSTAT, ISTAT,
-- TEMP, SIGN, or an alarm): limited when none came, worked when the one
-- that came matches `want` (a string, or a function of the text).
function Obs:report(what, got, want)
  local ok
  if type(want) == "function" then ok = got ~= nil and want(got) else ok = got == want end
  self:add(what, judge(got == nil, ok),
           string.format("got %q, expected %s", tostring(got), type(want) == "string" and want or "a match"))
end

-- ---------------------------------------------------------------------------
-- Putting the unit in a condition

local function tasks(list)
  local t = {}
  for i = 1, 20 do t["TASK" .. i] = list[i] or "" end
  return t
end

local function merge(into, from)
  for tab, kv in pairs(from or {}) do
    into[tab] = into[tab] or {}
    for k, v in pairs(kv) do into[tab][k] = v end
  end
end

-- Every key the probes depend on is written, so no state is carried from
-- one cell to the next.
local function configure(cond, probe)
  local cfg = {
    security = { NUM1 = BOSS, ALERT1 = ALERT, DCALERT = "OFF", ACALERT = "OFF",
                 PASSWORD = "", BATALERT = "OFF", SECURITY = "ON" },
    confirm = { SMSCONFIRM = "ON", CALLCONFIRM = "SMS", ERROR = "ON" },
    ring = { RINGACTION = "NONE", PULSETIME = PULSETIME, RESTARTTIME = RESTARTTIME },
    backup = { BACKUPLIMIT = cond.bl },
    scheduler = tasks(probe.tasks or {}),
    power = {}, inputs = {}, thermostat = { SENSORALERT = "OFF" }, temperature = {},
  }
  for r = 1, 7 do
    cfg.power["POWERSTATE" .. r] = "OFF"
    cfg.thermostat["THERMO" .. r] = "OFF"
    cfg.thermostat["TSENSOR" .. r] = "0"
    cfg.thermostat["TMODE" .. r] = "HEAT"
    cfg.thermostat["TTEMP" .. r] = "20"
    cfg.thermostat["TALERT" .. r] = "OFF"
  end
  for i = 1, 6 do
    cfg.inputs["ALARM" .. i] = "OFF"
    cfg.inputs["INRELAYS" .. i] = ""
    cfg.inputs["INTYPE" .. i] = "NO"
    cfg.inputs["INALERT" .. i] = "SMS"
    cfg.inputs["INTIME" .. i] = "10"
  end
  for s = 1, 5 do
    cfg.temperature["TEMPHIGH" .. s] = "OFF"
    cfg.temperature["TEMPLOW" .. s] = "OFF"
  end
  merge(cfg, probe.config)
  dut.configure(cfg)
end

-- The condition as the unit reports it: STATUS gives DC, AC (N/A without
-- the sensor) and whether it is in backup mode (any row limited); the USB
-- info tab gives BACKUPLIMIT, BACKUPMODE and ACSENSOR.
local function confirm(o, cond)
  local s = ask("STATUS") or ""
  local dc, ac, bm = s:match("DC: (%u+); AC: ([%u/]+);.*Backup mode: (%u+)$")
  local want_ac = not cond.sensor and "N/A" or (cond.ac and "OK" or "FAIL")
  local want_bm = cond.backup and "ON" or "OFF"
  local ok = dc == (cond.dc and "OK" or "FAIL") and ac == want_ac and bm == want_bm
  o:must("condition read back by SMS", ok, string.format("STATUS %q; expected DC: %s; AC: %s; Backup mode: %s",
         s, cond.dc and "OK" or "FAIL", want_ac, want_bm))
  local info, backup = dut.read("info"), dut.read("backup")
  o:must("condition read back over USB",
         info.BACKUPMODE == want_bm and backup.BACKUPLIMIT == cond.bl and
         info.ACSENSOR == (cond.sensor and "YES" or "NO"),
         string.format("BACKUPMODE=%s BACKUPLIMIT=%s ACSENSOR=%s", tostring(info.BACKUPMODE),
                       tostring(backup.BACKUPLIMIT), tostring(info.ACSENSOR)))
end

local function enter(o, cond, probe)
  rig.usb(false)
  rig.battery(true)
  rig.dc(true)
  rig.ac(true)
  for i = 1, 6 do rig.input(i, false) end
  if rig.has("temp") then -- else the room's temperature (the TEMP task reads it)
    rig.temp(1, 25)
    for s = 2, 5 do rig.temp(s, nil) end
  end
  clock.sleep(1)
  -- a restart first: the unit's clock is unset, so no task can fire while
  -- the new tasks are being written
  dut.restart()
  clock.sleep(1)
  configure(cond, probe)
  dut.restart()
  clock.sleep(5)
  while next_sms(nil, 0) do end
  if probe.before then probe.before(o, cond) end
  modem.network_time(TASK_TIME)
  t0 = clock.now()
  modem.sms(BOSS, "SIGNALREPORT")
  local sig = next_sms(BOSS, 30)
  o:must("clock set", sig ~= nil and sig:find("Time: 2026%-11%-21 09:59:3%d$") ~= nil, tostring(sig))
  -- the condition, through the rig, then as the unit reports it
  rig.ac(cond.ac)
  rig.dc(cond.dc)
  clock.sleep(1)
  t_cond = clock.now()
  confirm(o, cond)
end

-- End the condition: 12 V and AC back.
local function leave()
  rig.dc(true)
  rig.ac(true)
  return clock.now()
end

-- Sleep until s seconds after the tasks' time (10:00:00 on the unit's clock).
local function until_task(o, s)
  local wait = t0 + TASK_AT + s - clock.now()
  o:must(string.format("reached 10:00:%02d in time", s), wait >= 0,
         string.format("%.1f s late", -wait))
  if wait > 0 then clock.sleep(wait) end
end

-- After the condition ended at rig time t_end: for QUIET seconds no relay
-- switches (except those listed in `allow`), nothing is sent, and the
-- relays read back as `final`.
local function nothing_later(o, t_end, final, allow)
  clock.sleep(QUIET)
  local ch = {}
  for _, x in ipairs(R.changed_since(t_end)) do
    local r = tonumber(x:match("^R(%d)"))
    if not (allow and allow[r]) then ch[#ch + 1] = x end
  end
  o:must("no relay switched after the condition ended", #ch == 0, table.concat(ch, "; "))
  o:inbox_empty("after the condition ended")
  local got = R.read()
  o:must("relays after the condition ended", got == R.fmt(final),
         string.format("%s, expected %s", got, R.fmt(final)))
end

-- ---------------------------------------------------------------------------
-- Probes, one per row of the table. run(o, cond) exercises every path of
-- the row in the condition, ends the condition and watches what follows.

local probes = {}

-- Relay switching by SMS and call, and the relay tasks.
probes.relay = {
  config = { ring = { RINGACTION = "ON4" } },
  tasks = { "10:00,*,ONR6", "10:00,*,OFFR7", "10:00,*,PULR1" },
  before = function(o)
    for _, r in ipairs({ 2, 5, 7 }) do
      o:must("ON" .. r .. " before the condition", ask("ON" .. r) == "ON" .. r .. " - OK")
    end
  end,
  run = function(o, cond)
    local st = cond.dc and R.set(2, 5, 7) or R.set()
    local got = R.read()
    o:must("relays in the condition", got == R.fmt(st), got)
    -- the relay tasks at 10:00
    until_task(o, 1)
    o:relays({ { "task ONR6", 6 }, { "task OFFR7", 7 }, { "task PULR1 (on)", 1 } },
             st, R.with(st, { [6] = true, [7] = false, [1] = true }), t_cond)
    until_task(o, PULSETIME + 2)
    local after = R.with(st, { [6] = true, [7] = false })
    o:relays({ { "task PULR1 (ended)", 1 } }, st, after, t_cond)
    if not o.limited then st = after end
    -- SMS commands
    st = o:sms("ON3", R, st, { { 0, R.with(st, { [3] = true }) } })
    st = o:sms("OFF2", R, st, { { 0, R.with(st, { [2] = false }) } })
    st = o:sms("PULSE1", R, st, { { 0, R.with(st, { [1] = true }) }, { PULSETIME + 1, st } })
    st = o:sms("RESTART5", R, st, { { 0, R.with(st, { [5] = false }) },
                                     { RESTARTTIME + 1, R.with(st, { [5] = true }) } })
    -- the calls, confirmed by SMS, then by calling back
    st = o:ring("ON4", "SMS", st, R.with(st, { [4] = true }))
    dut.configure{ ring = { RINGACTION = "OFF5" }, confirm = { CALLCONFIRM = "CALL" } }
    st = o:ring("OFF5", "CALL", st, R.with(st, { [5] = false }))
    st = o:sms("ONALL", R, st, { { 0, R.all(true) } })
    st = o:sms("OFFALL", R, st, { { 0, R.all(false) } })
    -- after the condition: POWERSTATE=OFF for relays dropped without 12 V
    local t_end = leave()
    nothing_later(o, t_end, cond.dc and st or R.set())
  end,
}

-- The Alarm Function: switching it by SMS (AON, AOFF, ALARM<i>=, AONALL,
-- AOFFALL), input status (ISTAT, STATUS), alarm detection.
probes.alarm = {
  config = { inputs = { ALARM3 = "ON", ALARM5 = "ON", ALARM6 = "ON" } },
  run = function(o)
    local st = IN.set(3, 5, 6)
    st = o:sms("AON1", IN, st, { { 0, IN.with(st, { [1] = true }) } })
    st = o:sms("AOFF5", IN, st, { { 0, IN.with(st, { [5] = false }) } })
    st = o:sms("ALARM2=ON", IN, st, { { 0, IN.with(st, { [2] = true }) } })
    st = o:sms("ALARM6=OFF", IN, st, { { 0, IN.with(st, { [6] = false }) } })
    -- an alarm on IN3 (Alarm Function on, alert by SMS)
    o:inbox_empty("before the alarm")
    rig.input(3, true)
    o:report("alarm on IN3", next_sms(ALERT, 10), "Alarm! IN3")
    -- input status
    local words = {}
    for i = 1, 6 do
      words[i] = string.format("IN%d=%s,%s", i, i == 3 and "ALARM" or "OK", st[i] and "ON" or "OFF")
    end
    local istat = ask("ISTAT")
    o:add("SMS ISTAT", judge(istat == REFUSAL, istat == table.concat(words, " ")),
          string.format("reply %q, expected %q", tostring(istat), table.concat(words, " ")))
    local status = ask("STATUS") or ""
    local inputs = status:match("; Inputs: ([^;]*);")
    o:add("SMS STATUS, inputs", judge(inputs == "N/A", inputs == "--A---"),
          string.format("reply %q, inputs expected N/A (limited) or --A--- (worked)", status))
    st = o:sms("AOFFALL", IN, st, { { 0, IN.all(false) } })
    st = o:sms("AONALL", IN, st, { { 0, IN.all(true) } })
    -- after the condition: the input still in alarm is not reported now
    local t_end = leave()
    nothing_later(o, t_end, R.set())
    local got = IN.read()
    o:must("Alarm Function settings after the condition ended", got == IN.fmt(st), got)
    -- and alarms are detected again (ALARM3 is on either way)
    rig.input(3, false)
    clock.sleep(2)
    rig.input(3, true)
    local again = next_sms(ALERT, 10)
    o:must("an alarm after the condition ended is reported", again == "Alarm! IN3", tostring(again))
  end,
}

-- Relays tied to an input, switched by the Alarm Function.
probes.alarm_relay = {
  config = { inputs = { ALARM1 = "ON", INRELAYS1 = "2,3", INTIME1 = INTIME, INALERT1 = "OFF" } },
  before = function(o)
    o:must("ON3 before the condition", ask("ON3") == "ON3 - OK")
  end,
  run = function(o, cond)
    local st = cond.dc and R.set(3) or R.set()
    local alarm = R.with(st, { [2] = true, [3] = true })
    local t = clock.now()
    rig.input(1, true)
    clock.sleep(2)
    o:relays({ { "IN1 alarm switches R2", 2 }, { "IN1 alarm switches R3 (on before)", 3 } }, st, alarm, t)
    -- the condition ends within INTIME: a limited alarm relay stays off
    local t_end = leave()
    clock.sleep(2)
    local back = cond.dc and st or R.set() -- POWERSTATE=OFF after 12 V returns
    o:relays({ { "R2 after the condition ended", 2 } }, back, alarm, t)
    clock.sleep(INTIME)
    -- worked: off after INTIME, whatever the state before (R3 was on)
    o:relays({ { "R2 off after INTIME", 2 }, { "R3 off after INTIME", 3 } }, back, R.set(), t)
    local off_at = rig.relay_changed(2)
    if not o.limited and off_at then
      o:must("R2 on for INTIME", math.abs(off_at - t - INTIME) < 1.5, rig.history(2))
    end
    nothing_later(o, t_end + INTIME + 2, o.limited and back or R.set())
    -- and the Alarm Function switches relays again
    rig.input(1, false)
    clock.sleep(2)
    rig.input(1, true)
    clock.sleep(2)
    o:must("an alarm after the condition ended switches R2", rig.relay(2), rig.history(2))
  end,
}

-- The thermostat: switching it by SMS (TON, TOFF, THERMO<r>=) and its
-- regulation. R7 heats below 20 C, R6 cools above 20 C, on sensor T1.
probes.thermostat = {
  needs = "temp", -- a rig without a temperature source skips these cells
  config = { thermostat = { THERMO7 = "ON", TSENSOR7 = "1", TMODE7 = "HEAT", TTEMP7 = "20",
                            THERMO6 = "ON", TSENSOR6 = "1", TMODE6 = "COOL", TTEMP6 = "20",
                            THERMO5 = "ON", THERMO2 = "ON" } },
  before = function(o)
    clock.sleep(11)
    o:must("R6 cooling at 25 C before the condition", rig.relay(6) and not rig.relay(7), rig.relays())
  end,
  run = function(o, cond)
    local st = TH.set(2, 5, 6, 7)
    st = o:sms("TON3", TH, st, { { 0, TH.with(st, { [3] = true }) } })
    st = o:sms("TOFF5", TH, st, { { 0, TH.with(st, { [5] = false }) } })
    st = o:sms("THERMO4=ON", TH, st, { { 0, TH.with(st, { [4] = true }) } })
    st = o:sms("THERMO2=OFF", TH, st, { { 0, TH.with(st, { [2] = false }) } })
    -- regulation: 15 C wants R7 on and R6 off, 25 C the reverse
    local rel = cond.dc and R.set(6) or R.set()
    local t = clock.now()
    rig.temp(1, 15)
    clock.sleep(25)
    o:relays({ { "thermostat R7 heats at 15 C", 7 }, { "thermostat R6 stops cooling at 15 C", 6 } },
             rel, R.with(rel, { [7] = true, [6] = false }), t)
    rig.temp(1, 25)
    clock.sleep(25)
    o:relays({ { "thermostat R7 stops heating at 25 C", 7 } }, rel, R.set(6), t)
    -- after the condition: the thermostat acts on the present 25 C, not on
    -- the 15 C it was not allowed to act on; R6 (cooling) may come back on
    local t_end = leave()
    nothing_later(o, t_end, R.set(6), { [6] = true })
    local later6 = {}
    for ev, at in rig.history(6):gmatch("(%a+)@([%d%.]+)s") do
      if tonumber(at) > t_end then later6[#later6 + 1] = ev end
    end
    o:must("R6 switched at most once, on, after the condition ended",
           #later6 == 0 or (#later6 == 1 and later6[1] == "on"), rig.history(6))
    local got = TH.read()
    o:must("thermostat settings after the condition ended", got == TH.fmt(st), got)
    -- and it regulates again
    rig.temp(1, 15)
    clock.sleep(12)
    o:must("the thermostat heats again at 15 C", rig.relay(7) and not rig.relay(6), rig.relays())
  end,
}

-- Scheduled TEMP and SIGN.
probes.temp_sign = {
  tasks = { "10:00,*,TEMP", "10:00,*,SIGN" },
  run = function(o)
    until_task(o, 5)
    local got = {}
    for _ = 1, 3 do got[#got + 1] = next_sms(ALERT, 0) end
    local temp, sign, other = nil, nil, {}
    for _, s in ipairs(got) do
      if s:find("^T1=") or s == "No temperature sensors" then temp = s
      elseif s:find("^Signal: ") then sign = s
      else other[#other + 1] = s end
    end
    o:must("no other report", #other == 0, table.concat(other, " / "))
    if rig.has("temp") then
      o:report("task TEMP", temp, "T1=25.0C")
    else -- the sensors the unit has, in a room: the TEMP report as it reads
      o:report("task TEMP", temp, function(s)
        return s:find("^T1=%-?%d+%.%dC") ~= nil or s == "No temperature sensors"
      end)
    end
    o:report("task SIGN", sign, function(s)
      return s:find("^Signal: %d+/31%. Time: 2026%-11%-21 10:00:0%d$") ~= nil
    end)
    local t_end = leave()
    nothing_later(o, t_end, R.set())
  end,
}

-- Scheduled ONRx, OFFRx, PULRx, RSTAT, TONx, TOFFx.
probes.sched_relay = {
  config = { thermostat = { THERMO7 = "ON" } },
  tasks = { "10:00,*,ONR5", "10:00,*,OFFR3", "10:00,*,PULR6", "10:00,*,RSTAT",
            "10:00,*,TON2", "10:00,*,TOFF7" },
  before = function(o)
    o:must("ON3 before the condition", ask("ON3") == "ON3 - OK")
  end,
  run = function(o, cond)
    local st = cond.dc and R.set(3) or R.set()
    local mid = R.with(st, { [5] = true, [3] = false, [6] = true })
    until_task(o, 1)
    o:report("task RSTAT", next_sms(ALERT, 0),
             "R1=OFF R2=OFF R3=OFF R4=OFF R5=ON R6=ON R7=OFF")
    o:relays({ { "task ONR5", 5 }, { "task OFFR3", 3 }, { "task PULR6 (on)", 6 } }, st, mid, t_cond)
    until_task(o, PULSETIME + 2)
    local after = R.with(st, { [5] = true, [3] = false })
    o:relays({ { "task PULR6 (ended)", 6 } }, st, after, t_cond)
    local th = TH.read()
    local th_before, th_after = TH.set(7), TH.set(2)
    o:add("tasks TON2, TOFF7", judge(th == TH.fmt(th_before), th == TH.fmt(th_after)),
          string.format("%s; limited %s, worked %s", th, TH.fmt(th_before), TH.fmt(th_after)))
    local t_end = leave()
    nothing_later(o, t_end, cond.dc and (o.limited and st or after) or R.set())
    th = TH.read()
    local want = o.limited and th_before or th_after
    o:must("thermostat settings after the condition ended", th == TH.fmt(want), th)
  end,
}

-- Scheduled AON, AOFF, ISTAT, AONALL, AOFFALL.
probes.sched_input = {
  config = { inputs = { ALARM5 = "ON", ALARM6 = "ON" } },
  tasks = { "10:00,*,AON4", "10:00,*,AOFF5", "10:00,*,ISTAT", "10:01,*,AOFFALL",
            "10:02,*,AONALL" },
  run = function(o)
    local st = IN.set(5, 6)
    until_task(o, 5)
    o:report("task ISTAT", next_sms(ALERT, 0),
             "IN1=OK,OFF IN2=OK,OFF IN3=OK,OFF IN4=OK,ON IN5=OK,OFF IN6=OK,ON")
    local function tasks_check(what, after)
      local got = IN.read()
      o:add(what, judge(got == IN.fmt(st), got == IN.fmt(after)),
            string.format("%s; limited %s, worked %s", got, IN.fmt(st), IN.fmt(after)))
      if not o.limited then st = after end
    end
    tasks_check("tasks AON4, AOFF5", IN.with(st, { [4] = true, [5] = false }))
    until_task(o, 65)
    tasks_check("task AOFFALL", IN.all(false))
    until_task(o, 125)
    tasks_check("task AONALL", IN.all(true))
    local t_end = leave()
    nothing_later(o, t_end, R.set())
    local got = IN.read()
    o:must("Alarm Function settings after the condition ended", got == IN.fmt(st), got)
  end,
}

-- ---------------------------------------------------------------------------
-- The cells

local function evidence(obs, cond, row, bad)
  local lines = {
    string.format("cell: %s | %s", row.name, cond.name),
    string.format("expected: %s%s", obs.limited and "limited" or "no limitation",
                  cond.col.notes[row.id] and (" (NOTE-" .. cond.col.notes[row.id] .. ")") or ""),
  }
  for _, ob in ipairs(bad) do
    lines[#lines + 1] = string.format("  deviation: %s -> %s (%s)", ob.what,
      ob.limited == nil and "neither limited nor worked" or (ob.limited and "limited" or "worked"),
      ob.detail or "")
  end
  for _, m in ipairs(obs.musts) do
    lines[#lines + 1] = string.format("  failed: %s (%s)", m.what, m.detail or "")
  end
  lines[#lines + 1] = "what happened:"
  for _, l in ipairs(obs.log) do lines[#lines + 1] = "  " .. l end
  lines[#lines + 1] = "relays: " .. rig.relays()
  for r = 1, 7 do
    local h = rig.history(r)
    if h ~= "" then lines[#lines + 1] = string.format("  R%d: %s", r, h) end
  end
  return table.concat(lines, "\n")
end

local function cell(cond, row)
  local probe = probes[row.id]
  local obs = new_obs(cond, row)
  enter(obs, cond, probe)
  probe.run(obs, cond)
  local bad = {}
  for _, ob in ipairs(obs.list) do
    if ob.limited ~= obs.limited then bad[#bad + 1] = ob end
  end
  if #obs.list == 0 then
    bad[#bad + 1] = { what = "no observation", detail = "the probe observed nothing" }
  end
  local ok = #bad == 0 and #obs.musts == 0
  local ev = evidence(obs, cond, row, bad)
  rig.cell{ evidence = ev } -- the coordinates are declared with the test (cell_spec)
  if not ok then assert.fail(ev) end
end

-- The cell's place in the matrix, declared with its test (it's cell option)
-- so a cell skipped on a rig without what it needs still shows in the matrix.
local function cell_spec(cond, row)
  local col = cond.col
  local note = col.notes[row.id]
  return {
    matrix = cond.sensor and "Model with the AC voltage sensor"
      or "Model without the AC voltage sensor (columns that do not need it)",
    row = row.id, row_name = row.name,
    column = col.id, column_name = col.name .. (col.derived and " (derived)" or ""),
    heads = {
      { "BACKUPLIMIT", table.concat(col.backuplimit, " or ") },
      { "Main 12V DC", col.dc },
      { cond.sensor and "AC (voltage sensor)" or "AC line (no sensor to see it)", col.ac },
    },
    condition = cond.label,
    expect = (col.outcome[row.id] == "limited" and "Limited" or "No limitation")
      .. (note and (" (NOTE-" .. note .. ")") or ""),
  }
end

-- The statements a cell checks besides its table cell, by what the probe
-- of its row does in its condition.
local function statement_tags(cond, row)
  local limited = cond.col.outcome[row.id] == "limited"
  local t = {}
  local function add(...) for _, id in ipairs({ ... }) do t[#t + 1] = "#" .. id end end
  if cond.bl == "AC" and cond.dc and not cond.ac and cond.sensor then add("S30") end
  if limited then
    if row.id == "alarm" then add("S36", "S37", "S38") end
    if row.id == "relay" then add("S39", "S41") end
    if row.id == "relay" and not cond.dc then add("S34") end
    if row.id == "thermostat" then add("S40", cond.dc and "S43" or "S44") end
    if row.id == "sched_relay" then add("S41") end
    if row.id == "sched_input" then add("S42") end
  end
  return table.concat(t, " ")
end

local function cell_name(cond, row)
  local tag = cond.col.derived and "#derived" or string.format("#T.%s.%s", row.id, cond.col.id)
  local more = statement_tags(cond, row)
  return string.format("%s (%s) | %s %s%s%s", row.id, row.name, cond.label, tag,
                       more ~= "" and (" " .. more) or "", cond.sensor and "" or " #nosensor")
end

-- Each cell sets up everything it needs (supplies, settings over USB, a
-- restart, the clock): the cells are independent, and -j hands them out to
-- its units one by one.
describe("Backup limitations", { tags = "certify", independent = true }, function()
  for _, col in ipairs(T.columns) do
    describe(col.name, function()
      for _, cond in ipairs(conditions) do
        if cond.col == col then
          for _, row in ipairs(T.rows) do
            it(cell_name(cond, row), { needs = probes[row.id].needs, cell = cell_spec(cond, row) },
               function() cell(cond, row) end)
          end
        end
      end
    end)
  end

  describe("without the AC voltage sensor #S32", { needs = "models" }, function()
    setup(function() rig.fresh{ ac_sensor = false } end)
    -- the runner keeps rig.fresh's options for the rest of the run: back to
    -- the model with the sensor for the files that follow
    teardown(function() rig.fresh{} end)

    it("BACKUPLIMIT=AC is refused by SMS and over USB, the value unchanged #S31 #S77", function()
      dut.configure{ security = { NUM1 = BOSS, SECURITY = "ON" }, confirm = { ERROR = "ON", SMSCONFIRM = "ON" },
                     backup = { BACKUPLIMIT = "OFF" } }
      assert.equal("NO", dut.read("info").ACSENSOR)
      modem.sms(BOSS, "BACKUPLIMIT=AC")
      modem.expect_sms(BOSS, "Incorrect value!", 30)
      modem.sms(BOSS, "BACKUPLIMIT?")
      modem.expect_sms(BOSS, "BACKUPLIMIT=DC,AC,(OFF)", 30)
      local ok, err = pcall(dut.configure, { backup = { BACKUPLIMIT = "AC" } })
      assert.is_false(ok)
      assert.matches("ERROR line 1: bad value", type(err) == "table" and err.message or tostring(err))
      assert.equal("OFF", dut.read("backup").BACKUPLIMIT)
      -- the other values are accepted, by SMS and over USB
      modem.sms(BOSS, "BACKUPLIMIT=DC")
      modem.expect_sms(BOSS, "BACKUPLIMIT=DC - OK", 30)
      assert.equal("DC", dut.read("backup").BACKUPLIMIT)
      dut.configure{ backup = { BACKUPLIMIT = "OFF" } }
      assert.equal("OFF", dut.read("backup").BACKUPLIMIT)
    end)

    for _, cond in ipairs(nosensor) do
      for _, row in ipairs(T.rows) do
        it(cell_name(cond, row), { needs = probes[row.id].needs, cell = cell_spec(cond, row) },
               function() cell(cond, row) end)
      end
    end
  end)
end)
