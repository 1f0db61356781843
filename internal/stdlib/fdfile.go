package stdlib

import (
	"io"
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// fdFile is what open() reads and writes through: the bare descriptor,
// with an *os.File made only when another package needs one (subprocess's
// stdin=, shutil's copy, the archive modules). os.NewFile costs an fcntl
// per open and, for a descriptor still in O_NONBLOCK mode, an epoll_ctl:
// with the O_NONBLOCK clear and the fstat of open() that was five system
// calls per file before the read, where CPython makes one (docs/performance.md).
//
// A regular file keeps the O_NONBLOCK of its open(2) (open() needs it
// against a FIFO and a log's lease): Linux ignores the flag for a regular
// file's reads and writes. It is cleared before an *os.File is made, so a
// child process given the file never sees it.
type fdFile struct {
	fd       int
	name     string
	nonblock bool            // O_NONBLOCK is still set (a regular file)
	os       *os.File        // once made, it owns fd (and its finalizer closes it)
	cleanup  runtime.Cleanup // closes fd if the script drops the file unclosed, as os.File's finalizer would
}

func newFDFile(fd int, name string, nonblock bool) *fdFile {
	f := &fdFile{fd: fd, name: name, nonblock: nonblock}
	f.cleanup = runtime.AddCleanup(f, func(fd int) { _ = unix.Close(fd) }, fd)
	return f
}

// block clears the O_NONBLOCK a regular file kept; it reports whether there
// was one to clear (then an EAGAIN, which a FUSE file system may return
// for such a file, is worth retrying).
func (f *fdFile) block() bool {
	if !f.nonblock {
		return false
	}
	f.nonblock = false
	if fl, err := unix.FcntlInt(uintptr(f.fd), unix.F_GETFL, 0); err == nil {
		_, _ = unix.FcntlInt(uintptr(f.fd), unix.F_SETFL, fl&^unix.O_NONBLOCK)
	}
	return true
}

// File returns the descriptor as an *os.File, made on first use.
func (f *fdFile) File() *os.File {
	if f.os == nil {
		f.block()
		f.cleanup.Stop()
		f.os = os.NewFile(uintptr(f.fd), f.name)
	}
	return f.os
}

func (f *fdFile) Read(p []byte) (int, error) {
	if f.os != nil {
		return f.os.Read(p) // it may be in the poller (WrapFile's pipes)
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := unix.Read(f.fd, p)
		if err == unix.EINTR || err == unix.EAGAIN && f.block() {
			continue
		}
		if err != nil {
			return 0, &os.PathError{Op: "read", Path: f.name, Err: err}
		}
		if n == 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}

// Write writes all of p (a short write is continued, as os.File does).
func (f *fdFile) Write(p []byte) (int, error) {
	if f.os != nil {
		return f.os.Write(p)
	}
	done := 0
	for done < len(p) {
		n, err := unix.Write(f.fd, p[done:])
		if err == unix.EINTR || err == unix.EAGAIN && f.block() {
			continue
		}
		if err != nil {
			return done, &os.PathError{Op: "write", Path: f.name, Err: err}
		}
		if n == 0 {
			return done, io.ErrUnexpectedEOF
		}
		done += n
	}
	return done, nil
}

// WriteString writes s without copying it (write(2) does not keep it).
func (f *fdFile) WriteString(s string) (int, error) {
	return f.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
}

func (f *fdFile) Seek(offset int64, whence int) (int64, error) {
	if f.os != nil {
		return f.os.Seek(offset, whence)
	}
	pos, err := unix.Seek(f.fd, offset, whence)
	if err != nil {
		return 0, &os.PathError{Op: "seek", Path: f.name, Err: err}
	}
	return pos, nil
}

func (f *fdFile) Truncate(size int64) error {
	if f.os != nil {
		return f.os.Truncate(size)
	}
	for {
		err := unix.Ftruncate(f.fd, size)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return &os.PathError{Op: "truncate", Path: f.name, Err: err}
		}
		return nil
	}
}

// Close closes the descriptor once (through the *os.File if one was made).
func (f *fdFile) Close() error {
	if f.os != nil {
		return f.os.Close()
	}
	if f.fd < 0 {
		return os.ErrClosed
	}
	f.cleanup.Stop()
	fd := f.fd
	f.fd = -1
	if err := unix.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: f.name, Err: err}
	}
	return nil
}

func (f *fdFile) Fd() uintptr {
	if f.os != nil {
		return f.os.Fd()
	}
	return uintptr(f.fd)
}

// osFDFile wraps a descriptor a module already holds as an *os.File.
func osFDFile(osf *os.File) *fdFile {
	return &fdFile{fd: -1, name: osf.Name(), os: osf}
}
