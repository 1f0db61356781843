// Package pwd is Python's pwd and grp modules (and getpass.getuser) for
// spython scripts. They read /etc/passwd and /etc/group directly, as the C
// library's files backend does; CPython raises no audit event for them and
// neither does spython. Users known only to other NSS backends (LDAP, sssd)
// are not found.
package pwd

import (
	"bufio"
	"os"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Files are the databases read; tests point them elsewhere.
var (
	PasswdFile = "/etc/passwd"
	GroupFile  = "/etc/group"
)

// record is one database line as a Python struct sequence: indexable
// like a tuple, with named fields.
type record struct {
	typ    string // "pwd.struct_passwd"
	names  []string
	values starlark.Tuple
}

var (
	_ starlark.Indexable = (*record)(nil)
	_ starlark.HasAttrs  = (*record)(nil)
)

func (r *record) String() string {
	var b strings.Builder
	b.WriteString(r.typ + "(")
	for i, n := range r.names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n + "=")
		switch v := r.values[i].(type) {
		case starlark.String:
			b.WriteString(core.Quote(string(v)))
		case *starlark.List:
			var items []string
			for x := range v.Elements() {
				items = append(items, core.Quote(core.Str(x)))
			}
			b.WriteString("[" + strings.Join(items, ", ") + "]")
		default:
			b.WriteString(v.String())
		}
	}
	return b.String() + ")"
}
func (r *record) Type() string               { return r.typ }
func (r *record) Freeze()                    { r.values.Freeze() }
func (r *record) Truth() starlark.Bool       { return true }
func (r *record) Hash() (uint32, error)      { return r.values.Hash() }
func (r *record) Len() int                   { return len(r.values) }
func (r *record) Index(i int) starlark.Value { return r.values[i] }
func (r *record) AttrNames() []string        { return r.names }
func (r *record) Iterate() starlark.Iterator { return r.values.Iterate() }
func (r *record) Attr(name string) (starlark.Value, error) {
	for i, n := range r.names {
		if n == name {
			return r.values[i], nil
		}
	}
	return nil, nil
}

var (
	passwdFields = []string{"pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell"}
	groupFields  = []string{"gr_name", "gr_passwd", "gr_gid", "gr_mem"}
)

// lines returns the fields of each well-formed line of a database.
func lines(path string, n int) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, core.Errorf("OSError", "%v", err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' || line[0] == '+' || line[0] == '-' {
			continue
		}
		fs := strings.Split(line, ":")
		if len(fs) != n {
			continue
		}
		out = append(out, fs)
	}
	return out, nil
}

func passwdRecord(fs []string) (*record, bool) {
	uid, err1 := strconv.ParseUint(fs[2], 10, 32)
	gid, err2 := strconv.ParseUint(fs[3], 10, 32)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	return &record{typ: "pwd.struct_passwd", names: passwdFields, values: starlark.Tuple{
		starlark.String(fs[0]), starlark.String(fs[1]), starlark.MakeUint64(uid), starlark.MakeUint64(gid),
		starlark.String(fs[4]), starlark.String(fs[5]), starlark.String(fs[6])}}, true
}

func groupRecord(fs []string) (*record, bool) {
	gid, err := strconv.ParseUint(fs[2], 10, 32)
	if err != nil {
		return nil, false
	}
	var mem []starlark.Value
	if fs[3] != "" {
		for _, m := range strings.Split(fs[3], ",") {
			mem = append(mem, starlark.String(m))
		}
	}
	return &record{typ: "grp.struct_group", names: groupFields, values: starlark.Tuple{
		starlark.String(fs[0]), starlark.String(fs[1]), starlark.MakeUint64(gid), starlark.NewList(mem)}}, true
}

// find returns the first record matching, or all with match == nil.
func find(path string, n int, mk func([]string) (*record, bool), match func(*record) bool) ([]starlark.Value, error) {
	ls, err := lines(path, n)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, fs := range ls {
		r, ok := mk(fs)
		if !ok {
			continue
		}
		if match == nil {
			out = append(out, r)
		} else if match(r) {
			return []starlark.Value{r}, nil
		}
	}
	return out, nil
}

// idArg is Python's uid/gid argument: an int (TypeError otherwise).
func idArg(what string, v starlark.Value) (starlark.Int, error) {
	i, ok := v.(starlark.Int)
	if !ok {
		return starlark.Int{}, core.Errorf("TypeError", "%s should be integer, not %s", what, core.TypeName(v))
	}
	return i, nil
}

func lookup(fn, path string, n, field int, mk func([]string) (*record, bool), key starlark.Value, what string) (starlark.Value, error) {
	rs, err := find(path, n, mk, func(r *record) bool {
		eq, _ := starlark.Equal(r.values[field], key)
		return eq
	})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		if s, ok := key.(starlark.String); ok {
			return nil, core.Errorf("KeyError", "%s", core.Quote(fn+"(): "+what+" not found: "+core.Quote(string(s))))
		}
		return nil, core.Errorf("KeyError", "%s", core.Quote(fn+"(): "+what+" not found: "+key.String()))
	}
	return rs[0], nil
}

// PwdModule returns the pwd module.
func PwdModule() starlark.Value {
	return core.Module("pwd", map[string]core.Func{
		"getpwnam": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name string
			if err := core.Unpack(b.Name(), args, kwargs, "name", &name); err != nil {
				return nil, err
			}
			return lookup("getpwnam", PasswdFile, 7, 0, passwdRecord, starlark.String(name), "name")
		},
		"getpwuid": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := core.Unpack(b.Name(), args, kwargs, "uid", &v); err != nil {
				return nil, err
			}
			uid, err := idArg("uid", v)
			if err != nil {
				return nil, err
			}
			return lookup("getpwuid", PasswdFile, 7, 2, passwdRecord, uid, "uid")
		},
		"getpwall": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			rs, err := find(PasswdFile, 7, passwdRecord, nil)
			if err != nil {
				return nil, err
			}
			return starlark.NewList(rs), nil
		},
	}, nil)
}

// GrpModule returns the grp module.
func GrpModule() starlark.Value {
	return core.Module("grp", map[string]core.Func{
		"getgrnam": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name string
			if err := core.Unpack(b.Name(), args, kwargs, "name", &name); err != nil {
				return nil, err
			}
			return lookup("getgrnam", GroupFile, 4, 0, groupRecord, starlark.String(name), "name")
		},
		"getgrgid": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := core.Unpack(b.Name(), args, kwargs, "id", &v); err != nil {
				return nil, err
			}
			gid, err := idArg("gid", v)
			if err != nil {
				return nil, err
			}
			return lookup("getgrgid", GroupFile, 4, 2, groupRecord, gid, "gid")
		},
		"getgrall": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			rs, err := find(GroupFile, 4, groupRecord, nil)
			if err != nil {
				return nil, err
			}
			return starlark.NewList(rs), nil
		},
	}, nil)
}

// GetpassModule returns getpass with getuser: LOGNAME, USER, LNAME,
// USERNAME, then the password database entry of the real uid, as CPython.
func GetpassModule() starlark.Value {
	return core.Module("getpass", map[string]core.Func{
		"getuser": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			for _, k := range []string{"LOGNAME", "USER", "LNAME", "USERNAME"} {
				if v := os.Getenv(k); v != "" {
					return starlark.String(v), nil
				}
			}
			r, err := lookup("getpwuid", PasswdFile, 7, 2, passwdRecord, starlark.MakeInt(os.Getuid()), "uid")
			if err != nil {
				return nil, err
			}
			return r.(*record).values[0], nil
		},
	}, nil)
}
