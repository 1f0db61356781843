package stdlib

import (
	"errors"
	"io"
	"os"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
)

func (l *sysLib) shutilModule() *starlarkstruct.Module {
	m := l.shutilMore()
	m["copyfile"] = l.builtin("shutil.copyfile", l.shutilCopyfile)
	m["move"] = l.builtin("shutil.move", l.shutilMove)
	m["rmtree"] = l.builtin("shutil.rmtree", l.shutilRmtree)
	return &starlarkstruct.Module{Name: "shutil", Members: m}
}

// copyfile(src, dst, *, follow_symlinks=True) raises shutil.copyfile
// (src, dst) and then, as CPython's does by calling open(), open (src, "r",
// …) and open (dst, "w", …); with follow_symlinks=False a symlink src is
// copied as a symlink (os.symlink). It returns dst.
func (l *sysLib) shutilCopyfile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst pathOf
	follow := true
	if err := l.unpackPath(b.Name(), args, kwargs, "src", &src, "dst", &dst, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	if err := l.copyfileV(thread, src, dst, follow); err != nil {
		return nil, err
	}
	return dst.v, nil
}

// copyfileV is CPython's copyfile: the event carries the values as given
// (a DirEntry from copytree included).
func (l *sysLib) copyfileV(thread *starlark.Thread, src, dst pathOf, follow bool) error {
	if err := l.audit(thread, "shutil.copyfile", src.v, dst.v); err != nil {
		return err
	}
	if src.sameFile(dst.s) {
		return pyerr.New("SameFileError", "%s and %s are the same file", pyQuote(src.s), pyQuote(dst.s))
	}
	for _, p := range []pathOf{src, dst} {
		if st, err := p.stat(true); err == nil && st.Mode&unix.S_IFMT == unix.S_IFIFO {
			return pyerr.New("SpecialFileError", "`%s` is a named pipe", p.s)
		}
	}
	if !follow && src.isLink() {
		target, err := readlink(src.s)
		if err != nil {
			return err
		}
		return l.symlink(thread, target, dst.s)
	}
	rm, _ := parseMode("rb")
	in, err := l.openFile(thread, src.s, "rb", rm)
	if err != nil {
		return err
	}
	defer in.f.Close()
	wm, _ := parseMode("wb")
	out, err := l.openFile(thread, dst.s, "wb", wm)
	if err != nil {
		if pyKind(err) == "IsADirectoryError" && !exists(dst.s) {
			// "dir/" that does not exist: CPython's own message.
			return pyerr.New("FileNotFoundError", "Directory does not exist: %s", dst.s)
		}
		return err
	}
	// As *os.Files: io.Copy then uses copy_file_range.
	if _, err := io.Copy(out.f.File(), in.f.File()); err != nil {
		out.f.Close()
		return osError(err)
	}
	return osError(out.f.Close())
}

// readlink is os.readlink on a path.
func readlink(path string) (string, error) {
	buf := make([]byte, 4096)
	n, err := unix.Readlink(path, buf)
	if err != nil {
		return "", pathErr("readlink", path, err)
	}
	return string(buf[:n]), nil
}

// symlink raises os.symlink (src, dst, -1) and makes the link.
func (l *sysLib) symlink(thread *starlark.Thread, target, dst string) error {
	if err := l.audit(thread, "os.symlink", starlark.String(target), starlark.String(dst), starlark.MakeInt(-1)); err != nil {
		return err
	}
	return osError(os.Symlink(target, dst))
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// move(src, dst, copy_function=copy2) is CPython's: it raises
// shutil.move (src, dst) and renames with os.rename; into an existing
// directory it moves to dst/basename(src). When the rename fails (another
// file system, a missing directory, …) it copies and removes the source as
// CPython does, each step raising its own events: a symlink with
// os.symlink + os.remove, a directory with copytree(symlinks=True) +
// rmtree, a file with copy_function + os.remove. A denial or the end of
// the run is never taken for a failed rename. It returns the destination
// (None when src and dst are the same directory, as CPython).
func (l *sysLib) shutilMove(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst strArg
	var copyFn starlark.Value = starlark.None
	if err := l.unpackPath(b.Name(), args, kwargs, "src", &src, "dst", &dst, "copy_function?", &copyFn); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "shutil.move", src.value(), dst.value()); err != nil {
		return nil, err
	}
	realDst := dst.s
	if isDir(dst.s) {
		if sameFile(src.s, dst.s) {
			return starlark.None, l.rename(thread, src.s, dst.s)
		}
		realDst = pyJoin(dst.s, pyBasename(strings.TrimRight(src.s, "/")))
		if exists(realDst) {
			return nil, pyerr.New("Error", "Destination path '%s' already exists", realDst)
		}
	}
	err := l.rename(thread, src.s, realDst)
	if err == nil {
		return starlark.String(realDst), nil
	}
	if isFatal(err) || isDenied(err) {
		return nil, err
	}
	srcP := pathOf{s: src.s, v: starlark.String(src.s)}
	switch {
	case srcP.isLink():
		target, err := readlink(src.s)
		if err != nil {
			return nil, err
		}
		if err := l.symlink(thread, target, realDst); err != nil {
			return nil, err
		}
	case isDir(src.s):
		if destInSrc(src.s, dst.s) {
			return nil, pyerr.New("Error", "Cannot move a directory '%s' into itself '%s'.", src.s, dst.s)
		}
		t := &treeCopy{l: l, thread: thread, symlinks: true, ignore: starlark.None, copyFn: copyFn}
		if err := t.copy(srcP, realDst); err != nil {
			return nil, err
		}
		if err := l.rmtreeEvent(thread, src.s, false); err != nil {
			return nil, err
		}
		return starlark.String(realDst), nil
	default:
		t := &treeCopy{l: l, thread: thread, copyFn: copyFn}
		if err := t.copyFile(srcP, realDst); err != nil {
			return nil, err
		}
	}
	if err := l.remove(thread, src.s); err != nil {
		return nil, err
	}
	return starlark.String(realDst), nil
}

// destInSrc is CPython's shutil._destinsrc: dst lies inside src.
func destInSrc(src, dst string) bool {
	a, err1 := absPath(src)
	b, err2 := absPath(dst)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.HasPrefix(strings.TrimSuffix(b, "/")+"/", strings.TrimSuffix(a, "/")+"/")
}

// rmtree(path, ignore_errors=False, onerror=None, *, dir_fd=None) raises
// shutil.rmtree (path, dir_fd). It refuses a symlink and never follows one
// inside the tree.
func (l *sysLib) shutilRmtree(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	ignore := false
	var onerror starlark.Value = starlark.None
	var dirFD starlark.Value = starlark.None
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "ignore_errors?", &ignore, "onerror?", &onerror, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "shutil.rmtree", path.value(), starlark.None); err != nil {
		return nil, err
	}
	return starlark.None, l.rmtree(thread, path.s, ignore, onerror)
}

// rmtreeEvent is rmtree(path) as shutil.move calls it: shutil.rmtree
// (path, None), then the removal.
func (l *sysLib) rmtreeEvent(thread *starlark.Thread, path string, ignore bool) error {
	if err := l.audit(thread, "shutil.rmtree", starlark.String(path), starlark.None); err != nil {
		return err
	}
	return l.rmtree(thread, path, ignore, starlark.None)
}

// rmtree removes path as CPython's path-based rmtree (_rmtree_unsafe)
// does, raising its events: os.scandir (dir) before listing a directory,
// os.remove (path, -1) before each file, os.rmdir (dir, -1) after its
// entries. The removal itself goes through directory descriptors
// (openat/unlinkat with O_NOFOLLOW), so a directory swapped for a symlink
// during the walk cannot redirect it outside the tree. A failing step is
// skipped with ignore, or reported to onerror (function, path, exc_info)
// and skipped if it returns, as CPython's; a denial or the end of the run
// always stops it.
func (l *sysLib) rmtree(thread *starlark.Thread, path string, ignore bool, onerror starlark.Value) error {
	onerr := func(fn, p string, err error) error {
		if isFatal(err) || isDenied(err) {
			return err
		}
		if ignore {
			return nil
		}
		if onerror == starlark.None {
			return err
		}
		cb, ok := onerror.(starlark.Callable)
		if !ok { // CPython finds out only when it calls it
			return pyerr.New("TypeError", "'%s' object is not callable", onerror.Type())
		}
		kind, _ := pyerr.KindOf(err)
		excInfo := starlark.Tuple{starlark.String(kind), errorValue(err), starlark.None}
		_, cerr := starlark.Call(thread, cb, starlark.Tuple{l.rmtreeFunc(fn), starlark.String(p), excInfo}, nil)
		return cerr
	}
	var st unix.Stat_t
	if unix.Lstat(path, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK {
		// CPython: it cannot go on even when onerror returns.
		return onerr("os.path.islink", path, pyerr.New("OSError", "Cannot call rmtree on a symbolic link"))
	}
	return l.rmtreeAt(thread, unix.AT_FDCWD, path, path, onerr)
}

// rmtreeFunc is the function rmtree hands to onerror: the one whose step
// failed, as CPython's.
func (l *sysLib) rmtreeFunc(name string) starlark.Value {
	switch name {
	case "os.scandir":
		return l.builtin(name, l.osScandir)
	case "os.unlink":
		return l.builtin(name, l.osRemove)
	case "os.rmdir":
		return l.builtin(name, l.osRmdir)
	}
	return l.osPathMore()["islink"]
}

// rmtreeAt removes directory name (relative to parent) whose full path
// is full.
func (l *sysLib) rmtreeAt(thread *starlark.Thread, parent int, name, full string, onerr func(fn, path string, err error) error) error {
	if err := l.audit(thread, "os.scandir", starlark.String(full)); err != nil {
		return err
	}
	var names []string
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.ELOOP) {
			err = unix.ENOTDIR // swapped for a symlink: not a directory to walk
		}
		if err := onerr("os.scandir", full, pathErr("scandir", full, err)); err != nil {
			return err
		}
		fd = -1
	} else {
		dir := os.NewFile(uintptr(fd), full)
		defer dir.Close()
		if names, err = dir.Readdirnames(-1); err != nil {
			if err := onerr("os.scandir", full, pathErr("scandir", full, err)); err != nil {
				return err
			}
		}
	}
	for _, n := range names {
		child := pyJoin(full, n)
		var st unix.Stat_t
		if err := unix.Fstatat(fd, n, &st, unix.AT_SYMLINK_NOFOLLOW); err == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR {
			if err := l.rmtreeAt(thread, fd, n, child, onerr); err != nil {
				return err
			}
			continue
		}
		if err := l.audit(thread, "os.remove", starlark.String(child), starlark.MakeInt(-1)); err != nil {
			return err
		}
		if err := unix.Unlinkat(fd, n, 0); err != nil {
			if err := onerr("os.unlink", child, pathErr("unlink", child, err)); err != nil {
				return err
			}
		}
	}
	if err := l.audit(thread, "os.rmdir", starlark.String(full), starlark.MakeInt(-1)); err != nil {
		return err
	}
	if err := unix.Unlinkat(parent, name, unix.AT_REMOVEDIR); err != nil {
		return onerr("os.rmdir", full, pathErr("rmdir", full, err))
	}
	return nil
}

// isDenied reports whether err is a hook's denial: ignore_errors does not
// hide a denial, which is in the log and must stop the call.
func isDenied(err error) bool {
	return pyKind(err) == "PermissionError" && !strings.HasPrefix(errMsg(err), "[Errno")
}
