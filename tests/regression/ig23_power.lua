-- Regression: power notifications (Installation Guide 2.3, device
-- reference 1 and 7, the Product Information Card).
--
-- S46 AC cut-off notification (ACALERT, with the voltage sensor)
-- S47 main DC cut-off notification (DCALERT)
-- S48 battery capacity alerts: each BATALERT level once per 12 V failure
--
-- The texts are the firmware README's: `AC power failed!`, `AC power
-- restored`, `Main power (12V DC) failed!`, `Main power (12V DC) restored`,
-- `Backup battery low: <n>%`, each to every alert number. The last block
-- needs a unit without the AC voltage sensor (rig.fresh).

local BOSS, ALERT, ALERT2 = "+37060000001", "+37060000009", "+37060000008"
local AC_FAIL, AC_OK = "AC power failed!", "AC power restored"
local DC_FAIL, DC_OK = "Main power (12V DC) failed!", "Main power (12V DC) restored"

local function drain()
  while modem.wait_sms(nil, 0) do end
end

-- Supplies to normal, the notification settings written in full, a restart.
local function unit(security, bl)
  rig.usb(false)
  rig.battery(true)
  rig.battery_level(100)
  rig.dc(true)
  rig.ac(true)
  for i = 1, 6 do rig.input(i, false) end
  clock.sleep(1)
  local sec = { NUM1 = BOSS, ALERT1 = ALERT, ALERT2 = ALERT2, DCALERT = "OFF", ACALERT = "OFF",
                BATALERT = "OFF", PASSWORD = "" }
  for k, v in pairs(security or {}) do sec[k] = v end
  dut.configure{
    security = sec,
    confirm = { SMSCONFIRM = "ON", ERROR = "ON" },
    backup = { BACKUPLIMIT = bl or "DC" },
  }
  dut.restart()
  clock.sleep(5)
  drain()
end

local function sms(text, reply)
  modem.sms(BOSS, text)
  return modem.expect_sms(BOSS, reply, 30)
end

-- The alert reaches both alert numbers, and nothing else follows.
local function alerted(text, quiet_s)
  modem.expect_sms(ALERT, text, 30)
  modem.expect_sms(ALERT2, text, 30)
  modem.no_sms(nil, quiet_s or 120)
end

local function quiet(s)
  modem.no_sms(nil, s)
end

-- ---------------------------------------------------------------------------
describe("IG2.3 AC cut-off notification", function()
  it("factory settings: AC alerts off, DC alerts on #S46 #S47", function()
    local sec = dut.read("security")
    assert.equal("OFF", sec.ACALERT)
    assert.equal("ON", sec.DCALERT)
    assert.equal("YES", dut.read("info").ACSENSOR)
  end)

  for _, bl in ipairs({ "DC", "AC", "OFF" }) do
    it("ACALERT=ON: failed and restored, once each, BACKUPLIMIT=" .. bl .. " #S46", function()
      unit({ ACALERT = "ON" }, bl)
      rig.ac(false)
      alerted(AC_FAIL, 600) -- once, however long AC stays off
      rig.ac(true)
      alerted(AC_OK, 600)
    end)
  end

  it("ACALERT=OFF: no AC notification #S46", function()
    unit({ ACALERT = "OFF", DCALERT = "ON" })
    rig.ac(false)
    quiet(300)
    rig.ac(true)
    quiet(300)
    -- 12 V alerts still come: the switch is AC's own
    rig.dc(false)
    alerted(DC_FAIL, 30)
    rig.dc(true)
    alerted(DC_OK, 30)
  end)

  it("ACALERT is switched by SMS and read back #S46", function()
    unit({ ACALERT = "OFF" })
    sms("ACALERT=ON", "ACALERT=ON - OK")
    assert.equal("ON", dut.read("security").ACALERT)
    rig.ac(false)
    alerted(AC_FAIL, 30)
    rig.ac(true)
    alerted(AC_OK, 30)
    sms("ACALERT=OFF", "ACALERT=OFF - OK")
    assert.equal("OFF", dut.read("security").ACALERT)
    rig.ac(false)
    quiet(120)
    rig.ac(true)
    quiet(120)
  end)

  it("each AC cut-off is notified, also on battery #S46", function()
    unit({ ACALERT = "ON", DCALERT = "ON" })
    for _ = 1, 3 do
      rig.ac(false)
      alerted(AC_FAIL, 30)
      rig.ac(true)
      alerted(AC_OK, 30)
    end
    -- an AC-DC adapter: AC and 12 V go together; both are told
    rig.ac(false)
    rig.dc(false)
    modem.expect_sms(ALERT, AC_FAIL, 30)
    modem.expect_sms(ALERT, DC_FAIL, 30)
    modem.expect_sms(ALERT2, AC_FAIL, 30)
    modem.expect_sms(ALERT2, DC_FAIL, 30)
    quiet(120)
    rig.ac(true)
    rig.dc(true)
    modem.expect_sms(ALERT, AC_OK, 30)
    modem.expect_sms(ALERT, DC_OK, 30)
    modem.expect_sms(ALERT2, AC_OK, 30)
    modem.expect_sms(ALERT2, DC_OK, 30)
    quiet(120)
  end)
end)

-- ---------------------------------------------------------------------------
describe("IG2.3 main DC cut-off notification", function()
  for _, bl in ipairs({ "DC", "AC", "OFF" }) do
    it("DCALERT=ON: failed and restored, once each, BACKUPLIMIT=" .. bl .. " #S47", function()
      unit({ DCALERT = "ON" }, bl)
      rig.dc(false)
      alerted(DC_FAIL, 600)
      rig.dc(true)
      alerted(DC_OK, 600)
      rig.dc(false)
      alerted(DC_FAIL, 30)
      rig.dc(true)
      alerted(DC_OK, 30)
    end)
  end

  it("DCALERT=OFF: no DC notification, AC alerts unaffected #S47", function()
    unit({ DCALERT = "OFF", ACALERT = "ON" })
    rig.dc(false)
    quiet(300)
    rig.dc(true)
    quiet(300)
    rig.ac(false)
    alerted(AC_FAIL, 30)
    rig.ac(true)
    alerted(AC_OK, 30)
  end)

  it("DCALERT is switched by SMS and read back #S47", function()
    unit({ DCALERT = "OFF" })
    sms("DCALERT=ON", "DCALERT=ON - OK")
    assert.equal("ON", dut.read("security").DCALERT)
    sms("DCALERT?", "DCALERT=OFF,(ON)")
    rig.dc(false)
    alerted(DC_FAIL, 30)
    rig.dc(true)
    alerted(DC_OK, 30)
    sms("DCALERT=OFF", "DCALERT=OFF - OK")
    rig.dc(false)
    quiet(120)
    rig.dc(true)
    quiet(120)
  end)
end)

-- ---------------------------------------------------------------------------
describe("Battery capacity alerts", function()
  local function low(pct) return "Backup battery low: " .. pct .. "%" end

  it("BATALERT levels are stored and read back in order #S48", function()
    unit({ BATALERT = "OFF" })
    sms("BATALERT=20,50", "BATALERT=20,50 - OK")
    assert.equal("50,20", dut.read("security").BATALERT)
    sms("BATALERT?", "BATALERT=50,20")
    sms("BATALERT=OFF", "BATALERT=OFF - OK")
    assert.equal("OFF", dut.read("security").BATALERT)
  end)

  it("each level alerts once per 12 V failure, with the charge #S48", function()
    unit({ BATALERT = "50,20" })
    rig.dc(false)
    quiet(60) -- 100 %: nothing
    rig.battery_level(60)
    quiet(60)
    rig.battery_level(45)
    alerted(low(45), 300)
    rig.battery_level(40)
    quiet(120)
    rig.battery_level(55) -- a rising reading does not re-arm the level
    quiet(120)
    rig.battery_level(45)
    quiet(300)
    rig.battery_level(20)
    alerted(low(20), 300)
    rig.battery_level(10)
    quiet(600)
    -- a new 12 V failure re-arms every level
    rig.battery_level(100)
    rig.dc(true)
    quiet(120)
    rig.dc(false)
    quiet(60)
    rig.battery_level(48)
    alerted(low(48), 120)
    rig.battery_level(19)
    alerted(low(19), 300)
    rig.dc(true)
    rig.battery_level(100)
    quiet(60)
  end)

  it("a failure starting below both levels gives both alerts at once, no more #S48", function()
    unit({ BATALERT = "50,20" })
    rig.battery_level(15)
    rig.dc(false)
    modem.expect_sms(ALERT, low(15), 30)
    modem.expect_sms(ALERT, low(15), 30)
    modem.expect_sms(ALERT2, low(15), 30)
    modem.expect_sms(ALERT2, low(15), 30)
    quiet(600)
    rig.dc(true)
    quiet(60)
    rig.battery_level(100)
  end)

  it("BATALERT=OFF: no battery alert #S48", function()
    unit({ BATALERT = "OFF" })
    rig.dc(false)
    for _, pct in ipairs({ 60, 45, 20, 5 }) do
      rig.battery_level(pct)
      quiet(60)
    end
    rig.dc(true)
    rig.battery_level(100)
    quiet(30)
  end)

  it("one level set by SMS, with DC alerts on as well #S48 #S47", function()
    unit({ DCALERT = "ON" })
    sms("BATALERT=30", "BATALERT=30 - OK")
    rig.dc(false)
    alerted(DC_FAIL, 30)
    rig.battery_level(45)
    quiet(120)
    rig.battery_level(30)
    alerted(low(30), 300)
    rig.battery_level(100)
    rig.dc(true)
    alerted(DC_OK, 30)
  end)
end)

-- From here on the unit is a model without the AC voltage sensor.
describe("without the voltage sensor", function()
  it("AC changes give no notification, 12 V alerts still do #S46 #S47", function()
    rig.fresh{ ac_sensor = false }
    unit({ ACALERT = "ON", DCALERT = "ON" })
    assert.equal("NO", dut.read("info").ACSENSOR)
    rig.ac(false)
    quiet(120)
    rig.ac(true)
    quiet(120)
    rig.dc(false)
    alerted(DC_FAIL, 30)
    rig.dc(true)
    alerted(DC_OK, 30)
  end)
end)
