package archive

import (
	"archive/tar"
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// TarReader opens the tar stream of f, decompressed as comp says ("*":
// as its first bytes say).
func TarReader(f *os.File, comp string) (*tar.Reader, io.Closer, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, nil, core.PathError(err, f.Name())
	}
	br := bufio.NewReader(f)
	if comp == "*" {
		comp = Sniff(br)
	}
	r, c, err := Decompress(comp, br)
	if err != nil {
		return nil, nil, err
	}
	return tar.NewReader(r), c, nil
}

// OpenTarAuto is tarfile.open(name, "r"): as CPython, it tries gzip,
// bzip2, xz, then no compression, opening the file for each try (an open
// event each), and keeps the first whose first header reads.
func OpenTarAuto(env *core.Env, thread *starlark.Thread, name string) (*os.File, string, error) {
	var msgs []string
	for _, comp := range []string{Gzip, Bzip2, XZ, ""} {
		f, err := env.OpenOS(thread, name, "rb")
		if err != nil {
			return nil, "", err
		}
		msg := probe(f, comp)
		if msg == "" {
			return f, comp, nil
		}
		f.Close()
		label := comp
		if label == "" {
			label = "tar"
		}
		msgs = append(msgs, "- method "+label+": ReadError("+core.Quote(msg)+")")
	}
	return nil, "", core.Errorf("ReadError", "file could not be opened successfully:\n%s", strings.Join(msgs, "\n"))
}

// probe returns why f is not a tar archive compressed with comp, in
// CPython's words, or "".
func probe(f *os.File, comp string) string {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err.Error()
	}
	br := bufio.NewReader(f)
	if comp != "" && Sniff(br) != comp {
		if _, err := br.Peek(1); err == io.EOF && comp == Gzip {
			return "empty file" // GzipFile reads lazily: TarFile sees no data
		}
		return notThis[comp]
	}
	r, c, err := Decompress(comp, br)
	if err != nil {
		return notThis[comp]
	}
	defer c.Close()
	block := make([]byte, 512)
	n, err := io.ReadFull(r, block)
	switch {
	case err != nil && err != io.EOF && err != io.ErrUnexpectedEOF:
		if comp != "" {
			return "invalid compressed data"
		}
		return err.Error()
	case n == 0:
		return "empty file"
	case n < len(block):
		return "truncated header"
	case bytes.Count(block, []byte{0}) == len(block):
		return "" // the end-of-archive marker: an empty archive
	}
	if !checksumOK(block) {
		return "invalid header"
	}
	return ""
}

// checksumOK checks a header block's checksum as tarfile does (the
// unsigned or the signed sum, the checksum field counted as spaces).
func checksumOK(block []byte) bool {
	field := strings.Trim(string(block[148:156]), " \x00")
	want, err := strconv.ParseInt(field, 8, 64)
	if err != nil {
		return false
	}
	var unsigned, signed int64
	for i, c := range block {
		if i >= 148 && i < 156 {
			c = ' '
		}
		unsigned += int64(c)
		signed += int64(int8(c))
	}
	return want == unsigned || want == signed
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
		return core.PathError(err, name)
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
			return core.PathError(err, name)
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
			return core.PathError(err, name)
		}
		names := make([]string, len(ents))
		for i, e := range ents {
			names[i] = e.Name()
		}
		sort.Strings(names)
		for _, n := range names {
			if err := a.Add(core.PathJoin(name, n), core.PathJoin(arc, n), recursive); err != nil {
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
			return core.PathError(err, name)
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
