package stdlib

import (
	"os"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/cwd"
	"github.com/spython-dev/spython/internal/pyerr"
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
	return &starlarkstruct.Module{Name: "os.path", Members: starlark.StringDict{
		"join":     l.builtin("os.path.join", l.pathJoin),
		"exists":   test("exists", func(os.FileInfo) bool { return true }),
		"isfile":   test("isfile", func(st os.FileInfo) bool { return st.Mode().IsRegular() }),
		"isdir":    test("isdir", func(st os.FileInfo) bool { return st.IsDir() }),
		"basename": str1("basename", pyBasename),
		"dirname":  str1("dirname", pyDirname),
		"abspath":  l.builtin("os.path.abspath", l.pathAbspath),
		"getsize":  l.builtin("os.path.getsize", l.pathGetsize),
		"splitext": l.builtin("os.path.splitext", l.pathSplitext),
	}}
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
	if err := l.unpack(b.Name(), args, kwargs, "filename", &p); err != nil {
		return nil, err
	}
	if err := checkPath(b.Name(), p.s); err != nil {
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
