-- Smoke: the configuration over USB (dut module).
local BOSS = "+37060000001"

describe("smoke usb", function()
	it("reads the version", function()
		local v, hw, fw = dut.version()
		assert.matches("^[^,]+,[^,]+$", v)
		assert.is_string(hw)
		assert.is_string(fw)
	end)

	it("changes one key and keeps the rest of the tab", function()
		local before = dut.read("backup")
		dut.configure{ backup = { BACKUPLIMIT = "OFF" } }
		local after = dut.read("backup")
		assert.equal("OFF", after.BACKUPLIMIT)
		for k, v in pairs(before) do
			if k ~= "BACKUPLIMIT" then assert.equal(v, after[k]) end
		end
	end)

	it("lists every tab in dut.config()", function()
		local c = dut.config()
		for _, tab in ipairs{ "security", "backup", "scheduler", "info" } do
			assert.is_table(c[tab])
		end
	end)

	it("ignores SMS while USB is attached", function()
		local usb <close> = dut.usb()
		modem.sms(BOSS, "STATUS")
		modem.no_sms(BOSS, 5)
		usb:close()
		modem.sms(BOSS, "STATUS")
		modem.expect_sms(BOSS, modem.pattern("^Relays"), 10)
	end)

	it("keeps settings across a restart", function()
		dut.configure{ backup = { BACKUPLIMIT = "AC" } }
		dut.restart()
		assert.equal("AC", dut.read("backup").BACKUPLIMIT)
	end)

	it("speaks the raw protocol through a USB handle", function()
		local usb <close> = dut.usb()
		local lines = usb:cmd("READ backup")
		assert.matches("^BACKUPLIMIT=", lines[1])
		local ok, e = pcall(usb.cmd, usb, "READ nosuchtab")
		assert.is_false(ok)
		assert.matches("ERROR", e.message)
	end)
end)
