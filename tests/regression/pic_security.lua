-- Product Information Card (Configuration Guide 4): security by numbers,
-- management password, replies to unauthorised numbers, alert and
-- security-centre numbers. Each setting is set by SMS and over USB, read back
-- by SMS (KEY?) and USB (dut.read), and its effect checked.
local BOSS = "+37060000001"
local SECOND = "+37060000002"
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
	modem.sms(BOSS, "OFFALL")
	modem.expect_sms(BOSS, "OFFALL - OK")
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
		modem.sms(BOSS, "ON1")
		modem.expect_sms(BOSS, "ON1 - OK")
		rig.wait_relay(1, true, 2)
		modem.sms(BOSS, "SECURITY?")
		modem.expect_sms(BOSS, "SECURITY=OFF,(ON)")
	end)

	it("SECURITY=OFF by SMS opens the unit to any number, SECURITY=ON closes it again #S62", function()
		modem.sms(BOSS, "SECURITY=OFF")
		modem.expect_sms(BOSS, "SECURITY=OFF - OK")
		assert.equal("OFF", dut.read("security").SECURITY)
		modem.sms(BOSS, "SECURITY?")
		modem.expect_sms(BOSS, "SECURITY=(OFF),ON")
		modem.sms(STRANGER, "ON2")
		modem.expect_sms(STRANGER, "ON2 - OK")
		rig.wait_relay(2, true, 2)
		-- the list itself is kept while security is off
		assert.equal(BOSS, dut.read("security").NUM1)
		modem.sms(STRANGER, "SECURITY=ON")
		modem.expect_sms(STRANGER, "SECURITY=ON - OK")
		assert.equal("ON", dut.read("security").SECURITY)
		modem.sms(STRANGER, "OFF2")
		modem.no_sms(nil, 10)
		assert.is_true(rig.relay(2))
	end)

	it("SECURITY over USB switches the check too #S62", function()
		dut.configure{ security = { SECURITY = false } }
		modem.sms(STRANGER, "ON3")
		modem.expect_sms(STRANGER, "ON3 - OK")
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
		modem.sms(BOSS, "ADDSECNUM" .. SECOND)
		modem.expect_sms(BOSS, "ADDSECNUM" .. SECOND .. " - OK")
		assert.equal(SECOND, dut.read("security").NUM2)
		modem.sms(BOSS, "NUM2?")
		modem.expect_sms(BOSS, "NUM2=" .. SECOND)
		modem.sms(SECOND, "ON4")
		modem.expect_sms(SECOND, "ON4 - OK")
		rig.wait_relay(4, true, 2)
		modem.sms(SECOND, "DELSECNUM" .. SECOND)
		modem.expect_sms(SECOND, "DELSECNUM" .. SECOND .. " - OK")
		assert.equal("", dut.read("security").NUM2)
		modem.sms(SECOND, "OFF4")
		modem.no_sms(nil, 10)
		assert.is_true(rig.relay(4))
	end)

	it("the last number of the list cannot be deleted by SMS #S62", function()
		modem.sms(BOSS, "DELSECNUM" .. BOSS)
		modem.expect_sms(BOSS, LAST)
		modem.sms(BOSS, "NUM1=")
		modem.expect_sms(BOSS, LAST)
		-- the refusal is sent whatever ERROR says
		dut.configure{ confirm = { ERROR = false } }
		modem.sms(BOSS, "DELSECNUM" .. BOSS)
		modem.expect_sms(BOSS, LAST)
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
		modem.sms(BOSS, "ADDSECNUM" .. SECOND)
		modem.expect_sms(BOSS, "ADDSECNUM" .. SECOND .. " - OK")
		modem.sms(BOSS, "DELSECNUM" .. BOSS)
		modem.expect_sms(BOSS, "DELSECNUM" .. BOSS .. " - OK")
		modem.sms(SECOND, "DELSECNUM" .. SECOND)
		modem.expect_sms(SECOND, LAST)
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
		modem.sms(LONG18, "ON6")
		modem.expect_sms(LONG18, "Access deny!")
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
		modem.sms(BOSS, "PASSWORD=abcde")
		modem.expect_sms(BOSS, "PASSWORD=ABCDE - OK")
		assert.equal("ABCDE", dut.read("security").PASSWORD)
		modem.sms(BOSS, "ABCDEPASSWORD?")
		modem.expect_sms(BOSS, "PASSWORD=ABCDE")
		-- as confirmed
		modem.sms(BOSS, "ABCDEON1")
		modem.expect_sms(BOSS, "ON1 - OK")
		rig.wait_relay(1, true, 2)
		-- as typed
		modem.sms(BOSS, "abcdeOFF1")
		modem.expect_sms(BOSS, "OFF1 - OK")
		rig.wait_relay(1, false, 2)
		modem.sms(BOSS, "AbCdEON2")
		modem.expect_sms(BOSS, "ON2 - OK")
		rig.wait_relay(2, true, 2)
	end)

	it("without the password, or a wrong one, nothing is done #S63", function()
		dut.configure{ security = { PASSWORD = "12ab5" } }
		assert.equal("12AB5", dut.read("security").PASSWORD)
		modem.sms(BOSS, "ON3")
		modem.expect_sms(BOSS, "Invalid access password!")
		modem.sms(BOSS, "12AB6ON3")
		modem.expect_sms(BOSS, "Invalid access password!")
		modem.sms(BOSS, "PULSETIME=9")
		modem.expect_sms(BOSS, "Invalid access password!")
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
		modem.sms(BOSS, "RSTAT")
		modem.expect_sms(BOSS, "Invalid access password!")
		modem.sms(BOSS, "12ab5RSTAT")
		modem.expect_sms(BOSS, "R1=OFF R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF")
	end)

	it("PASSWORD= (empty) removes the password; a bad one is refused #S63", function()
		dut.configure{ security = { PASSWORD = "QWERT" } }
		modem.sms(BOSS, "QWERTPASSWORD=1234")
		modem.expect_sms(BOSS, "Incorrect value!")
		modem.sms(BOSS, "QWERTPASSWORD=12-45")
		modem.expect_sms(BOSS, "Incorrect value!")
		assert.equal("QWERT", dut.read("security").PASSWORD)
		modem.sms(BOSS, "qwertPASSWORD=")
		modem.expect_sms(BOSS, "PASSWORD= - OK")
		assert.equal("", dut.read("security").PASSWORD)
		modem.sms(BOSS, "ON4")
		modem.expect_sms(BOSS, "ON4 - OK")
		rig.wait_relay(4, true, 2)
	end)

	it("the password survives a restart #S63", function()
		modem.sms(BOSS, "PASSWORD=z9z9z")
		modem.expect_sms(BOSS, "PASSWORD=Z9Z9Z - OK")
		dut.restart()
		clock.sleep(5)
		assert.equal("Z9Z9Z", dut.read("security").PASSWORD)
		modem.sms(BOSS, "ON5")
		modem.expect_sms(BOSS, "Invalid access password!")
		modem.sms(BOSS, "Z9Z9ZON5")
		modem.expect_sms(BOSS, "ON5 - OK")
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
		modem.sms(BOSS, "SMSCONFIRMUNAUTH=ON")
		modem.expect_sms(BOSS, "SMSCONFIRMUNAUTH=ON - OK")
		assert.equal("ON", dut.read("confirm").SMSCONFIRMUNAUTH)
		modem.sms(BOSS, "SMSCONFIRMUNAUTH?")
		modem.expect_sms(BOSS, "SMSCONFIRMUNAUTH=OFF,(ON)")
		modem.sms(STRANGER, "ON1")
		modem.expect_sms(STRANGER, "Access deny!")
		modem.sms(STRANGER, "SMSCONFIRMUNAUTH=OFF")
		modem.expect_sms(STRANGER, "Access deny!")
		clock.sleep(2)
		assert.is_false(rig.relay(1))
		assert.equal("ON", dut.read("confirm").SMSCONFIRMUNAUTH)
		-- the authorised number gets normal replies
		modem.sms(BOSS, "ON1")
		modem.expect_sms(BOSS, "ON1 - OK")
		modem.sms(BOSS, "SMSCONFIRMUNAUTH=OFF")
		modem.expect_sms(BOSS, "SMSCONFIRMUNAUTH=OFF - OK")
		modem.sms(STRANGER, "OFF1")
		modem.no_sms(nil, 10)
		assert.is_true(rig.relay(1))
	end)

	it("SMSCONFIRMUNAUTH over USB #S66", function()
		dut.configure{ confirm = { SMSCONFIRMUNAUTH = true } }
		modem.sms(STRANGER, "ON2")
		modem.expect_sms(STRANGER, "Access deny!")
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
		modem.sms(BOSS, "ADDALERTNUM" .. A1)
		modem.expect_sms(BOSS, "ADDALERTNUM" .. A1 .. " - OK")
		modem.sms(BOSS, "ALERT2=" .. A2)
		modem.expect_sms(BOSS, "ALERT2=" .. A2 .. " - OK")
		modem.sms(BOSS, "CENTRE1=" .. C1)
		modem.expect_sms(BOSS, "CENTRE1=" .. C1 .. " - OK")
		modem.sms(BOSS, "CENTRE5=" .. C2)
		modem.expect_sms(BOSS, "CENTRE5=" .. C2 .. " - OK")
		modem.sms(BOSS, "CENTRE2=12ab")
		modem.expect_sms(BOSS, "Incorrect value!")
		modem.sms(BOSS, "CENTRE6=" .. C2)
		modem.expect_sms(BOSS, "CENTRE6=" .. C2 .. " - Error!")
		local sec = dut.read("security")
		assert.equal(A1, sec.ALERT1)
		assert.equal(A2, sec.ALERT2)
		assert.equal(C1, sec.CENTRE1)
		assert.equal("", sec.CENTRE2)
		assert.equal(C2, sec.CENTRE5)
		modem.sms(BOSS, "CENTRE1?")
		modem.expect_sms(BOSS, "CENTRE1=" .. C1)
		modem.sms(BOSS, "ALERT1?")
		modem.expect_sms(BOSS, "ALERT1=" .. A1)
		modem.sms(BOSS, "DELALERTNUM" .. A1)
		modem.expect_sms(BOSS, "DELALERTNUM" .. A1 .. " - OK")
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
