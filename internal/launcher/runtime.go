package launcher

import (
	"math"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"github.com/spython-dev/spython/internal/sigwatch"
)

// gcPercent trades memory for speed: a script's run is short and its live
// heap small, so collecting at 3x the live heap (Go's default is 2x, and a
// 4 MiB floor that becomes 8 MiB) halves the collections of an allocating
// script for little memory. A policy's memory limit bounds the live heap
// (interp's watchdog). See docs/performance.md.
const gcPercent = 200

// The settings are made by the binary, not read from GOGC and GOMEMLIMIT:
// the environment never changes how spython behaves.
func init() {
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(math.MaxInt64)
}

// runtimeEnv are the variables the Go runtime and standard library read
// by themselves: GODEBUG alone can re-enable weak TLS settings or change
// how files and processes are handled. spython must behave the same
// whatever the environment says, so when one is set it runs itself again
// without them (before reading anything) rather than start under them.
var runtimeEnv = []string{"GODEBUG", "GOTRACEBACK", "GOMAXPROCS", "GOGC", "GOMEMLIMIT"}

// CleanRuntimeEnv re-executes the binary without runtimeEnv when any is
// set; cmd/spython calls it first thing. It returns only if nothing was
// set, or with the error if the re-execution failed (then spython must not
// run).
func CleanRuntimeEnv() error {
	env := os.Environ()
	clean := env[:0:0]
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(runtimeEnv, name) {
			clean = append(clean, kv)
		}
	}
	if len(clean) == len(env) {
		return nil
	}
	// A signal caught by this image must not vanish with it.
	sigwatch.PrepareExec()
	return syscall.Exec("/proc/self/exe", os.Args, clean)
}

// growStack grows the calling goroutine's stack to 32 KiB in one step,
// while it is shallow. Otherwise it grows twice more during start-up
// (8→16→32 KiB, in getcwd's buffer and in Starlark's compiler), and each
// growth copies and re-walks every frame on the stack: about 1-2% of a
// hello.star start-up here. The frame is 20 KiB; its zeroing touches five
// pages.
//
//go:noinline
func growStack() byte {
	var frame [20 << 10]byte
	return frame[stackIndex] // a variable index: the frame cannot be optimised away
}

var stackIndex = 100
