# tests/fuzz.mk - libFuzzer targets (clang; scripts/deps installs it).
#
#   make fuzz         the settings-store target for 10^7 executions
#                     (FUZZ_RUNS, split over FUZZ_JOBS=2 processes)
#   make fuzz-smoke   the same for about 20 s (CI)
# Built with clang -fsanitize=fuzzer,address,undefined. Both print executions, crashes and exec/s at the end and fail on a crash;
# the corpus grows in build/fuzz/corpus, findings go to build/fuzz/artifacts.

FUZZ_CC := clang
FUZZ_DIR := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -g -O2 $(WARN) -D_DEFAULT_SOURCE -Ifirmware/core -Itests/fuzz -Itests/unit/fw
FUZZ_SRC := $(addprefix firmware/core/,apply.c atc.c clock.c fw.c limits.c \
	relays.c report.c sched.c settings.c sms.c thermo.c usbcfg.c util.c) tests/fuzz/fuzz_hal.c tests/unit/fw/fake_modem.c
FUZZ_HDR := $(wildcard firmware/core/*.h) tests/fuzz/fuzz_hal.h tests/unit/fw/fake_modem.h
FUZZ_RUNS ?= 10000000
FUZZ_JOBS ?= 2
# The SMS interpreter and the harness get full libFuzzer instrumentation
# (coverage and comparison tracing); the rest of the core, the loader
# included, the fake HAL and the modem peer (tests/unit/fw/fake_modem.c,
# shared with the unit tests) get coverage counters only. Every file keeps
# ASan and UBSan. Comparison tracing everywhere made an execution 2.4 times
# dearer, too dear for 10^7 on a shared machine; the seeds (a configured
# unit) give the mutations valid values to start from instead.
FUZZ_LIGHT := firmware/core/util.c firmware/core/atc.c firmware/core/fw.c \
	firmware/core/relays.c firmware/core/report.c firmware/core/apply.c \
	firmware/core/clock.c firmware/core/sched.c firmware/core/thermo.c firmware/core/settings.c \
	firmware/core/usbcfg.c tests/fuzz/fuzz_hal.c tests/unit/fw/fake_modem.c
SOURCES += $(FUZZ_SRC) tests/fuzz/fuzz_store.c
FUZZ_OBJ := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_SRC) tests/fuzz/fuzz_store.c)

$(FUZZ_DIR)/obj/%.o: %.c $(FUZZ_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) \
		$(if $(filter $<,$(FUZZ_LIGHT)),-fsanitize-coverage=inline-8bit-counters$(,)pc-table,-fsanitize=fuzzer) \
		-c $< -o $@

$(FUZZ_DIR)/fuzz-store: $(FUZZ_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^

# Seed inputs (factory defaults, a configured unit) written by the harness.
$(FUZZ_DIR)/fuzz-store-seeds: $(FUZZ_SRC) tests/fuzz/fuzz_store.c $(FUZZ_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_SEEDS -o $@ $(FUZZ_SRC) tests/fuzz/fuzz_store.c

, := ,
.PHONY: fuzz fuzz-smoke fuzz-build
fuzz-build: $(FUZZ_DIR)/fuzz-store $(FUZZ_DIR)/fuzz-store-seeds

fuzz: deps-check fuzz-build
	@RUNS=$(FUZZ_RUNS) tests/fuzz/run.sh $(FUZZ_DIR) store $(FUZZ_JOBS)

fuzz-smoke: deps-check fuzz-build
	@tests/fuzz/run.sh $(FUZZ_DIR) store 1 -max_total_time=20
