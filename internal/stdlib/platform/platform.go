// Package platform is Python's platform module for spython scripts (node,
// system, release, version, machine, python_version and friends), from
// uname(2). Pure: CPython raises no event for these.
package platform

import (
	"runtime"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// PythonVersion is the CPython version spython's library follows.
const PythonVersion = "3.11.0"

func cstr(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// uname returns (system, node, release, version, machine).
func uname() [5]string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return [5]string{"Linux", "", "", "", runtime.GOARCH}
	}
	return [5]string{cstr(u.Sysname[:]), cstr(u.Nodename[:]), cstr(u.Release[:]), cstr(u.Version[:]), cstr(u.Machine[:])}
}

func str(fn func() string) core.Func {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := core.Unpack(b.Name(), args, kwargs); err != nil {
			return nil, err
		}
		return starlark.String(fn()), nil
	}
}

// Module returns the platform module.
func Module() starlark.Value {
	return core.Module("platform", map[string]core.Func{
		"system":         str(func() string { return uname()[0] }),
		"node":           str(func() string { return uname()[1] }),
		"release":        str(func() string { return uname()[2] }),
		"version":        str(func() string { return uname()[3] }),
		"machine":        str(func() string { return uname()[4] }),
		"processor":      str(func() string { return "" }),
		"python_version": str(func() string { return PythonVersion }),
		"uname": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			u := uname()
			return starlark.Tuple{starlark.String(u[0]), starlark.String(u[1]), starlark.String(u[2]), starlark.String(u[3]), starlark.String(u[4]), starlark.String("")}, nil
		},
		"python_version_tuple": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.Tuple{starlark.String("3"), starlark.String("11"), starlark.String("0")}, nil
		},
	}, nil)
}
