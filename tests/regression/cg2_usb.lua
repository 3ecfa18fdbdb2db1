-- Configuration Guide 2 (notes 2, 4, 5), device-reference 1 and 8,
-- Installation Guide 6: the USB configuration. SMS are ignored while USB is
-- connected; each tab is read and written on its own (writing a tab without
-- reading it first loses the tab); the 11 tabs; USB access resets the
-- configuration window.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local drain, sms = S.drain, S.sms

local BOSS, OTHER = S.BOSS, S.SECOND
local EXPIRED = "Time for configuration is expired (30min)!"
local MIN = 60
local TABS = { "security", "ring", "confirm", "temperature", "thermostat", "backup",
	"scheduler", "inputs", "power", "aliases", "info" }

local function errmsg(e)
	return type(e) == "table" and tostring(e.message) or tostring(e)
end

-- WRITE <tab> with these lines, without reading the tab first (what a tool
-- that skips the read does). The unit answers nothing until END, so the
-- client's wait for each of those lines times out; END gets OK or ERROR.
local function write_unread(tab, lines)
	local h <close> = dut.usb()
	local ok, e = pcall(h.cmd, h, "WRITE " .. tab)
	assert.is_false(ok)
	assert.matches("timed out", errmsg(e))
	for _, l in ipairs(lines) do
		ok, e = pcall(h.cmd, h, l)
		assert.is_false(ok, "the unit answered a WRITE line")
		assert.matches("timed out", errmsg(e))
	end
	local ok2, r = pcall(h.cmd, h, "END")
	return ok2, ok2 and r or errmsg(r)
end

local function base()
	rig.usb(false)
	rig.battery(true)
	rig.dc(true)
	rig.ac(true)
	dut.configure{
		security = { NUM1 = BOSS, ALERT1 = "", DCALERT = "OFF" },
		confirm = { SMSCONFIRM = "ON", ERROR = "ON" },
		ring = { RINGACTION = "NONE", PULSETIME = 4, RESTARTTIME = 5 },
	}
	drain()
end

describe("CG2 note 2: no SMS while USB is connected #cg2", function()
	it("does not process or answer SMS while USB is connected, nor later #S04", function()
		base()
		sms("OFFALL", "OFFALL - OK")
		rig.usb(true)
		clock.sleep(2)
		modem.sms(BOSS, "ON1")
		modem.sms(BOSS, "STATUS")
		modem.sms(BOSS, "PULSETIME=9")
		modem.sms(BOSS, "ADDSECNUM" .. OTHER)
		modem.sms(BOSS, "SC10:00,*,ONR2")
		modem.sms(BOSS, "FROBNICATE")
		modem.no_sms(nil, 60)
		assert.equal("0000000", (rig.relays()))
		rig.usb(false)
		-- not processed later either
		modem.no_sms(nil, 120)
		assert.equal("0000000", (rig.relays()))
		local cfg = dut.config()
		assert.equal("4", cfg.ring.PULSETIME)
		assert.equal("", cfg.security.NUM2)
		assert.equal("", cfg.scheduler.TASK1)
		-- and the unit works again once USB is disconnected
		sms("ON1", "ON1 - OK")
		rig.wait_relay(1, true, 5)
		sms("OFF1", "OFF1 - OK")
	end)

	it("ignores SMS during a whole USB session, also a long one #S04", function()
		local h <close> = dut.usb()
		assert.equal("BACKUPLIMIT=DC", h:cmd("READ backup")[1])
		modem.sms(BOSS, "ONALL")
		clock.sleep(600)
		modem.sms(BOSS, "RSTAT")
		assert.equal("BACKUPLIMIT=DC", h:cmd("READ backup")[1])
		modem.no_sms(nil, 30)
		assert.equal("0000000", (rig.relays()))
		h:close()
		modem.no_sms(nil, 60)
		assert.equal("0000000", (rig.relays()))
	end)

	it("does not act on a call while USB is connected #S04", function()
		dut.configure{ ring = { RINGACTION = "ON3" }, confirm = { CALLCONFIRM = "SMS" } }
		rig.usb(true)
		modem.ring(BOSS)
		modem.expect_reject(30)
		modem.no_sms(BOSS, 30)
		assert.is_false(rig.relay(3))
		rig.usb(false)
		clock.sleep(30)
		assert.is_false(rig.relay(3))
		dut.configure{ ring = { RINGACTION = "NONE" } }
	end)
end)

describe("CG2 notes 4-5: tab by tab #cg2", function()
	it("lists the 11 tabs #S06", function()
		local h <close> = dut.usb()
		assert.same(TABS, h:cmd("TABS"))
	end)

	it("reads each of the 11 tabs on its own, each key in exactly one tab #S06 #S05", function()
		local owner = {}
		local some = { security = "SECURITY", ring = "PULSETIME", confirm = "SMSCONFIRM",
			temperature = "TEMPHIGH1", thermostat = "TSENSOR7", backup = "BACKUPLIMIT",
			scheduler = "TASK20", inputs = "ALARM6", power = "POWERSTATE7", aliases = "ALIAS7",
			info = "NVSTATUS" }
		local h <close> = dut.usb()
		for _, tab in ipairs(TABS) do
			local kv = h:read(tab)
			assert.is_string(kv[some[tab]], tab .. " has no " .. some[tab])
			for k in pairs(kv) do
				assert.is_nil(owner[k], k .. " is in " .. tostring(owner[k]) .. " and " .. tab)
				owner[k] = tab
			end
		end
		local ok, e = pcall(h.cmd, h, "READ clock")
		assert.is_false(ok)
		assert.matches("ERROR unknown tab", errmsg(e))
	end)

	it("the info tab is read-only #S06", function()
		local h <close> = dut.usb()
		local ok, e = pcall(h.cmd, h, "WRITE info")
		assert.is_false(ok)
		assert.matches("ERROR tab info is read%-only", errmsg(e))
		h:close()
		assert.matches("^SR7", dut.read("info").HW)
	end)

	it("a read-modify-write of one tab keeps the rest of it and every other tab #S05", function()
		dut.configure{ ring = { PULSETIME = 6, RESTARTTIME = 9, RINGACTION = "PULSE2" },
			aliases = { ALIAS1 = "pump" } }
		local before = dut.config()
		dut.configure{ ring = { PULSETIME = 7 } }
		local after = dut.config()
		before.ring.PULSETIME = "7"
		before.info, after.info = nil, nil
		assert.same(before, after)
	end)

	it("writing a tab without reading it loses that tab, and only that tab #S05", function()
		local before = dut.config()
		assert.equal("9", before.ring.RESTARTTIME)
		assert.equal("PULSE2", before.ring.RINGACTION)
		local ok, r = write_unread("ring", { "PULSETIME=8" })
		assert.is_true(ok, tostring(r))
		local after = dut.config()
		assert.same({ PULSETIME = "8", RESTARTTIME = "5", RINGACTION = "NONE" }, after.ring)
		for _, tab in ipairs(TABS) do
			if tab ~= "ring" and tab ~= "info" then assert.same(before[tab], after[tab]) end
		end
		-- the lost setting is really gone: a call does nothing now
		modem.ring(BOSS)
		modem.expect_reject(30)
		clock.sleep(10)
		assert.is_false(rig.relay(2))
		-- RESTARTTIME is back to 5 s
		sms("ON4", "ON4 - OK")
		rig.wait_relay(4, true, 2) -- a physical relay closes a few ms after the reply
		sms("RESTART4", "RESTART4 - OK")
		clock.sleep(10)
		local off, on = rig.history(4):match("off@([%d.]+)s on@([%d.]+)s$")
		assert.is_string(on, "R4: " .. rig.history(4))
		off, on = tonumber(off), tonumber(on)
		measure("RESTART4 after the lossy write", on - off, { low = 4.9, high = 5.1, units = "s" })
		sms("OFF4", "OFF4 - OK")
	end)

	it("a refused WRITE and an abandoned WRITE change nothing #S05", function()
		local before = dut.config()
		local ok, r = write_unread("aliases", { "ALIAS1=tank", "PULSETIME=3" })
		assert.is_false(ok)
		assert.matches("ERROR line 2: unknown key", r)
		-- unplugged before END
		local h = dut.usb()
		pcall(h.cmd, h, "WRITE aliases")
		pcall(h.cmd, h, "ALIAS2=fan")
		h:close()
		clock.sleep(5)
		local after = dut.config()
		before.info, after.info = nil, nil
		assert.same(before, after)
		assert.equal("pump", after.aliases.ALIAS1)
	end)
end)

describe("IG6: USB access resets the configuration window #ig6", function()
	it("a USB write reopens the window for 30 minutes #S12", function()
		dut.configure{ ring = { PULSETIME = 4 } }
		clock.sleep(31 * MIN)
		sms("PULSETIME=5", EXPIRED)
		dut.configure{ aliases = { ALIAS3 = "fan" } }
		clock.sleep(29 * MIN)
		sms("PULSETIME=5", "PULSETIME=5 - OK")
		assert.equal("5", dut.read("ring").PULSETIME)
	end)

	it("the window reopened by USB closes 30 minutes after the write #S12", function()
		clock.sleep(31 * MIN)
		sms("PULSETIME=6", EXPIRED)
		dut.configure{ aliases = { ALIAS3 = "heater" } }
		clock.sleep(31 * MIN)
		sms("PULSETIME=6", EXPIRED)
		assert.equal("5", dut.read("ring").PULSETIME)
	end)

	it("a restart over USB opens it as a power-up does #S12", function()
		clock.sleep(31 * MIN)
		sms("PULSETIME=6", EXPIRED)
		dut.restart()
		clock.sleep(29 * MIN)
		sms("PULSETIME=6", "PULSETIME=6 - OK")
	end)
end)
