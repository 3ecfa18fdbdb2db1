-- The notes under the backup-limitation table (Configuration Guide 3.4),
-- each its own check, plus the timing measurements the certification
-- records. Runs unchanged on the simulated and the real rig.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local T = dofile(here .. "../../fixtures/backup_table.lua")
local sms = S.sms
local BOSS, ALERT = S.BOSS, S.ALERT

-- Each test starts with unit(): supplies, the settings it relies on and a
-- restart, so the tests are independent (-j hands them out one by one).
local function unit(bl, extra)
  S.supplies{ ac = true }
  clock.sleep(1)
  S.configure_restart(S.merge(S.config{ backup = bl, power = true, thermostat = true, scheduler = true }, extra))
end

describe("Backup limitation notes", { tags = "certify", independent = true }, function()
  for _, bl in ipairs({ "DC", "AC", "OFF" }) do
    it("every relay is released when 12 V fails, BACKUPLIMIT=" .. bl .. " #S35", function()
      unit(bl)
      sms("ONALL", "ONALL - OK")
      for r = 1, 7 do rig.wait_relay(r, true, 5) end
      local t_fail = clock.now()
      rig.dc(false)
      local last = 0
      for r = 1, 7 do last = math.max(last, rig.wait_relay(r, false, 2)) end
      measure("relay release after 12 V loss", last - t_fail, { low = 0, high = 0.5, units = "s" })
      -- the firmware released the coils itself, not only the supply
      clock.sleep(1)
      sms("RSTAT", "R1=OFF R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF")
      rig.dc(true)
      clock.sleep(2)
      assert.equal("0000000", rig.relays())
    end)
  end

  it("a task missed in backup mode is not executed later #S41", function()
    -- SIGN (never limited) at the same minute shows that 10:00 did pass on
    -- the unit's clock while ONR1 was limited
    unit("DC", { scheduler = { TASK1 = "10:00,*,ONR1", TASK2 = "10:00,*,SIGN" } })
    modem.network_time("2026-11-21 09:59:50")
    sms("SIGNALREPORT", modem.pattern("^Signal: "))
    local t = clock.now()
    rig.dc(false)
    clock.sleep(1)
    sms("STATUS", modem.pattern("; DC: FAIL; .*Backup mode: ON$"))
    clock.sleep(29) -- 10:00 passes in backup mode
    modem.expect_sms(ALERT, modem.pattern("^Signal: %d+/31%. Time: 2026%-11%-21 10:00:0%d$"), 1)
    rig.dc(true)
    clock.sleep(120)
    assert.is_false(rig.relay(1))
    assert.is_true((rig.relay_changed(1) or 0) < t, "R1 switched after the task was missed: " .. rig.history(1))
    sms("RSTAT", "R1=OFF R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF")
    modem.no_sms(ALERT, 1)
  end)

  it("the thermostat returns to normal operation when backup mode ends #S43", function()
    rig.temp(1, 15)
    unit("AC", { thermostat = { THERMO7 = "ON", TSENSOR7 = "1", TMODE7 = "HEAT", TTEMP7 = "20" } })
    rig.wait_relay(7, true, 15)
    rig.ac(false) -- Option 3: 12 V stays, relays could switch
    clock.sleep(1)
    sms("STATUS", modem.pattern("; DC: OK; AC: FAIL; .*Backup mode: ON$"))
    rig.temp(1, 25)
    clock.sleep(30)
    assert.is_true(rig.relay(7)) -- the thermostat did not switch it off
    local t = clock.now()
    rig.ac(true)
    local at = rig.wait_relay(7, false, 15)
    measure("thermostat resumes after backup mode", at - t, { low = 0, high = 11, units = "s" })
  end)

  it("scheduler tasks can be added and removed in backup mode #S45", function()
    unit("DC")
    rig.dc(false)
    clock.sleep(1)
    sms("ON2", T.refusal) -- in backup mode
    sms("SC12:00,*,ONR2", "SC12:00,*,ONR2 - OK")
    sms("SCHEDULER?", "12:00,*,ONR2")
    sms("SCHEDULER-12:00", "SCHEDULER-12:00 - OK")
    sms("SCHEDULER?", "SCHEDULER=EMPTY")
  end)

  it("the refusal text is exact #S36 #S39 #S40", function()
    unit("DC")
    rig.dc(false)
    clock.sleep(1)
    sms("ON1", T.refusal)
    sms("AON1", T.refusal)
    sms("TON1", T.refusal)
  end)

  it("SMS are ignored while USB is attached, and not processed later #S04", function()
    unit("DC")
    rig.usb(true)
    clock.sleep(1)
    modem.sms(BOSS, "ON1")
    modem.no_sms(BOSS, 20)
    rig.usb(false)
    clock.sleep(10)
    modem.no_sms(BOSS, 10)
    assert.is_false(rig.relay(1))
    -- with USB detached the same SMS is processed
    sms("ON1", "ON1 - OK")
    assert.is_true(rig.relay(1))
  end)

  it("time from an SMS to the relay change", function()
    unit("DC")
    local t = clock.now()
    modem.sms(BOSS, "ON3")
    local at = rig.wait_relay(3, true, 30)
    measure("SMS to relay change", at - t, { low = 0, high = 10, units = "s" })
    modem.expect_sms(BOSS, "ON3 - OK", 30)
  end)
end)
