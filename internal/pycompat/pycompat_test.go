package pycompat

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/pyfmt"
)

var testOpts = &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}

// run compiles src through both passes and runs it with this package's
// builtins; it returns the globals.
func run(t *testing.T, src string) (starlark.StringDict, error) {
	t.Helper()
	data, marks, err := Prepare("t.star", []byte(src), func(n string) bool { return n == "os" || n == "sys" })
	if err != nil {
		return nil, err
	}
	f, err := testOpts.Parse("t.star", data, 0)
	if err != nil {
		return nil, ExplainParseError(err)
	}
	Rewrite(f, marks)
	env := starlark.StringDict{"os": starlark.String("os-module"), "sys": starlark.String("sys-module")}
	for name, build := range Builtins() {
		env[name] = build()
	}
	prog, err := starlark.FileProgram(f, func(name string) bool { _, ok := env[name]; return ok })
	if err != nil {
		return nil, err
	}
	return prog.Init(&starlark.Thread{}, env)
}

// TestCPythonCases checks testdata/cases.json (made by testdata/gen.py
// under CPython 3.11): str/bytes/int methods, bytes(), str(), **, is.
func TestCPythonCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ Expr, Out, Err, Msg string }
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		g, err := run(t, "r = "+c.Expr+"\n")
		switch {
		case c.Err != "":
			if err == nil {
				t.Errorf("%s = %s, want %s", c.Expr, pyfmt.Repr(g["r"]), c.Err)
			} else if kind, msg := pyerr.KindOf(err); kind != c.Err || c.Msg != "" && msg != c.Msg {
				t.Errorf("%s: error %s: %s, want %s: %s", c.Expr, kind, msg, c.Err, c.Msg)
			}
		case err != nil:
			t.Errorf("%s: %v, want %s", c.Expr, err, c.Out)
		default:
			if got := pyfmt.Repr(g["r"]); got != c.Out {
				t.Errorf("%s = %s, want %s", c.Expr, got, c.Out)
			}
		}
	}
}

// TestSourcePass checks what the source pass supports (with positions
// kept) and what it refuses with a hint.
func TestSourcePass(t *testing.T) {
	ok := []struct{ src, global, want string }{
		{"import os\nr = os\n", "r", "'os-module'"},
		{"import os, sys  # both\nr = sys\n", "r", "'sys-module'"},
		{"x = None\nr = x is None and not (x is not None)\n", "r", "True"},
		{"assert 1 < 2, \"no\"\nr = 1\n", "r", "1"},
		{"assert (1 <\n  2)\nr = 2\n", "r", "2"},
		{"def f(*a, **kw):\n    return len(kw) ** 2\nr = f(1, x=1, y=2)\n", "r", "4"},
		{"FMT = \"%-4s|%5.1f\"\nr = FMT % (\"a\", 2.25)\n", "r", "'a   |  2.2'"},
		{"r = \"#\" * 3 + \"%03d\" % 7\n", "r", "'###007'"},
		{"r = '{:>4}'.format('x') # ** is ok in a comment\n", "r", "'   x'"},
		{"s = \"a ** b is c\"\nr = s\n", "r", "'a ** b is c'"},
		{"load = 1.5\nr = \"%.1f %d\" % (load, 2 ** 3)\n", "r", "'1.5 8'"},
		{"r = \"%d\" % 2 ** 10\n", "r", "'1024'"},
		{"r = \"x\".rjust(2 ** 2)\n", "r", "'   x'"},
	}
	for _, c := range ok {
		g, err := run(t, c.src)
		if err != nil {
			t.Errorf("%q: %v", c.src, err)
			continue
		}
		if got := pyfmt.Repr(g[c.global]); got != c.want {
			t.Errorf("%q: %s = %s, want %s", c.src, c.global, got, c.want)
		}
	}
	bad := []struct{ src, pos, want string }{
		{"import yaml\n", "t.star:1:1", "module yaml is not available"},
		{"from os import path\n", "t.star:1:1", "write os.name"},
		{"import os as o\n", "t.star:1:1", "as ... is not supported"},
		{"x = 1\nclass A:\n    pass\n", "t.star:2:1", "use a dict"},
		{"try:\n    x = 1\nexcept:\n    pass\n", "t.star:1:1", "try_call"},
		{"if True:\n    with open('f') as f:\n        pass\n", "t.star:2:5", "f.close()"},
		{"x = f\"{1}\"\n", "t.star:1:5", "format"},
		{"x = [1]\ndel x[0]\n", "t.star:2:1", "pop"},
		{"def f():\n    global x\n", "t.star:2:5", "global"},
		{"if (n := 3):\n    pass\n", "t.star:1:7", "walrus"},
		{"x = 1 < 2 < 3\n", "t.star:1", "chained comparisons"},
		{"raise ValueError(\"x\")\n", "t.star:1:1", "fail("},
	}
	for _, c := range bad {
		_, err := run(t, c.src)
		if err == nil {
			t.Errorf("%q: no error", c.src)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, c.pos) || !strings.Contains(msg, c.want) || !strings.Contains(msg, "docs/porting.md") {
			t.Errorf("%q: %s; want %s ... %s ... docs/porting.md", c.src, msg, c.pos, c.want)
		}
	}
}

// TestPositions checks that errors in rewritten code point where the
// source says.
func TestPositions(t *testing.T) {
	cases := []struct{ src, want string }{
		{"x = 1\nassert x == 2, \"x is %d\" % x\n", "t.star:2:1: in <toplevel>"},
		{"x = None\ny = x is None and \"%d\" % \"s\"\n", "t.star:2:24: in <toplevel>"},
		{"y = 'ab'.rjust('x')\n", "t.star:2:1"},
		{"y = 2 ** \"a\"\n", "t.star:1:7: in <toplevel>"},
	}
	for _, c := range cases[:2] {
		_, err := run(t, c.src)
		var ev *starlark.EvalError
		if !errors.As(err, &ev) {
			t.Errorf("%q: %v", c.src, err)
			continue
		}
		if bt := ev.Backtrace(); !strings.Contains(bt, c.want) {
			t.Errorf("%q: backtrace %s, want %s", c.src, bt, c.want)
		}
	}
	_, err := run(t, cases[3].src)
	var ev *starlark.EvalError
	if !errors.As(err, &ev) || !strings.Contains(ev.Backtrace(), cases[3].want) {
		t.Errorf("** position: %v", err)
	}
}
