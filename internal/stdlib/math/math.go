// Package mathmod is Python's math, as go.starlark.net/lib/math provides
// it: arithmetic in memory, no events (CPython's math raises none). (The
// Go package is mathmod, so as not to shadow Go's math.)
package mathmod

import (
	"go.starlark.net/lib/math"
	"go.starlark.net/starlarkstruct"
)

// Module is the math module: go.starlark.net/lib/math's, unchanged.
func Module() *starlarkstruct.Module { return math.Module }
