package main

import (
	"fmt"
	"os"

	"github.com/spython-dev/spython/internal/record"
)

func init() {
	register("chainkey", command{usage: "chainkey KEYFILE SEEDFILE   create a forward-secure chain key: KEYFILE for the host (log.hmac_key_file), SEEDFILE (the epoch-0 key) for verify, to keep off the host", run: runChainKey})
}

// runChainKey writes a fresh epoch-0 forward-secure key to both files
// (mode 0600, never over an existing file). spython moves KEYFILE on one
// epoch per run; SEEDFILE stays at epoch 0 and verifies every run.
func runChainKey(args []string) int {
	if len(args) != 2 || args[0] == args[1] {
		fmt.Fprintln(os.Stderr, "usage: spython-admin chainkey KEYFILE SEEDFILE")
		return 2
	}
	k, err := record.NewFSSKey()
	if err != nil {
		fmt.Fprintf(os.Stderr, "spython-admin chainkey: %v\n", err)
		return 2
	}
	data := k.Marshal()
	for _, p := range args {
		if err := writeNew(p, string(data), 0o600); err != nil {
			fmt.Fprintf(os.Stderr, "spython-admin chainkey: %v\n", err)
			return 2
		}
	}
	fmt.Printf("wrote %s (host key, epoch 0) and %s (seed: move it off this host; verify --key %s)\n", args[0], args[1], args[1])
	return 0
}
