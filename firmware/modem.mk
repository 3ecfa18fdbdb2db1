# firmware/modem.mk - unit tests of the modem AT client (firmware/core/modem.c),
# linked against their own fake HAL in tests/unit/modem.

MODEM_TEST_SRC := $(addprefix tests/unit/modem/,fake_hal.c harness.c test_calls.c \
	test_init.c test_pdu.c test_restart.c test_robust.c test_sms_in.c test_sms_out.c)
MODEM_TEST_OBJ := $(MODEM_TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/firmware/core/modem.o

$(BUILD)/tests/unit/modem/%.o: tests/unit/modem/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(CMOCKA_CFLAGS) -Ifirmware/core -Itests/unit -c $< -o $@

$(BUILD)/test-modem: $(MODEM_TEST_OBJ) $(UNIT_MAIN)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(CMOCKA_LIBS)

UNIT_BINS += $(BUILD)/test-modem
SOURCES += $(MODEM_TEST_SRC)
