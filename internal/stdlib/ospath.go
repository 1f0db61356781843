package stdlib

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/cwd"
	"github.com/spython-dev/spython/internal/pyerr"
	"golang.org/x/sys/unix"
)

// osPathModule is os.path (posixpath). Its functions raise no events:
// CPython's os.path raises none (os.stat is not audited); they compute
// strings or read metadata only.
func (l *sysLib) osPathModule() *starlarkstruct.Module {
	str1 := func(name string, f func(string) string) *starlark.Builtin {
		return l.builtin("os.path."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p strArg
			if err := l.unpack(b.Name(), args, kwargs, "path", &p); err != nil {
				return nil, err
			}
			return l.sameType(true, args, f(p.s)), nil
		})
	}
	test := func(name string, f func(os.FileInfo) bool) *starlark.Builtin {
		return l.builtin("os.path."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p strArg
			if err := l.unpack(b.Name(), args, kwargs, "path", &p); err != nil {
				return nil, err
			}
			if checkPath(b.Name(), p.s) != nil {
				return starlark.False, nil // Python: invalid paths do not exist
			}
			st, err := os.Stat(p.s)
			return starlark.Bool(err == nil && f(st)), nil
		})
	}
	members := starlark.StringDict{
		"join":     l.builtin("os.path.join", l.pathJoin),
		"exists":   test("exists", func(os.FileInfo) bool { return true }),
		"isfile":   test("isfile", func(st os.FileInfo) bool { return st.Mode().IsRegular() }),
		"isdir":    test("isdir", func(st os.FileInfo) bool { return st.IsDir() }),
		"basename": str1("basename", pyBasename),
		"dirname":  str1("dirname", pyDirname),
		"abspath":  l.builtin("os.path.abspath", l.pathAbspath),
		"getsize":  l.builtin("os.path.getsize", l.pathGetsize),
		"splitext": l.builtin("os.path.splitext", l.pathSplitext),
	}
	for k, v := range l.osPathMore() {
		members[k] = v
	}
	return &starlarkstruct.Module{Name: "os.path", Members: members}
}

func (l *sysLib) pathJoin(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 || len(args) == 0 {
		return nil, pyerr.New("TypeError", "%s() takes at least 1 positional argument and no keyword arguments", b.Name())
	}
	parts := make([]string, len(args))
	for i, a := range args {
		var s strArg
		if err := s.Unpack(a); err != nil {
			return nil, pyerr.New("TypeError", "%s: argument %d: %s", b.Name(), i+1, err)
		}
		parts[i] = s.s
	}
	return l.sameType(true, args, pyJoin(parts[0], parts[1:]...)), nil
}

func (l *sysLib) pathAbspath(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p strArg
	if err := l.unpack(b.Name(), args, kwargs, "path", &p); err != nil {
		return nil, err
	}
	s := p.s
	if !strings.HasPrefix(s, "/") {
		wd, err := cwd.Get()
		if err != nil {
			return nil, osError(err)
		}
		s = pyJoin(wd, s)
	}
	return l.sameType(true, args, pyNormpath(s)), nil
}

// getsize follows symlinks, as Python's does.
func (l *sysLib) pathGetsize(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p strArg
	if err := l.unpackPath(b.Name(), args, kwargs, "filename", &p); err != nil {
		return nil, err
	}
	st, err := os.Stat(p.s)
	if err != nil {
		return nil, osError(err)
	}
	return starlark.MakeInt64(st.Size()), nil
}

func (l *sysLib) pathSplitext(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p strArg
	if err := l.unpack(b.Name(), args, kwargs, "p", &p); err != nil {
		return nil, err
	}
	root, ext := pySplitext(p.s)
	return starlark.Tuple{l.sameType(true, args, root), l.sameType(true, args, ext)}, nil
}

// The functions below follow CPython's posixpath exactly, which differs
// from Go's path/filepath (no cleaning, trailing slashes kept).

func pyJoin(a string, p ...string) string {
	path := a
	for _, b := range p {
		switch {
		case strings.HasPrefix(b, "/"):
			path = b
		case path == "" || strings.HasSuffix(path, "/"):
			path += b
		default:
			path += "/" + b
		}
	}
	return path
}

func pySplit(p string) (head, tail string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail = p[:i], p[i:]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

func pyBasename(p string) string {
	return p[strings.LastIndexByte(p, '/')+1:]
}

func pyDirname(p string) string {
	head, _ := pySplit(p)
	return head
}

func pySplitext(p string) (string, string) {
	sep := strings.LastIndexByte(p, '/')
	dot := strings.LastIndexByte(p, '.')
	if dot > sep {
		// A leading run of dots is part of the name (".bashrc").
		for i := sep + 1; i < dot; i++ {
			if p[i] != '.' {
				return p[:dot], p[dot:]
			}
		}
	}
	return p, ""
}

func pyNormpath(p string) string {
	if p == "" {
		return "."
	}
	initial := 0
	if strings.HasPrefix(p, "/") {
		initial = 1
		// POSIX lets exactly two leading slashes mean something else.
		if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
			initial = 2
		}
	}
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c == "" || c == "." {
			continue
		}
		if c != ".." || (initial == 0 && len(out) == 0) || (len(out) > 0 && out[len(out)-1] == "..") {
			out = append(out, c)
		} else if len(out) > 0 {
			out = out[:len(out)-1]
		}
	}
	s := strings.Repeat("/", initial) + strings.Join(out, "/")
	if s == "" {
		return "."
	}
	return s
}

// osPathMore are the os.path functions beyond the spec's first table
// (issue 13), after CPython's posixpath. None raises an event: CPython's
// raise none (stat, lstat and readlink are not audited).
func (l *sysLib) osPathMore() starlark.StringDict {
	str1 := func(name, param string, f func(string) (string, error)) *starlark.Builtin {
		return l.builtin("os.path."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p strArg
			if err := l.unpack(b.Name(), args, kwargs, param, &p); err != nil {
				return nil, err
			}
			s, err := f(p.s)
			if err != nil {
				return nil, err
			}
			return l.sameType(true, args, s), nil
		})
	}
	test := func(name string, f func(string) bool) *starlark.Builtin {
		return l.builtin("os.path."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p strArg
			if err := l.unpack(b.Name(), args, kwargs, "path", &p); err != nil {
				return nil, err
			}
			if checkPath(b.Name(), p.s) != nil {
				return starlark.False, nil
			}
			return starlark.Bool(f(p.s)), nil
		})
	}
	timeFn := func(name string, pick func(*unix.Stat_t) unix.Timespec) *starlark.Builtin {
		return l.builtin("os.path."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p strArg
			if err := l.unpackPath(b.Name(), args, kwargs, "filename", &p); err != nil {
				return nil, err
			}
			st, err := doStat("stat", p.s, true)
			if err != nil {
				return nil, err
			}
			t := pick(st)
			return starlark.Float(float64(t.Sec) + float64(t.Nsec)/1e9), nil
		})
	}
	return starlark.StringDict{
		"sep":     starlark.String("/"),
		"curdir":  starlark.String("."),
		"pardir":  starlark.String(".."),
		"pathsep": starlark.String(":"),
		"normpath": str1("normpath", "path", func(s string) (string, error) {
			return pyNormpath(s), nil
		}),
		"realpath":   l.builtin("os.path.realpath", l.pathRealpath),
		"expanduser": str1("expanduser", "path", func(s string) (string, error) { return l.expanduser(s), nil }),
		"expandvars": str1("expandvars", "path", func(s string) (string, error) { return l.expandvars(s), nil }),
		"islink": test("islink", func(p string) bool {
			var st unix.Stat_t
			return unix.Lstat(p, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK
		}),
		"lexists": test("lexists", func(p string) bool {
			var st unix.Stat_t
			return unix.Lstat(p, &st) == nil
		}),
		"isabs": l.builtin("os.path.isabs", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p strArg
			if err := l.unpack(b.Name(), args, kwargs, "s", &p); err != nil {
				return nil, err
			}
			return starlark.Bool(strings.HasPrefix(p.s, "/")), nil
		}),
		"split": l.builtin("os.path.split", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p strArg
			if err := l.unpack(b.Name(), args, kwargs, "p", &p); err != nil {
				return nil, err
			}
			head, tail := pySplit(p.s)
			return starlark.Tuple{l.sameType(true, args, head), l.sameType(true, args, tail)}, nil
		}),
		"relpath":    l.builtin("os.path.relpath", l.pathRelpath),
		"commonpath": l.builtin("os.path.commonpath", l.pathCommonpath),
		"samefile":   l.builtin("os.path.samefile", l.pathSamefile),
		"getmtime":   timeFn("getmtime", func(st *unix.Stat_t) unix.Timespec { return st.Mtim }),
		"getatime":   timeFn("getatime", func(st *unix.Stat_t) unix.Timespec { return st.Atim }),
		"getctime":   timeFn("getctime", func(st *unix.Stat_t) unix.Timespec { return st.Ctim }),
	}
}

func absPath(p string) (string, error) {
	if strings.HasPrefix(p, "/") {
		return pyNormpath(p), nil
	}
	wd, err := cwd.Get()
	if err != nil {
		return "", osError(err)
	}
	return pyNormpath(pyJoin(wd, p)), nil
}

// realpath(filename, *, strict=False) is CPython's posixpath.realpath:
// symlinks are resolved one component at a time; without strict a
// missing component ends the resolution and the rest is kept as is.
func (l *sysLib) pathRealpath(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p strArg
	strict := false
	if err := l.unpackPath(b.Name(), args, kwargs, "filename", &p, "strict?", &strict); err != nil {
		return nil, err
	}
	path, _, err := joinRealpath("", p.s, strict, map[string]*string{})
	if err != nil {
		return nil, err
	}
	abs, err := absPath(path)
	if err != nil {
		return nil, err
	}
	return l.sameType(true, args, abs), nil
}

// joinRealpath is posixpath._joinrealpath: seen maps a symlink being
// resolved to nil and a resolved one to its result (loop detection).
func joinRealpath(path, rest string, strict bool, seen map[string]*string) (string, bool, error) {
	if strings.HasPrefix(rest, "/") {
		rest = rest[1:]
		path = "/"
	}
	for rest != "" {
		var name string
		name, rest, _ = strings.Cut(rest, "/")
		if name == "" || name == "." {
			continue
		}
		if name == ".." {
			switch {
			case path == "":
				path = ".."
			default:
				head, tail := pySplit(path)
				if tail == ".." {
					path = pyJoin(path, "..")
				} else {
					path = head
				}
			}
			continue
		}
		newpath := pyJoin(path, name)
		var st unix.Stat_t
		if err := unix.Lstat(newpath, &st); err != nil {
			if strict {
				return "", false, pathErr("lstat", newpath, err)
			}
			path = newpath
			continue
		}
		if st.Mode&unix.S_IFMT != unix.S_IFLNK {
			path = newpath
			continue
		}
		if r, ok := seen[newpath]; ok {
			if r != nil {
				path = *r
				continue
			}
			// A symlink loop.
			if strict {
				if err := unix.Stat(newpath, &st); err != nil {
					return "", false, pathErr("stat", newpath, err)
				}
			}
			return pyJoin(newpath, rest), false, nil
		}
		seen[newpath] = nil
		buf := make([]byte, 4096)
		n, err := unix.Readlink(newpath, buf)
		if err != nil {
			return "", false, pathErr("readlink", newpath, err)
		}
		resolved, ok, err := joinRealpath(path, string(buf[:n]), strict, seen)
		if err != nil {
			return "", false, err
		}
		if !ok {
			return pyJoin(resolved, rest), false, nil
		}
		path = resolved
		r := resolved
		seen[newpath] = &r
	}
	return path, true, nil
}

// home is $HOME from os.environ, or the password database's entry.
func (l *sysLib) home() string {
	if h, ok := os.LookupEnv("HOME"); ok {
		return h
	}
	if name, ok := passwdField(strconv.Itoa(os.Getuid()), 2, 5); ok {
		return name
	}
	return ""
}

// passwdField returns field want of the /etc/passwd line whose field by
// equals key.
func passwdField(key string, by, want int) (string, bool) {
	data, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return "", false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) > by && len(f) > want && f[by] == key {
			return f[want], true
		}
	}
	return "", false
}

func (l *sysLib) expanduser(p string) string {
	if !strings.HasPrefix(p, "~") {
		return p
	}
	i := strings.IndexByte(p, '/')
	if i < 0 {
		i = len(p)
	}
	var home string
	if i == 1 {
		home = l.home()
		if home == "" {
			return p
		}
	} else {
		h, ok := passwdField(p[1:i], 0, 5)
		if !ok {
			return p
		}
		home = h
	}
	home = strings.TrimRight(home, "/")
	s := home + p[i:]
	if s == "" {
		return "/"
	}
	return s
}

// expandvars replaces $name and ${name} with the variable's value; unknown
// variables are left unchanged, as in CPython.
func (l *sysLib) expandvars(p string) string {
	if !strings.Contains(p, "$") {
		return p
	}
	return expandVarsRE().ReplaceAllStringFunc(p, func(m string) string {
		name := m[1:]
		if strings.HasPrefix(name, "{") {
			name = name[1 : len(name)-1]
		}
		if v, ok := os.LookupEnv(name); ok {
			return v
		}
		return m
	})
}

var expandVarsRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$(\w+|\{[^}]*\})`) })

// relpath(path, start=os.curdir).
func (l *sysLib) pathRelpath(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p, start optStrArg
	if err := l.unpack(b.Name(), args, kwargs, "path", &p, "start?", &start); err != nil {
		return nil, err
	}
	if !p.set || p.s == "" {
		return nil, pyerr.New("ValueError", "no path specified")
	}
	if !start.set {
		start.s = "."
	}
	a, err := absPath(start.s)
	if err != nil {
		return nil, err
	}
	c, err := absPath(p.s)
	if err != nil {
		return nil, err
	}
	split := func(s string) []string {
		var out []string
		for _, x := range strings.Split(s, "/") {
			if x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	sl, pl := split(a), split(c)
	i := 0
	for i < len(sl) && i < len(pl) && sl[i] == pl[i] {
		i++
	}
	var rel []string
	for j := i; j < len(sl); j++ {
		rel = append(rel, "..")
	}
	rel = append(rel, pl[i:]...)
	if len(rel) == 0 {
		return l.sameType(true, args, "."), nil
	}
	return l.sameType(true, args, strings.Join(rel, "/")), nil
}

// commonpath(paths): the longest common sub-path.
func (l *sysLib) pathCommonpath(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var seq starlark.Iterable
	if err := l.unpack(b.Name(), args, kwargs, "paths", &seq); err != nil {
		return nil, err
	}
	var paths []string
	it := seq.Iterate()
	defer it.Done()
	var v starlark.Value
	isBytes := false
	for it.Next(&v) {
		var s strArg
		if err := s.Unpack(v); err != nil {
			return nil, pyerr.New("TypeError", "%s: %s", b.Name(), err)
		}
		_, isBytes = v.(starlark.Bytes)
		paths = append(paths, s.s)
	}
	if len(paths) == 0 {
		return nil, pyerr.New("ValueError", "commonpath() arg is an empty sequence")
	}
	abs := strings.HasPrefix(paths[0], "/")
	var split [][]string
	for _, p := range paths {
		if strings.HasPrefix(p, "/") != abs {
			return nil, pyerr.New("ValueError", "Can't mix absolute and relative paths")
		}
		var parts []string
		for _, c := range strings.Split(p, "/") {
			if c != "" && c != "." {
				parts = append(parts, c)
			}
		}
		split = append(split, parts)
	}
	common := split[0]
	for _, s := range split[1:] {
		n := 0
		for n < len(common) && n < len(s) && common[n] == s[n] {
			n++
		}
		common = common[:n]
	}
	prefix := ""
	if abs {
		prefix = "/"
	}
	out := prefix + strings.Join(common, "/")
	if isBytes {
		return starlark.Bytes(out), nil
	}
	return starlark.String(out), nil
}

// samefile(f1, f2): same device and inode; a missing file is an error.
func (l *sysLib) pathSamefile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, c strArg
	if err := l.unpackPath(b.Name(), args, kwargs, "f1", &a, "f2", &c); err != nil {
		return nil, err
	}
	s1, err := doStat("stat", a.s, true)
	if err != nil {
		return nil, err
	}
	s2, err := doStat("stat", c.s, true)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(s1.Dev == s2.Dev && s1.Ino == s2.Ino), nil
}
