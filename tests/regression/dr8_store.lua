-- Regression: the settings store (firmware/README.md, "Non-volatile store").
-- A factory-new unit obeys anyone until security is configured (S08); a unit
-- whose store was lost does not: it locks SMS management (every command but
-- STATUS refused, calls without action, MAKEMEBOSS refused) until a USB WRITE
-- of the security tab, and says so in READ info and in STATUS. The lock
-- survives restarts and writes of other tabs.
--
-- Rig-runnable, except for one step: a physical rig cannot damage the unit's
-- flash, so the lost store is made with rig.control("nv corrupt") (the
-- simulator flips a byte of the stored record). On a physical unit that step
-- has to be replaced by the maker's way of erasing the record; the rest of
-- the file (SMS, calls, relays, USB tabs) runs as it is.

local BOSS = "+37060000001"
local STRANGER = "+37060000077"
local LOCKED = "SMS locked: configure security over USB"
local STATUS_OK = "Relays: 0000000; Inputs: ------; DC: OK; AC: OK; Battery: 100%; Backup mode: OFF"

local function drain()
	while modem.wait_sms(nil, 0) do end
end

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

describe("DR8 settings store", function()
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
	end)
end)
