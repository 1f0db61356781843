// Package glob is Python's glob module for spython scripts: glob and iglob
// with recursive=, root_dir= and include_hidden=. It raises CPython's
// events in CPython's order: glob.glob (pathname, recursive) and
// glob.glob/2 (pathname, recursive, root_dir, dir_fd) first, then
// os.scandir (path) before each directory it lists.
package glob

import (
	"os"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/fnmatch"
)

// Event names, as CPython raises them.
const (
	EventGlob    = "glob.glob"
	EventGlob2   = "glob.glob/2"
	EventScandir = "os.scandir"
)

// Module returns the glob module.
func Module(env *core.Env) starlark.Value {
	g := &globber{env: env}
	return core.Module("glob", map[string]core.Func{
		"glob":      g.glob,
		"iglob":     g.glob,
		"escape":    escapeFn,
		"has_magic": hasMagicFn,
	}, nil)
}

type globber struct{ env *core.Env }

// run is one glob call: the thread (for events) and its options.
type run struct {
	env           *core.Env
	thread        *starlark.Thread
	includeHidden bool
	recursive     bool
}

func split(p string) (head, tail string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail = p[:i], p[i:]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

// join is glob's _join: an empty part leaves the other as is.
func join(dirname, basename string) string {
	if dirname == "" || basename == "" {
		return dirname + basename
	}
	return core.PathJoin(dirname, basename)
}

func hasMagic(s string) bool { return strings.ContainsAny(s, "*?[") }
func isHidden(s string) bool { return s != "" && s[0] == '.' }

func lexists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func isdir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// listdir is _listdir: os.scandir (raising its event first), names in
// directory order; dironly keeps directories (following symlinks). An
// OSError lists nothing, as in CPython; a denied event is an error.
func (r *run) listdir(dirname string, dironly bool) ([]string, error) {
	arg := dirname
	if arg == "" {
		arg = "."
	}
	if err := r.env.Raise(r.thread, EventScandir, starlark.String(arg)); err != nil {
		return nil, err
	}
	f, err := os.Open(arg)
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	ents, err := f.ReadDir(-1)
	if err != nil && len(ents) == 0 {
		return nil, nil
	}
	var names []string
	for _, e := range ents {
		if dironly {
			isDir := e.IsDir()
			if e.Type()&os.ModeSymlink != 0 {
				isDir = isdir(core.PathJoin(arg, e.Name()))
			}
			if !isDir {
				continue
			}
		}
		names = append(names, e.Name())
	}
	return names, nil
}

// iglob is _iglob, calling yield for each result in CPython's order.
func (r *run) iglob(pathname, rootDir string, dironly bool, yield func(string) error) error {
	dirname, basename := split(pathname)
	if !hasMagic(pathname) {
		if basename != "" {
			if lexists(join(rootDir, pathname)) {
				return yield(pathname)
			}
		} else if isdir(join(rootDir, dirname)) {
			return yield(pathname)
		}
		return nil
	}
	if dirname == "" {
		if r.recursive && basename == "**" {
			return r.glob2(rootDir, basename, dironly, yield)
		}
		return r.glob1(rootDir, basename, dironly, yield)
	}
	inDir := r.glob0
	if hasMagic(basename) {
		if r.recursive && basename == "**" {
			inDir = r.glob2
		} else {
			inDir = r.glob1
		}
	}
	each := func(d string) error {
		return inDir(join(rootDir, d), basename, dironly, func(name string) error {
			return yield(core.PathJoin(d, name))
		})
	}
	if dirname != pathname && hasMagic(dirname) {
		return r.iglob(dirname, rootDir, true, each)
	}
	return each(dirname)
}

func (r *run) glob1(dirname, pattern string, dironly bool, yield func(string) error) error {
	names, err := r.listdir(dirname, dironly)
	if err != nil {
		return err
	}
	re, err := fnmatch.Compile(pattern)
	if err != nil {
		return err
	}
	for _, n := range names {
		if !r.includeHidden && !isHidden(pattern) && isHidden(n) {
			continue
		}
		if re.MatchString(n) {
			if err := yield(n); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *run) glob0(dirname, basename string, dironly bool, yield func(string) error) error {
	if basename != "" {
		if lexists(join(dirname, basename)) {
			return yield(basename)
		}
	} else if isdir(dirname) {
		return yield(basename)
	}
	return nil
}

func (r *run) glob2(dirname, pattern string, dironly bool, yield func(string) error) error {
	if err := yield(""); err != nil {
		return err
	}
	return r.rlistdir(dirname, dironly, yield)
}

// rlistdir is _rlistdir: depth first, listing (and raising os.scandir
// for) every name, directory or not, as CPython does.
func (r *run) rlistdir(dirname string, dironly bool, yield func(string) error) error {
	names, err := r.listdir(dirname, dironly)
	if err != nil {
		return err
	}
	for _, x := range names {
		if !r.includeHidden && isHidden(x) {
			continue
		}
		if err := yield(x); err != nil {
			return err
		}
		path := x
		if dirname != "" {
			path = join(dirname, x)
		}
		if err := r.rlistdir(path, dironly, func(y string) error { return yield(join(x, y)) }); err != nil {
			return err
		}
	}
	return nil
}

// glob(pathname, *, root_dir=None, dir_fd=None, recursive=False, include_hidden=False)
func (g *globber) glob(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv starlark.Value
	var rootDir, dirFD starlark.Value = starlark.None, starlark.None
	var recursive, includeHidden bool
	if len(args) > 1 {
		return nil, core.Errorf("TypeError", "%s() takes 1 positional argument but %d were given", b.Name(), len(args))
	}
	if err := core.Unpack(b.Name(), args, kwargs, "pathname", &pv, "root_dir?", &rootDir, "dir_fd?", &dirFD,
		"recursive?", &recursive, "include_hidden?", &includeHidden); err != nil {
		return nil, err
	}
	pathname, ok := pv.(starlark.String)
	if !ok {
		return nil, core.Errorf("TypeError", "expected str, bytes or os.PathLike object, not %s", core.TypeName(pv))
	}
	root := ""
	switch v := rootDir.(type) {
	case starlark.NoneType:
	case starlark.String:
		root = string(v)
	default:
		return nil, core.Errorf("TypeError", "expected str, bytes or os.PathLike object, not %s", core.TypeName(rootDir))
	}
	if dirFD != starlark.None {
		return nil, core.Errorf("NotImplementedError", "%s: dir_fd is not supported", b.Name())
	}
	if strings.IndexByte(string(pathname), 0) >= 0 || strings.IndexByte(root, 0) >= 0 {
		return nil, core.Errorf("ValueError", "%s: embedded null byte", b.Name())
	}
	if err := g.env.Raise(thread, EventGlob, pathname, starlark.Bool(recursive)); err != nil {
		return nil, err
	}
	if err := g.env.Raise(thread, EventGlob2, pathname, starlark.Bool(recursive), rootDir, dirFD); err != nil {
		return nil, err
	}
	r := &run{env: g.env, thread: thread, includeHidden: includeHidden, recursive: recursive}
	var out []starlark.Value
	first := true
	// CPython drops the leading "" that "**" (and an empty pattern) yields.
	skipEmpty := pathname == "" || (recursive && strings.HasPrefix(string(pathname), "**") && len(pathname) >= 2 && pathname[:2] == "**")
	err := r.iglob(string(pathname), root, false, func(s string) error {
		if first && skipEmpty && s == "" {
			first = false
			return nil
		}
		first = false
		if err := r.env.Cancelled(); err != nil {
			return err
		}
		out = append(out, starlark.String(s))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return starlark.NewList(out), nil
}

// escape(pathname) escapes the magic characters.
func escapeFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p string
	if err := core.Unpack(b.Name(), args, kwargs, "pathname", &p); err != nil {
		return nil, err
	}
	var sb strings.Builder
	for _, c := range p {
		if c == '*' || c == '?' || c == '[' {
			sb.WriteString("[" + string(c) + "]")
		} else {
			sb.WriteRune(c)
		}
	}
	return starlark.String(sb.String()), nil
}

func hasMagicFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p string
	if err := core.Unpack(b.Name(), args, kwargs, "s", &p); err != nil {
		return nil, err
	}
	return starlark.Bool(hasMagic(p)), nil
}
