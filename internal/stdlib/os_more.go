package stdlib

import (
	"errors"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
)

// osMoreFuncs are the os functions beyond the spec's first table (issue
// 13): metadata, links, times, ids. Each follows CPython 3.11's signature
// and raises its event (or none, with the reason in catalog.go).
func (l *sysLib) osMoreFuncs() map[string]builtinFunc {
	return map[string]builtinFunc{
		"stat":       l.osStat,
		"lstat":      l.osLstat,
		"scandir":    l.osScandir,
		"unlink":     l.osRemove,
		"replace":    l.osReplace,
		"chown":      l.osChown,
		"link":       l.osLink,
		"readlink":   l.osReadlink,
		"utime":      l.osUtime,
		"access":     l.osAccess,
		"umask":      l.osUmask,
		"truncate":   l.osTruncate,
		"getgid":     idFunc(os.Getgid),
		"geteuid":    idFunc(os.Geteuid),
		"getegid":    idFunc(os.Getegid),
		"getppid":    idFunc(os.Getppid),
		"getlogin":   l.osGetlogin,
		"cpu_count":  l.osCPUCount,
		"removedirs": l.osRemovedirs,
		"fspath":     l.osFspath,
	}
}

// osConstants are os's data members.
func osConstants() starlark.StringDict {
	return starlark.StringDict{
		"sep":     starlark.String("/"),
		"altsep":  starlark.None,
		"extsep":  starlark.String("."),
		"pathsep": starlark.String(":"),
		"linesep": starlark.String("\n"),
		"devnull": starlark.String("/dev/null"),
		"curdir":  starlark.String("."),
		"pardir":  starlark.String(".."),
		"name":    starlark.String("posix"),
		"F_OK":    starlark.MakeInt(unix.F_OK),
		"R_OK":    starlark.MakeInt(unix.R_OK),
		"W_OK":    starlark.MakeInt(unix.W_OK),
		"X_OK":    starlark.MakeInt(unix.X_OK),
	}
}

func idFunc(f func() int) builtinFunc {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return nil, pyerr.New("TypeError", "%s", err.Error())
		}
		return starlark.MakeInt(f()), nil
	}
}

// statResult is os.stat_result: the fields by name (st_mode, st_size, …,
// the times as float seconds and as int nanoseconds).
func statResult(st *unix.Stat_t) starlark.Value {
	ts := func(t unix.Timespec) (starlark.Value, starlark.Value) {
		ns := t.Nano()
		return starlark.Float(float64(t.Sec) + float64(t.Nsec)/1e9), starlark.MakeInt64(ns)
	}
	at, atn := ts(st.Atim)
	mt, mtn := ts(st.Mtim)
	ct, ctn := ts(st.Ctim)
	return starlarkstruct.FromStringDict(starlark.String("os.stat_result"), starlark.StringDict{
		"st_mode":     starlark.MakeUint64(uint64(st.Mode)),
		"st_ino":      starlark.MakeUint64(st.Ino),
		"st_dev":      starlark.MakeUint64(st.Dev),
		"st_nlink":    starlark.MakeUint64(uint64(st.Nlink)),
		"st_uid":      starlark.MakeUint64(uint64(st.Uid)),
		"st_gid":      starlark.MakeUint64(uint64(st.Gid)),
		"st_size":     starlark.MakeInt64(st.Size),
		"st_atime":    at,
		"st_mtime":    mt,
		"st_ctime":    ct,
		"st_atime_ns": atn,
		"st_mtime_ns": mtn,
		"st_ctime_ns": ctn,
		"st_blocks":   starlark.MakeInt64(st.Blocks),
		"st_blksize":  starlark.MakeInt64(int64(st.Blksize)),
		"st_rdev":     starlark.MakeUint64(st.Rdev),
	})
}

func doStat(fn, path string, follow bool) (*unix.Stat_t, error) {
	var st unix.Stat_t
	var err error
	if follow {
		err = unix.Stat(path, &st)
	} else {
		err = unix.Lstat(path, &st)
	}
	if err != nil {
		return nil, pathErr(fn, path, err)
	}
	return &st, nil
}

// stat(path, *, dir_fd=None, follow_symlinks=True): no event; CPython
// raises none for stat (metadata only, see catalog.go).
func (l *sysLib) osStat(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var dirFD starlark.Value
	follow := true
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "dir_fd?", &dirFD, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	st, err := doStat("stat", path.s, follow)
	if err != nil {
		return nil, err
	}
	return statResult(st), nil
}

func (l *sysLib) osLstat(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var dirFD starlark.Value
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	st, err := doStat("lstat", path.s, false)
	if err != nil {
		return nil, err
	}
	return statResult(st), nil
}

// scandir(path=".") raises os.scandir (path) and returns the entries as a
// list of DirEntry values (in directory order, as CPython's iterator).
func (l *sysLib) osScandir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path optStrArg
	if err := l.unpackPath(b.Name(), args, kwargs, "path?", &path); err != nil {
		return nil, err
	}
	dir := "."
	if path.set {
		dir = path.s
	}
	ents, err := l.scandir(thread, dir, path.set)
	if err != nil {
		return nil, err
	}
	_, isBytes := argValue(args, kwargs, 0, "path").(starlark.Bytes)
	vals := make([]starlark.Value, len(ents))
	for i, e := range ents {
		e.bytes = isBytes
		vals[i] = e
	}
	return starlark.NewList(vals), nil
}

// scandir raises os.scandir (dir) and lists dir: entry paths are
// os.path.join(dir, name) ("./name" with no path given), as in CPython.
func (l *sysLib) scandir(thread *starlark.Thread, dir string, given bool) ([]*dirEntry, error) {
	var ev starlark.Value = starlark.String(dir)
	if !given {
		ev = starlark.None // as CPython: the argument as given
	}
	if err := l.audit(thread, "os.scandir", ev); err != nil {
		return nil, err
	}
	f, err := os.Open(dir)
	if err != nil {
		return nil, osError(err)
	}
	defer f.Close()
	ents, err := f.ReadDir(-1)
	if err != nil {
		return nil, pathErr("scandir", dir, err)
	}
	out := make([]*dirEntry, len(ents))
	for i, e := range ents {
		out[i] = &dirEntry{name: e.Name(), path: pyJoin(dir, e.Name()), typ: e.Type()}
	}
	return out, nil
}

// dirEntry is os.DirEntry. Its stat() results are cached on first use,
// as CPython's are (shutil relies on it: copytree's copystat sees the
// source's times from before the copy read it).
type dirEntry struct {
	name, path  string
	typ         fs.FileMode // the type readdir gave, as CPython's d_type
	bytes       bool        // scandir was given bytes: name and path are bytes
	stat, lstat *unix.Stat_t
}

// str is s as the entry returns it: bytes for a bytes scandir.
func (e *dirEntry) str(s string) starlark.Value {
	if e.bytes {
		return starlark.Bytes(s)
	}
	return starlark.String(s)
}

// cachedStat is DirEntry.stat(follow_symlinks=follow).
func (e *dirEntry) cachedStat(follow bool) (*unix.Stat_t, error) {
	p := &e.stat
	if !follow {
		p = &e.lstat
	}
	if *p == nil {
		st, err := doStat("stat", e.path, follow)
		if err != nil {
			return nil, err
		}
		*p = st
	}
	return *p, nil
}

var _ starlark.HasAttrs = (*dirEntry)(nil)

func (e *dirEntry) String() string        { return "<DirEntry " + pyQuote(e.name) + ">" }
func (e *dirEntry) Type() string          { return "DirEntry" }
func (e *dirEntry) Freeze()               {}
func (e *dirEntry) Truth() starlark.Bool  { return starlark.True }
func (e *dirEntry) Hash() (uint32, error) { return starlark.String(e.path).Hash() }
func (e *dirEntry) AttrNames() []string {
	return []string{"inode", "is_dir", "is_file", "is_symlink", "name", "path", "stat"}
}

func (e *dirEntry) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return e.str(e.name), nil
	case "path":
		return e.str(e.path), nil
	}
	var fn builtinFunc
	switch name {
	case "is_dir", "is_file":
		want := uint32(unix.S_IFDIR)
		if name == "is_file" {
			want = unix.S_IFREG
		}
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			follow := true
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "follow_symlinks?", &follow); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			// As CPython: the type readdir gave, a stat (cached) only to
			// follow a symlink, so an entry removed since still answers.
			if !follow || e.typ&fs.ModeSymlink == 0 {
				if name == "is_dir" {
					return starlark.Bool(e.typ.IsDir()), nil
				}
				return starlark.Bool(e.typ.IsRegular()), nil
			}
			st, err := e.cachedStat(true)
			return starlark.Bool(err == nil && st.Mode&unix.S_IFMT == want), nil
		}
	case "is_symlink":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			return starlark.Bool(e.typ&fs.ModeSymlink != 0), nil
		}
	case "stat":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			follow := true
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "follow_symlinks?", &follow); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			st, err := e.cachedStat(follow)
			if err != nil {
				return nil, err
			}
			return statResult(st), nil
		}
	case "inode":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			st, err := doStat("lstat", e.path, false)
			if err != nil {
				return nil, err
			}
			return starlark.MakeUint64(st.Ino), nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(e), nil
}

// replace(src, dst) is rename: both raise os.rename in CPython.
func (l *sysLib) osReplace(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return l.osRename(thread, b, args, kwargs)
}

// chown(path, uid, gid, *, dir_fd=None, follow_symlinks=True) raises
// os.chown (path, uid, gid, dir_fd) with -1 as CPython passes it, the
// unsigned 4294967295.
func (l *sysLib) osChown(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var uid, gid int
	var dirFD starlark.Value
	follow := true
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "uid", &uid, "gid", &gid, "dir_fd?", &dirFD, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	return starlark.None, l.chown(thread, path.s, uid, gid, follow)
}

func (l *sysLib) chown(thread *starlark.Thread, path string, uid, gid int, follow bool) error {
	if err := l.audit(thread, "os.chown", starlark.String(path), starlark.MakeUint64(uint64(uint32(uid))), starlark.MakeUint64(uint64(uint32(gid))), starlark.MakeInt(-1)); err != nil {
		return err
	}
	var err error
	if follow {
		err = unix.Chown(path, uid, gid)
	} else {
		err = unix.Lchown(path, uid, gid)
	}
	if err != nil {
		return pathErr("chown", path, err)
	}
	return nil
}

// link(src, dst, *, src_dir_fd=None, dst_dir_fd=None, follow_symlinks=True)
// raises os.link (src, dst, src_dir_fd, dst_dir_fd).
func (l *sysLib) osLink(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst strArg
	var srcFD, dstFD starlark.Value
	follow := true
	if err := l.unpackPath(b.Name(), args, kwargs, "src", &src, "dst", &dst, "src_dir_fd?", &srcFD, "dst_dir_fd?", &dstFD, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "os.link", src.value(), dst.value(), starlark.MakeInt(-1), starlark.MakeInt(-1)); err != nil {
		return nil, err
	}
	flags := 0
	if follow {
		flags = unix.AT_SYMLINK_FOLLOW
	}
	if err := unix.Linkat(unix.AT_FDCWD, src.s, unix.AT_FDCWD, dst.s, flags); err != nil {
		return nil, osError(&os.LinkError{Op: "link", Old: src.s, New: dst.s, Err: err})
	}
	return starlark.None, nil
}

// readlink(path, *, dir_fd=None): no event (CPython raises none).
func (l *sysLib) osReadlink(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var dirFD starlark.Value
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	buf := make([]byte, 4096)
	n, err := unix.Readlink(path.s, buf)
	if err != nil {
		return nil, pathErr("readlink", path.s, err)
	}
	return l.sameType(true, args, string(buf[:n])), nil
}

// utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True)
// raises os.utime (path, times, ns, dir_fd).
func (l *sysLib) osUtime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var times, ns, dirFD starlark.Value = starlark.None, starlark.None, nil
	follow := true
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "times?", &times, "ns?", &ns, "dir_fd?", &dirFD, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	var ts []unix.Timespec
	switch {
	case times != starlark.None && ns != starlark.None:
		return nil, pyerr.New("ValueError", "utime: you may specify either 'times' or 'ns' but not both")
	case times != starlark.None:
		pair, err := timePair("times", times, func(v starlark.Value) (unix.Timespec, bool) {
			f, ok := starlark.AsFloat(v)
			if !ok {
				return unix.Timespec{}, false
			}
			return unix.NsecToTimespec(int64(f * 1e9)), true
		})
		if err != nil {
			return nil, err
		}
		ts = pair
	case ns != starlark.None:
		pair, err := timePair("ns", ns, func(v starlark.Value) (unix.Timespec, bool) {
			var n int64
			if starlark.AsInt(v, &n) != nil {
				return unix.Timespec{}, false
			}
			return unix.NsecToTimespec(n), true
		})
		if err != nil {
			return nil, err
		}
		ts = pair
	}
	return starlark.None, l.utime(thread, path.s, times, ns, ts, follow)
}

func timePair(param string, v starlark.Value, conv func(starlark.Value) (unix.Timespec, bool)) ([]unix.Timespec, error) {
	t, ok := v.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return nil, pyerr.New("TypeError", "utime: '%s' must be a tuple of two ints", param)
	}
	a, ok1 := conv(t[0])
	m, ok2 := conv(t[1])
	if !ok1 || !ok2 {
		return nil, pyerr.New("TypeError", "utime: '%s' must be a tuple of two numbers", param)
	}
	return []unix.Timespec{a, m}, nil
}

// utime sets the times (nil: now) after raising os.utime.
func (l *sysLib) utime(thread *starlark.Thread, path string, times, ns starlark.Value, ts []unix.Timespec, follow bool) error {
	if err := l.audit(thread, "os.utime", starlark.String(path), times, ns, starlark.MakeInt(-1)); err != nil {
		return err
	}
	flags := 0
	if !follow {
		flags = unix.AT_SYMLINK_NOFOLLOW
	}
	if err := unix.UtimesNanoAt(unix.AT_FDCWD, path, ts, flags); err != nil {
		return osError(err) // CPython names no file here
	}
	return nil
}

// access(path, mode, *, dir_fd=None, effective_ids=False,
// follow_symlinks=True): no event (CPython raises none).
func (l *sysLib) osAccess(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var mode int
	var dirFD starlark.Value
	effective, follow := false, true
	if err := l.unpack(b.Name(), args, kwargs, "path", &path, "mode", &mode, "dir_fd?", &dirFD, "effective_ids?", &effective, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	if err := l.noDirFD(b.Name(), dirFD); err != nil {
		return nil, err
	}
	if checkPath(b.Name(), path.s) != nil {
		return nil, pyerr.New("ValueError", "embedded null byte")
	}
	flags := 0
	if effective {
		flags |= unix.AT_EACCESS
	}
	if !follow {
		flags |= unix.AT_SYMLINK_NOFOLLOW
	}
	return starlark.Bool(unix.Faccessat(unix.AT_FDCWD, path.s, uint32(mode), flags) == nil), nil
}

// umask(mask) sets the file-creation mask and returns the old one.
func (l *sysLib) osUmask(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mask int
	if err := l.unpack(b.Name(), args, kwargs, "mask", &mask); err != nil {
		return nil, err
	}
	return starlark.MakeInt(unix.Umask(mask & 0o777)), nil
}

// truncate(path, length) raises os.truncate (path, length).
func (l *sysLib) osTruncate(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var length int64
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "length", &length); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "os.truncate", path.value(), starlark.MakeInt64(length)); err != nil {
		return nil, err
	}
	if err := unix.Truncate(path.s, length); err != nil {
		return nil, pathErr("truncate", path.s, err)
	}
	return starlark.None, nil
}

// getlogin is glibc's: the login user id the kernel keeps for the session
// (/proc/self/loginuid), looked up in /etc/passwd; OSError when there is
// none (a process outside a login session), as in CPython.
func (l *sysLib) osGetlogin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := l.unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	noLogin := pyerr.New("OSError", "[Errno %d] %s", int(syscall.ENXIO), "No such device or address")
	data, err := os.ReadFile("/proc/self/loginuid")
	if err != nil {
		return nil, noLogin
	}
	uid, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 32)
	if err != nil || uid == 0xffffffff {
		return nil, noLogin
	}
	if name, ok := passwdField(strconv.FormatUint(uid, 10), 2, 0); ok {
		return starlark.String(name), nil
	}
	return nil, noLogin
}

// cpu_count is the number of CPUs online (glibc's
// sysconf(_SC_NPROCESSORS_ONLN), as CPython uses), not the affinity mask.
func (l *sysLib) osCPUCount(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := l.unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	if n := onlineCPUs(); n > 0 {
		return starlark.MakeInt(n), nil
	}
	return starlark.MakeInt(runtime.NumCPU()), nil
}

// onlineCPUs parses /sys/devices/system/cpu/online ("0-3,5"); 0 if it
// cannot.
func onlineCPUs() int {
	data, err := os.ReadFile("/sys/devices/system/cpu/online")
	if err != nil {
		return 0
	}
	n := 0
	for _, r := range strings.Split(strings.TrimSpace(string(data)), ",") {
		lo, hi, isRange := strings.Cut(r, "-")
		a, err1 := strconv.Atoi(lo)
		z := a
		var err2 error
		if isRange {
			z, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil || z < a {
			return 0
		}
		n += z - a + 1
	}
	return n
}

// removedirs(name) removes name, then each parent until one fails, as
// CPython: each step raises os.rmdir.
func (l *sysLib) osRemovedirs(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name strArg
	if err := l.unpackPath(b.Name(), args, kwargs, "name", &name); err != nil {
		return nil, err
	}
	if err := l.rmdir(thread, name.s); err != nil {
		return nil, err
	}
	head, tail := pySplit(name.s)
	if tail == "" {
		head, tail = pySplit(head)
	}
	for head != "" && tail != "" {
		if err := l.rmdir(thread, head); err != nil {
			if isFatal(err) {
				return nil, err
			}
			break // CPython: except OSError: break
		}
		head, tail = pySplit(head)
	}
	return starlark.None, nil
}

// isFatal reports whether err ends the run (a limit, a signal, a failing
// log): never swallowed where Python would catch an OSError.
func isFatal(err error) bool {
	var f interface{ Fatal() bool }
	return errors.As(err, &f) && f.Fatal()
}

func (l *sysLib) rmdir(thread *starlark.Thread, path string) error {
	if err := l.audit(thread, "os.rmdir", starlark.String(path), starlark.MakeInt(-1)); err != nil {
		return err
	}
	if err := syscall.Rmdir(path); err != nil {
		return pathErr("rmdir", path, err)
	}
	return nil
}

// fspath(path) returns a str or bytes path unchanged.
func (l *sysLib) osFspath(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p starlark.Value
	if err := l.unpack(b.Name(), args, kwargs, "path", &p); err != nil {
		return nil, err
	}
	switch p.(type) {
	case starlark.String, starlark.Bytes:
		return p, nil
	}
	return nil, pyerr.New("TypeError", "expected str, bytes or os.PathLike object, not %s", p.Type())
}
