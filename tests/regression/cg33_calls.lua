-- Configuration Guide 3.3 (and IG 4.2, PIC): free-of-charge operations by
-- call. A call from a managing number triggers RINGACTION (S25: ON<r>,
-- OFF<r>, PULSE<r>, RESTART<r>; NONE does nothing), the call is rejected
-- unanswered (S26), and the action is confirmed per CALLCONFIRM: a call-back
-- the caller rejects (S27), an SMS "<ACTION> - OK" (S28), or nothing (S29).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local sms = S.sms

local BOSS, OTHER = S.BOSS, "+37060000077"

-- No call-back to `number` within s seconds.
local function no_call(number, s)
	local ok = pcall(modem.expect_call, number, s)
	assert.is_false(ok, "the unit called " .. (number or "someone") .. " back")
end

local function unit(ring, confirm)
	rig.dc(true)
	rig.ac(true)
	local cfg = S.config{}
	cfg.ring = { RINGACTION = "NONE", PULSETIME = "6", RESTARTTIME = "7" }
	for k, v in pairs(ring or {}) do cfg.ring[k] = v end
	cfg.confirm.CALLCONFIRM = "SMS"
	for k, v in pairs(confirm or {}) do cfg.confirm[k] = v end
	dut.configure(cfg)
	S.offall(10) -- the modem is initialised and idle
end

-- A call from `from`, rejected without answering; returns the rig time of
-- the rejection.
local function call(from)
	local t = clock.now()
	modem.ring(from or BOSS)
	local at = modem.expect_reject(30)
	measure("call rejected after", at - t, { low = 0, high = 10, units = "s" })
	return at
end

describe("CG 3.3 the call action", function()
	it("RINGACTION=ON<r> switches the relay on #S25 #S26 #S28", function()
		unit{ RINGACTION = "ON3" }
		call()
		rig.wait_relay(3, true, 5)
		modem.expect_sms(BOSS, "ON3 - OK", 10)
		call() -- already on: stays on
		modem.expect_sms(BOSS, "ON3 - OK", 10)
		clock.sleep(30)
		assert.equal("0010000", (rig.relays()))
		sms("RSTAT", "R1=OFF R2=OFF R3=ON R4=OFF R5=OFF R6=OFF R7=OFF")
		modem.no_sms(BOSS, 10)
	end)

	it("RINGACTION=OFF<r> switches the relay off #S25 #S26 #S28", function()
		unit{ RINGACTION = "OFF6" }
		sms("ON6", "ON6 - OK")
		sms("ON1", "ON1 - OK")
		call()
		rig.wait_relay(6, false, 5)
		modem.expect_sms(BOSS, "OFF6 - OK", 10)
		clock.sleep(30)
		assert.equal("1000000", (rig.relays()))
	end)

	it("RINGACTION=PULSE<r> pulses for PULSETIME, then restores #S25 #S28", function()
		unit{ RINGACTION = "PULSE4" }
		local t = call()
		local on = rig.wait_relay(4, true, 5)
		modem.expect_sms(BOSS, "PULSE4 - OK", 10)
		local off = rig.wait_relay(4, false, 10)
		measure("call pulse", off - on, { low = 5.9, high = 6.1, units = "s" })
		assert.is_true(on >= t - 1)
		-- an on relay gets an off pulse and is on afterwards
		sms("ON4", "ON4 - OK")
		clock.sleep(2)
		call()
		off = rig.wait_relay(4, false, 5)
		on = rig.wait_relay(4, true, 10)
		measure("call off-pulse", on - off, { low = 5.9, high = 6.1, units = "s" })
		modem.expect_sms(BOSS, "PULSE4 - OK", 10)
		clock.sleep(30)
		assert.equal("0001000", (rig.relays()))
	end)

	it("RINGACTION=RESTART<r> is off for RESTARTTIME, then on #S25 #S28", function()
		unit{ RINGACTION = "RESTART5" }
		sms("ON5", "ON5 - OK")
		clock.sleep(2)
		call()
		local off = rig.wait_relay(5, false, 5)
		modem.expect_sms(BOSS, "RESTART5 - OK", 10)
		local on = rig.wait_relay(5, true, 10)
		measure("call restart", on - off, { low = 6.9, high = 7.1, units = "s" })
		clock.sleep(30)
		assert.equal("0000100", (rig.relays()))
		-- from off: stays off for RESTARTTIME, then on
		sms("OFF5", "OFF5 - OK")
		clock.sleep(2)
		local t = call()
		modem.expect_sms(BOSS, "RESTART5 - OK", 10)
		on = rig.wait_relay(5, true, 10)
		measure("call restart from off", on - t, { low = 6, high = 7.5, units = "s" })
	end)

	it("RINGACTION set by SMS; each form, on the relay it names #S25", function()
		unit()
		for _, a in ipairs{ "ON7", "OFF7", "PULSE2", "RESTART1" } do
			sms("RINGACTION=" .. a, "RINGACTION=" .. a .. " - OK")
			sms("RINGACTION?", "RINGACTION=" .. a)
		end
		sms("RINGACTION=PULSE8", "Incorrect value!")
		sms("RINGACTION=BLINK1", "Incorrect value!")
		sms("RINGACTION?", "RINGACTION=RESTART1")
		call()
		modem.expect_sms(BOSS, "RESTART1 - OK", 10)
		rig.wait_relay(1, true, 10)
		assert.equal("1000000", (rig.relays()))
	end)

	it("RINGACTION=NONE: the call is rejected, nothing else #S25 #S26", function()
		unit{ RINGACTION = "NONE" }
		call()
		call()
		modem.no_sms(nil, 30)
		no_call(BOSS, 30)
		assert.equal("0000000", (rig.relays()))
	end)

	it("a number that may not manage the unit is rejected without action #S25 #S26", function()
		unit({ RINGACTION = "ON2" }, { CALLCONFIRM = "CALL" })
		call(OTHER)
		modem.no_sms(nil, 30)
		no_call(nil, 30)
		assert.equal("0000000", (rig.relays()))
	end)
end)

describe("CG 3.3 confirmation of the call action", function()
	it("by call-back, which the caller rejects; no SMS #S27 #S26", function()
		unit({ RINGACTION = "ON2" }, { CALLCONFIRM = "CALL" })
		modem.callee(3, false) -- the caller rejects the call-back after 3 s
		local t = call()
		local number, at = modem.expect_call(BOSS, 30)
		assert.equal(BOSS, number)
		assert.is_true(at >= t)
		-- the action came first: on a physical rig the contacts close a few
		-- ms after the coil, so allow the relay's operate time
		local on = rig.wait_relay(2, true, 1)
		assert.is_true(on <= at + 0.05, "the call-back came before the action")
		no_call(BOSS, 60) -- one call-back per call
		modem.no_sms(nil, 0)
		-- a second call, a second call-back
		call()
		modem.expect_call(BOSS, 30)
		modem.no_sms(nil, 30)
	end)

	it("by call-back after a pulse #S27 #S25", function()
		unit({ RINGACTION = "PULSE3" }, { CALLCONFIRM = "CALL" })
		modem.callee(2, false)
		call()
		rig.wait_relay(3, true, 5)
		modem.expect_call(BOSS, 30)
		rig.wait_relay(3, false, 10)
		modem.no_sms(nil, 30)
	end)

	it("by SMS, and no call-back #S28", function()
		unit({ RINGACTION = "PULSE3" }, { CALLCONFIRM = "SMS" })
		call()
		modem.expect_sms(BOSS, "PULSE3 - OK", 10)
		no_call(BOSS, 60)
		modem.no_sms(nil, 0)
		assert.is_false(rig.relay(3))
	end)

	it("disabled: the action alone, no SMS and no call-back #S29 #S25", function()
		unit({ RINGACTION = "ON5" }, { CALLCONFIRM = "OFF" })
		call()
		rig.wait_relay(5, true, 5)
		modem.no_sms(nil, 60)
		no_call(nil, 60)
		-- the setting by SMS, read back
		sms("CALLCONFIRM?", "CALLCONFIRM=SMS,CALL,(OFF)")
		sms("CALLCONFIRM=CALL", "CALLCONFIRM=CALL - OK")
		sms("CALLCONFIRM=OFF", "CALLCONFIRM=OFF - OK")
		assert.equal("OFF", dut.read("confirm").CALLCONFIRM)
		sms("OFF5", "OFF5 - OK")
		call()
		rig.wait_relay(5, true, 5)
		modem.no_sms(nil, 60)
		no_call(nil, 30)
	end)
end)
