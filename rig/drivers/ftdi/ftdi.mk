# rig/drivers/ftdi/ftdi.mk - the real rig: the ftdi driver (libftdi1
# bit-bang and libserialport ports), the rig-file parser, the `doctor` and
# `ports` commands, and their unit tests.
#
# FTDI_OBJ goes into bin/relayrig (linked with -lftdi1 -lserialport); the
# rig-file parser is the runner's own (rig/rig.mk), every driver uses it.
# The tests replace libftdi1, libserialport, the serial link and the clock
# with fakes at link time (tests/unit/ftdi, tests/unit/ports).

FTDI_SRC := $(addprefix rig/drivers/ftdi/,api.c cmd_doctor.c cmd_ports.c lazylink.c \
	ports.c protocol.c rigclk.c)
RIGFILE_SRC := rig/rigfile/rigfile.c
FTDI_OBJ := $(FTDI_SRC:%.c=$(BUILD)/%.o)
FTDI_CFLAGS = $(HOST_CFLAGS) -Irig -Irig/core $(PKG_CFLAGS)
FTDI_TEST_CFLAGS = $(FTDI_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -Irig/drivers/ftdi

$(BUILD)/rig/drivers/ftdi/%.o: rig/drivers/ftdi/%.c
	@mkdir -p $(@D)
	$(CC) $(FTDI_CFLAGS) -c $< -o $@

$(BUILD)/tests/unit/ftdi/%.o: tests/unit/ftdi/%.c
	@mkdir -p $(@D)
	$(CC) $(FTDI_TEST_CFLAGS) -c $< -o $@

$(BUILD)/tests/unit/rigfile/%.o: tests/unit/rigfile/%.c
	@mkdir -p $(@D)
	$(CC) $(FTDI_TEST_CFLAGS) -c $< -o $@

$(BUILD)/tests/unit/ports/%.o: tests/unit/ports/%.c
	@mkdir -p $(@D)
	$(CC) $(FTDI_TEST_CFLAGS) -c $< -o $@

# The test runner and rr_strerror (the runner's own object).
FTDI_TEST_BASE := $(UNIT_MAIN) $(BUILD)/rig/core/err.o

# The rig file checks serial settings with the links' parser (rig/link/settings.c,
# built with the emulator's objects, rig/emu/emu.mk).
RIGFILE_OBJ := $(RIGFILE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/rig/link/settings.o
RIGFILE_TEST_OBJ := $(BUILD)/tests/unit/rigfile/test_rigfile.o

$(BUILD)/test-rigfile: $(RIGFILE_OBJ) $(RIGFILE_TEST_OBJ) $(FTDI_TEST_BASE)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(CMOCKA_LIBS)

UNIT_BINS += $(BUILD)/test-rigfile

# Port lookup against the fake libserialport (tests/unit/ports/fake_sp.c).
PORTS_TEST_OBJ := $(addprefix $(BUILD)/tests/unit/ports/,fake_sp.o test_ports.o)
$(BUILD)/test-ports: $(BUILD)/rig/drivers/ftdi/ports.o $(RIGFILE_OBJ) $(PORTS_TEST_OBJ) $(FTDI_TEST_BASE)
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(CMOCKA_LIBS)

UNIT_BINS += $(BUILD)/test-ports

# The driver, the doctor and the on-demand link against fakes linked in
# place of libftdi1 (fake_ftdi.c), libserialport (fake_sp.c), link_sp
# (fake_link.c) and the monotonic clock (fake_clock.c): the link-time seam.
FTDI_FAKE_OBJ := $(addprefix $(BUILD)/tests/unit/ftdi/,fake_ftdi.o fake_clock.o fake_link.o) \
	$(BUILD)/tests/unit/ports/fake_sp.o
# fake_ftdi.c's device list is the seam rig's too (tests/ftdibus.mk).
FTDI_FAKE_BUS_OBJ := $(BUILD)/tests/ftdibus/ftdibus.o
FTDI_TEST_OBJ := $(addprefix $(BUILD)/tests/unit/ftdi/,test_ftdi.o test_doctor.o)
FTDI_DRV_TEST_OBJ := $(filter-out $(BUILD)/rig/drivers/ftdi/rigclk.o,$(FTDI_OBJ)) $(RIGFILE_OBJ)

$(BUILD)/test-ftdi: $(FTDI_DRV_TEST_OBJ) $(FTDI_FAKE_OBJ) $(FTDI_FAKE_BUS_OBJ) $(FTDI_TEST_OBJ) $(FTDI_TEST_BASE) \
		$(BUILD)/rig/core/log.o
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(CMOCKA_LIBS)

UNIT_BINS += $(BUILD)/test-ftdi
SOURCES += $(FTDI_SRC) $(RIGFILE_SRC) $(RIGFILE_TEST_OBJ:$(BUILD)/%.o=%.c) \
	$(PORTS_TEST_OBJ:$(BUILD)/%.o=%.c) $(FTDI_FAKE_OBJ:$(BUILD)/%.o=%.c) \
	$(FTDI_TEST_OBJ:$(BUILD)/%.o=%.c) tests/unit/ftdi/doctor_main.c

# `doctor` on its own with the real libftdi1 and libserialport, to try it
# on a machine before bin/relayrig links it (a development aid, not built
# by default; its serial links are the test stand-ins, so use the dry run).
$(BUILD)/doctor-demo: $(FTDI_OBJ) $(RIGFILE_OBJ) $(BUILD)/tests/unit/ftdi/doctor_main.o \
		$(BUILD)/tests/unit/ftdi/fake_link.o $(BUILD)/rig/core/err.o \
		$(BUILD)/rig/core/log.o
	$(CC) $(LDFLAGS_BASE) -o $@ $^ $(shell pkg-config --libs libftdi1 libserialport 2>/dev/null)
