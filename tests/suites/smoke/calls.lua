-- Smoke: calls through the modem emulator (reject, ring action, call-back).
local BOSS = "+37060000001"

-- The unit initialises its modem during the first seconds after power-up;
-- a call that rings in meanwhile may go unidentified.
local function settle() clock.sleep(10) end

describe("smoke calls", function()
	it("pulses on a call and confirms by SMS", function()
		dut.configure{ ring = { RINGACTION = "PULSE4" } }
		settle()
		modem.ring(BOSS)
		modem.expect_reject(10)
		rig.wait_relay(4, true, 5)
		modem.expect_sms(BOSS, "PULSE4 - OK", 10)
		rig.wait_relay(4, false, 10)
	end)

	it("confirms by calling back #callback", function()
		dut.configure{ ring = { RINGACTION = "ON6" }, confirm = { CALLCONFIRM = "CALL" } }
		settle()
		modem.ring(BOSS)
		modem.expect_reject(10)
		local number, t = modem.expect_call(BOSS, 30)
		assert.equal(BOSS, number)
		assert.is_number(t)
		rig.wait_relay(6, true, 1) -- a physical relay's contacts follow the coil by a few ms
		modem.no_sms(BOSS, 5)
	end)
end)
