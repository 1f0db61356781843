// Package pyerr gives Go errors the Python exception class names that
// scripts see through try_call as error.kind.
//
// Starlark has no exceptions: a failing builtin returns an error that ends
// the script unless the call was made through try_call, which returns
// (None, error) instead. The kind lets a ported script branch the way a
// Python except clause would.
package pyerr

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// Error is an error with a Python exception class name.
type Error struct {
	Kind string // e.g. "FileNotFoundError"
	Msg  string
	Err  error // underlying cause, if any
}

func (e *Error) Error() string { return e.Kind + ": " + e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// New returns an Error of the given kind.
func New(kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// Kinder is implemented by errors that name their Python class.
type Kinder interface{ Kind() string }

// KindOf returns the Python class name and message for err. Errors with no
// kind of their own are reported as "Error".
func KindOf(err error) (kind, msg string) {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind, e.Msg
	}
	var k interface {
		error
		Kinder
	}
	if errors.As(err, &k) {
		return k.Kind(), k.Error()
	}
	msg = err.Error()
	for _, m := range starlarkKinds {
		if strings.Contains(msg, m.substr) {
			return m.kind, msg
		}
	}
	return "Error", msg
}

// starlarkKinds names the Python class of go.starlark.net's own errors,
// recognised by their (stable) messages.
var starlarkKinds = []struct{ substr, kind string }{
	{"Starlark stack overflow", "RecursionError"},
	{"division by zero", "ZeroDivisionError"},
	{"not in dict", "KeyError"},
	{"not in os._Environ", "KeyError"}, // os.environ (internal/stdlib/environ.go)
	{"out of range", "IndexError"},
	{"has no .", "AttributeError"},
	{"unsupported binary operation", "TypeError"},
	{"unknown binary op", "TypeError"},
	{"invalid call of non-function", "TypeError"},
}

// FromOS maps an error from the os package to the Python class Python
// would raise, keeping the message.
func FromOS(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	kind := "OSError"
	var errno syscall.Errno
	switch {
	case errors.Is(err, syscall.ENOTEMPTY):
		// Go matches ENOTEMPTY to fs.ErrExist; Python says OSError.
		kind = "OSError"
	case errors.Is(err, fs.ErrNotExist):
		kind = "FileNotFoundError"
	case errors.Is(err, fs.ErrExist):
		kind = "FileExistsError"
	case errors.Is(err, fs.ErrPermission):
		kind = "PermissionError"
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		kind = "TimeoutError"
	case errors.As(err, &errno):
		switch errno {
		case syscall.ENOTDIR:
			kind = "NotADirectoryError"
		case syscall.EISDIR:
			kind = "IsADirectoryError"
		case syscall.EPIPE:
			kind = "BrokenPipeError"
		case syscall.ECONNREFUSED:
			kind = "ConnectionRefusedError"
		case syscall.ECONNRESET:
			kind = "ConnectionResetError"
		case syscall.ESRCH:
			kind = "ProcessLookupError"
		}
	}
	return &Error{Kind: kind, Msg: err.Error(), Err: err}
}
