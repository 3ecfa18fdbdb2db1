-- Regression: the notes under the backup-limitation table (Configuration
-- Guide 3.4, NOTE-A, NOTE-B, NOTE-C).
--
-- S36 refusal text for AON/AOFF/AONALL/AOFFALL and ISTAT under Option 1
-- S37 alarms are not detected under Option 1
-- S38 ...and not reported after backup mode ends
-- S39 refusal text for every relay-switching SMS
-- S40 refusal text for TON/TOFF by SMS
-- S41 a missed relay-row task is not run later
-- S42 a missed input-row task is not run later
-- S43 the thermostat returns to normal when backup mode ends (AC returns)
-- S44 the same when 12 V returns
-- S45 tasks can be added and removed in backup mode
--
-- Options: 1 = BACKUPLIMIT=DC with 12 V failed, 2 = OFF with 12 V failed,
-- 3 = AC with AC failed on 12 V, Abnormal = AC with 12 V failed.
-- After every refusal the state is read back; after every "not later" the
-- unit is watched for minutes after the condition ended.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local sms, merge, clock_before_ten = S.sms, S.merge, S.clock_before_ten

local BOSS, ALERT, REFUSAL, ALL_OFF = S.BOSS, S.ALERT, S.REFUSAL, S.ALL_OFF

-- Supplies and inputs to normal, every tab the tests depend on written in
-- full, a restart (clock unset, all relays off): no state carried over.
local function unit(bl, extra)
  local cfg = S.full_config(bl)
  cfg.temperature = {}
  S.fill(cfg.thermostat, "TALERT", 7, "OFF")
  S.fill(cfg.inputs, "INTIME", 6, 10)
  S.fresh_unit(merge(cfg, extra))
end

-- No relay contact moved at or after rig time t (except those in `except`).
local function unchanged_since(t, except)
  S.unchanged_since(t, nil, except)
end

-- The conditions of backup mode, entered and left through the supplies.
local OPTIONS = {
  { name = "Option 1 (DC, 12 V failed)", bl = "DC",
    enter = function() rig.dc(false) end, leave = function() rig.dc(true) end },
  { name = "Option 1 (DC, 12 V and AC failed)", bl = "DC",
    enter = function() rig.ac(false); rig.dc(false) end,
    leave = function() rig.dc(true); rig.ac(true) end },
  { name = "Option 2 (OFF, 12 V failed)", bl = "OFF",
    enter = function() rig.dc(false) end, leave = function() rig.dc(true) end },
  { name = "Option 3 (AC, AC failed)", bl = "AC",
    enter = function() rig.ac(false) end, leave = function() rig.ac(true) end },
  { name = "Abnormal (AC, 12 V failed)", bl = "AC",
    enter = function() rig.dc(false) end, leave = function() rig.dc(true) end },
}
local function options(pred)
  local out = {}
  for _, o in ipairs(OPTIONS) do if pred(o) then out[#out + 1] = o end end
  return out
end
local OPTION1 = options(function(o) return o.bl == "DC" end)
local RELAY_LIMITED = OPTIONS

local function alarm_settings()
  local t = {}
  for i = 1, 6 do t["ALARM" .. i] = dut.read("inputs")["ALARM" .. i] end
  return t
end

-- ---------------------------------------------------------------------------
describe("NOTE-A: the Alarm Function under Option 1", { independent = true }, function()
  for _, o in ipairs(OPTION1) do
    it("AON, AOFF, AONALL, AOFFALL and ISTAT are refused, settings unchanged, " .. o.name .. " #S36", function()
      unit(o.bl, { inputs = { ALARM2 = "ON", ALARM5 = "ON" } })
      local before = alarm_settings()
      assert.same({ ALARM1 = "OFF", ALARM2 = "ON", ALARM3 = "OFF", ALARM4 = "OFF",
                    ALARM5 = "ON", ALARM6 = "OFF" }, before)
      o.enter()
      clock.sleep(2)
      for _, cmd in ipairs({ "AON1", "AOFF2", "AONALL", "AOFFALL", "ISTAT", "aon3", "AOFF5" }) do
        sms(cmd, REFUSAL)
      end
      modem.no_sms(BOSS, 5)
      assert.same(before, alarm_settings())
      o.leave()
      clock.sleep(2)
      sms("ISTAT", "IN1=OK,OFF IN2=OK,ON IN3=OK,OFF IN4=OK,OFF IN5=OK,ON IN6=OK,OFF")
      assert.same(before, alarm_settings())
      -- and they work again once backup mode has ended
      sms("AON1", "AON1 - OK")
      assert.equal("ON", dut.read("inputs").ALARM1)
    end)
  end

  it("the refusal is sent with ERROR=OFF and a management password too #S36", function()
    unit("DC", { confirm = { ERROR = "OFF" }, security = { PASSWORD = "12345" } })
    rig.dc(false)
    clock.sleep(2)
    sms("12345AONALL", REFUSAL)
    sms("12345ISTAT", REFUSAL)
    assert.equal("OFF", dut.read("inputs").ALARM1)
    rig.dc(true)
    clock.sleep(2)
    dut.configure{ security = { PASSWORD = "" } }
  end)

  for _, o in ipairs(OPTION1) do
    it("an alarm in backup mode is not detected, N/O and N/C inputs, " .. o.name .. " #S37", function()
      unit(o.bl, { inputs = {
        ALARM1 = "ON", INRELAYS1 = "1", INTIME1 = 30, INALIAS1 = "Door",
        ALARM3 = "ON", INTYPE3 = "NC", INRELAYS3 = "3", INTIME3 = 30, INALIAS3 = "Window",
      } })
      rig.input(3, true) -- the N/C sensor closed: voltage, no alarm
      clock.sleep(2)
      sms("ISTAT", "IN1=OK,ON IN2=OK,OFF IN3=OK,ON IN4=OK,OFF IN5=OK,OFF IN6=OK,OFF")
      local t = clock.now()
      o.enter()
      clock.sleep(2)
      rig.input(1, true)  -- N/O: voltage appears
      rig.input(3, false) -- N/C: voltage disappears
      modem.no_sms(ALERT, 60)
      rig.input(1, false)
      rig.input(3, true)
      modem.no_sms(ALERT, 30)
      -- a second alarm in the same backup period, released again
      rig.input(1, true)
      clock.sleep(5)
      rig.input(1, false)
      modem.no_sms(ALERT, 30)
      o.leave()
      modem.no_sms(ALERT, 300) -- and nothing is reported afterwards
      modem.no_sms(BOSS, 1)
      unchanged_since(t + 1)
      -- the same alarm after backup mode is detected
      rig.input(1, true)
      modem.expect_sms(ALERT, "Alarm! IN1 (Door)", 30)
      rig.wait_relay(1, true, 5)
      rig.input(1, false)
    end)
  end

  for _, o in ipairs(OPTION1) do
    it("an input still active when backup mode ends is not reported later, " .. o.name .. " #S38", function()
      unit(o.bl, { inputs = { ALARM2 = "ON", INRELAYS2 = "2", INTIME2 = 20, INALIAS2 = "Smoke",
                              ALARM4 = "ON", INALERT4 = "CALL" } })
      o.enter()
      clock.sleep(2)
      local t = clock.now()
      rig.input(2, true)
      rig.input(4, true)
      clock.sleep(30)
      o.leave() -- both inputs still in alarm
      modem.no_sms(ALERT, 600)
      local called = pcall(modem.expect_call, ALERT, 1)
      assert.is_false(called, "the unit called the alert number for an alarm of the backup period")
      unchanged_since(t)
      assert.equal("0000000", rig.relays())
      sms("STATUS", modem.pattern("Backup mode: OFF$"))
      -- only a new alarm, after the input has returned to normal, is reported
      rig.input(2, false)
      modem.no_sms(ALERT, 30)
      rig.input(2, true)
      modem.expect_sms(ALERT, "Alarm! IN2 (Smoke)", 30)
      local on = rig.wait_relay(2, true, 5)
      local off = rig.wait_relay(2, false, 30)
      measure("alarm relay time after backup mode", off - on, { low = 19.9, high = 20.2, units = "s" })
      rig.input(2, false)
      rig.input(4, false)
    end)
  end
end)

-- ---------------------------------------------------------------------------
describe("NOTE-B: relays and the thermostat by SMS", { independent = true }, function()
  local SWITCHING = { "ON1", "OFF2", "on 3", "ON heater", "OFF heater", "PULSE1", "PULSE2",
                      "PULSE heater", "RESTART2", "RESTART4", "ONALL", "OFFALL", "off 2" }
  for _, o in ipairs(RELAY_LIMITED) do
    it("every relay-switching SMS is refused, relays unchanged, " .. o.name .. " #S39", function()
      unit(o.bl, { aliases = { ALIAS4 = "heater" }, power = { POWERSTATE2 = "REMEMBER" } })
      sms("ON2", "ON2 - OK")
      rig.wait_relay(2, true, 5)
      o.enter()
      clock.sleep(2)
      local expect = o.bl == "AC" and o.name:find("AC failed") and
          "R1=OFF R2=ON R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF" or ALL_OFF
      local t = clock.now()
      for _, cmd in ipairs(SWITCHING) do
        sms(cmd, REFUSAL)
        modem.no_sms(BOSS, 1)
      end
      sms("RSTAT", expect)
      clock.sleep(60) -- past PULSETIME and RESTARTTIME
      unchanged_since(t)
      sms("RSTAT", expect)
      o.leave()
      clock.sleep(2)
      -- R2 is on again (held on Option 3, POWERSTATE=REMEMBER otherwise); nothing else
      sms("RSTAT", "R1=OFF R2=ON R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF")
      clock.sleep(120)
      unchanged_since(t + 2, { false, true })
      sms("ONALL", "ONALL - OK")
      for r = 1, 7 do rig.wait_relay(r, true, 5) end
      sms("OFFALL", "OFFALL - OK")
      for r = 1, 7 do rig.wait_relay(r, false, 5) end
    end)
  end

  it("the refusal is sent with ERROR=OFF and SMSCONFIRM=OFF #S39", function()
    unit("AC", { confirm = { ERROR = "OFF", SMSCONFIRM = "OFF" } })
    rig.ac(false)
    clock.sleep(2)
    sms("ON1", REFUSAL)
    sms("ONALL", REFUSAL)
    sms("RSTAT", ALL_OFF)
    rig.ac(true)
    clock.sleep(2)
  end)

  for _, o in ipairs(RELAY_LIMITED) do
    it("TON and TOFF are refused, thermostat settings unchanged, " .. o.name .. " #S40", function()
      unit(o.bl, { thermostat = { THERMO2 = "ON", TSENSOR2 = "1", TTEMP2 = "20.0", TMODE2 = "HEAT",
                                  TSENSOR1 = "1", TTEMP1 = "30.0" } })
      local before = dut.read("thermostat")
      assert.equal("OFF", before.THERMO1)
      assert.equal("ON", before.THERMO2)
      o.enter()
      clock.sleep(2)
      for _, cmd in ipairs({ "TON1", "TOFF2", "ton 3", "TOFF1", "TON2" }) do
        sms(cmd, REFUSAL)
      end
      modem.no_sms(BOSS, 5)
      assert.same(before, dut.read("thermostat"))
      sms("THERMO1?", "THERMO1=(OFF),ON")
      o.leave()
      clock.sleep(2)
      assert.same(before, dut.read("thermostat"))
      -- R1 never turned on by a thermostat the refusal left off (25 < 30)
      clock.sleep(30)
      assert.is_false(rig.relay(1))
      sms("TON1", "TON1 - OK")
      rig.wait_relay(1, true, 15)
      assert.equal("ON", dut.read("thermostat").THERMO1)
    end)
  end
end)

-- ---------------------------------------------------------------------------
describe("NOTE-B/C: missed tasks", { independent = true }, function()
  for _, o in ipairs(RELAY_LIMITED) do
    it("relay-row tasks missed in backup mode never run, " .. o.name .. " #S41", function()
      unit(o.bl, {
        scheduler = { TASK1 = "10:00,*,ONR1", TASK2 = "10:00,*,OFFR2", TASK3 = "10:00,*,PULR3",
                      TASK4 = "10:00,*,RSTAT", TASK5 = "10:00,*,TON4", TASK6 = "10:00,*,TOFF5",
                      TASK7 = "10:01,*,ONR7", TASK8 = "10:05,*,ONR6" },
        thermostat = { THERMO5 = "ON" },
        power = { POWERSTATE2 = "REMEMBER" },
      })
      sms("ON2", "ON2 - OK")
      rig.wait_relay(2, true, 5)
      clock_before_ten(30)
      o.enter()
      clock.sleep(2)
      clock.sleep(120) -- 10:00 and 10:01 pass in backup mode
      o.leave()        -- at about 10:01:32
      clock.sleep(2)
      local t = clock.now()
      modem.no_sms(ALERT, 150) -- until about 10:04: no RSTAT report, ever
      assert.equal("0100000", rig.relays())
      -- the scheduler itself still runs: the task at 10:05 does
      rig.wait_relay(6, true, 90)
      modem.no_sms(ALERT, 600)
      unchanged_since(t, { false, false, false, false, false, true })
      sms("RSTAT", "R1=OFF R2=ON R3=OFF R4=OFF R5=OFF R6=ON R7=OFF")
      local th = dut.read("thermostat")
      assert.equal("OFF", th.THERMO4)
      assert.equal("ON", th.THERMO5)
    end)
  end

  for _, o in ipairs(OPTION1) do
    it("input-row tasks missed in backup mode never run, " .. o.name .. " #S42", function()
      unit(o.bl, {
        scheduler = { TASK1 = "10:00,*,AON1", TASK2 = "10:00,*,AOFF2", TASK3 = "10:00,*,ISTAT",
                      TASK4 = "10:01,*,AOFFALL", TASK5 = "10:02,*,AONALL",
                      TASK6 = "10:08,*,SIGN" },
        inputs = { ALARM2 = "ON" },
      })
      local before = alarm_settings()
      clock_before_ten(30)
      o.enter()
      clock.sleep(200) -- 10:00, 10:01 and 10:02 pass in backup mode
      o.leave()        -- at about 10:02:50
      clock.sleep(2)
      modem.no_sms(ALERT, 240) -- until about 10:07: no ISTAT report
      assert.same(before, alarm_settings())
      -- the scheduler itself still runs: the report at 10:08 comes
      modem.expect_sms(ALERT, modem.pattern("^Signal: .*Time: 2026%-11%-21 10:08"), 120)
      modem.no_sms(ALERT, 600)
      assert.same(before, alarm_settings())
      sms("ISTAT", "IN1=OK,OFF IN2=OK,ON IN3=OK,OFF IN4=OK,OFF IN5=OK,OFF IN6=OK,OFF")
    end)
  end
end)

-- ---------------------------------------------------------------------------
describe("NOTE-B: the thermostat after backup mode", { independent = true }, function()
  local function thermo_unit(bl, temp, extra)
    local cfg = { thermostat = { THERMO1 = "ON", TSENSOR1 = "1", TMODE1 = "HEAT", TTEMP1 = "20.0",
                                 TALERT1 = "ON" } }
    merge(cfg, extra)
    unit(bl, cfg)
    rig.temp(1, temp)
  end

  it("a heating relay held on in backup mode turns off as soon as AC returns #S43", function()
    thermo_unit("AC", 15)
    rig.wait_relay(1, true, 15)
    rig.ac(false) -- Option 3: 12 V stays, the relay could switch
    clock.sleep(2)
    rig.temp(1, 25)
    modem.no_sms(ALERT, 120)
    assert.is_true(rig.relay(1), "the thermostat switched in backup mode: " .. rig.history(1))
    sms("TEMP", "T1=25.0C") -- the sensor is read all along
    assert.equal("ON", dut.read("thermostat").THERMO1)
    local t = clock.now()
    rig.ac(true)
    local at = rig.wait_relay(1, false, 15)
    measure("thermostat resumes after AC returns", at - t, { low = 0, high = 1, units = "s" })
    modem.expect_sms(ALERT, "Thermostat switched off R1 at 25.0C", 30)
    -- and keeps regulating
    rig.temp(1, 15)
    rig.wait_relay(1, true, 15)
  end)

  it("a heating relay held off in backup mode turns on as soon as AC returns #S43", function()
    thermo_unit("AC", 25, { thermostat = { TMODE2 = "COOL", TSENSOR2 = "1", TTEMP2 = "20.0", THERMO2 = "ON" } })
    rig.wait_relay(2, true, 15) -- cooling: 25 > 20
    assert.is_false(rig.relay(1))
    rig.ac(false)
    clock.sleep(2)
    rig.temp(1, 15)
    clock.sleep(120)
    assert.is_false(rig.relay(1), rig.history(1))
    assert.is_true(rig.relay(2), rig.history(2))
    local t = clock.now()
    rig.ac(true)
    local on = rig.wait_relay(1, true, 15)
    local off = rig.wait_relay(2, false, 15)
    measure("heating resumes after AC returns", on - t, { low = 0, high = 1, units = "s" })
    measure("cooling resumes after AC returns", off - t, { low = 0, high = 1, units = "s" })
    -- the thermostat follows the temperature again
    rig.temp(1, 25)
    rig.wait_relay(1, false, 15)
    rig.wait_relay(2, true, 15)
  end)

  for _, bl in ipairs({ "DC", "OFF", "AC" }) do
    it("the thermostat regulates again as soon as 12 V returns, BACKUPLIMIT=" .. bl .. " #S44", function()
      thermo_unit(bl, 15, { power = { POWERSTATE1 = "OFF", POWERSTATE2 = "ON" },
                        thermostat = { THERMO2 = "ON", TSENSOR2 = "1", TMODE2 = "HEAT", TTEMP2 = "10.0" } })
      rig.wait_relay(1, true, 15)
      assert.is_false(rig.relay(2))
      rig.dc(false)
      rig.wait_relay(1, false, 2)
      clock.sleep(120)
      assert.equal("ON", dut.read("thermostat").THERMO1)
      local t = clock.now()
      rig.dc(true)
      -- R1: POWERSTATE=OFF, but 15 < 20: the thermostat switches it on
      local on = rig.wait_relay(1, true, 15)
      measure("thermostat resumes after 12 V returns", on - t, { low = 0, high = 1, units = "s" })
      -- R2: POWERSTATE=ON, but 15 > 10: the thermostat keeps it off, not
      -- even an instant on
      clock.sleep(15)
      assert.is_false(rig.relay(2), rig.history(2))
      unchanged_since(t, { true })
      sms("RSTAT", "R1=ON R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF")
      rig.temp(1, 25)
      rig.wait_relay(1, false, 15)
      modem.expect_sms(ALERT, "Thermostat switched off R1 at 25.0C", 30)
    end)
  end
end)

-- ---------------------------------------------------------------------------
describe("NOTE-C: scheduler edits in backup mode", { independent = true }, function()
  for _, o in ipairs({ OPTIONS[1], OPTIONS[4] }) do
    it("tasks are added, read back and removed in backup mode, " .. o.name .. " #S45", function()
      unit(o.bl, { scheduler = { TASK1 = "10:06,*,ONR4", TASK2 = "11:00,*,TEMP" } })
      clock_before_ten(30)
      o.enter()
      clock.sleep(2)
      sms("SC10:05,*,ONR3", "SC10:05,*,ONR3 - OK")
      sms("SC12:30,3,TEMP", "SC12:30,3,TEMP - OK")
      sms("SCHEDULER?", "10:06,*,ONR4;11:00,*,TEMP;10:05,*,ONR3;12:30,3,TEMP")
      local s = dut.read("scheduler")
      assert.equal("10:05,*,ONR3", s.TASK3)
      assert.equal("12:30,3,TEMP", s.TASK4)
      sms("SCHEDULER-10:06", "SCHEDULER-10:06 - OK")
      sms("SCHEDULER-12:30", "SCHEDULER-12:30 - OK")
      sms("SCHEDULER?", "11:00,*,TEMP;10:05,*,ONR3")
      s = dut.read("scheduler")
      assert.equal("", s.TASK1)
      assert.equal("", s.TASK4)
      sms("STATUS", modem.pattern("Backup mode: ON$"))
      local t = clock.now()
      o.leave() -- about 10:00:02
      -- the task added in backup mode runs at its time, the removed one never
      local at = rig.wait_relay(3, true, 330)
      assert.is_true(at - t > 120, "R3 switched too early: " .. rig.history(3))
      clock.sleep(300)
      unchanged_since(t, { false, false, true })
    end)
  end

  it("SCHEDULER-ALL in backup mode empties the scheduler #S45", function()
    unit("DC", { scheduler = { TASK1 = "10:01,*,ONR1", TASK7 = "10:02,*,ONR2" } })
    clock_before_ten(30)
    rig.dc(false)
    clock.sleep(2)
    sms("SCHEDULER-ALL", "SCHEDULER-ALL - OK")
    sms("SCHEDULER?", "SCHEDULER=EMPTY")
    for k, v in pairs(dut.read("scheduler")) do assert.equal("", v, k) end
    rig.dc(true)
    clock.sleep(300)
    assert.equal("0000000", rig.relays())
  end)
end)
