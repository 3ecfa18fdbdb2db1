-- Smoke: SMS commands end to end (modem emulator -> firmware -> relays).
local BOSS = "+37060000001"

describe("smoke sms", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
	end)

	it("answers STATUS with the relay and supply report", function()
		modem.sms(BOSS, "STATUS")
		local text = modem.expect_sms(BOSS, modem.pattern("^Relays: %d+; Inputs:"), 10)
		assert.matches("DC: OK; AC: OK", text)
	end)

	it("switches a relay on and off #relay", function()
		modem.sms(BOSS, "ON3")
		modem.expect_sms(BOSS, "ON3 - OK", 10)
		rig.wait_relay(3, true, 2)
		assert.equal("0010000", (rig.relays()))
		modem.sms(BOSS, "OFF3")
		modem.expect_sms(BOSS, "OFF3 - OK", 10)
		rig.wait_relay(3, false, 2)
		assert.is_false(rig.relay(3))
	end)

	it("pulses a relay for PULSETIME (4 s) #relay", function()
		modem.sms(BOSS, "PULSE2")
		modem.expect_sms(BOSS, "PULSE2 - OK", 10)
		local on = rig.wait_relay(2, true, 2)
		local off = rig.wait_relay(2, false, 10)
		measure("pulse length", off - on, { low = 3.9, high = 4.1, units = "s" })
	end)

	it("answers an unknown command with an error", function()
		modem.sms(BOSS, "FROBNICATE")
		modem.expect_sms(BOSS, "FROBNICATE - Error!", 10)
	end)

	it("sets its clock from SIGNALREPORT", function()
		modem.network_time("2026-11-21 09:59:30")
		modem.sms(BOSS, "SIGNALREPORT")
		modem.expect_sms(BOSS, modem.pattern("Time: 2026%-11%-21 09:59:30$"), 10)
	end)
end)
