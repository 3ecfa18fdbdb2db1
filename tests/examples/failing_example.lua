-- An example of a failing test, kept out of the default run:
--   bin/relayrig tests/examples
-- The unit answers STATUS with a report, not with "OK"; the failure shows
-- the expected and actual texts, the line of the expectation, and the AT
-- transcript between the emulated modem and the firmware.
describe("example", function()
	it("expects the wrong reply to STATUS", function()
		modem.network_time("2026-11-21 10:00:00")
		modem.sms("+37060000001", "STATUS")
		modem.expect_sms("+37060000001", "STATUS - OK", 10)
	end)
end)
