-- Product Information Card (Configuration Guide 4): the microphone level is
-- stored (MICLEVEL 0..10), and the hardware and firmware versions can be
-- read (SMS VERSION?, USB VERSION and the info tab) and agree.
local BOSS = "+37060000001"

local function reset()
	rig.dc(true)
	dut.configure{
		security = { SECURITY = true, NUM1 = BOSS, PASSWORD = "" },
		confirm = { SMSCONFIRM = true, ERROR = true },
	}
	clock.sleep(1)
end

describe("microphone level #S70", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
	end)

	it("a factory unit has MICLEVEL=5 #S70", function()
		-- first test of the file: the unit is in its factory state
		assert.equal("5", dut.read("security").MICLEVEL)
		reset()
		modem.sms(BOSS, "MICLEVEL?")
		modem.expect_sms(BOSS, "MICLEVEL=5")
	end)

	it("MICLEVEL by SMS is stored and read back by SMS and USB #S70", function()
		reset()
		for _, v in ipairs{ "8", "0", "10", "3" } do
			modem.sms(BOSS, "MICLEVEL=" .. v)
			modem.expect_sms(BOSS, "MICLEVEL=" .. v .. " - OK")
			modem.sms(BOSS, "MICLEVEL?")
			modem.expect_sms(BOSS, "MICLEVEL=" .. v)
			assert.equal(v, dut.read("security").MICLEVEL)
		end
	end)

	it("MICLEVEL out of 0..10 is refused and the old value kept #S70", function()
		reset()
		dut.configure{ security = { MICLEVEL = 7 } }
		for _, v in ipairs{ "11", "-1", "x", "", "5.5" } do
			modem.sms(BOSS, "MICLEVEL=" .. v)
			modem.expect_sms(BOSS, "Incorrect value!")
		end
		assert.equal("7", dut.read("security").MICLEVEL)
		modem.sms(BOSS, "MICLEVEL?")
		modem.expect_sms(BOSS, "MICLEVEL=7")
	end)

	it("MICLEVEL over USB is seen by SMS and kept across a restart and a 12 V failure #S70", function()
		reset()
		dut.configure{ security = { MICLEVEL = 9 } }
		modem.sms(BOSS, "MICLEVEL?")
		modem.expect_sms(BOSS, "MICLEVEL=9")
		dut.restart()
		clock.sleep(5)
		assert.equal("9", dut.read("security").MICLEVEL)
		rig.dc(false)
		clock.sleep(60)
		rig.dc(true)
		clock.sleep(5)
		modem.sms(BOSS, "MICLEVEL?")
		modem.expect_sms(BOSS, "MICLEVEL=9")
		-- and a write of another tab leaves it alone
		dut.configure{ ring = { PULSETIME = 4 } }
		assert.equal("9", dut.read("security").MICLEVEL)
	end)
end)

describe("hardware and firmware versions #S71", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("VERSION? by SMS gives the hardware and firmware versions the USB port gives #S71", function()
		local both, hw, fw = dut.version()
		assert.equal(hw .. "," .. fw, both)
		assert.matches("^%d+%.%d+%.%d+$", fw)
		assert.matches("^%S+$", hw)
		local info = dut.read("info")
		assert.equal(fw, info.VERSION)
		assert.equal(hw, info.HW)
		modem.sms(BOSS, "VERSION?")
		modem.expect_sms(BOSS, "VERSION=" .. hw .. "," .. fw)
		-- case does not matter
		modem.sms(BOSS, "version?")
		modem.expect_sms(BOSS, "VERSION=" .. hw .. "," .. fw)
	end)

	it("the versions are read-only, by SMS and USB #S71", function()
		local both = dut.version()
		modem.sms(BOSS, "VERSION=9.9.9")
		modem.expect_sms(BOSS, "VERSION=9.9.9 - Error!")
		modem.sms(BOSS, "HW=X")
		modem.expect_sms(BOSS, "HW=X - Error!")
		do
			local h <close> = dut.usb()
			assert.error_matches(function() h:cmd("WRITE info") end, "ERROR tab info is read%-only")
		end
		assert.equal(both, (dut.version()))
		modem.sms(BOSS, "VERSION?")
		modem.expect_sms(BOSS, "VERSION=" .. both)
	end)

	it("the versions need no configuration window and survive a restart #S71", function()
		local both = dut.version()
		clock.sleep(31 * 60)
		modem.sms(BOSS, "VERSION?")
		modem.expect_sms(BOSS, "VERSION=" .. both)
		dut.restart()
		clock.sleep(5)
		assert.equal(both, (dut.version()))
	end)
end)
