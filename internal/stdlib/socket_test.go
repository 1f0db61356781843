package stdlib

import (
	"context"
	"io"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

// The sockets in events are shown as CPython shows them at that moment
// (the record renders them when the event is raised).
func TestSocketEventArgs(t *testing.T) {
	a := &urlAuditor{}
	_, err := runScript(&Env{Audit: a.audit}, t.TempDir(), `
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
c = socket.create_connection(srv.getsockname())
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.bind(("::1", 0))
u.sendto(b"x", u.getsockname())
`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range a.events {
		got = append(got, portRE.ReplaceAllString(fdRE.ReplaceAllString(e, "fd=N,"), "P"))
	}
	want := []string{
		`socket.__new__ ("<socket.socket fd=-1, family=0, type=0, proto=0>", 2, 1, 0)`,
		`socket.bind (<socket.socket fd=N, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>, ("127.0.0.1", 0))`,
		`socket.getaddrinfo ("127.0.0.1", P, 0, 1, 0)`,
		`socket.__new__ ("<socket.socket fd=-1, family=0, type=0, proto=0>", 2, 1, 6)`,
		`socket.connect (<socket.socket fd=N, family=2, type=1, proto=6, laddr=('0.0.0.0', 0)>, ("127.0.0.1", P))`,
		`socket.__new__ ("<socket.socket fd=-1, family=0, type=0, proto=0>", 10, 2, 0)`,
		`socket.bind (<socket.socket fd=N, family=10, type=2, proto=0, laddr=('::', 0, 0, 0)>, ("::1", 0))`,
		`socket.sendto (<socket.socket fd=N, family=10, type=2, proto=0, laddr=('::1', P, 0, 0)>, ("::1", P, 0, 0))`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// portRE matches a non-zero port number in an address.
var portRE = regexp.MustCompile(`\b[1-9][0-9]{3,4}\b`)

func TestSocket(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 10)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
			go io.Copy(c, c) // echo
		}
	}()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedPort := strconv.Itoa(closed.Addr().(*net.TCPAddr).Port)
	closed.Close()
	udp, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer udp.Close()
	udpPort := strconv.Itoa(udp.LocalAddr().(*net.UDPAddr).Port)

	runCases(t, []sysCase{
		{name: "socket.socket", desc: "client: __new__ then connect with CPython's args; send and recv",
			src: `s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(5)
s.connect(("127.0.0.1", ` + port + `))
n = s.send(b"ping")
s.sendall("pong")
data = s.recv(100)
while len(data) < 8:
    data += s.recv(100)
s2 = socket.socket()
s2.close()
closed = str(s2)`,
			events:    []string{"socket.__new__", "socket.connect", "socket.__new__"},
			firstArgs: `("<socket.socket fd=-1, family=0, type=0, proto=0>", 2, 1, 0)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				wantGlobal(t, g, "n", "4")
				wantGlobal(t, g, "data", `b"pingpong"`)
				wantGlobal(t, g, "closed", `"<socket.socket [closed] fd=-1, family=2, type=1, proto=0>"`)
			},
		},
		{name: "socket.socket", desc: "a denied connect makes no connection",
			src:    `s = socket.socket(); s.connect(("127.0.0.1", ` + port + `))`,
			deny:   "socket.connect",
			events: []string{"socket.__new__", "socket.connect"},
		},
		{name: "socket.socket", desc: "a denied __new__ makes no socket",
			src:    `s = socket.socket()`,
			deny:   "socket.__new__",
			events: []string{"socket.__new__"},
		},
		{name: "socket.socket", desc: "connection refused",
			src:      `s = socket.socket(); s.connect(("127.0.0.1", ` + closedPort + `))`,
			events:   []string{"socket.__new__", "socket.connect"},
			wantKind: "ConnectionRefusedError",
		},
		{name: "socket.socket", desc: "AF_UNIX is not offered (no socket files)",
			src:      `s = socket.socket(1, socket.SOCK_STREAM)`,
			events:   []string{"socket.__new__"},
			wantKind: "OSError",
		},
		{name: "socket.socket", desc: "server: bind, listen, accept raises __new__ for the new socket; timeout",
			src: `srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
addr = srv.getsockname()
c = socket.socket()
c.connect(addr)
conn, peer = srv.accept()
c.sendall(b"hi")
got = conn.recv(10)
same = peer == c.getsockname()`,
			events: []string{"socket.__new__", "socket.bind", "socket.__new__", "socket.connect", "socket.__new__"},
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				wantGlobal(t, g, "got", `b"hi"`)
				wantGlobal(t, g, "same", "True")
			},
		},
		{name: "socket.socket", desc: "a denied bind binds nothing",
			src:    `s = socket.socket(); s.bind(("127.0.0.1", ` + closedPort + `))`,
			deny:   "socket.bind",
			events: []string{"socket.__new__", "socket.bind"},
		},
		{name: "socket.socket", desc: "UDP: sendto raises socket.sendto (self, address); recvfrom",
			src: `u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
a = u.getsockname()
u.sendto(b"x", a)
data, frm = u.recvfrom(10)
ok = frm == a
u.close()`,
			events: []string{"socket.__new__", "socket.bind", "socket.sendto"},
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				wantGlobal(t, g, "data", `b"x"`)
				wantGlobal(t, g, "ok", "True")
			},
		},
		{name: "socket.socket", desc: "a denied sendto sends nothing",
			src: `u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b"x", ("127.0.0.1", ` + udpPort + `))`,
			deny:   "socket.sendto",
			events: []string{"socket.__new__", "socket.sendto"},
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				_ = udp.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
				if n, _, err := udp.ReadFrom(make([]byte, 10)); err == nil {
					t.Errorf("a datagram of %d bytes arrived", n)
				}
			},
		},
		{name: "socket.create_connection", desc: "a timeout is TimeoutError",
			src: `c = socket.create_connection(("127.0.0.1", ` + port + `))
c.settimeout(0.05)
c.recv(10)`,
			events:   []string{"socket.getaddrinfo", "socket.__new__", "socket.connect"},
			wantKind: "TimeoutError",
		},
		{name: "socket.create_connection", desc: "getaddrinfo, __new__, connect as CPython",
			src:       `c = socket.create_connection(("127.0.0.1", ` + port + `), timeout=5)`,
			events:    []string{"socket.getaddrinfo", "socket.__new__", "socket.connect"},
			firstArgs: `("127.0.0.1", ` + port + `, 0, 1, 0)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				if got, want := f.events[1].args.String(), `("<socket.socket fd=-1, family=0, type=0, proto=0>", 2, 1, 6)`; got != want {
					t.Errorf("__new__ args = %s, want %s", got, want)
				}
			},
		},
		{name: "socket.create_connection", desc: "a denied getaddrinfo resolves nothing",
			src:    `c = socket.create_connection(("127.0.0.1", ` + port + `))`,
			deny:   "socket.getaddrinfo",
			events: []string{"socket.getaddrinfo"},
		},
		{name: "socket.gethostbyname", desc: "an IPv4 literal", src: `a = socket.gethostbyname("127.0.0.1")`,
			events: []string{"socket.gethostbyname"}, firstArgs: `("127.0.0.1",)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				wantGlobal(t, g, "a", `"127.0.0.1"`)
			},
		},
		{name: "socket.getaddrinfo", desc: "CPython's tuples", src: `r = socket.getaddrinfo("127.0.0.1", "80", type=socket.SOCK_STREAM)
r2 = socket.getaddrinfo("::1", None)`,
			events: []string{"socket.getaddrinfo", "socket.getaddrinfo"}, firstArgs: `("127.0.0.1", "80", 0, 1, 0)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				wantGlobal(t, g, "r", `[(2, 1, 6, "", ("127.0.0.1", 80))]`)
				wantGlobal(t, g, "r2", `[(10, 1, 6, "", ("::1", 0, 0, 0)), (10, 2, 17, "", ("::1", 0, 0, 0)), (10, 3, 0, "", ("::1", 0, 0, 0))]`)
			},
		},
		{name: "socket.getfqdn", desc: "gethostbyaddr after gethostname for no name", src: `n = socket.getfqdn()`,
			events: []string{"socket.gethostname", "socket.gethostbyaddr"}},
	})
	for len(accepted) > 0 {
		(<-accepted).Close()
	}
}

// A run that ends interrupts an accept that would wait forever.
func TestSocketCancelInterruptsAccept(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &fakeEnv{onEvent: func(name string) {
		if name == "socket.bind" {
			time.AfterFunc(100*time.Millisecond, cancel)
		}
	}}
	env := newEnv(f)
	env.Context = ctx
	start := time.Now()
	_, err := runScript(env, t.TempDir(), `s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1); s.accept()`)
	if kindOf(err) != "InterruptedError" {
		t.Fatalf("err = %v, want InterruptedError", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.Contains(err.Error(), "ending") {
		t.Errorf("err = %v", err)
	}
}

func TestSocketGethostname(t *testing.T) {
	host, _ := os.Hostname()
	runCases(t, []sysCase{
		{name: "socket.gethostname", desc: "returns the host name", src: `h = socket.gethostname()`,
			events: []string{"socket.gethostname"}, firstArgs: `()`,
			check: func(t *testing.T, _ string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "h", strconv.Quote(host))
			}},
		{name: "socket.gethostname", desc: "denied", src: `socket.gethostname()`, deny: "socket.gethostname", events: []string{"socket.gethostname"}},
	})
}
