# rig/drivers/ftdi/ftdi.mk - the real rig: the ftdi driver (libftdi1
# bit-bang and libserialport ports), the rig-file parser, the `doctor` and
# `ports` commands, and their unit tests.
#
# FTDI_OBJ goes into bin/relayrig (linked with -lftdi1 -lserialport).
# The tests replace libftdi1, libserialport, the serial link and the clock
# with fakes at link time (tests/unit/ftdi, tests/unit/ports).

FTDI_SRC := $(wildcard rig/drivers/ftdi/*.c)
RIGFILE_SRC := $(wildcard rig/rigfile/*.c)
FTDI_OBJ := $(FTDI_SRC:%.c=$(BUILD)/%.o) $(RIGFILE_SRC:%.c=$(BUILD)/%.o)
FTDI_CFLAGS = $(HOST_CFLAGS) -Irig -Irig/core $(PKG_CFLAGS)
FTDI_TEST_CFLAGS = $(FTDI_CFLAGS) -Itests/unit -Irig/drivers/ftdi

$(BUILD)/rig/drivers/ftdi/%.o: rig/drivers/ftdi/%.c
	@mkdir -p $(@D)
	$(CC) $(FTDI_CFLAGS) -c $< -o $@

$(BUILD)/rig/rigfile/%.o: rig/rigfile/%.c
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

# The tests' own copies of the framework and of rr_strerror.
$(BUILD)/tests/unit/ftdi-unit.o: tests/unit/unit.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@
$(BUILD)/tests/unit/ftdi-err.o: rig/core/err.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@
FTDI_TEST_BASE := $(BUILD)/tests/unit/ftdi-unit.o $(BUILD)/tests/unit/ftdi-err.o

RIGFILE_OBJ := $(RIGFILE_SRC:%.c=$(BUILD)/%.o)
RIGFILE_TEST_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/unit/rigfile/*.c))

$(BUILD)/test-rigfile: $(RIGFILE_OBJ) $(RIGFILE_TEST_OBJ) $(FTDI_TEST_BASE)
	$(CC) $(LDFLAGS_BASE) -o $@ $^

UNIT_BINS += $(BUILD)/test-rigfile

# Port lookup against the fake libserialport (tests/unit/ports/fake_sp.c).
PORTS_TEST_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/unit/ports/*.c))
$(BUILD)/test-ports: $(BUILD)/rig/drivers/ftdi/ports.o $(RIGFILE_OBJ) $(PORTS_TEST_OBJ) $(FTDI_TEST_BASE)
	$(CC) $(LDFLAGS_BASE) -o $@ $^

UNIT_BINS += $(BUILD)/test-ports
