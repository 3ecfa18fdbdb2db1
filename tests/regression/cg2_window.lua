-- Configuration Guide 2 and Installation Guide 6: SMS configuration only in a
-- 30-minute window after power-up or the last accepted configuration command;
-- the renew password reopens it by SMS; a full battery discharge resets it.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local drain, sms = S.drain, S.sms

local BOSS = S.BOSS
local EXPIRED = "Time for configuration is expired (30min)!"
local RENEWED = "Time for configuration renewed (30min)"
local MIN = 60

local function pulsetime()
	return sms("PULSETIME?", modem.pattern("^PULSETIME=%d+$")):match("=(%d+)$")
end

-- The battery's charge, where the rig can set it (the simulator; a physical
-- rig has only the battery switch). Returns false when it cannot.
local function battery_level(pct)
	return (pcall(rig.battery_level, pct))
end

-- The unit is off when 12 V is off and its battery is empty. A physical rig
-- cannot drain the battery; there the battery switch stands for it.
local function battery_empty()
	if not battery_level(0) then rig.battery(false) end
end

-- Settings by USB (this reopens the window), then a restart: the window
-- starts at the returned rig time.
local function fresh(extra)
	rig.usb(false)
	rig.battery(true)
	battery_level(100)
	rig.dc(true)
	rig.ac(true)
	local cfg = {
		security = { NUM1 = BOSS, RENEWPASSWORD = "", PASSWORD = "", DCALERT = "OFF", BATALERT = "OFF" },
		confirm = { SMSCONFIRM = "ON", ERROR = "ON" },
		ring = { PULSETIME = 4 },
		power = {},
	}
	for r = 1, 7 do cfg.power["POWERSTATE" .. r] = "OFF" end
	for tab, kv in pairs(extra or {}) do
		for k, v in pairs(kv) do cfg[tab][k] = v end
	end
	dut.configure(cfg)
	dut.restart()
	local t0 = clock.now()
	clock.sleep(5)
	drain()
	return t0
end


describe("CG2/IG6: the 30-minute configuration window #cg2 #ig6", function()
	it("accepts configuration for 30 minutes after power-up #S11", function()
		local t0 = fresh()
		clock.sleep(t0 + 29 * MIN - clock.now())
		sms("PULSETIME=5", "PULSETIME=5 - OK")
		assert.equal("5", pulsetime())
	end)

	it("each accepted configuration command opens 30 more minutes #S11", function()
		clock.sleep(29 * MIN)
		sms("PULSETIME=6", "PULSETIME=6 - OK")
		clock.sleep(29 * MIN)
		sms("ADDALERTNUM+37060000009", "ADDALERTNUM+37060000009 - OK")
		clock.sleep(29 * MIN)
		sms("SC10:00,*,ONR1", "SC10:00,*,ONR1 - OK")
		assert.equal("6", pulsetime())
	end)

	it("refuses configuration 30 minutes after the last accepted one, and keeps the setting #S11", function()
		clock.sleep(31 * MIN)
		sms("PULSETIME=9", EXPIRED)
		assert.equal("6", pulsetime())
		assert.equal("6", dut.read("ring").PULSETIME)
	end)

	it("refuses every kind of configuration command once the window is closed #S11", function()
		clock.sleep(31 * MIN) -- the USB READ above opened nothing
		sms("ALIAS1=pump", EXPIRED)
		sms("ADDSECNUM+37060000002", EXPIRED)
		sms("DELALERTNUM+37060000009", EXPIRED)
		sms("SC11:00,*,OFFR1", EXPIRED)
		sms("SCHEDULER-ALL", EXPIRED)
		sms("BACKUPLIMIT=OFF", EXPIRED)
		local cfg = dut.config()
		assert.equal("", cfg.aliases.ALIAS1)
		assert.equal("", cfg.security.NUM2)
		assert.equal("+37060000009", cfg.security.ALERT1)
		assert.equal("10:00,*,ONR1", cfg.scheduler.TASK1)
		assert.equal("", cfg.scheduler.TASK2)
		assert.equal("DC", cfg.backup.BACKUPLIMIT)
	end)

	it("keeps information and control commands available, and they do not reopen the window #S11", function()
		clock.sleep(31 * MIN)
		sms("STATUS", modem.pattern("^Relays: 0000000; "))
		sms("ON2", "ON2 - OK")
		rig.wait_relay(2, true, 5)
		sms("RSTAT", "R1=OFF R2=ON R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF")
		sms("PULSE3", "PULSE3 - OK")
		rig.wait_relay(3, true, 5)
		rig.wait_relay(3, false, 10)
		sms("SIGNALREPORT", modem.pattern("^Signal: "))
		sms("BACKUPLIMIT?", "BACKUPLIMIT=(DC),AC,OFF")
		sms("OFF2", "OFF2 - OK")
		rig.wait_relay(2, false, 5)
		-- none of them counted as configuration
		sms("PULSETIME=7", EXPIRED)
		assert.equal("6", pulsetime())
	end)

	it("a refused command does not reopen the window either #S11", function()
		sms("PULSETIME=abc", EXPIRED)
		clock.sleep(1)
		sms("PULSETIME=7", EXPIRED)
	end)

	it("counts from the last configuration command, not from later information or control commands #S11", function()
		dut.configure{ ring = { PULSETIME = 6 } } -- USB: the window opens
		sms("PULSETIME=6", "PULSETIME=6 - OK")
		clock.sleep(20 * MIN)
		sms("STATUS", modem.pattern("^Relays: "))
		sms("PULSETIME?", "PULSETIME=6")
		sms("ON2", "ON2 - OK")
		sms("OFF2", "OFF2 - OK")
		clock.sleep(11 * MIN)
		sms("PULSETIME=7", EXPIRED)
		assert.equal("6", pulsetime())
	end)
end)

describe("CG2: the renew password #cg2", function()
	it("reopens the window by SMS #S10", function()
		local t0 = fresh{ security = { RENEWPASSWORD = "ab123" } }
		clock.sleep(t0 + 31 * MIN - clock.now())
		sms("PULSETIME=8", EXPIRED)
		sms("RENEWab123", RENEWED)
		sms("PULSETIME=8", "PULSETIME=8 - OK")
		assert.equal("8", dut.read("ring").PULSETIME)
	end)

	it("the renewed window lasts 30 minutes #S10 #S11", function()
		clock.sleep(31 * MIN)
		sms("PULSETIME=9", EXPIRED)
		sms("RENEWab123", RENEWED)
		clock.sleep(29 * MIN)
		sms("PULSETIME=9", "PULSETIME=9 - OK")
		clock.sleep(31 * MIN)
		sms("RENEWab123", RENEWED)
		clock.sleep(31 * MIN)
		sms("PULSETIME=10", EXPIRED)
		assert.equal("9", pulsetime())
	end)

	it("a wrong renew password is refused and opens nothing #S10", function()
		sms("RENEWab124", "Invalid access password!")
		sms("RENEW", "Invalid access password!")
		sms("RENEW ab12", "Invalid access password!")
		sms("PULSETIME=10", EXPIRED)
		assert.equal("9", pulsetime())
	end)

	it("works without the management password, and only with the renew password #S10", function()
		dut.configure{ security = { PASSWORD = "12345" } }
		clock.sleep(31 * MIN)
		sms("12345PULSETIME=5", EXPIRED)
		sms("RENEW12345", "Invalid access password!")
		sms("12345PULSETIME=5", EXPIRED)
		sms("RENEWab123", RENEWED)
		sms("12345PULSETIME=5", "PULSETIME=5 - OK")
		dut.configure{ security = { PASSWORD = "" } }
	end)

	it("no renew password configured: RENEW opens nothing #S10", function()
		dut.configure{ security = { RENEWPASSWORD = "" } }
		clock.sleep(31 * MIN)
		sms("RENEW", "Invalid access password!")
		sms("RENEWab123", "Invalid access password!")
		sms("PULSETIME=6", EXPIRED)
		assert.equal("5", pulsetime())
	end)
end)

describe("IG6: a full battery discharge resets the window #ig6", function()
	it("12 V off with a charged battery: the unit runs on, the window stays closed #S13", function()
		local t0 = fresh()
		clock.sleep(t0 + 31 * MIN - clock.now())
		sms("PULSETIME=7", EXPIRED)
		rig.dc(false)
		clock.sleep(10)
		local low = battery_level(15)
		clock.sleep(600)
		sms("STATUS", modem.pattern(low and "; DC: FAIL; .*Battery: 15%%; " or "; DC: FAIL; "))
		rig.dc(true)
		clock.sleep(10)
		sms("PULSETIME=7", EXPIRED)
		assert.equal("4", pulsetime())
		-- an empty battery with 12 V present: the unit is powered by 12 V
		battery_empty()
		clock.sleep(60)
		sms("STATUS", modem.pattern("^Relays: "))
		sms("PULSETIME=7", EXPIRED)
		rig.battery(true)
		battery_level(100)
	end)

	it("the battery runs down without 12 V: the unit is off, then boots with the window open #S13", function()
		clock.sleep(31 * MIN)
		sms("PULSETIME=7", EXPIRED)
		sms("ON1", "ON1 - OK")
		rig.wait_relay(1, true, 5)
		rig.dc(false)
		rig.wait_relay(1, false, 2)
		clock.sleep(60)
		sms("STATUS", modem.pattern("; DC: FAIL; "))
		battery_empty()
		clock.sleep(5)
		if rig.has("control") then
			-- the simulator reports the MCU's supply; a physical rig sees it
			-- only as the silence below
			assert.matches("powered=0", rig.control("get"))
		end
		-- off: nothing is answered
		modem.sms(BOSS, "RSTAT")
		modem.no_sms(BOSS, 300)
		clock.sleep(3600)
		assert.equal("0000000", (rig.relays()))
		-- 12 V returns: a fresh boot; the message that waited is answered now
		local t_on = clock.now()
		rig.dc(true)
		modem.expect_sms(BOSS, "R1=OFF R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF", 60)
		-- more than 30 minutes after the last accepted configuration command,
		-- configuration is accepted again for 30 minutes from the boot
		clock.sleep(t_on + 29 * MIN - clock.now())
		sms("PULSETIME=7", "PULSETIME=7 - OK")
		assert.equal("7", dut.read("ring").PULSETIME)
		clock.sleep(31 * MIN)
		sms("PULSETIME=8", EXPIRED)
		rig.battery(true)
		battery_level(100)
	end)

	it("a boot after the discharge with no SMS waiting opens the window too #S13", function()
		clock.sleep(31 * MIN)
		sms("PULSETIME=8", EXPIRED)
		rig.dc(false)
		clock.sleep(30)
		battery_empty()
		clock.sleep(30 * MIN)
		local t_on = clock.now()
		rig.dc(true)
		clock.sleep(t_on + 29 * MIN - clock.now())
		sms("PULSETIME=8", "PULSETIME=8 - OK")
		rig.battery(true)
		battery_level(100)
	end)
end)
