// Package archive is the extraction core shared by tarfile, zipfile and
// shutil.unpack_archive: Python's "data" filter (no absolute paths, no
// escape from the destination through "..", symlinks or hard links, no
// device files or FIFOs, modes limited), a bound on the bytes written, and
// the os.* events CPython raises for each file it creates, raised before
// the file is created.
package archive

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Event names, as CPython raises them while extracting.
const (
	EventOpen    = "open"
	EventMkdir   = "os.mkdir"
	EventChmod   = "os.chmod"
	EventChown   = "os.chown"
	EventUtime   = "os.utime"
	EventSymlink = "os.symlink"
	EventLink    = "os.link"
	EventRemove  = "os.remove"
)

// Realpath is Python's os.path.realpath (non-strict): symlinks of the
// existing part are resolved, the rest is joined lexically.
func Realpath(p string) string {
	if !filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			p = filepath.Join(wd, p)
		}
	}
	out, _ := joinRealpath("", p, map[string]*string{})
	if out == "" {
		return "/"
	}
	return out
}

func joinRealpath(path, rest string, seen map[string]*string) (string, bool) {
	if strings.HasPrefix(rest, "/") {
		rest = rest[1:]
		path = "/"
	}
	for rest != "" {
		var name string
		name, rest, _ = strings.Cut(rest, "/")
		if name == "" || name == "." {
			continue
		}
		if name == ".." {
			if path != "" && path != "/" {
				dir, base := filepath.Split(path)
				path = strings.TrimSuffix(dir, "/")
				if path == "" {
					path = "/"
				}
				if base == ".." {
					path = filepath.Join(path, "..", "..")
				}
			} else if path == "" {
				path = ".."
			}
			continue
		}
		newpath := filepath.Join(path, name)
		if path == "" {
			newpath = name
		}
		st, err := os.Lstat(newpath)
		if err != nil || st.Mode()&os.ModeSymlink == 0 {
			path = newpath
			continue
		}
		if r, ok := seen[newpath]; ok {
			if r != nil {
				path = *r
				continue
			}
			return filepath.Join(newpath, rest), false // a loop
		}
		seen[newpath] = nil
		link, err := os.Readlink(newpath)
		if err != nil {
			path = newpath
			continue
		}
		var ok bool
		path, ok = joinRealpath(path, link, seen)
		if !ok {
			return filepath.Join(path, rest), false
		}
		p := path
		seen[newpath] = &p
	}
	return path, true
}

// within is os.path.commonpath([target, dest]) == dest.
func within(target, dest string) bool {
	return target == dest || dest == "/" || strings.HasPrefix(target, dest+"/")
}

// Kind of a member, as the data filter sees it.
type Kind int

const (
	Regular Kind = iota
	Dir
	Symlink
	Hardlink
	Special // device, FIFO: refused
)

// Member is one archive entry.
type Member struct {
	Name     string
	Kind     Kind
	Mode     int64 // permission bits; -1 for none
	Mtime    float64
	Linkname string
	Size     int64
}

// Extractor writes members under Dest.
type Extractor struct {
	Env    *core.Env
	Thread *starlark.Thread
	Dest   string // as given: events carry paths joined to it, as CPython's
	// Filter is "data" or "tar" (Python's filters); "tar" keeps modes
	// (minus setuid/setgid/sticky and group/other write) but still refuses
	// absolute paths and escapes.
	Filter string
	// NoAttrs is zipfile's way: no ownership, modes or times, and
	// directories made only when missing.
	NoAttrs bool
	Limit   int64
	written int64
	dirs    []Member
}

func (x *Extractor) limit() int64 {
	if x.Limit > 0 {
		return x.Limit
	}
	return x.Env.ExtractBound()
}

// FilterName is the extraction filter argument: None (spython: "data"), "data" or
// "tar". "fully_trusted" is refused: scripts never extract unchecked.
func FilterName(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case nil, starlark.NoneType:
		return "data", nil
	case starlark.String:
		switch v {
		case "data", "tar":
			return string(v), nil
		case "fully_trusted":
			return "", core.Errorf("ValueError", "filter 'fully_trusted' is refused by spython: use 'data' or 'tar'")
		}
		return "", core.Errorf("ValueError", "filter %s not found", core.Quote(string(v)))
	}
	return "", core.Errorf("TypeError", "spython accepts only a filter name ('data' or 'tar'), not %s", core.TypeName(v))
}

func filterErr(kind, format string, args ...any) error { return core.Errorf(kind, format, args...) }

// Check applies the filter to m; it returns the member's name (leading
// slashes stripped), its target path (Dest joined) and the mode to set
// (-1: none).
func (x *Extractor) Check(m Member) (name, target string, mode int64, err error) {
	destReal := Realpath(x.Dest)
	name = m.Name
	if strings.HasPrefix(name, "/") {
		name = strings.TrimLeft(name, "/")
	}
	if m.Kind == Dir {
		name = strings.TrimRight(name, "/")
	}
	if filepath.IsAbs(name) {
		return "", "", 0, filterErr("AbsolutePathError", "member %s has an absolute path", core.Quote(m.Name))
	}
	// Joined as os.path.join does, without cleaning: "d/../x" must go
	// through d, which may be a symlink.
	t := Realpath(core.PathJoin(destReal, name))
	if !within(t, destReal) {
		return "", "", 0, filterErr("OutsideDestinationError", "%s would be extracted to %s, which is outside the destination", core.Quote(m.Name), core.Quote(t))
	}
	mode = m.Mode
	if mode >= 0 {
		mode &= 0o755
		if x.Filter != "tar" {
			switch m.Kind {
			case Regular, Hardlink:
				if mode&0o100 == 0 {
					mode &^= 0o111
				}
				mode |= 0o600
			case Dir, Symlink:
				mode = -1
			}
		}
	}
	if m.Kind == Special {
		return "", "", 0, filterErr("SpecialFileError", "%s is a special file", core.Quote(m.Name))
	}
	if m.Kind == Symlink || m.Kind == Hardlink {
		if filepath.IsAbs(m.Linkname) {
			return "", "", 0, filterErr("AbsoluteLinkError", "%s is a link to an absolute path", core.Quote(m.Name))
		}
		var lt string
		if m.Kind == Symlink {
			lt = core.PathJoin(core.PathJoin(destReal, dirname(name)), m.Linkname)
		} else {
			lt = core.PathJoin(destReal, m.Linkname)
		}
		lt = Realpath(lt)
		if !within(lt, destReal) {
			return "", "", 0, filterErr("LinkOutsideDestinationError", "%s would link to %s, which is outside the destination", core.Quote(m.Name), core.Quote(lt))
		}
	}
	return name, core.PathJoin(x.Dest, name), mode, nil
}

// dirname is os.path.dirname.
func dirname(p string) string {
	i := strings.LastIndexByte(p, '/') + 1
	head := p[:i]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head
}

func (x *Extractor) raise(event string, args ...starlark.Value) error {
	return x.Env.Raise(x.Thread, event, args...)
}

// makedirs creates the missing parents of target, raising os.mkdir
// (path, 511, -1) for each, as os.makedirs.
func (x *Extractor) makedirs(dir string) error {
	if dir == "" || dir == "." {
		return nil
	}
	if _, err := os.Lstat(dir); err == nil {
		return nil
	}
	if err := x.makedirs(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := x.raise(EventMkdir, starlark.String(dir), starlark.MakeInt(0o777), starlark.MakeInt(-1)); err != nil {
		return err
	}
	if err := unix.Mkdir(dir, 0o777); err != nil && err != unix.EEXIST {
		return core.PathError(err, dir)
	}
	return nil
}

func (x *Extractor) chown(target string) error {
	if x.NoAttrs || os.Geteuid() != 0 {
		return nil
	}
	// The data filter drops ownership: CPython calls chown(-1, -1).
	return x.raise(EventChown, starlark.String(target), starlark.MakeInt64(4294967295), starlark.MakeInt64(4294967295), starlark.MakeInt(-1))
}

func (x *Extractor) utime(target string, mtime float64) error {
	if err := x.raise(EventUtime, starlark.String(target), starlark.Tuple{starlark.Float(mtime), starlark.Float(mtime)}, starlark.None, starlark.MakeInt(-1)); err != nil {
		return err
	}
	sec := int64(mtime)
	ts := []unix.Timespec{{Sec: sec, Nsec: int64((mtime - float64(sec)) * 1e9)}, {Sec: sec, Nsec: int64((mtime - float64(sec)) * 1e9)}}
	if err := unix.UtimesNanoAt(unix.AT_FDCWD, target, ts, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return core.PathError(err, target)
	}
	return nil
}

func (x *Extractor) chmod(target string, mode int64) error {
	if mode < 0 || x.NoAttrs {
		return nil
	}
	if err := x.raise(EventChmod, starlark.String(target), starlark.MakeInt64(mode), starlark.MakeInt(-1)); err != nil {
		return err
	}
	if err := unix.Fchmodat(unix.AT_FDCWD, target, uint32(mode), 0); err != nil {
		return core.PathError(err, target)
	}
	return nil
}

// Extract writes one member; open yields a regular file's content.
func (x *Extractor) Extract(m Member, open func() (io.ReadCloser, error)) error {
	if err := x.Env.Cancelled(); err != nil {
		return err
	}
	_, target, mode, err := x.Check(m)
	if err != nil {
		return err
	}
	if err := x.makedirs(filepath.Dir(target)); err != nil {
		return err
	}
	switch m.Kind {
	case Dir:
		if x.NoAttrs {
			// zipfile: a directory is made only when missing (no event
			// otherwise), as CPython's _extract_member and _unpack_zipfile.
			return x.makedirs(target)
		}
		if err := x.raise(EventMkdir, starlark.String(target), starlark.MakeInt(0o777), starlark.MakeInt(-1)); err != nil {
			return err
		}
		if err := unix.Mkdir(target, 0o777); err != nil {
			if st, serr := os.Lstat(target); err != unix.EEXIST || serr != nil || !st.IsDir() {
				return core.PathError(err, target)
			}
		}
		m.Name = target
		m.Mode = mode
		x.dirs = append(x.dirs, m)
		return nil
	case Symlink:
		if err := x.raise(EventSymlink, starlark.String(m.Linkname), starlark.String(target), starlark.MakeInt(-1)); err != nil {
			return err
		}
		if err := unix.Symlink(m.Linkname, target); err != nil {
			return core.PathError(err, target)
		}
		return x.chown(target)
	case Hardlink:
		src := core.PathJoin(x.Dest, m.Linkname)
		if err := x.raise(EventLink, starlark.String(src), starlark.String(target), starlark.MakeInt(-1), starlark.MakeInt(-1)); err != nil {
			return err
		}
		if err := unix.Linkat(unix.AT_FDCWD, src, unix.AT_FDCWD, target, 0); err != nil {
			return core.PathError(err, target)
		}
	default:
		if err := x.writeFile(target, m, open); err != nil {
			return err
		}
	}
	if err := x.chown(target); err != nil {
		return err
	}
	if err := x.chmod(target, mode); err != nil {
		return err
	}
	if m.Mtime >= 0 && !x.NoAttrs {
		return x.utime(target, m.Mtime)
	}
	return nil
}

const writeFlags = unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC | unix.O_CLOEXEC

// writeFile raises open (target, "w", flags) and copies the content,
// within the extraction's byte budget. It never writes through a symlink
// (O_NOFOLLOW). A member that would exceed the budget is removed (event
// os.remove first) and the extraction fails: nothing half-written stays.
func (x *Extractor) writeFile(target string, m Member, open func() (io.ReadCloser, error)) error {
	if m.Size > 0 && x.written+m.Size > x.limit() {
		return x.tooBig(m)
	}
	if err := x.raise(EventOpen, starlark.String(target), starlark.String("w"), starlark.MakeInt(writeFlags)); err != nil {
		return err
	}
	fd, err := unix.Open(target, writeFlags|unix.O_NOFOLLOW, 0o666)
	if err != nil {
		return core.PathError(err, target)
	}
	f := os.NewFile(uintptr(fd), target)
	var r io.ReadCloser
	if open != nil {
		if r, err = open(); err != nil {
			f.Close()
			return err
		}
		defer r.Close()
	}
	remain := x.limit() - x.written
	var n int64
	if r != nil {
		n, err = io.Copy(f, io.LimitReader(r, remain+1))
	}
	cerr := f.Close()
	if err == nil && n > remain {
		x.removePartial(target)
		return x.tooBig(m)
	}
	if err != nil {
		x.removePartial(target)
		var pe *pyerr.Error
		if errors.As(err, &pe) {
			return err
		}
		return core.Errorf("ExtractError", "%s: %v", core.Quote(m.Name), err)
	}
	if cerr != nil {
		return core.PathError(cerr, target)
	}
	x.written += n
	return nil
}

func (x *Extractor) removePartial(target string) {
	if x.raise(EventRemove, starlark.String(target), starlark.MakeInt(-1)) == nil {
		os.Remove(target)
	}
}

func (x *Extractor) tooBig(m Member) error {
	return core.Errorf("ExtractError", "%s: extraction refused: the archive expands beyond the limit of %d bytes", core.Quote(m.Name), x.limit())
}

// Finish sets the directories' times (and modes, with the tar filter),
// deepest first, as CPython's extractall.
func (x *Extractor) Finish() error {
	sort.SliceStable(x.dirs, func(i, j int) bool { return x.dirs[i].Name > x.dirs[j].Name })
	for _, d := range x.dirs {
		if err := x.chown(d.Name); err != nil {
			return err
		}
		if d.Mtime >= 0 && !x.NoAttrs {
			if err := x.utime(d.Name, d.Mtime); err != nil {
				return err
			}
		}
		if err := x.chmod(d.Name, d.Mode); err != nil {
			return err
		}
	}
	x.dirs = nil
	return nil
}

// Written is the number of bytes extracted so far.
func (x *Extractor) Written() int64 { return x.written }
