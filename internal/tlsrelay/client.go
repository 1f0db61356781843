package tlsrelay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// HelperName is the helper's file name, beside the spython executable.
const HelperName = "spython-tls"

// HelperDigest is the hex SHA-256 of the spython-tls built with this
// spython. The Makefile sets it:
//
//	-ldflags "-X github.com/spython-dev/spython/internal/tlsrelay.HelperDigest=HEX"
var HelperDigest string

const (
	// maxHelperSize bounds what is read to hash the helper.
	maxHelperSize = 256 << 20
	// helperFD is where the verified helper sits in the child, for
	// execve("/proc/self/fd/4"): inside the child's own descriptor table,
	// so no descriptor the child is given can replace it.
	helperFD = 4
	// startGrace is how much longer than the handshake timeout the parent
	// waits for the status: the helper's own deadline should fire first.
	startGrace = 2 * time.Second
)

// Helper is one spython-tls executable and the digest it must have. It is
// verified once, on first use, and kept open for the rest of the run.
type Helper struct {
	Path   string
	Digest string // hex SHA-256

	once sync.Once
	exe  *os.File
	err  error
}

var defaultHelper = sync.OnceValue(func() *Helper {
	return &Helper{Path: DefaultPath(), Digest: HelperDigest}
})

// Default is the helper installed beside the running spython, pinned to
// the digest compiled in.
func Default() *Helper { return defaultHelper() }

// DefaultPath is where the default helper is looked for ("" if the
// running executable cannot be found).
func DefaultPath() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return filepath.Join(filepath.Dir(exe), HelperName)
}

// Pinned reports whether a digest was compiled in: without one, https is
// refused.
func Pinned() bool { return HelperDigest != "" }

func (h *Helper) open() (*os.File, error) {
	h.once.Do(func() { h.exe, h.err = verify(h.Path, h.Digest) })
	return h.exe, h.err
}

// verify opens the helper without following a symlink, checks it on the
// descriptor and hashes what it reads from it. The descriptor returned is
// the one executed.
func verify(path, digest string) (*os.File, error) {
	if digest == "" {
		return nil, errors.New("this spython was built without the digest of its TLS helper (build it with make), so https is refused")
	}
	want, err := hex.DecodeString(digest)
	if err != nil || len(want) != sha256.Size {
		return nil, fmt.Errorf("the TLS helper digest compiled in (%q) is not a hex SHA-256", digest)
	}
	if path == "" {
		return nil, errors.New("cannot find the TLS helper: the running executable's path is unknown")
	}
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if errors.Is(err, unix.ELOOP) {
		return nil, fmt.Errorf("TLS helper %s: is a symlink", path)
	}
	if err != nil {
		return nil, fmt.Errorf("TLS helper %s: %v", path, err)
	}
	fail := func(format string, args ...any) (*os.File, error) {
		unix.Close(fd)
		return nil, fmt.Errorf("TLS helper %s: "+format, append([]any{path}, args...)...)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fail("%v", err)
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return fail("not a regular file")
	case st.Uid != 0 && int(st.Uid) != os.Geteuid():
		return fail("owned by uid %d, neither root nor this user", st.Uid)
	case st.Mode&0o022 != 0:
		return fail("writable by group or others (mode %04o)", st.Mode&0o7777)
	case st.Size > maxHelperSize:
		return fail("larger than %d bytes", maxHelperSize)
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		return fail("%v", err)
	}
	sum := sha256.New()
	buf := make([]byte, 256<<10)
	for total := int64(0); ; {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fail("reading: %v", err)
		}
		if n == 0 {
			break
		}
		if total += int64(n); total > maxHelperSize {
			return fail("larger than %d bytes", maxHelperSize)
		}
		sum.Write(buf[:n])
	}
	if got := sum.Sum(nil); !bytes.Equal(got, want) {
		return fail("SHA-256 %x, but this spython was built with %s", got, digest)
	}
	return os.NewFile(uintptr(fd), path), nil
}

// Conn is a TLS connection whose record layer runs in the helper: reads
// and writes carry plaintext, on a Unix socket to the helper.
type Conn struct {
	net.Conn
	proc      *os.Process
	closeOnce sync.Once
	closeErr  error
}

// Close closes the plaintext socket and ends and reaps the helper.
func (c *Conn) Close() error {
	c.closeOnce.Do(func() {
		c.closeErr = c.Conn.Close()
		_ = c.proc.Kill()
		_, _ = c.proc.Wait()
	})
	return c.closeErr
}

// Client runs the TLS handshake over tcp, a connected TCP socket, in a new
// helper process, and returns the plaintext connection once the
// certificate has been verified. The helper gets its own duplicate of tcp;
// the caller still closes its own. A failed handshake is a
// *HandshakeError; a context that ends during the handshake stops it.
func (h *Helper) Client(ctx context.Context, tcp *os.File, req Request) (*Conn, error) {
	msg, err := req.Marshal()
	if err != nil {
		return nil, err
	}
	exe, err := h.open()
	if err != nil {
		return nil, err
	}
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("tls: socketpair: %w", err)
	}
	parent := os.NewFile(uintptr(fds[0]), "tls relay")
	child := os.NewFile(uintptr(fds[1]), "tls relay (helper)")
	proc, err := os.StartProcess(fmt.Sprintf("/proc/self/fd/%d", helperFD), []string{HelperName}, &os.ProcAttr{
		Env:   []string{}, // nothing from the environment reaches the helper
		Files: []*os.File{child, child, os.Stderr, tcp, exe},
		// Should spython be killed, the helper dies too rather than hold
		// the connection (it notices its parent's socket closing only
		// after the handshake). The signal comes when the thread that
		// started it exits; spython's threads last as long as the
		// process.
		Sys: &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL},
	})
	child.Close()
	if err != nil {
		parent.Close()
		return nil, fmt.Errorf("starting the TLS helper: %v", err)
	}
	conn, err := net.FileConn(parent)
	parent.Close()
	if err != nil {
		_ = proc.Kill()
		_, _ = proc.Wait()
		return nil, fmt.Errorf("tls: %w", err)
	}
	c := &Conn{Conn: conn, proc: proc}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := c.handshake(msg, req.Timeout); err != nil {
		c.Close()
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, err
	}
	return c, nil
}

// handshake sends the request and reads the helper's status.
func (c *Conn) handshake(msg []byte, timeout time.Duration) error {
	if timeout > 0 {
		if err := c.Conn.SetDeadline(time.Now().Add(timeout + startGrace)); err != nil {
			return err
		}
		defer c.Conn.SetDeadline(time.Time{})
	}
	_, werr := c.Conn.Write(msg)
	// The helper answers even when it could not read all of the request
	// (a write error here is then only its closing): read first.
	line, rerr := readLine(byteReader{c.Conn})
	switch {
	case rerr == nil:
		return parseStatus(line)
	case errors.Is(rerr, os.ErrDeadlineExceeded):
		return &HandshakeError{TimedOut: true, Msg: "tls: handshake timed out"}
	case werr != nil:
		return fmt.Errorf("tls helper: sending the request: %w", werr)
	case errors.Is(rerr, io.EOF), errors.Is(rerr, io.ErrUnexpectedEOF):
		return errors.New("tls helper: exited without a status")
	}
	return fmt.Errorf("tls helper: reading its status: %w", rerr)
}

// byteReader reads one byte per read(2): nothing after the status line is
// consumed before the caller reads it.
type byteReader struct{ r io.Reader }

func (b byteReader) ReadByte() (byte, error) {
	var p [1]byte
	for {
		n, err := b.r.Read(p[:])
		if n == 1 {
			return p[0], nil
		}
		if err != nil {
			return 0, err
		}
	}
}
