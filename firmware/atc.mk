# firmware/atc.mk - unit tests of the AT client (firmware/core/atc.c), linked
# against their own fake HAL in tests/unit/atc.

ATC_TEST_SRC := $(addprefix tests/unit/atc/,fake_hal.c harness.c test_calls.c \
	test_init.c test_pdu.c test_restart.c test_robust.c test_sms_in.c test_sms_out.c)
ATC_TEST_OBJ := $(ATC_TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/firmware/core/atc.o

$(BUILD)/tests/unit/atc/%.o: tests/unit/atc/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(CMOCKA_CFLAGS) -Ifirmware/core -Itests/unit -c $< -o $@

$(BUILD)/test-atc: $(ATC_TEST_OBJ) $(UNIT_MAIN)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(CMOCKA_LIBS)

UNIT_BINS += $(BUILD)/test-atc
SOURCES += $(ATC_TEST_SRC)
