-- Regression: what backup mode is, and what 12 V means for the relays
-- (Configuration Guide 3.4, its NOTE, the table's sensor row; device
-- reference 1 and 2).
--
-- S30 AC loss under BACKUPLIMIT=AC is backup mode even on 12 V
-- S31 BACKUPLIMIT=AC needs the voltage sensor
-- S32 Options 1, 2 and 4 work without a sensor
-- S34 no relay can switch without 12 V, whatever the path
-- S35 all active relays drop shortly after 12 V fails, for every BACKUPLIMIT
--
-- Everything goes through the rig: supplies, inputs, sensors, SMS, calls,
-- the USB configuration tool. Runs unchanged on a physical rig; the last
-- block needs a unit without the AC voltage sensor (rig.fresh).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local sms, merge = S.sms, S.merge
-- tasks at 10:00 come due `before` s later; no relay moved since t (of those in `which`)
local clock_before_ten, unchanged_since = S.clock_before_ten, S.unchanged_since

local BOSS, ALERT, REFUSAL, ALL_OFF = S.BOSS, S.ALERT, S.REFUSAL, S.ALL_OFF

-- Supplies and inputs to normal, every tab the tests depend on written in
-- full, a restart (clock unset, all relays off): no state carried over.
local function unit(bl, extra)
  S.fresh_unit(merge(S.full_config(bl), extra))
end

-- inputs: "------", or "N/A" while the Alarm Function is limited (NOTE-A,
-- BACKUPLIMIT=DC without 12 V; firmware/README.md)
local function status(relays, dc, ac, mode, battery, inputs)
  return string.format("Relays: %s; Inputs: %s; DC: %s; AC: %s; Battery: %d%%; Backup mode: %s",
                       relays, inputs or "------", dc, ac, battery or 100, mode)
end

describe("CG3.4 what backup mode is", function()
  it("AC loss under BACKUPLIMIT=AC is backup mode on 12 V: STATUS, USB info, refusal #S30", function()
    unit("AC")
    sms("STATUS", status("0000000", "OK", "OK", "OFF"))
    assert.equal("OFF", dut.read("info").BACKUPMODE)
    sms("ON2", "ON2 - OK")
    rig.wait_relay(2, true, 5)

    rig.ac(false)
    clock.sleep(2)
    -- 12 V is still there: the unit runs from it, yet it is in backup mode
    sms("STATUS", status("0100000", "OK", "FAIL", "ON"))
    local info = dut.read("info")
    assert.equal("ON", info.BACKUPMODE)
    local t = clock.now()
    sms("ON1", REFUSAL)
    sms("OFF2", REFUSAL)
    sms("RSTAT", "R1=OFF R2=ON R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF")
    clock.sleep(60)
    unchanged_since(t)

    rig.ac(true)
    clock.sleep(2)
    sms("STATUS", status("0100000", "OK", "OK", "OFF"))
    assert.equal("OFF", dut.read("info").BACKUPMODE)
    sms("ON1", "ON1 - OK")
    rig.wait_relay(1, true, 5)
    sms("OFF2", "OFF2 - OK")
    rig.wait_relay(2, false, 5)
  end)

  for _, bl in ipairs({ "DC", "OFF" }) do
    it("AC loss is not backup mode under BACKUPLIMIT=" .. bl .. " #S30", function()
      unit(bl)
      rig.ac(false)
      clock.sleep(2)
      sms("STATUS", status("0000000", "OK", "FAIL", "OFF"))
      assert.equal("OFF", dut.read("info").BACKUPMODE)
      sms("ON1", "ON1 - OK")
      rig.wait_relay(1, true, 5)
    end)
  end
end)

describe("CG3.4 NOTE: relays need 12 V", function()
  -- Every path that switches a relay, tried with 12 V failed.
  for _, bl in ipairs({ "DC", "AC", "OFF" }) do
    it("no relay switches without 12 V by SMS, call, task, alarm or thermostat, BACKUPLIMIT=" .. bl .. " #S34", function()
      unit(bl, {
        scheduler = { TASK1 = "10:00,*,ONR1", TASK2 = "10:00,*,PULR2", TASK3 = "10:00,*,OFFR3" },
        ring = { RINGACTION = "ON4" },
        inputs = { ALARM1 = "ON", INRELAYS1 = "5", INTIME1 = 60, INALERT1 = "SMS", INALIAS1 = "Door" },
        thermostat = { THERMO6 = "ON", TSENSOR6 = "1", TMODE6 = "HEAT", TTEMP6 = "20.0" },
        aliases = { ALIAS7 = "pump" },
      })
      clock_before_ten(40)
      local t = clock.now()
      rig.dc(false)
      clock.sleep(2)
      sms("STATUS", status("0000000", "FAIL", "OK", "ON", nil, bl == "DC" and "N/A" or nil))
      for _, cmd in ipairs({ "ON1", "OFF1", "PULSE2", "RESTART3", "ON 7", "ON pump",
                             "PULSE pump", "ONALL", "OFFALL" }) do
        sms(cmd, REFUSAL)
      end
      -- the ring action: the call is rejected, the refusal goes by SMS
      modem.ring(BOSS)
      modem.expect_reject(30)
      modem.expect_sms(BOSS, REFUSAL, 30)
      -- the thermostat would switch R6 on: 15 degC < 20 degC, heating
      rig.temp(1, 15)
      -- the alarm relay R5 (under DC the alarm itself is not detected)
      rig.input(1, true)
      clock.sleep(2)
      if bl == "DC" then
        modem.no_sms(ALERT, 5)
      else
        modem.expect_sms(ALERT, "Alarm! IN1 (Door)", 30)
      end
      clock.sleep(120) -- 10:00 passes: ONR1, PULR2, OFFR3 are due
      sms("RSTAT", ALL_OFF)
      assert.equal("0000000", rig.relays())
      unchanged_since(t)
      modem.no_sms(ALERT, 1)
      rig.input(1, false)
      rig.temp(1, 25)
      clock.sleep(20) -- past the next temperature sample
      rig.dc(true)
      clock.sleep(60)
      unchanged_since(t)
    end)
  end
end)

describe("CG3.4 NOTE: the ring action without 12 V", function()
  for _, cc in ipairs({ "CALL", "OFF" }) do
    it("a call switches nothing and is not confirmed, CALLCONFIRM=" .. cc .. " #S34", function()
      unit("OFF", { ring = { RINGACTION = "PULSE2" }, confirm = { CALLCONFIRM = cc } })
      local t = clock.now()
      rig.dc(false)
      clock.sleep(2)
      modem.ring(BOSS)
      modem.expect_reject(30)
      local called = pcall(modem.expect_call, BOSS, 60)
      assert.is_false(called, "the unit called back for a ring action it did not perform")
      modem.no_sms(BOSS, 30)
      rig.dc(true)
      clock.sleep(60)
      unchanged_since(t)
      sms("RSTAT", ALL_OFF)
    end)
  end
end)

describe("CG3.4 NOTE: all active relays drop after 12 V fails", function()
  for _, bl in ipairs({ "DC", "AC", "OFF" }) do
    it("relays on by SMS, pulse, alarm, call, task, thermostat and restart drop, BACKUPLIMIT=" .. bl .. " #S35", function()
      unit(bl, {
        ring = { RINGACTION = "ON4", PULSETIME = 120, RESTARTTIME = 5 },
        scheduler = { TASK1 = "10:00,*,ONR5" },
        inputs = { ALARM1 = "ON", INRELAYS1 = "3", INTIME1 = 300, INALERT1 = "OFF" },
        thermostat = { THERMO6 = "ON", TSENSOR6 = "1", TMODE6 = "HEAT", TTEMP6 = "20.0" },
        confirm = { CALLCONFIRM = "OFF" },
      })
      rig.temp(1, 15) -- the thermostat turns R6 on
      rig.wait_relay(6, true, 15)
      clock_before_ten(10)
      sms("ON1", "ON1 - OK")
      sms("PULSE2", "PULSE2 - OK") -- on for 120 s
      rig.input(1, true)           -- R3 on for 300 s
      modem.ring(BOSS)             -- R4 on
      modem.expect_reject(30)
      sms("ON7", "ON7 - OK")
      rig.wait_relay(7, true, 5)
      sms("RESTART7", "RESTART7 - OK") -- off for 5 s, then on
      rig.wait_relay(5, true, 30)      -- the task at 10:00
      rig.wait_relay(7, true, 30)
      rig.input(1, false)
      assert.equal("1111111", rig.relays())

      local t_fail = clock.now()
      rig.dc(false)
      local last = 0
      for r = 1, 7 do last = math.max(last, rig.wait_relay(r, false, 5)) end
      measure("relay drop after 12 V loss, BACKUPLIMIT=" .. bl, last - t_fail,
              { low = 0, high = 0.5, units = "s" })
      -- the firmware released the coils too, not only the supply
      clock.sleep(1)
      sms("RSTAT", ALL_OFF)
      sms("STATUS", status("0000000", "FAIL", "OK", "ON", nil, bl == "DC" and "N/A" or nil))
      -- the pulse, alarm and restart timers run out in backup mode
      local t_off = clock.now()
      clock.sleep(400)
      unchanged_since(t_off)
      sms("RSTAT", ALL_OFF)

      -- 12 V back, POWERSTATE=OFF: nothing comes back but the thermostat
      rig.dc(true)
      rig.wait_relay(6, true, 15)
      clock.sleep(600)
      unchanged_since(t_off, { true, true, true, true, true, false, true })
      sms("RSTAT", "R1=OFF R2=OFF R3=OFF R4=OFF R5=OFF R6=ON R7=OFF")
    end)
  end
end)

-- From here on the unit is a model without the AC voltage sensor: a rig
-- that cannot start another model skips them all.
describe("CG3.4 the voltage sensor", { needs = "models" }, function()
  it("a unit without the sensor says so #S31 #S32", function()
    rig.fresh{ ac_sensor = false }
    unit("DC")
    assert.equal("NO", dut.read("info").ACSENSOR)
    sms("STATUS", status("0000000", "OK", "N/A", "OFF"))
  end)

  it("BACKUPLIMIT=AC is refused by SMS and by USB, the stored value unchanged #S31", function()
    for _, bl in ipairs({ "DC", "OFF" }) do
      unit(bl)
      sms("BACKUPLIMIT=AC", "Incorrect value!")
      assert.equal(bl, dut.read("backup").BACKUPLIMIT)
      sms("BACKUPLIMIT?", bl == "DC" and "BACKUPLIMIT=(DC),AC,OFF" or "BACKUPLIMIT=DC,AC,(OFF)")
      local ok, e = pcall(dut.configure, { backup = { BACKUPLIMIT = "AC" } })
      assert.is_false(ok, "the unit took BACKUPLIMIT=AC over USB")
      assert.matches("ERROR line %d+: bad value", tostring(type(e) == "table" and e.message or e))
      assert.equal(bl, dut.read("backup").BACKUPLIMIT)
      -- kept across a restart too
      dut.restart()
      clock.sleep(2)
      assert.equal(bl, dut.read("backup").BACKUPLIMIT)
      -- the other values are still taken
      sms(bl == "DC" and "BACKUPLIMIT=OFF" or "BACKUPLIMIT=DC",
          bl == "DC" and "BACKUPLIMIT=OFF - OK" or "BACKUPLIMIT=DC - OK")
    end
  end)

  it("Option 1 without the sensor: 12 V loss limits relays and inputs #S32", function()
    unit("DC", { inputs = { ALARM2 = "ON" } })
    rig.ac(false) -- nothing to see it on this model
    rig.dc(false)
    clock.sleep(2)
    sms("STATUS", status("0000000", "FAIL", "N/A", "ON", nil, "N/A"))
    assert.equal("ON", dut.read("info").BACKUPMODE)
    sms("ON1", REFUSAL)
    sms("AON1", REFUSAL)
    sms("ISTAT", REFUSAL)
    rig.input(2, true)
    modem.no_sms(ALERT, 30)
    sms("RSTAT", ALL_OFF)
    assert.equal("OFF", dut.read("inputs").ALARM1)
    rig.input(2, false)
    rig.dc(true)
    clock.sleep(2)
    sms("STATUS", status("0000000", "OK", "N/A", "OFF"))
    sms("ON1", "ON1 - OK")
    rig.wait_relay(1, true, 5)
  end)

  it("Option 2 without the sensor: relays limited, inputs not #S32", function()
    unit("OFF")
    rig.ac(false)
    rig.dc(false)
    clock.sleep(2)
    sms("STATUS", status("0000000", "FAIL", "N/A", "ON"))
    sms("ON1", REFUSAL)
    sms("AON1", "AON1 - OK")
    assert.equal("ON", dut.read("inputs").ALARM1)
    sms("ISTAT", "IN1=OK,ON IN2=OK,OFF IN3=OK,OFF IN4=OK,OFF IN5=OK,OFF IN6=OK,OFF")
    rig.input(1, true)
    modem.expect_sms(ALERT, "Alarm! IN1", 30)
    sms("RSTAT", ALL_OFF)
    rig.input(1, false)
    rig.dc(true)
    clock.sleep(2)
  end)

  for _, bl in ipairs({ "DC", "OFF" }) do
    it("Option 4 without the sensor: nothing limited on 12 V, BACKUPLIMIT=" .. bl .. " #S32", function()
      unit(bl, { inputs = { INRELAYS1 = "3", INTIME1 = 5 } })
      rig.ac(false)
      clock.sleep(2)
      sms("STATUS", status("0000000", "OK", "N/A", "OFF"))
      assert.equal("OFF", dut.read("info").BACKUPMODE)
      sms("ON1", "ON1 - OK")
      rig.wait_relay(1, true, 5)
      sms("AON1", "AON1 - OK")
      sms("ISTAT", "IN1=OK,ON IN2=OK,OFF IN3=OK,OFF IN4=OK,OFF IN5=OK,OFF IN6=OK,OFF")
      rig.input(1, true)
      modem.expect_sms(ALERT, "Alarm! IN1", 30)
      local on = rig.wait_relay(3, true, 5)
      local off = rig.wait_relay(3, false, 10)
      measure("alarm relay time", off - on, { low = 4.9, high = 5.2, units = "s" })
      rig.input(1, false)
    end)
  end
end)
