package archive

import (
	"archive/zip"
	"io"
	"os"
	"path"
	"sort"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Zip open flags: ZipFile(name, "w") opens "w+b" (O_RDWR|O_CREAT|O_TRUNC).
const zipWriteMode = "w+b"

// makeZip is CPython's _make_zipfile: it walks root_dir/base_dir with
// os.walk (events os.walk, then os.scandir per directory), stores the
// directories (sorted) and then the files of each directory, each file
// read with open (path, "r", flags).
func makeZip(env *core.Env, thread *starlark.Thread, name, root string, hasRoot bool, base string) error {
	f, err := env.OpenOS(thread, name, zipWriteMode)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	w := &zipWalker{env: env, thread: thread, zw: zw}
	arc := path.Clean(base)
	top := base
	if hasRoot {
		top = core.PathJoin(root, base)
	}
	top = path.Clean(top)
	if arc != "." {
		err = w.write(top, arc)
	}
	if err == nil {
		if err = env.Raise(thread, "os.walk", starlark.String(top), starlark.True, starlark.None, starlark.False); err == nil {
			err = w.walk(top, func(dir string) string {
				if hasRoot {
					if rel, ok := relTo(dir, root); ok {
						return rel
					}
				}
				return path.Clean(dir)
			})
		}
	}
	for _, c := range []io.Closer{zw, f} {
		if cerr := c.Close(); err == nil && cerr != nil {
			err = core.Errorf("OSError", "%v", cerr)
		}
	}
	return err
}

// relTo is os.path.relpath(p, root) for p under root.
func relTo(p, root string) (string, bool) {
	p, root = path.Clean(p), path.Clean(root)
	if p == root {
		return ".", true
	}
	if root == "." && !strings.HasPrefix(p, "../") && !strings.HasPrefix(p, "/") {
		return p, true
	}
	if strings.HasPrefix(p, root+"/") {
		return p[len(root)+1:], true
	}
	return "", false
}

type zipWalker struct {
	env    *core.Env
	thread *starlark.Thread
	zw     *zip.Writer
}

// walk lists dir (os.scandir), writes its subdirectories and files, then
// descends into the subdirectories (not following symlinks), as os.walk
// and _make_zipfile.
func (w *zipWalker) walk(dir string, arcDir func(string) string) error {
	if err := w.env.Cancelled(); err != nil {
		return err
	}
	if err := w.env.Raise(w.thread, "os.scandir", starlark.String(dir)); err != nil {
		return err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil // os.walk's onerror=None: an unreadable directory is skipped
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	var dirs, files []string
	var descend []string
	for _, e := range ents {
		p := core.PathJoin(dir, e.Name())
		st, err := os.Stat(p) // os.walk's is_dir() follows symlinks
		switch {
		case err == nil && st.IsDir():
			dirs = append(dirs, e.Name())
			if e.Type()&os.ModeSymlink == 0 {
				descend = append(descend, p)
			}
		default:
			files = append(files, e.Name())
		}
	}
	ad := arcDir(dir)
	for _, n := range dirs {
		if err := w.write(core.PathJoin(dir, n), core.PathJoin(ad, n)); err != nil {
			return err
		}
	}
	for _, n := range files {
		p := path.Clean(core.PathJoin(dir, n))
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			continue // os.path.isfile
		}
		if err := w.write(p, core.PathJoin(ad, n)); err != nil {
			return err
		}
	}
	for _, d := range descend {
		if err := w.walk(d, arcDir); err != nil {
			return err
		}
	}
	return nil
}

// write is ZipFile.write(p, arcname): a directory entry, or the file's
// content read through open (p, "r", flags).
func (w *zipWalker) write(p, arcname string) error {
	st, err := os.Stat(p)
	if err != nil {
		return core.PathError(err, p)
	}
	h := ZipHeader(st, arcname, zip.Deflate)
	if st.IsDir() {
		_, err := w.zw.CreateHeader(h)
		return zipErr(err)
	}
	if err := w.env.Raise(w.thread, EventOpen, starlark.String(p), starlark.String("r"), starlark.MakeInt(readFlags)); err != nil {
		return err
	}
	src, err := os.Open(p)
	if err != nil {
		return core.PathError(err, p)
	}
	defer src.Close()
	out, err := w.zw.CreateHeader(h)
	if err != nil {
		return zipErr(err)
	}
	_, err = io.Copy(out, io.LimitReader(src, st.Size()))
	return zipErr(err)
}

// ZipHeader is ZipInfo.from_file(st, arcname): the name as ZipName, the
// mode, and the time in local time (the MS-DOS fields CPython reads back
// as date_time are local); a directory is stored, a file uses method.
func ZipHeader(st os.FileInfo, arcname string, method uint16) *zip.FileHeader {
	h, _ := zip.FileInfoHeader(st) // fails only for a nil FileInfo
	h.Modified = st.ModTime()      // FileInfoHeader's is UTC
	h.Name = ZipName(arcname, st.IsDir())
	h.Method = method
	if st.IsDir() {
		h.Method = zip.Store
	}
	return h
}

// ZipName is the member name ZipInfo.from_file gives arcname: normalised,
// no leading slash, "/" after a directory.
func ZipName(arcname string, dir bool) string {
	n := strings.TrimLeft(path.Clean(arcname), "/")
	if dir {
		n += "/"
	}
	return n
}

func zipErr(err error) error {
	if err != nil {
		return core.Errorf("OSError", "%v", err)
	}
	return nil
}

// unpackZip is CPython's _unpack_zipfile: is_zipfile (an open), then
// ZipFile (another), then every member whose name has no leading "/" and
// no ".." (the others are skipped silently, as CPython), parent
// directories made with os.makedirs and files written with open. The
// members still go through the data filter's checks (an existing symlink
// cannot lead outside) and the extraction limit.
func unpackZip(env *core.Env, thread *starlark.Thread, filename, dest string) error {
	if !isZip(env, thread, filename) {
		return core.Errorf("ReadError", "%s is not a zip file", filename)
	}
	f, err := env.OpenOS(thread, filename, "rb")
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return core.PathError(err, filename)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return core.Errorf("BadZipFile", "File is not a zip file")
	}
	x := &Extractor{Env: env, Thread: thread, Dest: dest, Filter: "data", NoAttrs: true}
	return ExtractZip(x, zr, func(name string) bool {
		return !strings.HasPrefix(name, "/") && !strings.Contains(name, "..")
	})
}

func isZip(env *core.Env, thread *starlark.Thread, filename string) bool {
	f, err := env.OpenOS(thread, filename, "rb")
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false
	}
	_, err = zip.NewReader(f, st.Size())
	return err == nil
}

// ExtractZip extracts every member of zr accepted by want (nil: all).
func ExtractZip(x *Extractor, zr *zip.Reader, want func(name string) bool) error {
	for _, f := range zr.File {
		if want != nil && !want(f.Name) {
			continue
		}
		m := Member{Name: f.Name, Kind: Regular, Mode: -1, Mtime: -1, Size: int64(f.UncompressedSize64)}
		if strings.HasSuffix(f.Name, "/") {
			m.Kind = Dir
		}
		f := f
		if err := x.Extract(m, func() (io.ReadCloser, error) {
			rc, err := f.Open()
			if err != nil {
				return nil, core.Errorf("BadZipFile", "%v", err)
			}
			return rc, nil
		}); err != nil {
			return err
		}
	}
	return x.Finish()
}
