// Package argparse is Python's argparse module for spython scripts:
// ArgumentParser with CPython 3.11's parsing (optionals and positionals
// interleaved, nargs patterns, abbreviations, subparsers, mutually
// exclusive groups), its help and usage text byte for byte, and its error
// path: usage and "prog: error: message" on stderr, then sys.exit(2).
//
// It is pure: it raises no audit event of its own. It reads sys.argv and
// ends the run through the script's own sys.exit (core.Env.Sys), so that
// --help and a bad argument end the run exactly as sys.exit does, final
// record included.
package argparse

import (
	"os"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyfmt"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// suppress is argparse.SUPPRESS.
const suppress = "==SUPPRESS=="

// nargs values other than a count.
const (
	nargsNone      = -1 // a single value
	nargsOptional  = -2 // '?'
	nargsZeroMore  = -3 // '*'
	nargsOneMore   = -4 // '+'
	nargsRemainder = -5 // '...'
	nargsParser    = -6 // 'A...' (subparsers)
	nargsSuppress  = -7 // '==SUPPRESS=='
)

// Module returns the argparse module.
func Module(env *core.Env) starlark.Value {
	consts := starlark.StringDict{
		"SUPPRESS":     starlark.String(suppress),
		"OPTIONAL":     starlark.String("?"),
		"ZERO_OR_MORE": starlark.String("*"),
		"ONE_OR_MORE":  starlark.String("+"),
		"REMAINDER":    starlark.String("..."),
		"PARSER":       starlark.String("A..."),
	}
	for _, name := range formatterNames {
		consts[name] = &formatterClass{name: name}
	}
	return core.Module("argparse", map[string]core.Func{
		"ArgumentParser": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return newParser(thread, env, args, kwargs)
		},
		"Namespace": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 0 {
				return nil, core.Errorf("TypeError", "Namespace.__init__() takes 1 positional argument but %d were given", len(args)+1)
			}
			ns := newNamespace()
			for _, kv := range kwargs {
				ns.set(string(kv[0].(starlark.String)), kv[1])
			}
			return ns, nil
		},
	}, consts)
}

// formatterNames are the help formatter classes a parser may be given.
var formatterNames = []string{"HelpFormatter", "RawDescriptionHelpFormatter", "RawTextHelpFormatter", "ArgumentDefaultsHelpFormatter", "MetavarTypeHelpFormatter"}

// formatterClass is one of argparse's HelpFormatter classes, passed as
// formatter_class=.
type formatterClass struct{ name string }

func (f *formatterClass) String() string        { return "<class 'argparse." + f.name + "'>" }
func (f *formatterClass) Type() string          { return "type" }
func (f *formatterClass) Freeze()               {}
func (f *formatterClass) Truth() starlark.Bool  { return true }
func (f *formatterClass) Hash() (uint32, error) { return starlark.String(f.name).Hash() }

// argError is argparse.ArgumentError: its str() names the argument.
type argError struct {
	name string // "" when there is no argument name
	msg  string
}

func (e *argError) Error() string {
	if e.name == "" {
		return e.msg
	}
	return "argument " + e.name + ": " + e.msg
}
func (e *argError) Kind() string { return "ArgumentError" }

func newArgError(a *Action, msg string) *argError { return &argError{name: actionName(a), msg: msg} }

// actionName is CPython's _get_action_name.
func actionName(a *Action) string {
	switch {
	case a == nil:
		return ""
	case len(a.opts) > 0:
		return strings.Join(a.opts, "/")
	case a.metavar != starlark.None && !isSuppress(a.metavar):
		return pyfmt.Str(a.metavar)
	case a.dest != suppress:
		return a.dest
	case a.kind == "parsers":
		return "{" + strings.Join(a.parserNames(), ",") + "}"
	case a.choices != starlark.None:
		strs, _ := choiceStrs(a.choices)
		return "{" + strings.Join(strs, ",") + "}"
	}
	return ""
}

func isSuppress(v starlark.Value) bool {
	s, ok := v.(starlark.String)
	return ok && string(s) == suppress
}

// sysModule is the script's sys module (nil when the interpreter gave none).
func sysModule(env *core.Env) starlark.HasAttrs {
	if env == nil || env.Sys == nil {
		return nil
	}
	m, _ := env.Sys().(starlark.HasAttrs)
	return m
}

// sysArgv is sys.argv as it is now (a script may have changed it).
func sysArgv(env *core.Env) ([]string, error) {
	m := sysModule(env)
	if m == nil {
		return nil, nil
	}
	v, err := m.Attr("argv")
	if err != nil || v == nil {
		return nil, err
	}
	return strList("sys.argv", v)
}

// sysExit calls the script's sys.exit(status): the run ends as it does
// for a script's own sys.exit, with its final record.
func sysExit(thread *starlark.Thread, env *core.Env, status int) error {
	m := sysModule(env)
	if m == nil {
		return core.Errorf("SystemExit", "%d", status)
	}
	fn, err := m.Attr("exit")
	if err != nil {
		return err
	}
	if _, err := starlark.Call(thread, fn, starlark.Tuple{starlark.MakeInt(status)}, nil); err != nil {
		return unwrap(err)
	}
	return core.Errorf("SystemExit", "%d", status)
}

// unwrap returns the error a builtin raised inside a starlark.Call, so
// that the script's traceback points at the script's own call.
func unwrap(err error) error {
	if ee, ok := err.(*starlark.EvalError); ok && ee.Unwrap() != nil {
		return ee.Unwrap()
	}
	return err
}

func strList(what string, v starlark.Value) ([]string, error) {
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, core.Errorf("TypeError", "'%s' object is not iterable", core.TypeName(v))
	}
	var out []string
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		s, ok := x.(starlark.String)
		if !ok {
			return nil, core.Errorf("TypeError", "%s: expected str, not %s", what, core.TypeName(x))
		}
		out = append(out, string(s))
	}
	return out, nil
}

// optStr is a str-or-None keyword argument.
type optStr struct {
	set bool
	s   string
}

func (o *optStr) Unpack(v starlark.Value) error {
	switch v := v.(type) {
	case starlark.NoneType:
		*o = optStr{}
	case starlark.String:
		*o = optStr{set: true, s: string(v)}
	default:
		return core.Errorf("TypeError", "expected str or None, got %s", core.TypeName(v))
	}
	return nil
}

func (o optStr) value() starlark.Value {
	if !o.set {
		return starlark.None
	}
	return starlark.String(o.s)
}

// columns is the terminal width CPython's shutil.get_terminal_size()
// reports: $COLUMNS when it is a positive int, else the width of the
// terminal on standard output, else 80.
func columns() int {
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if n := terminalColumns(); n > 0 {
		return n
	}
	return 80
}
