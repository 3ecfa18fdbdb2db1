# firmware/modem.mk - unit tests of the modem AT client (firmware/core/modem.c),
# linked against their own fake HAL in tests/unit/modem.

MODEM_TEST_DIR := $(BUILD)/tests/unit/modem
MODEM_TEST_SRC := $(wildcard tests/unit/modem/*.c)
MODEM_TEST_OBJ := $(MODEM_TEST_SRC:tests/unit/modem/%.c=$(MODEM_TEST_DIR)/%.o) \
	$(MODEM_TEST_DIR)/core/modem.o $(MODEM_TEST_DIR)/unit/unit.o

$(MODEM_TEST_DIR)/core/modem.o: firmware/core/modem.c
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) -c $< -o $@

$(MODEM_TEST_DIR)/unit/unit.o: tests/unit/unit.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

$(MODEM_TEST_DIR)/%.o: tests/unit/modem/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ifirmware/core -Itests/unit -c $< -o $@

$(BUILD)/test-modem: $(MODEM_TEST_OBJ)
	$(CC) $(LDFLAGS_BASE) -o $@ $^

UNIT_BINS += $(BUILD)/test-modem
