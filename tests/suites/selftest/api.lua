-- The Lua API as rig/README.md (and `relayrig --help-api`) documents it:
-- each behaviour the reference promises, checked on the rig. Rig-runnable:
-- only the rig API is used.

local S = require("lib.suite") -- tests/lib/suite.lua, found from this folder up
local BOSS = S.BOSS

describe("API require", function()
	it("finds shared helpers in a folder above the suite", function()
		assert.is_table(S)
		assert.is_function(S.sms)
		assert.equal(S, require("lib.suite")) -- loaded once per file
	end)
	it("refuses C modules", function()
		assert.equal("", package.cpath)
		assert.error_matches(function() require("no_such_module_here") end, "not found")
	end)
end)

describe("API the failure table pcall returns", function()
	it("an assertion: a table with message and rr_failure", function()
		local ok, e = pcall(assert.equal, 1, 2)
		assert.is_false(ok)
		assert.is_table(e)
		assert.is_true(e.rr_failure)
		assert.matches("expected: 1\n  actual: 2", e.message)
		assert.equal(e.message, tostring(e))
	end)
	it("a rig expectation: the same table, listing what did arrive", function()
		S.offall(5)
		modem.sms(BOSS, "RSTAT")
		local ok, e = pcall(modem.expect_sms, BOSS, "no such reply", 10)
		assert.is_false(ok)
		assert.is_true(e.rr_failure)
		assert.matches("no SMS to " .. BOSS:gsub("%+", "%%+") .. " matched within 10 s", e.message)
		assert.matches('actual:\n  to .* "R1=OFF', e.message)
	end)
	it("a wrong argument: a Lua error string with the position", function()
		local ok, e = pcall(rig.input, 9, true)
		assert.is_false(ok)
		assert.is_string(e)
		assert.matches("input must be 1..6", e)
	end)
	it("a skip: a table with rr_skip and the reason", function()
		local ok, e = pcall(rig.need, "temp")
		if rig.has("temp") then
			assert.is_true(ok)
		else
			assert.is_true(e.rr_skip)
			assert.matches("^needs temp: ", e.message)
			error(e) -- rethrown, the test is skipped with the reason
		end
	end)
end)

describe("API modem inbox", function()
	before_each(function()
		S.offall(5)
	end)
	it("modem.inbox() lists what no expectation took, oldest first, and keeps it", function()
		modem.sms(BOSS, "ON1")
		modem.sms(BOSS, "RSTAT")
		clock.sleep(20)
		local box = modem.inbox()
		assert.equal(2, #box)
		assert.same({ BOSS, "ON1 - OK" }, { box[1].number, box[1].text })
		assert.equal("R1=ON R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF", box[2].text)
		assert.is_true(box[1].time <= box[2].time and box[2].time <= clock.now())
		assert.equal(0, #modem.inbox("+10000000000"))
		assert.equal(2, #modem.inbox(BOSS)) -- still there
		modem.expect_sms(BOSS, "ON1 - OK", 0)
		assert.equal(1, #modem.inbox())
	end)
	it("modem.clear() forgets the inbox and says how many", function()
		modem.sms(BOSS, "RSTAT")
		clock.sleep(20)
		assert.equal(0, modem.clear("+10000000000"))
		assert.equal(1, modem.clear())
		assert.same({}, modem.inbox())
		modem.no_sms(BOSS, 0)
	end)
end)

describe("API calls", function()
	before_each(function()
		rig.fresh() -- rig.fresh in before_each: a factory-state unit for each test
		dut.configure(S.config{})
		dut.configure{ ring = { RINGACTION = "ON2" }, confirm = { CALLCONFIRM = "CALL" } }
		S.offall(10)
	end)
	it("modem.no_call(timeout) passes when the unit calls nobody", function()
		modem.no_call(30)
		modem.no_call(BOSS, 5)
	end)
	it("modem.no_call fails on a call-back; the callee rejects after 5 s by default", function()
		modem.ring(BOSS)
		modem.expect_reject(30)
		local ok, e = pcall(modem.no_call, 30)
		assert.is_false(ok)
		assert.matches("expected no call to any number within 30 s\n  actual: the unit called " ..
			BOSS:gsub("%+", "%%+"), e.message)
		local dialled = tonumber(e.message:match("at ([%d.]+) s"))
		clock.sleep(10)
		local rejected = tonumber(modem.transcript(200):match("%[%s*([%d.]+)%] # callee rejected the call"))
		assert.near(dialled + 5, rejected, 0.01) -- modem.callee() unset: reject after 5 s
		assert.is_true(rig.relay(2))
	end)
end)

describe("API relay events at the same instant", function()
	it("ONALL: every relay changes at one rig time, each in its own history", function()
		S.offall(5)
		modem.sms(BOSS, "ONALL")
		local t = rig.wait_relay(1, true, 10)
		for r = 1, 7 do
			assert.equal(t, rig.wait_relay(r, true, 0))
			assert.equal(t, rig.relay_changed(r))
			assert.matches(string.format("on@%.3fs$", t), rig.history(r))
		end
		assert.equal("1111111", (rig.relays()))
		modem.expect_sms(BOSS, "ONALL - OK", 10)
	end)
	it("rig.wait_relay returns at the change, not at its time limit", function()
		-- the end of a pulse: the unit writes nothing then, so only a rig
		-- whose advance() stops at a relay change returns there (rig.h)
		S.offall(5, 1) -- OFFALL's changes a second before: not the ones waited for
		dut.configure{ ring = { PULSETIME = 7 } }
		S.sms("PULSE2", "PULSE2 - OK")
		local on = rig.wait_relay(2, true, 10)
		local off = rig.wait_relay(2, false, 60)
		assert.near(on + 7, off, 0.1)
		assert.near(off, clock.now(), 0.1) -- not 60 s on
	end)
	it("a pulse that came and went while nobody waited is in the history", function()
		S.offall(5)
		dut.configure{ ring = { PULSETIME = 1 } }
		local t0 = clock.now()
		modem.sms(BOSS, "PULSE3")
		clock.sleep(10) -- on and off again meanwhile
		assert.is_false(rig.relay(3))
		local on, off
		for a, b in rig.history(3):gmatch("on@([%d.]+)s off@([%d.]+)s") do on, off = tonumber(a), tonumber(b) end
		assert.is_true(on >= t0)
		assert.near(1, off - on, 0.2)
	end)
end)

describe("API raw USB through the handle", function()
	it("handle:write sends bytes as they are; handle:reply reads the next reply", function()
		local usb <close> = dut.usb()
		usb:write("READ ba")
		assert.same({ nil, "timeout" }, { usb:reply(1) }) -- half a line: no reply yet
		usb:write("ckup\n")
		local lines, final = usb:reply(5)
		assert.equal("OK", final)
		assert.matches("^BACKUPLIMIT=", lines[1])
		usb:write("READ nosuchtab\nVERSION\n") -- two commands in one write
		lines, final = usb:reply(5)
		assert.matches("^ERROR", final)
		lines, final = usb:reply(5)
		assert.equal("OK", final)
		assert.matches("^VERSION=", lines[1])
	end)
end)

describe("API rig.fresh", function()
	it("rejects fields it does not document, and wrong types", function()
		assert.error_matches(function() rig.fresh{ sim = "/bin/false" } end,
			"rig.fresh: unknown field sim %(allowed: ac_sensor %(boolean%), serial %(string%)%)")
		assert.error_matches(function() rig.fresh{ ac_sensor = "no" } end,
			"ac_sensor must be a boolean, got string")
		assert.error_matches(function() rig.fresh{ serial = "A;sim=/bin/false" } end,
			"serial must be 1..63 characters without spaces")
		assert.error_matches(function() rig.fresh("no-ac-sensor") end, "expected a table")
	end)
end)
