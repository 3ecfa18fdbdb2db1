-- Product Information Card (Configuration Guide 4): restart delay
-- (RESTARTTIME), pulse duration (PULSETIME) and relay aliases (ALIAS1..7).
-- Set by SMS and USB, read back, and measured on the relays through every
-- path that uses them (SMS, call, scheduler).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local sms = S.sms_within(10) -- modem.expect_sms's default wait

local BOSS = S.BOSS

local function reset()
	rig.dc(true)
	rig.ac(true)
	dut.configure{
		security = { SECURITY = true, NUM1 = BOSS, PASSWORD = "" },
		confirm = { SMSCONFIRM = true, ERROR = true, CALLCONFIRM = "SMS" },
		ring = { PULSETIME = 4, RESTARTTIME = 5, RINGACTION = "NONE" },
		aliases = { ALIAS1 = "", ALIAS2 = "", ALIAS3 = "", ALIAS4 = "", ALIAS5 = "", ALIAS6 = "", ALIAS7 = "" },
		scheduler = { TASK1 = "" },
	}
	clock.sleep(1)
	sms("OFFALL", "OFFALL - OK")
	clock.sleep(1)
end

-- The relay goes off (from on) and comes back on: the off time in s.
-- (Callers let a second pass between switching a relay and the next
-- command, so that the relay's earlier changes are not taken for new ones.)
local function off_time(r, timeout)
	local off = rig.wait_relay(r, false, 10)
	local on = rig.wait_relay(r, true, timeout)
	return on - off
end

describe("restart delay #S68", { independent = true }, function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("RESTARTTIME by SMS is stored, read back and is the off time of RESTART #S68", function()
		sms("RESTARTTIME=12", "RESTARTTIME=12 - OK")
		sms("RESTARTTIME?", "RESTARTTIME=12")
		assert.equal("12", dut.read("ring").RESTARTTIME)
		modem.sms(BOSS, "ON4")
		rig.wait_relay(4, true, 5)
		clock.sleep(1)
		sms("RESTART4", "RESTART4 - OK")
		measure("RESTART4 off time", off_time(4, 30), { low = 11.9, high = 12.1, units = "s" })
		clock.sleep(30)
		assert.is_true(rig.relay(4)) -- and it stays on
		-- PULSETIME is a separate setting
		assert.equal("4", dut.read("ring").PULSETIME)
	end)

	it("RESTARTTIME limits 1..250: out of range refused, the old value kept #S68", function()
		sms("RESTARTTIME=0", "Incorrect value!")
		sms("RESTARTTIME=251", "Incorrect value!")
		sms("RESTARTTIME=abc", "Incorrect value!")
		assert.equal("5", dut.read("ring").RESTARTTIME)
		sms("RESTARTTIME=250", "RESTARTTIME=250 - OK")
		modem.sms(BOSS, "ON2")
		rig.wait_relay(2, true, 5)
		clock.sleep(1)
		modem.sms(BOSS, "RESTART2")
		measure("RESTART2 off time at 250", off_time(2, 300), { low = 249.9, high = 250.1, units = "s" })
		sms("RESTARTTIME=1", "RESTARTTIME=1 - OK")
		clock.sleep(1)
		modem.sms(BOSS, "RESTART2")
		measure("RESTART2 off time at 1", off_time(2, 10), { low = 0.9, high = 1.1, units = "s" })
	end)

	it("RESTARTTIME over USB, used by the call action too #S68", function()
		dut.configure{ ring = { RESTARTTIME = 3, RINGACTION = "RESTART5" } }
		assert.equal("3", dut.read("ring").RESTARTTIME)
		modem.sms(BOSS, "ON5")
		rig.wait_relay(5, true, 5)
		clock.sleep(1)
		modem.ring(BOSS)
		modem.expect_reject(30)
		measure("call RESTART5 off time", off_time(5, 20), { low = 2.9, high = 3.1, units = "s" })
		modem.expect_sms(BOSS, "RESTART5 - OK")
		-- a restart of a relay that is off: off for RESTARTTIME, then on
		modem.sms(BOSS, "OFF5")
		rig.wait_relay(5, false, 5)
		clock.sleep(1)
		clock.sleep(1)
		local t0 = clock.now()
		modem.sms(BOSS, "RESTART5")
		local on = rig.wait_relay(5, true, 20)
		measure("RESTART of an off relay: on after", on - t0, { low = 2.9, high = 3.5, units = "s" })
	end)

	it("RESTARTTIME survives a restart of the unit #S68", function()
		sms("RESTARTTIME=9", "RESTARTTIME=9 - OK")
		dut.restart()
		clock.sleep(5)
		assert.equal("9", dut.read("ring").RESTARTTIME)
		modem.sms(BOSS, "ON1")
		rig.wait_relay(1, true, 5)
		clock.sleep(1)
		modem.sms(BOSS, "RESTART1")
		measure("RESTART1 after a reboot", off_time(1, 20), { low = 8.9, high = 9.1, units = "s" })
	end)
end)

describe("pulse duration #S69", { independent = true }, function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("PULSETIME by SMS is stored, read back and is the length of PULSE #S69", function()
		sms("PULSETIME=7", "PULSETIME=7 - OK")
		sms("PULSETIME?", "PULSETIME=7")
		assert.equal("7", dut.read("ring").PULSETIME)
		assert.equal("5", dut.read("ring").RESTARTTIME)
		-- from off: on for 7 s
		sms("PULSE3", "PULSE3 - OK")
		local on = rig.wait_relay(3, true, 5)
		local off = rig.wait_relay(3, false, 20)
		measure("PULSE3 from off", off - on, { low = 6.9, high = 7.1, units = "s" })
		-- from on: off for 7 s, then on again
		modem.sms(BOSS, "ON6")
		rig.wait_relay(6, true, 5)
		clock.sleep(1)
		modem.sms(BOSS, "PULSE6")
		measure("PULSE6 from on", off_time(6, 20), { low = 6.9, high = 7.1, units = "s" })
		clock.sleep(20)
		assert.is_true(rig.relay(6))
	end)

	it("PULSETIME limits 1..250 #S69", function()
		sms("PULSETIME=0", "Incorrect value!")
		sms("PULSETIME=251", "Incorrect value!")
		assert.equal("4", dut.read("ring").PULSETIME)
		sms("PULSETIME=250", "PULSETIME=250 - OK")
		modem.sms(BOSS, "PULSE7")
		local on = rig.wait_relay(7, true, 5)
		local off = rig.wait_relay(7, false, 300)
		measure("PULSE7 at 250", off - on, { low = 249.9, high = 250.1, units = "s" })
	end)

	it("PULSETIME over USB, used by the call action and a scheduled PULR task #S69", function()
		dut.configure{ ring = { PULSETIME = 2, RINGACTION = "PULSE1" } }
		assert.equal("2", dut.read("ring").PULSETIME)
		modem.ring(BOSS)
		modem.expect_reject(30)
		local on = rig.wait_relay(1, true, 10)
		local off = rig.wait_relay(1, false, 10)
		measure("call PULSE1", off - on, { low = 1.9, high = 2.1, units = "s" })
		modem.expect_sms(BOSS, "PULSE1 - OK")
		dut.configure{ ring = { RINGACTION = "NONE" } }
		-- a scheduled PULR: the clock is set first
		modem.network_time("2026-11-21 10:00:30")
		sms("SIGNALREPORT", modem.pattern("Time: 2026%-11%-21 10:00:30$"))
		dut.configure{ scheduler = { TASK1 = "10:02,*,PULR2" } }
		on = rig.wait_relay(2, true, 200)
		off = rig.wait_relay(2, false, 10)
		measure("scheduled PULR2", off - on, { low = 1.9, high = 2.1, units = "s" })
		dut.configure{ scheduler = { TASK1 = "" } }
	end)
end)

describe("relay aliases #S72", { independent = true }, function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("ALIAS by SMS is stored as typed, read back, and names the relay in commands #S72", function()
		sms("ALIAS3=Heater", "ALIAS3=HEATER - OK")
		sms("ALIAS3?", "ALIAS3=Heater")
		assert.equal("Heater", dut.read("aliases").ALIAS3)
		sms("ON heater", "ON HEATER - OK")
		rig.wait_relay(3, true, 2)
		clock.sleep(1)
		assert.equal("0010000", (rig.relays()))
		sms("OFF HEATER", "OFF HEATER - OK")
		rig.wait_relay(3, false, 2)
		clock.sleep(1)
		sms("PULSE Heater", "PULSE HEATER - OK")
		local on = rig.wait_relay(3, true, 5)
		local off = rig.wait_relay(3, false, 10)
		measure("PULSE by alias", off - on, { low = 3.9, high = 4.1, units = "s" })
		modem.sms(BOSS, "ON3")
		rig.wait_relay(3, true, 5)
		clock.sleep(1)
		sms("RESTART heater", "RESTART HEATER - OK")
		measure("RESTART by alias", off_time(3, 10), { low = 4.9, high = 5.1, units = "s" })
	end)

	it("every relay 1..7 can be named, over USB too #S72", function()
		local names = { "lamp", "fan", "heater", "pump", "gate", "siren", "boiler" }
		local cfg = {}
		for r, n in ipairs(names) do
			cfg["ALIAS" .. r] = n
		end
		dut.configure{ aliases = cfg }
		local back = dut.read("aliases")
		for r, n in ipairs(names) do
			assert.equal(n, back["ALIAS" .. r])
			sms("ALIAS" .. r .. "?", "ALIAS" .. r .. "=" .. n)
		end
		for r, n in ipairs(names) do
			sms("ON " .. n, "ON " .. n:upper() .. " - OK")
			rig.wait_relay(r, true, 5)
			local want = {}
			for k = 1, 7 do
				want[k] = k <= r and "1" or "0"
			end
			assert.equal(table.concat(want), (rig.relays()))
		end
	end)

	it("a renamed relay answers only to its new alias; an unknown alias is an error #S72", function()
		dut.configure{ aliases = { ALIAS2 = "fan" } }
		sms("ALIAS2=cooler", "ALIAS2=COOLER - OK")
		sms("ON fan", "ON fan - Error!")
		sms("ON cooler", "ON COOLER - OK")
		rig.wait_relay(2, true, 5)
		clock.sleep(1)
		assert.equal("0100000", (rig.relays()))
		-- too long (16 characters) or with a comma: refused, the old kept
		sms("ALIAS2=abcdefghijklmnop", "Incorrect value!")
		sms("ALIAS2=a,b", "Incorrect value!")
		assert.equal("cooler", dut.read("aliases").ALIAS2)
		-- 15 characters is the longest
		sms("ALIAS2=abcdefghijklmno", "ALIAS2=ABCDEFGHIJKLMNO - OK")
		assert.equal("abcdefghijklmno", dut.read("aliases").ALIAS2)
		-- ALIAS2= clears it
		sms("ALIAS2=", "ALIAS2= - OK")
		assert.equal("", dut.read("aliases").ALIAS2)
	end)

	it("an alias with a GSM '@' is stored whole and works: ALIAS3=me@home #S72", function()
		sms("ALIAS3=me@home", "ALIAS3=ME@HOME - OK")
		assert.equal("me@home", dut.read("aliases").ALIAS3)
		sms("ALIAS3?", "ALIAS3=me@home")
		-- "me" alone is not the alias
		sms("ON me", "ON me - Error!")
		assert.is_false(rig.relay(3))
		sms("ON me@home", "ON ME@HOME - OK")
		rig.wait_relay(3, true, 5)
		clock.sleep(1)
		-- set over USB, used by SMS
		dut.configure{ aliases = { ALIAS5 = "@gate" } }
		sms("ON @gate", "ON @GATE - OK")
		rig.wait_relay(5, true, 5)
		clock.sleep(1)
		assert.equal("0010100", (rig.relays()))
	end)
end)
