package argparse

import (
	"sort"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyfmt"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Action is one argument a parser knows (CPython's Action subclasses,
// told apart by kind: store, store_const, store_true, store_false,
// append, append_const, count, help, version, extend, parsers).
type Action struct {
	kind     string
	opts     []string
	dest     string
	nargs    int
	nargsV   starlark.Value // nargs as given, for the nargs attribute and %(nargs)s
	constV   starlark.Value
	def      starlark.Value
	typ      starlark.Value
	choices  starlark.Value
	required bool
	help     starlark.Value // None or str
	metavar  starlark.Value // None, str or tuple
	version  starlark.Value

	// subparsers
	progPrefix string
	parserKeys []string
	parserMap  map[string]*Parser
	choiceActs []*Action
	env        *core.Env
}

// className is the CPython class behind each action kind, as its errors
// name it.
var className = map[string]string{
	"store": "_StoreAction", "store_const": "_StoreConstAction", "store_true": "_StoreTrueAction",
	"store_false": "_StoreFalseAction", "append": "_AppendAction", "append_const": "_AppendConstAction",
	"count": "_CountAction", "help": "_HelpAction", "version": "_VersionAction", "extend": "_ExtendAction",
	"parsers": "_SubParsersAction",
}

// actionParams are the keyword arguments each action class accepts
// (beyond option_strings).
var actionParams = map[string][]string{
	"store":        {"dest", "nargs", "const", "default", "type", "choices", "required", "help", "metavar"},
	"append":       {"dest", "nargs", "const", "default", "type", "choices", "required", "help", "metavar"},
	"extend":       {"dest", "nargs", "const", "default", "type", "choices", "required", "help", "metavar"},
	"store_const":  {"dest", "const", "default", "required", "help", "metavar"},
	"append_const": {"dest", "const", "default", "required", "help", "metavar"},
	"store_true":   {"dest", "default", "required", "help"},
	"store_false":  {"dest", "default", "required", "help"},
	"count":        {"dest", "default", "required", "help"},
	"help":         {"dest", "default", "help"},
	"version":      {"version", "dest", "default", "help"},
}

// parseNargs turns a nargs value into its code.
func parseNargs(v starlark.Value) (int, error) {
	switch v := v.(type) {
	case starlark.NoneType:
		return nargsNone, nil
	case starlark.String:
		switch v {
		case "?":
			return nargsOptional, nil
		case "*":
			return nargsZeroMore, nil
		case "+":
			return nargsOneMore, nil
		case "...":
			return nargsRemainder, nil
		case "A...":
			return nargsParser, nil
		case suppress:
			return nargsSuppress, nil
		}
	case starlark.Int:
		if n, ok := v.Int64(); ok && n >= 0 && n < 1<<20 {
			return int(n), nil
		}
		if n, ok := v.Int64(); ok && n < 0 {
			return 0, core.Errorf("ValueError", "invalid nargs value")
		}
	}
	return 0, core.Errorf("ValueError", "invalid nargs value")
}

// newAction builds the action add_argument asked for. kw holds the
// keyword arguments (action removed); dest and option strings are set.
func newAction(kind string, opts []string, kw map[string]starlark.Value, kwOrder []string) (*Action, error) {
	params, ok := actionParams[kind]
	if !ok {
		return nil, core.Errorf("ValueError", "unknown action \"%s\"", kind)
	}
	for _, k := range kwOrder {
		found := false
		for _, p := range params {
			if p == k {
				found = true
			}
		}
		if !found {
			return nil, core.Errorf("TypeError", "%s.__init__() got an unexpected keyword argument '%s'", className[kind], k)
		}
	}
	get := func(k string, def starlark.Value) starlark.Value {
		if v, ok := kw[k]; ok {
			return v
		}
		return def
	}
	a := &Action{kind: kind, opts: opts, nargsV: starlark.None, constV: starlark.None, def: starlark.None,
		typ: starlark.None, choices: starlark.None, help: starlark.None, metavar: starlark.None, version: starlark.None}
	if d, ok := kw["dest"].(starlark.String); ok {
		a.dest = string(d)
	}
	a.def = get("default", starlark.None)
	a.required = bool(get("required", starlark.False).Truth())
	a.help = get("help", starlark.None)
	a.metavar = get("metavar", starlark.None)
	switch kind {
	case "store", "append", "extend":
		a.nargsV = get("nargs", starlark.None)
		n, err := parseNargs(a.nargsV)
		if err != nil {
			return nil, err
		}
		a.nargs = n
		a.constV = get("const", starlark.None)
		a.typ = get("type", starlark.None)
		a.choices = get("choices", starlark.None)
		if n == 0 {
			if kind == "store" {
				return nil, core.Errorf("ValueError", "nargs for store actions must be != 0; if you have nothing to store, actions such as store true or store const may be more appropriate")
			}
			return nil, core.Errorf("ValueError", "nargs for append actions must be != 0; if arg strings are not supplying the value to append, the append const action may be more appropriate")
		}
		if a.constV != starlark.None && n != nargsOptional {
			return nil, core.Errorf("ValueError", "nargs must be '?' to supply const")
		}
	case "store_const", "append_const":
		a.nargs, a.nargsV = 0, starlark.MakeInt(0)
		a.constV = get("const", starlark.None)
	case "store_true", "store_false":
		a.nargs, a.nargsV = 0, starlark.MakeInt(0)
		a.constV = starlark.Bool(kind == "store_true")
		a.def = get("default", starlark.Bool(kind == "store_false"))
	case "count":
		a.nargs, a.nargsV = 0, starlark.MakeInt(0)
	case "help", "version":
		a.nargs, a.nargsV = 0, starlark.MakeInt(0)
		if _, ok := kw["dest"]; !ok {
			a.dest = suppress
		}
		a.def = get("default", starlark.String(suppress))
		if kind == "version" {
			a.version = get("version", starlark.None)
			a.help = get("help", starlark.String("show program's version number and exit"))
		}
	}
	return a, nil
}

// parserNames are a subparsers action's names (aliases included), in the
// order they were added.
func (a *Action) parserNames() []string { return a.parserKeys }

// choiceStrs is [str(c) for c in choices].
func choiceStrs(choices starlark.Value) ([]string, error) {
	it, ok := choices.(starlark.Iterable)
	if !ok {
		return nil, core.Errorf("TypeError", "'%s' object is not iterable", core.TypeName(choices))
	}
	var out []string
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		out = append(out, pyfmt.Str(x))
	}
	return out, nil
}

// choiceReprs is ', '.join(map(repr, choices)).
func choiceReprs(a *Action) string {
	if a.kind == "parsers" {
		var parts []string
		for _, k := range a.parserKeys {
			parts = append(parts, pyfmt.Repr(starlark.String(k)))
		}
		return strings.Join(parts, ", ")
	}
	it, ok := a.choices.(starlark.Iterable)
	if !ok {
		return ""
	}
	var parts []string
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		parts = append(parts, pyfmt.Repr(x))
	}
	return strings.Join(parts, ", ")
}

var _ starlark.HasAttrs = (*Action)(nil)

func (a *Action) String() string {
	return "_" + strings.TrimPrefix(className[a.kind], "_") + "(option_strings=" + pyfmt.Repr(strList2(a.opts)) +
		", dest=" + pyfmt.Repr(starlark.String(a.dest)) + ", nargs=" + pyfmt.Repr(a.nargsV) +
		", const=" + pyfmt.Repr(a.constV) + ", default=" + pyfmt.Repr(a.def) + ", type=" + typeRepr(a.typ) +
		", choices=" + pyfmt.Repr(a.choices) + ", required=" + pyfmt.Repr(starlark.Bool(a.required)) +
		", help=" + pyfmt.Repr(a.help) + ", metavar=" + pyfmt.Repr(a.metavar) + ")"
}

func typeRepr(v starlark.Value) string {
	if b, ok := v.(*starlark.Builtin); ok && b.Receiver() == nil {
		return "<class '" + b.Name() + "'>"
	}
	return pyfmt.Repr(v)
}

func strList2(ss []string) *starlark.List {
	l := make([]starlark.Value, len(ss))
	for i, s := range ss {
		l[i] = starlark.String(s)
	}
	return starlark.NewList(l)
}

func (a *Action) Type() string          { return className[a.kind] }
func (a *Action) Freeze()               {}
func (a *Action) Truth() starlark.Bool  { return true }
func (a *Action) Hash() (uint32, error) { return starlark.String(a.dest).Hash() }

func (a *Action) AttrNames() []string {
	names := []string{"choices", "const", "default", "dest", "help", "metavar", "nargs", "option_strings", "required", "type"}
	if a.kind == "parsers" {
		names = append(names, "add_parser")
	}
	sort.Strings(names)
	return names
}

func (a *Action) Attr(name string) (starlark.Value, error) {
	switch name {
	case "option_strings":
		return strList2(a.opts), nil
	case "dest":
		return starlark.String(a.dest), nil
	case "nargs":
		return a.nargsV, nil
	case "const":
		return a.constV, nil
	case "default":
		return a.def, nil
	case "type":
		return a.typ, nil
	case "choices":
		if a.kind == "parsers" {
			d := starlark.NewDict(len(a.parserKeys))
			for _, k := range a.parserKeys {
				_ = d.SetKey(starlark.String(k), a.parserMap[k])
			}
			return d, nil
		}
		return a.choices, nil
	case "required":
		return starlark.Bool(a.required), nil
	case "help":
		return a.help, nil
	case "metavar":
		return a.metavar, nil
	case "add_parser":
		if a.kind == "parsers" {
			return starlark.NewBuiltin("add_parser", a.addParser), nil
		}
	}
	return nil, core.Errorf("AttributeError", "'%s' object has no attribute '%s'", a.Type(), name)
}

// SetField lets a script adjust an action after add_argument, as CPython
// scripts do (action.required = True, parser.add_argument(...).help = ...).
func (a *Action) SetField(name string, v starlark.Value) error {
	switch name {
	case "default":
		a.def = v
	case "help":
		a.help = v
	case "metavar":
		a.metavar = v
	case "required":
		a.required = bool(v.Truth())
	case "choices":
		a.choices = v
	case "type":
		a.typ = v
	case "const":
		a.constV = v
	case "dest":
		s, ok := v.(starlark.String)
		if !ok {
			return core.Errorf("TypeError", "dest must be a str")
		}
		a.dest = string(s)
	default:
		return core.Errorf("AttributeError", "'%s' object attribute '%s' cannot be set", a.Type(), name)
	}
	return nil
}
