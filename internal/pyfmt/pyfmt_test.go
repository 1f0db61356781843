package pyfmt

import (
	"encoding/json"
	"os"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/pyerr"
)

// testBuiltins are the functions testdata/gen.py's expressions call, bound
// to this package.
func testBuiltins() starlark.StringDict {
	b := func(name string, fn func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return fn(args, kwargs)
		})
	}
	str := func(f func(starlark.Value) string) func(starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return func(args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(f(args[0])), nil
		}
	}
	return starlark.StringDict{
		"pct": b("pct", func(args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			s, err := Percent(string(args[0].(starlark.String)), args[1])
			return starlark.String(s), err
		}),
		"sfmt": b("sfmt", func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s, err := StrFormat(string(args[0].(starlark.String)), args[1:], kwargs)
			return starlark.String(s), err
		}),
		"format": b("format", func(args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			s, err := Format(args[0], string(args[1].(starlark.String)))
			return starlark.String(s), err
		}),
		"round": b("round", func(args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			var n starlark.Value
			if len(args) > 1 {
				n = args[1]
			}
			return Round(args[0], n)
		}),
		"repr":  b("repr", str(Repr)),
		"str":   b("str", str(Str)),
		"ascii": b("ascii", str(Ascii)),
	}
}

// TestCPythonCases checks every expression of testdata/cases.json (made by
// testdata/gen.py under CPython 3.11) gives CPython's result or error kind.
func TestCPythonCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ Expr, Out, Err string }
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 300 {
		t.Fatalf("only %d cases", len(cases))
	}
	env := testBuiltins()
	opts := &syntax.FileOptions{Set: true}
	fails := 0
	for _, c := range cases {
		thread := &starlark.Thread{}
		v, err := starlark.EvalOptions(opts, thread, "case", c.Expr, env)
		switch {
		case c.Err != "":
			if err == nil {
				t.Errorf("%s = %q, want %s", c.Expr, v, c.Err)
				fails++
			} else if kind, _ := pyerr.KindOf(err); kind != c.Err {
				t.Errorf("%s: error %v, want %s", c.Expr, err, c.Err)
				fails++
			}
		case err != nil:
			t.Errorf("%s: %v, want %q", c.Expr, err, c.Out)
			fails++
		default:
			if got := string(v.(starlark.String)); got != c.Out {
				t.Errorf("%s = %q, want %q", c.Expr, got, c.Out)
				fails++
			}
		}
		if fails > 60 {
			t.Fatal("too many failures")
		}
	}
}
