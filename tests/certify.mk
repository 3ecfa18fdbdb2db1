# tests/certify.mk - the backup-limitation certification against the
# simulator, and the mutant check that proves it can fail.

REPORTS ?= reports

certify: deps-check build-all
	@mkdir -p $(REPORTS)
	RELAYRIG_REPORTS=$(REPORTS) $(BIN)/relayrig --station sim \
		--junit $(REPORTS)/certification.xml --json $(REPORTS)/certification.json \
		tests/certify

mutants: deps-check build-all
	@scripts/mutants $(FW_MUTANTS)
