-- Product Information Card (Configuration Guide 4): confirmation of SMS
-- commands (SMSCONFIRM) and error responses (ERROR), set by SMS and USB,
-- read back, and their effect: the command still acts, only the reply goes.
local BOSS = "+37060000001"

local function reset()
	rig.dc(true)
	rig.ac(true)
	dut.configure{
		security = { SECURITY = true, NUM1 = BOSS, PASSWORD = "" },
		confirm = { SMSCONFIRM = true, ERROR = true, SMSCONFIRMUNAUTH = false },
		ring = { PULSETIME = 4, RESTARTTIME = 5 },
	}
	clock.sleep(1)
	modem.sms(BOSS, "OFFALL")
	modem.expect_sms(BOSS, "OFFALL - OK")
end

describe("SMS confirmations #S64", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("SMSCONFIRM=OFF by SMS: commands still act, no confirmation arrives #S64", function()
		modem.sms(BOSS, "SMSCONFIRM=OFF")
		-- its own confirmation is the first one not sent
		modem.no_sms(BOSS, 10)
		assert.equal("OFF", dut.read("confirm").SMSCONFIRM)
		modem.sms(BOSS, "SMSCONFIRM?")
		modem.expect_sms(BOSS, "SMSCONFIRM=(OFF),ON")
		-- control commands act silently
		modem.sms(BOSS, "ON3")
		rig.wait_relay(3, true, 10)
		modem.sms(BOSS, "PULSE5")
		local on = rig.wait_relay(5, true, 10)
		local off = rig.wait_relay(5, false, 10)
		measure("pulse with SMSCONFIRM=OFF", off - on, { low = 3.9, high = 4.1, units = "s" })
		modem.sms(BOSS, "AON2")
		-- configuration commands are applied silently
		modem.sms(BOSS, "PULSETIME=6")
		modem.no_sms(BOSS, 10)
		assert.equal("6", dut.read("ring").PULSETIME)
		assert.equal("ON", dut.read("inputs").ALARM2)
		-- reports still come
		modem.sms(BOSS, "RSTAT")
		modem.expect_sms(BOSS, "R1=OFF R2=OFF R3=ON R4=OFF R5=OFF R6=OFF R7=OFF")
		-- errors still come
		modem.sms(BOSS, "FROBNICATE")
		modem.expect_sms(BOSS, "FROBNICATE - Error!")
		modem.sms(BOSS, "PULSETIME=0")
		modem.expect_sms(BOSS, "Incorrect value!")
		assert.equal("6", dut.read("ring").PULSETIME)
		-- and back on
		modem.sms(BOSS, "SMSCONFIRM=ON")
		modem.expect_sms(BOSS, "SMSCONFIRM=ON - OK")
		modem.sms(BOSS, "OFF3")
		modem.expect_sms(BOSS, "OFF3 - OK")
		rig.wait_relay(3, false, 2)
		modem.sms(BOSS, "AOFF2")
		modem.expect_sms(BOSS, "AOFF2 - OK")
	end)

	it("SMSCONFIRM over USB, and the call confirmation is not affected by it #S64", function()
		dut.configure{ confirm = { SMSCONFIRM = false, CALLCONFIRM = "SMS" }, ring = { RINGACTION = "ON6" } }
		modem.sms(BOSS, "ON1")
		rig.wait_relay(1, true, 10)
		modem.no_sms(BOSS, 10)
		modem.ring(BOSS)
		modem.expect_reject(30)
		rig.wait_relay(6, true, 10)
		modem.expect_sms(BOSS, "ON6 - OK")
		dut.configure{ confirm = { SMSCONFIRM = true }, ring = { RINGACTION = "NONE" } }
		assert.equal("ON", dut.read("confirm").SMSCONFIRM)
		modem.sms(BOSS, "OFF1")
		modem.expect_sms(BOSS, "OFF1 - OK")
	end)

	it("SMSCONFIRM survives a restart #S64", function()
		modem.sms(BOSS, "SMSCONFIRM=OFF")
		modem.no_sms(BOSS, 5)
		dut.restart()
		clock.sleep(5)
		modem.sms(BOSS, "ON7")
		rig.wait_relay(7, true, 10)
		modem.no_sms(BOSS, 10)
		dut.configure{ confirm = { SMSCONFIRM = true } }
	end)
end)

describe("error responses #S65", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("ERROR=OFF by SMS: no error reply, nothing done; confirmations still come #S65", function()
		modem.sms(BOSS, "ERROR=OFF")
		modem.expect_sms(BOSS, "ERROR=OFF - OK")
		assert.equal("OFF", dut.read("confirm").ERROR)
		modem.sms(BOSS, "ERROR?")
		modem.expect_sms(BOSS, "ERROR=(OFF),ON")
		modem.sms(BOSS, "FROBNICATE")
		modem.sms(BOSS, "ON9")
		modem.sms(BOSS, "PULSETIME=999")
		modem.sms(BOSS, "SC25:00,*,ONR1")
		modem.no_sms(BOSS, 15)
		assert.equal("4", dut.read("ring").PULSETIME)
		assert.equal("0000000", (rig.relays()))
		modem.sms(BOSS, "ON1")
		modem.expect_sms(BOSS, "ON1 - OK")
		modem.sms(BOSS, "ERROR=ON")
		modem.expect_sms(BOSS, "ERROR=ON - OK")
		modem.sms(BOSS, "FROBNICATE")
		modem.expect_sms(BOSS, "FROBNICATE - Error!")
		modem.sms(BOSS, "PULSETIME=999")
		modem.expect_sms(BOSS, "Incorrect value!")
	end)

	it("ERROR over USB, and the closed configuration window #S65", function()
		dut.configure{ confirm = { ERROR = false } }
		-- 31 minutes without a configuration command close the window
		clock.sleep(31 * 60)
		modem.sms(BOSS, "PULSETIME=7")
		modem.no_sms(BOSS, 10)
		assert.equal("4", dut.read("ring").PULSETIME) -- (this reopens the window)
		dut.configure{ confirm = { ERROR = true } }
		clock.sleep(31 * 60)
		modem.sms(BOSS, "PULSETIME=7")
		modem.expect_sms(BOSS, "Time for configuration is expired (30min)!")
		assert.equal("4", dut.read("ring").PULSETIME)
	end)

	it("a GSM '@' is text: ON1@OFF1 is one unknown command, not ON1 #S65", function()
		modem.sms(BOSS, "ON1@OFF1")
		modem.expect_sms(BOSS, "ON1@OFF1 - Error!")
		modem.no_sms(BOSS, 5)
		assert.is_false(rig.relay(1))
		modem.sms(BOSS, "@ON2")
		modem.expect_sms(BOSS, "@ON2 - Error!")
		modem.sms(BOSS, "ON3@")
		modem.expect_sms(BOSS, "ON3@ - Error!")
		clock.sleep(2)
		assert.equal("0000000", (rig.relays()))
		-- silently with ERROR=OFF, and still nothing done
		dut.configure{ confirm = { ERROR = false } }
		modem.sms(BOSS, "ON1@OFF1")
		modem.no_sms(BOSS, 10)
		assert.is_false(rig.relay(1))
		dut.configure{ confirm = { ERROR = true } }
	end)

	it("other GSM characters are text as well: $ and _ in a command #S65", function()
		modem.sms(BOSS, "ON$1")
		modem.expect_sms(BOSS, "ON$1 - Error!")
		modem.sms(BOSS, "ALIAS4=hot_tub")
		modem.expect_sms(BOSS, "ALIAS4=HOT_TUB - OK")
		assert.equal("hot_tub", dut.read("aliases").ALIAS4)
		modem.sms(BOSS, "ON hot_tub")
		modem.expect_sms(BOSS, "ON HOT_TUB - OK")
		rig.wait_relay(4, true, 2)
		dut.configure{ aliases = { ALIAS4 = "" } }
	end)
end)
