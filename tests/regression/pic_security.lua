-- Product Information Card (Configuration Guide 4): security by numbers,
-- management password, replies to unauthorised numbers, alert and
-- security-centre numbers. Each setting is set by SMS and over USB, read back
-- by SMS (KEY?) and USB (dut.read), and its effect checked.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local sms, sms_from = S.sms_within(10) -- modem.expect_sms's default wait

local BOSS = S.BOSS
local SECOND = S.SECOND
local STRANGER = "+37060000099"
local A1, A2 = "+37060000011", "+37060000012"
local C1, C2 = "+37060000031", "+37060000032"
local LAST = "The last security number cannot be deleted!"

-- The security tab as a fresh installation: BOSS alone on the list,
-- security on, no password, no alert or centre numbers.
local function security_tab(extra)
	local t = { SECURITY = true, PASSWORD = "", RENEWPASSWORD = "" }
	for i = 1, 10 do
		t["NUM" .. i] = ""
		t["ALERT" .. i] = ""
	end
	for i = 1, 5 do
		t["CENTRE" .. i] = ""
	end
	t.NUM1 = BOSS
	for k, v in pairs(extra or {}) do
		t[k] = v
	end
	return t
end

local function reset(extra, confirm)
	rig.dc(true)
	rig.ac(true)
	rig.battery(true)
	for i = 1, 6 do
		rig.input(i, false)
	end
	local c = { SMSCONFIRM = true, ERROR = true, SMSCONFIRMUNAUTH = false }
	for k, v in pairs(confirm or {}) do
		c[k] = v
	end
	dut.configure{
		security = security_tab(extra),
		confirm = c,
		inputs = { ALARM1 = false, ALARM2 = false, INALERT1 = "SMS", INALIAS1 = "", INRELAYS1 = "" },
	}
	clock.sleep(1)
	sms("OFFALL", "OFFALL - OK")
end

describe("security by numbers #S62", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("SECURITY=ON: a number off the list cannot command, a listed one can #S62", function()
		modem.sms(STRANGER, "ON1")
		modem.no_sms(nil, 10)
		assert.is_false(rig.relay(1))
		sms("ON1", "ON1 - OK")
		rig.wait_relay(1, true, 2)
		sms("SECURITY?", "SECURITY=OFF,(ON)")
	end)

	it("SECURITY=OFF by SMS opens the unit to any number, SECURITY=ON closes it again #S62", function()
		sms("SECURITY=OFF", "SECURITY=OFF - OK")
		assert.equal("OFF", dut.read("security").SECURITY)
		sms("SECURITY?", "SECURITY=(OFF),ON")
		sms_from(STRANGER, "ON2", "ON2 - OK")
		rig.wait_relay(2, true, 2)
		-- the list itself is kept while security is off
		assert.equal(BOSS, dut.read("security").NUM1)
		sms_from(STRANGER, "SECURITY=ON", "SECURITY=ON - OK")
		assert.equal("ON", dut.read("security").SECURITY)
		modem.sms(STRANGER, "OFF2")
		modem.no_sms(nil, 10)
		assert.is_true(rig.relay(2))
	end)

	it("SECURITY over USB switches the check too #S62", function()
		dut.configure{ security = { SECURITY = false } }
		sms_from(STRANGER, "ON3", "ON3 - OK")
		rig.wait_relay(3, true, 2)
		dut.configure{ security = { SECURITY = true } }
		modem.sms(STRANGER, "OFF3")
		modem.no_sms(nil, 10)
		assert.is_true(rig.relay(3))
		-- a call from a stranger does nothing either
		dut.configure{ ring = { RINGACTION = "OFF3" } }
		modem.ring(STRANGER)
		modem.expect_reject(30)
		modem.no_sms(nil, 10)
		assert.is_true(rig.relay(3))
		dut.configure{ ring = { RINGACTION = "NONE" } }
	end)

	it("ADDSECNUM and DELSECNUM change the list, read back by SMS and USB #S62", function()
		sms("ADDSECNUM" .. SECOND, "ADDSECNUM" .. SECOND .. " - OK")
		assert.equal(SECOND, dut.read("security").NUM2)
		sms("NUM2?", "NUM2=" .. SECOND)
		sms_from(SECOND, "ON4", "ON4 - OK")
		rig.wait_relay(4, true, 2)
		sms_from(SECOND, "DELSECNUM" .. SECOND, "DELSECNUM" .. SECOND .. " - OK")
		assert.equal("", dut.read("security").NUM2)
		modem.sms(SECOND, "OFF4")
		modem.no_sms(nil, 10)
		assert.is_true(rig.relay(4))
	end)

	it("the last number of the list cannot be deleted by SMS #S62", function()
		sms("DELSECNUM" .. BOSS, LAST)
		sms("NUM1=", LAST)
		-- the refusal is sent whatever ERROR says
		dut.configure{ confirm = { ERROR = false } }
		sms("DELSECNUM" .. BOSS, LAST)
		dut.configure{ confirm = { ERROR = true } }
		local sec = dut.read("security")
		assert.equal(BOSS, sec.NUM1)
		for i = 2, 10 do
			assert.equal("", sec["NUM" .. i])
		end
		-- still closed to others
		modem.sms(STRANGER, "ON5")
		modem.no_sms(nil, 10)
		assert.is_false(rig.relay(5))
		-- with a second number the first can go, then the second is the last
		sms("ADDSECNUM" .. SECOND, "ADDSECNUM" .. SECOND .. " - OK")
		sms("DELSECNUM" .. BOSS, "DELSECNUM" .. BOSS .. " - OK")
		sms_from(SECOND, "DELSECNUM" .. SECOND, LAST)
		sec = dut.read("security")
		assert.equal("", sec.NUM1)
		assert.equal(SECOND, sec.NUM2)
		modem.sms(BOSS, "ON5")
		modem.no_sms(nil, 10)
		assert.is_false(rig.relay(5))
	end)

	it("a sender number longer than the unit keeps is unauthorised, never cut #S62 #S66", function()
		-- 22 digits: longer than any number the unit stores (17 digits)
		local LONG = "+3706000000112345678901"
		-- an open unit (empty list) would take a command from anyone
		dut.configure{ security = { NUM1 = "" } }
		modem.sms(LONG, "ON6")
		modem.no_sms(nil, 15)
		assert.is_false(rig.relay(6))
		-- even asked to answer unauthorised numbers, nothing goes to a
		-- shortened number
		dut.configure{ confirm = { SMSCONFIRMUNAUTH = true } }
		modem.sms(LONG, "ON6")
		modem.no_sms(nil, 15)
		assert.is_false(rig.relay(6))
		-- 18 digits: kept whole by the modem, but not storable; the
		-- refusal goes back to the number exactly as received
		local LONG18 = "+370600000011234567"
		sms_from(LONG18, "ON6", "Access deny!")
		modem.no_sms(nil, 10)
		assert.is_false(rig.relay(6))
		-- MAKEMEBOSS from it does not put a cut number on the list
		modem.sms(LONG, "MAKEMEBOSS")
		modem.no_sms(nil, 10)
		assert.equal("", dut.read("security").NUM1)
		dut.configure{ security = { NUM1 = BOSS } }
	end)
end)

describe("management password #S63", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("a password confirmed as ABCDE is the one that works, in any case #S63", function()
		sms("PASSWORD=abcde", "PASSWORD=ABCDE - OK")
		assert.equal("ABCDE", dut.read("security").PASSWORD)
		sms("ABCDEPASSWORD?", "PASSWORD=ABCDE")
		-- as confirmed
		sms("ABCDEON1", "ON1 - OK")
		rig.wait_relay(1, true, 2)
		-- as typed
		sms("abcdeOFF1", "OFF1 - OK")
		rig.wait_relay(1, false, 2)
		sms("AbCdEON2", "ON2 - OK")
		rig.wait_relay(2, true, 2)
	end)

	it("without the password, or a wrong one, nothing is done #S63", function()
		dut.configure{ security = { PASSWORD = "12ab5" } }
		assert.equal("12AB5", dut.read("security").PASSWORD)
		sms("ON3", "Invalid access password!")
		sms("12AB6ON3", "Invalid access password!")
		sms("PULSETIME=9", "Invalid access password!")
		clock.sleep(2)
		assert.is_false(rig.relay(3))
		assert.equal("4", dut.read("ring").PULSETIME)
		-- with ERROR=OFF the refusal is silent
		dut.configure{ confirm = { ERROR = false } }
		modem.sms(BOSS, "ON3")
		modem.no_sms(BOSS, 10)
		assert.is_false(rig.relay(3))
		dut.configure{ confirm = { ERROR = true } }
		-- information commands need it too
		sms("RSTAT", "Invalid access password!")
		sms("12ab5RSTAT", "R1=OFF R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF")
	end)

	it("PASSWORD= (empty) removes the password; a bad one is refused #S63", function()
		dut.configure{ security = { PASSWORD = "QWERT" } }
		sms("QWERTPASSWORD=1234", "Incorrect value!")
		sms("QWERTPASSWORD=12-45", "Incorrect value!")
		assert.equal("QWERT", dut.read("security").PASSWORD)
		sms("qwertPASSWORD=", "PASSWORD= - OK")
		assert.equal("", dut.read("security").PASSWORD)
		sms("ON4", "ON4 - OK")
		rig.wait_relay(4, true, 2)
	end)

	it("the password survives a restart #S63", function()
		sms("PASSWORD=z9z9z", "PASSWORD=Z9Z9Z - OK")
		dut.restart()
		clock.sleep(5)
		assert.equal("Z9Z9Z", dut.read("security").PASSWORD)
		sms("ON5", "Invalid access password!")
		sms("Z9Z9ZON5", "ON5 - OK")
		rig.wait_relay(5, true, 2)
	end)
end)

describe("replies to unauthorised numbers #S66", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("SMSCONFIRMUNAUTH=OFF (default): no reply, nothing done #S66", function()
		assert.equal("OFF", dut.read("confirm").SMSCONFIRMUNAUTH)
		modem.sms(STRANGER, "ON1")
		modem.sms(STRANGER, "STATUS")
		modem.no_sms(nil, 15)
		assert.is_false(rig.relay(1))
	end)

	it("SMSCONFIRMUNAUTH=ON by SMS: Access deny!, still nothing done; OFF again: silent #S66", function()
		sms("SMSCONFIRMUNAUTH=ON", "SMSCONFIRMUNAUTH=ON - OK")
		assert.equal("ON", dut.read("confirm").SMSCONFIRMUNAUTH)
		sms("SMSCONFIRMUNAUTH?", "SMSCONFIRMUNAUTH=OFF,(ON)")
		sms_from(STRANGER, "ON1", "Access deny!")
		sms_from(STRANGER, "SMSCONFIRMUNAUTH=OFF", "Access deny!")
		clock.sleep(2)
		assert.is_false(rig.relay(1))
		assert.equal("ON", dut.read("confirm").SMSCONFIRMUNAUTH)
		-- the authorised number gets normal replies
		sms("ON1", "ON1 - OK")
		sms("SMSCONFIRMUNAUTH=OFF", "SMSCONFIRMUNAUTH=OFF - OK")
		modem.sms(STRANGER, "OFF1")
		modem.no_sms(nil, 10)
		assert.is_true(rig.relay(1))
	end)

	it("SMSCONFIRMUNAUTH over USB #S66", function()
		dut.configure{ confirm = { SMSCONFIRMUNAUTH = true } }
		sms_from(STRANGER, "ON2", "Access deny!")
		modem.no_sms(nil, 5)
		assert.is_false(rig.relay(2))
		dut.configure{ confirm = { SMSCONFIRMUNAUTH = false } }
		modem.sms(STRANGER, "ON2")
		modem.no_sms(nil, 10)
		assert.is_false(rig.relay(2))
	end)
end)

describe("alert and security-centre numbers #S67", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
		reset()
	end)

	it("ADDALERTNUM and CENTRE<n>= are stored and read back by SMS and USB #S67", function()
		sms("ADDALERTNUM" .. A1, "ADDALERTNUM" .. A1 .. " - OK")
		sms("ALERT2=" .. A2, "ALERT2=" .. A2 .. " - OK")
		sms("CENTRE1=" .. C1, "CENTRE1=" .. C1 .. " - OK")
		sms("CENTRE5=" .. C2, "CENTRE5=" .. C2 .. " - OK")
		sms("CENTRE2=12ab", "Incorrect value!")
		sms("CENTRE6=" .. C2, "CENTRE6=" .. C2 .. " - Error!")
		local sec = dut.read("security")
		assert.equal(A1, sec.ALERT1)
		assert.equal(A2, sec.ALERT2)
		assert.equal(C1, sec.CENTRE1)
		assert.equal("", sec.CENTRE2)
		assert.equal(C2, sec.CENTRE5)
		sms("CENTRE1?", "CENTRE1=" .. C1)
		sms("ALERT1?", "ALERT1=" .. A1)
		sms("DELALERTNUM" .. A1, "DELALERTNUM" .. A1 .. " - OK")
		assert.equal("", dut.read("security").ALERT1)
	end)

	it("an input alarm goes to every alert number and every centre number #S67", function()
		dut.configure{
			security = { ALERT1 = A1, ALERT3 = A2, CENTRE2 = C1, CENTRE5 = C2 },
			inputs = { ALARM1 = true, INALERT1 = "SMS", INALIAS1 = "Door" },
		}
		rig.input(1, true)
		modem.expect_sms(A1, "Alarm! IN1 (Door)", 30)
		modem.expect_sms(A2, "Alarm! IN1 (Door)", 30)
		modem.expect_sms(C1, "Alarm! IN1 (Door)", 30)
		modem.expect_sms(C2, "Alarm! IN1 (Door)", 30)
		modem.no_sms(nil, 10)
	end)

	it("power alerts go to the alert numbers only, not to the security centre #S67", function()
		dut.configure{ security = { ALERT1 = A1, CENTRE1 = C1, DCALERT = true } }
		rig.dc(false)
		modem.expect_sms(A1, "Main power (12V DC) failed!", 30)
		rig.dc(true)
		modem.expect_sms(A1, "Main power (12V DC) restored", 30)
		modem.no_sms(C1, 20)
	end)

	it("with only a centre number the alarm still reaches it, and it is called for CALL alerts #S67", function()
		dut.configure{
			security = { CENTRE1 = C1 },
			inputs = { ALARM2 = true, INALERT2 = "SMS", INALIAS2 = "" },
		}
		rig.input(2, true)
		modem.expect_sms(C1, "Alarm! IN2", 30)
		rig.input(2, false)
		clock.sleep(2)
		dut.configure{ inputs = { INALERT2 = "CALL" } }
		modem.callee(5, false)
		rig.input(2, true)
		modem.expect_call(C1, 60)
		modem.no_sms(C1, 10)
		dut.configure{ inputs = { ALARM2 = false } }
	end)

	it("a centre number is not a security number #S67", function()
		dut.configure{ security = { CENTRE1 = C1 } }
		modem.sms(C1, "ON7")
		modem.no_sms(nil, 10)
		assert.is_false(rig.relay(7))
	end)
end)
