package archive

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// TarReader opens the tar stream of f (gzip-compressed when gz, or when
// auto and the stream starts with the gzip magic).
func TarReader(f *os.File, comp string) (*tar.Reader, io.Closer, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, nil, osErr(err, f.Name())
	}
	br := bufio.NewReader(f)
	if comp == "*" {
		comp = ""
		if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
			comp = "gz"
		}
	}
	if comp == "gz" {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, core.Errorf("ReadError", "not a gzip file")
		}
		return tar.NewReader(zr), zr, nil
	}
	if comp != "" {
		return nil, nil, core.Errorf("CompressionError", "unknown compression type %s", core.Quote(comp))
	}
	return tar.NewReader(br), io.NopCloser(nil), nil
}

// TarMember converts a tar header.
func TarMember(h *tar.Header) Member {
	m := Member{Name: h.Name, Mode: h.Mode & 0o7777, Linkname: h.Linkname, Size: h.Size,
		Mtime: float64(h.ModTime.UnixNano()) / 1e9}
	if h.ModTime.Nanosecond() == 0 {
		m.Mtime = float64(h.ModTime.Unix())
	}
	switch h.Typeflag {
	case tar.TypeReg, tar.TypeCont, tar.TypeGNUSparse, '\x00':
		m.Kind = Regular
	case tar.TypeDir:
		m.Kind = Dir
	case tar.TypeSymlink:
		m.Kind = Symlink
	case tar.TypeLink:
		m.Kind = Hardlink
	default:
		m.Kind = Special
	}
	return m
}

// TarError maps an archive/tar error to tarfile.ReadError.
func TarError(err error) error {
	if err == nil {
		return nil
	}
	var e interface{ Kind() string }
	if errors.As(err, &e) {
		return err
	}
	return core.Errorf("ReadError", "%v", err)
}

// ExtractTar extracts every member of tr accepted by want (nil: all).
func ExtractTar(x *Extractor, tr *tar.Reader, want func(name string) bool) error {
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return TarError(err)
		}
		if want != nil && !want(h.Name) {
			continue
		}
		m := TarMember(h)
		if err := x.Extract(m, func() (io.ReadCloser, error) { return io.NopCloser(tr), nil }); err != nil {
			return err
		}
	}
	return x.Finish()
}

const readFlags = unix.O_RDONLY | unix.O_CLOEXEC

// Adder writes files and trees into an archive, raising CPython's events
// for what it reads: os.listdir (path) per directory and open (path, "r",
// flags) per regular file.
type Adder struct {
	Env    *core.Env
	Thread *starlark.Thread
	// Put stores one entry: hdr describes it, r is its content (regular
	// files only).
	Put func(h *tar.Header, r io.Reader) error
}

// Add is TarFile.add(name, arcname, recursive).
func (a *Adder) Add(name, arcname string, recursive bool) error {
	if err := a.Env.Cancelled(); err != nil {
		return err
	}
	st, err := os.Lstat(name)
	if err != nil {
		return osErr(err, name)
	}
	arc := strings.TrimLeft(arcname, "/")
	h, err := tar.FileInfoHeader(st, "")
	if err != nil {
		return core.Errorf("TarError", "%v", err)
	}
	h.Name = arc
	h.Uname, h.Gname = "", ""
	h.Format = tar.FormatPAX
	switch {
	case st.Mode()&os.ModeSymlink != 0:
		link, err := os.Readlink(name)
		if err != nil {
			return osErr(err, name)
		}
		h.Linkname = link
		return a.Put(h, nil)
	case st.IsDir():
		if err := a.Put(h, nil); err != nil {
			return err
		}
		if !recursive {
			return nil
		}
		if err := a.Env.Raise(a.Thread, "os.listdir", starlark.String(name)); err != nil {
			return err
		}
		ents, err := os.ReadDir(name)
		if err != nil {
			return osErr(err, name)
		}
		names := make([]string, len(ents))
		for i, e := range ents {
			names[i] = e.Name()
		}
		sort.Strings(names)
		for _, n := range names {
			if err := a.Add(pathJoin(name, n), pathJoin(arc, n), recursive); err != nil {
				return err
			}
		}
		return nil
	case st.Mode().IsRegular():
		if err := a.Env.Raise(a.Thread, EventOpen, starlark.String(name), starlark.String("r"), starlark.MakeInt(readFlags)); err != nil {
			return err
		}
		fd, err := unix.Open(name, readFlags|unix.O_NOFOLLOW, 0)
		if err != nil {
			return osErr(err, name)
		}
		f := os.NewFile(uintptr(fd), name)
		defer f.Close()
		h.Size = st.Size()
		return a.Put(h, io.LimitReader(f, st.Size()))
	}
	// Devices, FIFOs and sockets are stored as headers only.
	return a.Put(h, nil)
}

// Clean is the member name a path is stored under by default.
func Clean(p string) string { return strings.TrimLeft(filepath.ToSlash(p), "/") }
