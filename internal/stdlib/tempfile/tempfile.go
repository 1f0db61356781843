// Package tempfile is Python's tempfile module for spython scripts:
// gettempdir, gettempprefix, mkstemp, mkdtemp, NamedTemporaryFile and
// TemporaryDirectory (with explicit cleanup; Starlark has no with). It
// raises CPython 3.11's events in CPython's order: tempfile.mkstemp (path)
// then open (path, None, flags) before creating a file, tempfile.mkdtemp
// (path) then os.mkdir (path, 0o700, -1) before creating a directory, and
// os.remove (path, -1) before deleting one.
package tempfile

import (
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Event names, as CPython raises them.
const (
	EventMkstemp = "tempfile.mkstemp"
	EventMkdtemp = "tempfile.mkdtemp"
	EventOpen    = "open"
	EventMkdir   = "os.mkdir"
	EventRemove  = "os.remove"
)

// tmpMax is CPython's TMP_MAX: how many names to try.
const tmpMax = 10000

// createFlags are mkstemp's os.open flags (CPython's _bin_openflags).
const createFlags = unix.O_RDWR | unix.O_CREAT | unix.O_EXCL | unix.O_NOFOLLOW | unix.O_CLOEXEC

// Module returns the tempfile module; rmtree is the script's
// shutil.rmtree, which TemporaryDirectory.cleanup calls as CPython does.
func Module(env *core.Env, rmtree starlark.Callable) starlark.Value {
	t := &tempLib{env: env, rmtree: rmtree}
	return core.Module("tempfile", map[string]core.Func{
		"gettempdir":         t.gettempdir,
		"gettempprefix":      gettempprefix,
		"mkstemp":            t.mkstemp,
		"mkdtemp":            t.mkdtemp,
		"NamedTemporaryFile": t.namedTemporaryFile,
		"TemporaryDirectory": t.temporaryDirectory,
	}, nil)
}

type tempLib struct {
	env    *core.Env
	rmtree starlark.Callable

	mu      sync.Mutex
	tempdir string // cached, as CPython's tempfile.tempdir
}

const nameChars = "abcdefghijklmnopqrstuvwxyz0123456789_"

// randomName is 8 characters, as CPython's _RandomNameSequence.
func randomName() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	for i := range b {
		b[i] = nameChars[int(b[i])%len(nameChars)]
	}
	return string(b[:])
}

// candidates are CPython's _candidate_tempdir_list on POSIX.
func candidates() []string {
	var dirs []string
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		if d := os.Getenv(env); d != "" {
			dirs = append(dirs, d)
		}
	}
	dirs = append(dirs, "/tmp", "/var/tmp", "/usr/tmp")
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, wd)
	} else {
		dirs = append(dirs, ".")
	}
	return dirs
}

// gettempdirPath is CPython's _get_default_tempdir: the first candidate in
// which a probe file can be created (open and os.remove events, as
// CPython), cached for the run.
func (t *tempLib) gettempdirPath(thread *starlark.Thread) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tempdir != "" {
		return t.tempdir, nil
	}
	for _, dir := range candidates() {
		if dir != "." {
			dir, _ = filepath.Abs(dir)
		}
		for seq := 0; seq < 100; seq++ {
			name := filepath.Join(dir, randomName())
			if err := t.env.Raise(thread, EventOpen, starlark.String(name), starlark.None, starlark.MakeInt(createFlags)); err != nil {
				return "", err
			}
			fd, err := unix.Open(name, createFlags, 0o600)
			if err == unix.EEXIST {
				continue
			}
			if err == unix.EACCES && isDir(dir) {
				continue
			}
			if err != nil {
				break
			}
			_, werr := unix.Write(fd, []byte("blat"))
			unix.Close(fd)
			if err := t.env.Raise(thread, EventRemove, starlark.String(name), starlark.MakeInt(-1)); err != nil {
				return "", err
			}
			unix.Unlink(name)
			if werr != nil {
				break
			}
			t.tempdir = dir
			return dir, nil
		}
	}
	return "", core.Errorf("FileNotFoundError", "[Errno 2] No usable temporary directory found in %s", pyList(candidates()))
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func pyList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = core.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (t *tempLib) gettempdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	d, err := t.gettempdirPath(thread)
	if err != nil {
		return nil, err
	}
	return starlark.String(d), nil
}

func gettempprefix(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.String("tmp"), nil
}

// optStr unpacks None or a str.
type optStr struct {
	s   string
	set bool
}

func (o *optStr) Unpack(v starlark.Value) error {
	switch v := v.(type) {
	case starlark.NoneType:
	case starlark.String:
		o.s, o.set = string(v), true
	default:
		return errors.New("must be str or None, not " + core.TypeName(v))
	}
	return nil
}

// sanitize is CPython's _sanitize_params: defaults for prefix and dir.
func (t *tempLib) sanitize(thread *starlark.Thread, suffix, prefix, dir optStr) (string, string, string, error) {
	p := "tmp"
	if prefix.set {
		p = prefix.s
	}
	d := dir.s
	if !dir.set {
		var err error
		if d, err = t.gettempdirPath(thread); err != nil {
			return "", "", "", err
		}
	}
	for _, s := range []string{suffix.s, p, d} {
		if strings.IndexByte(s, 0) >= 0 {
			return "", "", "", core.Errorf("ValueError", "embedded null byte")
		}
	}
	return suffix.s, p, d, nil
}

// tryNames is CPython's retry loop: create(file) makes one random name in
// dir (raising its events first); a name that exists, or EACCES in a
// directory (as CPython), is tried again with another name.
func tryNames(dir, pre, suf, what string, create func(file string) error) (string, error) {
	for seq := 0; seq < tmpMax; seq++ {
		file := core.PathJoin(dir, pre+randomName()+suf)
		err := create(file)
		if err == unix.EEXIST || err == unix.EACCES && isDir(dir) {
			continue
		}
		if err != nil {
			return "", core.PathError(err, file)
		}
		return file, nil
	}
	return "", core.Errorf("FileExistsError", "[Errno 17] No usable temporary %s name found", what)
}

// mkstempInner is CPython's _mkstemp_inner: tempfile.mkstemp (path) and
// open (path, None, flags) before each attempt. It returns the open file
// and its absolute path.
func (t *tempLib) mkstempInner(thread *starlark.Thread, dir, pre, suf string) (*os.File, string, error) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs // the events carry the absolute path, as CPython's
	}
	fd := -1
	file, err := tryNames(dir, pre, suf, "file", func(file string) error {
		if err := t.env.Raise(thread, EventMkstemp, starlark.String(file)); err != nil {
			return err
		}
		if err := t.env.Raise(thread, EventOpen, starlark.String(file), starlark.None, starlark.MakeInt(createFlags)); err != nil {
			return err
		}
		var err error
		fd, err = unix.Open(file, createFlags, 0o600)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return os.NewFile(uintptr(fd), file), file, nil
}

// mkstemp(suffix=None, prefix=None, dir=None, text=False) → (file, path).
// spython has no descriptors: where CPython returns the descriptor,
// spython returns the file object on it (mode "w+b", or "w+" with text).
func (t *tempLib) mkstemp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var suffix, prefix, dir optStr
	var text bool
	if err := core.Unpack(b.Name(), args, kwargs, "suffix?", &suffix, "prefix?", &prefix, "dir?", &dir, "text?", &text); err != nil {
		return nil, err
	}
	suf, pre, d, err := t.sanitize(thread, suffix, prefix, dir)
	if err != nil {
		return nil, err
	}
	f, path, err := t.mkstempInner(thread, d, pre, suf)
	if err != nil {
		return nil, err
	}
	mode := "w+b"
	if text {
		mode = "w+"
	}
	fv, err := t.env.WrapFile(f, mode)
	if err != nil {
		f.Close()
		return nil, err
	}
	return starlark.Tuple{fv, starlark.String(path)}, nil
}

func (t *tempLib) mkdtempPath(thread *starlark.Thread, suffix, prefix, dir optStr) (string, error) {
	suf, pre, d, err := t.sanitize(thread, suffix, prefix, dir)
	if err != nil {
		return "", err
	}
	// The path is returned as made: relative when dir is (CPython 3.11;
	// 3.12 makes it absolute).
	return tryNames(d, pre, suf, "directory", func(file string) error {
		if err := t.env.Raise(thread, EventMkdtemp, starlark.String(file)); err != nil {
			return err
		}
		if err := t.env.Raise(thread, EventMkdir, starlark.String(file), starlark.MakeInt(0o700), starlark.MakeInt(-1)); err != nil {
			return err
		}
		return unix.Mkdir(file, 0o700)
	})
}

// mkdtemp(suffix=None, prefix=None, dir=None) → the directory's path,
// relative when dir is.
func (t *tempLib) mkdtemp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var suffix, prefix, dir optStr
	if err := core.Unpack(b.Name(), args, kwargs, "suffix?", &suffix, "prefix?", &prefix, "dir?", &dir); err != nil {
		return nil, err
	}
	p, err := t.mkdtempPath(thread, suffix, prefix, dir)
	if err != nil {
		return nil, err
	}
	return starlark.String(p), nil
}
