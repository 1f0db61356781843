package core

import (
	"sort"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// BytesOrStr returns the bytes of a bytes value, or the UTF-8 bytes of a
// str: where Python insists on bytes, spython also accepts str. fn and
// param name the call and the argument in the TypeError for anything else.
func BytesOrStr(fn, param string, v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.Bytes:
		return string(v), nil
	case starlark.String:
		return string(v), nil
	}
	return "", pyerr.New("TypeError", "%s() argument '%s' must be bytes or str, not %s", fn, param, v.Type())
}

// Method returns the method name of recv, bound, from a table of methods
// (which find recv with b.Receiver()), or nil: no such attribute.
func Method(recv starlark.Value, name string, fns map[string]Func) starlark.Value {
	fn, ok := fns[name]
	if !ok {
		return nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(recv)
}

// MethodNames lists a method table's names and extra (attributes that are
// not methods), sorted, for dir().
func MethodNames(fns map[string]Func, extra ...string) []string {
	names := append([]string(nil), extra...)
	for k := range fns {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
