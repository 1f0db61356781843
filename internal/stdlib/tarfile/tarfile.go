// Package tarfile is Python's tarfile module for spython scripts: open,
// is_tarfile, TarFile (getnames, getmembers, getmember, extractall,
// extract, extractfile, add, close) and TarInfo. Extraction applies
// Python's "data" filter by default and bounds the bytes written (see
// internal/stdlib/archive); every file it creates raises CPython's os.*
// events first. The archive itself is opened with the script's open
// (event open).
package tarfile

import (
	"archive/tar"
	"io"
	"os"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/archive"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Module returns the tarfile module.
func Module(env *core.Env) starlark.Value {
	l := &lib{env: env}
	return core.Module("tarfile", map[string]core.Func{
		"open":       l.open,
		"is_tarfile": l.isTarfile,
	}, starlark.StringDict{
		"REGTYPE":  starlark.String("0"),
		"DIRTYPE":  starlark.String("5"),
		"SYMTYPE":  starlark.String("2"),
		"LNKTYPE":  starlark.String("1"),
		"CHRTYPE":  starlark.String("3"),
		"BLKTYPE":  starlark.String("4"),
		"FIFOTYPE": starlark.String("6"),
	})
}

type lib struct{ env *core.Env }

// TarFile is an open archive.
type TarFile struct {
	env    *core.Env
	name   string
	mode   string // r or w
	comp   string // "", "gz", "bz2", "xz"
	f      *os.File
	tw     *tar.Writer
	cw     io.WriteCloser // the compressor under tw
	closed bool
}

// parseMode splits "r:gz" into ("r", "gz"); "r" alone autodetects.
func parseMode(mode string) (string, string, error) {
	rw, comp, hasComp := strings.Cut(mode, ":")
	if !hasComp && rw == "r" {
		comp = "*"
	}
	if rw == "r|" || strings.Contains(mode, "|") {
		return "", "", core.Errorf("ValueError", "stream modes are not supported by spython: %s", core.Quote(mode))
	}
	switch rw {
	case "r", "w", "x":
	case "a":
		return "", "", core.Errorf("ValueError", "append mode is not supported by spython")
	default:
		return "", "", core.Errorf("ValueError", "mode must be 'r', 'a', 'w' or 'x'")
	}
	switch comp {
	case "", "*", archive.Gzip, archive.XZ:
	case archive.Bzip2:
		if rw != "r" {
			return "", "", archive.ErrNoBzip2Writer()
		}
	default:
		return "", "", core.Errorf("CompressionError", "unknown compression type %s", core.Quote(comp))
	}
	if comp == "*" && rw != "r" {
		return "", "", core.Errorf("ValueError", "mode must be 'r', 'a', 'w' or 'x'")
	}
	return rw, comp, nil
}

// open(name=None, mode='r', fileobj=None, **kwargs)
func (l *lib) open(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	mode := "r"
	var fileobj starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "name", &name, "mode?", &mode, "fileobj?", &fileobj); err != nil {
		return nil, err
	}
	if fileobj != nil && fileobj != starlark.None {
		return nil, core.Errorf("NotImplementedError", "tarfile.open: fileobj is not supported (give the path)")
	}
	rw, comp, err := parseMode(mode)
	if err != nil {
		return nil, err
	}
	if comp == "*" {
		f, comp, err := archive.OpenTarAuto(l.env, thread, name)
		if err != nil {
			return nil, err
		}
		return &TarFile{env: l.env, name: name, mode: rw, comp: comp, f: f}, nil
	}
	omode := "rb"
	switch rw {
	case "w":
		omode = "wb"
	case "x":
		omode = "xb"
	}
	f, err := l.env.OpenOS(thread, name, omode)
	if err != nil {
		return nil, err
	}
	t := &TarFile{env: l.env, name: name, mode: rw, comp: comp, f: f}
	if rw == "r" {
		// Read the headers once now, as CPython does, so that a file that
		// is not a tar archive fails here.
		if _, err := t.members(); err != nil {
			f.Close()
			return nil, err
		}
		return t, nil
	}
	if t.cw, err = archive.Compress(comp, f); err != nil {
		f.Close()
		return nil, err
	}
	t.tw = tar.NewWriter(t.cw)
	t.mode = "w"
	return t, nil
}

func (l *lib) isTarfile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := core.Unpack(b.Name(), args, kwargs, "name", &name); err != nil {
		return nil, err
	}
	// CPython 3.11: is_tarfile(name) is tarfile.open(name) succeeding.
	f, _, err := archive.OpenTarAuto(l.env, thread, name)
	if err != nil {
		if kind, _ := pyerr.KindOf(err); kind == "ReadError" {
			return starlark.False, nil
		}
		return nil, err
	}
	f.Close()
	return starlark.True, nil
}

func (t *TarFile) check(mode string) error {
	if t.closed {
		return core.Errorf("OSError", "TarFile is closed")
	}
	if mode != "" && t.mode != mode {
		return core.Errorf("OSError", "bad operation for mode %s", core.Quote(t.mode))
	}
	return nil
}

func (t *TarFile) members() ([]*TarInfo, error) {
	tr, c, err := archive.TarReader(t.f, t.comp)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var out []*TarInfo
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(out) == 0 {
				return nil, core.Errorf("ReadError", "file could not be opened successfully")
			}
			return nil, archive.TarError(err)
		}
		out = append(out, &TarInfo{h: *h, idx: len(out)})
	}
	if len(out) == 0 {
		if st, err := t.f.Stat(); err == nil && st.Size() > 0 {
			// A non-empty file with no tar header is not an archive.
			return nil, core.Errorf("ReadError", "file could not be opened successfully")
		}
	}
	return out, nil
}

func (t *TarFile) String() string        { return "<tarfile.TarFile " + core.Quote(t.name) + ">" }
func (t *TarFile) Type() string          { return "TarFile" }
func (t *TarFile) Freeze()               {}
func (t *TarFile) Truth() starlark.Bool  { return true }
func (t *TarFile) Hash() (uint32, error) { return starlark.String(t.name).Hash() }

var tarMethods = []string{"add", "close", "extract", "extractall", "extractfile", "getmember", "getmembers", "getnames"}

func (t *TarFile) AttrNames() []string { return append([]string{"name"}, tarMethods...) }

func (t *TarFile) Attr(name string) (starlark.Value, error) {
	var fn core.Func
	switch name {
	case "name":
		return starlark.String(t.name), nil
	case "getnames":
		fn = t.getnames
	case "getmembers":
		fn = t.getmembers
	case "getmember":
		fn = t.getmember
	case "extractall":
		fn = t.extractall
	case "extract":
		fn = t.extract
	case "extractfile":
		fn = t.extractfile
	case "add":
		fn = t.add
	case "close":
		fn = t.close
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(t), nil
}

func (t *TarFile) getnames(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return t.list(b, args, kwargs, func(m *TarInfo) starlark.Value { return starlark.String(m.name()) })
}

func (t *TarFile) getmembers(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return t.list(b, args, kwargs, func(m *TarInfo) starlark.Value { return m })
}

// list is getnames and getmembers: one value per member, in order.
func (t *TarFile) list(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, value func(*TarInfo) starlark.Value) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	if err := t.check("r"); err != nil {
		return nil, err
	}
	ms, err := t.members()
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, len(ms))
	for i, m := range ms {
		out[i] = value(m)
	}
	return starlark.NewList(out), nil
}

// member finds a member by name (the last one of that name, as CPython)
// or takes a TarInfo.
func (t *TarFile) member(v starlark.Value) (*TarInfo, error) {
	if ti, ok := v.(*TarInfo); ok {
		return ti, nil
	}
	s, ok := v.(starlark.String)
	if !ok {
		return nil, core.Errorf("TypeError", "member must be a name or a TarInfo, not %s", core.TypeName(v))
	}
	ms, err := t.members()
	if err != nil {
		return nil, err
	}
	want := strings.TrimRight(string(s), "/")
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].name() == want {
			return ms[i], nil
		}
	}
	return nil, core.Errorf("KeyError", "%s", core.Quote("filename "+core.Quote(string(s))+" not found"))
}

func (t *TarFile) getmember(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "name", &name); err != nil {
		return nil, err
	}
	return t.readMember(name)
}

// readMember is member() on an archive open for reading.
func (t *TarFile) readMember(v starlark.Value) (*TarInfo, error) {
	if err := t.check("r"); err != nil {
		return nil, err
	}
	return t.member(v)
}

func (t *TarFile) extractTo(thread *starlark.Thread, path string, filter starlark.Value, want func(string) bool) error {
	if err := t.check("r"); err != nil {
		return err
	}
	f, err := archive.FilterName(filter)
	if err != nil {
		return err
	}
	tr, c, err := archive.TarReader(t.f, t.comp)
	if err != nil {
		return err
	}
	defer c.Close()
	x := &archive.Extractor{Env: t.env, Thread: thread, Dest: path, Filter: f}
	return archive.ExtractTar(x, tr, want)
}

// memberNames turns members= (names or TarInfos) into a set.
func memberNames(v starlark.Value) (func(string) bool, error) {
	if v == nil || v == starlark.None {
		return nil, nil
	}
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, core.Errorf("TypeError", "members must be a list of TarInfo")
	}
	set := map[string]bool{}
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		switch x := x.(type) {
		case *TarInfo:
			set[x.h.Name] = true
		case starlark.String:
			set[string(x)] = true
		default:
			return nil, core.Errorf("TypeError", "members must be a list of TarInfo")
		}
	}
	return func(n string) bool { return set[n] }, nil
}

// extractall(path='.', members=None, *, numeric_owner=False, filter=None)
func (t *TarFile) extractall(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	path := "."
	var members, filter starlark.Value
	var numericOwner bool
	if err := core.Unpack(b.Name(), args, kwargs, "path?", &path, "members?", &members, "numeric_owner?", &numericOwner, "filter?", &filter); err != nil {
		return nil, err
	}
	want, err := memberNames(members)
	if err != nil {
		return nil, err
	}
	return starlark.None, t.extractTo(thread, path, filter, want)
}

// extract(member, path=”, set_attrs=True, *, numeric_owner=False, filter=None)
func (t *TarFile) extract(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mv, filter starlark.Value
	path := ""
	setAttrs, numericOwner := true, false
	if err := core.Unpack(b.Name(), args, kwargs, "member", &mv, "path?", &path, "set_attrs?", &setAttrs, "numeric_owner?", &numericOwner, "filter?", &filter); err != nil {
		return nil, err
	}
	m, err := t.readMember(mv)
	if err != nil {
		return nil, err
	}
	if path == "" {
		path = "."
	}
	name := m.h.Name
	return starlark.None, t.extractTo(thread, path, filter, func(n string) bool { return n == name })
}

// extractfile(member) → a file object with read(), or None for a
// non-regular member.
func (t *TarFile) extractfile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mv starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "member", &mv); err != nil {
		return nil, err
	}
	m, err := t.readMember(mv)
	if err != nil {
		return nil, err
	}
	if archive.TarMember(&m.h).Kind != archive.Regular {
		return starlark.None, nil
	}
	limit := t.env.ExtractBound()
	if m.h.Size > limit {
		return nil, core.Errorf("ExtractError", "%s: extraction refused: the member is larger than the limit of %d bytes", core.Quote(m.h.Name), limit)
	}
	tr, c, err := archive.TarReader(t.f, t.comp)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	for i := 0; ; i++ {
		h, err := tr.Next()
		if err != nil {
			return nil, archive.TarError(err)
		}
		if h.Name == m.h.Name && i == m.idx {
			data, err := io.ReadAll(io.LimitReader(tr, limit))
			if err != nil {
				return nil, archive.TarError(err)
			}
			return archive.NewBytesFile(m.h.Name, data), nil
		}
	}
}

// add(name, arcname=None, recursive=True, *, filter=None)
func (t *TarFile) add(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var arcname, filter starlark.Value
	recursive := true
	if err := core.Unpack(b.Name(), args, kwargs, "name", &name, "arcname?", &arcname, "recursive?", &recursive, "filter?", &filter); err != nil {
		return nil, err
	}
	if filter != nil && filter != starlark.None {
		return nil, core.Errorf("NotImplementedError", "TarFile.add: filter is not supported")
	}
	if err := t.check("w"); err != nil {
		return nil, err
	}
	arc := name
	if s, ok := arcname.(starlark.String); ok {
		arc = string(s)
	}
	a := &archive.Adder{Env: t.env, Thread: thread, Put: archive.TarPut(t.tw)}
	return starlark.None, a.Add(name, archive.Clean(arc), recursive)
}

func (t *TarFile) close(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, t.Close()
}

// Close finishes a written archive and closes the file.
func (t *TarFile) Close() error {
	if t.closed {
		return nil
	}
	t.closed = true
	var err error
	if t.tw != nil {
		err = t.tw.Close()
		if e := t.cw.Close(); err == nil {
			err = e
		}
	}
	if e := t.f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return core.Errorf("OSError", "%v", err)
	}
	return nil
}

// TarInfo is one member's header.
type TarInfo struct {
	h   tar.Header
	idx int // position in the archive
}

func (m *TarInfo) name() string          { return strings.TrimRight(m.h.Name, "/") }
func (m *TarInfo) String() string        { return "<TarInfo " + core.Quote(m.name()) + ">" }
func (m *TarInfo) Type() string          { return "TarInfo" }
func (m *TarInfo) Freeze()               {}
func (m *TarInfo) Truth() starlark.Bool  { return true }
func (m *TarInfo) Hash() (uint32, error) { return starlark.String(m.h.Name).Hash() }

var infoAttrs = []string{"gid", "gname", "isblk", "ischr", "isdev", "isdir", "isfifo", "isfile", "islnk", "isreg", "issym", "linkname", "mode", "mtime", "name", "path", "size", "type", "uid", "uname"}

func (m *TarInfo) AttrNames() []string { return infoAttrs }

func (m *TarInfo) Attr(name string) (starlark.Value, error) {
	is := func(ok bool) (starlark.Value, error) {
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(name, args, kwargs); err != nil {
				return nil, err
			}
			return starlark.Bool(ok), nil
		}).BindReceiver(m), nil
	}
	tf := m.h.Typeflag
	reg := tf == tar.TypeReg || tf == 0 || tf == tar.TypeCont || tf == tar.TypeGNUSparse
	switch name {
	case "name", "path":
		return starlark.String(m.name()), nil
	case "size":
		return starlark.MakeInt64(m.h.Size), nil
	case "mtime":
		if m.h.ModTime.Nanosecond() != 0 {
			return starlark.Float(float64(m.h.ModTime.UnixNano()) / 1e9), nil
		}
		return starlark.MakeInt64(m.h.ModTime.Unix()), nil
	case "mode":
		return starlark.MakeInt64(m.h.Mode & 0o7777), nil
	case "type":
		return starlark.Bytes([]byte{tf}), nil
	case "linkname":
		return starlark.String(m.h.Linkname), nil
	case "uid":
		return starlark.MakeInt(m.h.Uid), nil
	case "gid":
		return starlark.MakeInt(m.h.Gid), nil
	case "uname":
		return starlark.String(m.h.Uname), nil
	case "gname":
		return starlark.String(m.h.Gname), nil
	case "isfile", "isreg":
		return is(reg)
	case "isdir":
		return is(tf == tar.TypeDir)
	case "issym":
		return is(tf == tar.TypeSymlink)
	case "islnk":
		return is(tf == tar.TypeLink)
	case "ischr":
		return is(tf == tar.TypeChar)
	case "isblk":
		return is(tf == tar.TypeBlock)
	case "isfifo":
		return is(tf == tar.TypeFifo)
	case "isdev":
		return is(tf == tar.TypeChar || tf == tar.TypeBlock || tf == tar.TypeFifo)
	}
	return nil, nil
}
