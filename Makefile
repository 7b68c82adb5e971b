# pkt: craft, send and match packets from the shell.
PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions

CC	?= cc
PKGS	:= libpcap libcap-ng jansson libmnl libcares
CFLAGS	?= -O2 -g
WFLAGS	:= -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wformat=2 \
	   -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
	   -Wcast-qual -Wvla -Wnull-dereference -Wundef \
	   -Wmissing-declarations -Wold-style-definition
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# The libraries are linked statically where their archives are installed
# (STATIC=no: all shared): loading a shared library costs a run ~60 us,
# and Debian's libpcap loads eight more through D-Bus (~0.9 ms, most of
# what ping(8) takes for a whole probe).  A static libpcap is linked
# without its D-Bus capture source: common/link/pcap_nodbus.c says why.
LIBDIR	:= $(shell pkg-config --variable=libdir libpcap 2>/dev/null)
STATIC	?= yes
ifeq ($(STATIC),yes)
static_or_shared = $(if $(wildcard $(LIBDIR)/lib$(1).a),$(LIBDIR)/lib$(1).a,-l$(1))
# Each package of PKGS as its library: libpcap -> pcap, jansson -> jansson.
PKG_LIBS   := $(foreach l,$(patsubst lib%,%,$(PKGS)),$(call static_or_shared,$(l)))
LINK_OBJ    = $(if $(wildcard $(LIBDIR)/libpcap.a),$(O)/common/link/pcap_nodbus.o)
endif
ALL_CFLAGS = $(WFLAGS) -pthread -Icommon $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS	?=
ALL_LDFLAGS = -pie -pthread -Wl,--as-needed $(LDFLAGS)
# -lc before -lm: frexp and ldexp (jansson) come from libc, so that
# --as-needed leaves libm out of a tool that needs nothing else of it.
LDLIBS	+= $(PKG_LIBS) -lc -lm

# Out-of-tree build directory: "build" for the normal build, "build-asan"
# for the sanitizer build (make check builds and tests both).
O	?= build
TOOLS	:= pktsend pktsr1 pkttrace pktgraph
COMMON_SRC := $(wildcard common/*.c common/layers/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(O)/%.o)
TOOL_SRC   := $(wildcard cmd/*/main.c)
TOOL_NAMES := $(patsubst cmd/%/main.c,%,$(TOOL_SRC))
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
# What the unit programs share: the reference JSON writer (jansson).
UNIT_LIB   := $(O)/tests/unit/jsonref.o

ifeq ($(O),build)
BINOUT	:= bin
else
BINOUT	:= $(O)/bin
endif
BINS	:= $(TOOL_NAMES:%=$(BINOUT)/%)

# Keep the tools' objects between builds (they are intermediates of bin/%).
.SECONDARY:

.PHONY: all units check check-tests asan install uninstall clean \
	lint-man check-headers fuzz help setcap bench

all: $(BINS)

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/libpktcommon.a: $(COMMON_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BINOUT)/%: $(O)/cmd/%/main.o $(O)/libpktcommon.a $(LINK_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/tests/%: $(O)/tests/unit/%.o $(UNIT_LIB) $(O)/libpktcommon.a $(LINK_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

# Helpers of the live tests (not tests themselves): nfqdelay holds the
# packets of an NFQUEUE queue for a while, a link's delay without netem;
# hops answers expired probes behind a TUN device with ICMP extensions
# (MPLS, interfaces).
TOOL_HELPERS := $(O)/tests/nfqdelay $(O)/tests/hops

$(O)/tests/nfqdelay: tests/tools/nfqdelay.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LDLIBS)

$(O)/tests/hops: $(O)/tests/tools/hops.o $(O)/libpktcommon.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

units: $(UNIT_BIN) $(TOOL_HELPERS)

# Header dependencies of every object: the engine, the tools, the tests.
-include $(COMMON_OBJ:.o=.d) $(TOOL_SRC:%.c=$(O)/%.d) $(UNIT_SRC:%.c=$(O)/%.d) \
	$(O)/tests/tools/hops.d $(UNIT_LIB:.o=.d)

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=undefined

# make check: the normal build and the ASan+UBSan build, each through the
# whole suite (unit tables, golden files, CLI behaviour, fuzz-corpus replay,
# and, as root, the live namespace tests).
check: all check-headers
	$(MAKE) O=build-asan CFLAGS="$(SAN_FLAGS)" all units
	$(MAKE) units
	PKT_BUILDS="build build-asan" tests/run.sh

check-tests: all units
	PKT_BUILDS="build" tests/run.sh

asan:
	$(MAKE) O=build-asan CFLAGS="$(SAN_FLAGS)" all units
	PKT_BUILDS="build-asan" tests/run.sh

# Each header compiles on its own (it includes what it uses).
check-headers:
	@for h in common/*.h common/layers/*.h tests/unit/*.h; do \
		printf '#include "%s"\n' "$$PWD/$$h" | \
		$(CC) $(ALL_CFLAGS) -Werror -x c -fsyntax-only - || exit 1; \
	done; echo "headers: each compiles alone"

lint-man:
	mandoc -T lint -W warning man/*.[17]

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7/
	for f in completion/*.bash; do [ -e "$$f" ] || continue; \
		b=$$(basename $$f .bash); install -m 644 $$f $(DESTDIR)$(BASHCOMPDIR)/$$b; done
	for f in completion/_*; do [ -e "$$f" ] || continue; \
		install -m 644 $$f $(DESTDIR)$(ZSHCOMPDIR)/; done

# Grant the installed binaries what they need to send and capture without root.
setcap:
	for t in $(TOOL_NAMES); do \
		setcap cap_net_raw,cap_net_admin=ep $(DESTDIR)$(BINDIR)/$$t || exit 1; done

uninstall:
	for t in $(TOOL_NAMES); do rm -f $(DESTDIR)$(BINDIR)/$$t \
		$(DESTDIR)$(MANDIR)/man1/$$t.1 $(DESTDIR)$(BASHCOMPDIR)/$$t \
		$(DESTDIR)$(ZSHCOMPDIR)/_$$t; done
	rm -f $(DESTDIR)$(MANDIR)/man7/pkt.7

FUZZ_TIME ?= 60
fuzz:
	tests/fuzz/run.sh $(FUZZ_TIME)

bench: all
	bench/run.sh

clean:
	rm -rf build build-asan build-fuzz bin tests/out

help:
	@echo "targets: all units check check-tests asan install uninstall setcap clean lint-man check-headers fuzz bench"
