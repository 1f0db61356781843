package stdlib

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// systemBuilders adds the builders of open, os (with os.path), shutil and
// subprocess, and returns the sysLib they share (time's and socket's
// events go through it too: see moduleBuilders).
func systemBuilders(env *Env, b map[string]func() starlark.Value) *sysLib {
	l := &sysLib{env: env}
	b["open"] = func() starlark.Value { return l.builtin("open", l.open) }
	b["os"] = func() starlark.Value { return l.osModule() }
	b["shutil"] = func() starlark.Value { return l.shutilModule() }
	b["subprocess"] = func() starlark.Value { return l.subprocessModule() }
	return l
}

// sysLib carries the Env to the system core's builtins (open, os,
// os.path, shutil, subprocess). Helpers are its methods, so that the
// modules share one audit state.
type sysLib struct {
	env *Env
	// thread is the thread of the last audited call, for the one event
	// Starlark raises without a thread (os.environ[k] = v, see environ.go).
	thread *starlark.Thread
}

type builtinFunc = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// builtin names the function by its dotted Python name, so that errors and
// the catalog agree on it.
func (l *sysLib) builtin(name string, fn builtinFunc) *starlark.Builtin {
	return starlark.NewBuiltin(name, fn)
}

// audit raises event before an action. With no Audit function the action
// is refused: the library fails closed rather than act unaudited.
func (l *sysLib) audit(thread *starlark.Thread, event string, args ...starlark.Value) error {
	if l.env.Audit == nil {
		return pyerr.New("PermissionError", "%s: no audit hook installed", event)
	}
	if args == nil {
		args = starlark.Tuple{}
	}
	if thread != nil {
		l.thread = thread
	}
	return l.env.Audit(thread, event, starlark.Tuple(args))
}

func (l *sysLib) ctx() context.Context {
	if l.env.Context != nil {
		return l.env.Context
	}
	return context.Background()
}

// ctxErr is the error a cancelled run's blocking call returns: the cause
// the launcher gave (a fatal limit or signal error) when there is one.
func (l *sysLib) ctxErr() error { return context.Cause(l.ctx()) }

func (l *sysLib) stdout() io.Writer {
	if l.env.Stdout != nil {
		return l.env.Stdout
	}
	return io.Discard
}

func (l *sysLib) stderr() io.Writer {
	if l.env.Stderr != nil {
		return l.env.Stderr
	}
	return io.Discard
}

// childStream gives a child process the descriptor itself when w is one of
// the process's standard streams (a stdstream.Writer), so that the child
// writes to it directly, as under Python; os/exec copies any other writer
// through a pipe.
func childStream(w io.Writer) io.Writer {
	if f, ok := w.(interface{ File() *os.File }); ok {
		return f.File()
	}
	return w
}

// unpack is starlark.UnpackArgs with the error as a Python TypeError.
func (l *sysLib) unpack(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := starlark.UnpackArgs(fn, args, kwargs, pairs...); err != nil {
		return pyerr.New("TypeError", "%s", err.Error())
	}
	return nil
}

// noDirFD rejects a dir_fd argument: spython has no file descriptors.
func (l *sysLib) noDirFD(fn string, vals ...starlark.Value) error {
	for _, v := range vals {
		if v != nil && v != starlark.None {
			return pyerr.New("NotImplementedError", "%s: dir_fd is not supported", fn)
		}
	}
	return nil
}

// strArg is a str, or bytes taken as UTF-8 (where Python takes bytes too).
type strArg struct {
	s   string
	set bool
}

func (a *strArg) Unpack(v starlark.Value) error {
	switch v := v.(type) {
	case starlark.String:
		a.s, a.set = string(v), true
	case starlark.Bytes:
		a.s, a.set = string(v), true
	default:
		return fmt.Errorf("got %s, want str or bytes", v.Type())
	}
	return nil
}

// value is the argument as a str, the form events carry, so that the
// launcher's path checks see every path whatever type it was given as.
func (a *strArg) value() starlark.Value { return starlark.String(a.s) }

// optStrArg is like strArg but also accepts None.
type optStrArg struct{ strArg }

func (a *optStrArg) Unpack(v starlark.Value) error {
	if v == starlark.None {
		return nil
	}
	return a.strArg.Unpack(v)
}

func (a *optStrArg) value() starlark.Value {
	if !a.set {
		return starlark.None
	}
	return starlark.String(a.s)
}

// checkPath refuses what the kernel would misread: NUL ends a C string.
func checkPath(_ string, paths ...string) error {
	for _, p := range paths {
		if strings.IndexByte(p, 0) >= 0 {
			return pyerr.New("ValueError", "embedded null byte") // CPython's words
		}
	}
	return nil
}

// osError gives an os error its Python class and a Python-shaped message
// (core.OSError, which the module packages use too).
func osError(err error) error { return core.OSError(err) }

// pyQuote is Python's repr of a plain str, as these modules' messages
// have always shown it (core.PlainQuote).
func pyQuote(s string) string { return core.PlainQuote(s) }

func pathErr(op, path string, err error) error {
	return osError(&fs.PathError{Op: op, Path: path, Err: err})
}
