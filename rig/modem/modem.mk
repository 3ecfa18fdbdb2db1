# rig/modem/modem.mk - the GSM modem emulator, the byte links, the modem
# console, and their unit tests (build/<variant>/test-emu).
#
# EMU_OBJ: objects for bin/relayrig (link with rig/core/err.c and EMU_LIBS).

EMU_SRC := rig/modem/console.c rig/modem/emu.c rig/modem/gsm.c \
	rig/link/link_fd.c rig/link/link_sp.c
EMU_OBJ := $(EMU_SRC:%.c=$(BUILD)/%.o)
EMU_LIBS := $(or $(shell pkg-config --libs libserialport 2>/dev/null),-lserialport)
EMU_CFLAGS = $(HOST_CFLAGS) -Irig -Irig/core $(shell pkg-config --cflags libserialport 2>/dev/null)

$(BUILD)/rig/modem/%.o: rig/modem/%.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) -c $< -o $@

$(BUILD)/rig/link/%.o: rig/link/%.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) -c $< -o $@

EMU_TEST_SRC := $(addprefix tests/unit/emu/,harness.c test_at.c test_calls.c \
	test_charset.c test_console.c test_link.c test_sms.c)
EMU_TEST_OBJ := $(EMU_TEST_SRC:%.c=$(BUILD)/%.o)

$(BUILD)/tests/unit/emu/%.o: tests/unit/emu/%.c
	@mkdir -p $(@D)
	$(CC) $(EMU_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -c $< -o $@

$(BUILD)/test-emu: $(EMU_OBJ) $(EMU_TEST_OBJ) $(BUILD)/rig/core/err.o $(UNIT_MAIN)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(EMU_LIBS) $(CMOCKA_LIBS)

UNIT_BINS += $(BUILD)/test-emu
SOURCES += $(EMU_SRC) $(EMU_TEST_SRC)
