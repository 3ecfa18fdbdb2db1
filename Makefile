# relayrig - test and certification harness for the iSocket Smart Relay.
#
#   make            build bin/isocket-sim and bin/relayrig
#   make test       unit tests and Lua suites against the simulator
#   make test SAN=1 the same under AddressSanitizer + UBSan
#   make certify    backup-limitation certification, reports under reports/
#   make mutants    certify each firmware mutant; fails unless all are caught
#   make firmware-size   cross-compile the core for Cortex-M3, print sizes
#   make style      check the C files' layout (.clang-format); make format
#   make bench      benchmark figures
#   make install    install under $(DESTDIR)$(PREFIX); make uninstall
#   make package    the Debian package (build/deb/); make package-check
#
# The usual variables hold: CC, CPPFLAGS, CFLAGS (default -O2 -g), LDFLAGS,
# PREFIX (default /usr/local), DESTDIR. Warnings are errors only with DEV=1
# (CI sets it). Each area adds its own rules in a *.mk fragment included
# below; each program lists its modules, and a fragment may use another's
# variables in its prerequisites ($$(VAR), second expansion), so the order
# in which the fragments are read does not matter.

CC ?= cc
CFLAGS ?= -O2 -g
CPPFLAGS ?=
LDFLAGS ?=
PREFIX ?= /usr/local
DESTDIR ?=
SAN ?= 0
DEV ?= 0

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

WARN := -Wall -Wextra $(if $(filter 1,$(DEV)),-Werror)
# What the sources need whatever the user's flags are; CPPFLAGS and CFLAGS
# come last so that they can override (-O0, -fno-...).
CFLAGS_BASE = -std=c11 $(WARN) $(SANFLAGS) -MMD -MP $(CPPFLAGS) $(CFLAGS)
HOST_CFLAGS = -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(CFLAGS_BASE)
LDFLAGS_BASE = $(SANFLAGS) $(LDFLAGS)

PKG_LUA := lua5.4
PKG_CFLAGS = $(shell pkg-config --cflags $(PKG_LUA) libftdi1 libserialport 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKG_LUA) libftdi1 libserialport 2>/dev/null)

# Test binaries register themselves here; scripts/run-tests runs them all.
UNIT_BINS :=
ALL_TARGETS :=
# Every C file a fragment builds, listed (make sources-check).
SOURCES :=
REPORTS ?= reports

PKG_CFLAGS := $(PKG_CFLAGS)
PKG_LIBS := $(PKG_LIBS)

# The C unit tests: cmocka, and one runner (tests/unit/main.c) that runs
# each test in its own process.
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(or $(shell pkg-config --libs cmocka 2>/dev/null),-lcmocka)
UNIT_MAIN := $(BUILD)/tests/unit/main.o

.PHONY: all build-all deps-check test clean deps firmware-size bench certify mutants
all: deps-check build-all

.SECONDEXPANSION:
include $(sort $(wildcard firmware/*.mk firmware/*/*.mk rig/*.mk rig/*/*.mk rig/drivers/*/*.mk tests/*.mk))

$(UNIT_MAIN): tests/unit/main.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -c $< -o $@

build-all: $(ALL_TARGETS)

deps-check:
	@scripts/deps --check

deps:
	@scripts/deps

# JUnit of every C test program, merged: $(REPORTS)/unit-tests.xml.
test: deps-check build-all $(UNIT_BINS)
	@UNIT_JUNIT=$(REPORTS)/unit-tests.xml scripts/run-tests $(UNIT_BINS) -- $(BIN)/relayrig

clean:
	rm -rf build bin

# Each .c file of the tree is in a program's module list: a new file that
# no list names would be left out of the build silently, so this fails (CI).
# The firmware core's layers (firmware/README.md, "Layers"): no dependency
# circle between its modules, struct fw opaque to the ports.
.PHONY: fw-layers-check
fw-layers-check:
	@scripts/fw-layers

.PHONY: sources-check
sources-check:
	@mkdir -p $(BUILD) && printf '%s\n' $(sort $(SOURCES)) >$(BUILD)/sources.txt
	@unlisted=$$(git ls-files '*.c' | grep -vxF -f $(BUILD)/sources.txt); \
	if [ -n "$$unlisted" ]; then echo "sources-check: in no module list (add to a *.mk):" $$unlisted >&2; exit 1; fi; \
	echo "sources-check: every C file is in a module list"

# ---- formatting -------------------------------------------------------------
# make style: fails, naming the files, when a C file is not as clang-format
# (.clang-format) would lay it out (CI). make format: lays them out in place.
# The files: every module list's sources (SOURCES, as sources-check) and the
# headers in their folders.
CLANG_FORMAT ?= clang-format
STYLE_FILES = $(sort $(SOURCES) $(wildcard $(addsuffix *.h,$(sort $(dir $(SOURCES))))))
.PHONY: style format
style:
	@command -v $(CLANG_FORMAT) >/dev/null || { echo "style: $(CLANG_FORMAT) not found (scripts/deps --checks)" >&2; exit 2; }
	@mkdir -p $(BUILD) && printf '%s\n' $(STYLE_FILES) >$(BUILD)/style-files.txt
	@if $(CLANG_FORMAT) --dry-run -Werror --style=file $$(cat $(BUILD)/style-files.txt) 2>$(BUILD)/style.log; then \
		echo "style: $$(wc -l <$(BUILD)/style-files.txt) files formatted as .clang-format says"; \
	else \
		files=$$(sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: .*clang-format.*/\1/p' $(BUILD)/style.log | sort -u); \
		if [ -z "$$files" ]; then cat $(BUILD)/style.log >&2; echo "style: $(CLANG_FORMAT) failed" >&2; exit 1; fi; \
		echo "style: not formatted (make format; details: $(CLANG_FORMAT) --dry-run FILE):" >&2; \
		printf '  %s\n' $$files >&2; exit 1; \
	fi
format:
	$(CLANG_FORMAT) -i --style=file $(STYLE_FILES)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- install ------------------------------------------------------------
# The programs, their man pages, the Lua API reference, the udev rule, bash
# completion, and the suites with their fixtures under share/relayrig (the
# suites find their fixtures relative to themselves; relayrig finds the
# simulator next to itself and the statement list in ../share/relayrig).
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
RR_SHARE := $(DATADIR)/relayrig
MANDIR ?= $(DATADIR)/man
DOCDIR ?= $(DATADIR)/doc/relayrig
UDEVDIR ?= $(PREFIX)/lib/udev/rules.d
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
SHARE_DIRS := fixtures tests/certify tests/regression tests/suites tests/lib tests/examples tests/eol

.PHONY: install uninstall
install: build-all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR) \
		$(DESTDIR)$(UDEVDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(RR_SHARE)
	install -m 755 $(BIN)/relayrig $(BIN)/isocket-sim $(DESTDIR)$(BINDIR)/
	install -m 644 man/relayrig.1 man/isocket-sim.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 rig/README.md $(DESTDIR)$(DOCDIR)/lua-api.md
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m 644 firmware/README.md $(DESTDIR)$(DOCDIR)/firmware.md
	install -m 644 scripts/99-relayrig.rules $(DESTDIR)$(UDEVDIR)/
	install -m 644 scripts/relayrig.bash-completion $(DESTDIR)$(BASHCOMPDIR)/relayrig
	ln -sf relayrig $(DESTDIR)$(BASHCOMPDIR)/isocket-sim
	for f in $$(find $(SHARE_DIRS) -type f | sort); do \
		install -D -m 644 $$f $(DESTDIR)$(RR_SHARE)/$$f || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/relayrig $(DESTDIR)$(BINDIR)/isocket-sim \
		$(DESTDIR)$(MANDIR)/man1/relayrig.1 $(DESTDIR)$(MANDIR)/man1/isocket-sim.1 \
		$(DESTDIR)$(UDEVDIR)/99-relayrig.rules \
		$(DESTDIR)$(BASHCOMPDIR)/relayrig $(DESTDIR)$(BASHCOMPDIR)/isocket-sim
	rm -rf $(DESTDIR)$(DOCDIR) $(DESTDIR)$(RR_SHARE)

# ---- Debian package ---------------------------------------------------------
# make package: build/deb/relayrig_<version>_<arch>.deb (dpkg-buildpackage, debian/).
# make package-check: that package installed with apt, then the
# certification run from it in an empty folder (root; CI).
.PHONY: package package-check
# dpkg-buildpackage writes next to the source tree; the results are moved
# to build/deb.
PKG_VERSION = $(shell dpkg-parsechangelog -S Version)
package:
	@scripts/deps --check --package
	dpkg-buildpackage -us -uc -b -jauto
	@mkdir -p build/deb && rm -f build/deb/*
	mv ../relayrig_$(PKG_VERSION)_*.deb ../relayrig_$(PKG_VERSION)_*.buildinfo \
		../relayrig_$(PKG_VERSION)_*.changes build/deb/
	-mv ../relayrig-dbgsym_$(PKG_VERSION)_*.deb build/deb/ 2>/dev/null
	@ls build/deb
package-check: package
	@scripts/package-check build/deb
