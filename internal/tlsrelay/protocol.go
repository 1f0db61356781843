package tlsrelay

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The exchange on the socket pair, before the plaintext:
//
//	parent → helper  "spython-tls/1 SERVER TIMEOUT_MS ROOTS_LEN\n" ROOTS
//	helper → parent  "ok\n" | "error KIND MESSAGE\n"
//
// KIND is "timeout" (the handshake ran out of time) or "tls" (anything
// else: verification, protocol, the server closing). MESSAGE is one line.
const (
	magic = "spython-tls/1"
	// MaxRoots bounds the CA bundle (Debian's is about 220 KB).
	MaxRoots = 16 << 20
	// maxLine bounds the request and status lines.
	maxLine = 4096

	kindTimeout = "timeout"
	kindTLS     = "tls"
)

// Request is what the helper needs for one connection.
type Request struct {
	ServerName string        // verified against the certificate; a host name or an IP literal
	Timeout    time.Duration // for the handshake; 0: none
	Roots      []byte        // the CAs to trust, PEM
}

// validServerName: one field of the request line, printable ASCII.
func validServerName(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// Marshal encodes the request as the parent sends it.
func (r Request) Marshal() ([]byte, error) {
	switch {
	case !validServerName(r.ServerName):
		return nil, fmt.Errorf("tls: invalid server name %q", r.ServerName)
	case r.Timeout < 0:
		return nil, errors.New("tls: negative timeout")
	case len(r.Roots) == 0:
		return nil, errors.New("tls: no CA certificates to trust")
	case len(r.Roots) > MaxRoots:
		return nil, fmt.Errorf("tls: CA bundle larger than %d bytes", MaxRoots)
	}
	ms := int64(0)
	if r.Timeout > 0 {
		ms = max(1, r.Timeout.Milliseconds())
	}
	head := fmt.Sprintf("%s %s %d %d\n", magic, r.ServerName, ms, len(r.Roots))
	return append([]byte(head), r.Roots...), nil
}

// ReadRequest decodes a request as the helper receives it.
func ReadRequest(r *bufio.Reader) (Request, error) {
	line, err := readLine(r)
	if err != nil {
		return Request{}, fmt.Errorf("reading the request: %w", err)
	}
	f := strings.Split(line, " ")
	if len(f) != 4 || f[0] != magic {
		return Request{}, fmt.Errorf("malformed request line %q", line)
	}
	ms, err1 := strconv.ParseInt(f[2], 10, 64)
	n, err2 := strconv.Atoi(f[3])
	switch {
	case !validServerName(f[1]):
		return Request{}, fmt.Errorf("invalid server name %q", f[1])
	case err1 != nil || ms < 0 || ms > int64(time.Duration(1<<62)/time.Millisecond):
		return Request{}, fmt.Errorf("invalid timeout %q", f[2])
	case err2 != nil || n <= 0 || n > MaxRoots:
		return Request{}, fmt.Errorf("invalid CA bundle length %q", f[3])
	}
	roots := make([]byte, n)
	if _, err := io.ReadFull(r, roots); err != nil {
		return Request{}, fmt.Errorf("reading the CA bundle: %w", err)
	}
	return Request{ServerName: f[1], Timeout: time.Duration(ms) * time.Millisecond, Roots: roots}, nil
}

// HandshakeError is the helper's report of a failed handshake.
type HandshakeError struct {
	TimedOut bool
	Msg      string
}

func (e *HandshakeError) Error() string { return e.Msg }

// Timeout and Temporary make it a net.Error, so callers map a handshake
// that ran out of time like any other timeout.
func (e *HandshakeError) Timeout() bool   { return e.TimedOut }
func (e *HandshakeError) Temporary() bool { return false }

// StatusLine is the helper's answer: "ok" for a nil error.
func StatusLine(err error) []byte {
	if err == nil {
		return []byte("ok\n")
	}
	kind := kindTLS
	var he *HandshakeError
	if errors.As(err, &he) && he.TimedOut {
		kind = kindTimeout
	}
	msg := strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, err.Error())
	if len(msg) > maxLine-64 {
		msg = msg[:maxLine-64]
	}
	return []byte("error " + kind + " " + msg + "\n")
}

// parseStatus turns a status line (without its newline) into nil or a
// *HandshakeError.
func parseStatus(line string) error {
	if line == "ok" {
		return nil
	}
	rest, ok := strings.CutPrefix(line, "error ")
	if !ok {
		return fmt.Errorf("tls helper: malformed status %q", line)
	}
	kind, msg, _ := strings.Cut(rest, " ")
	switch kind {
	case kindTimeout:
		return &HandshakeError{TimedOut: true, Msg: msg}
	case kindTLS:
		return &HandshakeError{Msg: msg}
	}
	return fmt.Errorf("tls helper: malformed status %q", line)
}

// readLine reads one line of at most maxLine bytes, without the newline.
func readLine(r io.ByteReader) (string, error) {
	var b strings.Builder
	for b.Len() < maxLine {
		c, err := r.ReadByte()
		if err != nil {
			if err == io.EOF && b.Len() > 0 {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		if c == '\n' {
			return b.String(), nil
		}
		b.WriteByte(c)
	}
	return "", fmt.Errorf("line longer than %d bytes", maxLine)
}
