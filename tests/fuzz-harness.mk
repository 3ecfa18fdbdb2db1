# tests/fuzz-harness.mk - libFuzzer targets for the harness's own parsers
# (tests/fuzz/fuzz_*.c; clang, which scripts/deps installs):
#   rigfile  rig files (rig/rigfile/rigfile.c, rigfile_parse)
#   simctl   the simulator's control channel, runner side
#            (rig/drivers/sim/ctlline.c)
#   usbcfg   the unit's USB configuration replies (rig/core/usbcfg.c)
#   serial   serial-link settings "115200,8N1" (rig/link/settings.c), as
#            the links and the rig file read them
#   simcmd   the simulator's side of the control channel: the command
#            parser of bin/isocket-sim (firmware/host/main.c, compiled into
#            the target with its main() renamed) over the firmware core
# Each is part of make fuzz (FUZZ_RUNS executions over FUZZ_JOBS processes)
# and make fuzz-smoke (HFUZZ_SMOKE_S seconds each, CI); make fuzz-NAME and
# fuzz-NAME-smoke run one. A seeds program (the target's file alone, built
# with -DFUZZ_SEEDS) writes valid inputs first; findings go to
# build/fuzz/artifacts.

HFUZZ := rigfile simctl usbcfg serial simcmd
HFUZZ_DIR := build/fuzz
HFUZZ_SMOKE_S ?= 6
HFUZZ_CFLAGS = -std=c11 -g -O1 $(WARN) -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	-Irig -Irig/core $(PKG_CFLAGS) -DFUZZ_RIGS_DIR='"fixtures/rigs"'
HFUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

HFUZZ_SRC_rigfile := rig/rigfile/rigfile.c rig/link/settings.c rig/core/err.c
HFUZZ_SRC_simctl := rig/drivers/sim/ctlline.c rig/core/sbuf.c rig/core/log.c
HFUZZ_SRC_usbcfg := rig/core/usbcfg.c rig/core/sbuf.c rig/core/log.c rig/core/err.c
HFUZZ_SRC_serial := rig/link/settings.c rig/rigfile/rigfile.c rig/core/err.c
HFUZZ_SRC_simcmd := $(FW_CORE_SRC) firmware/host/sim.c
HFUZZ_DEPS_simcmd := firmware/host/main.c $(wildcard firmware/core/*.h firmware/host/*.h)
HFUZZ_FLAGS_simcmd := -Ifirmware/core -Ifirmware/host

SOURCES += $(HFUZZ:%=tests/fuzz/fuzz_%.c)

define HFUZZ_RULES
$(HFUZZ_DIR)/fuzz-$(1): tests/fuzz/fuzz_$(1).c tests/fuzz/seeds.h $(HFUZZ_SRC_$(1)) $(HFUZZ_DEPS_$(1)) tests/fuzz-harness.mk
	@mkdir -p $$(@D)
	clang $$(HFUZZ_CFLAGS) $(HFUZZ_FLAGS_$(1)) $(HFUZZ_SAN) -o $$@ tests/fuzz/fuzz_$(1).c $(HFUZZ_SRC_$(1)) $(HFUZZ_LIBS_$(1))
$(HFUZZ_DIR)/fuzz-$(1)-seeds: tests/fuzz/fuzz_$(1).c tests/fuzz/seeds.h tests/fuzz-harness.mk
	@mkdir -p $$(@D)
	clang $$(HFUZZ_CFLAGS) $(HFUZZ_FLAGS_$(1)) -O0 -DFUZZ_SEEDS -o $$@ tests/fuzz/fuzz_$(1).c
.PHONY: fuzz-$(1) fuzz-$(1)-smoke
fuzz-$(1): deps-check $(HFUZZ_DIR)/fuzz-$(1) $(HFUZZ_DIR)/fuzz-$(1)-seeds
	@RUNS=$$(or $$(FUZZ_RUNS),10000000) tests/fuzz/run.sh $(HFUZZ_DIR) $(1) $$(or $$(FUZZ_JOBS),2)
fuzz-$(1)-smoke: deps-check $(HFUZZ_DIR)/fuzz-$(1) $(HFUZZ_DIR)/fuzz-$(1)-seeds
	@tests/fuzz/run.sh $(HFUZZ_DIR) $(1) 1 -max_total_time=$$(HFUZZ_SMOKE_S)
fuzz: fuzz-$(1)
fuzz-smoke: fuzz-$(1)-smoke
endef
$(foreach t,$(HFUZZ),$(eval $(call HFUZZ_RULES,$(t))))
