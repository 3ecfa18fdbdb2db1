-- Smoke: backup mode through the rig's supplies (rig module).
local BOSS = "+37060000001"
local REFUSAL = "The function is not available now! The device is working in limited backup mode"

describe("smoke backup", function()
	before_each(function()
		rig.dc(true)
		rig.ac(true)
		clock.sleep(1) -- past the supply debounce
	end)

	it("refuses relay switching without 12 V (BACKUPLIMIT=DC) #backup", function()
		dut.configure{ backup = { BACKUPLIMIT = "DC" } }
		rig.dc(false)
		clock.sleep(1)
		modem.sms(BOSS, "ON1")
		modem.expect_sms(BOSS, REFUSAL, 10)
		assert.is_false(rig.relay(1))
	end)

	it("releases active relays when 12 V fails #backup", function()
		modem.sms(BOSS, "ON5")
		rig.wait_relay(5, true, 5)
		rig.dc(false)
		local t = rig.wait_relay(5, false, 5)
		assert.near(clock.now(), t, 0.1)
		assert.is_number(rig.relay_changed(5))
	end)

	it("rejects a call without answering", function()
		modem.ring(BOSS)
		modem.expect_reject(10)
	end)
end)
