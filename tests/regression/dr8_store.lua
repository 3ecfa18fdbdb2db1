-- Regression: the settings store (firmware/README.md, "Non-volatile store").
-- A factory-new unit obeys anyone until security is configured (S08); a unit
-- whose store was lost does not: it locks SMS management (every command but
-- STATUS refused, calls without action, MAKEMEBOSS refused) until a USB WRITE
-- of the security tab, and says so in READ info and in STATUS. The lock
-- survives restarts and writes of other tabs.
--
-- A record with a valid checksum but a bad value in a field (a relay 0, a
-- task on relay 0, sensor 6 of 5, an unknown enumeration value) has each bad
-- field replaced by its default and listed in READ info (NVREPAIRED); the
-- other fields are kept. A repair of a security field also locks SMS.
--
-- Rig-runnable, except for one step: a physical rig cannot write the unit's
-- flash, so the damaged store is made with rig.control("nv corrupt") (the
-- simulator flips a byte of the stored record) and rig.control("nv poke KEY
-- bytes...") (the simulator writes raw bytes over a setting and seals the
-- checksum again). On a physical unit those steps have to be replaced by the
-- maker's way of writing the flash; the rest of the file (SMS, calls,
-- relays, USB tabs) runs as it is.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local drain = S.drain

local BOSS = S.BOSS
local STRANGER = "+37060000077"
local LOCKED = "SMS locked: configure security over USB"
local STATUS_OK = "Relays: 0000000; Inputs: ------; DC: OK; AC: OK; Battery: 100%; Backup mode: OFF"

local function info()
	return dut.read("info")
end

-- A relay stays off for the given time, whatever was sent meanwhile.
local function stays_off(r, secs)
	local before = rig.relay_changed(r)
	clock.sleep(secs)
	assert.is_false(rig.relay(r), "relay " .. r .. " switched: " .. rig.history(r))
	assert.equal(before, rig.relay_changed(r), "relay " .. r .. " moved: " .. rig.history(r))
end

-- Lose the store and restart on it (simulator only, see the header).
local function lose_store()
	rig.control("nv corrupt") -- raises on an err reply
	dut.restart()
	clock.sleep(10) -- modem initialised again
	drain()
end

describe("DR8 settings store", { needs = "control" }, function()
	setup(function()
		rig.battery(true)
		rig.dc(true)
		rig.ac(true)
		clock.sleep(10)
		drain()
	end)

	it("a factory-new unit obeys anyone, and READ info says the store is open #S08 #S06", function()
		local i = info()
		assert.contains({ "DEFAULTS", "OK" }, i.NVSTATUS)
		assert.equal("OFF", i.SMSLOCK)
		assert.is_nil(i.NVREPAIRED)
		assert.equal("", dut.read("security").NUM1)
		modem.sms(STRANGER, "ON1")
		modem.expect_sms(STRANGER, "ON1 - OK", 30)
		rig.wait_relay(1, true, 5)
		modem.sms(STRANGER, "STATUS")
		modem.expect_sms(STRANGER, "Relays: 1000000; Inputs: ------; DC: OK; AC: OK; Battery: 100%; Backup mode: OFF", 30)
		modem.sms(STRANGER, "OFFALL")
		modem.expect_sms(STRANGER, "OFFALL - OK", 30)
		rig.wait_relay(1, false, 5)
	end)

	it("a lost store locks SMS management: no command, no claim, no call action #S07 #S08 #S06", function()
		lose_store()
		local i = info()
		assert.equal("CORRUPT", i.NVSTATUS)
		assert.equal("ON", i.SMSLOCK)
		-- the factory defaults leave the list empty, yet nobody may manage
		modem.sms(STRANGER, "ON1")
		modem.expect_sms(STRANGER, LOCKED, 30)
		modem.sms(STRANGER, "MAKEMEBOSS")
		modem.expect_sms(STRANGER, LOCKED, 30)
		modem.sms(BOSS, "PULSETIME=9")
		modem.expect_sms(BOSS, LOCKED, 30)
		stays_off(1, 20)
		assert.equal("", dut.read("security").NUM1)
		assert.equal("4", dut.read("ring").PULSETIME)
		-- STATUS is answered, and says why
		modem.sms(STRANGER, "STATUS")
		modem.expect_sms(STRANGER, STATUS_OK .. "; " .. LOCKED, 30)
		-- writing another tab keeps the lock; a call does nothing
		dut.configure{ ring = { RINGACTION = "ON2" } }
		assert.equal("ON", info().SMSLOCK)
		modem.ring(STRANGER)
		modem.expect_reject(30)
		stays_off(2, 20)
		modem.no_sms(STRANGER, 10)
		-- nor does a restart lift it (the store is valid again, the lock kept)
		dut.restart()
		clock.sleep(10)
		i = info()
		assert.equal("OK", i.NVSTATUS)
		assert.equal("ON", i.SMSLOCK)
		modem.sms(STRANGER, "ON3")
		modem.expect_sms(STRANGER, LOCKED, 30)
		stays_off(3, 10)
		modem.ring(BOSS)
		modem.expect_reject(30)
		stays_off(2, 10)
	end)

	it("a USB WRITE of the security tab lifts the lock; then only the listed number manages #S07 #S05", function()
		dut.configure{ security = { NUM1 = BOSS } }
		assert.equal("OFF", info().SMSLOCK)
		modem.sms(BOSS, "ON1")
		modem.expect_sms(BOSS, "ON1 - OK", 30)
		rig.wait_relay(1, true, 5)
		modem.sms(BOSS, "STATUS")
		modem.expect_sms(BOSS, "Relays: 1000000; Inputs: ------; DC: OK; AC: OK; Battery: 100%; Backup mode: OFF", 30)
		modem.sms(STRANGER, "ON3")
		modem.no_sms(STRANGER, 20)
		assert.is_false(rig.relay(3))
		-- the call action written while locked now works, for the boss only
		modem.ring(STRANGER)
		modem.expect_reject(30)
		stays_off(2, 10)
		modem.ring(BOSS)
		modem.expect_reject(30)
		modem.expect_sms(BOSS, "ON2 - OK", 30)
		rig.wait_relay(2, true, 5)
		-- and it stays lifted across a restart
		dut.restart()
		clock.sleep(10)
		drain()
		local i = info()
		assert.equal("OK", i.NVSTATUS)
		assert.equal("OFF", i.SMSLOCK)
		modem.sms(BOSS, "OFFALL")
		modem.expect_sms(BOSS, "OFFALL - OK", 30)
		rig.wait_relay(1, false, 5)
		rig.wait_relay(2, false, 5)
	end)

	it("bad values under a valid checksum take their defaults, the rest is kept #S07 #S06", { needs = "temp" }, function()
		-- simulator only (see the header): raw bytes over settings, checksum resealed
		rig.control("nv poke RINGACTION 1 0")       -- ON0: relay 0
		rig.control("nv poke TASK1 1 10 0 0 1 0")   -- 10:00 every day ONR0
		rig.control("nv poke TSENSOR1 6")           -- sensor 6 of 5
		rig.control("nv poke THERMO1 1")            -- (valid: kept)
		rig.control("nv poke POWERSTATE1 3")        -- past OFF
		rig.control("nv poke ALIAS1 65 44 66 0")    -- "A,B": no comma in aliases
		dut.restart()
		clock.sleep(10)
		drain()
		local i = info()
		assert.equal("REPAIRED", i.NVSTATUS)
		assert.equal("RINGACTION,TSENSOR1,TASK1,POWERSTATE1,ALIAS1", i.NVREPAIRED)
		assert.equal("OFF", i.SMSLOCK)
		assert.equal("NONE", dut.read("ring").RINGACTION)
		local th = dut.read("thermostat")
		assert.equal("0", th.TSENSOR1)
		assert.equal("ON", th.THERMO1)
		assert.equal("", dut.read("scheduler").TASK1)
		assert.equal("REMEMBER", dut.read("power").POWERSTATE1)
		assert.equal("", dut.read("aliases").ALIAS1)
		assert.equal(BOSS, dut.read("security").NUM1)
		-- the kept security list still rules, the repaired settings do nothing
		modem.sms(BOSS, "POWERSTATE1?")
		modem.expect_sms(BOSS, "POWERSTATE1=(REMEMBER),ON,OFF", 30)
		modem.ring(BOSS)
		modem.expect_reject(30)
		modem.no_sms(BOSS, 10)
		modem.network_time("2026-11-21 09:59:30")
		modem.sms(BOSS, "SIGNALREPORT")
		modem.expect_sms(BOSS, modem.pattern("^Signal: "), 30)
		rig.temp(1, 10)
		stays_off(1, 90) -- past 10:00, and thermostat 1 has no sensor
		modem.sms(STRANGER, "ON3")
		modem.no_sms(STRANGER, 10)
		assert.is_false(rig.relay(3))
		-- READ info keeps the list until the next boot after a change
		dut.restart()
		clock.sleep(10)
		assert.equal("REPAIRED", info().NVSTATUS)
		modem.sms(BOSS, "PULSETIME=6")
		modem.expect_sms(BOSS, "PULSETIME=6 - OK", 30)
		dut.restart()
		clock.sleep(10)
		i = info()
		assert.equal("OK", i.NVSTATUS)
		assert.is_nil(i.NVREPAIRED)
		rig.temp(1, nil)
	end)

	it("a bad security number is repaired and locks SMS until USB security is written #S07", function()
		-- simulator only (see the header)
		rig.control("nv poke NUM1 43 51 55 48 54 48 48 48 48 48 48 49 120 0") -- "+37060000001x"
		dut.restart()
		clock.sleep(10)
		drain()
		local i = info()
		assert.equal("REPAIRED", i.NVSTATUS)
		assert.equal("NUM1", i.NVREPAIRED)
		assert.equal("ON", i.SMSLOCK)
		assert.equal("", dut.read("security").NUM1)
		modem.sms(BOSS, "ON1")
		modem.expect_sms(BOSS, LOCKED, 30)
		modem.sms(STRANGER, "MAKEMEBOSS")
		modem.expect_sms(STRANGER, LOCKED, 30)
		stays_off(1, 10)
		dut.configure{ security = { NUM1 = BOSS } }
		assert.equal("OFF", info().SMSLOCK)
		modem.sms(BOSS, "ON1")
		modem.expect_sms(BOSS, "ON1 - OK", 30)
		rig.wait_relay(1, true, 5)
	end)

	it("the simulator's control channel refuses a temperature that is not a number", function()
		-- simulator only: the control channel is the simulator's rig side
		for _, v in ipairs({ "nan", "inf", "-inf", "1e99", "0x10", "21.5x" }) do
			assert.has_error(function() rig.control("set temp1 " .. v) end)
		end
		assert.has_error(function() rig.control("set batlevel 101") end)
		assert.has_error(function() rig.control("set dc 1x") end)
		assert.has_error(function() rig.control("run 1e99") end)
		rig.control("set temp1 21.5")
		clock.sleep(11) -- sampled every 10 s
		modem.sms(BOSS, "TEMP")
		modem.expect_sms(BOSS, "T1=21.5C", 30)
		rig.temp(1, nil)
	end)
end)
