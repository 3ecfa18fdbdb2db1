-- Configuration Guide 3.1: temperature rise and fall alerts (S15, S16),
-- thresholds for installed sensors only (S17); Configuration Guide 3.4:
-- temperature sensors keep working in backup mode (S33).
--
-- The unit samples its sensors every 10 s; after each change of a reading
-- the tests wait one full period (SAMPLE). Rise: a reading above TEMPHIGH;
-- fall: below TEMPLOW; the same alert re-arms once a reading is back 0.5 C
-- on the normal side (firmware/README.md, "Temperature and thermostat").

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local drain, sms = S.drain, S.sms

local BOSS, ALERT, ALERT2 = S.BOSS, S.ALERT, S.ALERT2
local SAMPLE = 11

local function reads(s, c)
	rig.temp(s, c)
	clock.sleep(SAMPLE)
end

local function rise(s, c)
	return string.format("Temperature rise alert: T%d=%.1fC", s, c)
end

local function fall(s, c)
	return string.format("Temperature fall alert: T%d=%.1fC", s, c)
end

-- Thresholds all OFF, then `temps` (by USB, for installed sensors).
local function unit(temps, more)
	rig.dc(true)
	rig.ac(true)
	rig.battery(true)
	local cfg = S.config{}
	cfg.security.ALERT2 = ""
	cfg.temperature = S.fill(S.fill({}, "TEMPHIGH", 5, "OFF"), "TEMPLOW", 5, "OFF")
	for k, v in pairs(temps or {}) do cfg.temperature[k] = v end
	for tab, kv in pairs(more or {}) do
		for k, v in pairs(kv) do cfg[tab][k] = v end
	end
	dut.configure(cfg)
	clock.sleep(SAMPLE)
	drain()
end

describe("CG 3.1 temperature alerts", { needs = "temp" }, function()
	it("a rise alert above TEMPHIGH, a fall alert below TEMPLOW #S15", function()
		rig.temp(1, 20)
		clock.sleep(SAMPLE)
		unit{ TEMPHIGH1 = "25", TEMPLOW1 = "10" }
		reads(1, 25.0) -- the threshold itself is not above it
		modem.no_sms(ALERT, SAMPLE)
		rig.temp(1, 25.1)
		modem.expect_sms(ALERT, rise(1, 25.1), SAMPLE)
		reads(1, 20)
		reads(1, 10.0) -- nor is the low threshold below it
		modem.no_sms(ALERT, SAMPLE)
		rig.temp(1, 9.9)
		modem.expect_sms(ALERT, fall(1, 9.9), SAMPLE)
		-- only to the alert numbers, nothing else, no relay moved
		modem.no_sms(ALERT, 60)
		modem.no_sms(BOSS, 0)
		assert.equal("0000000", (rig.relays()))
	end)

	it("every alert number gets each alert, with the reading #S15", function()
		rig.temp(2, -10)
		clock.sleep(SAMPLE)
		unit({ TEMPHIGH2 = "-5.5", TEMPLOW2 = "-20" }, { security = { ALERT2 = ALERT2 } })
		rig.temp(2, -5.4)
		modem.expect_sms(ALERT, rise(2, -5.4), SAMPLE)
		modem.expect_sms(ALERT2, rise(2, -5.4), SAMPLE)
		reads(2, -19)
		rig.temp(2, -20.3)
		modem.expect_sms(ALERT, fall(2, -20.3), SAMPLE)
		modem.expect_sms(ALERT2, fall(2, -20.3), SAMPLE)
		modem.no_sms(nil, 60)
	end)

	it("a threshold already passed when it is set alerts at the next sample #S15", function()
		reads(1, 30)
		unit()
		sms("TEMPHIGH1=28", "TEMPHIGH1=28 - OK")
		modem.expect_sms(ALERT, rise(1, 30.0), SAMPLE)
		modem.no_sms(ALERT, 60)
	end)

	it("no alert for a sensor without thresholds, nor with no alert number #S15 #S09", function()
		reads(1, 20)
		reads(2, 20) -- new sensors one at a time (Installation Guide 3)
		unit{ TEMPHIGH1 = "25" }
		reads(2, 40)
		reads(2, -40)
		modem.no_sms(nil, 30)
		dut.configure{ security = { ALERT1 = "" } }
		reads(1, 30)
		modem.no_sms(nil, 30)
		dut.configure{ security = { ALERT1 = ALERT } }
		reads(2, 20)
	end)
end)

describe("CG 3.1 an alert every time the threshold is crossed", { needs = "temp" }, function()
	it("every crossing alerts, several times a day #S16", function()
		rig.temp(3, 5)
		clock.sleep(SAMPLE)
		unit{ TEMPLOW3 = "10" }
		reads(3, 12)
		for i = 1, 4 do
			rig.temp(3, 9.5)
			modem.expect_sms(ALERT, fall(3, 9.5), SAMPLE)
			clock.sleep(3600) -- staying below sends nothing more
			reads(3, 11)
			modem.no_sms(ALERT, 0)
		end
		modem.no_sms(ALERT, 60)
	end)

	it("a rise alert re-arms at 0.5 C below TEMPHIGH, not before #S16", function()
		rig.temp(1, 20)
		clock.sleep(SAMPLE)
		unit{ TEMPHIGH1 = "25" }
		rig.temp(1, 25.6)
		modem.expect_sms(ALERT, rise(1, 25.6), SAMPLE)
		-- hovering inside the hysteresis: no new alert
		for _, c in ipairs({ 24.6, 26.0, 24.9, 25.1, 24.6, 30.0 }) do
			reads(1, c)
		end
		modem.no_sms(ALERT, 0)
		-- back exactly 0.5 C below: crossing again alerts
		reads(1, 24.5)
		modem.no_sms(ALERT, 0)
		rig.temp(1, 25.1)
		modem.expect_sms(ALERT, rise(1, 25.1), SAMPLE)
		modem.no_sms(ALERT, 30)
	end)

	it("a fall alert re-arms at 0.5 C above TEMPLOW, not before #S16", function()
		rig.temp(1, 20)
		clock.sleep(SAMPLE)
		unit{ TEMPLOW1 = "10" }
		rig.temp(1, 9.9)
		modem.expect_sms(ALERT, fall(1, 9.9), SAMPLE)
		for _, c in ipairs({ 10.4, 9.0, 10.1, 9.9, 10.4, 2.0 }) do
			reads(1, c)
		end
		modem.no_sms(ALERT, 0)
		reads(1, 10.5)
		modem.no_sms(ALERT, 0)
		rig.temp(1, 9.8)
		modem.expect_sms(ALERT, fall(1, 9.8), SAMPLE)
		modem.no_sms(ALERT, 30)
	end)

	it("a rise and a fall alert on one sensor are independent #S16 #S15", function()
		rig.temp(1, 20)
		clock.sleep(SAMPLE)
		unit{ TEMPHIGH1 = "21", TEMPLOW1 = "20.5" }
		rig.temp(1, 21.2)
		modem.expect_sms(ALERT, rise(1, 21.2), SAMPLE)
		rig.temp(1, 20.4) -- re-arms the rise alert, fires the fall alert
		modem.expect_sms(ALERT, fall(1, 20.4), SAMPLE)
		rig.temp(1, 21.1)
		modem.expect_sms(ALERT, rise(1, 21.1), SAMPLE)
		modem.no_sms(ALERT, 30)
	end)
end)

describe("CG 3.1 thresholds for installed sensors only", { needs = "temp" }, function()
	it("SMS: a threshold for a sensor not installed is refused #S17", function()
		rig.temp(1, 20)
		rig.temp(4, nil)
		clock.sleep(SAMPLE)
		unit()
		sms("TEMPHIGH4=30", "Temperature sensor T4 is not installed!")
		sms("TEMPLOW4=5", "Temperature sensor T4 is not installed!")
		sms("TEMPHIGH4?", "TEMPHIGH4=OFF")
		sms("TEMPLOW4?", "TEMPLOW4=OFF")
		local t = dut.read("temperature")
		assert.equal("OFF", t.TEMPHIGH4)
		assert.equal("OFF", t.TEMPLOW4)
		-- OFF is always accepted
		sms("TEMPHIGH4=OFF", "TEMPHIGH4=OFF - OK")
		-- an installed sensor takes thresholds
		sms("TEMPHIGH1=30", "TEMPHIGH1=30 - OK")
		-- ERROR=OFF: refused without a reply
		dut.configure{ confirm = { ERROR = "OFF" } }
		modem.sms(BOSS, "TEMPLOW4=5")
		modem.no_sms(BOSS, 30)
		sms("TEMPLOW4?", "TEMPLOW4=OFF")
		dut.configure{ confirm = { ERROR = "ON" } }
	end)

	it("SMS: once the sensor is installed its thresholds can be set #S17", function()
		rig.temp(4, 20)
		clock.sleep(SAMPLE)
		sms("TEMP", modem.pattern("T4=20%.0C"))
		sms("TEMPHIGH4=30", "TEMPHIGH4=30 - OK")
		sms("TEMPLOW4=5", "TEMPLOW4=5 - OK")
		assert.equal("30.0", dut.read("temperature").TEMPHIGH4)
		rig.temp(4, 30.1)
		modem.expect_sms(ALERT, rise(4, 30.1), SAMPLE)
		reads(4, 20)
	end)

	it("USB: a threshold for a sensor not installed fails the WRITE #S17", function()
		rig.temp(5, nil)
		clock.sleep(SAMPLE)
		local before = dut.read("temperature")
		local ok, e = pcall(dut.configure, { temperature = { TEMPLOW5 = "2.5" } })
		assert.is_false(ok, "the WRITE was accepted")
		assert.matches("ERROR line %d+: sensor not installed", e.message)
		assert.same(before, dut.read("temperature"))
		-- the SMS refusal is the same after USB
		sms("TEMPLOW5=2.5", "Temperature sensor T5 is not installed!")
	end)

	it("USB: a tab read and written back keeps thresholds of a removed sensor #S17", function()
		-- sensor 4 has thresholds; the unit restarts without it
		assert.matches("4", dut.read("info").SENSORS)
		rig.temp(4, nil)
		dut.restart()
		clock.sleep(SAMPLE)
		assert.is_nil(dut.read("info").SENSORS:find("4"), "sensor 4 still installed")
		dut.configure{ temperature = { TEMPHIGH1 = "35" } } -- TEMPHIGH4=30 written back unchanged
		local t = dut.read("temperature")
		assert.equal("35.0", t.TEMPHIGH1)
		assert.equal("30.0", t.TEMPHIGH4)
		sms("TEMPHIGH4=31", "Temperature sensor T4 is not installed!")
		sms("TEMPHIGH4=OFF", "TEMPHIGH4=OFF - OK")
	end)
end)

describe("CG 3.4 temperature sensors in backup mode", { needs = "temp" }, function()
	for _, c in ipairs({ { bl = "DC", dc = false, ac = true }, { bl = "OFF", dc = false, ac = false },
	                     { bl = "AC", dc = true, ac = false } }) do
		local name = string.format("BACKUPLIMIT=%s, 12 V %s, AC %s", c.bl, c.dc and "OK" or "failed",
			c.ac and "OK" or "failed")
		it("TEMP and the alerts keep working, " .. name .. " #S33", function()
			-- sensors 1 and 2 only: the sensors connected at power-up are installed
			rig.temp(1, 20)
			rig.temp(2, 20)
			for s = 3, 5 do rig.temp(s, nil) end
			dut.restart()
			unit({ TEMPHIGH1 = "25", TEMPLOW2 = "10" }, { backup = { BACKUPLIMIT = c.bl } })
			rig.ac(c.ac)
			rig.dc(c.dc)
			clock.sleep(2)
			sms("STATUS", modem.pattern("Backup mode: ON$"))
			rig.temp(1, 26.5)
			modem.expect_sms(ALERT, rise(1, 26.5), SAMPLE)
			rig.temp(2, 7.5)
			modem.expect_sms(ALERT, fall(2, 7.5), SAMPLE)
			reads(1, 22.5)
			sms("TEMP", "T1=22.5C T2=7.5C")
			-- thresholds can be changed in backup mode too
			sms("TEMPHIGH1=22", "TEMPHIGH1=22 - OK")
			modem.expect_sms(ALERT, rise(1, 22.5), SAMPLE)
			-- a scheduled TEMP report is sent in backup mode
			modem.network_time("2026-11-21 09:59:30")
			sms("SIGNALREPORT", modem.pattern("^Signal: "))
			sms("SC10:00,*,TEMP", "SC10:00,*,TEMP - OK")
			modem.expect_sms(ALERT, "T1=22.5C T2=7.5C", 60)
			sms("SCHEDULER-ALL", "SCHEDULER-ALL - OK")
			modem.no_sms(ALERT, 60)
			rig.dc(true)
			rig.ac(true)
			clock.sleep(2)
			drain()
		end)
	end
end)

-- On every rig: the temperature the unit reads itself (on a physical rig
-- without a temperature source, the room's), with thresholds set a few
-- degrees below or above it (S.ROOM_MARGIN), so the reading is beyond them
-- at the next sample, or well inside them, whatever the room does meanwhile.
describe("CG 3.1 alerts around the unit's own reading", function()
	local M = S.ROOM_MARGIN
	local function set(key, value)
		sms(key .. "=" .. value, key .. "=" .. value .. " - OK")
	end
	-- Thresholds M degrees either side of the reading for one sample: both
	-- alerts armed (an alert re-arms once the reading is back 0.5 C on the
	-- normal side); returns the reading.
	local function armed(more)
		unit(nil, more)
		local room = S.need_room_temp(1)
		unit({ TEMPHIGH1 = S.deg(room, M), TEMPLOW1 = S.deg(room, -M) }, more)
		return room
	end

	it("TEMPHIGH set below the reading: one rise alert with the reading #S15 #S16", function()
		local room = armed()
		set("TEMPHIGH1", S.deg(room, -M))
		S.near_room("rise alert", modem.expect_sms(ALERT, S.reading_pattern("Temperature rise alert: T1="),
			SAMPLE), room)
		-- the reading stays above: nothing more, to anyone, and no relay moved
		modem.no_sms(ALERT, 120)
		modem.no_sms(BOSS, 0)
		assert.equal("0000000", (rig.relays()))
		set("TEMPHIGH1", "OFF")
	end)

	it("TEMPLOW set above the reading: one fall alert with the reading #S15 #S16", function()
		local room = armed()
		set("TEMPLOW1", S.deg(room, M))
		S.near_room("fall alert", modem.expect_sms(ALERT, S.reading_pattern("Temperature fall alert: T1="),
			SAMPLE), room)
		modem.no_sms(ALERT, 120)
		modem.no_sms(BOSS, 0)
		set("TEMPLOW1", "OFF")
	end)

	it("a reading between TEMPLOW and TEMPHIGH sends nothing #S15", function()
		local room = armed()
		modem.no_sms(nil, 120)
		local t = dut.read("temperature")
		assert.equal(S.deg(room, M), t.TEMPHIGH1)
		assert.equal(S.deg(room, -M), t.TEMPLOW1)
		unit()
	end)

	it("thresholds for installed sensors only, by SMS and over USB #S17", function()
		unit()
		local room = S.need_room_temp(1)
		local installed, free = dut.read("info").SENSORS, nil
		for s = 5, 2, -1 do
			if not installed:find(tostring(s), 1, true) then free = s break end
		end
		assert(free, "every sensor channel has a sensor (SENSORS=" .. installed .. "): leave one free")
		local refusal = "Temperature sensor T" .. free .. " is not installed!"
		sms("TEMPHIGH" .. free .. "=30", refusal)
		sms("TEMPLOW" .. free .. "=5", refusal)
		sms("TEMPHIGH" .. free .. "?", "TEMPHIGH" .. free .. "=OFF")
		local before = dut.read("temperature")
		local ok, e = pcall(dut.configure, { temperature = { ["TEMPLOW" .. free] = "2.5" } })
		assert.is_false(ok, "the WRITE was accepted")
		assert.matches("ERROR line %d+: sensor not installed", e.message)
		assert.same(before, dut.read("temperature"))
		-- the installed sensor takes thresholds
		set("TEMPHIGH1", S.deg(room, 10))
		assert.equal(S.deg(room, 10), dut.read("temperature").TEMPHIGH1)
		set("TEMPHIGH1", "OFF")
	end)

	for _, c in ipairs({ { bl = "DC", dc = false, ac = true }, { bl = "OFF", dc = false, ac = false },
	                     { bl = "AC", dc = true, ac = false } }) do
		local name = string.format("BACKUPLIMIT=%s, 12 V %s, AC %s", c.bl, c.dc and "OK" or "failed",
			c.ac and "OK" or "failed")
		it("TEMP and the alerts keep working in backup mode, " .. name .. " #S33", function()
			armed{ backup = { BACKUPLIMIT = c.bl } }
			rig.ac(c.ac)
			rig.dc(c.dc)
			clock.sleep(2)
			sms("STATUS", modem.pattern("Backup mode: ON$"))
			local room = S.need_room_temp(1) -- TEMP answers
			set("TEMPHIGH1", S.deg(room, -M))
			S.near_room("rise alert", modem.expect_sms(ALERT,
				S.reading_pattern("Temperature rise alert: T1="), SAMPLE), room)
			set("TEMPLOW1", S.deg(room, M))
			S.near_room("fall alert", modem.expect_sms(ALERT,
				S.reading_pattern("Temperature fall alert: T1="), SAMPLE), room)
			modem.no_sms(ALERT, 30)
			rig.dc(true)
			rig.ac(true)
			clock.sleep(2)
			drain()
		end)
	end
end)
