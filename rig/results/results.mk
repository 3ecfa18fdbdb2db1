# rig/results/results.mk - the results database (SQLite and PostgreSQL
# back ends), `relayrig results`, `relayrig report`, and the end-of-line
# station (rig/station/), linked into bin/relayrig and the runner's tests.

RESULTS_SRC := $(addprefix rig/results/,cmd.c db.c db_pg.c db_sqlite.c hook.c store.c) \
	rig/station/station.c
RESULTS_OBJ := $(RESULTS_SRC:%.c=$(BUILD)/%.o)
# libpq is opened with dlopen when a postgresql:// store is used (db_pg.c):
# its headers at build time, not its library at link time.
RESULTS_CFLAGS := $(shell pkg-config --cflags sqlite3 libpq 2>/dev/null)
RESULTS_LIBS := $(shell pkg-config --libs sqlite3 2>/dev/null) -ldl
SOURCES += $(RESULTS_SRC)

$(BUILD)/rig/results/%.o: rig/results/%.c
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) $(RESULTS_CFLAGS) -c $< -o $@
$(BUILD)/rig/station/%.o: rig/station/%.c
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) $(RESULTS_CFLAGS) -c $< -o $@

$(BIN)/relayrig $(BUILD)/test-runner: $(RESULTS_OBJ)
$(BIN)/relayrig $(BUILD)/test-runner: RR_LIBS += $(RESULTS_LIBS)

# The results database, station and release check, against SQLite and a
# PostgreSQL server the test starts (tests/results/run.sh).
.PHONY: results-check
results-check: deps-check $(BIN)/relayrig $(BIN)/isocket-sim
	@scripts/deps --check --checks
	@tests/results/run.sh $(BIN)/relayrig

# Certify and regress two firmware builds (a git ref or a simulator binary
# each), store both runs, print the comparison; fails on a regression.
OLD ?= HEAD
NEW ?= $(BIN)/isocket-sim
.PHONY: release-check
release-check: deps-check $(BIN)/relayrig $(BIN)/isocket-sim
	@scripts/release-check $(OLD) $(NEW)
