-- Product Information Card (Configuration Guide 4; device reference 3): the
-- scheduler holds 20 tasks. The 21st is refused, all 20 are kept, read back
-- (SMS SCHEDULER?, USB TASK1..20) and every one of them runs, the 20th too.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local sms = S.sms_within(10) -- modem.expect_sms's default wait

local BOSS = S.BOSS
local A1 = "+37060000011"

local function reset()
	rig.dc(true)
	rig.ac(true)
	dut.configure{
		security = { SECURITY = true, NUM1 = BOSS, PASSWORD = "", ALERT1 = "" },
		confirm = { SMSCONFIRM = true, ERROR = true },
		inputs = { ALARM1 = false, ALARM2 = false, ALARM3 = false, ALARM4 = false, ALARM5 = false, ALARM6 = false },
		backup = { BACKUPLIMIT = "DC" },
	}
	clock.sleep(1)
	sms("OFFALL", "OFFALL - OK")
	sms("SCHEDULER-ALL", "SCHEDULER-ALL - OK")
end

-- SCHEDULER? may come in several SMS: collect the tasks of all of them.
local function scheduler_by_sms(n)
	modem.sms(BOSS, "SCHEDULER?")
	local tasks = {}
	while #tasks < n do
		local text = modem.wait_sms(BOSS, 10)
		assert.is_string(text, "SCHEDULER? answered " .. #tasks .. " tasks, " .. n .. " expected")
		assert.is_true(#text <= 160, "an SMS longer than 160 characters")
		for t in text:gmatch("[^;]+") do
			tasks[#tasks + 1] = t
		end
	end
	modem.no_sms(BOSS, 5)
	table.sort(tasks)
	return tasks
end

local function sorted(list)
	local c = {}
	for i, v in ipairs(list) do
		c[i] = v
	end
	table.sort(c)
	return c
end

-- 20 tasks of every kind, at 11:01..11:20 on every day or one day.
local TWENTY = {
	"11:01,*,ONR1", "11:02,1,OFFR2", "11:03,2,PULR3", "11:04,3,RSTAT", "11:05,4,TON5",
	"11:06,5,TOFF6", "11:07,6,TEMP", "11:08,7,SIGN", "11:09,*,AON1", "11:10,*,AOFF6",
	"11:11,*,ISTAT", "11:12,*,AONALL", "11:13,*,AOFFALL", "11:14,*,ONR7", "11:15,*,OFFR7",
	"11:16,*,PULR4", "11:17,1,ONR2", "11:18,2,ONR3", "11:19,3,ONR4", "11:20,*,ONR5",
}

describe("20 scheduler tasks #S73", { independent = true }, function()
	before_each(function()
		modem.network_time("2026-11-23 09:00:00")
		reset()
	end)

	it("20 tasks by SMS are kept; the 21st is refused; all 20 read back by SMS and USB #S73", function()
		for i, t in ipairs(TWENTY) do
			sms("SC" .. t, "SC" .. t .. " - OK")
		end
		sms("SC12:00,*,ONR6", "Execute error!")
		local tab = dut.read("scheduler")
		for i, t in ipairs(TWENTY) do
			assert.equal(t, tab["TASK" .. i])
		end
		assert.is_nil(tab.TASK21)
		assert.same(sorted(TWENTY), scheduler_by_sms(20))
		-- a free slot takes the next one
		sms("SCHEDULER-11:05", "SCHEDULER-11:05 - OK")
		sms("SC12:00,*,ONR6", "SC12:00,*,ONR6 - OK")
		sms("SC12:01,*,ONR6", "Execute error!")
		local want = {}
		for _, t in ipairs(TWENTY) do
			if t ~= "11:05,4,TON5" then
				want[#want + 1] = t
			end
		end
		want[#want + 1] = "12:00,*,ONR6"
		assert.same(sorted(want), scheduler_by_sms(20))
		tab = dut.read("scheduler")
		local got = {}
		for i = 1, 20 do
			got[i] = tab["TASK" .. i]
		end
		assert.same(sorted(want), sorted(got))
	end)

	it("the 20 tasks survive a restart, and the 21st is still refused #S73", function()
		local cfg = {}
		for i, t in ipairs(TWENTY) do
			cfg["TASK" .. i] = t
		end
		dut.configure{ scheduler = cfg }
		dut.restart()
		clock.sleep(5)
		local tab = dut.read("scheduler")
		for i, t in ipairs(TWENTY) do
			assert.equal(t, tab["TASK" .. i])
		end
		sms("SC12:00,*,TEMP", "Execute error!")
		assert.same(sorted(TWENTY), scheduler_by_sms(20))
		-- a refused task changes nothing
		tab = dut.read("scheduler")
		for i, t in ipairs(TWENTY) do
			assert.equal(t, tab["TASK" .. i])
		end
	end)

	it("every one of the 20 tasks runs at its minute, the 20th too, and a task for another day does not #S73", function()
		-- Monday 2026-11-23
		modem.network_time("2026-11-23 09:59:30")
		local t0 = clock.now()
		sms("SIGNALREPORT", modem.pattern("Time: 2026%-11%-23 09:59:3%d$"))
		local tasks = {
			"10:01,*,ONR1", "10:02,1,ONR2", "10:03,*,ONR3", "10:04,*,ONR4", "10:05,*,ONR5",
			"10:06,*,ONR6", "10:07,*,ONR7", "10:08,*,OFFR1", "10:09,*,OFFR2", "10:10,*,OFFR3",
			"10:11,*,OFFR4", "10:12,*,OFFR5", "10:13,*,OFFR6", "10:14,2,OFFR7", "10:15,*,PULR1",
			"10:16,*,RSTAT", "10:17,*,AON1", "10:18,*,ISTAT", "10:19,*,AOFF1", "10:20,*,ONR3",
		}
		local cfg = { }
		for i, t in ipairs(tasks) do
			cfg["TASK" .. i] = t
		end
		dut.configure{ scheduler = cfg, security = { ALERT1 = A1 } }
		-- rig time at which 10:mm starts
		local function at(mm)
			return t0 + 30 + 60 * mm
		end
		local function check(name, t, mm)
			measure(name .. " (s after 10:" .. string.format("%02d", mm) .. ")", t - at(mm),
				{ low = -0.5, high = 2, units = "s" })
		end
		for r = 1, 7 do
			check("ONR" .. r, rig.wait_relay(r, true, 120), r)
		end
		for r = 1, 6 do
			check("OFFR" .. r, rig.wait_relay(r, false, 120), 7 + r)
		end
		local on = rig.wait_relay(1, true, 120)
		check("PULR1", on, 15)
		local off = rig.wait_relay(1, false, 10)
		measure("PULR1 length", off - on, { low = 3.9, high = 4.1, units = "s" })
		modem.expect_sms(A1, "R1=OFF R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=ON", 120)
		clock.sleep(at(17) + 10 - clock.now())
		assert.equal("ON", dut.read("inputs").ALARM1)
		modem.expect_sms(A1, "IN1=OK,ON IN2=OK,OFF IN3=OK,OFF IN4=OK,OFF IN5=OK,OFF IN6=OK,OFF", 120)
		clock.sleep(at(19) + 10 - clock.now())
		assert.equal("OFF", dut.read("inputs").ALARM1)
		-- the 20th task
		check("task 20: ONR3", rig.wait_relay(3, true, 120), 20)
		-- the Tuesday task left relay 7 on
		assert.is_true(rig.relay(7))
		assert.equal("0010001", (rig.relays()))
		dut.configure{ security = { ALERT1 = "" } }
	end)
end)
