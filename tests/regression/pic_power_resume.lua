-- Regression: power resume mode per relay (Product Information Card;
-- device reference 7). POWERSTATE<r> = REMEMBER (the state before), ON or
-- OFF: the state each relay takes when 12 V returns and at power-up. A relay
-- in a timed action (PULSE, RESTART, alarm relay time) when power goes is
-- remembered with the state that action ends in, never the temporary one
-- (firmware/README.md, backup mode).
--
-- Rig-runnable: 12 V and the battery switch from the rig (both off is a
-- power loss), relays read from the coils, set up over USB and SMS.

local BOSS = "+37060000001"

local function drain()
	while modem.wait_sms(nil, 0) do end
end

local function sms(text, reply)
	modem.sms(BOSS, text)
	return modem.expect_sms(BOSS, reply, 30)
end

local function rstat(states)
	local parts = {}
	for r = 1, 7 do
		parts[r] = "R" .. r .. (states:sub(r, r) == "1" and "=ON" or "=OFF")
	end
	return table.concat(parts, " ")
end

local function stays(r, state, secs)
	local before = rig.relay_changed(r)
	clock.sleep(secs)
	assert.equal(state, rig.relay(r), "relay " .. r .. ": " .. rig.history(r))
	assert.equal(before, rig.relay_changed(r), "relay " .. r .. " changed: " .. rig.history(r))
end

-- POWERSTATE1..7 from a 7-letter string: R(EMEMBER), N (ON), F (OFF).
local function powerstates(s)
	local names = { R = "REMEMBER", N = "ON", F = "OFF" }
	local t = {}
	for r = 1, 7 do t["POWERSTATE" .. r] = names[s:sub(r, r)] end
	return t
end

local function unit(ps, extra)
	rig.usb(false)
	rig.battery(true)
	rig.dc(true)
	for i = 1, 6 do rig.input(i, false) end
	clock.sleep(1)
	local cfg = {
		security = { NUM1 = BOSS, DCALERT = "OFF", ACALERT = "OFF", BATALERT = "OFF" },
		confirm = { SMSCONFIRM = "ON", ERROR = "ON" },
		ring = { PULSETIME = 10, RESTARTTIME = 10 },
		power = powerstates(ps),
	}
	for tab, kv in pairs(extra or {}) do cfg[tab] = kv end
	dut.configure(cfg)
	clock.sleep(10)
	sms("OFFALL", "OFFALL - OK")
	clock.sleep(1)
	drain()
end

-- Put the relays in the given states ("1010000") by SMS.
local function relays(states)
	for r = 1, 7 do
		local on = states:sub(r, r) == "1"
		sms((on and "ON" or "OFF") .. r, (on and "ON" or "OFF") .. r .. " - OK")
	end
	clock.sleep(1)
	assert.equal(states, (rig.relays()))
end

local function dc_blip(off_s)
	rig.dc(false)
	clock.sleep(off_s)
	assert.equal("0000000", (rig.relays()), "every relay drops without 12 V")
	rig.dc(true)
	clock.sleep(1)
end

-- The unit loses all power (12 V and battery), then gets it back.
local function power_cycle(opts)
	opts = opts or {}
	rig.dc(false)
	if opts.on_battery then clock.sleep(opts.on_battery) end
	rig.battery(false)
	clock.sleep(5)
	assert.equal("0000000", (rig.relays()))
	if opts.battery_first then
		rig.battery(true)
		clock.sleep(opts.battery_first)
		assert.equal("0000000", (rig.relays()), "no relay before 12 V")
		rig.dc(true)
	else
		rig.dc(true)
		rig.battery(true)
	end
	clock.sleep(15) -- booted, modem initialised
	drain()
end

local function check(states)
	assert.equal(states, (rig.relays()))
	sms("RSTAT", rstat(states))
	sms("STATUS", modem.pattern("^Relays: " .. states .. ";"))
end

describe("PIC power resume mode", function()
	it("each relay takes its POWERSTATE when 12 V returns #S61", function()
		unit("RRNNFFR")
		relays("1010101")
		dc_blip(5)
		check("1011001")
		stays(1, true, 30)
		relays("0100000")
		dc_blip(60)
		check("0111000")
		stays(2, true, 30)
	end)

	it("each relay takes its POWERSTATE at power-up #S61", function()
		unit("RRNNFFR")
		relays("1010101")
		power_cycle()
		check("1011001")
		relays("0100000")
		power_cycle{ on_battery = 10 }
		check("0111000")
		relays("1000101")
		power_cycle{ battery_first = 20 }
		check("1011001")
		stays(7, true, 30)
	end)

	it("POWERSTATE set by SMS applies at the next 12 V return #S61", function()
		unit("RRRRRRR")
		relays("1100000")
		sms("POWERSTATE1=OFF", "POWERSTATE1=OFF - OK")
		sms("POWERSTATE3=ON", "POWERSTATE3=ON - OK")
		sms("POWERSTATE2=REMEMBER", "POWERSTATE2=REMEMBER - OK")
		assert.equal("OFF", dut.read("power").POWERSTATE1)
		assert.equal("ON", dut.read("power").POWERSTATE3)
		dc_blip(3)
		check("0110000")
		sms("POWERSTATE1=REMEMBER", "POWERSTATE1=REMEMBER - OK")
		sms("POWERSTATE3=REMEMBER", "POWERSTATE3=REMEMBER - OK")
		relays("1000000")
		dc_blip(3)
		check("1000000")
	end)

	it("a relay in a pulse, restart or alarm time at a 12 V blip resumes as that action ends #S61 #S51 #S55", function()
		unit("RRRRRRF", {
			inputs = { INRELAYS1 = "4,5", INTIME1 = 30, ALARM1 = "ON", INALERT1 = "OFF" },
		})
		relays("0100110")
		sms("PULSE1", "PULSE1 - OK")   -- on-pulse: ends off
		sms("PULSE2", "PULSE2 - OK")   -- off-pulse: ends on
		sms("RESTART3", "RESTART3 - OK") -- off now, ends on
		rig.input(1, true)               -- R4 (was off), R5 (was on): on, end off
		sms("PULSE7", "PULSE7 - OK")   -- POWERSTATE7=OFF
		clock.sleep(1)
		assert.equal("1001111", (rig.relays()))
		dc_blip(2)
		check("0110010")
		for r = 1, 7 do stays(r, ("0110010"):sub(r, r) == "1", 0) end
		clock.sleep(60)
		assert.equal("0110010", (rig.relays()), "nothing switched later")
		rig.input(1, false)
	end)

	it("a relay in a pulse, restart or alarm time at a power loss resumes as that action ends #S61 #S51 #S55", function()
		unit("RRRRRRR", {
			inputs = { INRELAYS1 = "4,5", INTIME1 = 30, ALARM1 = "ON", INALERT1 = "OFF" },
		})
		relays("0100110")
		sms("PULSE1", "PULSE1 - OK")
		sms("PULSE2", "PULSE2 - OK")
		sms("RESTART3", "RESTART3 - OK")
		rig.input(1, true)
		clock.sleep(1)
		assert.equal("1001110", (rig.relays()))
		rig.input(1, false)
		power_cycle()
		check("0110010")
		clock.sleep(60)
		assert.equal("0110010", (rig.relays()), "nothing switched later")
		-- the same after a while on battery, and through a USB restart
		sms("PULSE6", "PULSE6 - OK")
		sms("PULSE3", "PULSE3 - OK")
		clock.sleep(1)
		assert.equal("0100000", (rig.relays()))
		power_cycle{ on_battery = 30 }
		check("0110010")
		sms("PULSE7", "PULSE7 - OK")
		sms("PULSE2", "PULSE2 - OK")
		clock.sleep(1)
		assert.equal("0010011", (rig.relays()))
		dut.restart()
		clock.sleep(15)
		drain()
		check("0110010")
	end)

	it("ON or OFF during a pulse is what power resume remembers #S61 #S52", function()
		unit("RRRRRRR")
		sms("PULSE1", "PULSE1 - OK")
		clock.sleep(1)
		sms("ON1", "ON1 - OK") -- already on: the pulse is over, the relay stays on
		relays("1100000")
		sms("PULSE2", "PULSE2 - OK")
		clock.sleep(1)
		sms("OFF2", "OFF2 - OK")
		clock.sleep(1)
		stays(1, true, 20)
		power_cycle()
		check("1000000")
		dc_blip(2)
		check("1000000")
	end)
end)
