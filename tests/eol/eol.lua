-- tests/eol/eol.lua - the end-of-line profile: a fast functional check of
-- one unit, with measurements and limits, run by `relayrig station` on
-- every unit (or by hand: relayrig --serial S tests/eol). Only the rig API
-- is used; it runs on the simulated rig and on a physical rig.
--
-- The scanned serial comes in RELAYRIG_SERIAL (--serial); the unit's own
-- serial is read over USB (info tab, SERIAL). The unit's tabs are saved as
-- the Product Information Card (card.txt in the report folder), which the
-- results database stores with the run.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")

local BOSS, ALERT = S.BOSS, S.ALERT
local SCANNED = os.getenv("RELAYRIG_SERIAL")
-- Temperature sensors the fixture connects (a rig without the temp
-- capability has them wired; on the simulator the test connects them).
local SENSORS = tonumber(os.getenv("RELAYRIG_EOL_SENSORS") or "") or 5

local function sms(text, reply, timeout)
	modem.sms(BOSS, text)
	return modem.expect_sms(BOSS, reply, timeout or 10)
end

-- The relays as "0100000" from RSTAT.
local function rstat()
	modem.sms(BOSS, "RSTAT")
	local t = modem.expect_sms(BOSS, modem.pattern("^R1="), 10)
	local s = {}
	for r = 1, 7 do s[r] = t:match("R" .. r .. "=ON") and "1" or "0" end
	return table.concat(s)
end

local function power_up()
	rig.dc(true)
	rig.ac(true)
	rig.battery(true)
	modem.network_time("2026-11-21 10:00:00")
	modem.rssi(20)
end

describe("end of line #eol", function()
	setup(function()
		power_up()
		clock.sleep(2)
	end)

	it("the unit's serial over USB is the scanned one; versions and card", function()
		local info = dut.read("info")
		if SCANNED then
			assert.equal(SCANNED, info.SERIAL, "the serial read from the unit over USB is not the scanned label")
		end
		assert.matches("^%S+$", info.SERIAL or "", "the unit has no serial number")
		local both, hw, fw = dut.version()
		assert.equal(info.VERSION, fw, "USB VERSION and the info tab disagree")
		assert.equal(info.HW, hw)
		assert.matches("^%d+%.%d+%.%d+$", fw)
		assert.contains({ "OK", "DEFAULTS" }, info.NVSTATUS, "the settings store: " .. tostring(info.NVSTATUS))
		assert.equal("RELAYS=0000000", "RELAYS=" .. info.RELAYS, "relays on at delivery")
		S.save_card() -- the unit as delivered
	end)
end)

describe("end of line #eol", function()
	-- every test sets what it needs: after a failed test the next one may
	-- get a fresh unit
	before_each(function()
		power_up()
		dut.configure{
			security = { SECURITY = true, NUM1 = BOSS, PASSWORD = "", ALERT1 = ALERT,
				DCALERT = true, ACALERT = true },
			confirm = { SMSCONFIRM = true, ERROR = true },
			backup = { BACKUPLIMIT = "DC" },
			power = { POWERSTATE1 = "REMEMBER" },
		}
		clock.sleep(1)
		S.drain()
	end)

	it("modem registration and an SMS round trip", function()
		local t0 = clock.now()
		local reply = sms("SIGNALREPORT", modem.pattern("^Signal: "), 30)
		measure("SMS round trip", clock.now() - t0, { low = 0, high = 30, units = "s" })
		local sig = tonumber(reply:match("^Signal: (%d+)/31"))
		assert.is_number(sig, "not registered (no signal): " .. reply)
		measure("signal", sig, { low = 5, high = 31, units = "/31" })
		sms("VERSION?", modem.pattern("^VERSION="))
	end)

	it("each relay's N/O contact closes and opens", function()
		sms("OFFALL", "OFFALL - OK")
		clock.sleep(1)
		for r = 1, 7 do
			local t0 = clock.now()
			sms("ON" .. r, "ON" .. r .. " - OK")
			local t = rig.wait_relay(r, true, 5)
			measure("R" .. r .. " operate", t - t0, { low = 0, high = 5, units = "s" })
			local want = string.rep("0", r - 1) .. "1" .. string.rep("0", 7 - r)
			assert.equal(want, (rig.relays()), "only R" .. r .. " closed")
			assert.equal(want, rstat())
			sms("OFF" .. r, "OFF" .. r .. " - OK")
			rig.wait_relay(r, false, 5)
			clock.sleep(1)
		end
		assert.equal("0000000", (rig.relays()))
	end)

	pending("each relay's N/C contact (the reference rigs sense the N/O contact only)")

	it("each alarm input is seen", function()
		for i = 1, 6 do
			rig.input(i, true)
			clock.sleep(2)
			local want = {}
			for k = 1, 6 do want[k] = "IN" .. k .. (k == i and "=ALARM" or "=OK") end
			local t = sms("ISTAT", modem.pattern("^IN1="))
			for k = 1, 6 do
				assert.matches(want[k] .. ",", t, "input " .. i .. " on: " .. t)
			end
			rig.input(i, false)
			clock.sleep(2)
		end
		sms("STATUS", modem.pattern("Inputs: %-%-%-%-%-%-;"))
	end)

	it("12 V and AC detection", function()
		S.drain()
		rig.ac(false)
		modem.expect_sms(ALERT, "AC power failed!", 30)
		sms("STATUS", modem.pattern("DC: OK; AC: FAIL;"))
		rig.ac(true)
		modem.expect_sms(ALERT, "AC power restored", 30)
		rig.dc(false)
		modem.expect_sms(ALERT, "Main power (12V DC) failed!", 30)
		sms("STATUS", modem.pattern("DC: FAIL; AC: OK;.*Backup mode: ON"))
		rig.dc(true)
		modem.expect_sms(ALERT, "Main power (12V DC) restored", 30)
		sms("STATUS", modem.pattern("DC: OK; AC: OK;.*Backup mode: OFF"))
	end)

	it("temperature sensors present", function()
		if rig.has("temp") then
			for s = 1, SENSORS do
				rig.temp(s, 20 + s / 2)
				clock.sleep(11) -- one sample apart: one new sensor at a time
			end
		end
		clock.sleep(11)
		local info = dut.read("info")
		local n = 0
		for _ in (info.SENSORS or ""):gmatch("%d") do n = n + 1 end
		measure("sensors installed", n, { low = SENSORS, high = SENSORS })
		local t = sms("TEMP", modem.pattern("^T1="))
		assert.is_nil(t:find("FAIL"), "a sensor failed: " .. t)
	end)

	it("relays release when 12 V fails, and the battery takes over", function()
		sms("ONALL", "ONALL - OK")
		for r = 1, 7 do rig.wait_relay(r, true, 5) end
		clock.sleep(1)
		S.drain()
		local t0 = clock.now()
		rig.dc(false)
		local worst = 0
		for r = 1, 7 do
			local t = rig.wait_relay(r, false, 2)
			worst = math.max(worst, t - t0)
		end
		measure("release after 12 V failure", worst, { low = 0, high = 0.5, units = "s" })
		-- on the battery: the unit keeps running and answers
		modem.expect_sms(ALERT, "Main power (12V DC) failed!", 30)
		local st = sms("STATUS", modem.pattern("DC: FAIL"))
		local pct = tonumber(st:match("Battery: (%d+)%%"))
		assert.is_number(pct, st)
		measure("battery", pct, { low = 20, high = 100, units = "%" })
		clock.sleep(60)
		sms("RSTAT", S.ALL_OFF)
		-- 12 V back: the relays return (POWERSTATE REMEMBER)
		rig.dc(true)
		for r = 1, 7 do rig.wait_relay(r, true, 5) end
		sms("OFFALL", "OFFALL - OK")
		rig.wait_relay(1, false, 5)
	end)
end)
