package pystring

import (
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// TestCPythonCases runs testdata/cases.json, produced by CPython 3.11.
func TestCPythonCases(t *testing.T) {
	coretest.Run(t, "testdata/cases.json", starlark.StringDict{"string": Module()})
}
