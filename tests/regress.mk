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
