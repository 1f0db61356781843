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
)

func main() {
	if err := launcher.CleanRuntimeEnv(); err != nil {
		fmt.Fprintf(os.Stderr, "spython: refused: cannot drop Go runtime variables from the environment: %v\n", err)
		os.Exit(launcher.ExitRefused)
	}
	os.Exit(launcher.Main(os.Args[1:], os.Stdout, os.Stderr))
}
