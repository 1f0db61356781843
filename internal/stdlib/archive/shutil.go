package archive

import (
	"archive/tar"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Event names shutil's archive functions raise first.
const (
	EventMakeArchive   = "shutil.make_archive"
	EventUnpackArchive = "shutil.unpack_archive"
)

// formats are the archive formats make_archive writes: extension and
// compression. bztar is missing as in a CPython built without bz2 (there
// is no bzip2 compressor: see Compress); unpack_archive reads it.
var formats = map[string][2]string{
	"tar":   {".tar", ""},
	"gztar": {".tar.gz", Gzip},
	"xztar": {".tar.xz", XZ},
	"zip":   {".zip", ""},
}

// unpackFormats are CPython's unpack formats and their extensions, in
// CPython's order.
var unpackFormats = []struct {
	name, comp string
	exts       []string
}{
	{"tar", "", []string{".tar"}},
	{"zip", "", []string{".zip"}},
	{"gztar", Gzip, []string{".tar.gz", ".tgz"}},
	{"bztar", Bzip2, []string{".tar.bz2", ".tbz2"}},
	{"xztar", XZ, []string{".tar.xz", ".txz"}},
}

// ShutilFuncs returns shutil.make_archive and shutil.unpack_archive, to be
// added to the shutil module.
func ShutilFuncs(env *core.Env) map[string]core.Func {
	return map[string]core.Func{
		"make_archive": func(t *starlark.Thread, b *starlark.Builtin, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return makeArchive(env, t, a, k)
		},
		"unpack_archive": func(t *starlark.Thread, b *starlark.Builtin, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return unpackArchive(env, t, a, k)
		},
	}
}

func optStr(v starlark.Value) (string, bool) {
	s, ok := v.(starlark.String)
	return string(s), ok
}

// rawCreateFlags are os.open's flags for tarfile's stream writer.
const rawCreateFlags = unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC | unix.O_CLOEXEC

// openRaw is os.open(name, O_WRONLY|O_CREAT|O_TRUNC, 0o666), as
// tarfile's stream mode ("w|gz") opens what make_archive writes: event
// open (name, None, flags).
func openRaw(env *core.Env, thread *starlark.Thread, name string) (*os.File, error) {
	if strings.IndexByte(name, 0) >= 0 {
		return nil, core.Errorf("ValueError", "embedded null byte")
	}
	if err := env.Raise(thread, EventOpen, starlark.String(name), starlark.None, starlark.MakeInt(rawCreateFlags)); err != nil {
		return nil, err
	}
	fd, err := unix.Open(name, rawCreateFlags, 0o666)
	if err != nil {
		return nil, core.PathError(err, name)
	}
	return os.NewFile(uintptr(fd), name), nil
}

// make_archive(base_name, format, root_dir=None, base_dir=None, verbose=0,
// dry_run=0, owner=None, group=None, logger=None)
func makeArchive(env *core.Env, thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var baseName, format string
	var rootDir, baseDir, owner, group, logger starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	var verbose, dryRun int
	if err := core.Unpack("make_archive", args, kwargs, "base_name", &baseName, "format", &format, "root_dir?", &rootDir,
		"base_dir?", &baseDir, "verbose?", &verbose, "dry_run?", &dryRun, "owner?", &owner, "group?", &group, "logger?", &logger); err != nil {
		return nil, err
	}
	if err := env.Raise(thread, EventMakeArchive, starlark.String(baseName), starlark.String(format), rootDir, baseDir); err != nil {
		return nil, err
	}
	fi, ok := formats[format]
	if !ok {
		return nil, core.Errorf("ValueError", "unknown archive format %s", core.Quote(format))
	}
	root, hasRoot := optStr(rootDir)
	base, ok := optStr(baseDir)
	if !ok {
		base = "."
	}
	if hasRoot {
		st, err := os.Stat(root)
		if err != nil {
			return nil, core.PathError(err, root)
		}
		if !st.IsDir() {
			return nil, core.Errorf("NotADirectoryError", "[Errno 20] Not a directory: %s", core.Quote(root))
		}
	}
	name := baseName + fi[0]
	// The archive's directory is created first, as CPython does.
	if dir := dirname(baseName); dir != "" {
		if _, err := os.Stat(dir); err != nil && dryRun == 0 {
			x := &Extractor{Env: env, Thread: thread}
			if err := x.makedirs(dir); err != nil {
				return nil, err
			}
		}
	}
	result := name
	if hasRoot {
		result, _ = filepath.Abs(name)
	}
	if dryRun != 0 {
		return starlark.String(result), nil
	}
	var err error
	if format == "zip" {
		err = makeZip(env, thread, name, root, hasRoot, base)
	} else {
		err = makeTar(env, thread, name, fi[1], root, hasRoot, base)
	}
	if err != nil {
		return nil, err
	}
	return starlark.String(result), nil
}

// makeTar is CPython's _make_tarball: tar.add(root_dir/base_dir,
// arcname=base_dir) into a stream opened with os.open.
func makeTar(env *core.Env, thread *starlark.Thread, name, comp, root string, hasRoot bool, base string) error {
	src := base
	if hasRoot {
		src = core.PathJoin(root, base)
	}
	f, err := openRaw(env, thread, name)
	if err != nil {
		return err
	}
	cw, err := Compress(comp, f)
	if err != nil {
		f.Close()
		return err
	}
	tw := tar.NewWriter(cw)
	a := &Adder{Env: env, Thread: thread, Put: TarPut(tw)}
	err = a.Add(src, base, true)
	for _, c := range []io.Closer{tw, cw, f} {
		if cerr := c.Close(); err == nil && cerr != nil {
			err = core.Errorf("OSError", "%v", cerr)
		}
	}
	return err
}

// TarPut is an Adder's Put writing to tw.
func TarPut(tw *tar.Writer) func(h *tar.Header, r io.Reader) error {
	return func(h *tar.Header, r io.Reader) error {
		if err := tw.WriteHeader(h); err != nil {
			return core.Errorf("OSError", "%v", err)
		}
		if r != nil {
			if _, err := io.Copy(tw, r); err != nil {
				return core.Errorf("OSError", "%v", err)
			}
		}
		return nil
	}
}

// unpack_archive(filename, extract_dir=None, format=None, *, filter=None):
// tar archives with the data filter by default (as tarfile), zip
// archives as CPython's _unpack_zipfile.
func unpackArchive(env *core.Env, thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var filename string
	var extractDir, format, filter starlark.Value = starlark.None, starlark.None, starlark.None
	if err := core.Unpack("unpack_archive", args, kwargs, "filename", &filename, "extract_dir?", &extractDir, "format?", &format, "filter?", &filter); err != nil {
		return nil, err
	}
	if err := env.Raise(thread, EventUnpackArchive, starlark.String(filename), extractDir, format); err != nil {
		return nil, err
	}
	dest, ok := optStr(extractDir)
	if !ok {
		dest, _ = os.Getwd()
	}
	fmtName, ok := optStr(format)
	if ok {
		known := false
		for _, u := range unpackFormats {
			known = known || u.name == fmtName
		}
		if !known {
			return nil, core.Errorf("ValueError", "Unknown unpack format %s", core.Quote(fmtName))
		}
	} else {
		for _, u := range unpackFormats {
			for _, e := range u.exts {
				if fmtName == "" && strings.HasSuffix(filename, e) {
					fmtName = u.name
				}
			}
		}
		if fmtName == "" {
			return nil, core.Errorf("ReadError", "Unknown archive format %s", core.Quote(filename))
		}
	}
	mode, err := FilterName(filter)
	if err != nil {
		return nil, err
	}
	if fmtName == "zip" {
		return starlark.None, unpackZip(env, thread, filename, dest)
	}
	// Whatever the format, CPython's _unpack_tarfile lets tarfile.open
	// detect the compression.
	f, comp, err := OpenTarAuto(env, thread, filename)
	if err != nil {
		if kind, _ := pyerr.KindOf(err); kind == "ReadError" {
			return nil, core.Errorf("ReadError", "%s is not a compressed or uncompressed tar file", filename)
		}
		return nil, err
	}
	defer f.Close()
	tr, c, err := TarReader(f, comp)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	x := &Extractor{Env: env, Thread: thread, Dest: dest, Filter: mode}
	return starlark.None, ExtractTar(x, tr, nil)
}
