package tlsrelay_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spython-dev/spython/internal/tlsrelay"
	"github.com/spython-dev/spython/internal/tlsrelay/tlsrelaytest"
)

func TestMain(m *testing.M) { os.Exit(tlsrelaytest.Main(m)) }

// copyHelper copies the built helper to dir/name with the given mode.
func copyHelper(t *testing.T, dir, name string, mode os.FileMode) string {
	src, _ := tlsrelaytest.Build(t)
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every way the helper can fail its checks refuses the connection before
// anything runs, with an error that names the reason.
func TestHelperVerification(t *testing.T) {
	_, digest := tlsrelaytest.Build(t)
	dir := t.TempDir()
	good := copyHelper(t, dir, "good", 0o755)
	groupWritable := copyHelper(t, dir, "group-writable", 0o775)
	tampered := copyHelper(t, dir, "tampered", 0o755)
	f, err := os.OpenFile(tampered, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("x")
	f.Close()
	link := filepath.Join(dir, "link")
	if err := os.Symlink(good, link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, digest, want string
	}{
		{"no digest compiled in", good, "", "built without the digest"},
		{"digest not hex", good, "xyz", "not a hex SHA-256"},
		{"missing", filepath.Join(dir, "missing"), digest, "no such file"},
		{"symlink", link, digest, "is a symlink"},
		{"directory", dir, digest, "not a regular file"},
		{"group-writable", groupWritable, digest, "writable by group or others"},
		{"tampered", tampered, digest, "but this spython was built with"},
		{"unknown path", "", digest, "path is unknown"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := &tlsrelay.Helper{Path: c.path, Digest: c.digest}
			_, err := h.Client(context.Background(), os.Stdin, tlsrelay.Request{ServerName: "a", Roots: []byte("x")})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

// tlsServer is an https server whose certificate is for 127.0.0.1 and
// example.com; roots is that certificate as PEM.
func tlsServer(t *testing.T, h http.HandlerFunc) (addr string, roots []byte) {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String(), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}

// dialFile connects to addr and returns the socket as a file for Client.
func dialFile(t *testing.T, addr string) *os.File {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	f, err := c.(*net.TCPConn).File()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestClient(t *testing.T) {
	h := tlsrelaytest.Helper(t)
	addr, roots := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		io.WriteString(w, "hello over "+r.Proto+" to "+r.Host)
	})
	for _, c := range []struct {
		name, server string
		roots        []byte
		wantErr      string // "" for a working connection
	}{
		{name: "trusted IP", server: "127.0.0.1", roots: roots},
		{name: "trusted name", server: "example.com", roots: roots},
		{name: "wrong name", server: "svc.test", roots: roots, wantErr: "not svc.test"},
		{name: "untrusted", server: "127.0.0.1", roots: []byte(testOtherCA), wantErr: "certificate signed by unknown authority"},
		{name: "no certificates in the bundle", server: "127.0.0.1", roots: []byte("not PEM"), wantErr: "no certificates in the CA bundle"},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, err := h.Client(context.Background(), dialFile(t, addr), tlsrelay.Request{ServerName: c.server, Timeout: 10 * time.Second, Roots: c.roots})
			if c.wantErr != "" {
				var he *tlsrelay.HandshakeError
				if !errors.As(err, &he) || he.Timeout() || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %#v, want a HandshakeError containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			io.WriteString(conn, "GET / HTTP/1.1\r\nHost: "+c.server+"\r\n\r\n")
			// The server closes after its response: the relay passes its
			// end of stream on, so reading to EOF terminates.
			body, err := io.ReadAll(conn)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(body), "HTTP/1.1 200 OK") || !strings.HasSuffix(string(body), "hello over HTTP/1.1 to "+c.server) {
				t.Errorf("response %q", body)
			}
			if err := conn.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if err := conn.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}

// A server that accepts but never answers the ClientHello: the handshake
// times out as a timeout, and a cancelled context stops it.
func TestClientTimeoutAndCancel(t *testing.T) {
	h := tlsrelaytest.Helper(t)
	addr := silentServer(t)
	req := tlsrelay.Request{ServerName: "127.0.0.1", Timeout: 200 * time.Millisecond, Roots: []byte(testOtherCA)}
	_, err := h.Client(context.Background(), dialFile(t, addr), req)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("silent server: err = %v, want a timeout", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	req.Timeout = 0
	_, err = h.Client(ctx, dialFile(t, addr), req)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
}

// testOtherCA is a self-signed CA certificate that signed nothing here.
var testOtherCA = func() string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "unrelated test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}()

// A parent killed during the handshake takes its helper with it: the
// helper does not stay behind holding the connection. The parent is this
// test binary run again (TLSRELAY_TEST_PARENT), stuck in a handshake with
// a server that never answers.
func TestHelperDiesWithParent(t *testing.T) {
	if addr := os.Getenv("TLSRELAY_TEST_PARENT"); addr != "" {
		h := &tlsrelay.Helper{Path: os.Getenv("TLSRELAY_TEST_HELPER"), Digest: os.Getenv("TLSRELAY_TEST_DIGEST")}
		_, err := h.Client(context.Background(), dialFile(t, addr), tlsrelay.Request{ServerName: "127.0.0.1", Roots: []byte(testOtherCA)})
		t.Fatalf("the handshake with a silent server ended: %v", err)
	}
	path, digest := tlsrelaytest.Build(t)
	parent := exec.Command(os.Args[0], "-test.run=^TestHelperDiesWithParent$")
	parent.Env = append(os.Environ(), "TLSRELAY_TEST_PARENT="+silentServer(t),
		"TLSRELAY_TEST_HELPER="+path, "TLSRELAY_TEST_DIGEST="+digest)
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	helper := 0
	for deadline := time.Now().Add(20 * time.Second); helper == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			parent.Process.Kill()
			parent.Wait()
			t.Fatal("the helper never started")
		}
		helper = childOf(parent.Process.Pid)
	}
	parent.Process.Kill()
	parent.Wait()
	for deadline := time.Now().Add(20 * time.Second); alive(helper); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			syscall.Kill(helper, syscall.SIGKILL)
			t.Fatalf("helper %d outlived its parent", helper)
		}
	}
}

// silentServer accepts TCP connections and never answers on them (a
// handshake with it never completes); it returns its address.
func silentServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(io.Discard, c); c.Close() }()
		}
	}()
	return ln.Addr().String()
}

// childOf is a child process of pid, or 0.
func childOf(pid int) int {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, f := range tasks {
		data, _ := os.ReadFile(f)
		if fields := strings.Fields(string(data)); len(fields) > 0 {
			n, _ := strconv.Atoi(fields[0])
			return n
		}
	}
	return 0
}

// alive: pid exists and is not a zombie.
func alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(data), ") ")
	return !strings.HasPrefix(after, "Z") && !strings.HasPrefix(after, "X")
}
