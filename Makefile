# sipsec build, install and test entry points. `make help` lists them.

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
CARGO ?= cargo
CC ?= cc
PYTHON ?= python3

VERSION := $(shell sed -n 's/^version = "\([^"]*\)"/\1/p' Cargo.toml | head -n 1)
MAJOR := $(firstword $(subst ., ,$(VERSION)))
RELEASE := target/release
CBUILD := target/c

.PHONY: all build header run registrar install uninstall deps test check test-rust test-c \
	test-python test-sipp test-flood bench fuzz fuzz-smoke help

all: build

help:
	@echo "make run         build everything and start the demo registrar on 127.0.0.1:5060"
	@echo "make check       install test dependencies, then run every test (what CI runs)"
	@echo "make test        run every test (dependencies already installed)"
	@echo "make install PREFIX=/opt/x   install the .so, .a, header and pkg-config file"
	@echo "make bench       run the benchmarks against the peer libraries"
	@echo "make fuzz        fuzz every target (FUZZ_SECONDS each, default 600)"
	@echo "make header      regenerate include/sipsec.h from the sources"

build:
	$(CARGO) build --release
	@ln -sf libsipsec.so $(RELEASE)/libsipsec.so.$(MAJOR)
	@sed -e 's|@PREFIX@|$(CURDIR)/$(RELEASE)|' -e 's|@LIBDIR@|$(CURDIR)/$(RELEASE)|' \
		-e 's|@INCLUDEDIR@|$(CURDIR)/include|' -e 's|@VERSION@|$(VERSION)|' \
		sipsec.pc.in > $(RELEASE)/sipsec.pc

header:
	SIPSEC_UPDATE_HEADER=1 $(CARGO) build --release

registrar: build
	$(MAKE) -C c-tests registrar

run: registrar
	$(CBUILD)/registrar $(ARGS)

install: build
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 0755 $(RELEASE)/libsipsec.so $(DESTDIR)$(LIBDIR)/libsipsec.so.$(VERSION)
	ln -sf libsipsec.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libsipsec.so.$(MAJOR)
	ln -sf libsipsec.so.$(MAJOR) $(DESTDIR)$(LIBDIR)/libsipsec.so
	install -m 0644 $(RELEASE)/libsipsec.a $(DESTDIR)$(LIBDIR)/libsipsec.a
	install -m 0644 include/sipsec.h $(DESTDIR)$(INCLUDEDIR)/sipsec.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		sipsec.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/sipsec.pc

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libsipsec.so* $(DESTDIR)$(LIBDIR)/libsipsec.a \
		$(DESTDIR)$(INCLUDEDIR)/sipsec.h $(DESTDIR)$(LIBDIR)/pkgconfig/sipsec.pc

deps:
	bash scripts/install-deps.sh

test: build test-rust test-c test-python test-sipp test-flood fuzz-smoke

check: deps test

test-rust:
	$(CARGO) test --release

test-c: build
	$(MAKE) -C c-tests test

test-python: build
	bash scripts/test-python.sh

test-sipp: registrar
	bash scripts/test-sipp.sh

test-flood: registrar
	bash scripts/test-flood.sh

fuzz-smoke:
	bash scripts/fuzz.sh smoke

fuzz:
	bash scripts/fuzz.sh long

bench: build
	bash scripts/bench.sh
