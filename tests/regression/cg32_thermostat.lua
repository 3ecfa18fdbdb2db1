-- Configuration Guide 3.2: the Thermostat Function, "switch-off" alerts and
-- sensor failed alerts (S18-S24). Rig-runnable: temperatures through
-- rig.temp / rig.sensor_fail, settings over USB, behaviour by SMS.
--
-- The unit samples its sensors every 10 s, so after each change of a
-- reading the tests wait one full period (SAMPLE) before they look.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local sms = S.sms

local BOSS, ALERT = S.BOSS, S.ALERT
local SAMPLE = 11 -- one sampling period (10 s) and a margin

-- A reading, then one sampling period.
local function reads(s, c)
	rig.temp(s, c)
	clock.sleep(SAMPLE)
end

-- Every thermostat off and on no sensor, then `extra`; relays off.
local function unit(extra)
	rig.dc(true)
	rig.ac(true)
	rig.battery(true)
	local th = { SENSORALERT = "OFF" }
	for r = 1, 7 do
		th["THERMO" .. r] = "OFF"
		th["TSENSOR" .. r] = "0"
		th["TMODE" .. r] = "HEAT"
		th["TTEMP" .. r] = "20"
		th["TALERT" .. r] = "OFF"
	end
	for k, v in pairs(extra or {}) do th[k] = v end
	local cfg = S.config{}
	cfg.thermostat = th
	dut.configure(cfg)
	S.offall(1)
end

describe("CG 3.2 thermostat", { needs = "temp" }, function()
	it("heating: off at the switch-off temperature, on again only below it #S18", function()
		rig.temp(1, 15)
		unit{ TSENSOR1 = "1", TMODE1 = "HEAT", TTEMP1 = "20", THERMO1 = "ON" }
		rig.wait_relay(1, true, SAMPLE)
		reads(1, 19.9)
		assert.is_true(rig.relay(1), "R1 off below the switch-off temperature: " .. rig.history(1))
		reads(1, 20.0) -- the switch-off value itself
		assert.is_false(rig.relay(1), "R1 still on at the switch-off temperature")
		reads(1, 23)
		reads(1, 20.0) -- back down to the switch-off value: not below it yet
		assert.is_false(rig.relay(1), "R1 on again at the switch-off temperature")
		local t = clock.now()
		rig.temp(1, 19.9)
		local on = rig.wait_relay(1, true, SAMPLE)
		assert.is_true(on > t)
		-- no other relay moved, nothing was sent (TALERT1 is OFF)
		assert.equal("1000000", (rig.relays()))
		modem.no_sms(nil, 1)
		sms("RSTAT", "R1=ON R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF")
	end)

	it("heating keeps a relay switched on by SMS off above the switch-off value #S18", function()
		reads(1, 24)
		unit{ TSENSOR2 = "1", TMODE2 = "HEAT", TTEMP2 = "22.5", THERMO2 = "ON" }
		sms("ON2", "ON2 - OK")
		rig.wait_relay(2, true, 2)
		local off = rig.wait_relay(2, false, SAMPLE)
		assert.is_number(off)
		reads(1, 22.6)
		assert.is_false(rig.relay(2))
		reads(1, 22.4)
		assert.is_true(rig.relay(2))
	end)

	it("cooling is the mirror image #S19", function()
		rig.temp(2, 30)
		unit{ TSENSOR5 = "2", TMODE5 = "COOL", TTEMP5 = "25", THERMO5 = "ON" }
		rig.wait_relay(5, true, SAMPLE)
		reads(2, 25.1)
		assert.is_true(rig.relay(5), "R5 off above the switch-off temperature: " .. rig.history(5))
		reads(2, 25.0)
		assert.is_false(rig.relay(5), "R5 still on at the switch-off temperature")
		reads(2, 18)
		reads(2, 25.0) -- back up to the switch-off value: not above it yet
		assert.is_false(rig.relay(5), "R5 on again at the switch-off temperature")
		rig.temp(2, 25.1)
		rig.wait_relay(5, true, SAMPLE)
		assert.equal("0000100", (rig.relays()))
		modem.no_sms(nil, 1)
	end)

	it("heating and cooling regulate side by side on one sensor #S18 #S19", function()
		rig.temp(3, 20)
		unit{ TSENSOR3 = "3", TMODE3 = "HEAT", TTEMP3 = "18", THERMO3 = "ON",
		      TSENSOR4 = "3", TMODE4 = "COOL", TTEMP4 = "24", THERMO4 = "ON" }
		clock.sleep(SAMPLE)
		assert.equal("0000000", (rig.relays())) -- between the two: both off
		reads(3, 17.9)
		assert.equal("0010000", (rig.relays()))
		reads(3, 24.1)
		assert.equal("0001000", (rig.relays()))
		reads(3, 24)
		assert.equal("0000000", (rig.relays()))
	end)

	it("a switch-off alert every time, with the temperature #S20", function()
		rig.temp(1, 8)
		unit{ TSENSOR1 = "1", TMODE1 = "HEAT", TTEMP1 = "10", THERMO1 = "ON", TALERT1 = "ON" }
		rig.wait_relay(1, true, SAMPLE)
		modem.no_sms(ALERT, SAMPLE) -- switching on sends nothing
		reads(1, 10.0)
		assert.is_false(rig.relay(1))
		modem.expect_sms(ALERT, "Thermostat switched off R1 at 10.0C", 30)
		for _, c in ipairs({ 12.3, 15.5, 10.7 }) do
			reads(1, 9.9)
			assert.is_true(rig.relay(1))
			rig.temp(1, c) -- overshoot: the alert gives the reading, not the setting
			rig.wait_relay(1, false, SAMPLE)
			modem.expect_sms(ALERT, string.format("Thermostat switched off R1 at %.1fC", c), 30)
		end
		-- staying off sends nothing more; the alert went to the alert number only
		reads(1, 30)
		modem.no_sms(ALERT, 60)
		modem.no_sms(BOSS, 0)
	end)

	it("a cooling switch-off alert names its relay #S20 #S19", function()
		rig.temp(4, 30)
		unit{ TSENSOR6 = "4", TMODE6 = "COOL", TTEMP6 = "-5", THERMO6 = "ON", TALERT6 = "ON" }
		reads(4, -4.9)
		assert.is_true(rig.relay(6))
		reads(4, -6.2)
		assert.is_false(rig.relay(6))
		modem.expect_sms(ALERT, "Thermostat switched off R6 at -6.2C", 30)
		modem.no_sms(ALERT, 30)
	end)

	it("no switch-off alert while the thermostat is off #S20", function()
		rig.temp(1, 8)
		unit{ TSENSOR1 = "1", TMODE1 = "HEAT", TTEMP1 = "10", THERMO1 = "OFF", TALERT1 = "ON" }
		sms("ON1", "ON1 - OK")
		reads(1, 12)
		assert.is_true(rig.relay(1), "the thermostat switched R1 while off")
		sms("OFF1", "OFF1 - OK")
		reads(1, 8)
		assert.is_false(rig.relay(1))
		modem.no_sms(ALERT, 30)
		-- enabled by SMS, it regulates and alerts again
		sms("TON1", "TON1 - OK")
		rig.wait_relay(1, true, SAMPLE)
		reads(1, 11)
		modem.expect_sms(ALERT, "Thermostat switched off R1 at 11.0C", 30)
		-- disabled by SMS: it no longer switches, and sends nothing
		sms("TOFF1", "TOFF1 - OK")
		reads(1, 5)
		assert.is_false(rig.relay(1))
		sms("ON1", "ON1 - OK")
		reads(1, 15)
		assert.is_true(rig.relay(1))
		modem.no_sms(ALERT, 30)
	end)

	it("no switch-off alert with TALERT off #S20", function()
		rig.temp(1, 8)
		unit{ TSENSOR1 = "1", TTEMP1 = "10", THERMO1 = "ON", TALERT1 = "OFF",
		      TSENSOR2 = "1", TTEMP2 = "10", THERMO2 = "ON", TALERT2 = "ON" }
		rig.wait_relay(1, true, SAMPLE)
		reads(1, 10.5)
		assert.equal("0000000", (rig.relays()))
		-- R2's alert only: one message
		modem.expect_sms(ALERT, "Thermostat switched off R2 at 10.5C", 30)
		modem.no_sms(ALERT, 30)
	end)
end)

describe("CG 3.2 sensor failed alerts", { needs = "temp" }, function()
	local FAILED3 = "Temperature sensor T3 failed! Thermostat disabled"

	-- R2 heats on sensor 3 (on at 15 C), then sensor 3 fails: one alert.
	local function failed_once()
		rig.temp(3, 15)
		unit{ TSENSOR2 = "3", TMODE2 = "HEAT", TTEMP2 = "20", THERMO2 = "ON", SENSORALERT = "ON" }
		rig.wait_relay(2, true, SAMPLE)
		rig.sensor_fail(3)
		modem.expect_sms(ALERT, FAILED3, SAMPLE)
		assert.equal("OFF", dut.read("thermostat").THERMO2)
	end

	it("one alert, and the thermostat on the sensor is disabled #S21 #S23", function()
		failed_once()
		sms("THERMO2?", "THERMO2=(OFF),ON")
		modem.no_sms(ALERT, 300) -- one alert per failure
		sms("TEMP", modem.pattern("T3=FAIL"))
		-- the sensor works again: the disabled thermostat stays disabled
		rig.temp(3, 25)
		clock.sleep(2 * SAMPLE)
		assert.is_true(rig.relay(2), "a disabled thermostat switched R2")
		assert.equal("OFF", dut.read("thermostat").THERMO2)
		modem.no_sms(ALERT, 30)
	end)

	it("the thermostat can be enabled again by SMS #S24", function()
		failed_once()
		reads(3, 25)
		sms("TON2", "TON2 - OK")
		rig.wait_relay(2, false, SAMPLE)
		assert.equal("ON", dut.read("thermostat").THERMO2)
		reads(3, 19.9)
		assert.is_true(rig.relay(2))
		modem.no_sms(ALERT, 30)
	end)

	it("a new failure after the thermostat was enabled again alerts again #S21 #S23", function()
		failed_once()
		reads(3, 25)
		sms("TON2", "TON2 - OK")
		rig.wait_relay(2, false, SAMPLE)
		rig.sensor_fail(3)
		modem.expect_sms(ALERT, FAILED3, SAMPLE)
		assert.equal("OFF", dut.read("thermostat").THERMO2)
		modem.no_sms(ALERT, 120)
	end)

	it("enabling the thermostat on a sensor still failed alerts once more #S21 #S24", function()
		failed_once()
		sms("TON2", "TON2 - OK")
		modem.expect_sms(ALERT, FAILED3, SAMPLE)
		assert.equal("OFF", dut.read("thermostat").THERMO2)
		modem.no_sms(ALERT, 120)
	end)

	it("a settings change while failed, thermostat off: no alert #S21 #S22", function()
		failed_once()
		sms("TTEMP2=21", "TTEMP2=21 - OK")
		sms("SENSORALERT=ON", "SENSORALERT=ON - OK")
		modem.no_sms(ALERT, 60)
		assert.equal("OFF", dut.read("thermostat").THERMO2)
	end)

	it("no alert without an enabled thermostat on the sensor #S22", function()
		rig.temp(3, 15)
		rig.temp(4, 15)
		unit{ TSENSOR2 = "3", THERMO2 = "OFF", TSENSOR5 = "4", THERMO5 = "ON", SENSORALERT = "ON" }
		clock.sleep(SAMPLE)
		rig.sensor_fail(3)
		modem.no_sms(ALERT, 60)
		-- the thermostat on sensor 4 keeps working
		assert.equal("ON", dut.read("thermostat").THERMO5)
		assert.is_true(rig.relay(5))
		rig.temp(3, 15)
		clock.sleep(SAMPLE)
	end)

	it("no alert with SENSORALERT off, but the thermostat is disabled #S22 #S23", function()
		rig.temp(3, 15)
		unit{ TSENSOR2 = "3", THERMO2 = "ON", SENSORALERT = "OFF" }
		rig.wait_relay(2, true, SAMPLE)
		rig.sensor_fail(3)
		modem.no_sms(ALERT, 60)
		assert.equal("OFF", dut.read("thermostat").THERMO2)
		rig.temp(3, 15)
		clock.sleep(SAMPLE)
	end)

	it("two thermostats on one failed sensor: both disabled, one alert #S21 #S23", function()
		rig.temp(3, 15)
		unit{ TSENSOR1 = "3", THERMO1 = "ON", TSENSOR7 = "3", TMODE7 = "COOL", TTEMP7 = "10",
		      THERMO7 = "ON", SENSORALERT = "ON" }
		rig.wait_relay(1, true, SAMPLE)
		rig.wait_relay(7, true, SAMPLE)
		rig.sensor_fail(3)
		modem.expect_sms(ALERT, FAILED3, SAMPLE)
		local th = dut.read("thermostat")
		assert.equal("OFF", th.THERMO1)
		assert.equal("OFF", th.THERMO7)
		modem.no_sms(ALERT, 120)
		rig.temp(3, 15)
		clock.sleep(SAMPLE)
	end)

	it("a disconnected sensor counts as failed #S21 #S23", function()
		rig.temp(3, 15)
		unit{ TSENSOR2 = "3", TMODE2 = "HEAT", TTEMP2 = "20", THERMO2 = "ON", SENSORALERT = "ON" }
		rig.wait_relay(2, true, SAMPLE)
		rig.temp(3, nil) -- unplugged: no reading at all
		modem.expect_sms(ALERT, FAILED3, SAMPLE)
		assert.equal("OFF", dut.read("thermostat").THERMO2)
		sms("TEMP", modem.pattern("T3=FAIL"))
		modem.no_sms(ALERT, 120)
		-- plugged in again, enabled again by SMS, then unplugged again
		rig.temp(3, 25)
		clock.sleep(SAMPLE)
		sms("TEMP", modem.pattern("T3=25%.0C"))
		sms("TON2", "TON2 - OK")
		rig.wait_relay(2, false, SAMPLE)
		rig.temp(3, nil)
		modem.expect_sms(ALERT, FAILED3, SAMPLE)
		assert.equal("OFF", dut.read("thermostat").THERMO2)
		modem.no_sms(ALERT, 60)
	end)

	it("a thermostat on a sensor not yet installed waits for it, then regulates #S23 #S21", function()
		rig.temp(5, nil)
		clock.sleep(SAMPLE)
		unit{ TSENSOR4 = "5", TMODE4 = "COOL", TTEMP4 = "25", THERMO4 = "OFF", SENSORALERT = "ON" }
		sms("TON4", "TON4 - OK")
		clock.sleep(60)
		assert.equal("ON", dut.read("thermostat").THERMO4)
		assert.is_false(rig.relay(4))
		modem.no_sms(ALERT, 0)
		rig.temp(5, 26) -- connected: installed at the next sample
		rig.wait_relay(4, true, SAMPLE)
		sms("TEMP", modem.pattern("T5=26%.0C"))
		rig.temp(5, 24)
		rig.wait_relay(4, false, SAMPLE)
		modem.no_sms(ALERT, 30)
	end)
end)

-- On every rig: the temperature the unit reads itself (on a physical rig
-- without a temperature source, the room's). The switch-off temperature is
-- set a few degrees (S.ROOM_MARGIN) above or below the reading, so the
-- thermostat must switch its relay at the next sample, whatever the room
-- does meanwhile; moving TTEMP by SMS stands for the room warming or cooling.
describe("CG 3.2 thermostat around the unit's own reading", function()
	local M = S.ROOM_MARGIN
	local function set(key, value)
		sms(key .. "=" .. value, key .. "=" .. value .. " - OK")
	end

	it("heating: on below TTEMP, off once TTEMP is set below the reading #S18", function()
		unit()
		local room = S.need_room_temp(1)
		dut.configure{ thermostat = { TSENSOR1 = "1", TMODE1 = "HEAT", TTEMP1 = S.deg(room, M), THERMO1 = "ON" } }
		rig.wait_relay(1, true, SAMPLE)
		S.stays(1, true, 2 * SAMPLE) -- it keeps heating
		set("TTEMP1", S.deg(room, -M))
		rig.wait_relay(1, false, SAMPLE)
		S.stays(1, false, 2 * SAMPLE)
		-- back above the reading: heating again
		set("TTEMP1", S.deg(room, M))
		rig.wait_relay(1, true, SAMPLE)
		-- no other relay moved, nothing was sent (TALERT1 is OFF)
		assert.equal("1000000", (rig.relays()))
		modem.no_sms(nil, 1)
		sms("RSTAT", S.rstat("1000000"))
	end)

	it("cooling is the mirror image #S19", function()
		unit()
		local room = S.need_room_temp(1)
		dut.configure{ thermostat = { TSENSOR5 = "1", TMODE5 = "COOL", TTEMP5 = S.deg(room, -M), THERMO5 = "ON" } }
		rig.wait_relay(5, true, SAMPLE)
		S.stays(5, true, 2 * SAMPLE)
		set("TTEMP5", S.deg(room, M))
		rig.wait_relay(5, false, SAMPLE)
		S.stays(5, false, 2 * SAMPLE)
		assert.equal("0000000", (rig.relays()))
		modem.no_sms(nil, 1)
	end)

	it("heating and cooling side by side on one sensor, each on its own side of the reading #S18 #S19", function()
		unit()
		local room = S.need_room_temp(1)
		dut.configure{ thermostat = { TSENSOR3 = "1", TMODE3 = "HEAT", TTEMP3 = S.deg(room, -M), THERMO3 = "ON",
		                              TSENSOR4 = "1", TMODE4 = "COOL", TTEMP4 = S.deg(room, M), THERMO4 = "ON" } }
		clock.sleep(SAMPLE)
		assert.equal("0000000", (rig.relays())) -- the reading between the two: both off
		set("TTEMP3", S.deg(room, M)) -- the room is now "too cold"
		rig.wait_relay(3, true, SAMPLE)
		set("TTEMP3", S.deg(room, -M))
		set("TTEMP4", S.deg(room, -M)) -- and now "too warm"
		rig.wait_relay(4, true, SAMPLE)
		rig.wait_relay(3, false, SAMPLE)
		assert.equal("0001000", (rig.relays()))
	end)

	it("a switch-off alert with the reading, each time it switches off #S20", function()
		unit()
		local room = S.need_room_temp(1)
		dut.configure{ thermostat = { TSENSOR2 = "1", TMODE2 = "HEAT", TTEMP2 = S.deg(room, M), THERMO2 = "ON",
		                              TALERT2 = "ON" } }
		rig.wait_relay(2, true, SAMPLE)
		modem.no_sms(ALERT, SAMPLE) -- switching on sends nothing
		for _ = 1, 2 do
			set("TTEMP2", S.deg(room, -M))
			rig.wait_relay(2, false, SAMPLE)
			S.near_room("switch-off alert",
				modem.expect_sms(ALERT, S.reading_pattern("Thermostat switched off R2 at "), 30), room)
			set("TTEMP2", S.deg(room, M))
			rig.wait_relay(2, true, SAMPLE)
		end
		-- staying on sends nothing; the alert went to the alert number only
		modem.no_sms(ALERT, 60)
		modem.no_sms(BOSS, 0)
	end)

	it("a thermostat switched off by SMS leaves its relay alone and sends nothing #S20 #S18", function()
		unit()
		local room = S.need_room_temp(1)
		dut.configure{ thermostat = { TSENSOR6 = "1", TMODE6 = "HEAT", TTEMP6 = S.deg(room, M), THERMO6 = "ON",
		                              TALERT6 = "ON" } }
		rig.wait_relay(6, true, SAMPLE)
		sms("TOFF6", "TOFF6 - OK")
		set("TTEMP6", S.deg(room, -M)) -- it would switch off now
		S.stays(6, true, 3 * SAMPLE)
		modem.no_sms(ALERT, 0)
		sms("TON6", "TON6 - OK")
		rig.wait_relay(6, false, SAMPLE)
		S.near_room("switch-off alert",
			modem.expect_sms(ALERT, S.reading_pattern("Thermostat switched off R6 at "), 30), room)
	end)
end)
