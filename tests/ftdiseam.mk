# tests/ftdiseam.mk - the FTDI seam rig: relayrig's FTDI driver linked
# against a stand-in libftdi1 whose pins are wired to a fake unit (the
# firmware simulator behind a model of the bench's board, on a virtual
# clock), then the certification and the regression suites run through it
# (tests/ftdiseam/, rig/drivers/ftdi/README.md "The seam rig").
#
#   make ftdiseam    build it, run tests/certify and tests/regression on
#                    fixtures/rigs/ftdiseam.rig, prove a mutant firmware and
#                    a wiring fault are caught (scripts/ftdiseam)
#
# $(BUILD)/relayrig-ftdiseam is a test program: never installed, never
# bin/relayrig. Links: the runner's objects without rigclk.o and without
# -lftdi1; ld --wrap on ftdi_hw_run (its deadline lets idle waits jump)
# and link_sp_open_msg (the seam's ptys, which libserialport cannot open).

SEAM_SRC := tests/ftdiseam/seam_ftdi.c tests/ftdiseam/seam_unit.c
SOURCES += $(SEAM_SRC)
SEAM_OBJ := $(SEAM_SRC:%.c=$(BUILD)/%.o)
SEAM_LIBS = $(shell pkg-config --libs $(PKG_LUA) libserialport 2>/dev/null) -lm
# What bin/relayrig links, without rigclk.o (expanded late: the fragments
# that define these lists may come after this one).
SEAM_RR_OBJ = $(filter-out $(BUILD)/rig/drivers/ftdi/rigclk.o,$(RR_OBJ) $(BUILD)/rig/help_api.o \
	$(EMU_OBJ) $(FTDI_OBJ) $(RESULTS_OBJ))

$(BUILD)/tests/ftdiseam/%.o: tests/ftdiseam/%.c
	@mkdir -p $(@D)
	$(CC) $(RR_CFLAGS) -c $< -o $@

$(BUILD)/relayrig-ftdiseam: $$(SEAM_RR_OBJ) $(SEAM_OBJ) $$(FTDIBUS_OBJ)
	$(CC) $(LDFLAGS_BASE) -Wl,--wrap=ftdi_hw_run -Wl,--wrap=link_sp_open_msg -o $@ $^ $(SEAM_LIBS) \
		$(RESULTS_LIBS)

ALL_TARGETS += $(BUILD)/relayrig-ftdiseam

.PHONY: ftdiseam
ftdiseam: deps-check build-all
	@scripts/ftdiseam $(BUILD)/relayrig-ftdiseam $(BIN)/isocket-sim
