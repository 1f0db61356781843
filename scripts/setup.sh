#!/usr/bin/env bash
# Installs what the tests need on a fresh machine. Idempotent; safe to run
# again. (Go itself comes with the machine.)
set -euo pipefail
command -v go >/dev/null || { echo "setup: Go is required (https://go.dev/dl)"; exit 1; }
go mod download
