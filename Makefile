# relayrig - test and certification harness for the iSocket Smart Relay.
#
#   make            build everything (bin/isocket-sim, bin/relayrig, tests)
#   make test       unit tests and Lua suites against the simulator
#   make test SAN=1 the same under AddressSanitizer + UBSan
#   make certify    backup-limitation certification, reports under reports/
#   make mutants    certify each firmware mutant; fails unless all are caught
#   make firmware-size   cross-compile the core for Cortex-M3, print sizes
#   make bench      benchmark figures
#
# Each area adds its own rules in a *.mk fragment included below.

CC ?= cc
SAN ?= 0
OPT ?= -O2

ifeq ($(SAN),1)
BUILD := build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD := build/rel
SANFLAGS :=
endif
# The release build's programs live in bin/; other builds keep theirs apart.
ifeq ($(SAN),0)
BIN := bin
else
BIN := $(BUILD)/bin
endif

WARN := -Wall -Wextra -Werror
CFLAGS_BASE := -std=c11 $(WARN) $(OPT) -g $(SANFLAGS) -MMD -MP
HOST_CFLAGS := $(CFLAGS_BASE) -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
LDFLAGS_BASE := $(SANFLAGS)

PKG_LUA := lua5.4
PKG_CFLAGS = $(shell pkg-config --cflags $(PKG_LUA) libftdi1 libserialport 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKG_LUA) libftdi1 libserialport 2>/dev/null)

# Test binaries register themselves here; scripts/run-tests runs them all.
UNIT_BINS :=
ALL_TARGETS :=

PKG_CFLAGS := $(PKG_CFLAGS)
PKG_LIBS := $(PKG_LIBS)

.PHONY: all build-all deps-check test clean deps firmware-size bench certify mutants
all: deps-check build-all

include $(sort $(wildcard firmware/*.mk firmware/*/*.mk rig/*.mk rig/*/*.mk rig/drivers/*/*.mk tests/*.mk))

build-all: $(ALL_TARGETS)

deps-check:
	@scripts/deps --check

deps:
	@scripts/deps

test: deps-check build-all $(UNIT_BINS)
	@scripts/run-tests $(UNIT_BINS) -- $(BIN)/relayrig

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)
