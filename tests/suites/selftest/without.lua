-- The reason a test is skipped for a capability: the rig cannot do it, or
-- --without left it out (rehearsing a physical rig's run on a rig that could).
-- Rig-runnable: only the rig API is used. Run plainly (make test), every test
-- passes on the simulator; tests/selftest/run.sh runs this file with
-- --without temp,models,control and checks each skip's reason, reached by the
-- needs option, rig.need and a rig function (rig.fresh with options).

local ALL = { "ac", "battery", "usb", "inputs", "temp", "battery_level", "clock_jump", "models", "control" }

describe("capability reasons", function()
	it("rig.missing: nil for what the rig has, else the reason #without", function()
		local have = {}
		for _, c in ipairs(rig.capabilities()) do have[c] = true end
		for _, c in ipairs(ALL) do
			local why = rig.missing(c)
			if have[c] then
				assert.is_nil(why)
			else
				-- either the rig cannot, or --without took it away from a rig that can
				local cannot = why:match("^needs " .. c .. ": the %S+ rig cannot ")
				local left = why:match("^needs " .. c .. ": left out with %-%-without %(the %S+ rig can .*%)$")
				assert.is_true(cannot ~= nil or left ~= nil, why)
			end
		end
	end)
	it("the same reason for several names: the first one missing #without", function()
		local why = rig.missing("usb", "temp", "models")
		if rig.has("usb") and rig.has("temp") and rig.has("models") then
			assert.is_nil(why)
		elseif rig.has("usb") and not rig.has("temp") then
			assert.equal(rig.missing("temp"), why)
		end
	end)
	it("a test declaring needs = temp #without", { needs = "temp" }, function()
		assert.is_true(rig.has("temp"))
	end)
	it("rig.need #without", function()
		rig.need("control")
		assert.is_true(rig.has("control"))
	end)
	it("rig.fresh with options #without", function()
		rig.fresh{ ac_sensor = false }
		assert.is_true(rig.has("models"))
		rig.fresh{}
	end)
end)
