# firmware/modem.mk - unit tests of the modem AT client (firmware/core/modem.c),
# linked against their own fake HAL in tests/unit/modem.

MODEM_TEST_SRC := $(addprefix tests/unit/atc/,fake_hal.c harness.c test_calls.c \
	test_init.c test_pdu.c test_restart.c test_robust.c test_sms_in.c test_sms_out.c)
MODEM_TEST_OBJ := $(MODEM_TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/firmware/core/atc.o

$(BUILD)/tests/unit/atc/%.o: tests/unit/atc/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(CMOCKA_CFLAGS) -Ifirmware/core -Itests/unit -c $< -o $@

$(BUILD)/test-atc: $(MODEM_TEST_OBJ) $(UNIT_MAIN)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(CMOCKA_LIBS)

UNIT_BINS += $(BUILD)/test-atc
SOURCES += $(MODEM_TEST_SRC)
