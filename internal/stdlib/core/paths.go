package core

import (
	"errors"
	"fmt"
	"strings"

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
	msg := errno.Error()
	e.Msg = fmt.Sprintf("[Errno %d] %s%s: %s", int(errno), strings.ToUpper(msg[:1]), msg[1:], Quote(path))
	return e
}

// ExtractBound is the number of bytes one extraction or decompression may
// produce: the policy's limit, else DefaultExtractLimit.
func (e *Env) ExtractBound() int64 {
	if e != nil && e.ExtractLimit > 0 {
		return e.ExtractLimit
	}
	return DefaultExtractLimit
}
