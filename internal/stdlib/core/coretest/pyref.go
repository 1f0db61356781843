package coretest

import (
	"encoding/hex"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// RunPyRef runs a table generated with CPython (a module's
// pyref_test.go). Each row is {expr, want}: an expression valid in both
// Python and Starlark, and what CPython gave: ok:<json.dumps of the
// result>, b:<hex of bytes>, MATCH for a match object, or
// err:<class>[:<message>]. It evaluates each expression with predeclared
// and compares the result with CPython's, or with differs[expr] where
// spython deliberately differs (docs/stdlib.md); messages are compared
// where the generator kept them. dumps is json.dumps, which renders the
// ok: results; it may be nil for a table whose results are all bytes or
// errors.
func RunPyRef(t *testing.T, cases [][2]string, differs map[string]string, predeclared starlark.StringDict, dumps starlark.Value) {
	t.Helper()
	for _, c := range cases {
		expr := c[0]
		t.Run(expr, func(t *testing.T) {
			want := c[1]
			if w, ok := differs[expr]; ok {
				want = w
			}
			withMsg := strings.Count(want, ":") >= 2 && strings.HasPrefix(want, "err:")
			thread := &starlark.Thread{Name: "test"}
			g, err := starlark.ExecFileOptions(FileOptions, thread, "t.star", "result = "+expr+"\n", predeclared)
			if got := pyRefRender(t, g["result"], err, withMsg, dumps); got != want {
				t.Errorf("%s\n got %s\nwant %s", expr, got, want)
			}
		})
	}
}

// pyRefRender renders a result the way the CPython generator did.
func pyRefRender(t *testing.T, v starlark.Value, err error, withMsg bool, dumps starlark.Value) string {
	t.Helper()
	if err != nil {
		kind, msg := pyerr.KindOf(err)
		if withMsg {
			return "err:" + kind + ":" + msg
		}
		return "err:" + kind
	}
	if v.Type() == "re.Match" {
		return "MATCH"
	}
	if v, ok := v.(starlark.Bytes); ok {
		return "b:" + hex.EncodeToString([]byte(v))
	}
	if dumps == nil {
		t.Fatalf("rendering %s: no json.dumps given", v)
	}
	s, err := starlark.Call(&starlark.Thread{}, dumps, starlark.Tuple{pyRefDebytes(v)}, nil)
	if err != nil {
		t.Fatalf("rendering %s: %v", v, err)
	}
	return "ok:" + string(s.(starlark.String))
}

// pyRefDebytes replaces bytes, in tuples and lists too, by their b:<hex>
// strings, which json.dumps can render.
func pyRefDebytes(v starlark.Value) starlark.Value {
	switch v := v.(type) {
	case starlark.Bytes:
		return starlark.String("b:" + hex.EncodeToString([]byte(v)))
	case starlark.Tuple:
		out := make(starlark.Tuple, len(v))
		for i, x := range v {
			out[i] = pyRefDebytes(x)
		}
		return out
	case *starlark.List:
		out := make([]starlark.Value, v.Len())
		for i := range out {
			out[i] = pyRefDebytes(v.Index(i))
		}
		return starlark.NewList(out)
	}
	return v
}
