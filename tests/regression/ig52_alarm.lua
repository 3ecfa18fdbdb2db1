-- Regression: the Alarm Function with relays and alerts (Installation Guide
-- 5.2, Example 7; device reference 1, 5). An alarm switches each relay tied
-- to the input on for INTIME and then off, whatever its state before; the
-- thermostat may switch it on again; alerts go to every alert number by the
-- input's alert type; N/O inputs alarm when voltage appears, N/C inputs when
-- it disappears; the alarm SMS names the input's alias. And an alarm relay
-- time never survives a 12 V blip (firmware/README.md, backup mode).
--
-- Rig-runnable: voltage on the inputs from the rig, relays read from the
-- coils, set up over USB, alerts received by the modem.

local BOSS = "+37060000001"
local A1, A2, A3 = "+37060000011", "+37060000012", "+37060000013"
local ALERTS = { A1, A2, A3 }

local function drain()
	while modem.wait_sms(nil, 0) do end
end

local function sms(text, reply)
	modem.sms(BOSS, text)
	return modem.expect_sms(BOSS, reply, 30)
end

local function rstat(states)
	local parts = {}
	for r = 1, 7 do
		parts[r] = "R" .. r .. (states:sub(r, r) == "1" and "=ON" or "=OFF")
	end
	return table.concat(parts, " ")
end

local function stays(r, state, secs)
	local before = rig.relay_changed(r)
	clock.sleep(secs)
	assert.equal(state, rig.relay(r), "relay " .. r .. ": " .. rig.history(r))
	assert.equal(before, rig.relay_changed(r), "relay " .. r .. " changed: " .. rig.history(r))
end

-- Rig time (s) of relay r's first change to off after rig time t, from its
-- history (the waits for alerts may outlast the relay time); nil if none.
local function off_after(r, t)
	for v in rig.history(r):gmatch("off@([%d.]+)s") do
		if tonumber(v) > t then return tonumber(v) end
	end
end

-- Input settings: every input N/O, no relays, no alias, SMS alerts, Alarm
-- Function off, unless given.
local function inputs(over)
	local t = {}
	for i = 1, 6 do
		t["INTYPE" .. i] = "NO"
		t["INALIAS" .. i] = ""
		t["INRELAYS" .. i] = ""
		t["INTIME" .. i] = 10
		t["INALERT" .. i] = "SMS"
		t["ALARM" .. i] = "OFF"
	end
	for k, v in pairs(over or {}) do t[k] = v end
	return t
end

local function unit(over, extra)
	rig.usb(false)
	rig.battery(true)
	rig.dc(true)
	for i = 1, 6 do rig.input(i, false) end
	clock.sleep(1)
	local cfg = {
		security = { NUM1 = BOSS, ALERT1 = A1, ALERT2 = A2, ALERT3 = A3,
			     DCALERT = "OFF", ACALERT = "OFF", BATALERT = "OFF" },
		confirm = { SMSCONFIRM = "ON", ERROR = "ON" },
		backup = { BACKUPLIMIT = "OFF" },
		inputs = inputs(over),
	}
	for tab, kv in pairs(extra or {}) do cfg[tab] = kv end
	dut.configure(cfg)
	clock.sleep(10) -- modem initialised after a fresh unit
	sms("OFFALL", "OFFALL - OK")
	clock.sleep(1)
	drain()
end

-- The SMS alert reaches every alert number, once.
local function alert_to_all(text)
	for _, n in ipairs(ALERTS) do modem.expect_sms(n, text, 30) end
	for _, n in ipairs(ALERTS) do modem.no_sms(n, 5) end
end

describe("IG 5.2 Alarm Function", function()
	it("an alarm turns its relays on for INTIME, then off #S54 #S58", function()
		unit{ INRELAYS1 = "1,3", INTIME1 = 10, ALARM1 = "ON" }
		local t0 = clock.now()
		rig.input(1, true)
		local on1 = rig.wait_relay(1, true, 2)
		local on3 = rig.wait_relay(3, true, 2)
		measure("alarm reaction", on1 - t0, { low = 0, high = 0.5, units = "s" })
		sms("RSTAT", rstat("1010000"))
		local off1 = rig.wait_relay(1, false, 15)
		local off3 = rig.wait_relay(3, false, 15)
		measure("alarm relay time R1 (INTIME=10)", off1 - on1, { low = 9.9, high = 10.2, units = "s" })
		measure("alarm relay time R3 (INTIME=10)", off3 - on3, { low = 9.9, high = 10.2, units = "s" })
		-- the voltage is still there: nothing more happens
		stays(1, false, 60)
		stays(3, false, 1)
		assert.equal("0000000", (rig.relays()))
		-- the input clears; a new alarm runs the relays again, for a new INTIME
		rig.input(1, false)
		clock.sleep(2)
		sms("INTIME1=25", "INTIME1=25 - OK")
		drain()
		rig.input(1, true)
		on1 = rig.wait_relay(1, true, 2)
		off1 = rig.wait_relay(1, false, 30)
		measure("alarm relay time R1 (INTIME=25)", off1 - on1, { low = 24.9, high = 25.2, units = "s" })
		rig.input(1, false)
		stays(1, false, 30)
	end)

	it("a relay that was on before the alarm is off afterwards #S55 #S54", function()
		unit{ INRELAYS2 = "2", INTIME2 = 6, ALARM2 = "ON" }
		sms("ON2", "ON2 - OK")
		rig.wait_relay(2, true, 2)
		clock.sleep(1)
		local t0 = clock.now()
		rig.input(2, true)
		local off = rig.wait_relay(2, false, 10)
		measure("relay that was on: off at the end of INTIME=6", off - t0, { low = 5.9, high = 6.3, units = "s" })
		-- it was held on all along
		assert.equal(1, select(2, rig.history(2):gsub("on@", "")), rig.history(2))
		stays(2, false, 60)
		sms("RSTAT", rstat("0000000"))
		rig.input(2, false)
		stays(2, false, 5)
	end)

	it("the thermostat switches the relay on again after the alarm, and never cuts the alarm time short #S56 #S55 #S54", function()
		unit({ INRELAYS3 = "4", INTIME3 = 8, ALARM3 = "ON" },
		     { thermostat = { TSENSOR4 = 1, TMODE4 = "HEAT", TTEMP4 = "20.0", THERMO4 = "ON" } })
		rig.temp(1, 15)
		rig.wait_relay(4, true, 15) -- heating: below the switch-off temperature
		clock.sleep(1)
		rig.input(3, true)
		local off = rig.wait_relay(4, false, 12)
		local on = rig.wait_relay(4, true, 15)
		measure("thermostat switches back on after the alarm", on - off, { low = 0, high = 10.1, units = "s" })
		stays(4, true, 30)
		-- warm: the thermostat leaves it off after the next alarm
		rig.input(3, false)
		clock.sleep(1)
		rig.temp(1, 25)
		rig.wait_relay(4, false, 15)
		clock.sleep(1)
		local t0 = clock.now()
		rig.input(3, true)
		-- the alarm has the relay for INTIME, though the thermostat wants it off
		on = rig.wait_relay(4, true, 2)
		off = rig.wait_relay(4, false, 12)
		assert.is_true(on >= t0, rig.history(4))
		measure("alarm time with the thermostat satisfied", off - on, { low = 7.9, high = 8.1, units = "s" })
		clock.sleep(4)
		assert.is_false(rig.relay(4), rig.history(4))
		stays(4, false, 30)
		rig.input(3, false)
		rig.temp(1, nil)
	end)

	it("SMS alerts go to every alert number, naming the input's alias #S57 #S60 #S58", function()
		unit{ INALIAS1 = "Door", INALIAS4 = "Pump PSU", ALARM1 = "ON", ALARM4 = "ON", ALARM5 = "ON" }
		rig.input(1, true)
		alert_to_all("Alarm! IN1 (Door)")
		rig.input(4, true)
		alert_to_all("Alarm! IN4 (Pump PSU)")
		rig.input(5, true) -- no alias
		alert_to_all("Alarm! IN5")
		modem.no_sms(BOSS, 1) -- not an alert number
		sms("ISTAT", "IN1=ALARM,ON IN2=OK,OFF IN3=OK,OFF IN4=ALARM,ON IN5=ALARM,ON IN6=OK,OFF")
		-- releasing an N/O input is no alarm
		rig.input(1, false)
		rig.input(4, false)
		rig.input(5, false)
		for _, n in ipairs(ALERTS) do modem.no_sms(n, 15) end
		sms("ISTAT", "IN1=OK,ON IN2=OK,OFF IN3=OK,OFF IN4=OK,ON IN5=OK,ON IN6=OK,OFF")
		-- an alias set by USB later is used by the next alarm
		dut.configure{ inputs = { INALIAS1 = "Gate" } }
		clock.sleep(1)
		rig.input(1, true)
		alert_to_all("Alarm! IN1 (Gate)")
		rig.input(1, false)
	end)

	it("alert type CALL calls every alert number, OFF sends nothing, and the relays switch in both #S57 #S54", function()
		unit{ INALERT2 = "CALL", INRELAYS2 = "5", INTIME2 = 5, ALARM2 = "ON",
		      INALERT6 = "OFF", INRELAYS6 = "6", INTIME6 = 5, ALARM6 = "ON" }
		modem.callee(2, false)
		rig.input(2, true)
		local on = rig.wait_relay(5, true, 2)
		local called = {}
		for _ = 1, 3 do
			local number = modem.expect_call(nil, 60)
			called[#called + 1] = number
		end
		table.sort(called)
		assert.same({ A1, A2, A3 }, called)
		clock.sleep(6)
		local off = off_after(5, on)
		assert.is_number(off, rig.history(5))
		measure("alarm relay time, CALL alert", off - on, { low = 4.9, high = 5.2, units = "s" })
		for _, n in ipairs(ALERTS) do modem.no_sms(n, 5) end

		rig.input(6, true)
		on = rig.wait_relay(6, true, 2)
		off = rig.wait_relay(6, false, 10)
		measure("alarm relay time, no alert", off - on, { low = 4.9, high = 5.2, units = "s" })
		for _, n in ipairs(ALERTS) do modem.no_sms(n, 20) end
		rig.input(2, false)
		rig.input(6, false)
	end)

	it("an alarm with the Alarm Function off does nothing #S54 #S57", function()
		unit{ INRELAYS1 = "7", ALARM1 = "OFF" }
		rig.input(1, true)
		stays(7, false, 20)
		for _, n in ipairs(ALERTS) do modem.no_sms(n, 1) end
		sms("ISTAT", "IN1=ALARM,OFF IN2=OK,OFF IN3=OK,OFF IN4=OK,OFF IN5=OK,OFF IN6=OK,OFF")
		rig.input(1, false)
	end)
end)

describe("Example 7: N/O and N/C inputs", function()
	it("an N/O input alarms when voltage appears, not when it disappears #S58 #S54", function()
		unit{ INTYPE3 = "NO", INRELAYS3 = "2", INTIME3 = 5, ALARM3 = "ON", INALIAS3 = "Siren" }
		rig.input(3, true)
		rig.wait_relay(2, true, 2)
		alert_to_all("Alarm! IN3 (Siren)")
		rig.wait_relay(2, false, 10)
		rig.input(3, false)
		stays(2, false, 20)
		for _, n in ipairs(ALERTS) do modem.no_sms(n, 1) end
	end)

	it("an N/C input alarms when voltage disappears, not when it appears #S59 #S54 #S60", function()
		-- a device's supply watched on IN4: voltage present while it works
		rig.input(4, true)
		unit{ INTYPE4 = "NC", INRELAYS4 = "3", INTIME4 = 5, ALARM4 = "ON", INALIAS4 = "Fridge PSU" }
		rig.input(4, true) -- unit() released the inputs
		clock.sleep(2)
		drain()
		stays(3, false, 10)
		for _, n in ipairs(ALERTS) do modem.no_sms(n, 1) end
		sms("ISTAT", "IN1=OK,OFF IN2=OK,OFF IN3=OK,OFF IN4=OK,ON IN5=OK,OFF IN6=OK,OFF")
		rig.input(4, false) -- the supply failed
		local on = rig.wait_relay(3, true, 2)
		alert_to_all("Alarm! IN4 (Fridge PSU)")
		sms("ISTAT", "IN1=OK,OFF IN2=OK,OFF IN3=OK,OFF IN4=ALARM,ON IN5=OK,OFF IN6=OK,OFF")
		clock.sleep(6)
		local off = off_after(3, on)
		assert.is_number(off, rig.history(3))
		measure("N/C alarm relay time", off - on, { low = 4.9, high = 5.2, units = "s" })
		rig.input(4, true) -- the supply is back: no alarm
		stays(3, false, 20)
		for _, n in ipairs(ALERTS) do modem.no_sms(n, 1) end
		sms("ISTAT", "IN1=OK,OFF IN2=OK,OFF IN3=OK,OFF IN4=OK,ON IN5=OK,OFF IN6=OK,OFF")
		rig.input(4, false)
		alert_to_all("Alarm! IN4 (Fridge PSU)")
	end)
end)

describe("alarm relay time and 12 V #S61", function()
	it("a 12 V blip during the alarm relay time leaves the relay off #S54 #S61", function()
		unit{ INRELAYS1 = "1", INTIME1 = 20, ALARM1 = "ON" }
		rig.input(1, true)
		rig.wait_relay(1, true, 2)
		clock.sleep(3)
		rig.dc(false)
		rig.wait_relay(1, false, 1)
		clock.sleep(1)
		rig.dc(true)
		clock.sleep(1)
		assert.is_false(rig.relay(1), rig.history(1))
		stays(1, false, 60)
		sms("RSTAT", rstat("0000000"))
		rig.input(1, false)
	end)

	it("a relay that was on before the alarm is off after a blip during the alarm time #S55 #S61", function()
		unit{ INRELAYS2 = "6", INTIME2 = 20, ALARM2 = "ON" }
		sms("ON6", "ON6 - OK")
		rig.wait_relay(6, true, 2)
		clock.sleep(1)
		rig.input(2, true)
		clock.sleep(5)
		rig.dc(false)
		clock.sleep(1)
		rig.dc(true)
		clock.sleep(1)
		assert.is_false(rig.relay(6), rig.history(6))
		stays(6, false, 60)
		rig.input(2, false)
	end)

	it("an alarm time that ends while 12 V is off leaves the relay off #S54 #S61", function()
		unit{ INRELAYS5 = "7", INTIME5 = 5, ALARM5 = "ON" }
		rig.input(5, true)
		rig.wait_relay(7, true, 2)
		clock.sleep(2)
		rig.dc(false)
		clock.sleep(10)
		rig.dc(true)
		clock.sleep(1)
		assert.is_false(rig.relay(7), rig.history(7))
		stays(7, false, 60)
		sms("RSTAT", rstat("0000000"))
		rig.input(5, false)
	end)
end)
