package urllib

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strconv"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/socket"
)

// connSelf is the self of http.client.connect and http.client.send.
func connSelf(https bool) starlark.String {
	if https {
		return "<http.client.HTTPSConnection object>"
	}
	return "<http.client.HTTPConnection object>"
}

// dialHTTP is the Transport's DialContext: http.client.connect, then the
// socket events and the connection; the request bytes are audited as
// they are written.
func (c *urlClient) dialHTTP(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, hop, err := c.connect(ctx, addr, false)
	if err != nil {
		return nil, err
	}
	return c.sendAudited(conn, hop, false), nil
}

// dialHTTPS is the Transport's DialTLSContext: as dialHTTP, then the TLS
// handshake (crypto/tls) against the fixed CA bundle, verifying the URL's
// host; the plaintext request bytes are audited.
func (c *urlClient) dialHTTPS(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, hop, err := c.connect(ctx, addr, true)
	if err != nil {
		return nil, err
	}
	roots, err := urlRoots()
	if err != nil {
		conn.Close()
		return nil, err
	}
	host, _, _ := net.SplitHostPort(addr)
	tc := tls.Client(conn, &tls.Config{RootCAs: roots, ServerName: host, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
	if err := tc.HandshakeContext(ctx); err != nil {
		tc.Close()
		return nil, err
	}
	return c.sendAudited(tc, hop, true), nil
}

// connect raises http.client.connect (self, host, port) and connects as
// create_connection does, under the hop current when the dial started.
func (c *urlClient) connect(ctx context.Context, addr string, https bool) (net.Conn, int, error) {
	hop := c.currentHop()
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, hop, err
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, hop, err
	}
	raise := func(event string, args starlark.Tuple) error { return c.raise(hop, event, args) }
	if err := raise("http.client.connect", starlark.Tuple{connSelf(https), starlark.String(host), starlark.MakeInt(port)}); err != nil {
		return nil, hop, err
	}
	// A run that ends stops a dial net/http may have detached from the
	// request.
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(c.env.Ctx(), cancel)
	defer stop()
	conn, err := socket.AuditedConnect(dctx, raise, host, port, c.timeout)
	if err != nil {
		return nil, hop, err
	}
	if c.timeout > 0 {
		conn = &urlTimeoutConn{Conn: conn, d: c.timeout}
	}
	return conn, hop, nil
}

// sendAudited wraps conn so that the request bytes raise
// http.client.send (self, data) before they are written.
func (c *urlClient) sendAudited(conn net.Conn, hop int, https bool) net.Conn {
	c.mu.Lock()
	req := c.cur
	c.mu.Unlock()
	body := 0
	if req != nil {
		if d, ok := req.data.(starlark.Bytes); ok {
			body = len(d)
		}
	}
	return &sendAuditConn{Conn: conn, c: c, hop: hop, self: connSelf(https), body: body}
}

// sendAuditConn raises http.client.send for the bytes of a request, as
// CPython's http.client does: one event for the request line and headers,
// one for the body. net/http writes them through a buffer in pieces of
// its choosing; they are held here until the head (up to the blank line)
// and the whole body are complete, both events are raised, and then both
// are written at once. Raising the body's event before the head reaches
// the server matters: a server may answer the head alone (a 404 to a
// POST), and net/http then hands the response to the script while the body
// is still being written, too late for the script to record its event.
// The bytes raised are the bytes written.
type sendAuditConn struct {
	net.Conn
	c        *urlClient
	hop      int
	self     starlark.String
	body     int // body bytes that follow the head
	headDone bool
	pending  []byte
}

// errSendHeadTooLarge: net/http never writes a head this long for the
// headers urlopen accepts; refuse rather than hold it.
var errSendHeadTooLarge = errors.New("urlopen: request head exceeds 1 MiB")

func (s *sendAuditConn) Write(p []byte) (int, error) {
	s.pending = append(s.pending, p...)
	n := len(s.pending)
	if !s.headDone {
		i := bytes.Index(s.pending, []byte("\r\n\r\n"))
		if i < 0 {
			if len(s.pending) > urlMaxHead {
				return 0, errSendHeadTooLarge
			}
			return len(p), nil
		}
		head := i + 4
		// The body is the script's bytes, already in memory: holding a
		// copy of it until it is complete costs no more than that.
		if len(s.pending) < head+s.body {
			return len(p), nil
		}
		if err := s.raise(s.pending[:head]); err != nil {
			return 0, err
		}
		n = head
		if s.body > 0 {
			if err := s.raise(s.pending[head : head+s.body]); err != nil {
				return 0, err
			}
			n += s.body
		}
		s.headDone = true
	} else if err := s.raise(s.pending); err != nil { // not expected: whatever follows, as written
		return 0, err
	}
	if _, err := s.Conn.Write(s.pending[:n]); err != nil {
		return 0, err
	}
	if rest := s.pending[n:]; len(rest) > 0 {
		if err := s.raise(rest); err != nil {
			return 0, err
		}
		if _, err := s.Conn.Write(rest); err != nil {
			return 0, err
		}
	}
	s.pending = nil
	return len(p), nil
}

func (s *sendAuditConn) raise(chunk []byte) error {
	return s.c.raise(s.hop, "http.client.send", starlark.Tuple{s.self, starlark.Bytes(chunk)})
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
