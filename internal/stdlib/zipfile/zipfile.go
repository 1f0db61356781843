// Package zipfile is Python's zipfile module for spython scripts:
// ZipFile (namelist, infolist, getinfo, read, extract, extractall, write,
// writestr, close) and is_zipfile. Extraction follows the same path rules
// as tarfile's data filter (no absolute paths, no escape through ".." or
// an existing symlink) and the same byte limit, raising CPython's events
// (os.mkdir, open) before each file it creates; the archive is opened with
// the script's open (event open).
package zipfile

import (
	"archive/zip"
	"io"
	"os"
	"strings"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/archive"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Module returns the zipfile module.
func Module(env *core.Env) starlark.Value {
	l := &lib{env: env}
	return core.Module("zipfile", map[string]core.Func{
		"ZipFile":    l.zipFile,
		"is_zipfile": l.isZipfile,
	}, starlark.StringDict{
		"ZIP_STORED":   starlark.MakeInt(0),
		"ZIP_DEFLATED": starlark.MakeInt(8),
	})
}

type lib struct{ env *core.Env }

// ZipFile is an open archive.
type ZipFile struct {
	env    *core.Env
	name   string
	mode   string
	f      *os.File
	zr     *zip.Reader
	zw     *zip.Writer
	method uint16
	closed bool
}

func (l *lib) zipFile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file string
	mode := "r"
	compression := 0
	allowZip64 := true
	var level starlark.Value
	if err := core.Unpack("ZipFile", args, kwargs, "file", &file, "mode?", &mode, "compression?", &compression, "allowZip64?", &allowZip64, "compresslevel?", &level); err != nil {
		return nil, err
	}
	if compression != 0 && compression != 8 {
		return nil, core.Errorf("NotImplementedError", "That compression method is not supported")
	}
	z := &ZipFile{env: l.env, name: file, mode: mode, method: uint16(compression)}
	var err error
	switch mode {
	case "r":
		if z.f, err = l.env.OpenOS(thread, file, "rb"); err != nil {
			return nil, err
		}
		st, err := z.f.Stat()
		if err != nil {
			z.f.Close()
			return nil, core.Errorf("OSError", "%v", err)
		}
		if z.zr, err = zip.NewReader(z.f, st.Size()); err != nil {
			z.f.Close()
			return nil, core.Errorf("BadZipFile", "File is not a zip file")
		}
	case "w", "x":
		if z.f, err = l.env.OpenOS(thread, file, mode+"+b"); err != nil {
			return nil, err
		}
		z.zw = zip.NewWriter(z.f)
	case "a":
		return nil, core.Errorf("ValueError", "append mode is not supported by spython")
	default:
		return nil, core.Errorf("ValueError", "ZipFile requires mode 'r', 'w', 'x', or 'a'")
	}
	return z, nil
}

func (l *lib) isZipfile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file string
	if err := core.Unpack(b.Name(), args, kwargs, "filename", &file); err != nil {
		return nil, err
	}
	f, err := l.env.OpenOS(thread, file, "rb")
	if err != nil {
		return starlark.False, nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return starlark.False, nil
	}
	_, err = zip.NewReader(f, st.Size())
	return starlark.Bool(err == nil), nil
}

func (z *ZipFile) String() string {
	return "<zipfile.ZipFile filename=" + core.Quote(z.name) + " mode=" + core.Quote(z.mode) + ">"
}
func (z *ZipFile) Type() string          { return "ZipFile" }
func (z *ZipFile) Freeze()               {}
func (z *ZipFile) Truth() starlark.Bool  { return true }
func (z *ZipFile) Hash() (uint32, error) { return starlark.String(z.name).Hash() }
func (z *ZipFile) AttrNames() []string {
	return []string{"close", "extract", "extractall", "filename", "getinfo", "infolist", "namelist", "read", "write", "writestr"}
}

func (z *ZipFile) Attr(name string) (starlark.Value, error) {
	var fn core.Func
	switch name {
	case "filename":
		return starlark.String(z.name), nil
	case "namelist":
		fn = z.namelist
	case "infolist":
		fn = z.infolist
	case "getinfo":
		fn = z.getinfo
	case "read":
		fn = z.read
	case "extract":
		fn = z.extract
	case "extractall":
		fn = z.extractall
	case "write":
		fn = z.write
	case "writestr":
		fn = z.writestr
	case "close":
		fn = z.close
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(z), nil
}

func (z *ZipFile) check(reading bool) error {
	if z.closed {
		return core.Errorf("ValueError", "Attempt to use ZIP archive that was already closed")
	}
	if reading && z.zr == nil {
		return core.Errorf("ValueError", "read() requires mode 'r'")
	}
	if !reading && z.zw == nil {
		return core.Errorf("ValueError", "write() requires mode 'w', 'x', or 'a'")
	}
	return nil
}

func (z *ZipFile) namelist(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := z.check(true); err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, f := range z.zr.File {
		out = append(out, starlark.String(f.Name))
	}
	return starlark.NewList(out), nil
}

func (z *ZipFile) infolist(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := z.check(true); err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, f := range z.zr.File {
		out = append(out, &ZipInfo{f: &f.FileHeader})
	}
	return starlark.NewList(out), nil
}

func (z *ZipFile) member(v starlark.Value) (*zip.File, error) {
	name := core.Str(v)
	if zi, ok := v.(*ZipInfo); ok {
		name = zi.f.Name
	}
	for _, f := range z.zr.File {
		if f.Name == name {
			return f, nil
		}
	}
	return nil, core.Errorf("KeyError", "%s", core.Quote("There is no item named "+core.Quote(name)+" in the archive"))
}

func (z *ZipFile) getinfo(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := core.Unpack("getinfo", args, kwargs, "name", &name); err != nil {
		return nil, err
	}
	if err := z.check(true); err != nil {
		return nil, err
	}
	f, err := z.member(starlark.String(name))
	if err != nil {
		return nil, err
	}
	return &ZipInfo{f: &f.FileHeader}, nil
}

// read(name) → bytes, within the extraction limit.
func (z *ZipFile) read(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value
	var pwd starlark.Value
	if err := core.Unpack("read", args, kwargs, "name", &name, "pwd?", &pwd); err != nil {
		return nil, err
	}
	if err := z.check(true); err != nil {
		return nil, err
	}
	f, err := z.member(name)
	if err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, core.Errorf("BadZipFile", "%v", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, z.env.ExtractBound()+1))
	if err != nil {
		return nil, core.Errorf("BadZipFile", "%v", err)
	}
	if int64(len(data)) > z.env.ExtractBound() {
		return nil, core.Errorf("ExtractError", "%s: extraction refused: the member expands beyond the limit of %d bytes", core.Quote(f.Name), z.env.ExtractBound())
	}
	return starlark.Bytes(data), nil
}

func (z *ZipFile) extractTo(thread *starlark.Thread, dest string, want func(string) bool) error {
	if err := z.check(true); err != nil {
		return err
	}
	x := &archive.Extractor{Env: z.env, Thread: thread, Dest: dest, Filter: "data", NoAttrs: true}
	return archive.ExtractZip(x, z.zr, want)
}

func destArg(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	wd, _ := os.Getwd()
	return wd
}

// extractall(path=None, members=None, pwd=None)
func (z *ZipFile) extractall(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path, members, pwd starlark.Value = starlark.None, starlark.None, starlark.None
	if err := core.Unpack("extractall", args, kwargs, "path?", &path, "members?", &members, "pwd?", &pwd); err != nil {
		return nil, err
	}
	var want func(string) bool
	if it, ok := members.(starlark.Iterable); ok {
		set := map[string]bool{}
		iter := it.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			if zi, ok := x.(*ZipInfo); ok {
				set[zi.f.Name] = true
			} else {
				set[core.Str(x)] = true
			}
		}
		iter.Done()
		want = func(n string) bool { return set[n] }
	}
	return starlark.None, z.extractTo(thread, destArg(path), want)
}

// extract(member, path=None, pwd=None) → the path written.
func (z *ZipFile) extract(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mv, path, pwd starlark.Value = nil, starlark.None, starlark.None
	if err := core.Unpack("extract", args, kwargs, "member", &mv, "path?", &path, "pwd?", &pwd); err != nil {
		return nil, err
	}
	if err := z.check(true); err != nil {
		return nil, err
	}
	f, err := z.member(mv)
	if err != nil {
		return nil, err
	}
	dest := destArg(path)
	if err := z.extractTo(thread, dest, func(n string) bool { return n == f.Name }); err != nil {
		return nil, err
	}
	return starlark.String(strings.TrimRight(dest+"/"+f.Name, "/")), nil
}

// write(filename, arcname=None, compress_type=None, compresslevel=None):
// raises open (filename, "r", flags) as CPython.
func (z *ZipFile) write(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var filename string
	var arcname, ctype, level starlark.Value = starlark.None, starlark.None, starlark.None
	if err := core.Unpack("write", args, kwargs, "filename", &filename, "arcname?", &arcname, "compress_type?", &ctype, "compresslevel?", &level); err != nil {
		return nil, err
	}
	if err := z.check(false); err != nil {
		return nil, err
	}
	name := archive.Clean(filename)
	if s, ok := arcname.(starlark.String); ok {
		name = archive.Clean(string(s))
	}
	st, err := os.Stat(filename)
	if err != nil {
		return nil, core.Errorf("FileNotFoundError", "[Errno 2] No such file or directory: %s", core.Quote(filename))
	}
	h := archive.ZipHeader(st, name, z.method)
	if st.IsDir() {
		_, err := z.zw.CreateHeader(h)
		return starlark.None, zipErr(err)
	}
	src, err := z.env.OpenOS(thread, filename, "rb")
	if err != nil {
		return nil, err
	}
	defer src.Close()
	w, err := z.zw.CreateHeader(h)
	if err != nil {
		return nil, zipErr(err)
	}
	_, err = io.Copy(w, src)
	return starlark.None, zipErr(err)
}

// writestr(zinfo_or_arcname, data, compress_type=None, compresslevel=None)
func (z *ZipFile) writestr(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var data starlark.Value
	var ctype, level starlark.Value
	if err := core.Unpack("writestr", args, kwargs, "zinfo_or_arcname", &name, "data", &data, "compress_type?", &ctype, "compresslevel?", &level); err != nil {
		return nil, err
	}
	if err := z.check(false); err != nil {
		return nil, err
	}
	h := &zip.FileHeader{Name: name, Method: z.method, Modified: time.Now()}
	w, err := z.zw.CreateHeader(h)
	if err != nil {
		return nil, zipErr(err)
	}
	_, err = io.WriteString(w, core.Str(data))
	return starlark.None, zipErr(err)
}

func zipErr(err error) error {
	if err != nil {
		return core.Errorf("OSError", "%v", err)
	}
	return nil
}

func (z *ZipFile) close(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if z.closed {
		return starlark.None, nil
	}
	z.closed = true
	var err error
	if z.zw != nil {
		err = z.zw.Close()
	}
	if e := z.f.Close(); err == nil {
		err = e
	}
	return starlark.None, zipErr(err)
}

// ZipInfo is one member's header.
type ZipInfo struct{ f *zip.FileHeader }

func (i *ZipInfo) String() string        { return "<ZipInfo filename=" + core.Quote(i.f.Name) + ">" }
func (i *ZipInfo) Type() string          { return "ZipInfo" }
func (i *ZipInfo) Freeze()               {}
func (i *ZipInfo) Truth() starlark.Bool  { return true }
func (i *ZipInfo) Hash() (uint32, error) { return starlark.String(i.f.Name).Hash() }
func (i *ZipInfo) AttrNames() []string {
	return []string{"compress_size", "compress_type", "date_time", "file_size", "filename", "is_dir"}
}

func (i *ZipInfo) Attr(name string) (starlark.Value, error) {
	switch name {
	case "filename":
		return starlark.String(i.f.Name), nil
	case "file_size":
		return starlark.MakeUint64(i.f.UncompressedSize64), nil
	case "compress_size":
		return starlark.MakeUint64(i.f.CompressedSize64), nil
	case "compress_type":
		return starlark.MakeInt(int(i.f.Method)), nil
	case "date_time":
		// The MS-DOS fields, in the writer's local time, as CPython reads
		// them (Modified may come from the UTC extended timestamp).
		//lint:ignore SA1019 the legacy MS-DOS fields are what date_time is
		d, t := int(i.f.ModifiedDate), int(i.f.ModifiedTime)
		return starlark.Tuple{starlark.MakeInt(d>>9 + 1980), starlark.MakeInt(d >> 5 & 0xf), starlark.MakeInt(d & 0x1f),
			starlark.MakeInt(t >> 11), starlark.MakeInt(t >> 5 & 0x3f), starlark.MakeInt(t & 0x1f * 2)}, nil
	case "is_dir":
		return starlark.NewBuiltin("is_dir", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bool(strings.HasSuffix(i.f.Name, "/")), nil
		}).BindReceiver(i), nil
	}
	return nil, nil
}
