# spython build and test entry points. See README.md.
GO          ?= go
PREFIX      ?= /usr/local
POLICY      ?=
VERSION     ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
PKG         := github.com/spython-dev/spython
BASE_LDFLAGS := -s -w -X $(PKG)/internal/launcher.Version=$(VERSION) -X main.Version=$(VERSION)
LDFLAGS      = $(BASE_LDFLAGS)
SITE_POLICY := internal/policy/compiledin_site.go

.PHONY: all build test check fuzz unit e2e difftest bench install install-dev example clean deb pkgtest

all: build

# Builds are static (CGO_ENABLED=0): no dynamic loader to LD_PRELOAD, and
# Landlock can restrict every thread (see docs/threat-model.md).
# bin/spython carries the production policy (or POLICY=file, a site policy);
# bin/spython-dev the developer policy. Only the embedded policy differs.
# Static (no cgo): no dynamic loader, so LD_PRELOAD and friends cannot
# change the binary, and start-up skips ld.so (docs/performance.md).
build: export CGO_ENABLED := 0
build:
ifeq ($(POLICY),)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/spython ./cmd/spython
else
	$(GO) build -o bin/policygen ./internal/policy/gen
	bin/policygen -tag spython_site -o $(SITE_POLICY) '$(abspath $(POLICY))'
	CGO_ENABLED=0 $(GO) build -trimpath -tags spython_site -ldflags "$(LDFLAGS)" -o bin/spython ./cmd/spython
	bin/spython --version
endif
	CGO_ENABLED=0 $(GO) build -trimpath -tags spython_dev -ldflags "$(LDFLAGS)" -o bin/spython-dev ./cmd/spython
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(BASE_LDFLAGS)" -o bin/spython-admin ./cmd/spython-admin

# The README's test command: formatting, vet, staticcheck, then every test
# (unit tests with the race detector, end-to-end testscripts against both
# binaries). The e2e package alone takes minutes on two cores, past go
# test's default 10-minute timeout when the machine is busy. bin/testreport
# prints what plain go test would, then every skipped test with its reason
# (integration tests that need rsyslog, journald, root, ...), and fails if
# a test or a build failed. The package test runs last, alone (pkgtest).
test: check
	$(GO) build -o bin/testreport ./scripts/testreport
	$(GO) test -race -count=1 -timeout 40m -json ./... 2>&1 | bin/testreport
	$(GO) test -count=1 -run 'DoesNotAllocate' ./internal/record
	@$(PYTHON3_OK) || echo "difftest: SKIPPED: python3 >= 3.11 is not on PATH, the differential test against CPython did not run"
	$(MAKE) fuzz
	$(MAKE) pkgtest

# The differential test against CPython (testdata/diff/README.md): also part
# of `make test`; skipped, visibly, without python3 >= 3.11.
PYTHON3_OK := python3 -I -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
difftest:
	@if $(PYTHON3_OK); then $(GO) test -count=1 -v -run TestDifferential ./internal/difftest; \
	  else echo "difftest: SKIPPED: python3 >= 3.11 is not on PATH"; fi

# A bounded run of the fuzz target over every predeclared callable (the seed
# corpus alone already ran above, as an ordinary test). New failing inputs
# land in internal/interp/testdata/fuzz/FuzzBuiltins: commit them.
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzBuiltins$$' -fuzztime=$(FUZZTIME) ./internal/interp

check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needs to run on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags spython_dev ./...
	$(STATICCHECK) ./...

# The README's example: run the bundled example script and show its log.
example: build
	rm -f testdata/example/inventory.star.log
	bin/spython testdata/example/inventory.star
	@echo "--- testdata/example/inventory.star.log"
	@cat testdata/example/inventory.star.log

bench:
	./scripts/bench.sh

# spython-dev (script hooks and dynamic code allowed) is not installed beside
# the production binary unless asked for: make install-dev.
install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 bin/spython bin/spython-admin $(DESTDIR)$(PREFIX)/bin/

install-dev: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 bin/spython-dev $(DESTDIR)$(PREFIX)/bin/

# Debian packages spython and spython-dev (deploy/debian, scripts/deb.sh).
DEBDIR ?= dist
deb: build
	scripts/deb.sh '$(VERSION)' '$(DEBDIR)'

# The package test: installs the packages into this machine (dpkg -i), runs
# a script as root and as uid 65534, verifies the logs, purges. It creates
# /etc/spython/policy.json, which every spython honours, so it runs after
# go test, never beside it; only as root with dpkg, else a visible skip.
pkgtest:
	@if [ "$$(id -u)" = 0 ] && command -v dpkg-deb >/dev/null && command -v setpriv >/dev/null && command -v systemd-escape >/dev/null; then \
	  $(MAKE) deb DEBDIR=$(CURDIR)/bin/debtest && scripts/debtest.sh $(CURDIR)/bin/debtest '$(VERSION)'; \
	  else echo "pkgtest: SKIPPED: the package test needs root, dpkg-deb, setpriv and systemd-escape"; fi

clean:
	rm -rf bin $(SITE_POLICY)
