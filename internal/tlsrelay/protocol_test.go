package tlsrelay

import (
	"bufio"
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRequestRoundTrip(t *testing.T) {
	for _, want := range []Request{
		{ServerName: "example.com", Roots: []byte("PEM")},
		{ServerName: "127.0.0.1", Timeout: 1500 * time.Millisecond, Roots: []byte("a\nb\n")},
		{ServerName: "::1", Timeout: time.Microsecond, Roots: []byte("x")}, // rounds up to 1 ms, never to "none"
	} {
		msg, err := want.Marshal()
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", want, err)
		}
		// Plaintext after the request must stay unread.
		r := bufio.NewReader(bytes.NewReader(append(msg, "GET / HTTP/1.1\r\n"...)))
		got, err := ReadRequest(r)
		if err != nil {
			t.Fatalf("ReadRequest: %v", err)
		}
		if want.Timeout > 0 && want.Timeout < time.Millisecond {
			want.Timeout = time.Millisecond
		}
		if got.ServerName != want.ServerName || got.Timeout != want.Timeout || !bytes.Equal(got.Roots, want.Roots) {
			t.Errorf("round trip: got %+v, want %+v", got, want)
		}
		if rest, _ := r.ReadString('\n'); rest != "GET / HTTP/1.1\r\n" {
			t.Errorf("after the request: %q", rest)
		}
	}
}

func TestMarshalRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		req  Request
		want string
	}{
		{"empty server name", Request{Roots: []byte("x")}, "invalid server name"},
		{"space in server name", Request{ServerName: "a b", Roots: []byte("x")}, "invalid server name"},
		{"newline in server name", Request{ServerName: "a\nb", Roots: []byte("x")}, "invalid server name"},
		{"non-ASCII server name", Request{ServerName: "bücher.example", Roots: []byte("x")}, "invalid server name"},
		{"negative timeout", Request{ServerName: "a", Timeout: -1, Roots: []byte("x")}, "negative timeout"},
		{"no roots", Request{ServerName: "a"}, "no CA certificates"},
		{"huge roots", Request{ServerName: "a", Roots: make([]byte, MaxRoots+1)}, "larger than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := c.req.Marshal(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestReadRequestRefuses(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"empty", "", "EOF"},
		{"wrong magic", "spython-tls/2 a 0 1\nx", "malformed request line"},
		{"missing field", "spython-tls/1 a 0\nx", "malformed request line"},
		{"bad timeout", "spython-tls/1 a -5 1\nx", "invalid timeout"},
		{"huge timeout", "spython-tls/1 a 99999999999999999 1\nx", "invalid timeout"},
		{"zero roots", "spython-tls/1 a 0 0\n", "invalid CA bundle length"},
		{"too many roots", "spython-tls/1 a 0 16777217\n", "invalid CA bundle length"},
		{"short roots", "spython-tls/1 a 0 5\nab", "reading the CA bundle"},
		{"endless line", strings.Repeat("x", maxLine+1), "longer than"},
		{"line cut short", "spython-tls/1 a", "unexpected EOF"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadRequest(bufio.NewReader(strings.NewReader(c.in)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestStatusRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name     string
		err      error
		wantNil  bool
		wantMsg  string
		wantTime bool
	}{
		{name: "ok", wantNil: true},
		{name: "verification", err: errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority"),
			wantMsg: "tls: failed to verify certificate: x509: certificate signed by unknown authority"},
		{name: "timeout", err: &HandshakeError{TimedOut: true, Msg: "context deadline exceeded"}, wantMsg: "context deadline exceeded", wantTime: true},
		{name: "newlines flattened", err: errors.New("a\nb\rc"), wantMsg: "a b c"},
	} {
		t.Run(c.name, func(t *testing.T) {
			line := StatusLine(c.err)
			if !bytes.HasSuffix(line, []byte("\n")) || bytes.Count(line, []byte("\n")) != 1 {
				t.Fatalf("status %q is not one line", line)
			}
			got := parseStatus(strings.TrimSuffix(string(line), "\n"))
			if c.wantNil {
				if got != nil {
					t.Fatalf("parseStatus(%q) = %v, want nil", line, got)
				}
				return
			}
			var he *HandshakeError
			if !errors.As(got, &he) || he.Msg != c.wantMsg || he.Timeout() != c.wantTime {
				t.Errorf("parseStatus(%q) = %#v, want message %q, timeout %v", line, got, c.wantMsg, c.wantTime)
			}
		})
	}
	for _, bad := range []string{"", "OK", "error", "error weird x", "okay"} {
		if err := parseStatus(bad); err == nil || !strings.Contains(err.Error(), "malformed status") {
			t.Errorf("parseStatus(%q) = %v, want a malformed status error", bad, err)
		}
	}
}
