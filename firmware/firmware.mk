# firmware/firmware.mk - the portable core, the host port (bin/isocket-sim),
# the core's unit tests and the Cortex-M3 size check.

FW_CORE_SRC := $(addprefix firmware/core/,apply.c atc.c clock.c fw.c limits.c \
	relays.c report.c sched.c settings.c sms.c thermo.c usbcfg.c util.c)
FW_HOST_SRC := $(addprefix firmware/host/,invert.c main.c sim.c)
FW_CFLAGS = $(CFLAGS_BASE) -Ifirmware/core

FW_CORE_OBJ := $(FW_CORE_SRC:%.c=$(BUILD)/%.o)
FW_HOST_OBJ := $(FW_HOST_SRC:%.c=$(BUILD)/%.o)

$(BUILD)/firmware/core/%.o: firmware/core/%.c
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) -c $< -o $@

$(BUILD)/firmware/host/%.o: firmware/host/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ifirmware/core -c $< -o $@

# The simulator takes the backup rules (core/limits.c) under another name,
# fw_limited_core, and host/invert.c's fw_limited wraps them so that one
# decision can be inverted for the certification's self-check. Only the
# host build does this; the unit tests and the Cortex-M3 image link
# core/limits.c as it is.
FW_SIM_CORE_OBJ := $(filter-out $(BUILD)/firmware/core/limits.o,$(FW_CORE_OBJ)) \
	$(BUILD)/firmware/host/limits_core.o
$(BUILD)/firmware/host/limits_core.o: firmware/core/limits.c
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) -Dfw_limited=fw_limited_core -c $< -o $@

$(BIN)/isocket-sim: $(FW_SIM_CORE_OBJ) $(FW_HOST_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ -lutil

ALL_TARGETS += $(BIN)/isocket-sim
SOURCES += $(FW_CORE_SRC) $(FW_HOST_SRC)

# Unit tests of the core, linked against the fake HAL in tests/unit/fw
# (its modem peer, fake_modem.c, is shared with the fuzz targets).
FW_TEST_SRC := $(addprefix tests/unit/fw/,fake_modem.c harness.c test_backup.c \
	test_functions.c test_sms.c test_store.c)
FW_TEST_OBJ := $(FW_TEST_SRC:%.c=$(BUILD)/%.o)
$(BUILD)/tests/unit/fw/%.o: tests/unit/fw/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(CMOCKA_CFLAGS) -Ifirmware/core -Itests/unit -c $< -o $@
$(BUILD)/test-fw: $(FW_CORE_OBJ) $(FW_TEST_OBJ) $(UNIT_MAIN)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(CMOCKA_LIBS)
UNIT_BINS += $(BUILD)/test-fw
SOURCES += $(FW_TEST_SRC) firmware/ports/cortex-m3/port.c

# Cross-compiled size check (Cortex-M3, -Os): core plus the minimal MCU port,
# string routines from newlib-nano, nothing else from the C library. The
# toolchain is not needed for anything else: `scripts/deps --firmware`.
ARM_CC := arm-none-eabi-gcc
ARM_FLAGS := -mcpu=cortex-m3 -mthumb -Os -std=c11 $(WARN) -ffunction-sections -fdata-sections -ffreestanding
FW_ARM_SRC := $(FW_CORE_SRC) firmware/ports/cortex-m3/port.c
firmware-size:
	@scripts/deps --check --firmware
	@mkdir -p build/arm
	$(ARM_CC) $(ARM_FLAGS) -Ifirmware/core -nostartfiles -nostdlib \
		-Wl,--gc-sections -Wl,-T,firmware/ports/cortex-m3/link.ld \
		-o build/arm/isocket.elf $(FW_ARM_SRC) -lc_nano -lgcc
	arm-none-eabi-size build/arm/isocket.elf
	@scripts/check-size build/arm/isocket.elf

# The simulator as a process (control channel, virtual time, ordering).
$(BUILD)/tests/unit/sim/%.o: tests/unit/sim/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -c $< -o $@
$(BUILD)/test-simproc-bin: $(BUILD)/tests/unit/sim/test_simproc.o $(UNIT_MAIN)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(CMOCKA_LIBS)
# A wrapper so the test runs against this build's simulator.
$(BUILD)/test-simproc: $(BUILD)/test-simproc-bin $(BIN)/isocket-sim
	@printf '#!/bin/sh\nISOCKET_SIM=%s exec %s "$$@"\n' "$(BIN)/isocket-sim" "$(BUILD)/test-simproc-bin" > $@
	@chmod +x $@
UNIT_BINS += $(BUILD)/test-simproc
SOURCES += tests/unit/sim/test_simproc.c tests/unit/main.c
