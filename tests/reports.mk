# tests/reports.mk - the reports as integrators' tools read them: JUnit
# against both schemas (xmllint), the HTML report in headless Chromium for a
# passing and a mutant certification, TAP through prove, write failures,
# partial and interrupted runs, the Product Information Card
# (tests/reports/check.sh). Screenshots and PDFs land in $(REPORTS)/browser.

REPORTS ?= reports

.PHONY: reports-check
reports-check: build-all
	@scripts/deps --check --checks
	OUT=$(CURDIR)/$(REPORTS)/browser tests/reports/check.sh $(CURDIR)/$(BIN)/relayrig
