// Package bench holds spython's performance measurements: the workloads
// (*.star, *.py, suite/) that `make bench` runs side by side with CPython,
// the end-to-end Go benchmarks of a logged event in this package's tests,
// and the harness in bench/runner that times the processes and writes
// docs/performance.md. Nothing here is imported by spython itself.
package bench
