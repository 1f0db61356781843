package pyfmt

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestReprCycles: a container inside itself is written as CPython 3.11
// writes it (expected values from python3), and a structure that reaches
// one container twice per level is not written 2^depth times (found by
// FuzzBuiltins in internal/interp: it hung).
func TestReprCycles(t *testing.T) {
	d := starlark.NewDict(2)
	d.SetKey(starlark.String("self"), d)
	d.SetKey(starlark.String("t"), starlark.Tuple{d, starlark.MakeInt(1)})
	l := starlark.NewList([]starlark.Value{starlark.MakeInt(1)})
	l.Append(l)
	for _, tc := range []struct {
		v    starlark.Value
		want string
	}{
		{d, "{'self': {...}, 't': ({...}, 1)}"},
		{l, "[1, [...]]"},
		{starlark.NewList([]starlark.Value{l, l}), "[[1, [...]], [1, [...]]]"},
	} {
		if got := Repr(tc.v); got != tc.want {
			t.Errorf("Repr = %q, want %q", got, tc.want)
		}
	}
}
