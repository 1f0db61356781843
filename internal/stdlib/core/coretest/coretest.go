// Package coretest runs the table tests of the per-module standard library
// packages: cases whose expected values were produced by CPython 3.11 (a
// generator script checked in beside each cases file writes them), run
// here as Starlark with the module predeclared. CPython is not needed at
// test time.
package coretest

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Case is one generated row: setup statements, an expression, and what
// CPython's str() of its value was ("!Kind: message" for an exception).
// MsgOnlyKind rows compare only the exception kind (Starlark's argument
// errors are worded differently from CPython's).
type Case struct {
	Setup    string `json:"setup,omitempty"`
	Expr     string `json:"expr"`
	Want     string `json:"want"`
	KindOnly bool   `json:"kind_only,omitempty"`
}

// FileOptions is the interpreter's dialect (internal/interp.FileOptions;
// not imported, to keep this package below internal/stdlib).
var FileOptions = &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}

// Load reads a generated cases file.
func Load(t *testing.T, path string) []Case {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []Case
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return cases
}

// Run runs every case of the cases file with predeclared names.
func Run(t *testing.T, path string, predeclared starlark.StringDict) {
	t.Helper()
	for i, c := range Load(t, path) {
		got := Eval(predeclared, c.Setup, c.Expr)
		ok := got == c.Want
		if !ok && c.KindOnly && strings.HasPrefix(c.Want, "!") {
			wk, _, _ := strings.Cut(c.Want, ":")
			gk, _, _ := strings.Cut(got, ":")
			ok = wk == gk
		}
		if !ok {
			t.Errorf("case %d: %s\n%s\n got: %q\nwant: %q", i, c.Setup, c.Expr, got, c.Want)
		}
	}
}

// Eval runs setup then evaluates expr and returns PyStr of the value, or
// "!Kind: message" for an error.
func Eval(predeclared starlark.StringDict, setup, expr string) string {
	src := setup + "\n__r__ = (" + expr + "\n)\n"
	thread := &starlark.Thread{Name: "test"}
	g, err := starlark.ExecFileOptions(FileOptions, thread, "case.star", src, predeclared)
	if err != nil {
		if ee, ok := err.(*starlark.EvalError); ok && ee.Unwrap() != nil {
			err = ee.Unwrap()
		}
		kind, msg := pyerr.KindOf(err)
		return "!" + kind + ": " + msg
	}
	return PyStr(g["__r__"])
}

// PyStr is Python's str(v) for the values the cases produce.
func PyStr(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return PyRepr(v)
}

// PyRepr is Python's repr(v) for str, numbers, None, lists, tuples and
// dicts; other values use their String() (the modules' own types print as
// CPython's str/repr would).
func PyRepr(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return pyQuote(string(v))
	case starlark.Bytes:
		return "b" + pyQuote(string(v))
	case starlark.Float:
		return core.FloatRepr(float64(v))
	case *starlark.List:
		return "[" + reprItems(v) + "]"
	case starlark.Tuple:
		if len(v) == 1 {
			return "(" + PyRepr(v[0]) + ",)"
		}
		return "(" + reprItems(v) + ")"
	case *starlark.Dict:
		var parts []string
		for _, kv := range v.Items() {
			parts = append(parts, PyRepr(kv[0])+": "+PyRepr(kv[1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case *starlark.Set:
		var parts []string
		it := v.Iterate()
		defer it.Done()
		var x starlark.Value
		for it.Next(&x) {
			parts = append(parts, PyRepr(x))
		}
		sort.Strings(parts)
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return v.String()
}

func reprItems(it starlark.Iterable) string {
	var parts []string
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		parts = append(parts, PyRepr(x))
	}
	return strings.Join(parts, ", ")
}

// pyQuote quotes s as Python's repr does for printable text.
func pyQuote(s string) string {
	q := "'"
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = `"`
	}
	var b strings.Builder
	b.WriteString(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case string(r) == q:
			b.WriteString(`\` + q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(q)
	return b.String()
}
