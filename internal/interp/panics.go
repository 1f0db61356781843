package interp

import (
	"fmt"
	"runtime/debug"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// PanicError is a Go panic inside a builtin (a bug in spython or a
// library), turned into an error: the script sees a catchable SystemError,
// and uncaught it ends the run like any other error, with a traceback, the
// final record and exit 1, never with the Go runtime's goroutine dump.
type PanicError struct {
	Builtin string // the builtin that panicked, "" when not known
	Value   any    // what was passed to panic
	Stack   []byte // the Go stack at the panic, for the traceback's tail
}

func (e *PanicError) Error() string {
	if e.Builtin == "" {
		return fmt.Sprintf("internal error: %v", e.Value)
	}
	return fmt.Sprintf("internal error in %s(): %v", e.Builtin, e.Value)
}
func (e *PanicError) Kind() string { return "SystemError" }

// recoverPanic, deferred, turns a panic into a *PanicError in *err.
func recoverPanic(name string, err *error) {
	if p := recover(); p != nil {
		*err = &PanicError{Builtin: name, Value: p, Stack: debug.Stack()}
	}
}

// SafeCall calls b and turns a Go panic inside it into a *PanicError.
func SafeCall(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (v starlark.Value, err error) {
	defer recoverPanic(b.Name(), &err)
	return b.CallInternal(thread, args, kwargs)
}

// recoverBuiltins wraps every builtin in v (v itself, or the members of a
// module, recursively) so that a Go panic inside it is a *PanicError
// returned to the script. Methods of the values builtins return, and
// go.starlark.net's own builtins, are covered by the recovers in try_call
// and around the whole run (Run), which catch the same panics one frame
// further out.
func recoverBuiltins(v starlark.Value, depth int) starlark.Value {
	switch v := v.(type) {
	case *starlark.Builtin:
		if v.Receiver() != nil {
			return v
		}
		fn := v
		return starlark.NewBuiltin(fn.Name(), func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return SafeCall(thread, fn, args, kwargs) // no extra frame in tracebacks
		})
	case *starlarkstruct.Module:
		if depth > 2 {
			return v
		}
		m := &starlarkstruct.Module{Name: v.Name, Members: make(starlark.StringDict, len(v.Members))}
		for k, x := range v.Members {
			m.Members[k] = recoverBuiltins(x, depth+1)
		}
		return m
	}
	return v
}
