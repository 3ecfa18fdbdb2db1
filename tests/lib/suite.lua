-- suite.lua - small helpers the rig-runnable suites share. Load it with
--   local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
--   local S = dofile(here .. "../lib/suite.lua")
-- Only the rig API (rig, modem, dut, clock) is used, so every suite that
-- uses it still runs on a real unit on a physical rig.

local S = {}

-- The managing (boss) number, a second managing number, the alert numbers.
S.BOSS, S.SECOND = "+37060000001", "+37060000002"
S.ALERT, S.ALERT2 = "+37060000009", "+37060000008"

-- The reply to a command refused in limited backup mode.
S.REFUSAL = "The function is not available now! The device is working in limited backup mode"

-- The RSTAT reply with every relay off.
S.ALL_OFF = "R1=OFF R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF"

-- Empty the modem's inbox: every SMS received so far is dropped.
function S.drain()
  while modem.wait_sms(nil, 0) do end
end

-- Send `text` from `num` and expect `reply` back to it (timeout s, 30 by default).
function S.sms_from(num, text, reply, timeout)
  modem.sms(num, text)
  return modem.expect_sms(num, reply, timeout or 30)
end

-- Send `text` from the boss number and expect `reply` (timeout s, 30 by default).
function S.sms(text, reply, timeout)
  return S.sms_from(S.BOSS, text, reply, timeout)
end

-- An sms() and an sms_from() whose replies are awaited `default` s unless a call gives its own timeout.
function S.sms_within(default)
  return function(text, reply, timeout) return S.sms(text, reply, timeout or default) end,
    function(num, text, reply, timeout) return S.sms_from(num, text, reply, timeout or default) end
end

-- The RSTAT reply for relay states given as "0100000" (1 = on).
function S.rstat(states)
  local parts = {}
  for r = 1, 7 do
    parts[r] = "R" .. r .. (states:sub(r, r) == "1" and "=ON" or "=OFF")
  end
  return table.concat(parts, " ")
end

-- Relay r stays in `state` for secs seconds: no change at all.
function S.stays(r, state, secs)
  local before = rig.relay_changed(r)
  clock.sleep(secs)
  assert.equal(state, rig.relay(r), "relay " .. r .. ": " .. rig.history(r))
  assert.equal(before, rig.relay_changed(r), "relay " .. r .. " changed: " .. rig.history(r))
end

-- Copy tab settings `from` ({ tab = { key = value } }) into `into`, adding missing tabs.
function S.merge(into, from)
  for tab, kv in pairs(from or {}) do
    into[tab] = into[tab] or {}
    for k, v in pairs(kv) do into[tab][k] = v end
  end
  return into
end

-- Set t[prefix .. i] = value for i = 1..n (e.g. every POWERSTATE<r> to OFF).
function S.fill(t, prefix, n, value)
  for i = 1, n do t[prefix .. i] = value end
  return t
end

-- Scheduler tab: TASK1..20 from `list` (missing ones empty).
function S.tasks(list)
  local t = {}
  for i = 1, 20 do t["TASK" .. i] = (list or {})[i] or "" end
  return t
end

-- USB out, battery in (at opts.level if given), 12 V on, AC on if opts.ac, no voltage on any input.
function S.supplies(opts)
  opts = opts or {}
  rig.usb(false)
  rig.battery(true)
  if opts.level then rig.battery_level(opts.level) end
  rig.dc(true)
  if opts.ac then rig.ac(true) end
  for i = 1, 6 do rig.input(i, false) end
end

-- Base tabs: NUM1 boss, ALERT1 opts.alert (default S.ALERT, false: none), DC/AC alerts off, SMSCONFIRM and ERROR on, BACKUPLIMIT opts.backup (default DC, false: no tab); opts.power/thermostat/scheduler: all POWERSTATE/THERMO off, all tasks empty.
function S.config(opts)
  opts = opts or {}
  local sec = { NUM1 = S.BOSS, DCALERT = "OFF", ACALERT = "OFF" }
  if opts.alert ~= false then sec.ALERT1 = opts.alert or S.ALERT end
  local cfg = {
    security = sec,
    confirm = { SMSCONFIRM = "ON", ERROR = "ON" },
  }
  if opts.backup ~= false then cfg.backup = { BACKUPLIMIT = opts.backup or "DC" } end
  if opts.power then cfg.power = S.fill({}, "POWERSTATE", 7, "OFF") end
  if opts.thermostat then cfg.thermostat = S.fill({}, "THERMO", 7, "OFF") end
  if opts.scheduler then cfg.scheduler = S.tasks() end
  return cfg
end

-- Inputs tab: every input N/O, no alias, no relays, SMS alert, Alarm Function off, INTIME `intime` if given; then `over`.
function S.inputs(intime, over)
  local t = {}
  for i = 1, 6 do
    t["ALARM" .. i] = "OFF"
    t["INRELAYS" .. i] = ""
    t["INTYPE" .. i] = "NO"
    t["INALERT" .. i] = "SMS"
    t["INALIAS" .. i] = ""
    if intime then t["INTIME" .. i] = intime end
  end
  for k, v in pairs(over or {}) do t[k] = v end
  return t
end

-- Every tab the backup tests depend on, in full: S.config plus battery alert off, no password, call confirmed by SMS, no ring action, PULSETIME 4, RESTARTTIME 5, thermostats on no sensor, S.inputs(), no aliases.
function S.full_config(bl)
  local cfg = S.config{ backup = bl, power = true, thermostat = true, scheduler = true }
  return S.merge(cfg, {
    security = { BATALERT = "OFF", PASSWORD = "" },
    confirm = { CALLCONFIRM = "SMS" },
    ring = { RINGACTION = "NONE", PULSETIME = 4, RESTARTTIME = 5 },
    thermostat = S.fill({ SENSORALERT = "OFF" }, "TSENSOR", 7, "0"),
    inputs = S.inputs(),
    aliases = S.fill({}, "ALIAS", 7, ""),
  })
end

-- Wait `before` s if given, every relay off by SMS (OFFALL), wait `after` s if given, empty the inbox.
function S.offall(before, after)
  if before then clock.sleep(before) end
  S.sms("OFFALL", "OFFALL - OK")
  if after then clock.sleep(after) end
  S.drain()
end

-- Write `cfg` over USB, restart the unit, let it settle 5 s, empty the inbox.
function S.configure_restart(cfg)
  dut.configure(cfg)
  dut.restart()
  clock.sleep(5)
  S.drain()
end

-- Set the unit's clock (network time, then SIGNALREPORT) so that 10:00 comes `before` s later.
function S.clock_before_ten(before)
  modem.network_time(string.format("2026-11-21 09:59:%02d", 60 - before))
  S.sms("SIGNALREPORT", modem.pattern("^Signal: "))
end

-- No relay moved at or after rig time t: of the relays r with only[r] (all without `only`), except those with except[r].
function S.unchanged_since(t, only, except)
  for r = 1, 7 do
    if (not only or only[r]) and not (except and except[r]) then
      local at = rig.relay_changed(r)
      assert.is_true(at == nil or at < t,
                     "R" .. r .. " switched at or after " .. t .. " s: " .. rig.history(r))
    end
  end
end

-- Supplies and inputs to normal (battery at 100 %, AC on, T1 at 25 C), a restart, then `cfg` written and a restart.
function S.fresh_unit(cfg)
  S.supplies{ level = rig.has("battery_level") and 100 or nil, ac = true }
  if rig.has("temp") then rig.temp(1, 25) end
  clock.sleep(1)
  dut.restart()
  clock.sleep(1)
  S.configure_restart(cfg)
end

-- The temperature sensor s (1 by default) reads, as the unit reports it
-- in its TEMP reply: a number (degC), or nil and the reply when the sensor
-- is not installed or failed. On a rig without a temperature source this
-- is the room's temperature, which the tests below set thresholds around.
function S.room_temp(s)
  s = s or 1
  local reply = S.sms("TEMP", modem.pattern("."))
  local v = reply:match("T" .. s .. "=(%-?%d+%.%d)C")
  return v and tonumber(v), reply
end

-- The room's reading of sensor s, or an error naming what the rig lacks.
function S.need_room_temp(s)
  local t, reply = S.room_temp(s)
  assert(t, "sensor T" .. (s or 1) .. " gives no reading (TEMP: " .. tostring(reply) ..
    "): a sensor must be connected to the unit on this rig")
  return t
end

-- A threshold or switch-off temperature d degC from reading t, as the
-- unit writes it: S.deg(21.5, -3) == "18.5". Around a room's reading use a
-- margin of a few degrees (S.ROOM_MARGIN) so that the room drifting by a
-- few tenths during the test changes nothing.
S.ROOM_MARGIN = 3
function S.deg(t, d)
  return string.format("%.1f", t + (d or 0))
end

-- Make the thermostat of `relay` (on sensor T1, switch-off temperature 20
-- C as configured) see a cold room (cold true: the reading below the
-- switch-off temperature) or a warm one. With a temperature source the
-- reading moves (15 or 25 C); without one the relay's TTEMP moves
-- S.ROOM_MARGIN above or below `room`, the unit's own reading, by SMS (a
-- setting, which backup mode never limits).
function S.thermo_sees(relay, cold, room)
  if rig.has("temp") then
    rig.temp(1, cold and 15 or 25)
    return
  end
  local v = S.deg(room, cold and S.ROOM_MARGIN or -S.ROOM_MARGIN)
  S.sms("TTEMP" .. relay .. "=" .. v, "TTEMP" .. relay .. "=" .. v .. " - OK")
end

-- The unit's reading of T1 on a rig without a temperature source (for
-- S.thermo_sees), nil on one with it.
function S.room_or_nil()
  if rig.has("temp") then return nil end
  return S.need_room_temp(1)
end

-- A pattern for an SMS that ends with a reading of sensor s ("T1=21.5C" or
-- "at 21.5C"): the reading is captured, to compare with the room's.
function S.reading_pattern(prefix)
  return modem.pattern("^" .. prefix:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0") .. "(%-?%d+%.%d)C$")
end

-- The reading in `text` (matched by S.reading_pattern(prefix)) is within
-- 1 degC of the room's reading t.
function S.near_room(prefix, text, t)
  local v = tonumber(text:match("(%-?%d+%.%d)C$"))
  assert.is_number(v, "no reading in " .. tostring(text))
  assert.is_true(math.abs(v - t) <= 1, string.format("%s: %.1f C, the room read %.1f C", prefix, v, t))
  return v
end

-- Save the unit's tabs (read over USB) as the Product Information Card:
-- card.txt in the report folder, "[tab]" lines then KEY=VALUE lines. The
-- results database stores it with the run, and takes the unit's model and
-- hardware version from its info tab.
function S.save_card()
  local cfg = dut.config()
  local tabs = {}
  for tab in pairs(cfg) do tabs[#tabs + 1] = tab end
  table.sort(tabs)
  local f = assert(io.open((os.getenv("RELAYRIG_REPORTS") or "reports") .. "/card.txt", "w"))
  for _, tab in ipairs(tabs) do
    f:write("[", tab, "]\n")
    local keys = {}
    for k in pairs(cfg[tab]) do keys[#keys + 1] = k end
    table.sort(keys)
    for _, k in ipairs(keys) do f:write(k, "=", cfg[tab][k], "\n") end
  end
  f:close()
end

return S
