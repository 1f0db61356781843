// Package helper is spython-tls's side of package tlsrelay: it reads one
// Request from the parent, runs the TLS handshake on the TCP socket it was
// given, answers with a status line and then relays plaintext between the
// parent and the TLS connection. It is the only spython package that
// imports crypto/tls.
package helper

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"

	"github.com/spython-dev/spython/internal/tlsrelay"
)

// Serve handles one connection: parent is the plaintext socket, tcp the
// connected TCP socket. It returns when the parent closes its side (nil),
// or with the error that ended the handshake, after reporting it.
func Serve(parent, tcp net.Conn) error {
	in := bufio.NewReader(parent)
	req, err := tlsrelay.ReadRequest(in)
	if err != nil {
		_, _ = parent.Write(tlsrelay.StatusLine(err))
		return err
	}
	conn, err := handshake(tcp, req)
	if _, werr := parent.Write(tlsrelay.StatusLine(err)); err == nil && werr != nil {
		err = werr
	}
	if err != nil {
		return err
	}
	// Server to parent: at the server's end of stream, the parent reads
	// EOF (a body read to the end of the connection), and the helper keeps
	// relaying its requests until the parent closes.
	go func() {
		_, _ = io.Copy(parent, conn)
		if cw, ok := parent.(interface{ CloseWrite() error }); ok {
			_ = cw.CloseWrite()
		}
	}()
	// Parent to server: the parent closing ends the helper.
	_, err = io.Copy(conn, in)
	return err
}

// handshake verifies the server's certificate against the request's roots
// and its server name, within the request's timeout.
func handshake(tcp net.Conn, req tlsrelay.Request) (*tls.Conn, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(req.Roots) {
		return nil, errors.New("tls: no certificates in the CA bundle")
	}
	ctx := context.Background()
	if req.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, req.Timeout)
		defer cancel()
	}
	conn := tls.Client(tcp, &tls.Config{ServerName: req.ServerName, RootCAs: pool, MinVersion: tls.VersionTLS12})
	err := conn.HandshakeContext(ctx)
	if err == nil {
		return conn, nil
	}
	var ne net.Error
	timedOut := errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.As(err, &ne) && ne.Timeout()
	return nil, &tlsrelay.HandshakeError{TimedOut: timedOut, Msg: err.Error()}
}
