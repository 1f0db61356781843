package core

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
)

// PathJoin is os.path.join of two parts: an absolute b replaces a.
func PathJoin(a, b string) string {
	switch {
	case strings.HasPrefix(b, "/"):
		return b
	case a == "" || strings.HasSuffix(a, "/"):
		return a + b
	}
	return a + "/" + b
}

// PathError is the OSError CPython raises for a failed system call on
// path: its class from the errno and "[Errno N] Message: 'path'". An
// error without an errno is returned as it is.
func PathError(err error, path string) error {
	var errno unix.Errno
	if !errors.As(err, &errno) {
		return err
	}
	e, ok := pyerr.FromOS(errno).(*pyerr.Error)
	if !ok {
		return err
	}
	e.Msg = fmt.Sprintf("[Errno %d] %s: %s", int(errno), Strerror(errno), Quote(path))
	e.Err = &fs.PathError{Path: path, Err: errno} // the OSError's errno and filename
	return e
}

// Strerror is C's strerror(3) for n, as os.strerror and an OSError's
// message and strerror give it: the system's message with its first
// letter in upper case (Go's table is glibc's, lower-cased), glibc's words
// for 0 and for a number with no message.
func Strerror(n unix.Errno) string {
	msg := n.Error()
	switch {
	case n == 0:
		return "Success"
	case msg == "" || strings.HasPrefix(msg, "errno "):
		return "Unknown error " + strconv.Itoa(int(n))
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

// ExtractBound is the number of bytes one extraction or decompression may
// produce: the policy's limit, else DefaultExtractLimit.
func (e *Env) ExtractBound() int64 {
	if e != nil && e.ExtractLimit > 0 {
		return e.ExtractLimit
	}
	return DefaultExtractLimit
}

// OSError gives an os error its Python class and a Python-shaped message:
// "[Errno 2] No such file or directory: 'x'". A Python error is returned
// as it is.
func OSError(err error) error {
	if err == nil {
		return nil
	}
	var pe *pyerr.Error
	if errors.As(err, &pe) {
		return err
	}
	e, ok := pyerr.FromOS(err).(*pyerr.Error)
	if !ok {
		return err
	}
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return e
	}
	if errno == syscall.ENOTEMPTY {
		e.Kind = "OSError" // fs.ErrExist matches ENOTEMPTY; Python's class is OSError
	}
	msg := fmt.Sprintf("[Errno %d] %s", int(errno), Strerror(errno))
	var linkErr *os.LinkError
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &linkErr):
		msg += ": " + PlainQuote(linkErr.Old) + " -> " + PlainQuote(linkErr.New)
	case errors.As(err, &pathErr):
		msg += ": " + PlainQuote(pathErr.Path)
	}
	e.Msg = msg
	return e
}
