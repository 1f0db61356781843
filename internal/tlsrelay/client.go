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

	"github.com/spython-dev/spython/internal/trusted"
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

// Default is the helper installed beside the running spython (Path is ""
// if the running executable cannot be found), pinned to the digest
// compiled in (Digest is "" without one, and https is refused).
func Default() *Helper { return defaultHelper() }

var defaultHelper = sync.OnceValue(func() *Helper {
	h := &Helper{Digest: HelperDigest}
	if exe, err := os.Executable(); err == nil {
		h.Path = filepath.Join(filepath.Dir(exe), HelperName)
	}
	return h
})

func (h *Helper) open() (*os.File, error) {
	h.once.Do(func() {
		if h.exe, h.err = verify(h.Path, h.Digest); h.err != nil {
			h.err = &HelperError{Path: h.Path, Msg: h.err.Error()}
		}
	})
	return h.exe, h.err
}

// HelperError says why the helper was not run. Nothing was executed.
type HelperError struct {
	Path string // "" when the path is unknown
	Msg  string
}

func (e *HelperError) Error() string { return e.Msg }

// verify opens the helper the trusted way (no symlink, a regular file only
// its owner, root or this user, can write), hashes what it reads from the
// descriptor and returns that descriptor, the one executed.
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
	f, err := trusted.Open(path, trusted.Rules{RootOrSelf: true, Forbidden: 0o022, MaxSize: maxHelperSize})
	if err != nil {
		return nil, fmt.Errorf("TLS helper %s: %v", path, err)
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, io.LimitReader(f, maxHelperSize+1)); err != nil {
		f.Close()
		return nil, fmt.Errorf("TLS helper %s: reading: %v", path, err)
	}
	if got := sum.Sum(nil); !bytes.Equal(got, want) {
		f.Close()
		return nil, fmt.Errorf("TLS helper %s: SHA-256 %x, but this spython was built with %s", path, got, digest)
	}
	return f, nil
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
