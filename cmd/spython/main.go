// Command spython runs a Starlark script with sealed audit hooks, logging
// every security-relevant event to SCRIPT.log before it happens.
//
//	spython SCRIPT [ARG ...]
//
// See the README and docs/ for the contract; the work is done by
// internal/launcher.
package main

import (
	"os"

	"github.com/spython-dev/spython/internal/launcher"
)

func main() {
	os.Exit(launcher.Main(os.Args[1:], os.Stdout, os.Stderr))
}
