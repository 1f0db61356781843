package archive

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Event names shutil's archive functions raise first.
const (
	EventMakeArchive   = "shutil.make_archive"
	EventUnpackArchive = "shutil.unpack_archive"
)

// formats are the archive formats spython makes and unpacks.
var formats = map[string]string{"gztar": ".tar.gz", "tar": ".tar"}

// ShutilFuncs returns shutil.make_archive and shutil.unpack_archive (tar
// and gztar), to be added to the shutil module.
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
	ext, ok := formats[format]
	if !ok {
		return nil, core.Errorf("ValueError", "unknown archive format %s", core.Quote(format))
	}
	root, hasRoot := optStr(rootDir)
	base, ok := optStr(baseDir)
	if !ok {
		base = "."
	}
	name := baseName + ext
	if hasRoot {
		name, _ = filepath.Abs(name)
	}
	if dryRun != 0 {
		return starlark.String(name), nil
	}
	src := base
	if hasRoot {
		src = pathJoin(root, base)
	}
	f, err := env.OpenOS(thread, name, "wb")
	if err != nil {
		return nil, err
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if format == "gztar" {
		zw = gzip.NewWriter(f)
		w = zw
	}
	tw := tar.NewWriter(w)
	a := &Adder{Env: env, Thread: thread, Put: func(h *tar.Header, r io.Reader) error {
		if err := tw.WriteHeader(h); err != nil {
			return core.Errorf("OSError", "%v", err)
		}
		if r != nil {
			if _, err := io.Copy(tw, r); err != nil {
				return core.Errorf("OSError", "%v", err)
			}
		}
		return nil
	}}
	err = a.Add(src, base, true)
	if cerr := tw.Close(); err == nil && cerr != nil {
		err = core.Errorf("OSError", "%v", cerr)
	}
	if zw != nil {
		if cerr := zw.Close(); err == nil && cerr != nil {
			err = core.Errorf("OSError", "%v", cerr)
		}
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = core.Errorf("OSError", "%v", cerr)
	}
	if err != nil {
		return nil, err
	}
	return starlark.String(name), nil
}

// unpack_archive(filename, extract_dir=None, format=None, *, filter=None):
// tar archives, with the data filter by default (as tarfile).
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
	if !ok {
		for f, ext := range map[string][]string{"gztar": {".tar.gz", ".tgz"}, "tar": {".tar"}} {
			for _, e := range ext {
				if strings.HasSuffix(filename, e) {
					fmtName = f
				}
			}
		}
		if fmtName == "" {
			return nil, core.Errorf("ReadError", "Unknown archive format %s", core.Quote(filename))
		}
	} else if _, known := formats[fmtName]; !known {
		return nil, core.Errorf("ValueError", "Unknown unpack format %s", core.Quote(fmtName))
	}
	mode := "data"
	if s, ok := filter.(starlark.String); ok {
		switch s {
		case "data", "tar":
			mode = string(s)
		default:
			return nil, core.Errorf("ValueError", "filter %s is refused by spython: use 'data' or 'tar'", core.Quote(string(s)))
		}
	} else if filter != starlark.None {
		return nil, core.Errorf("TypeError", "spython accepts only a filter name ('data' or 'tar'), not %s", core.TypeName(filter))
	}
	f, err := env.OpenOS(thread, filename, "rb")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	comp := ""
	if fmtName == "gztar" {
		comp = "gz"
	}
	tr, c, err := TarReader(f, comp)
	if err != nil {
		return nil, core.Errorf("ReadError", "%s is not a compressed or uncompressed tar file", core.Quote(filename))
	}
	defer c.Close()
	x := &Extractor{Env: env, Thread: thread, Dest: dest, Filter: mode}
	return starlark.None, ExtractTar(x, tr, nil)
}
