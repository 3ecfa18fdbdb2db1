# tests/certify.mk - the backup-limitation certification against the
# simulator.

REPORTS ?= reports

certify: deps-check build-all
	@mkdir -p $(REPORTS)
	RELAYRIG_REPORTS=$(REPORTS) $(BIN)/relayrig --station sim \
		--junit $(REPORTS)/certification.xml --json $(REPORTS)/certification.json \
		tests/certify
