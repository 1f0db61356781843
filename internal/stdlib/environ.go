package stdlib

import (
	"os"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// environ is os.environ: a mapping of the environment that, as in
// CPython, raises os.putenv (key, value) and sets the variable for
// children when an item is assigned, and os.unsetenv (key) when one is
// removed (pop, clear). os.putenv/os.unsetenv themselves change the
// process environment but not this mapping, as in CPython.
type environ struct {
	l *sysLib
	d *starlark.Dict
}

var (
	_ starlark.IterableMapping = (*environ)(nil)
	_ starlark.HasSetKey       = (*environ)(nil)
	_ starlark.HasAttrs        = (*environ)(nil)
	_ starlark.Sequence        = (*environ)(nil)
)

func newEnviron(l *sysLib) *environ {
	env := os.Environ()
	d := starlark.NewDict(len(env))
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		_ = d.SetKey(starlark.String(k), starlark.String(v))
	}
	return &environ{l: l, d: d}
}

func (e *environ) String() string       { return "environ(" + e.d.String() + ")" }
func (e *environ) Type() string         { return "os._Environ" }
func (e *environ) Freeze()              {} // it stays mutable through the audited methods only
func (e *environ) Truth() starlark.Bool { return e.d.Len() > 0 }
func (e *environ) Hash() (uint32, error) {
	return 0, pyerr.New("TypeError", "unhashable type: 'os._Environ'")
}
func (e *environ) Len() int { return e.d.Len() }
func (e *environ) Iterate() starlark.Iterator {
	return e.d.Iterate()
}
func (e *environ) Items() []starlark.Tuple { return e.d.Items() }

func (e *environ) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, found, err := e.d.Get(k)
	if err == nil && !found {
		if _, ok := k.(starlark.String); !ok {
			return nil, false, pyerr.New("TypeError", "str expected, not %s", k.Type())
		}
	}
	return v, found, err
}

// SetKey is os.environ[key] = value. Starlark gives no thread here: the
// event is raised with the thread of the library's last call, so the log
// record still has the script's location when there was one.
func (e *environ) SetKey(k, v starlark.Value) error {
	return e.set(e.l.thread, k, v)
}

func (e *environ) set(thread *starlark.Thread, k, v starlark.Value) error {
	key, ok1 := k.(starlark.String)
	val, ok2 := v.(starlark.String)
	if !ok1 || !ok2 {
		bad := k
		if ok1 {
			bad = v
		}
		return pyerr.New("TypeError", "str expected, not %s", bad.Type())
	}
	ks, vs := string(key), string(val)
	if err := checkEnvName("os.environ", ks, &vs); err != nil {
		return err
	}
	if err := e.l.audit(thread, "os.putenv", key, val); err != nil {
		return err
	}
	if err := os.Setenv(ks, vs); err != nil {
		return osError(err)
	}
	return e.d.SetKey(key, val)
}

func (e *environ) unset(thread *starlark.Thread, key starlark.String) error {
	if err := checkEnvName("os.environ", string(key), nil); err != nil {
		return err
	}
	if err := e.l.audit(thread, "os.unsetenv", key); err != nil {
		return err
	}
	if err := unsetenv(string(key)); err != nil {
		return err
	}
	_, _, err := e.d.Delete(key)
	return err
}

var environAttrs = []string{"clear", "copy", "get", "items", "keys", "pop", "setdefault", "update", "values"}

func (e *environ) AttrNames() []string { return environAttrs }

func (e *environ) Attr(name string) (starlark.Value, error) {
	var fn builtinFunc
	switch name {
	case "get", "items", "keys", "values":
		m, err := e.d.Attr(name)
		if err != nil || m == nil {
			return m, err
		}
		return m, nil
	case "copy":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			d := starlark.NewDict(e.d.Len())
			for _, kv := range e.d.Items() {
				_ = d.SetKey(kv[0], kv[1])
			}
			return d, nil
		}
	case "pop":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var k, def starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &k, &def); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			v, found, err := e.Get(k)
			if err != nil {
				return nil, err
			}
			if !found {
				if def != nil {
					return def, nil
				}
				return nil, pyerr.New("KeyError", "%s", k.String())
			}
			if err := e.unset(thread, k.(starlark.String)); err != nil {
				return nil, err
			}
			return v, nil
		}
	case "setdefault":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var k starlark.Value
			var def starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &k, &def); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			v, found, err := e.Get(k)
			if err != nil || found {
				return v, err
			}
			if err := e.set(thread, k, def); err != nil {
				return nil, err
			}
			return def, nil
		}
	case "update":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 1 {
				return nil, pyerr.New("TypeError", "update expected at most 1 argument, got %d", len(args))
			}
			var pairs []starlark.Tuple
			if len(args) == 1 {
				switch a := args[0].(type) {
				case starlark.IterableMapping:
					pairs = a.Items()
				default:
					return nil, pyerr.New("TypeError", "update: argument must be a mapping, not %s", a.Type())
				}
			}
			pairs = append(pairs, kwargs...)
			for _, kv := range pairs {
				if err := e.set(thread, kv[0], kv[1]); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		}
	case "clear":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			for _, kv := range e.d.Items() { // insertion order, as CPython's popitem
				if err := e.unset(thread, kv[0].(starlark.String)); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(e), nil
}
