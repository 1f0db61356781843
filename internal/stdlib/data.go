package stdlib

import (
	"go.starlark.net/lib/math"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// dataBuilders adds the builders of base64 and math, which raise no
// events. (urllib, json, re and hashlib are per-package modules:
// modules.go.)
func dataBuilders(env *Env, b map[string]func() starlark.Value) {
	b["base64"] = func() starlark.Value { return base64Module() }
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
// str (core.BytesOrStr).
func dataBytes(fn, param string, v starlark.Value) (string, error) {
	return core.BytesOrStr(fn, param, v)
}

// dataUnpack is starlark.UnpackArgs with its failures reported as TypeError,
// the class Python raises for a bad call.
func dataUnpack(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := starlark.UnpackArgs(fn, args, kwargs, pairs...); err != nil {
		return pyerr.New("TypeError", "%s", err.Error())
	}
	return nil
}
