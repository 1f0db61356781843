package argparse

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"reflect"
	"strconv"
	"syscall"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pycompat"
	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/pyfmt"
	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// genCase is one row of testdata/cases.json, written by CPython 3.11
// (testdata/gen.py): the code run, the terminal width, sys.argv, and what
// CPython printed, returned (str, or repr; json for a Namespace), the
// SystemExit code, or the exception ("Kind: message").
type genCase struct {
	Name    string   `json:"name"`
	Code    string   `json:"code"`
	Columns int      `json:"columns"`
	Argv    []string `json:"argv"`
	Result  *string  `json:"result"`
	JSON    *string  `json:"json"`
	Exit    *int     `json:"exit"`
	Error   *string  `json:"error"`
	Stdout  string   `json:"stdout"`
	Stderr  string   `json:"stderr"`
}

// exitError stands for the interpreter's sys.exit error.
type exitError struct{ code int }

func (e *exitError) Error() string { return "sys.exit(" + strconv.Itoa(e.code) + ")" }

// fakeSys is a sys module with argv and an exit that ends the run.
func fakeSys(argv []string) *starlarkstruct.Module {
	list := make([]starlark.Value, len(argv))
	for i, a := range argv {
		list[i] = starlark.String(a)
	}
	return &starlarkstruct.Module{Name: "sys", Members: starlark.StringDict{
		"argv": starlark.NewList(list),
		"exit": starlark.NewBuiltin("sys.exit", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			code := 0
			if len(args) > 0 {
				if err := starlark.AsInt(args[0], &code); err != nil {
					return nil, err
				}
			}
			return nil, &exitError{code}
		}),
	}}
}

type outcome struct {
	result, json *string
	exit         *int
	err          *string
	stdout       string
	stderr       string
}

func runCode(t *testing.T, code string, argv []string) outcome {
	t.Helper()
	var stdout, stderr bytes.Buffer
	sys := fakeSys(argv)
	env := &core.Env{Stdout: &stdout, Stderr: &stderr, Sys: func() starlark.Value { return sys }}
	pre := starlark.StringDict{"argparse": Module(env), "sys": sys, "vars": pycompat.Builtins()["vars"]()}
	thread := &starlark.Thread{Name: "test"}
	g, err := starlark.ExecFileOptions(coretest.FileOptions, thread, "case.star", code, pre)
	var o outcome
	if err != nil {
		var ex *exitError
		if errors.As(err, &ex) {
			o.exit = &ex.code
		} else {
			if ee, ok := err.(*starlark.EvalError); ok && ee.Unwrap() != nil {
				err = ee.Unwrap()
			}
			kind, msg := pyerr.KindOf(err)
			s := kind + ": " + msg
			o.err = &s
		}
	} else {
		r := g["__r__"]
		var s string
		if str, ok := r.(starlark.String); ok {
			s = string(str)
		} else {
			s = pyfmt.Repr(r)
		}
		o.result = &s
		if ns, ok := r.(*Namespace); ok {
			j := nsJSON(t, ns)
			o.json = &j
		}
	}
	o.stdout, o.stderr = stdout.String(), stderr.String()
	return o
}

// nsJSON is json.dumps(vars(ns)) decoded and re-encoded, for comparison.
func nsJSON(t *testing.T, ns *Namespace) string {
	m := map[string]any{}
	for _, k := range ns.keys {
		m[k] = toGo(ns.vals[k])
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func toGo(v starlark.Value) any {
	switch v := v.(type) {
	case starlark.NoneType:
		return nil
	case starlark.Bool:
		return bool(v)
	case starlark.String:
		return string(v)
	case starlark.Int:
		f, _ := new(big.Float).SetInt(v.BigInt()).Float64()
		return f
	case starlark.Float:
		return float64(v)
	case *starlark.List:
		out := []any{}
		for i := 0; i < v.Len(); i++ {
			out = append(out, toGo(v.Index(i)))
		}
		return out
	}
	return v.String()
}

func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func show(p *string) string {
	if p == nil {
		return "<none>"
	}
	return strconv.Quote(*p)
}

func showInt(p *int) string {
	if p == nil {
		return "<none>"
	}
	return strconv.Itoa(*p)
}

// TestCPythonCases runs every case of testdata/cases.json and compares
// the result, the namespace, stdout, stderr and the exit code with what
// CPython 3.11 produced.
func TestCPythonCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []genCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Setenv("COLUMNS", strconv.Itoa(c.Columns))
			o := runCode(t, c.Code, c.Argv)
			if show(o.result) != show(c.Result) {
				t.Errorf("result\n got: %s\nwant: %s", show(o.result), show(c.Result))
			}
			if c.JSON != nil && (o.json == nil || !sameJSON(*o.json, *c.JSON)) {
				t.Errorf("namespace json\n got: %s\nwant: %s", show(o.json), *c.JSON)
			}
			if showInt(o.exit) != showInt(c.Exit) {
				t.Errorf("exit: got %s, want %s", showInt(o.exit), showInt(c.Exit))
			}
			if show(o.err) != show(c.Error) {
				t.Errorf("error\n got: %s\nwant: %s", show(o.err), show(c.Error))
			}
			if o.stdout != c.Stdout {
				t.Errorf("stdout\n got: %q\nwant: %q\n--- got:\n%s--- want:\n%s", o.stdout, c.Stdout, o.stdout, c.Stdout)
			}
			if o.stderr != c.Stderr {
				t.Errorf("stderr\n got: %q\nwant: %q", o.stderr, c.Stderr)
			}
		})
	}
}

type failWriter struct{ err error }

func (w failWriter) Write(p []byte) (int, error) { return 0, w.err }

// A write error of the system (a closed pipe) is ignored, as CPython's
// _print_message ignores OSError; any other (a resource limit) ends the
// call with that error.
func TestPrintErrors(t *testing.T) {
	limit := errors.New("resource limit hit: output_size")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{syscall.EPIPE, "None"},
		{limit, "!Error: resource limit hit: output_size"},
	} {
		env := &core.Env{Stdout: failWriter{tc.err}, Sys: func() starlark.Value { return fakeSys([]string{"x.star"}) }}
		got := coretest.Eval(starlark.StringDict{"argparse": Module(env)}, "p = argparse.ArgumentParser()", "p.print_help()")
		if got != tc.want {
			t.Errorf("write error %v: got %q, want %q", tc.err, got, tc.want)
		}
	}
}

// Without the script's sys module (no interpreter), exiting is still an
// error that stops the script rather than a silent return.
func TestNoSys(t *testing.T) {
	var stderr bytes.Buffer
	env := &core.Env{Stderr: &stderr}
	got := coretest.Eval(starlark.StringDict{"argparse": Module(env)}, "p = argparse.ArgumentParser(prog='p')", "p.parse_args(['--bad'])")
	if got != "!SystemExit: 2" || stderr.String() != "usage: p [-h]\np: error: unrecognized arguments: --bad\n" {
		t.Errorf("got %q, stderr %q", got, stderr.String())
	}
}
