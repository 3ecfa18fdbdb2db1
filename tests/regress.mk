# tests/regress.mk - the regression suites (every statement of the guides,
# rig-runnable), their traceability, and the mutants that prove they fail.

REGRESS_JOBS ?= 2
MUTANT_JOBS ?= 2

.PHONY: regress trace mutants

# Every rig-runnable regression suite against the simulator.
regress: deps-check build-all
	@mkdir -p $(REPORTS)
	$(BIN)/relayrig --station sim -j $(REGRESS_JOBS) \
		--junit $(REPORTS)/regression.xml --json $(REPORTS)/regression.json \
		tests/regression

# Each statement of fixtures/statements.md with the tests that name it;
# fails if one is untraced.
trace: deps-check $(BIN)/relayrig
	$(BIN)/relayrig --trace tests/regression tests/certify

# Each tests/mutants/*.patch applied to a copy of the firmware and run
# against the rig-runnable suites; fails unless every one is caught.
mutants: deps-check build-all
	@scripts/mutants -j $(MUTANT_JOBS)

# The regression and certification suites on the simulator with only the
# capabilities of the FTDI rig: what a physical rig will run, and what it
# will skip, with the reasons (no test may fail or error for lack of one).
FTDI_LACKS := temp,battery_level,clock_jump,models,control
.PHONY: rehearse
rehearse: deps-check build-all
	@mkdir -p $(REPORTS)
	$(BIN)/relayrig --station sim --without $(FTDI_LACKS) -j $(REGRESS_JOBS) \
		--json $(REPORTS)/rehearsal.json tests/regression tests/certify
