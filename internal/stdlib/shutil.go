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
	return l.copyfileData(thread, src, dst)
}

// copyfileData is copyfile after its event: open (src), open (dst), copy.
func (l *sysLib) copyfileData(thread *starlark.Thread, src, dst string) error {
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
		// As CPython: copytree (symlinks kept, copy2), then rmtree.
		if strings.HasPrefix(realDst+"/", strings.TrimRight(src.s, "/")+"/") {
			return nil, pyerr.New("Error", "Cannot move a directory %s into itself %s.", pyQuote(src.s), pyQuote(realDst))
		}
		t := &treeCopy{l: l, thread: thread, symlinks: true, ignore: starlark.None, copyFn: starlark.None}
		if err := t.copy(pathOf{s: src.s, v: starlark.String(src.s)}, realDst); err != nil {
			return nil, err
		}
		if err := l.rmtree(thread, src.s, false); err != nil {
			return nil, err
		}
		return starlark.String(realDst), nil
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
	if err := l.rmtree(thread, path.s, ignore); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// rmtree removes path as CPython's path-based rmtree (_rmtree_unsafe)
// does, raising its events: os.scandir (dir) before listing a directory,
// os.remove (path, -1) before each file, os.rmdir (dir, -1) after its
// entries. The removal itself goes through directory descriptors
// (openat/unlinkat with O_NOFOLLOW), so a directory swapped for a symlink
// during the walk cannot redirect it outside the tree. With ignore, an
// error from the system is skipped and the walk goes on, as CPython's
// ignore_errors; a denial or the end of the run always stops it.
func (l *sysLib) rmtree(thread *starlark.Thread, path string, ignore bool) error {
	onerr := func(err error) error {
		if ignore && !isFatal(err) && !isDenied(err) {
			return nil
		}
		return err
	}
	var st unix.Stat_t
	if unix.Lstat(path, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK {
		return onerr(pyerr.New("OSError", "Cannot call rmtree on a symbolic link"))
	}
	return l.rmtreeAt(thread, unix.AT_FDCWD, path, path, onerr)
}

// rmtreeAt removes directory name (relative to parent) whose full path
// is full.
func (l *sysLib) rmtreeAt(thread *starlark.Thread, parent int, name, full string, onerr func(error) error) error {
	if err := l.audit(thread, "os.scandir", starlark.String(full)); err != nil {
		return err
	}
	var names []string
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.ELOOP) {
			err = unix.ENOTDIR // swapped for a symlink: not a directory to walk
		}
		if err := onerr(pathErr("scandir", full, err)); err != nil {
			return err
		}
		fd = -1
	} else {
		dir := os.NewFile(uintptr(fd), full)
		defer dir.Close()
		if names, err = dir.Readdirnames(-1); err != nil {
			if err := onerr(pathErr("scandir", full, err)); err != nil {
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
			if err := onerr(pathErr("unlink", child, err)); err != nil {
				return err
			}
		}
	}
	if err := l.audit(thread, "os.rmdir", starlark.String(full), starlark.MakeInt(-1)); err != nil {
		return err
	}
	if err := unix.Unlinkat(parent, name, unix.AT_REMOVEDIR); err != nil {
		return onerr(pathErr("rmdir", full, err))
	}
	return nil
}

// isDenied reports whether err is a hook's denial: ignore_errors does not
// hide a denial, which is in the log and must stop the call.
func isDenied(err error) bool {
	return pyKind(err) == "PermissionError" && !strings.HasPrefix(errMsg(err), "[Errno")
}
