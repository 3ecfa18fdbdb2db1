-- Hooks, nesting and tags of the test DSL.
local log = {}

describe("hooks", function()
	setup(function() log[#log + 1] = "setup" end)
	teardown(function() log[#log + 1] = "teardown" end)
	before_each(function() log[#log + 1] = "outer before" end)
	after_each(function() log[#log + 1] = "outer after" end)

	it("runs setup once, then before_each", function()
		assert.same({ "setup", "outer before" }, log)
	end)

	describe("nested", function()
		before_each(function() log[#log + 1] = "inner before" end)
		after_each(function() log[#log + 1] = "inner after" end)

		it("runs outer hooks before inner ones", function()
			assert.same({ "setup", "outer before", "outer after",
				"outer before", "inner before" }, log)
		end)
	end)
end)

describe("after the describe", function()
	it("ran inner after_each before outer, then teardown", function()
		assert.same({ "setup", "outer before", "outer after", "outer before",
			"inner before", "inner after", "outer after", "teardown" }, log)
	end)
end)

describe("pending #wip", function()
	pending("is reported as skipped")
	it("without a function is pending too")
end)

describe("tags", { tags = { "fast" } }, function()
	it("come from names #selftest and options", function()
		assert.truthy(true)
	end)
end)

describe("modules", function()
	it("are loaded without starting a unit", function()
		assert.is_table(rig)
		assert.is_table(modem)
		assert.is_table(dut)
		assert.is_table(clock)
		assert.is_function(measure)
		assert.equal('modem.pattern("^OK")', tostring(modem.pattern("^OK")))
	end)

	it("refuse os.exit", function()
		assert.error_matches(function() os.exit(0) end, "os.exit is not available")
	end)
end)

-- Hooks outside any describe apply to every test of the file.
local top = 0
before_each(function() top = top + 1 end)
after_each(function() top = top + 10 end)

describe("file-level hooks", function()
	it("ran before this test", function()
		assert.is_true(top % 10 >= 1)
	end)
end)
