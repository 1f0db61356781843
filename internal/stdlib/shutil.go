package stdlib

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
)

func (l *sysLib) shutilModule() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "shutil", Members: starlark.StringDict{
		"copyfile": l.builtin("shutil.copyfile", l.shutilCopyfile),
		"move":     l.builtin("shutil.move", l.shutilMove),
		"rmtree":   l.builtin("shutil.rmtree", l.shutilRmtree),
	}}
}

// copyfile(src, dst) raises shutil.copyfile (src, dst) and then, as
// CPython's does by calling open(), open (src, "r", …) and open (dst, "w", …).
// It returns dst.
func (l *sysLib) shutilCopyfile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst strArg
	if err := l.unpack(b.Name(), args, kwargs, "src", &src, "dst", &dst); err != nil {
		return nil, err
	}
	if err := checkPath(b.Name(), src.s, dst.s); err != nil {
		return nil, err
	}
	if err := l.copyfile(thread, src.s, dst.s); err != nil {
		return nil, err
	}
	return args[1], nil
}

func (l *sysLib) copyfile(thread *starlark.Thread, src, dst string) error {
	if err := l.audit(thread, "shutil.copyfile", starlark.String(src), starlark.String(dst)); err != nil {
		return err
	}
	if sameFile(src, dst) {
		return pyerr.New("SameFileError", "%s and %s are the same file", pyQuote(src), pyQuote(dst))
	}
	for _, p := range []string{src, dst} {
		if st, err := os.Stat(p); err == nil && st.Mode()&fs.ModeNamedPipe != 0 {
			return pyerr.New("SpecialFileError", "`%s` is a named pipe", p)
		}
	}
	rm, _ := parseMode("rb")
	in, err := l.openFile(thread, src, "rb", rm)
	if err != nil {
		return err
	}
	defer in.f.Close()
	wm, _ := parseMode("wb")
	out, err := l.openFile(thread, dst, "wb", wm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out.f, in.f); err != nil {
		out.f.Close()
		return osError(err)
	}
	return osError(out.f.Close())
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// move(src, dst) raises shutil.move (src, dst), then renames with
// os.rename. Across file systems a file or symlink is copied and the
// source removed (each step raising its own events); a directory is not
// (OSError). It returns the destination.
func (l *sysLib) shutilMove(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst strArg
	if err := l.unpack(b.Name(), args, kwargs, "src", &src, "dst", &dst); err != nil {
		return nil, err
	}
	if err := checkPath(b.Name(), src.s, dst.s); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "shutil.move", src.value(), dst.value()); err != nil {
		return nil, err
	}
	realDst := dst.s
	if isDir(dst.s) {
		if sameFile(src.s, dst.s) {
			return starlark.String(dst.s), l.rename(thread, src.s, dst.s)
		}
		realDst = pyJoin(dst.s, pyBasename(strings.TrimRight(src.s, "/")))
		if exists(realDst) {
			return nil, pyerr.New("Error", "Destination path %s already exists", pyQuote(realDst))
		}
	}
	err := l.rename(thread, src.s, realDst)
	if err == nil || !errors.Is(err, syscall.EXDEV) {
		if err != nil {
			return nil, err
		}
		return starlark.String(realDst), nil
	}
	st, lerr := os.Lstat(src.s)
	switch {
	case lerr != nil:
		return nil, osError(lerr)
	case st.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(src.s)
		if err != nil {
			return nil, osError(err)
		}
		if err := l.audit(thread, "os.symlink", starlark.String(target), starlark.String(realDst), starlark.MakeInt(-1)); err != nil {
			return nil, err
		}
		if err := os.Symlink(target, realDst); err != nil {
			return nil, osError(err)
		}
	case st.IsDir():
		return nil, pyerr.New("OSError", "shutil.move: moving a directory across file systems is not supported: %s", pyQuote(src.s))
	default:
		if err := l.copyfile(thread, src.s, realDst); err != nil {
			return nil, err
		}
		if err := l.chmod(thread, realDst, int(st.Mode().Perm())); err != nil {
			return nil, err
		}
	}
	if err := l.remove(thread, src.s); err != nil {
		return nil, err
	}
	return starlark.String(realDst), nil
}

// rmtree(path, ignore_errors=False, dir_fd=None) raises shutil.rmtree
// (path, dir_fd). It refuses a symlink, never follows one inside the tree,
// and raises no per-file events.
func (l *sysLib) shutilRmtree(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	ignore := false
	var dirFD starlark.Value = starlark.None
	if err := l.unpack(b.Name(), args, kwargs, "path", &path, "ignore_errors?", &ignore, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	if err := l.noDirFD(b.Name(), dirFD); err != nil {
		return nil, err
	}
	if err := checkPath(b.Name(), path.s); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "shutil.rmtree", path.value(), starlark.None); err != nil {
		return nil, err
	}
	err := rmtree(path.s)
	if err != nil && !ignore {
		return nil, err
	}
	return starlark.None, nil
}

func rmtree(path string) error {
	st, err := os.Lstat(path)
	switch {
	case err != nil:
		return osError(err)
	case st.Mode()&fs.ModeSymlink != 0:
		return pyerr.New("OSError", "Cannot call rmtree on a symbolic link")
	case !st.IsDir():
		return pathErr("rmtree", path, syscall.ENOTDIR)
	}
	// RemoveAll works relative to directory descriptors and never follows
	// a symlink inside the tree.
	return osError(os.RemoveAll(path))
}
