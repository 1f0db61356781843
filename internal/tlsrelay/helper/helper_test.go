package helper

import (
	"bufio"
	"net"
	"strings"
	"testing"
)

// A request the helper cannot use is answered with one error status line,
// and Serve returns without touching the TCP side.
func TestServeRefusesBadRequests(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"garbage", "hello\n", "error tls malformed request line"},
		{"bad server name", "spython-tls/1 a\x01b 0 1\nx", "error tls invalid server name"},
		{"not PEM", "spython-tls/1 example.com 0 7\nnot PEM", "error tls tls: no certificates in the CA bundle"},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent, helperSide := net.Pipe()
			tcp, tcpPeer := net.Pipe()
			defer tcpPeer.Close()
			done := make(chan error, 1)
			go func() { done <- Serve(helperSide, tcp) }()
			go parent.Write([]byte(c.in))
			line, _ := bufio.NewReader(parent).ReadString('\n')
			if !strings.HasPrefix(line, c.want) {
				t.Errorf("status %q, want it to start with %q", line, c.want)
			}
			if err := <-done; err == nil {
				t.Error("Serve returned nil for a refused request")
			}
			parent.Close()
		})
	}
}
