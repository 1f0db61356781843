#!/usr/bin/env bash
# Installs what the tests need on a fresh machine. Idempotent; safe to run
# again. (Go itself comes with the machine.)
set -euo pipefail
command -v go >/dev/null || { echo "setup: Go is required (https://go.dev/dl)"; exit 1; }
go mod download

# rsyslog and its RELP modules for the fleet-path integration test
# (cmd/spython/rsyslog_test.go). The test starts its own instances on
# 127.0.0.1; the system one is not used.
if ! dpkg -s rsyslog rsyslog-relp >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		# Two tries: a passing registry hiccup should not fail the whole run.
		for try in 1 2; do
			if DEBIAN_FRONTEND=noninteractive apt-get update -q &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends rsyslog rsyslog-relp; then
				break
			fi
			[ "$try" = 2 ] && echo "setup: could not install rsyslog and rsyslog-relp; the fleet-path test will skip" >&2
			sleep 5
		done
	else
		echo "setup: rsyslog and rsyslog-relp not installed (needs root and apt-get); the fleet-path test will skip"
	fi
fi

# systemd-journald and journalctl for the real-journald sink test
# (internal/sink/journald_real_test.go): the test starts its own journald in
# a journal namespace; nothing runs as a service.
if [ ! -x /lib/systemd/systemd-journald ] || ! command -v journalctl >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		for try in 1 2; do
			if DEBIAN_FRONTEND=noninteractive apt-get update -q &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends systemd; then
				break
			fi
			[ "$try" = 2 ] && echo "setup: could not install systemd; the real-journald test will skip" >&2
			sleep 5
		done
	else
		echo "setup: systemd-journald not installed (needs root and apt-get); the real-journald test will skip"
	fi
fi

# CPython 3.11 or later for the differential test (internal/difftest,
# testdata/diff/README.md); tzdata for its local-time comparisons.
if ! python3 -I -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || [ ! -d /usr/share/zoneinfo ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		for try in 1 2; do
			if DEBIAN_FRONTEND=noninteractive apt-get update -q &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3 tzdata; then
				break
			fi
			[ "$try" = 2 ] && echo "setup: could not install python3; the differential test will skip" >&2
			sleep 5
		done
	else
		echo "setup: python3 >= 3.11 not installed (needs root and apt-get); the differential test will skip"
	fi
fi
