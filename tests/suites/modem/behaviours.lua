-- The unit's modem client against GSM module behaviours a firmware must
-- survive (rig/emu/README.md): send errors, a slow prompt, unsolicited
-- codes inside responses, a module reboot, autobauding, lost registration,
-- a SIM asking for its PIN, a full SMS store, and messages in other codings.
-- Every test ends with the unit still answering SMS. The file runs the same
-- in text mode and in PDU mode (make regress-pdu / ISOCKET_SIM_PDU=1).
local BOSS = "+37060000001"

-- The unit still takes a command and answers it.
local function still_works(cmd)
	cmd = cmd or "ON2"
	modem.sms(BOSS, cmd)
	modem.expect_sms(BOSS, cmd .. " - OK", 30)
end

describe("modem behaviours", function()
	before_each(function()
		modem.network_time("2026-11-21 10:00:00")
	end)

	it("a reply refused twice by the network is sent on the third try", function()
		modem.send_error(500, 2)
		modem.sms(BOSS, "ON1")
		local text, info = modem.expect_sms(BOSS, "ON1 - OK", 30)
		assert.equal("ON1 - OK", text)
		assert.equal(1, info.parts)
		assert.equal(modem.pdu(), info.pdu)
	end)

	it("waits for a slow > prompt", function()
		modem.prompt_delay(3)
		modem.sms(BOSS, "OFF1")
		modem.expect_sms(BOSS, "OFF1 - OK", 30)
		modem.prompt_delay(0)
	end)

	it("ignores unsolicited codes inside a response", function()
		modem.urc("+CREG: 1", true)
		still_works("ON3")
		modem.urc("+CSQ: 12,0", true)
		still_works("OFF3")
	end)

	it("sets the module up again after it restarts", function()
		modem.reboot(2)
		clock.sleep(10)
		assert.matches("SMS Ready", modem.transcript(400))
		still_works("ON4")
		-- the set-up after the restart was sent again
		local t = modem.transcript(200)
		local last_rdy = select(2, t:find(".*RDY"))
		assert.truthy(last_rdy)
		assert.truthy(t:find(modem.pdu() and "AT%+CMGF=0" or "AT%+CMGF=1", last_rdy))
	end)

	it("sets up an autobauding module that restarted without RDY", function()
		modem.autobaud(true)
		modem.reboot(1)
		-- No RDY at an automatic rate: the unit learns of the restart from
		-- the echo of its next command (its signal poll, every 60 s).
		clock.sleep(65)
		still_works("OFF4")
		-- and set the module up again after it learnt the rate
		local t = modem.transcript(400)
		local learnt = select(2, t:find("autobauding: rate learnt"))
		assert.truthy(learnt)
		assert.truthy(t:find("> ATE0", learnt, true))
		modem.autobaud(false)
	end)

	it("carries on when the registration comes back", function()
		modem.registration("searching")
		assert.equal(2, modem.registration())
		assert.is_false(pcall(modem.sms, BOSS, "ON5"))
		clock.sleep(30)
		modem.registration("home")
		still_works("ON5")
		modem.registration("denied")
		clock.sleep(5)
		modem.registration(1)
		still_works("OFF5")
	end)

	it("carries on when a SIM asking for its PIN is replaced by a ready one", function()
		modem.sim("pin", "4321")
		clock.sleep(20)
		modem.sim("ready")
		modem.reboot(1)
		clock.sleep(10)
		still_works("ON6")
	end)

	it("a full store refuses SMS until it has room", function()
		modem.storage_full(true)
		assert.is_false(pcall(modem.sms, BOSS, "ON7"))
		modem.storage_full(false)
		still_works("ON7")
	end)

	it("reads commands sent in UCS2 and in 8-bit data", function()
		modem.sms(BOSS, "OFF2", { coding = "ucs2" })
		modem.expect_sms(BOSS, "OFF2 - OK", 30)
		modem.sms(BOSS, "OFF6", { coding = "8bit" })
		modem.expect_sms(BOSS, "OFF6 - OK", 30)
	end)

	it("keeps its clock unset when the network sends no time", function()
		modem.network_time_absent(true)
		modem.reboot(1)
		clock.sleep(10)
		assert.matches('%+CCLK: "04/01/01', modem.transcript(400))
		still_works("OFF7")
		modem.network_time_absent(false)
	end)
end)
