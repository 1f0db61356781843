// updatemaxprocs=0: the runtime would otherwise start a goroutine at
// start-up to re-read the cgroup CPU limit every second, for a process
// that mostly lives a few milliseconds; that cost about 1 ms of every
// start here (docs/performance.md). Compiled in: CleanRuntimeEnv keeps
// GODEBUG from changing it.

//go:debug updatemaxprocs=0

// Command spython runs a Starlark script with sealed audit hooks, logging
// every security-relevant event to SCRIPT.log before it happens.
//
//	spython SCRIPT [ARG ...]
//
// See the README and docs/ for the contract; the work is done by
// internal/launcher.
package main

import (
	"fmt"
	"os"

	"github.com/spython-dev/spython/internal/launcher"
	"github.com/spython-dev/spython/internal/stdstream"
)

func main() {
	if err := launcher.CleanRuntimeEnv(); err != nil {
		fmt.Fprintf(os.Stderr, "spython: refused: cannot drop Go runtime variables from the environment: %v\n", err)
		os.Exit(launcher.ExitRefused)
	}
	os.Exit(launcher.Main(os.Args[1:], stdstream.Stdout, stdstream.Stderr))
}
