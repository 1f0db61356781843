package socket_test

import (
	"github.com/spython-dev/spython/internal/stdlib"
	"github.com/spython-dev/spython/internal/stdlib/socket"
)

// The tests check the events each call raises against the library's
// catalogue, which lives in internal/stdlib (an importer of this package,
// so only an external test package can reach it).
func init() { socket.Catalog, socket.Pure = stdlib.Events, stdlib.Pure }
