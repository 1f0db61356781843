package stdlib

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/tlsrelay"
)

// urlClient is one urlopen call. Everything, events included, runs on
// the script's goroutine, so hooks never run concurrently with the
// script.
type urlClient struct {
	env     *Env
	thread  *starlark.Thread
	timeout time.Duration // 0: none (Python's default)
	// auditErr is the error an event's hook returned (a denial, or a log
	// that failed): returned as raised, never mapped to a URLError.
	auditErr error
}

// raise raises an event. With no Audit function nothing is allowed: the
// library fails closed.
func (c *urlClient) raise(event string, args starlark.Tuple) error {
	if c.env.Audit == nil {
		return pyerr.New("PermissionError", "%s: no audit hook installed", event)
	}
	return c.env.Audit(c.thread, event, args)
}

// Python's socket constants, as CPython's events show them.
const (
	pyAFUnspec    = 0
	pySockStream  = 1
	pyProtoDetect = 0
)

// dial connects to host:port as socket.create_connection does:
// socket.getaddrinfo before the DNS query (also for an IP literal, which
// needs none), then socket.connect before each connection attempt, in
// resolver order. A denial stops it before the step it guards. The
// connection returned is the raw TCP one.
func (c *urlClient) dial(ctx context.Context, host string, port int) (net.Conn, error) {
	portStr := strconv.Itoa(port)
	if err := c.auditStep(ctx, "socket.getaddrinfo", starlark.Tuple{
		starlark.String(host), starlark.MakeInt(port),
		starlark.MakeInt(pyAFUnspec), starlark.MakeInt(pySockStream), starlark.MakeInt(pyProtoDetect),
	}); err != nil {
		return nil, err
	}
	var ips []net.IPAddr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []net.IPAddr{{IP: ip.AsSlice(), Zone: ip.Zone()}}
	} else if ips, err = urlLookupIPAddr(ctx, host); err != nil {
		return nil, err
	}
	var lastErr error = &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	for _, ip := range ips {
		self, address := "<socket.socket family=AF_INET, type=SOCK_STREAM, proto=6>", starlark.Tuple{starlark.String(ip.IP.String()), starlark.MakeInt(port)}
		if ip.IP.To4() == nil {
			self = "<socket.socket family=AF_INET6, type=SOCK_STREAM, proto=6>"
			address = append(address, starlark.MakeInt(0), starlark.MakeInt(0))
		}
		if err := c.auditStep(ctx, "socket.connect", starlark.Tuple{starlark.String(self), address}); err != nil {
			return nil, err
		}
		d := net.Dialer{Timeout: c.timeout}
		conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(ip.String(), portStr))
		if err != nil {
			lastErr = err
			continue
		}
		return conn, nil
	}
	return nil, lastErr
}

// auditStep raises an event unless the run is ending: once the context is
// done, nothing more is attempted (and so nothing more is logged).
func (c *urlClient) auditStep(ctx context.Context, event string, args starlark.Tuple) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := c.raise(event, args)
	if err != nil {
		c.auditErr = err
	}
	return err
}

// urlTimeoutConn applies the timeout to every read and write, as a Python
// socket timeout does (not to the whole transfer).
type urlTimeoutConn struct {
	net.Conn
	d time.Duration
}

func (c *urlTimeoutConn) Read(p []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(time.Now().Add(c.d)); err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

func (c *urlTimeoutConn) Write(p []byte) (int, error) {
	if err := c.Conn.SetWriteDeadline(time.Now().Add(c.d)); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

// startTLS runs the TLS handshake on raw in the TLS helper (package
// tlsrelay: crypto/tls is not linked into spython) and returns the
// plaintext connection.
func (c *urlClient) startTLS(ctx context.Context, raw net.Conn, host string, roots []byte) (*tlsrelay.Conn, error) {
	tcp, ok := raw.(*net.TCPConn)
	if !ok {
		return nil, errors.New("tls: not a TCP connection")
	}
	f, err := tcp.File() // a duplicate, for the helper
	if err != nil {
		return nil, err
	}
	defer f.Close()
	conn, err := urlTLS().Client(ctx, f, tlsrelay.Request{ServerName: host, Timeout: c.timeout, Roots: roots})
	var refused *tlsrelay.HelperError
	if errors.As(err, &refused) {
		// A helper spython will not run is in the log as a denial; the
		// script sees the URLError. Only a failing log replaces it.
		args := starlark.Tuple{starlark.String(refused.Path), starlark.String(refused.Msg)}
		if aerr := c.raise(policy.EventTLSHelperRefused, args); aerr != nil && hooks.IsFatal(aerr) {
			c.auditErr = aerr
		}
	}
	return conn, err
}
