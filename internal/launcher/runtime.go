package launcher

import (
	"math"
	"runtime/debug"
)

// gcPercent trades memory for speed: a script's run is short and its live
// heap small, so collecting at 3x the live heap (Go's default is 2x, and a
// 4 MiB floor that becomes 8 MiB) halves the collections of an allocating
// script for little memory. A policy's memory limit still bounds the heap
// (interp sets the runtime's soft limit from it). See docs/performance.md.
const gcPercent = 200

// The settings are made by the binary, not read from GOGC and GOMEMLIMIT:
// the environment never changes how spython behaves.
func init() {
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(math.MaxInt64)
}
