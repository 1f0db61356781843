#!/usr/bin/env bash
# make bench: spython against CPython, side by side, in one run on this
# machine. Prints a table and writes docs/performance.md.
#
# Needs Go and CPython 3 (python3.11 or python3). Nothing else: processes
# are timed by bench/runner (no hyperfine), Go benchmarks by go test.
# BENCH_QUICK=1 does fewer runs (for trying the harness, not for figures).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v go >/dev/null || { echo "bench: Go is required" >&2; exit 1; }
py=$(command -v python3.11 || command -v python3 || true)
[ -n "$py" ] || { echo "bench: python3 is required for the comparison" >&2; exit 1; }
# Resolve launcher shims (pyenv's python3 is a bash script that costs more
# than the interpreter's own start-up) to the real interpreter binary.
py=$("$py" -I -S -c 'import sys; print(sys.executable)')

startup_runs=300 admin_runs=21 suite_runs=7 rounds=5
if [ "${BENCH_QUICK:-}" = 1 ]; then
	startup_runs=30 admin_runs=3 suite_runs=1 rounds=1
fi

echo "bench: building and installing spython (production policy)" >&2
gobench=$(mktemp)
work=$(mktemp -d)
trap 'rm -f "$gobench"; rm -rf "$work"' EXIT
# spython is timed as installed (make install copies it), as CPython is:
# the file the Go linker writes (through mmap) starts about 7% slower
# here than a copy of the same bytes, because of how the kernel holds its
# pages (bench/runner/notes.md).
make --no-print-directory install PREFIX="$work/prefix" >/dev/null
spython="$work/prefix/bin/spython"
# Rounds interleave the benchmarks (rather than -count N back to back) so
# that a burst of load on the machine hits every benchmark alike. The
# output is benchstat-compatible.
for i in $(seq "$rounds"); do
	echo "bench: Go benchmarks, round $i/$rounds" >&2
	go test -run '^$' -bench . -benchmem -count 1 ./internal/hooks ./internal/record ./bench >>"$gobench"
	go test -run '^$' -bench 'RecordWrite|GroupCommit|Verify1MB|Sha256' -benchmem -count 1 \
		./internal/sink ./internal/audit ./internal/integrity ./internal/stdlib/hashlib >>"$gobench"
done

go run ./bench/runner -spython "$spython" -python "$py" -gobench "$gobench" \
	-startup-runs "$startup_runs" -admin-runs "$admin_runs" -suite-runs "$suite_runs" \
	-out docs/performance.md

# Reading and hashing a 100 MB file: spython (open().read() + hashlib)
# against sha256sum, side by side. Appended to docs/performance.md.
head -c 100000000 /dev/urandom >"$work/data.bin"
cp bench/hashfile.star "$work/hashfile.star"
runs=7
[ "${BENCH_QUICK:-}" = 1 ] && runs=2
echo "bench: read and hash 100 MB, $runs runs each" >&2
hash_out=$(go run ./bench/runner -ab -startup-runs "$runs" \
	"$spython $work/hashfile.star $work/data.bin" "sha256sum $work/data.bin")
{
	echo
	echo "## Read and hash a 100 MB file"
	echo
	echo "\`open(path, \"rb\").read()\` then \`hashlib.sha256(data).hexdigest()\` (bench/hashfile.star)"
	echo "against \`sha256sum\`, $runs interleaved runs each; the ratio is spython's time over sha256sum's."
	echo "Target: spython within 2x of sha256sum."
	echo
	echo '```'
	echo "$hash_out"
	echo '```'
} >>docs/performance.md
echo "$hash_out"
