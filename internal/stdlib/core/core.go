// Package core is the small shared base of the per-module standard library
// packages under internal/stdlib/<module>/: the Env the interpreter passes,
// argument unpacking with Python's error kinds, the audit-then-act step,
// and the Class value that gives a Python class its static methods.
//
// A module package depends only on core (and internal/pyerr); the
// internal/stdlib package registers it and supplies Env.Open, so that a
// module that reads or writes a file goes through the one audited open().
package core

import (
	"context"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
)

// Env is what a module needs from the interpreter.
type Env struct {
	// Audit raises an event to every hook; a non-nil error means the
	// action must not happen and the error must be returned to the script.
	Audit func(thread *starlark.Thread, event string, args starlark.Tuple) error
	// Stdout and Stderr are the script's standard streams.
	Stdout, Stderr io.Writer
	// Context is cancelled when the run must end.
	Context context.Context
	// Open is the script's open(path, mode): it raises the open event and
	// returns the same file object a script gets.
	Open func(thread *starlark.Thread, path, mode string) (starlark.Value, error)
	// WrapFile makes the script's file object on a descriptor a module
	// opened itself, after raising the events CPython raises for it
	// (tempfile's mkstemp, for instance). mode is a Python open() mode.
	WrapFile func(f *os.File, mode string) (starlark.Value, error)
	// OpenOS is open(path, mode) for a module that streams bytes itself
	// (archives): it raises the same open event and returns the *os.File.
	OpenOS func(thread *starlark.Thread, path, mode string) (*os.File, error)
	// Sys returns the script's sys module: argparse reads sys.argv and
	// ends the run through sys.exit, as CPython's does.
	Sys func() starlark.Value
	// ExtractLimit bounds the bytes one archive extraction may write
	// (0: DefaultExtractLimit).
	ExtractLimit int64
}

// DefaultExtractLimit bounds an extraction when the policy names no limit.
const DefaultExtractLimit = 1 << 30

// Raise raises event before an action. With no Audit function the action
// is refused: a module fails closed rather than act unaudited.
func (e *Env) Raise(thread *starlark.Thread, event string, args ...starlark.Value) error {
	if e == nil || e.Audit == nil {
		return pyerr.New("PermissionError", "%s: no audit hook installed", event)
	}
	if args == nil {
		args = starlark.Tuple{}
	}
	return e.Audit(thread, event, starlark.Tuple(args))
}

// OpenFile opens path through the script's audited open().
func (e *Env) OpenFile(thread *starlark.Thread, path, mode string) (starlark.Value, error) {
	if e == nil || e.Open == nil {
		return nil, pyerr.New("PermissionError", "open: no audited open available")
	}
	return e.Open(thread, path, mode)
}

// Ctx is the run's context (Background when none was given).
func (e *Env) Ctx() context.Context {
	if e != nil && e.Context != nil {
		return e.Context
	}
	return context.Background()
}

// StdoutW and StderrW never return nil.
func (e *Env) StdoutW() io.Writer {
	if e != nil && e.Stdout != nil {
		return e.Stdout
	}
	return io.Discard
}

func (e *Env) StderrW() io.Writer {
	if e != nil && e.Stderr != nil {
		return e.Stderr
	}
	return io.Discard
}

// Func is the signature of a builtin.
type Func = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// Module makes a module value; each function is named by its dotted
// Python name so that errors and the catalogue agree on it.
func Module(name string, fns map[string]Func, consts starlark.StringDict) *starlarkstruct.Module {
	m := &starlarkstruct.Module{Name: name, Members: starlark.StringDict{}}
	for k, fn := range fns {
		m.Members[k] = starlark.NewBuiltin(name+"."+k, fn)
	}
	for k, v := range consts {
		m.Members[k] = v
	}
	return m
}

// Unpack is starlark.UnpackArgs with Python's error kind (TypeError).
func Unpack(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := starlark.UnpackArgs(fn, args, kwargs, pairs...); err != nil {
		return pyerr.New("TypeError", "%s", err.Error())
	}
	return nil
}

// Errorf returns a Python error of the given kind.
func Errorf(kind, format string, args ...any) error { return pyerr.New(kind, format, args...) }

// CallMethod calls v.name(*args) the way a Python module calls a method of
// an object it was given (csv.writer calls f.write, for instance).
func CallMethod(thread *starlark.Thread, v starlark.Value, name string, args ...starlark.Value) (starlark.Value, error) {
	ha, ok := v.(starlark.HasAttrs)
	if !ok {
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute '%s'", v.Type(), name)
	}
	m, err := ha.Attr(name)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute '%s'", v.Type(), name)
	}
	return starlark.Call(thread, m, starlark.Tuple(args), nil)
}

// Str is Python's str(v): a str is itself, anything else its String().
func Str(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return v.String()
}

// TypeName is Python's type(v).__name__ for the common Starlark values.
func TypeName(v starlark.Value) string {
	switch v.(type) {
	case starlark.NoneType:
		return "NoneType"
	case starlark.String:
		return "str"
	case starlark.Bool:
		return "bool"
	case starlark.Int:
		return "int"
	case starlark.Float:
		return "float"
	}
	return v.Type()
}

// Quote is Python's repr() of a str (printable text).
func Quote(s string) string {
	q := "'"
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = `"`
	}
	r := strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`, q, `\`+q)
	return q + r.Replace(s) + q
}

// FloatRepr is Python's repr of a float: the shortest round-tripping
// digits, in exponent form below 1e-4 or from 1e16.
func FloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	if a := math.Abs(f); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.FormatFloat(f, 'e', -1, 64) // Go's exponent has at least two digits, as Python's
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// PyStr is Python's str(v) for the values modules format: a float as
// Python's repr, everything else as Str.
func PyStr(v starlark.Value) string {
	if f, ok := v.(starlark.Float); ok {
		return FloatRepr(float64(f))
	}
	return Str(v)
}

// Cancelled returns the reason the run must end (a limit, a signal), or
// nil; long loops check it between steps.
func (e *Env) Cancelled() error {
	if ctx := e.Ctx(); ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}
