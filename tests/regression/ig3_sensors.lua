-- Installation Guide 3 (and device-reference 1): up to 5 temperature
-- sensors (S75); connect one new sensor at a time, several new sensors at
-- once give a configuration error (S76). How the unit reports it is the
-- firmware's decision (firmware/README.md, "Installed sensors"): READ info
-- SENSORERROR=..., and the TEMP reply ends with the same error.
--
-- The unit samples its sensors every 10 s (SAMPLE: one period and a margin).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local drain, sms = S.drain, S.sms

local BOSS, ALERT = S.BOSS, S.ALERT
local SAMPLE = 11
local ERR23 = "several new sensors (T2,T3), connect one at a time"

local function info()
	return dut.read("info")
end

-- Only the given sensors connected, installed at power-up.
local function only(sensors)
	for s = 1, 5 do rig.temp(s, sensors[s]) end
	dut.restart()
	clock.sleep(SAMPLE)
	drain()
end

describe("IG 3 one new sensor at a time", { needs = "temp" }, function()
	setup(function()
		rig.dc(true)
		dut.configure{
			security = { NUM1 = BOSS, ALERT1 = ALERT, DCALERT = "OFF" },
			confirm = { SMSCONFIRM = "ON", ERROR = "ON" },
		}
		clock.sleep(1)
	end)

	it("several sensors connected at power-up are installed, no error #S76", function()
		only{ 20, 21, 22 }
		local i = info()
		assert.equal("1,2,3", i.SENSORS)
		assert.equal("NONE", i.SENSORERROR)
		sms("TEMP", "T1=20.0C T2=21.0C T3=22.0C")
	end)

	it("two new sensors at once: a configuration error, neither installed #S76", function()
		only{ 20 }
		assert.equal("1", info().SENSORS)
		rig.temp(2, 21)
		rig.temp(3, 22)
		clock.sleep(SAMPLE)
		local i = info()
		assert.equal(ERR23, i.SENSORERROR)
		assert.equal("1", i.SENSORS)
		sms("TEMP", "T1=20.0C. Error: " .. ERR23)
		-- not installed: no thresholds, no alerts, no thermostat
		sms("TEMPHIGH2=25", "Temperature sensor T2 is not installed!")
		sms("TEMPLOW3=25", "Temperature sensor T3 is not installed!")
		-- the error lasts while both are new
		clock.sleep(120)
		assert.equal(ERR23, info().SENSORERROR)
		modem.no_sms(ALERT, 0)
	end)

	it("disconnecting one of them installs the other, then the next one #S76", function()
		rig.temp(3, nil)
		clock.sleep(SAMPLE)
		local i = info()
		assert.equal("NONE", i.SENSORERROR)
		assert.equal("1,2", i.SENSORS)
		sms("TEMP", "T1=20.0C T2=21.0C")
		sms("TEMPHIGH2=25", "TEMPHIGH2=25 - OK")
		rig.temp(3, 22)
		clock.sleep(SAMPLE)
		assert.equal("1,2,3", info().SENSORS)
		assert.equal("NONE", info().SENSORERROR)
		sms("TEMP", "T1=20.0C T2=21.0C T3=22.0C")
		rig.temp(2, 25.5)
		modem.expect_sms(ALERT, "Temperature rise alert: T2=25.5C", SAMPLE)
	end)

	it("three new sensors at once, none installed; no sensor installed before #S76", function()
		only{}
		sms("TEMP", "No temperature sensors")
		assert.equal("NONE", info().SENSORS)
		rig.temp(1, 18)
		rig.temp(4, 19)
		rig.temp(5, 20)
		clock.sleep(SAMPLE)
		local i = info()
		assert.equal("several new sensors (T1,T4,T5), connect one at a time", i.SENSORERROR)
		assert.equal("NONE", i.SENSORS)
		sms("TEMP", "No temperature sensors. Error: several new sensors (T1,T4,T5), connect one at a time")
		-- all disconnected: no error left, nothing installed
		for _, s in ipairs{ 1, 4, 5 } do rig.temp(s, nil) end
		clock.sleep(SAMPLE)
		assert.equal("NONE", info().SENSORERROR)
		sms("TEMP", "No temperature sensors")
		-- one at a time
		for _, s in ipairs{ 5, 1, 4 } do
			rig.temp(s, 10 + s)
			clock.sleep(SAMPLE)
			assert.equal("NONE", info().SENSORERROR)
		end
		assert.equal("1,4,5", info().SENSORS)
		sms("TEMP", "T1=11.0C T4=14.0C T5=15.0C")
	end)

	it("a new sensor beside a disconnected installed one is no error #S76", function()
		only{ 20 }
		rig.temp(1, nil) -- installed, now disconnected: failed, not new
		rig.temp(2, 21)
		clock.sleep(SAMPLE)
		assert.equal("NONE", info().SENSORERROR)
		assert.equal("1,2", info().SENSORS)
		sms("TEMP", "T1=FAIL T2=21.0C")
	end)
end)

describe("IG 3 up to 5 temperature sensors", { needs = "temp" }, function()
	it("five sensors, installed one by one, all read #S75", function()
		only{}
		for s = 1, 5 do
			rig.temp(s, 10 + s + s / 10)
			clock.sleep(SAMPLE)
		end
		assert.equal("1,2,3,4,5", info().SENSORS)
		sms("TEMP", "T1=11.1C T2=12.2C T3=13.3C T4=14.4C T5=15.5C")
	end)

	it("each of the five takes thresholds and alerts, a sixth is no sensor #S75", function()
		for s = 1, 5 do
			sms("TEMPHIGH" .. s .. "=" .. (20 + s), "TEMPHIGH" .. s .. "=" .. (20 + s) .. " - OK")
		end
		sms("TEMPHIGH6=30", "TEMPHIGH6=30 - Error!")
		sms("TEMPLOW0=30", "TEMPLOW0=30 - Error!")
		for s = 1, 5 do
			rig.temp(s, 21 + s)
			modem.expect_sms(ALERT, string.format("Temperature rise alert: T%d=%d.0C", s, 21 + s), SAMPLE)
		end
		modem.no_sms(ALERT, 30)
	end)

	it("the fifth sensor drives a thermostat; TSENSOR takes 0..5 #S75", function()
		sms("TSENSOR7=6", "Incorrect value!")
		sms("TSENSOR7=5", "TSENSOR7=5 - OK")
		sms("TMODE7=COOL", "TMODE7=COOL - OK")
		sms("TTEMP7=30", "TTEMP7=30 - OK")
		sms("TON7", "TON7 - OK")
		clock.sleep(SAMPLE)
		assert.is_false(rig.relay(7))
		rig.temp(5, 30.5)
		rig.wait_relay(7, true, SAMPLE)
		rig.temp(5, 29)
		rig.wait_relay(7, false, SAMPLE)
	end)

	it("all five stay installed across a restart #S75", function()
		dut.restart()
		clock.sleep(SAMPLE)
		assert.equal("1,2,3,4,5", info().SENSORS)
		sms("TEMP", modem.pattern("^T1=%S+ T2=%S+ T3=%S+ T4=%S+ T5=29%.0C$"))
	end)
end)
