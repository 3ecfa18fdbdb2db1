-- Configuration Guide 2, note 1 and device-reference 3: SIGNALREPORT sets the
-- unit's clock, the scheduler runs on that clock, alarm logs carry its time;
-- the network time read from the modem at start; the 13 scheduler actions.
-- Runs unchanged on the simulator and on a physical rig (the GSM module is
-- the modem emulator on both).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local S = dofile(here .. "../lib/suite.lua")
local drain, sms = S.drain, S.sms

local BOSS, ALERT = S.BOSS, S.ALERT
local NO_NETWORK_TIME = "2004-01-01 00:00:00" -- a SIM800's clock after a reset

-- "YYYY-MM-DD hh:mm:ss" (UTC) <-> seconds since 1970.
local function days_from_civil(y, m, d)
	if m <= 2 then y = y - 1 end
	local era = (y >= 0 and y or y - 399) // 400
	local yoe = y - era * 400
	local doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
	local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
	return era * 146097 + doe - 719468
end

local function epoch(s)
	local y, mo, d, h, mi, se = s:match("^(%d+)-(%d+)-(%d+) (%d+):(%d+):(%d+)$")
	assert(y, "not a time: " .. tostring(s))
	return days_from_civil(tonumber(y), tonumber(mo), tonumber(d)) * 86400
		+ tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(se)
end

local function fmt(e)
	return os.date("!%Y-%m-%d %H:%M:%S", math.floor(e))
end

-- The network clock as the test set it: net(t) is its epoch at rig time t.
local net = {}
local function network_time(s)
	modem.network_time(s)
	net.base, net.at = epoch(s), clock.now()
end
local function net_now()
	return net.base + (clock.now() - net.at)
end
-- Sleep until the network clock reads hh:mm:ss (same day, in the future).
local function sleep_until(s)
	local target = epoch(s)
	local d = target - net_now()
	assert(d >= 0, "sleep_until " .. s .. " is in the past (now " .. fmt(net_now()) .. ")")
	clock.sleep(d)
end

-- SIGNALREPORT with the network at time s: the reply shows that time.
local function signalreport(s)
	network_time(s)
	local text = sms("SIGNALREPORT", modem.pattern("^Signal: "))
	local shown = text:match("Time: (%d+%-%d+%-%d+ %d+:%d+:%d+)$")
	assert.is_string(shown, "SIGNALREPORT reply without a time: " .. text)
	assert.near(epoch(s), epoch(shown), 1)
	return text
end

local function info_clock()
	return dut.read("info").CLOCK
end

local function fresh_unit(extra)
	S.supplies{ ac = true }
	local cfg = S.config{}
	cfg.security.BATALERT = "OFF"
	cfg.scheduler = S.tasks()
	cfg.inputs = S.fill(S.fill({}, "ALARM", 6, "OFF"), "INRELAYS", 6, "")
	dut.configure(S.merge(cfg, extra))
	S.offall()
end

describe("CG2: the clock #cg2", function()
	it("has no clock until SIGNALREPORT sets it from the SMS time #S01", function()
		-- The unit started with no network time at the modem.
		fresh_unit()
		assert.equal("NOT SET", info_clock())
		local text = signalreport("2026-11-21 09:59:40")
		assert.matches("^Signal: 20/31%. Time: 2026%-11%-21 09:59:4[01]$", text)
		local shown = info_clock()
		assert.near(net_now(), epoch(shown), 1)
		-- the clock runs on
		clock.sleep(3600)
		assert.near(epoch("2026-11-21 10:59:40"), epoch(info_clock()), 2)
	end)

	it("is set again by each SIGNALREPORT, backwards too #S01", function()
		signalreport("2027-03-05 18:30:00")
		assert.near(net_now(), epoch(info_clock()), 1)
		signalreport("2026-01-02 03:04:05")
		assert.near(epoch("2026-01-02 03:04:05"), epoch(info_clock()), 1)
		-- an information command: it does not need the configuration window
		clock.sleep(31 * 60)
		signalreport("2026-06-01 12:00:00")
		assert.near(net_now(), epoch(info_clock()), 1)
	end)
end)

describe("CG2: the scheduler runs on the clock #cg2", function()
	it("runs a task at its minute of the clock SIGNALREPORT set #S02", function()
		fresh_unit()
		signalreport("2026-11-21 09:58:00") -- a Saturday (day 6)
		sms("SC10:05,*,ONR1", "SC10:05,*,ONR1 - OK")
		sms("SC10:05,1,ONR2", "SC10:05,1,ONR2 - OK") -- Mondays only
		sms("SC10:05,6,ONR3", "SC10:05,6,ONR3 - OK") -- Saturdays
		sleep_until("2026-11-21 10:04:55")
		assert.equal("0000000", (rig.relays()))
		local t = rig.wait_relay(1, true, 10)
		measure("ONR1 at 10:05:00", net.base + (t - net.at) - epoch("2026-11-21 10:05:00"),
			{ low = 0, high = 1, units = "s" })
		rig.wait_relay(3, true, 2)
		clock.sleep(120)
		assert.is_false(rig.relay(2))
		assert.equal("1010000", (rig.relays()))
	end)

	it("follows the clock when SIGNALREPORT moves it #S01 #S02", function()
		sms("OFFALL", "OFFALL - OK")
		-- the clock jumps to 14:59: the 10:05 tasks are not due, 15:00 is
		sms("SC15:00,*,ONR4", "SC15:00,*,ONR4 - OK")
		signalreport("2026-11-21 14:59:00")
		local t = rig.wait_relay(4, true, 70)
		measure("ONR4 at 15:00:00", net.base + (t - net.at) - epoch("2026-11-21 15:00:00"),
			{ low = 0, high = 1, units = "s" })
		assert.equal("0001000", (rig.relays()))
		-- set back to 10:04: the 10:05 task runs again, once
		sms("OFFALL", "OFFALL - OK")
		signalreport("2026-11-21 10:04:30")
		rig.wait_relay(1, true, 40)
		sms("OFF1", "OFF1 - OK")
		clock.sleep(120)
		assert.is_false(rig.relay(1))
		sms("SCHEDULER-ALL", "SCHEDULER-ALL - OK")
	end)

	it("reads the network time at start: tasks run after a restart without SIGNALREPORT #S02", function()
		fresh_unit()
		sms("OFFALL", "OFFALL - OK")
		sms("SC10:03,*,ONR5", "SC10:03,*,ONR5 - OK")
		network_time("2026-11-21 10:00:00")
		dut.restart() -- the clock is lost; the network gives it back at start
		clock.sleep(10)
		assert.near(net_now(), epoch(info_clock()), 1)
		local t = rig.wait_relay(5, true, 200)
		measure("ONR5 at 10:03:00", net.base + (t - net.at) - epoch("2026-11-21 10:03:00"),
			{ low = 0, high = 1, units = "s" })
	end)

	it("stays silent after a restart when the network gives no time, until SIGNALREPORT #S01 #S02", function()
		sms("OFFALL", "OFFALL - OK")
		sms("SCHEDULER-ALL", "SCHEDULER-ALL - OK")
		for m = 1, 6 do
			local task = string.format("SC00:%02d,*,ONR%d", m * 2, m)
			sms(task, task .. " - OK")
		end
		network_time(NO_NETWORK_TIME)
		dut.restart()
		clock.sleep(10)
		assert.equal("NOT SET", info_clock())
		-- Every minute of a day passes: no task runs on the module's reset clock.
		clock.sleep(86400)
		assert.equal("0000000", (rig.relays()))
		assert.equal("NOT SET", info_clock())
		-- SIGNALREPORT sets it; from then on the tasks run
		signalreport("2026-11-22 00:01:30")
		rig.wait_relay(1, true, 60)
		clock.sleep(11 * 60)
		assert.equal("1111110", (rig.relays()))
	end)
end)

describe("CG2: alarm logs carry the clock's time #cg2", function()
	local function log_entries()
		modem.sms(BOSS, "LOG?")
		local text = modem.wait_sms(BOSS, 30)
		assert.is_string(text, "no reply to LOG?")
		local all = { text }
		-- a long log comes in several SMS
		while true do
			local more = modem.wait_sms(BOSS, 5)
			if not more then break end
			all[#all + 1] = more
		end
		return table.concat(all, "; ")
	end

	local function alarm(i)
		rig.input(i, true)
		clock.sleep(1)
		rig.input(i, false)
		clock.sleep(1)
	end

	it("logs an alarm with no time while the clock is not set #S03", function()
		fresh_unit{ inputs = { INALIAS1 = "Door", INTYPE1 = "NO", ALARM1 = "ON", INALERT1 = "OFF" } }
		network_time(NO_NETWORK_TIME)
		dut.restart() -- the log is kept in RAM: a restart empties it
		clock.sleep(5)
		drain()
		assert.equal("LOG=EMPTY", log_entries())
		alarm(1)
		assert.equal("time not set IN1 (Door)", log_entries())
		assert.equal("time not set IN1 (Door)", dut.read("info").LOG1)
	end)

	it("stamps each alarm with the time SIGNALREPORT set #S03 #S01", function()
		signalreport("2026-11-21 10:00:00")
		sleep_until("2026-11-21 10:05:00")
		local t1 = net_now()
		alarm(1)
		local text = log_entries()
		local stamp = text:match("^time not set IN1 %(Door%); (%d+%-%d+%-%d+ %d+:%d+:%d+) IN1 %(Door%)$")
		assert.is_string(stamp, "log: " .. text)
		assert.near(t1, epoch(stamp), 1)
		-- the clock is moved: the next alarm follows it
		signalreport("2027-01-15 23:59:00")
		clock.sleep(90)
		local t2 = net_now()
		alarm(1)
		local info = dut.read("info")
		assert.equal("time not set IN1 (Door)", info.LOG1)
		assert.near(t1, epoch(info.LOG2:match("^(.*) IN1 %(Door%)$")), 1)
		assert.near(t2, epoch(info.LOG3:match("^(.*) IN1 %(Door%)$")), 1)
		assert.matches("^2027%-01%-16 00:00:3%d IN1 %(Door%)$", info.LOG3)
		assert.is_nil(info.LOG4)
	end)

	it("keeps the last 10 alarms, oldest first #S03", function()
		dut.configure{ inputs = { INALIAS2 = "Window", INTYPE2 = "NO", ALARM2 = "ON", INALERT2 = "OFF" } }
		signalreport("2026-11-21 12:00:00")
		local times = {}
		for k = 1, 9 do
			clock.sleep(60)
			times[k] = net_now()
			alarm(2)
		end
		-- 3 + 9 alarms: the two oldest are gone
		local info = dut.read("info")
		assert.matches(" IN1 %(Door%)$", info.LOG1)
		for k = 1, 9 do
			local stamp = info["LOG" .. (k + 1)]:match("^(.*) IN2 %(Window%)$")
			assert.is_string(stamp, "LOG" .. (k + 1) .. "=" .. tostring(info["LOG" .. (k + 1)]))
			assert.near(times[k], epoch(stamp), 1)
		end
		assert.is_nil(info.LOG11)
		local text = log_entries()
		local n = 0
		for _ in text:gmatch("IN%d %(%a+%)") do n = n + 1 end
		assert.equal(10, n)
		assert.matches("2027%-01%-16 00:00:3%d IN1 %(Door%); 2026%-11%-21 12:01:0%d IN2 %(Window%)", text)
	end)
end)

-- The first three tests share one setup (a sensor at 15 C for the TON/TEMP
-- actions, or the room's reading with TTEMP3 above it on a rig without a
-- temperature source; the clock before 10:00).
describe("DR3: the 13 scheduler actions #dr3", function()
	local ACTIONS = {
		{ "10:01", "ONR1" }, { "10:02", "OFFR1" }, { "10:03", "PULR2" }, { "10:04", "RSTAT" },
		{ "10:05", "TON3" }, { "10:06", "TOFF3" }, { "10:07", "TEMP" }, { "10:08", "SIGN" },
		{ "10:09", "AON1" }, { "10:10", "AOFF1" }, { "10:11", "ISTAT" }, { "10:12", "AONALL" },
		{ "10:13", "AOFFALL" },
	}

	local function at(hhmm, ss)
		sleep_until("2026-11-21 " .. hhmm .. ":" .. (ss or "00"))
	end
	local room -- T1's reading on a rig without a temperature source

	it("accepts each of the 13 action names #S78", function()
		-- heating below 20.0: the thermostat wants R3 on at 15 C, or, on a
		-- rig without a temperature source, with TTEMP3 above the room's
		-- reading
		if rig.has("temp") then rig.temp(1, 15.0) end
		clock.sleep(11)
		fresh_unit{
			thermostat = { TSENSOR3 = 1, TMODE3 = "HEAT", TTEMP3 = "20.0", THERMO3 = "OFF" },
			ring = { PULSETIME = 4 },
		}
		room = S.room_or_nil()
		if room then dut.configure{ thermostat = { TTEMP3 = S.deg(room, S.ROOM_MARGIN) } } end
		signalreport("2026-11-21 09:55:00")
		for _, a in ipairs(ACTIONS) do
			local cmd = "SC" .. a[1] .. ",*," .. a[2]
			sms(cmd, cmd .. " - OK")
		end
		local list = {}
		for _, a in ipairs(ACTIONS) do list[#list + 1] = a[1] .. ",*," .. a[2] end
		modem.sms(BOSS, "SCHEDULER?")
		local got = {}
		for i = 1, 3 do
			local t = modem.wait_sms(BOSS, i == 1 and 30 or 5)
			if not t then break end
			got[#got + 1] = t
		end
		assert.equal(table.concat(list, ";"), table.concat(got, ";"))
		local tasks = dut.read("scheduler")
		for i, a in ipairs(ACTIONS) do
			assert.equal(a[1] .. ",*," .. a[2], tasks["TASK" .. i])
		end
	end)

	it("runs each action when it is due #S78 #S02", function()
		drain()
		at("10:00", "50")
		assert.equal("0000000", (rig.relays()))
		-- ONR1
		local t = rig.wait_relay(1, true, 15)
		assert.near(epoch("2026-11-21 10:01:00"), net.base + (t - net.at), 1)
		-- OFFR1
		t = rig.wait_relay(1, false, 65)
		assert.near(epoch("2026-11-21 10:02:00"), net.base + (t - net.at), 1)
		-- PULR2: on for PULSETIME, then back off
		local on = rig.wait_relay(2, true, 65)
		local off = rig.wait_relay(2, false, 10)
		measure("PULR2 pulse", off - on, { low = 3.9, high = 4.1, units = "s" })
		-- RSTAT to the alert number
		modem.expect_sms(ALERT, "R1=OFF R2=OFF R3=OFF R4=OFF R5=OFF R6=OFF R7=OFF", 65)
		-- TON3: the thermostat takes R3 on (15.0 C < 20.0 C)
		at("10:04", "50")
		assert.is_false(rig.relay(3))
		rig.wait_relay(3, true, 25)
		assert.equal("ON", dut.read("thermostat").THERMO3)
		-- TOFF3
		at("10:06", "05")
		assert.equal("OFF", dut.read("thermostat").THERMO3)
		-- TEMP
		if room then
			S.near_room("task TEMP", modem.expect_sms(ALERT, S.reading_pattern("T1="), 65), room)
		else
			modem.expect_sms(ALERT, "T1=15.0C", 65)
		end
		-- SIGN, with the clock's time
		modem.expect_sms(ALERT, modem.pattern("^Signal: 20/31%. Time: 2026%-11%-21 10:08:0%d$"), 65)
		-- AON1, AOFF1
		at("10:09", "05")
		assert.equal("ON", dut.read("inputs").ALARM1)
		at("10:10", "05")
		assert.equal("OFF", dut.read("inputs").ALARM1)
		-- ISTAT
		modem.expect_sms(ALERT, "IN1=OK,OFF IN2=OK,OFF IN3=OK,OFF IN4=OK,OFF IN5=OK,OFF IN6=OK,OFF", 65)
		-- AONALL, AOFFALL
		at("10:12", "05")
		local inputs = dut.read("inputs")
		for i = 1, 6 do assert.equal("ON", inputs["ALARM" .. i]) end
		at("10:13", "05")
		inputs = dut.read("inputs")
		for i = 1, 6 do assert.equal("OFF", inputs["ALARM" .. i]) end
		-- nothing else was sent
		modem.no_sms(ALERT, 60)
	end)

	it("runs the input actions for real: an alarm after AON, none after AOFF #S78", function()
		dut.configure{ inputs = { INTYPE4 = "NO", INALERT4 = "SMS", INALIAS4 = "Gate" } }
		sms("SCHEDULER-ALL", "SCHEDULER-ALL - OK")
		signalreport("2026-11-21 11:00:00")
		sms("SC11:02,*,AON4", "SC11:02,*,AON4 - OK")
		sms("SC11:04,*,AOFF4", "SC11:04,*,AOFF4 - OK")
		at("11:02", "10")
		rig.input(4, true)
		modem.expect_sms(ALERT, "Alarm! IN4 (Gate)", 30)
		rig.input(4, false)
		at("11:04", "10")
		rig.input(4, true)
		modem.no_sms(ALERT, 30)
		rig.input(4, false)
		sms("SCHEDULER-ALL", "SCHEDULER-ALL - OK")
	end)

	it("refuses unknown action names and keeps the task list #S78", function()
		sms("SC12:00,*,ONR1", "SC12:00,*,ONR1 - OK")
		for _, bad in ipairs{ "FOO", "ONR8", "ONR0", "ONR", "AON7", "PULSE1", "ON1", "TON9",
			"RSTAT1", "TEMPX", "SIGNAL", "AONALL1", "OFFALL", "RESTART1" } do
			sms("SC12:05,*," .. bad, "Incorrect value!")
		end
		sms("SCHEDULER?", "12:00,*,ONR1")
		local tasks = dut.read("scheduler")
		assert.equal("12:00,*,ONR1", tasks.TASK1)
		for i = 2, 20 do assert.equal("", tasks["TASK" .. i]) end
		sms("SCHEDULER-ALL", "SCHEDULER-ALL - OK")
	end)
end)
