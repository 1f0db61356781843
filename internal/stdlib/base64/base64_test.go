package base64mod

import (
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// Where spython deliberately differs from CPython (see docs/stdlib.md).
var pyRefDiffers = map[string]string{
	// str is accepted where Python insists on bytes, as UTF-8.
	`base64.b64encode("é")`: "b:77366b3d",
}

// base64 gives what CPython gives, for a table of expressions valid in
// both languages (generated with CPython: pyref_test.go).
func TestBase64MatchesCPython(t *testing.T) {
	coretest.RunPyRef(t, pyRefCases, pyRefDiffers, starlark.StringDict{"base64": Module()}, nil)
}
