# tests/certify.mk - the backup-limitation certification against the
# simulator.

certify: deps-check build-all
	@mkdir -p $(REPORTS)
	$(BIN)/relayrig --station sim \
		--junit $(REPORTS)/certification.xml --junit-ant $(REPORTS)/certification-ant.xml \
		--json $(REPORTS)/certification.json --html $(REPORTS)/certification.html \
		--matrix $(REPORTS)/certification-matrix.txt tests/certify

# Every cell can fail: the certification once per inverted backup-rule
# decision (84), each must fail its own cell (scripts/certify-selfcheck).
certify-selfcheck: deps-check build-all
	@scripts/certify-selfcheck $(BIN)/relayrig tests/certify

.PHONY: certify-selfcheck
