package stdlib

import (
	"errors"
	"io"
	"os"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/fnmatch"
)

// shutilMore are the shutil functions beyond the spec's first table
// (issue 13), after CPython 3.11's shutil.py: the same steps, so the same
// events in the same order.
func (l *sysLib) shutilMore() starlark.StringDict {
	d := starlark.StringDict{}
	for name, fn := range map[string]builtinFunc{
		"copy":            l.shutilCopy,
		"copy2":           l.shutilCopy,
		"copymode":        l.shutilCopymode,
		"copystat":        l.shutilCopystat,
		"copytree":        l.shutilCopytree,
		"which":           l.shutilWhich,
		"disk_usage":      l.shutilDiskUsage,
		"chown":           l.shutilChown,
		"copyfileobj":     l.shutilCopyfileobj,
		"ignore_patterns": l.shutilIgnorePatterns,
	} {
		d[name] = l.builtin("shutil."+name, fn)
	}
	return d
}

// pathOf is a path argument that may also be a DirEntry (copytree hands
// its entries to copy2 and copystat, as CPython's does; the events then
// carry the DirEntry, whose repr is what CPython logs).
type pathOf struct {
	s string
	v starlark.Value
}

func (p *pathOf) Unpack(v starlark.Value) error {
	switch x := v.(type) {
	case *dirEntry:
		p.s, p.v = x.path, x
		return nil
	}
	var a strArg
	if err := a.Unpack(v); err != nil {
		return err
	}
	p.s, p.v = a.s, a.value()
	return nil
}

// stat is the source's stat: a DirEntry's cached one, as CPython.
func (p pathOf) stat(follow bool) (*unix.Stat_t, error) {
	if e, ok := p.v.(*dirEntry); ok {
		return e.cachedStat(follow)
	}
	return doStat("stat", p.s, follow)
}

// isLink is CPython's shutil._islink.
func (p pathOf) isLink() bool {
	var st unix.Stat_t
	return unix.Lstat(p.s, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK
}

// sameFile is CPython's shutil._samefile: a DirEntry's (cached) stat, else
// os.path.samefile; any error means not the same.
func (p pathOf) sameFile(dst string) bool {
	a, err := p.stat(true)
	if err != nil {
		return false
	}
	b, err := doStat("stat", dst, true)
	return err == nil && a.Dev == b.Dev && a.Ino == b.Ino
}

// copy(src, dst, *, follow_symlinks=True) and copy2: copyfile, then
// copymode (copy) or copystat (copy2); into a directory, under the
// source's name. Returns the destination.
func (l *sysLib) shutilCopy(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst pathOf
	follow := true
	if err := l.unpackPath(b.Name(), args, kwargs, "src", &src, "dst", &dst, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	return l.copyTo(thread, b.Name() == "shutil.copy2", src, dst, follow)
}

func (l *sysLib) copyTo(thread *starlark.Thread, withStat bool, src, dst pathOf, follow bool) (starlark.Value, error) {
	if isDir(dst.s) {
		dst.s = pyJoin(dst.s, pyBasename(src.s))
		dst.v = starlark.String(dst.s)
	}
	if err := l.copyfileV(thread, src, dst, follow); err != nil {
		return nil, err
	}
	var err error
	if withStat {
		err = l.copystat(thread, src, dst.s, follow)
	} else {
		err = l.copymode(thread, src, dst.s, follow)
	}
	if err != nil {
		return nil, err
	}
	return dst.v, nil
}

func (l *sysLib) shutilCopymode(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst pathOf
	follow := true
	if err := l.unpackPath(b.Name(), args, kwargs, "src", &src, "dst", &dst, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	return starlark.None, l.copymode(thread, src, dst.s, follow)
}

// copymode raises shutil.copymode (src, dst), then os.chmod (dst, mode).
// Without follow_symlinks, from a symlink to a symlink it does nothing
// more: Linux has no lchmod (CPython returns there too).
func (l *sysLib) copymode(thread *starlark.Thread, src pathOf, dst string, follow bool) error {
	if err := l.audit(thread, "shutil.copymode", src.v, starlark.String(dst)); err != nil {
		return err
	}
	if !follow && src.isLink() && (pathOf{s: dst}).isLink() {
		return nil
	}
	st, err := src.stat(true)
	if err != nil {
		return err
	}
	return l.chmod(thread, dst, int(st.Mode&0o7777))
}

func (l *sysLib) shutilCopystat(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst pathOf
	follow := true
	if err := l.unpackPath(b.Name(), args, kwargs, "src", &src, "dst", &dst, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	return starlark.None, l.copystat(thread, src, dst.s, follow)
}

// copystat raises shutil.copystat (src, dst), then os.utime (dst, None,
// (atime_ns, mtime_ns), -1), os.listxattr (src) (and os.getxattr,
// os.setxattr per attribute), os.chmod (dst, mode, -1), as CPython. It
// follows symlinks unless told not to and both src and dst are symlinks;
// then there is no chmod (Linux cannot chmod a symlink; CPython skips it).
func (l *sysLib) copystat(thread *starlark.Thread, src pathOf, dst string, followSymlinks bool) error {
	if err := l.audit(thread, "shutil.copystat", src.v, starlark.String(dst)); err != nil {
		return err
	}
	follow := followSymlinks || !(src.isLink() && (pathOf{s: dst}).isLink())
	st, err := src.stat(follow)
	if err != nil {
		return err
	}
	ns := starlark.Tuple{starlark.MakeInt64(st.Atim.Nano()), starlark.MakeInt64(st.Mtim.Nano())}
	ts := []unix.Timespec{st.Atim, st.Mtim}
	if err := l.utime(thread, dst, starlark.None, ns, ts, follow); err != nil {
		return err
	}
	if err := l.copyxattr(thread, src.s, dst, follow); err != nil {
		return err
	}
	if !follow {
		return nil
	}
	return l.chmod(thread, dst, int(st.Mode&0o7777))
}

// copyxattr copies extended attributes (of the symlink itself without
// follow); unsupported or unpermitted ones are skipped, as CPython's
// _copyxattr does.
func (l *sysLib) copyxattr(thread *starlark.Thread, src, dst string, follow bool) error {
	if err := l.audit(thread, "os.listxattr", starlark.String(src)); err != nil {
		return err
	}
	list, get, set := unix.Listxattr, unix.Getxattr, unix.Setxattr
	if !follow {
		list, get, set = unix.Llistxattr, unix.Lgetxattr, unix.Lsetxattr
	}
	size, err := list(src, nil)
	if err != nil || size == 0 {
		return nil
	}
	buf := make([]byte, size)
	n, err := list(src, buf)
	if err != nil {
		return nil
	}
	for _, name := range strings.Split(strings.TrimRight(string(buf[:n]), "\x00"), "\x00") {
		if name == "" {
			continue
		}
		if err := l.audit(thread, "os.getxattr", starlark.String(src), starlark.String(name)); err != nil {
			return err
		}
		vsize, err := get(src, name, nil)
		if err != nil {
			continue
		}
		val := make([]byte, vsize)
		vn, err := get(src, name, val)
		if err != nil {
			continue
		}
		if err := l.audit(thread, "os.setxattr", starlark.String(dst), starlark.String(name), starlark.Bytes(val[:vn]), starlark.MakeInt(0)); err != nil {
			return err
		}
		if err := set(dst, name, val[:vn], 0); err != nil &&
			!errors.Is(err, unix.EPERM) && !errors.Is(err, unix.ENOTSUP) && !errors.Is(err, unix.ENODATA) && !errors.Is(err, unix.EINVAL) {
			return pathErr("setxattr", dst, err)
		}
	}
	return nil
}

// copytree(src, dst, symlinks=False, ignore=None, copy_function=copy2,
// ignore_dangling_symlinks=False, dirs_exist_ok=False).
func (l *sysLib) shutilCopytree(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst pathOf
	symlinks, ignoreDangling, existOK := false, false, false
	var ignore, copyFn starlark.Value = starlark.None, starlark.None
	if err := l.unpack(b.Name(), args, kwargs, "src", &src, "dst", &dst, "symlinks?", &symlinks, "ignore?", &ignore,
		"copy_function?", &copyFn, "ignore_dangling_symlinks?", &ignoreDangling, "dirs_exist_ok?", &existOK); err != nil {
		return nil, err
	}
	if err := checkPath(b.Name(), src.s, dst.s); err != nil {
		return nil, err
	}
	t := &treeCopy{l: l, thread: thread, symlinks: symlinks, ignore: ignore, copyFn: copyFn, ignoreDangling: ignoreDangling, existOK: existOK}
	if err := t.copy(src, dst.s); err != nil {
		return nil, err
	}
	return dst.v, nil
}

type treeCopy struct {
	l                        *sysLib
	thread                   *starlark.Thread
	symlinks, ignoreDangling bool
	existOK                  bool
	ignore, copyFn           starlark.Value
}

// copy is CPython's copytree/_copytree for one directory.
func (t *treeCopy) copy(src pathOf, dst string) error {
	l, thread := t.l, t.thread
	if err := l.audit(thread, "shutil.copytree", src.v, starlark.String(dst)); err != nil {
		return err
	}
	entries, err := l.scandir(thread, src.s, true)
	if err != nil {
		return err
	}
	ignored := map[string]bool{}
	if fn, ok := t.ignore.(starlark.Callable); ok {
		names := make([]starlark.Value, len(entries))
		for i, e := range entries {
			names[i] = starlark.String(e.name)
		}
		res, err := starlark.Call(thread, fn, starlark.Tuple{starlark.String(src.s), starlark.NewList(names)}, nil)
		if err != nil {
			return err
		}
		if it, ok := res.(starlark.Iterable); ok {
			iter := it.Iterate()
			var v starlark.Value
			for iter.Next(&v) {
				if s, ok := v.(starlark.String); ok {
					ignored[string(s)] = true
				}
			}
			iter.Done()
		}
	}
	if err := l.makedirs(thread, dst, 0o777, t.existOK); err != nil {
		return err
	}
	var errs treeError
	for _, e := range entries {
		if ignored[e.name] {
			continue
		}
		dstname := pyJoin(dst, e.name)
		srcobj := pathOf{s: e.path, v: e}
		var err error
		var lst unix.Stat_t
		isLink := unix.Lstat(e.path, &lst) == nil && lst.Mode&unix.S_IFMT == unix.S_IFLNK
		switch {
		case isLink:
			var linkto string
			if linkto, err = readlink(e.path); err != nil {
				break
			}
			if t.symlinks {
				if err = l.symlink(thread, linkto, dstname); err == nil {
					err = l.copystat(thread, srcobj, dstname, false)
				}
				break
			}
			// CPython tests the link's text, relative to the working
			// directory, not to the link's directory.
			if !exists(linkto) && t.ignoreDangling {
				continue
			}
			if isDir(e.path) {
				err = t.copy(srcobj, dstname)
			} else {
				err = t.copyFile(srcobj, dstname)
			}
		case isDir(e.path):
			err = t.copy(srcobj, dstname)
		default:
			err = t.copyFile(srcobj, dstname)
		}
		if err != nil {
			var nested *treeError
			switch {
			case errors.As(err, &nested):
				errs = append(errs, *nested...)
			case isFatal(err) || isDenied(err) || !isOSError(err):
				return err // a denial, the run ending, or not an OSError: stop at once
			default:
				errs = append(errs, [3]string{pyQuote(e.path), pyQuote(dstname), pyQuote(errMsg(err))})
			}
		}
	}
	if err := l.copystat(thread, src, dst, true); err != nil {
		if isFatal(err) || isDenied(err) || !isOSError(err) {
			return err
		}
		errs = append(errs, [3]string{reprOf(src.v), pyQuote(dst), pyQuote(errMsg(err))})
	}
	if len(errs) > 0 {
		return &errs
	}
	return nil
}

// treeError is copytree's shutil.Error: the (src, dst, why) of every entry
// that failed, the nested copies' included; its message is the list's
// Python repr, as CPython's str(Error(errors)).
type treeError [][3]string

func (e *treeError) Kind() string { return "Error" }
func (e *treeError) Error() string {
	parts := make([]string, len(*e))
	for i, it := range *e {
		parts[i] = "(" + it[0] + ", " + it[1] + ", " + it[2] + ")"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// reprOf is a path value's Python repr: a str quoted, a DirEntry as
// <DirEntry 'name'>.
func reprOf(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return pyQuote(string(s))
	}
	return v.String()
}

// isOSError reports whether err is of an OSError class (what CPython's
// copytree collects rather than raises).
func isOSError(err error) bool {
	switch pyKind(err) {
	case "OSError", "FileNotFoundError", "FileExistsError", "PermissionError", "IsADirectoryError",
		"NotADirectoryError", "InterruptedError", "BlockingIOError", "ChildProcessError", "ProcessLookupError",
		"TimeoutError", "ConnectionError", "BrokenPipeError", "ConnectionAbortedError",
		"ConnectionRefusedError", "ConnectionResetError", "Error", "SameFileError", "SpecialFileError":
		return true
	}
	return false
}

func errMsg(err error) string {
	_, msg := pyerr.KindOf(err)
	return msg
}

// copyFile applies copy_function: copy2 (the default) or copy get the
// DirEntry, as in CPython; any other callable gets the path strings.
func (t *treeCopy) copyFile(src pathOf, dst string) error {
	switch fn := t.copyFn.(type) {
	case starlark.NoneType:
		_, err := t.l.copyTo(t.thread, true, src, pathOf{s: dst, v: starlark.String(dst)}, true)
		return err
	case *starlark.Builtin:
		if fn.Name() == "shutil.copy" || fn.Name() == "shutil.copy2" {
			_, err := t.l.copyTo(t.thread, fn.Name() == "shutil.copy2", src, pathOf{s: dst, v: starlark.String(dst)}, true)
			return err
		}
	}
	fn, ok := t.copyFn.(starlark.Callable)
	if !ok {
		return pyerr.New("TypeError", "copytree: copy_function must be callable")
	}
	_, err := starlark.Call(t.thread, fn, starlark.Tuple{starlark.String(src.s), starlark.String(dst)}, nil)
	return err
}

// which(cmd, mode=os.F_OK | os.X_OK, path=None): the first executable
// file named cmd on PATH (or path), as CPython.
func (l *sysLib) shutilWhich(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cmd strArg
	mode := unix.F_OK | unix.X_OK
	var pathV optStrArg
	if err := l.unpack(b.Name(), args, kwargs, "cmd", &cmd, "mode?", &mode, "path?", &pathV); err != nil {
		return nil, err
	}
	ok := func(p string) bool {
		var st unix.Stat_t
		return unix.Stat(p, &st) == nil && st.Mode&unix.S_IFMT != unix.S_IFDIR &&
			unix.Faccessat(unix.AT_FDCWD, p, uint32(mode), 0) == nil
	}
	if strings.Contains(cmd.s, "/") {
		if ok(cmd.s) {
			return l.sameType(true, args, cmd.s), nil
		}
		return starlark.None, nil
	}
	path := pathV.s
	if !pathV.set {
		p, found := os.LookupEnv("PATH")
		if !found {
			p = "/bin:/usr/bin" // os.defpath
		}
		path = p
	}
	if path == "" {
		return starlark.None, nil
	}
	seen := map[string]bool{}
	for _, dir := range strings.Split(path, ":") {
		if seen[dir] {
			continue
		}
		seen[dir] = true
		name := pyJoin(dir, cmd.s)
		if ok(name) {
			return l.sameType(true, args, name), nil
		}
	}
	return starlark.None, nil
}

// disk_usage(path) → usage(total, used, free), from statvfs.
func (l *sysLib) shutilDiskUsage(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p strArg
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &p); err != nil {
		return nil, err
	}
	var st unix.Statfs_t
	if err := unix.Statfs(p.s, &st); err != nil {
		return nil, pathErr("statvfs", p.s, err)
	}
	bs := uint64(st.Frsize)
	if bs == 0 {
		bs = uint64(st.Bsize)
	}
	total := st.Blocks * bs
	free := st.Bavail * bs
	used := (st.Blocks - st.Bfree) * bs
	return core.NewNamedTuple("usage", []string{"total", "used", "free"},
		starlark.MakeUint64(total), starlark.MakeUint64(used), starlark.MakeUint64(free)), nil
}

// chown(path, user=None, group=None) raises shutil.chown (path, user,
// group), then os.chown with the looked-up ids.
func (l *sysLib) shutilChown(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p strArg
	var user, group starlark.Value = starlark.None, starlark.None
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &p, "user?", &user, "group?", &group); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "shutil.chown", p.value(), user, group); err != nil {
		return nil, err
	}
	if user == starlark.None && group == starlark.None {
		return nil, pyerr.New("ValueError", "user and/or group must be set")
	}
	lookup := func(v starlark.Value, file, what string) (int, error) {
		switch v := v.(type) {
		case starlark.NoneType:
			return -1, nil
		case starlark.Int:
			n, _ := v.Int64()
			return int(n), nil
		case starlark.String:
			id, ok := idField(file, string(v))
			if !ok {
				return 0, pyerr.New("LookupError", "no such %s: %s", what, pyQuote(string(v)))
			}
			return id, nil
		}
		return 0, pyerr.New("TypeError", "shutil.chown: %s must be a str, an int or None", what)
	}
	uid, err := lookup(user, "/etc/passwd", "user")
	if err != nil {
		return nil, err
	}
	gid, err := lookup(group, "/etc/group", "group")
	if err != nil {
		return nil, err
	}
	return starlark.None, l.chown(thread, p.s, uid, gid, true)
}

// idField is the numeric id (third field) of name in /etc/passwd or
// /etc/group.
func idField(file, name string) (int, bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) > 2 && f[0] == name {
			n := 0
			for _, c := range f[2] {
				if c < '0' || c > '9' {
					return 0, false
				}
				n = n*10 + int(c-'0')
			}
			return n, true
		}
	}
	return 0, false
}

// copyfileobj(fsrc, fdst, length=0) copies between two open files (no
// event: both were opened, with their events).
func (l *sysLib) shutilCopyfileobj(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst starlark.Value
	length := 0
	if err := l.unpack(b.Name(), args, kwargs, "fsrc", &src, "fdst", &dst, "length?", &length); err != nil {
		return nil, err
	}
	in, ok1 := src.(*sysFile)
	out, ok2 := dst.(*sysFile)
	if !ok1 || !ok2 {
		return nil, pyerr.New("TypeError", "shutil.copyfileobj: fsrc and fdst must be files from open()")
	}
	if err := in.check(true); err != nil {
		return nil, err
	}
	if err := out.check(false); err != nil {
		return nil, err
	}
	if n := out.br.Buffered(); n > 0 {
		_, _ = out.f.Seek(-int64(n), io.SeekCurrent)
		out.br.Reset(out.f)
	}
	if _, err := io.Copy(out.f, in.br); err != nil {
		return nil, osError(err)
	}
	return starlark.None, nil
}

// ignore_patterns(*patterns) returns the function copytree's ignore=
// takes: (path, names) → the set of names matching any pattern.
func (l *sysLib) shutilIgnorePatterns(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New("TypeError", "ignore_patterns() takes no keyword arguments")
	}
	var pats []string
	for _, a := range args {
		s, ok := a.(starlark.String)
		if !ok {
			return nil, pyerr.New("TypeError", "ignore_patterns: patterns must be str, not %s", a.Type())
		}
		pats = append(pats, string(s))
	}
	return starlark.NewBuiltin("_ignore_patterns", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var path starlark.Value
		var names starlark.Iterable
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &path, &names); err != nil {
			return nil, pyerr.New("TypeError", "%s", err.Error())
		}
		set := starlark.NewSet(0)
		it := names.Iterate()
		defer it.Done()
		var v starlark.Value
		for it.Next(&v) {
			s, ok := v.(starlark.String)
			if !ok {
				continue
			}
			for _, p := range pats {
				if m, err := fnmatch.Match(string(s), p); err == nil && m {
					_ = set.Insert(s)
					break
				}
			}
		}
		return set, nil
	}), nil
}
