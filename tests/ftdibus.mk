# tests/ftdibus.mk - the USB bus of the libftdi1 stand-ins (tests/ftdibus/):
# the device list both the unit tests' fake (tests/unit/ftdi/fake_ftdi.c,
# test-ftdi) and the seam rig's (tests/ftdiseam/seam_ftdi.c,
# relayrig-ftdiseam) link.

FTDIBUS_SRC := tests/ftdibus/ftdibus.c
SOURCES += $(FTDIBUS_SRC)
FTDIBUS_OBJ := $(FTDIBUS_SRC:%.c=$(BUILD)/%.o)

$(BUILD)/tests/ftdibus/%.o: tests/ftdibus/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(PKG_CFLAGS) -c $< -o $@
