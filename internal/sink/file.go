package sink

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// File is the per-script log: opened append-only, written with exactly one
// write(2) per record.
type File struct {
	fd   int
	path string
	dev  uint64
	ino  uint64

	// mu is held from Lock to Unlock, so that a lease is never given up
	// (lease.go) between reading the tail and writing the record.
	mu sync.Mutex
	// exclusive: this run holds a write lease on the file, so no other
	// process can append and the tail needs no flock or fstat.
	exclusive bool
	// tail is the last record's event.hash when the file was tailEnd
	// bytes long (valid when tailOK); see Lock.
	tail    [64]byte
	tailN   int
	tailEnd int64
	tailOK  bool
}

// OpenFile opens (creating with mode 0600) the log at path for appending.
// A symlink, a hard-linked file, or anything but a regular file at that path
// is refused: the log must be a file only spython writes.
func OpenFile(path string) (*File, error) {
	return OpenFileAt(unix.AT_FDCWD, path, path)
}

// OpenFileAt is OpenFile for name relative to the directory dirfd (a log
// directory opened and checked by the caller); path is the log's full path,
// for messages and the protection of the log.
func OpenFileAt(dirfd int, name, path string) (*File, error) {
	fd, err := RetryLeaseBreak(func() (int, error) {
		return unix.Openat(dirfd, name, unix.O_RDWR|unix.O_APPEND|unix.O_CREAT|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NONBLOCK, 0o600)
	})
	if errors.Is(err, unix.ELOOP) {
		return nil, fmt.Errorf("audit log %s: is a symlink", path)
	}
	if errors.Is(err, unix.ENXIO) || errors.Is(err, unix.EISDIR) {
		return nil, fmt.Errorf("audit log %s: not a regular file", path)
	}
	if err != nil {
		return nil, fmt.Errorf("audit log %s: %w", path, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("audit log %s: %w", path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, fmt.Errorf("audit log %s: not a regular file", path)
	}
	if st.Nlink > 1 {
		unix.Close(fd)
		return nil, fmt.Errorf("audit log %s: has %d hard links", path, st.Nlink)
	}
	if euid := os.Geteuid(); int(st.Uid) != euid {
		unix.Close(fd)
		return nil, fmt.Errorf("audit log %s: owned by uid %d, not by the user running spython (%d)", path, st.Uid, euid)
	}
	if st.Mode&0o022 != 0 {
		unix.Close(fd)
		return nil, fmt.Errorf("audit log %s: writable by group or others (mode %04o)", path, st.Mode&0o7777)
	}
	if err := endLastLine(fd, st.Size); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("audit log %s: %w", path, err)
	}
	// Regular files ignore O_NONBLOCK; it only kept a FIFO from blocking the open.
	f := &File{fd: fd, path: path, dev: st.Dev, ino: st.Ino}
	f.tryLease()
	return f, nil
}

// endLastLine ends a record cut short (a full disk, a file size limit), a
// line without its newline, so this run's records start on a line of
// their own; the verifier still reports the cut line. It looks under the
// append lock: another run's record being written is not cut short, but a
// write that crosses a page boundary grows the file a page at a time, and
// an fstat between the two would see a line without its end and add an
// empty line after it. A log that was empty when opened (a new one) has
// nothing to end, and needs no lock.
func endLastLine(fd int, sizeAtOpen int64) error {
	if sizeAtOpen == 0 {
		return nil
	}
	if err := flockTimeout(fd, LockTimeout); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	defer unix.Flock(fd, unix.LOCK_UN)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if st.Size == 0 {
		return nil
	}
	var last [1]byte
	if n, err := unix.Pread(fd, last[:], st.Size-1); err != nil || n != 1 || last[0] == '\n' {
		return nil
	}
	_, err := unix.Write(fd, []byte("\n"))
	return err
}

// Path returns the path the log was opened at.
func (f *File) Path() string { return f.path }

// Fd returns the descriptor (for fdatasync and identity checks).
func (f *File) Fd() int { return f.fd }

// SameFile reports whether st describes the log file.
func (f *File) SameFile(st *unix.Stat_t) bool { return st.Dev == f.dev && st.Ino == f.ino }

// Enabled: the file keeps every record.
func (f *File) Enabled(Meta) bool { return true }

// Handle writes line with one write(2). A short write is an error: the log
// can no longer be trusted to be complete, and the run must end.
func (f *File) Handle(_ Meta, line []byte) error {
	for {
		n, err := unix.Write(f.fd, line)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("audit log %s: write: %w", f.path, err)
		}
		if n != len(line) {
			return fmt.Errorf("audit log %s: short write (%d of %d bytes)", f.path, n, len(line))
		}
		return nil
	}
}

// Sync flushes written records to stable storage.
func (f *File) Sync() error { return unix.Fdatasync(f.fd) }

// Close closes the log (which gives up a lease on it).
func (f *File) Close() error {
	f.forgetLease()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exclusive = false
	return unix.Close(f.fd)
}

// LastHash returns the event.hash of the file's last record, or "" when the
// file is empty or does not end in a complete record.
func (f *File) LastHash() string {
	var st unix.Stat_t
	if unix.Fstat(f.fd, &st) != nil {
		return ""
	}
	return f.lastHash(st.Size)
}

// lastHash reads the event.hash of the record ending at size.
func (f *File) lastHash(size int64) string {
	const suffixLen = len(`"event.hash":"`) + 64 + len("\"}\n")
	if size < int64(suffixLen) {
		return ""
	}
	var buf [suffixLen]byte
	if n, err := unix.Pread(f.fd, buf[:], size-int64(suffixLen)); err != nil || n != suffixLen {
		return ""
	}
	if !bytes.HasPrefix(buf[:], []byte(`"event.hash":"`)) || !bytes.HasSuffix(buf[:], []byte("\"}\n")) {
		return ""
	}
	h := buf[len(`"event.hash":"`) : len(`"event.hash":"`)+64]
	for _, c := range h {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return ""
		}
	}
	return string(h)
}

// ensure File is a Handler.
var _ Handler = (*File)(nil)
