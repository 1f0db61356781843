package tempfile

import (
	"os"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// openFlags are the flags CPython's io.open passes for a mode (for the
// open event NamedTemporaryFile raises on its directory, as 3.11 does).
func openFlags(mode string) (raw string, flags int) {
	raw = strings.NewReplacer("b", "", "t", "").Replace(mode)
	access := unix.O_WRONLY
	if strings.Contains(mode, "+") {
		access = unix.O_RDWR
	}
	switch {
	case strings.Contains(mode, "w"):
		flags = access | unix.O_CREAT | unix.O_TRUNC
	case strings.Contains(mode, "x"):
		flags = access | unix.O_CREAT | unix.O_EXCL
	case strings.Contains(mode, "a"):
		flags = access | unix.O_CREAT | unix.O_APPEND
	case access == unix.O_RDWR:
		flags = unix.O_RDWR
	}
	return raw, flags | unix.O_CLOEXEC
}

// NamedTemporaryFile(mode='w+b', buffering=-1, encoding=None, newline=None,
// suffix=None, prefix=None, dir=None, delete=True, *, errors=None)
func (t *tempLib) namedTemporaryFile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	mode := "w+b"
	var buffering int = -1
	var encoding, newline, errs starlark.Value
	var suffix, prefix, dir optStr
	delete := true
	if err := core.Unpack(b.Name(), args, kwargs, "mode?", &mode, "buffering?", &buffering, "encoding?", &encoding,
		"newline?", &newline, "suffix?", &suffix, "prefix?", &prefix, "dir?", &dir, "delete?", &delete, "errors?", &errs); err != nil {
		return nil, err
	}
	if strings.ContainsAny(mode, "r") && !strings.Contains(mode, "+") {
		return nil, core.Errorf("ValueError", "NamedTemporaryFile mode must allow writing: %s", core.Quote(mode))
	}
	suf, pre, d, err := t.sanitize(thread, suffix, prefix, dir)
	if err != nil {
		return nil, err
	}
	raw, flags := openFlags(mode)
	if err := t.env.Raise(thread, EventOpen, starlark.String(d), starlark.String(raw), starlark.MakeInt(flags)); err != nil {
		return nil, err
	}
	f, path, err := t.mkstempInner(thread, d, pre, suf)
	if err != nil {
		return nil, err
	}
	fv, err := t.env.WrapFile(f, mode)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &namedFile{t: t, file: fv, path: path, delete: delete}, nil
}

// namedFile is the file NamedTemporaryFile returns: the script's file
// object, whose close also deletes the file when delete=True (raising
// os.remove first, as CPython).
type namedFile struct {
	t      *tempLib
	file   starlark.Value
	path   string
	delete bool
	closed bool
}

func (n *namedFile) String() string {
	return "<tempfile._TemporaryFileWrapper " + core.Quote(n.path) + ">"
}
func (n *namedFile) Type() string          { return "_TemporaryFileWrapper" }
func (n *namedFile) Freeze()               {}
func (n *namedFile) Truth() starlark.Bool  { return true }
func (n *namedFile) Hash() (uint32, error) { return starlark.String(n.path).Hash() }

func (n *namedFile) Iterate() starlark.Iterator {
	if it, ok := n.file.(starlark.Iterable); ok {
		return it.Iterate()
	}
	return starlark.NewList(nil).Iterate()
}

func (n *namedFile) AttrNames() []string {
	names := []string{"delete"}
	if ha, ok := n.file.(starlark.HasAttrs); ok {
		names = append(names, ha.AttrNames()...)
	}
	return names
}

func (n *namedFile) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(n.path), nil
	case "delete":
		return starlark.Bool(n.delete), nil
	case "close":
		return starlark.NewBuiltin("close", n.close), nil
	}
	if ha, ok := n.file.(starlark.HasAttrs); ok {
		return ha.Attr(name)
	}
	return nil, nil
}

func (n *namedFile) close(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("close", args, kwargs); err != nil {
		return nil, err
	}
	if n.closed {
		return starlark.None, nil
	}
	n.closed = true
	if _, err := core.CallMethod(thread, n.file, "close"); err != nil {
		return nil, err
	}
	if n.delete {
		if err := n.t.env.Raise(thread, EventRemove, starlark.String(n.path), starlark.MakeInt(-1)); err != nil {
			return nil, err
		}
		if err := os.Remove(n.path); err != nil && !os.IsNotExist(err) {
			return nil, core.PathError(err, n.path)
		}
	}
	return starlark.None, nil
}

// TemporaryDirectory(suffix=None, prefix=None, dir=None, ignore_cleanup_errors=False)
func (t *tempLib) temporaryDirectory(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var suffix, prefix, dir optStr
	var ignore bool
	if err := core.Unpack(b.Name(), args, kwargs, "suffix?", &suffix, "prefix?", &prefix, "dir?", &dir, "ignore_cleanup_errors?", &ignore); err != nil {
		return nil, err
	}
	p, err := t.mkdtempPath(thread, suffix, prefix, dir)
	if err != nil {
		return nil, err
	}
	return &tempDir{t: t, name: p, ignore: ignore}, nil
}

// tempDir is what TemporaryDirectory returns: name, and cleanup(), which
// calls the script's shutil.rmtree (its events) once.
type tempDir struct {
	t       *tempLib
	name    string
	ignore  bool
	cleaned bool
}

func (d *tempDir) String() string        { return "<TemporaryDirectory " + core.Quote(d.name) + ">" }
func (d *tempDir) Type() string          { return "TemporaryDirectory" }
func (d *tempDir) Freeze()               {}
func (d *tempDir) Truth() starlark.Bool  { return true }
func (d *tempDir) Hash() (uint32, error) { return starlark.String(d.name).Hash() }
func (d *tempDir) AttrNames() []string   { return []string{"cleanup", "name"} }

func (d *tempDir) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(d.name), nil
	case "cleanup":
		return starlark.NewBuiltin("cleanup", d.cleanup), nil
	}
	return nil, nil
}

func (d *tempDir) cleanup(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("cleanup", args, kwargs); err != nil {
		return nil, err
	}
	if d.cleaned {
		return starlark.None, nil
	}
	if _, err := os.Lstat(d.name); os.IsNotExist(err) {
		d.cleaned = true
		return starlark.None, nil
	}
	if d.t.rmtree == nil {
		return nil, core.Errorf("PermissionError", "TemporaryDirectory.cleanup: shutil.rmtree unavailable")
	}
	_, err := starlark.Call(thread, d.t.rmtree, starlark.Tuple{starlark.String(d.name)}, nil)
	if err != nil && !d.ignore {
		return nil, err
	}
	d.cleaned = true
	return starlark.None, nil
}
