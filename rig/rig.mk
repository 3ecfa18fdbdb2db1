# rig/rig.mk - bin/relayrig (runner, Lua bindings, sim driver, reports),
# its unit tests ($(BUILD)/test-runner), the runner self-tests, and bench.
#
# Links $(EMU_OBJ) (modem emulator and links, rig/emu/emu.mk) and
# $(FTDI_OBJ) (FTDI driver and rig files, rig/drivers/ftdi/ftdi.mk).

RR_SRC := rig/main.c \
	$(addprefix rig/core/,cli.c cpupin.c ctx.c driver.c err.c escape.c files.c guard.c \
		log.c pic_cmd.c pool.c progress.c reports.c result.c run.c runner.c sbuf.c \
		session.c trace.c unitread.c usbcfg.c) \
	$(addprefix rig/lua/,l_cell.c l_clock.c l_dut.c l_modem.c l_rig.c lbind.c sandbox.c) \
	$(addprefix rig/report/,console.c html.c json.c junit.c matrix.c notrun.c pic.c save.c tap.c) \
	$(addprefix rig/drivers/sim/,api.c memlink.c protocol.c) \
	rig/rigfile/rigfile.c
RR_LIB_SRC := $(filter-out rig/main.c,$(RR_SRC))
RR_OBJ := $(RR_SRC:%.c=$(BUILD)/%.o)
RR_LIB_OBJ := $(RR_LIB_SRC:%.c=$(BUILD)/%.o)
RR_EMBED := $(BUILD)/rig/lua/lua_embed.h
RR_CFLAGS = $(HOST_CFLAGS) -Irig -Irig/core -Irig/lua -Irig/report -I$(BUILD)/rig/lua $(PKG_CFLAGS)
RR_LIBS = $(PKG_LIBS) -lm

# The Lua sources of the test framework, compiled in as C strings.
$(RR_EMBED): rig/lua/framework.lua rig/lua/assert.lua
	@mkdir -p $(@D)
	@{ echo '/* generated from the Lua sources in rig/lua by rig/rig.mk */'; \
	  for f in $^; do \
	    n=$$(basename $$f .lua); \
	    echo "static const char rr_lua_$$n[] ="; \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$$/\\n"/' $$f; \
	    echo ';'; \
	  done; } > $@.tmp && mv $@.tmp $@

$(BUILD)/rig/main.o: rig/main.c
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) -c $< -o $@
$(BUILD)/rig/core/%.o: rig/core/%.c $(RR_EMBED)
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) -c $< -o $@
$(BUILD)/rig/lua/%.o: rig/lua/%.c
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) -c $< -o $@
$(BUILD)/rig/report/%.o: rig/report/%.c
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) -c $< -o $@
$(BUILD)/rig/rigfile/%.o: rig/rigfile/%.c
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) -c $< -o $@
$(BUILD)/rig/drivers/sim/%.o: rig/drivers/sim/%.c
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) -c $< -o $@

# `relayrig --help-api`: the Lua API section of rig/README.md (between the
# "<!-- api" and "<!-- api end" markers), compiled in as a C string.
RR_HELP_API := $(BUILD)/rig/help_api.c
$(RR_HELP_API): rig/README.md
	@mkdir -p $(@D)
	@{ echo '/* generated from rig/README.md by rig/rig.mk */'; \
	  echo 'const char cli_help_api[] ='; \
	  sed -n '/^<!-- api:/,/^<!-- api end/p' $< | sed -e '1d' -e '$$d' | \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$$/\\n"/'; \
	  echo ';'; } > $@.tmp && mv $@.tmp $@
$(BUILD)/rig/help_api.o: $(RR_HELP_API)
	$(CC) $(RR_CFLAGS) -c $< -o $@

$(BIN)/relayrig: $(RR_OBJ) $(BUILD)/rig/help_api.o $$(EMU_OBJ) $$(FTDI_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(RR_LIBS)

ALL_TARGETS += $(BIN)/relayrig
SOURCES += $(RR_SRC)

# C unit tests of the runner's internals.
RR_TEST_SRC := $(addprefix tests/unit/runner/,test_cli.c test_escape.c test_files.c test_spawn.c \
	test_reports.c test_result.c test_results_cli.c test_store.c)
RR_TEST_OBJ := $(RR_TEST_SRC:%.c=$(BUILD)/%.o)
$(BUILD)/tests/unit/runner/%.o: tests/unit/runner/%.c $(RR_EMBED)
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -c $< -o $@
$(BUILD)/test-runner: $(RR_TEST_OBJ) $(UNIT_MAIN) $(RR_LIB_OBJ) $$(EMU_OBJ) $$(FTDI_OBJ)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(RR_LIBS) $(CMOCKA_LIBS)
UNIT_BINS += $(BUILD)/test-runner
SOURCES += $(RR_TEST_SRC)

# Self-tests: relayrig run on fixture scripts (tests/selftest/run.sh).
$(BUILD)/test-selftest: tests/selftest/run.sh $(BIN)/relayrig
	@mkdir -p $(@D)
	@printf '#!/bin/sh\nexec %s/tests/selftest/run.sh %s/$(BIN)/relayrig "$$@"\n' "$(CURDIR)" "$(CURDIR)" > $@
	@chmod +x $@
UNIT_BINS += $(BUILD)/test-selftest

# make parallel-check: the certification and the regression suites give the
# same results, in the same order, with -j 2 as with -j 1.
PARALLEL_DIR := build/parallel-check
.PHONY: parallel-check
parallel-check: $(BIN)/relayrig $(BIN)/isocket-sim
	@mkdir -p $(PARALLEL_DIR)
	@for j in 1 2; do \
		RELAYRIG_REPORTS=$(PARALLEL_DIR) $(BIN)/relayrig -j $$j --seed 1 \
			--json $(PARALLEL_DIR)/j$$j.json tests/certify tests/regression \
			>$(PARALLEL_DIR)/j$$j.out 2>&1; \
		echo "parallel-check: -j $$j: $$(tail -n 1 $(PARALLEL_DIR)/j$$j.out)"; \
	done
	@scripts/compare-runs $(PARALLEL_DIR)/j1.json $(PARALLEL_DIR)/j2.json

# make bench: the figures of scripts/bench, the certification side by side
# with a build of BENCH_BASE (the commit the speed work started from;
# BENCH_BASE= for no comparison).
BENCH_BASE ?= f123480a9055562778ba4e793fe21cf0f3587628
BENCH_OLD := build/bench-base
.PHONY: bench
bench: $(BIN)/relayrig $(BIN)/isocket-sim
ifneq ($(BENCH_BASE),)
	@scripts/bench-base $(BENCH_BASE) $(BENCH_OLD)
	@scripts/bench $(BIN)/relayrig $(BIN)/isocket-sim $(BENCH_OLD)
else
	@scripts/bench $(BIN)/relayrig $(BIN)/isocket-sim
endif
