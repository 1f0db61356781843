package audit

import (
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/cwd"
)

// reasonMetadata is event.reason for a metadata change outside the
// sandbox's write set.
const reasonMetadata = "sandbox: changing a file's mode, owner, times or extended attributes outside the sandbox's write set is denied (Landlock does not cover metadata)"

// metadataEvents change a file's metadata: the path is argument 0 and
// (where the event has one) dir_fd argument dirFD.
var metadataEvents = map[string]int{
	"os.chmod":       2,
	"os.chown":       3,
	"os.utime":       3,
	"os.setxattr":    -1,
	"os.removexattr": -1,
	"os.lchmod":      -1,
	"os.lchown":      -1,
}

// SetWriteSet turns on the metadata guard once Landlock restricts the file
// system: from then on os.chmod, os.chown, os.utime and the xattr events
// are denied for any path outside write (files or directories, with
// everything below them). Landlock itself checks only opens and creation.
func (l *Logger) SetWriteSet(write []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writeSet = []string{}
	for _, w := range write {
		if r, err := filepath.EvalSymlinks(w); err == nil {
			w = r
		}
		l.writeSet = append(l.writeSet, filepath.Clean(w))
	}
}

// metadataOutsideWriteSet reports whether event changes the metadata of a
// path outside the write set. Anything it cannot place (a descriptor, a
// path relative to dir_fd) counts as outside: fail closed.
func (l *Logger) metadataOutsideWriteSet(event string, args starlark.Tuple) bool {
	dirFD, ok := metadataEvents[event]
	if !ok {
		return false
	}
	l.mu.Lock()
	write := l.writeSet
	l.mu.Unlock()
	if write == nil {
		return false
	}
	if len(args) == 0 {
		return true
	}
	p, ok := args[0].(starlark.String)
	if !ok {
		return true
	}
	path := string(p)
	if dirFD >= 0 && dirFD < len(args) && args[dirFD] != starlark.None && !filepath.IsAbs(path) {
		return true
	}
	abs, err := cwd.Abs(path)
	if err != nil {
		return true
	}
	// chmod, chown and utime follow symlinks: judge the target. For a
	// path that does not exist, its directory decides.
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	} else if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(r, filepath.Base(abs))
	}
	for _, w := range write {
		if abs == w || w == "/" || strings.HasPrefix(abs, w+string(os.PathSeparator)) {
			return false
		}
	}
	return true
}
