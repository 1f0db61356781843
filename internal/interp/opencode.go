package interp

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
)

// Verifier judges the integrity of code about to run. It gets the open
// descriptor that was checked and the bytes read from it, and must judge
// exactly those bytes. A failure reason should start with
// policy.IntegrityReasonPrefix so that audit mode can soften it.
type Verifier interface {
	Verify(f *os.File, path string, data []byte) (ok bool, reason string)
}

// bytecodeMagic starts go.starlark.net's compiled programs.
var bytecodeMagic = []byte("!sky")

// openCode is the one path through which code is read. It returns the
// verified bytes, which are the only bytes the caller may compile.
func (r *runner) openCode(thread *starlark.Thread, path string) ([]byte, error) {
	data, id, reason := r.readCode(path)
	// In integrity audit mode a verification failure is logged as
	// would_deny and the file runs anyway; every other refusal stands.
	softened := reason != "" && strings.HasPrefix(reason, policy.IntegrityReasonPrefix) &&
		r.policy.OpenCode.Integrity.Mode == policy.ModeAudit
	runs := reason == "" || softened
	if err := r.audit(thread, policy.EventOpenCode, starlark.Tuple{starlark.String(path), starlark.Bool(runs)}); err != nil {
		if hooks.IsFatal(err) {
			return nil, err
		}
		if runs {
			return nil, &CodeRefusedError{Path: path, Reason: err.Error()}
		}
	}
	if runs && id.ino != 0 && r.wroteFiles.Load() {
		// Which file ran, by device and inode: the report matches it to a
		// file the run wrote, whatever path either was named by (only
		// after the run wrote a file: otherwise there is nothing to match).
		if err := r.hooks.AuditLaunchers(EventCodeFile, id.args(path)); err != nil && hooks.IsFatal(err) {
			return nil, err
		}
	}
	if reason != "" {
		if err := r.audit(thread, policy.EventIntegrityFailure, starlark.Tuple{starlark.String(path), starlark.String(reason)}); err != nil && hooks.IsFatal(err) {
			return nil, err
		}
		if !softened {
			return nil, &CodeRefusedError{Path: path, Reason: reason}
		}
	}
	return data, nil
}

// readCode opens path once and returns its bytes, or why it is refused.
func (r *runner) readCode(path string) (_ []byte, id fileID, _ string) {
	if !r.policy.AcceptsExtension(path) {
		return nil, id, "extension " + quoteExt(path) + " is not accepted (want " + strings.Join(r.policy.OpenCode.Extensions, ", ") + ")"
	}
	// O_NONBLOCK keeps a FIFO from blocking the open; O_NOFOLLOW refuses a
	// symlink as the final component.
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	switch {
	case errors.Is(err, unix.ELOOP):
		return nil, id, "is a symlink"
	case errors.Is(err, unix.ENOENT):
		return nil, id, "no such file"
	case err != nil:
		return nil, id, "cannot open: " + err.Error()
	}
	// Plain system calls on the descriptor: an *os.File would register a
	// non-blocking descriptor with the runtime's poller, which costs the
	// first open of every run (epoll set-up) for a file read once.
	closeFd := func() { unix.Close(fd) }
	defer func() { closeFd() }()
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, id, "cannot stat: " + err.Error()
	}
	id = fileID{dev: st.Dev, ino: st.Ino}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, id, "not a regular file (" + fileType(st.Mode) + ")"
	}
	max := r.policy.OpenCode.MaxSize
	if st.Size > max {
		return nil, id, "larger than the policy's limit of " + itoa(max) + " bytes"
	}
	data, err := readFd(fd, st.Size, max+1)
	if err != nil {
		return nil, id, "cannot read: " + err.Error()
	}
	if int64(len(data)) > max {
		return nil, id, "larger than the policy's limit of " + itoa(max) + " bytes"
	}
	if bytes.HasPrefix(data, bytecodeMagic) {
		return nil, id, "compiled bytecode is never run"
	}
	if r.verifier != nil {
		// A regular file never blocks; in blocking mode os.NewFile keeps
		// the descriptor out of the poller.
		if err := unix.SetNonblock(fd, false); err != nil {
			return nil, id, "cannot read: " + err.Error()
		}
		f := os.NewFile(uintptr(fd), path)
		closeFd = func() { f.Close() }
		if ok, reason := r.verifier.Verify(f, path, data); !ok {
			return data, id, reason
		}
	}
	return data, id, ""
}

// readFd reads fd to its end, or to limit bytes, whichever comes first;
// size (the file's size when checked) sizes the buffer.
func readFd(fd int, size, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(size+1, limit))
	for int64(len(buf)) < limit {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(int64(cap(buf)), limit-int64(len(buf)))))
		}
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return nil, err
		case n == 0:
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
	return buf, nil
}

func quoteExt(path string) string {
	ext := filepath.Ext(path)
	if ext == "" {
		return "(none)"
	}
	return "\"" + ext + "\""
}

func fileType(mode uint32) string {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return "directory"
	case unix.S_IFIFO:
		return "FIFO"
	case unix.S_IFCHR:
		return "character device"
	case unix.S_IFBLK:
		return "block device"
	case unix.S_IFSOCK:
		return "socket"
	}
	return "special file"
}
