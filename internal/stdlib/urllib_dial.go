package stdlib

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// urlClient is one urlopen call.
type urlClient struct {
	env     *Env
	thread  *starlark.Thread
	timeout time.Duration // 0: none (Python's default)
	// reqs carries events from the dialer (a transport goroutine) to the
	// script's goroutine, which raises them in urlClient.do.
	reqs chan urlAuditReq
	stop chan struct{} // closed when urlopen returns
	// auditErr is the first error a hook returned; set on the script's
	// goroutine only.
	auditErr error
}

type urlAuditReq struct {
	event string
	args  starlark.Tuple
	reply chan error
}

// raise raises an event on the script's goroutine. With no Audit
// function nothing is allowed: the library fails closed.
func (c *urlClient) raise(event string, args starlark.Tuple) error {
	if c.env.Audit == nil {
		return pyerr.New("PermissionError", "%s: no audit hook installed", event)
	}
	return c.env.Audit(c.thread, event, args)
}

var errURLStopped = errors.New("urlopen: the call has ended")

// audit raises an event on the script's goroutine and waits for the
// verdict. Failing closed: if the call has ended or the context is done,
// the event is treated as denied.
func (c *urlClient) audit(ctx context.Context, event string, args starlark.Tuple) error {
	r := urlAuditReq{event, args, make(chan error, 1)}
	select {
	case c.reqs <- r:
	case <-c.stop:
		return errURLStopped
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-r.reply // the script's goroutine always replies once received
}

// Python's socket constants, as CPython's events show them.
const (
	pyAFUnspec    = 0
	pySockStream  = 1
	pyProtoDetect = 0
)

// dial is the transport's DialContext: socket.getaddrinfo before the DNS
// query (also for an IP literal, which needs none), then socket.connect
// before each connection attempt, in resolver order, as
// socket.create_connection does.
func (c *urlClient) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, err
	}
	if err := c.audit(ctx, "socket.getaddrinfo", starlark.Tuple{
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
		if err := c.audit(ctx, "socket.connect", starlark.Tuple{starlark.String(self), address}); err != nil {
			return nil, err
		}
		d := net.Dialer{Timeout: c.timeout}
		conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(ip.String(), portStr))
		if err != nil {
			lastErr = err
			continue
		}
		if c.timeout > 0 {
			conn = &urlTimeoutConn{Conn: conn, d: c.timeout}
		}
		return conn, nil
	}
	return nil, lastErr
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
