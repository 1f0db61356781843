// Command spython-tls is spython's TLS helper: spython starts it for each
// https connection with the plaintext socket as descriptors 0 and 1 and
// the connected TCP socket as descriptor 3 (see internal/tlsrelay). It is
// not meant to be run by hand.
package main

import (
	"net"
	"os"

	"github.com/spython-dev/spython/internal/tlsrelay/helper"
)

func main() {
	// Descriptor 4 is the helper's own executable, which spython ran it
	// from; it has no further use here.
	_ = os.NewFile(4, "exe").Close()
	parent, err := net.FileConn(os.NewFile(0, "parent"))
	if err != nil {
		os.Stderr.WriteString("spython-tls: descriptor 0 is not the parent's socket; this helper is started by spython\n")
		os.Exit(2)
	}
	tcp, err := net.FileConn(os.NewFile(3, "tcp"))
	if err != nil {
		_, _ = parent.Write([]byte("error tls descriptor 3 is not a socket\n"))
		os.Exit(2)
	}
	if err := helper.Serve(parent, tcp); err != nil {
		os.Exit(1)
	}
}
