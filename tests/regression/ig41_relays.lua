-- Regression: relays as pushbuttons (Installation Guide 4.1; device
-- reference 1). "On" is the coil powered (N/O closed, N/C open), PULSE
-- inverts a relay for PULSETIME and returns its contacts to their previous
-- state, ON closes the N/O contacts, a call pulses a relay and is confirmed
-- by a call-back. Also: a timed relay state (pulse, restart) never survives
-- a 12 V blip, and a second PULSE or RESTART on a relay while one runs
-- never leaves it inverted (firmware/README.md, "Timed relay actions").
--
-- Rig-runnable: relays are read as the rig reads the coils, the unit is
-- driven by SMS and calls through the modem, set up over USB.

local BOSS = "+37060000001"
local PULSE_LOW, PULSE_HIGH = 3.9, 4.2 -- PULSETIME=4 as the rig measures it

local function drain()
	while modem.wait_sms(nil, 0) do end
end

local function sms(text, reply)
	modem.sms(BOSS, text)
	return modem.expect_sms(BOSS, reply, 30)
end

local function rstat(states) -- states: "0100000"
	local parts = {}
	for r = 1, 7 do
		parts[r] = "R" .. r .. (states:sub(r, r) == "1" and "=ON" or "=OFF")
	end
	return table.concat(parts, " ")
end

-- Every relay off, no timed action left running, no thermostat.
local function reset()
	rig.usb(false)
	rig.battery(true)
	rig.dc(true)
	clock.sleep(10) -- past the supply debounce; modem initialised after a restart
	sms("OFFALL", "OFFALL - OK")
	clock.sleep(1)
	drain()
end

-- Switch a relay on by SMS and let a second pass, so its later changes
-- are at later rig times than this one.
local function on_(r)
	sms("ON" .. r, "ON" .. r .. " - OK")
	rig.wait_relay(r, true, 2)
	clock.sleep(1)
end

-- Rig times (s) at which relay r went on (or off), from its history.
local function changes(r, word)
	local t = {}
	for v in rig.history(r):gmatch(word .. "@([%d.]+)s") do t[#t + 1] = tonumber(v) end
	return t
end

-- A relay stays as it is for the given time: no change at all.
local function stays(r, state, secs)
	local before = rig.relay_changed(r)
	clock.sleep(secs)
	assert.equal(state, rig.relay(r), "relay " .. r .. ": " .. rig.history(r))
	assert.equal(before, rig.relay_changed(r), "relay " .. r .. " changed: " .. rig.history(r))
end

describe("IG 4.1 relays", function()
	-- Each test sets what it needs (a failed test leaves a fresh unit).
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		dut.configure{
			security = { NUM1 = BOSS, DCALERT = "OFF" },
			confirm = { SMSCONFIRM = "ON", ERROR = "ON", CALLCONFIRM = "SMS" },
			ring = { RINGACTION = "NONE", PULSETIME = 4, RESTARTTIME = 5 },
			aliases = { ALIAS3 = "pump", ALIAS6 = "gate" },
		}
		reset()
	end)

	it("on is the coil powered, and RSTAT, STATUS and USB agree with the rig #S49 #S52", function()
		sms("ON1", "ON1 - OK")
		sms("ON4", "ON4 - OK")
		sms("ON7", "ON7 - OK")
		clock.sleep(0.5)
		assert.equal("1001001", (rig.relays()))
		sms("RSTAT", rstat("1001001"))
		sms("STATUS", modem.pattern("^Relays: 1001001; Inputs: "))
		assert.equal("1001001", dut.read("info").RELAYS)
		sms("OFF4", "OFF4 - OK")
		clock.sleep(0.5)
		assert.equal("1000001", (rig.relays()))
		sms("RSTAT", rstat("1000001"))
		sms("STATUS", modem.pattern("^Relays: 1000001; "))
		-- an off command on an off relay changes nothing
		sms("OFF4", "OFF4 - OK")
		stays(4, false, 2)
		assert.equal("1000001", (rig.relays()))
	end)

	it("ON by number and by alias closes the N/O contacts and holds #S52 #S49", function()
		sms("ON pump", "ON PUMP - OK")
		rig.wait_relay(3, true, 2)
		sms("ONgate", "ONGATE - OK")
		rig.wait_relay(6, true, 2)
		on_(2)
		assert.equal("0110010", (rig.relays()))
		stays(3, true, 60) -- ON is not a pulse: the contacts stay closed
		sms("RSTAT", rstat("0110010"))
		sms("OFF pump", "OFF PUMP - OK")
		rig.wait_relay(3, false, 2)
		assert.equal("0100010", (rig.relays()))
	end)

	it("PULSE switches on and off for PULSETIME, by number and by alias #S50", function()
		modem.sms(BOSS, "PULSE2")
		local on = rig.wait_relay(2, true, 5)
		modem.expect_sms(BOSS, "PULSE2 - OK", 10)
		sms("RSTAT", rstat("0100000")) -- RSTAT during the pulse agrees with the rig
		local off = rig.wait_relay(2, false, 10)
		measure("pulse (PULSETIME=4)", off - on, { low = PULSE_LOW, high = PULSE_HIGH, units = "s" })
		stays(2, false, 30)

		sms("PULSETIME=7", "PULSETIME=7 - OK")
		modem.sms(BOSS, "PULSE gate")
		on = rig.wait_relay(6, true, 5)
		modem.expect_sms(BOSS, "PULSE GATE - OK", 10)
		off = rig.wait_relay(6, false, 12)
		measure("pulse (PULSETIME=7)", off - on, { low = 6.9, high = 7.2, units = "s" })
		stays(6, false, 30)
		sms("PULSETIME=4", "PULSETIME=4 - OK")
		sms("RSTAT", rstat("0000000"))
	end)

	it("PULSE on a relay that is on is an off-pulse and leaves it on #S51 #S50", function()
		on_(5)
		modem.sms(BOSS, "PULSE5")
		local off = rig.wait_relay(5, false, 5)
		modem.expect_sms(BOSS, "PULSE5 - OK", 10)
		sms("RSTAT", rstat("0000000"))
		local on = rig.wait_relay(5, true, 10)
		measure("off-pulse (PULSETIME=4)", on - off, { low = PULSE_LOW, high = PULSE_HIGH, units = "s" })
		stays(5, true, 30)
		sms("RSTAT", rstat("0000100"))
	end)

	it("a second PULSE while one runs restarts its time and keeps the previous state #S51 #S50", function()
		-- on an off relay
		modem.sms(BOSS, "PULSE1")
		local on = rig.wait_relay(1, true, 5)
		modem.expect_sms(BOSS, "PULSE1 - OK", 10)
		clock.sleep(2 - (clock.now() - on))
		modem.sms(BOSS, "PULSE1")
		modem.expect_sms(BOSS, "PULSE1 - OK", 10)
		local off = rig.wait_relay(1, false, 10)
		measure("on, two pulses 2 s apart", off - on, { low = 5.9, high = 6.4, units = "s" })
		stays(1, false, 30)
		assert.equal(on, changes(1, "on")[#changes(1, "on")], rig.history(1)) -- no second switch-on
		-- on a relay that is on
		on_(7)
		modem.sms(BOSS, "PULSE7")
		off = rig.wait_relay(7, false, 5)
		clock.sleep(1)
		modem.sms(BOSS, "PULSE7")
		modem.expect_sms(BOSS, "PULSE7 - OK", 10)
		local back = rig.wait_relay(7, true, 10)
		measure("off, two pulses 1 s apart", back - off, { low = 4.9, high = 5.4, units = "s" })
		stays(7, true, 30)
		sms("RSTAT", rstat("0000001"))
	end)

	it("PULSE during RESTART, and RESTART during PULSE, end on as RESTART does #S51", function()
		-- RESTART on an on relay, then a PULSE while it is off
		on_(4)
		modem.sms(BOSS, "RESTART4")
		local off = rig.wait_relay(4, false, 5)
		modem.expect_sms(BOSS, "RESTART4 - OK", 10)
		clock.sleep(1)
		sms("PULSE4", "PULSE4 - OK")
		clock.sleep(0.5)
		assert.is_false(rig.relay(4), "PULSE inverted the restart: " .. rig.history(4))
		local on = rig.wait_relay(4, true, 10)
		assert.is_true(on - off > 4.5, rig.history(4))
		stays(4, true, 30)
		-- PULSE on an off relay, then RESTART while it is on
		modem.sms(BOSS, "PULSE3")
		rig.wait_relay(3, true, 5)
		modem.expect_sms(BOSS, "PULSE3 - OK", 10)
		clock.sleep(1)
		modem.sms(BOSS, "RESTART3")
		off = rig.wait_relay(3, false, 5)
		on = rig.wait_relay(3, true, 10)
		measure("restart during a pulse", on - off, { low = 4.9, high = 5.2, units = "s" })
		stays(3, true, 30)
		sms("RSTAT", rstat("0011000"))
	end)

	it("a scheduled PULR on a relay that is on is an off-pulse #S51 #S50", function()
		dut.configure{ scheduler = { TASK1 = "10:30,*,PULR2" } }
		on_(2)
		modem.network_time("2026-11-21 10:29:50")
		sms("SIGNALREPORT", modem.pattern("Time: 2026%-11%-21 10:29:5%d$"))
		local off = rig.wait_relay(2, false, 30)
		local on = rig.wait_relay(2, true, 10)
		measure("scheduled off-pulse", on - off, { low = PULSE_LOW, high = PULSE_HIGH, units = "s" })
		stays(2, true, 60)
		dut.configure{ scheduler = { TASK1 = "" } }
	end)

	it("a call pulses the relay and is confirmed by a call-back #S53 #S50", function()
		dut.configure{ ring = { RINGACTION = "PULSE6" }, confirm = { CALLCONFIRM = "CALL" } }
		clock.sleep(10)
		drain()
		modem.ring(BOSS)
		modem.expect_reject(10)
		local on = rig.wait_relay(6, true, 5)
		local number = modem.expect_call(BOSS, 30)
		assert.equal(BOSS, number)
		local off = rig.wait_relay(6, false, 10)
		measure("pulse by call", off - on, { low = PULSE_LOW, high = PULSE_HIGH, units = "s" })
		modem.no_sms(BOSS, 5) -- confirmed by the call-back only
		stays(6, false, 30)
		-- a call on a relay that is on gives an off-pulse
		on_(6)
		modem.ring(BOSS)
		modem.expect_reject(10)
		off = rig.wait_relay(6, false, 5)
		modem.expect_call(BOSS, 30)
		on = rig.wait_relay(6, true, 10)
		measure("off-pulse by call", on - off, { low = PULSE_LOW, high = PULSE_HIGH, units = "s" })
		stays(6, true, 30)
		dut.configure{ ring = { RINGACTION = "NONE" }, confirm = { CALLCONFIRM = "SMS" } }
	end)

	it("a call pulse confirmed by SMS, with a second call during the pulse #S53 #S51", function()
		dut.configure{ ring = { RINGACTION = "PULSE1" }, confirm = { CALLCONFIRM = "SMS" } }
		clock.sleep(10)
		drain()
		modem.ring(BOSS)
		modem.expect_reject(10)
		local on = rig.wait_relay(1, true, 5)
		modem.expect_sms(BOSS, "PULSE1 - OK", 10)
		clock.sleep(1)
		modem.ring(BOSS)
		modem.expect_reject(10)
		modem.expect_sms(BOSS, "PULSE1 - OK", 10)
		local off = rig.wait_relay(1, false, 10)
		assert.is_true(off - on > 4.5, rig.history(1))
		stays(1, false, 30)
		dut.configure{ ring = { RINGACTION = "NONE" } }
	end)

	describe("12 V blip during a timed relay state #S61", function()
		local function blip(secs)
			rig.dc(false)
			clock.sleep(secs)
			rig.dc(true)
			clock.sleep(0.5)
		end

		it("an on-pulse ends off when 12 V fails and returns during it #S50 #S51 #S61", function()
			modem.sms(BOSS, "PULSE1")
			rig.wait_relay(1, true, 5)
			modem.expect_sms(BOSS, "PULSE1 - OK", 10)
			clock.sleep(1)
			blip(0.5)
			assert.is_false(rig.relay(1), rig.history(1))
			stays(1, false, 30)
			sms("RSTAT", rstat("0000000"))
		end)

		it("an off-pulse ends on when 12 V fails and returns during it #S51 #S61", function()
			on_(2)
			modem.sms(BOSS, "PULSE2")
			rig.wait_relay(2, false, 5)
			modem.expect_sms(BOSS, "PULSE2 - OK", 10)
			clock.sleep(1)
			blip(0.5)
			assert.is_true(rig.relay(2), rig.history(2))
			stays(2, true, 30)
			sms("RSTAT", rstat("0100000"))
		end)

		it("a pulse whose time ends while 12 V is off leaves the previous state #S51 #S61", function()
			on_(3)
			sms("PULSE3", "PULSE3 - OK")
			rig.wait_relay(3, false, 5)
			rig.dc(false)
			clock.sleep(10)
			rig.dc(true)
			rig.wait_relay(3, true, 2)
			stays(3, true, 30)
			modem.sms(BOSS, "PULSE5")
			rig.wait_relay(5, true, 5)
			rig.dc(false)
			clock.sleep(10)
			rig.dc(true)
			clock.sleep(1)
			assert.is_false(rig.relay(5), rig.history(5))
			stays(5, false, 30)
			drain()
		end)

		it("a RESTART ends on when 12 V fails and returns during its off time #S61", function()
			on_(4)
			modem.sms(BOSS, "RESTART4")
			rig.wait_relay(4, false, 5)
			modem.expect_sms(BOSS, "RESTART4 - OK", 10)
			clock.sleep(1)
			blip(0.5)
			assert.is_true(rig.relay(4), rig.history(4))
			stays(4, true, 30)
			sms("RSTAT", rstat("0001000"))
		end)
	end)
end)
