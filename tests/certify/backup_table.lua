-- Certification of the backup-limitation table (Configuration Guide 3.4),
-- cell by cell, for every BACKUPLIMIT option.
--
-- The table comes from fixtures/backup_table.lua; nothing here states an
-- expectation. Each column is expanded into its concrete conditions
-- (BACKUPLIMIT x 12 V x AC), each condition is reached through the rig
-- (BACKUPLIMIT over USB, 12 V and AC by switching the supplies), and each
-- row is exercised through its real function: SMS, calls, inputs, the
-- thermostat and scheduled tasks. Scheduled tasks are reached by setting the
-- unit's clock just before the task time through SIGNALREPORT's timestamp,
-- so the suite is as quick on a real rig as the table allows.
--
-- The verdicts are printed as a matrix in the table's own layout and
-- written to reports/certification.html (RELAYRIG_REPORTS overrides the
-- folder); JUnit/JSON get one test case per cell, named "<row> | <column>".

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local T = dofile(here .. "../../fixtures/backup_table.lua")
local M = dofile(here .. "../lib/matrix.lua")

local BOSS, ALERT = "+37060000001", "+37060000009"
local REFUSAL = T.refusal
local TASK_TIME = "2026-11-21 09:59:40" -- 20 s before the tasks at 10:00
local t0 -- rig time (s) at which the unit's clock read TASK_TIME

-- Concrete conditions of a column: every BACKUPLIMIT value, and both states
-- for "any".
local function expand(col)
  local out = {}
  local dcs = col.dc == "any" and { "ok", "failed" } or { col.dc }
  local acs = col.ac == "any" and { "ok", "failed" } or { col.ac }
  for _, bl in ipairs(col.backuplimit) do
    for _, dc in ipairs(dcs) do
      for _, ac in ipairs(acs) do
        out[#out + 1] = {
          col = col, bl = bl, dc = dc == "ok", ac = ac == "ok",
          name = string.format("%s: BACKUPLIMIT=%s 12V %s AC %s",
                               col.name, bl, dc:upper(), ac:upper()),
        }
      end
    end
  end
  return out
end

local conditions = {}
for _, col in ipairs(T.columns) do
  for _, c in ipairs(expand(col)) do conditions[#conditions + 1] = c end
end
assert(#conditions == 12, "the table must expand to 12 conditions, got " .. #conditions)

-- ---------------------------------------------------------------------------
-- Putting the unit in a condition

local function drain()
  while modem.wait_sms(nil, 0) do end
end

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

-- Every tab the probes depend on is written in full, so no state is carried
-- from one cell to the next; then the unit restarts with all relays off.
local function configure(cond, probe)
  local cfg = {
    security = { NUM1 = BOSS, ALERT1 = ALERT, DCALERT = "OFF", ACALERT = "OFF",
                 PASSWORD = "", BATALERT = "OFF" },
    confirm = { SMSCONFIRM = "ON", CALLCONFIRM = "SMS", ERROR = "ON" },
    ring = { RINGACTION = "NONE" },
    backup = { BACKUPLIMIT = cond.bl },
    scheduler = tasks(probe.tasks or {}),
    power = {}, inputs = {}, thermostat = { SENSORALERT = "OFF" },
    temperature = {},
  }
  for r = 1, 7 do
    cfg.power["POWERSTATE" .. r] = "OFF"
    cfg.thermostat["THERMO" .. r] = "OFF"
    cfg.thermostat["TSENSOR" .. r] = "0"
  end
  for i = 1, 6 do
    cfg.inputs["ALARM" .. i] = "OFF"
    cfg.inputs["INRELAYS" .. i] = ""
    cfg.inputs["INTYPE" .. i] = "NO"
    cfg.inputs["INALERT" .. i] = "SMS"
  end
  merge(cfg, probe.config)
  dut.configure(cfg)
end

local function enter(cond, probe)
  rig.usb(false)
  rig.battery(true)
  rig.dc(true)
  rig.ac(true)
  for i = 1, 6 do rig.input(i, false) end
  rig.temp(1, 25)
  clock.sleep(1)
  -- a restart first: the unit's clock is unset, so no task can fire while
  -- the new tasks are being written
  dut.restart()
  clock.sleep(1)
  configure(cond, probe)
  dut.restart()
  clock.sleep(5)
  drain()
  if probe.before then probe.before() end
  modem.network_time(TASK_TIME)
  t0 = clock.now()
  modem.sms(BOSS, "SIGNALREPORT")
  modem.expect_sms(BOSS, modem.pattern("^Signal: "), 30)
  -- the condition, through the rig
  rig.ac(cond.ac)
  rig.dc(cond.dc)
  clock.sleep(0.5)
  drain()
end

local function leave()
  rig.dc(true)
  rig.ac(true)
  clock.sleep(0.5)
end

-- Sleep until the unit's clock passes hh:mm:ss of the task day.
local function until_clock(hh, mm, ss)
  local target = (hh * 3600 + mm * 60 + ss) - (9 * 3600 + 59 * 60 + 40)
  local now = clock.now() - t0
  if target > now then clock.sleep(target - now) end
end

-- ---------------------------------------------------------------------------
-- Observations: each probe says, for each thing it tried, whether the
-- function was limited (true), worked (false), or did something the table
-- does not allow for (nil, with the evidence).

local Obs = {}
Obs.__index = Obs

local function new_obs()
  return setmetatable({ list = {}, log = {} }, Obs)
end

function Obs:note(fmt, ...)
  self.log[#self.log + 1] = string.format("[%8.3f s] ", clock.now()) .. string.format(fmt, ...)
end

function Obs:add(what, limited, detail)
  self.list[#self.list + 1] = { what = what, limited = limited, detail = detail }
  self:note("%s -> %s%s", what,
            limited == nil and "UNEXPECTED" or (limited and "limited" or "worked"),
            detail and (" (" .. detail .. ")") or "")
end

-- An SMS command answered either with the refusal or with `ok`.
function Obs:command(text, ok)
  modem.sms(BOSS, text)
  local reply = modem.wait_sms(BOSS, 30)
  local shown = string.format("sent %q, reply %q", text, tostring(reply))
  if reply == REFUSAL then
    self:add("SMS " .. text, true, shown)
  elseif reply and (type(ok) == "string" and reply == ok or type(ok) ~= "string" and reply:find(ok[1])) then
    self:add("SMS " .. text, false, shown)
  else
    self:add("SMS " .. text, nil, shown)
  end
  return reply
end

function Obs:relay(what, r, worked_if_on)
  local on = rig.relay(r)
  self:add(what, on ~= worked_if_on, string.format("R%d %s; history %s", r, on and "on" or "off", rig.history(r)))
end

-- ---------------------------------------------------------------------------
-- Probes, one per row of the table.

local probes = {}

probes.alarm = {
  config = { inputs = { ALARM3 = "ON", INALERT3 = "SMS" } },
  run = function(o)
    o:command("AON5", "AON5 - OK")
    o:command("ISTAT", { "^IN1=" })
    rig.input(3, true)
    local alert = modem.wait_sms(ALERT, 10)
    if alert == nil then
      o:add("alarm on IN3", true, "no alert within 10 s")
    elseif alert == "Alarm! IN3" then
      o:add("alarm on IN3", false, "alert " .. string.format("%q", alert))
    else
      o:add("alarm on IN3", nil, "alert " .. string.format("%q", alert))
    end
  end,
}

probes.relay = {
  config = { ring = { RINGACTION = "ON4" } },
  tasks = { "10:00,*,ONR6" },
  run = function(o)
    local reply = o:command("ON1", "ON1 - OK")
    if reply == "ON1 - OK" then o:relay("ON1 switched R1", 1, true) end
    modem.ring(BOSS)
    modem.expect_reject(30)
    local conf = modem.wait_sms(BOSS, 30)
    o:note("ring from %s, confirmation %q", BOSS, tostring(conf))
    o:relay("ring action ON4", 4, true)
    if (conf == REFUSAL) ~= not rig.relay(4) then
      o:add("ring confirmation", nil, "confirmation " .. tostring(conf))
    end
    until_clock(10, 0, 10)
    o:relay("scheduled ONR6 at 10:00", 6, true)
  end,
}

probes.alarm_relay = {
  config = { inputs = { ALARM1 = "ON", INRELAYS1 = "2", INTIME1 = "5", INALERT1 = "OFF" } },
  run = function(o)
    rig.input(1, true)
    clock.sleep(1)
    o:relay("IN1 alarm drives R2", 2, true)
    if rig.relay(2) then
      clock.sleep(5)
      if rig.relay(2) then o:add("R2 off after INTIME1", nil, rig.history(2)) end
    end
  end,
}

probes.thermostat = {
  config = { thermostat = { THERMO7 = "ON", TSENSOR7 = "1", TMODE7 = "HEAT", TTEMP7 = "20" } },
  run = function(o)
    o:command("TON3", "TON3 - OK")
    rig.temp(1, 15)
    clock.sleep(25)
    o:relay("thermostat heats on R7 at 15 C", 7, true)
  end,
}

probes.temp_sign = {
  tasks = { "10:00,*,TEMP", "10:00,*,SIGN" },
  run = function(o)
    until_clock(10, 0, 20)
    local got = {}
    for _ = 1, 2 do
      local s = modem.wait_sms(ALERT, 0)
      if s then got[#got + 1] = s end
    end
    local temp, sign = false, false
    for _, s in ipairs(got) do
      temp = temp or s == "T1=25.0C"
      sign = sign or s:find("^Signal: ") ~= nil
    end
    o:add("scheduled TEMP", not temp, table.concat(got, " / "))
    o:add("scheduled SIGN", not sign, table.concat(got, " / "))
  end,
}

probes.sched_relay = {
  config = { power = { POWERSTATE3 = "REMEMBER" }, thermostat = { THERMO7 = "ON" } },
  tasks = { "10:00,*,ONR5", "10:00,*,OFFR3", "10:00,*,PULR6", "10:00,*,RSTAT",
            "10:00,*,TON2", "10:00,*,TOFF7" },
  before = function()
    modem.sms(BOSS, "ON3")
    modem.expect_sms(BOSS, "ON3 - OK", 30)
  end,
  run = function(o)
    until_clock(10, 0, 10)
    o:relay("ONR5", 5, true)
    local pulsed = (rig.relay_changed(6) or -1) > t0
    o:add("PULR6", not pulsed, "R6 history " .. rig.history(6))
    local rstat = modem.wait_sms(ALERT, 0)
    o:add("RSTAT", rstat == nil, "alert " .. tostring(rstat))
    -- end the condition: nothing missed may run now
    leave()
    clock.sleep(70)
    o:relay("ONR5 (after backup mode)", 5, true)
    o:relay("OFFR3 (R3 remembered on)", 3, false)
    local th = dut.read("thermostat")
    o:add("TON2", th.THERMO2 ~= "ON", "THERMO2=" .. tostring(th.THERMO2))
    o:add("TOFF7", th.THERMO7 ~= "OFF", "THERMO7=" .. tostring(th.THERMO7))
  end,
}

probes.sched_input = {
  config = { inputs = { ALARM5 = "ON", ALARM6 = "ON" } },
  tasks = { "10:00,*,AON4", "10:00,*,AOFF5", "10:00,*,ISTAT", "10:01,*,AOFFALL",
            "10:02,*,AONALL" },
  run = function(o)
    until_clock(10, 0, 20)
    local istat = modem.wait_sms(ALERT, 0)
    o:add("ISTAT", istat == nil, "alert " .. tostring(istat))
    local inp = dut.read("inputs")
    o:add("AON4", inp.ALARM4 ~= "ON", "ALARM4=" .. tostring(inp.ALARM4))
    o:add("AOFF5", inp.ALARM5 ~= "OFF", "ALARM5=" .. tostring(inp.ALARM5))
    until_clock(10, 1, 20)
    inp = dut.read("inputs")
    o:add("AOFFALL", inp.ALARM6 ~= "OFF", "ALARM6=" .. tostring(inp.ALARM6))
    until_clock(10, 2, 20)
    inp = dut.read("inputs")
    o:add("AONALL", inp.ALARM1 ~= "ON", "ALARM1=" .. tostring(inp.ALARM1))
  end,
}

-- ---------------------------------------------------------------------------
-- The cells

local function verdict(obs, expected)
  local want = expected == "limited"
  local bad = {}
  for _, ob in ipairs(obs.list) do
    if ob.limited ~= want then bad[#bad + 1] = ob end
  end
  return #bad == 0, bad
end

local function evidence(obs, cond, row, expected, bad)
  local lines = {
    string.format("cell: %s | %s", row.name, cond.name),
    string.format("expected: %s%s", expected == "limited" and "limited" or "no limitation",
                  cond.col.notes[row.id] and (" (NOTE-" .. cond.col.notes[row.id] .. ")") or ""),
  }
  for _, ob in ipairs(bad) do
    lines[#lines + 1] = string.format("  deviation: %s -> %s (%s)", ob.what,
      ob.limited == nil and "unexpected result" or (ob.limited and "limited" or "worked"),
      ob.detail or "")
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

describe("Backup limitations", { tags = "certify" }, function()
  teardown(function() M.finish(T, conditions) end)

  for _, cond in ipairs(conditions) do
    describe(cond.name, function()
      for _, row in ipairs(T.rows) do
        local expected = cond.col.outcome[row.id]
        it(row.name .. " | " .. cond.name .. "", function()
          local probe = probes[row.id]
          local obs = new_obs()
          enter(cond, probe)
          probe.run(obs)
          leave()
          local ok, bad = verdict(obs, expected)
          M.record(row, cond, ok, obs.list, ok and nil or evidence(obs, cond, row, expected, bad))
          if not ok then
            assert.fail(evidence(obs, cond, row, expected, bad))
          end
        end)
      end
    end)
  end
end)
