# rig/emu/emu.mk - the GSM module emulator, the byte links, the modem
# console, and their unit tests (build/<variant>/test-emu).
#
# EMU_OBJ: objects for bin/relayrig (link with rig/core/err.c, escape.c, sbuf.c
# and EMU_LIBS).

EMU_SRC := $(addprefix rig/emu/,console.c console_behave.c emu.c emu_call.c emu_gen.c \
	emu_net.c emu_sms.c emu_smsio.c emu_v250.c gsm.c pdu.c pdu_util.c) \
	rig/link/link_fd.c rig/link/link_sp.c rig/link/settings.c
EMU_OBJ := $(EMU_SRC:%.c=$(BUILD)/%.o)
EMU_LIBS := $(or $(shell pkg-config --libs libserialport 2>/dev/null),-lserialport)
EMU_CFLAGS = $(HOST_CFLAGS) -Irig -Irig/core $(shell pkg-config --cflags libserialport 2>/dev/null)

$(BUILD)/rig/emu/%.o: rig/emu/%.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) -c $< -o $@

$(BUILD)/rig/link/%.o: rig/link/%.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) -c $< -o $@

EMU_TEST_SRC := $(addprefix tests/unit/emu/,harness.c test_at.c test_basic_set.c \
	test_behaviours.c test_calls.c test_charset.c test_console.c test_link.c test_pdu.c \
	test_pdu_mode.c test_sms.c)
EMU_TEST_OBJ := $(EMU_TEST_SRC:%.c=$(BUILD)/%.o)

$(BUILD)/tests/unit/emu/%.o: tests/unit/emu/%.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -c $< -o $@

$(BUILD)/test-emu: $(EMU_OBJ) $(EMU_TEST_OBJ) $(addprefix $(BUILD)/rig/core/,err.o escape.o sbuf.o) \
		$(UNIT_MAIN)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(EMU_LIBS) $(CMOCKA_LIBS)

UNIT_BINS += $(BUILD)/test-emu
SOURCES += $(EMU_SRC) $(EMU_TEST_SRC)

# A real AT client (gammu, installed by scripts/deps --checks) against the
# emulator's pty: identify, signal, network, SMS both ways in PDU mode, USSD.
.PHONY: modem-check
modem-check: $(BIN)/relayrig
	@scripts/deps --check --checks
	@scripts/modem-check $(BIN)/relayrig

# The firmware's own AT client in SMS PDU mode (isocket-sim --pdu, through
# ISOCKET_SIM_PDU=1) against the emulator: every regression and
# certification suite, so both modes are certified.
.PHONY: regress-pdu
regress-pdu: deps-check build-all
	@mkdir -p $(REPORTS)
	ISOCKET_SIM_PDU=1 $(BIN)/relayrig --station sim-pdu -j $(or $(REGRESS_JOBS),2) \
		--json $(REPORTS)/regression-pdu.json tests/regression tests/certify

# libFuzzer target for the PDU codec (tests/fuzz/fuzz_pdu.c); part of
# make fuzz (FUZZ_RUNS executions) and make fuzz-smoke (about 20 s).
PDU_FUZZ_DIR := build/fuzz
PDU_FUZZ_SRC := rig/emu/pdu.c rig/emu/pdu_util.c rig/emu/gsm.c tests/fuzz/fuzz_pdu.c
SOURCES += tests/fuzz/fuzz_pdu.c
PDU_FUZZ_FLAGS := -std=c11 -g -O2 $(WARN) -D_DEFAULT_SOURCE -Irig
$(PDU_FUZZ_DIR)/fuzz-pdu: $(PDU_FUZZ_SRC) rig/emu/pdu.h rig/emu/gsm.h
	@mkdir -p $(@D)
	clang $(PDU_FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $(PDU_FUZZ_SRC)
$(PDU_FUZZ_DIR)/fuzz-pdu-seeds: $(PDU_FUZZ_SRC) rig/emu/pdu.h rig/emu/gsm.h
	@mkdir -p $(@D)
	clang $(PDU_FUZZ_FLAGS) -DFUZZ_SEEDS -o $@ $(PDU_FUZZ_SRC)
.PHONY: fuzz-pdu fuzz-pdu-smoke
fuzz-pdu: deps-check $(PDU_FUZZ_DIR)/fuzz-pdu $(PDU_FUZZ_DIR)/fuzz-pdu-seeds
	@RUNS=$(or $(FUZZ_RUNS),10000000) tests/fuzz/run.sh $(PDU_FUZZ_DIR) pdu $(or $(FUZZ_JOBS),2)
fuzz-pdu-smoke: deps-check $(PDU_FUZZ_DIR)/fuzz-pdu $(PDU_FUZZ_DIR)/fuzz-pdu-seeds
	@tests/fuzz/run.sh $(PDU_FUZZ_DIR) pdu 1 -max_total_time=20
fuzz: fuzz-pdu
fuzz-smoke: fuzz-pdu-smoke
