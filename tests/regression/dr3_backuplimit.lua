-- device-reference 3 (Configuration Guide 3.4): BACKUPLIMIT takes DC, AC or
-- OFF and nothing else; each value is stored, read back by SMS and USB, and
-- is the one that decides what backup mode limits.

local BOSS = "+37060000001"
local REFUSAL = "The function is not available now! The device is working in limited backup mode"
local CHOICES = {
	DC = "BACKUPLIMIT=(DC),AC,OFF",
	AC = "BACKUPLIMIT=DC,(AC),OFF",
	OFF = "BACKUPLIMIT=DC,AC,(OFF)",
}

local function drain()
	while modem.wait_sms(nil, 0) do end
end

local function sms(text, reply, timeout)
	modem.sms(BOSS, text)
	return modem.expect_sms(BOSS, reply, timeout or 30)
end

local function setup()
	rig.usb(false)
	rig.battery(true)
	rig.dc(true)
	rig.ac(true)
	dut.configure{
		security = { NUM1 = BOSS, DCALERT = "OFF", ACALERT = "OFF", BATALERT = "OFF" },
		confirm = { SMSCONFIRM = "ON", ERROR = "ON" },
	}
	drain()
end

-- The value as the unit reports it by SMS and over USB.
local function check(v)
	sms("BACKUPLIMIT?", CHOICES[v])
	assert.equal(v, dut.read("backup").BACKUPLIMIT)
end

describe("DR3: BACKUPLIMIT=DC, AC or OFF #dr3", function()
	it("is DC from the factory #S77", function()
		setup()
		check("DC")
	end)

	it("accepts DC, AC and OFF by SMS, and reads each back #S77", function()
		for _, v in ipairs{ "OFF", "AC", "DC", "AC", "OFF", "DC" } do
			sms("BACKUPLIMIT=" .. v, "BACKUPLIMIT=" .. v .. " - OK")
			check(v)
		end
	end)

	it("keeps the value across a restart #S77", function()
		for _, v in ipairs{ "AC", "OFF", "DC" } do
			sms("BACKUPLIMIT=" .. v, "BACKUPLIMIT=" .. v .. " - OK")
			dut.restart()
			clock.sleep(5)
			drain()
			check(v)
		end
	end)

	it("refuses any other value by SMS and keeps the one it had #S77", function()
		for _, keep in ipairs{ "AC", "OFF" } do
			sms("BACKUPLIMIT=" .. keep, "BACKUPLIMIT=" .. keep .. " - OK")
			for _, bad in ipairs{ "ON", "NONE", "", "D", "DCX", "ACDC", "DC,AC", "0", "1", "2",
				"12V", "BATTERY", "OF", "OFFF", "(DC)" } do
				sms("BACKUPLIMIT=" .. bad, "Incorrect value!")
			end
			check(keep)
		end
	end)

	it("takes the three values over USB and refuses others there too #S77", function()
		for _, v in ipairs{ "OFF", "AC", "DC" } do
			dut.configure{ backup = { BACKUPLIMIT = v } }
			check(v)
		end
		for _, bad in ipairs{ "ON", "", "DCAC", "2" } do
			local ok, e = pcall(dut.configure, { backup = { BACKUPLIMIT = bad } })
			assert.is_false(ok, "BACKUPLIMIT=" .. bad .. " was taken over USB")
			local msg = type(e) == "table" and tostring(e.message) or tostring(e)
			assert.matches("ERROR line 1: bad value", msg)
		end
		check("DC")
	end)

	it("each value decides what backup mode limits #S77", function()
		-- DC: 12 V lost limits relays and the Alarm Function
		sms("BACKUPLIMIT=DC", "BACKUPLIMIT=DC - OK")
		rig.dc(false)
		clock.sleep(2)
		sms("ON1", REFUSAL)
		sms("AON1", REFUSAL)
		rig.dc(true)
		clock.sleep(2)
		-- OFF: 12 V lost still stops relays, but not the Alarm Function
		sms("BACKUPLIMIT=OFF", "BACKUPLIMIT=OFF - OK")
		rig.dc(false)
		clock.sleep(2)
		sms("ON1", REFUSAL)
		sms("AON1", "AON1 - OK")
		sms("AOFF1", "AOFF1 - OK")
		rig.dc(true)
		clock.sleep(2)
		-- AC: AC lost on 12 V limits relays; with DC or OFF it does not
		sms("BACKUPLIMIT=AC", "BACKUPLIMIT=AC - OK")
		rig.ac(false)
		clock.sleep(2)
		sms("ON1", REFUSAL)
		sms("AON1", "AON1 - OK")
		sms("AOFF1", "AOFF1 - OK")
		assert.is_false(rig.relay(1))
		for _, v in ipairs{ "DC", "OFF" } do
			sms("BACKUPLIMIT=" .. v, "BACKUPLIMIT=" .. v .. " - OK")
			sms("ON1", "ON1 - OK")
			rig.wait_relay(1, true, 5)
			sms("OFF1", "OFF1 - OK")
			rig.wait_relay(1, false, 5)
		end
		rig.ac(true)
		clock.sleep(2)
	end)

	it("a refused value changes no behaviour #S77", function()
		sms("BACKUPLIMIT=OFF", "BACKUPLIMIT=OFF - OK")
		sms("BACKUPLIMIT=ON", "Incorrect value!")
		sms("BACKUPLIMIT=DCX", "Incorrect value!")
		rig.dc(false)
		clock.sleep(2)
		sms("AON1", "AON1 - OK") -- still OFF: the Alarm Function is not limited
		sms("AOFF1", "AOFF1 - OK")
		rig.dc(true)
		clock.sleep(2)
	end)
end)
