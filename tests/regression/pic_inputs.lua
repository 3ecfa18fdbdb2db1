-- Product Information Card (Configuration Guide 4; device reference 5): per
-- alarm input an alias, a type (N/O, N/C), the relays it controls, the time
-- for those relays, the alert type and the Alarm Function on/off. Each is set
-- by SMS and over USB, read back, and has its effect on an alarm.
local BOSS = "+37060000001"
local A1 = "+37060000011"

local function input_defaults()
	local t = {}
	for i = 1, 6 do
		t["INALIAS" .. i] = ""
		t["INTYPE" .. i] = "NO"
		t["INRELAYS" .. i] = ""
		t["INTIME" .. i] = 10
		t["INALERT" .. i] = "SMS"
		t["ALARM" .. i] = false
	end
	return t
end

local function reset()
	rig.dc(true)
	rig.ac(true)
	for i = 1, 6 do
		rig.input(i, false)
	end
	clock.sleep(1)
	dut.configure{
		security = { SECURITY = true, NUM1 = BOSS, PASSWORD = "", ALERT1 = A1, ALERT2 = "" },
		confirm = { SMSCONFIRM = true, ERROR = true },
		backup = { BACKUPLIMIT = "DC" },
		inputs = input_defaults(),
	}
	clock.sleep(1)
	modem.sms(BOSS, "OFFALL")
	modem.expect_sms(BOSS, "OFFALL - OK")
	clock.sleep(1)
	modem.no_sms(A1, 1)
end

-- Set KEY=VALUE by SMS and check the confirmation.
local function set(kv)
	modem.sms(BOSS, kv)
	modem.expect_sms(BOSS, kv:upper() .. " - OK")
end

describe("alarm input settings #S74", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("each input setting by SMS is stored and read back by SMS and USB #S74", function()
		set("INALIAS2=Window")
		set("INTYPE2=NC")
		set("INRELAYS2=1,3")
		set("INTIME2=15")
		set("INALERT2=CALL")
		set("ALARM2=ON")
		local tab = dut.read("inputs")
		assert.equal("Window", tab.INALIAS2)
		assert.equal("NC", tab.INTYPE2)
		assert.equal("1,3", tab.INRELAYS2)
		assert.equal("15", tab.INTIME2)
		assert.equal("CALL", tab.INALERT2)
		assert.equal("ON", tab.ALARM2)
		-- the other inputs are untouched
		assert.equal("", tab.INALIAS1)
		assert.equal("NO", tab.INTYPE3)
		assert.equal("", tab.INRELAYS1)
		assert.equal("10", tab.INTIME6)
		assert.equal("SMS", tab.INALERT5)
		assert.equal("OFF", tab.ALARM1)
		local q = {
			{ "INALIAS2?", "INALIAS2=Window" }, { "INTYPE2?", "INTYPE2=NO,(NC)" },
			{ "INRELAYS2?", "INRELAYS2=1,3" }, { "INTIME2?", "INTIME2=15" },
			{ "INALERT2?", "INALERT2=SMS,(CALL),OFF" }, { "ALARM2?", "ALARM2=OFF,(ON)" },
		}
		for _, p in ipairs(q) do
			modem.sms(BOSS, p[1])
			modem.expect_sms(BOSS, p[2])
		end
		-- bad values refused, old kept
		for _, kv in ipairs{ "INTYPE2=NX", "INRELAYS2=8", "INTIME2=0", "INTIME2=3601", "INALERT2=MAIL", "ALARM2=MAYBE", "INALIAS2=a,b" } do
			modem.sms(BOSS, kv)
			modem.expect_sms(BOSS, "Incorrect value!")
		end
		assert.same(tab, dut.read("inputs"))
	end)

	it("Alarm Function on an N/O input: alert with the alias, relays on for INTIME, then off #S74", function()
		set("INALIAS3=Door")
		set("INRELAYS3=2,5")
		set("INTIME3=15")
		set("ALARM3=ON")
		modem.sms(BOSS, "ON5") -- on before: off after the alarm, whatever its state
		modem.expect_sms(BOSS, "ON5 - OK")
		clock.sleep(1)
		rig.input(3, true)
		modem.expect_sms(A1, "Alarm! IN3 (Door)", 30)
		local on = rig.wait_relay(2, true, 5)
		local off = rig.wait_relay(2, false, 30)
		measure("IN3 relay 2 time", off - on, { low = 14.9, high = 15.1, units = "s" })
		assert.is_false(rig.relay(5))
		assert.equal("0000000", (rig.relays()))
		modem.sms(BOSS, "ISTAT")
		modem.expect_sms(BOSS, "IN1=OK,OFF IN2=OK,OFF IN3=ALARM,ON IN4=OK,OFF IN5=OK,OFF IN6=OK,OFF")
		-- no second alert while the input stays in alarm
		modem.no_sms(A1, 30)
	end)

	it("INTYPE=NC: the alarm is on voltage loss, not on voltage #S74", function()
		rig.input(4, true)
		clock.sleep(1)
		set("INTYPE4=NC")
		-- voltage on an N/C input is its normal state: no alarm for the change
		modem.sms(BOSS, "ISTAT")
		modem.expect_sms(BOSS, "IN1=OK,OFF IN2=OK,OFF IN3=OK,OFF IN4=OK,OFF IN5=OK,OFF IN6=OK,OFF")
		set("INRELAYS4=6")
		set("INTIME4=5")
		set("ALARM4=ON")
		rig.input(4, false)
		modem.expect_sms(A1, "Alarm! IN4", 30)
		local on = rig.wait_relay(6, true, 5)
		local off = rig.wait_relay(6, false, 30)
		measure("IN4 (N/C) relay 6 time", off - on, { low = 4.9, high = 5.1, units = "s" })
		-- voltage back: the input is normal again, nothing happens
		rig.input(4, true)
		modem.no_sms(A1, 15)
		assert.is_false(rig.relay(6))
		-- the same wiring as N/O: voltage is the alarm
		set("INTYPE4=NO")
		rig.input(4, false)
		clock.sleep(2)
		rig.input(4, true)
		modem.expect_sms(A1, "Alarm! IN4", 30)
		rig.wait_relay(6, true, 5)
	end)

	it("INALERT: SMS, CALL or OFF; the relays act in each case #S74", function()
		set("INRELAYS5=7")
		set("INTIME5=3")
		set("ALARM5=ON")
		set("INALERT5=OFF")
		rig.input(5, true)
		rig.wait_relay(7, true, 5)
		modem.no_sms(A1, 20)
		assert.is_false(rig.relay(7))
		rig.input(5, false)
		clock.sleep(2)
		set("INALERT5=CALL")
		modem.callee(5, false)
		rig.input(5, true)
		modem.expect_call(A1, 60)
		rig.wait_relay(7, true, 5)
		modem.no_sms(A1, 10)
		rig.input(5, false)
		clock.sleep(2)
		set("INALERT5=SMS")
		rig.input(5, true)
		modem.expect_sms(A1, "Alarm! IN5", 30)
	end)

	it("Alarm Function OFF: no alert, no relay; AON/AOFF by SMS switch it #S74", function()
		set("INRELAYS6=4")
		set("INTIME6=5")
		set("ALARM6=OFF")
		rig.input(6, true)
		modem.no_sms(A1, 15)
		assert.is_false(rig.relay(4))
		rig.input(6, false)
		clock.sleep(2)
		modem.sms(BOSS, "AON6")
		modem.expect_sms(BOSS, "AON6 - OK")
		assert.equal("ON", dut.read("inputs").ALARM6)
		rig.input(6, true)
		modem.expect_sms(A1, "Alarm! IN6", 30)
		rig.wait_relay(4, true, 5)
		rig.wait_relay(4, false, 10)
		rig.input(6, false)
		clock.sleep(2)
		modem.sms(BOSS, "AOFF6")
		modem.expect_sms(BOSS, "AOFF6 - OK")
		assert.equal("OFF", dut.read("inputs").ALARM6)
		rig.input(6, true)
		modem.no_sms(A1, 15)
		assert.is_false(rig.relay(4))
	end)

	it("settings written over USB have the same effect; a relay not listed is not touched #S74", function()
		dut.configure{ inputs = {
			INALIAS1 = "Gate", INTYPE1 = "NO", INRELAYS1 = "1,7", INTIME1 = 20,
			INALERT1 = "SMS", ALARM1 = true,
		} }
		modem.sms(BOSS, "INALIAS1?")
		modem.expect_sms(BOSS, "INALIAS1=Gate")
		modem.sms(BOSS, "INRELAYS1?")
		modem.expect_sms(BOSS, "INRELAYS1=1,7")
		modem.sms(BOSS, "ON4")
		modem.expect_sms(BOSS, "ON4 - OK")
		clock.sleep(1)
		rig.input(1, true)
		modem.expect_sms(A1, "Alarm! IN1 (Gate)", 30)
		local on1 = rig.wait_relay(1, true, 5)
		local on7 = rig.wait_relay(7, true, 5)
		local off1 = rig.wait_relay(1, false, 40)
		local off7 = rig.wait_relay(7, false, 40)
		measure("IN1 relay 1 time", off1 - on1, { low = 19.9, high = 20.1, units = "s" })
		measure("IN1 relay 7 time", off7 - on7, { low = 19.9, high = 20.1, units = "s" })
		assert.equal("0001000", (rig.relays()))
		-- the alias with a GSM '@', set by SMS, appears whole in the alert
		rig.input(1, false)
		clock.sleep(2)
		set("INALIAS1=gate@north")
		assert.equal("gate@north", dut.read("inputs").INALIAS1)
		rig.input(1, true)
		modem.expect_sms(A1, "Alarm! IN1 (gate@north)", 30)
	end)
end)
