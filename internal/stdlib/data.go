package stdlib

import (
	"sort"

	"go.starlark.net/lib/math"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
)

// dataBuilders adds the builders of urllib (urllib.request), json,
// base64, hashlib, re and math. Only urllib touches the system, so only it
// raises events.
func dataBuilders(env *Env, b map[string]func() starlark.Value) {
	b["urllib"] = func() starlark.Value {
		return &starlarkstruct.Module{
			Name:    "urllib",
			Members: starlark.StringDict{"request": urllibRequestModule(env), "parse": urllibParseModule()},
		}
	}
	b["json"] = func() starlark.Value { return jsonModule() }
	b["base64"] = func() starlark.Value { return base64Module() }
	b["hashlib"] = func() starlark.Value { return hashlibModule() }
	b["re"] = func() starlark.Value { return reModule() }
	b["math"] = func() starlark.Value { return math.Module }
}

// dataModule makes a module from Go functions, naming each builtin
// "module.function" so errors and tracebacks say where they come from.
func dataModule(name string, fns map[string]dataFunc, consts starlark.StringDict) *starlarkstruct.Module {
	m := &starlarkstruct.Module{Name: name, Members: starlark.StringDict{}}
	for k, fn := range fns {
		m.Members[k] = starlark.NewBuiltin(name+"."+k, fn)
	}
	for k, v := range consts {
		m.Members[k] = v
	}
	return m
}

type dataFunc = func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// dataBytes returns the bytes of a bytes value, or the UTF-8 bytes of a
// str: where Python insists on bytes, spython also accepts str.
func dataBytes(fn, param string, v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.Bytes:
		return string(v), nil
	case starlark.String:
		return string(v), nil
	}
	return "", pyerr.New("TypeError", "%s() argument '%s' must be bytes or str, not %s", fn, param, v.Type())
}

// dataUnpack is starlark.UnpackArgs with its failures reported as TypeError,
// the class Python raises for a bad call.
func dataUnpack(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := starlark.UnpackArgs(fn, args, kwargs, pairs...); err != nil {
		return pyerr.New("TypeError", "%s", err.Error())
	}
	return nil
}

// dataMethod returns the bound method name of recv from a table of
// methods (which find recv with b.Receiver()), or nil: no such attribute.
func dataMethod(recv starlark.Value, name string, fns map[string]dataFunc) starlark.Value {
	fn, ok := fns[name]
	if !ok {
		return nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(recv)
}

// dataMethodNames lists a method table's names, sorted, for dir().
func dataMethodNames(fns map[string]dataFunc, extra ...string) []string {
	names := append([]string(nil), extra...)
	for k := range fns {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
