package urllib_test

import (
	"github.com/spython-dev/spython/internal/stdlib"
	"github.com/spython-dev/spython/internal/stdlib/urllib"
)

// The tests check the events urlopen raises against the library's
// catalogue, which lives in internal/stdlib (an importer of this package,
// so only an external test package can reach it).
func init() { urllib.Catalog = stdlib.Events }
