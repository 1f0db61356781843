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
	"regexp"
	"strconv"
	"strings"
	"sync"
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
	for _, m := range starlarkKinds() {
		if sub := m.re.FindStringSubmatch(msg); sub != nil {
			if m.msg != nil {
				msg = m.msg(sub)
			}
			return m.kind, msg
		}
	}
	return "Error", msg
}

// pyType is the Python name of a Starlark type name.
func pyType(t string) string {
	switch t {
	case "string":
		return "str"
	case "builtin_function_or_method", "function":
		return t
	}
	return t
}

// pyRepr turns a Starlark-quoted string repr into Python's quoting.
func pyRepr(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' && !strings.Contains(s, "'") && !strings.Contains(s, `\`) {
		return "'" + s[1:len(s)-1] + "'"
	}
	return s
}

type starlarkKind struct {
	re   *regexp.Regexp
	kind string
	msg  func(sub []string) string // nil: keep Starlark's message
}

func k(pattern, kind string, msg func(sub []string) string) starlarkKind {
	return starlarkKind{regexp.MustCompile(pattern), kind, msg}
}

func fixed(s string) func([]string) string { return func([]string) string { return s } }

// starlarkKinds names the Python class of go.starlark.net's own errors,
// recognised by their (stable) messages, and words the message as CPython
// does where that is practical. The first match wins. The table is built on
// first use: compiling its expressions at package initialisation cost every
// run about 2 ms of start-up, and most runs never see an error.
var starlarkKinds = sync.OnceValue(func() []starlarkKind {
	return []starlarkKind{
		k(`Starlark stack overflow`, "RecursionError", fixed("maximum recursion depth exceeded")),
		k(`^int: invalid literal with base (\d+): (.*)$`, "ValueError", func(s []string) string {
			return "invalid literal for int() with base " + s[1] + ": " + pyRepr(strconv.Quote(s[2]))
		}),
		k(`^int: base must be`, "ValueError", fixed("int() base must be >= 2 and <= 36, or 0")),
		k(`^invalid float literal: (.*)$`, "ValueError", func(s []string) string {
			return "could not convert string to float: " + pyRepr(strconv.Quote(s[1]))
		}),
		k(`floored division by zero`, "ZeroDivisionError", fixed("integer division or modulo by zero")),
		k(`floating-point division by zero`, "ZeroDivisionError", fixed("division by zero")),
		k(`integer modulo by zero`, "ZeroDivisionError", fixed("integer modulo by zero")),
		k(`floating-point modulo by zero`, "ZeroDivisionError", fixed("float modulo")),
		k(`division by zero|modulo by zero`, "ZeroDivisionError", nil),
		k(`^key (.*) not in dict$`, "KeyError", func(s []string) string { return pyRepr(s[1]) }),
		k(`not in dict`, "KeyError", nil),
		k(`^key (.*) not in os._Environ$`, "KeyError", func(s []string) string { return pyRepr(s[1]) }), // os.environ (internal/stdlib/environ.go)
		k(`^pop: missing key`, "KeyError", nil),
		k(`^chr: .*out of range`, "ValueError", fixed("chr() arg not in range(0x110000)")),
		k(`^(\w+) index -?\d+ out of range`, "IndexError", func(s []string) string { return s[1] + " index out of range" }),
		k(`^pop: .*out of range: empty list`, "IndexError", fixed("pop from empty list")),
		k(`out of range`, "IndexError", nil),
		k(`^(?:getattr: )?(\w+) has no \.(\w+) field or method`, "AttributeError", func(s []string) string {
			return "'" + pyType(s[1]) + "' object has no attribute '" + s[2] + "'"
		}),
		k(`has no \.`, "AttributeError", nil),
		k(`^unknown binary op: (\w+) (\S+) (\w+)$`, "TypeError", func(s []string) string {
			if s[1] == "string" && s[2] == "+" {
				return `can only concatenate str (not "` + pyType(s[3]) + `") to str`
			}
			if s[2] == "*" && (s[1] == "list" || s[1] == "tuple" || s[1] == "string") {
				return "can't multiply sequence by non-int of type '" + pyType(s[3]) + "'"
			}
			return "unsupported operand type(s) for " + s[2] + ": '" + pyType(s[1]) + "' and '" + pyType(s[3]) + "'"
		}),
		k(`^unknown unary op: (\S+) (\w+)$`, "TypeError", func(s []string) string {
			return "bad operand type for unary " + s[1] + ": '" + pyType(s[2]) + "'"
		}),
		k(`^(\w+) (<|>|<=|>=) (\w+) not implemented$`, "TypeError", func(s []string) string {
			return "'" + s[2] + "' not supported between instances of '" + pyType(s[1]) + "' and '" + pyType(s[3]) + "'"
		}),
		k(`unsupported binary operation|unknown binary op|unknown unary op`, "TypeError", nil),
		k(`^invalid call of non-function \((\w+)\)$`, "TypeError", func(s []string) string { return "'" + pyType(s[1]) + "' object is not callable" }),
		k(`invalid call of non-function`, "TypeError", nil),
		k(`^len: value of type (\w+) has no len$`, "TypeError", func(s []string) string { return "object of type '" + pyType(s[1]) + "' has no len()" }),
		k(`^unhashable type: (\w+)$`, "TypeError", func(s []string) string { return "unhashable type: '" + pyType(s[1]) + "'" }),
		k(`^(\w+) value is not iterable$`, "TypeError", func(s []string) string { return "'" + pyType(s[1]) + "' object is not iterable" }),
		k(`is not iterable`, "TypeError", nil),
		k(`^unhandled index operation (\w+)\[`, "TypeError", func(s []string) string { return "'" + pyType(s[1]) + "' object is not subscriptable" }),
		k(`^too many values to unpack \(got (\d+), want (\d+)\)$`, "ValueError", func(s []string) string {
			return "too many values to unpack (expected " + s[2] + ")"
		}),
		k(`^too few values to unpack \(got (\d+), want (\d+)\)$`, "ValueError", func(s []string) string {
			return "not enough values to unpack (expected " + s[2] + ", got " + s[1] + ")"
		}),
		k(`^remove: element not found$`, "ValueError", fixed("list.remove(x): x not in list")),
		k(`^index: value not in list$`, "ValueError", fixed("x is not in list")),
		k(`substring not found`, "ValueError", fixed("substring not found")),
		k(`range: step argument must not be zero`, "ValueError", fixed("range() arg 3 must not be zero")),
		k(`cannot convert float NaN to integer`, "ValueError", fixed("cannot convert float NaN to integer")),
		k(`cannot convert float infinity to integer`, "OverflowError", fixed("cannot convert float infinity to integer")),
		k(`int too large to convert to float|shift count too large|too large`, "OverflowError", nil),
		k(`got \d+ arguments?, want|missing \d+ arguments?|unexpected keyword argument|got multiple values for|for parameter \d*|takes no keyword arguments|takes exactly|accepts no arguments|, want \w+$|encodes \d+ Unicode code points`, "TypeError", nil),
		k(`cannot (append to|insert into|clear|remove from|pop from|assign to element of|set key in|delete from) frozen|frozen`, "TypeError", nil),
		k(`invalid literal|invalid syntax|not a valid`, "ValueError", nil),
	}
})

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

// osErrorKinds are OSError and the subclasses of it spython raises
// (Python's exception hierarchy): their values carry errno, strerror,
// filename and filename2, as an OSError does.
var osErrorKinds = map[string]bool{
	"OSError": true, "IOError": true, "EnvironmentError": true,
	"FileNotFoundError": true, "FileExistsError": true, "PermissionError": true,
	"IsADirectoryError": true, "NotADirectoryError": true, "BrokenPipeError": true,
	"ConnectionError": true, "ConnectionRefusedError": true, "ConnectionResetError": true,
	"ConnectionAbortedError": true, "ProcessLookupError": true, "ChildProcessError": true,
	"TimeoutError": true, "InterruptedError": true, "BlockingIOError": true,
	"gaierror": true, "herror": true, "timeout": true, // socket
	"URLError": true, "HTTPError": true, // urllib.error
	"SameFileError": true, // shutil
}

// IsOSError reports whether kind is OSError or one of its subclasses.
func IsOSError(kind string) bool { return osErrorKinds[kind] }

// OSFields are an OSError's errno, strerror, filename and filename2; a
// field that is not set is nil (Python's None).
type OSFields struct {
	Errno               *int
	Strerror            *string
	Filename, Filename2 *string
}

var errnoPrefix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\[Errno (-?\d+)\] `) })

// OSErrorFields finds the OSError fields of err, whose message is msg:
// filename and filename2 from the path error under it, errno and strerror
// from the "[Errno N] strerror" the message starts with, as CPython's
// str() of an OSError renders them.
func OSErrorFields(err error, msg string) OSFields {
	var f OSFields
	var link *os.LinkError
	var path *fs.PathError
	switch {
	case errors.As(err, &link):
		f.Filename, f.Filename2 = &link.Old, &link.New
	case errors.As(err, &path):
		f.Filename = &path.Path
	}
	m := errnoPrefix().FindStringSubmatch(msg)
	if m == nil {
		return f
	}
	n, convErr := strconv.Atoi(m[1])
	if convErr != nil {
		return f
	}
	f.Errno = &n
	text := msg[len(m[0]):]
	if f.Filename != nil {
		// "strerror: 'filename'" (" -> 'filename2'"); a system's message
		// has no ": " in it.
		if i := strings.Index(text, ": "); i >= 0 {
			text = text[:i]
		}
	}
	f.Strerror = &text
	return f
}
