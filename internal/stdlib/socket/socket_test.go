package socket

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// Catalog and Pure are the library's catalogue (stdlib.Events and
// stdlib.Pure), set by catalog_test.go: this package cannot import
// internal/stdlib, which imports it.
var (
	Catalog map[string][]string
	Pure    map[string]string
)

// recorder is the tests' audit hook.
type recorder = coretest.Recorder

// runScript runs src with socket predeclared.
func runScript(env *core.Env, src string) (starlark.StringDict, error) {
	d := starlark.StringDict{"socket": Module(env)}
	return starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{Name: "test"}, "t.star", src, d)
}

// sockCase runs one script: the events it raises (names, and the first
// event's args), its error kind, and what it did or did not do.
type sockCase struct {
	name      string // the callable under test, as in the catalogue
	desc      string
	src       string
	deny      string
	events    []string // expected event names, in order
	firstArgs string   // expected repr of the first event's args ("" = not checked)
	wantKind  string   // expected error kind ("" = success)
	check     func(t *testing.T, g starlark.StringDict, r *recorder)
}

func runCases(t *testing.T, cases []sockCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name+"/"+tc.desc, func(t *testing.T) {
			r := &recorder{Deny: tc.deny}
			g, err := runScript(&core.Env{Audit: r.Audit}, tc.src)
			got := r.Names()
			if !slices.Equal(got, tc.events) {
				t.Errorf("events = %q, want %q", got, tc.events)
			}
			if tc.firstArgs != "" && len(r.Events) > 0 {
				if s := r.Events[0].Args.String(); s != tc.firstArgs {
					t.Errorf("first event args = %s, want %s", s, tc.firstArgs)
				}
			}
			checkCatalog(t, tc.name, got)
			switch {
			case tc.deny != "":
				var de *hooks.DeniedError
				if !errors.As(err, &de) || de.Event != tc.deny {
					t.Fatalf("err = %v, want the hook's DeniedError for %s", err, tc.deny)
				}
			case tc.wantKind != "":
				if k := coretest.KindOf(err); k != tc.wantKind {
					t.Fatalf("err = %v (kind %q), want kind %s", err, k, tc.wantKind)
				}
			case err != nil:
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.check != nil {
				tc.check(t, g, r)
			}
		})
	}
}

// checkCatalog checks that the events a call raised are listed for it.
func checkCatalog(t *testing.T, name string, got []string) {
	t.Helper()
	if Catalog == nil || Pure == nil {
		t.Fatal("Catalog is not set (catalog_test.go)")
	}
	coretest.CheckCatalog(t, Catalog, Pure, name, got)
}

func wantGlobal(t *testing.T, g starlark.StringDict, name, repr string) {
	t.Helper()
	v, ok := g[name]
	if !ok {
		t.Fatalf("global %s not set", name)
	}
	if got := v.String(); got != repr {
		t.Errorf("%s = %s, want %s", name, got, repr)
	}
}

// fdRE matches the descriptor in a socket's repr, which varies.
var fdRE = regexp.MustCompile(`fd=[0-9]+,`)

// The sockets in events are shown as CPython shows them at that moment
// (the record renders them when the event is raised).
func TestSocketEventArgs(t *testing.T) {
	a := &recorder{}
	_, err := runScript(&core.Env{Audit: a.Audit}, `
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
	for _, e := range a.Reprs() {
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

	runCases(t, []sockCase{
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
			check: func(t *testing.T, g starlark.StringDict, f *recorder) {
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
			check: func(t *testing.T, g starlark.StringDict, f *recorder) {
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
			check: func(t *testing.T, g starlark.StringDict, f *recorder) {
				wantGlobal(t, g, "data", `b"x"`)
				wantGlobal(t, g, "ok", "True")
			},
		},
		{name: "socket.socket", desc: "a denied sendto sends nothing",
			src: `u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b"x", ("127.0.0.1", ` + udpPort + `))`,
			deny:   "socket.sendto",
			events: []string{"socket.__new__", "socket.sendto"},
			check: func(t *testing.T, g starlark.StringDict, f *recorder) {
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
			check: func(t *testing.T, g starlark.StringDict, f *recorder) {
				if got, want := f.Events[1].Args.String(), `("<socket.socket fd=-1, family=0, type=0, proto=0>", 2, 1, 6)`; got != want {
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
			check: func(t *testing.T, g starlark.StringDict, f *recorder) {
				wantGlobal(t, g, "a", `"127.0.0.1"`)
			},
		},
		{name: "socket.getaddrinfo", desc: "CPython's tuples", src: `r = socket.getaddrinfo("127.0.0.1", "80", type=socket.SOCK_STREAM)
r2 = socket.getaddrinfo("::1", None)`,
			events: []string{"socket.getaddrinfo", "socket.getaddrinfo"}, firstArgs: `("127.0.0.1", "80", 0, 1, 0)`,
			check: func(t *testing.T, g starlark.StringDict, f *recorder) {
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
	r := &recorder{OnEvent: func(name string) {
		if name == "socket.bind" {
			time.AfterFunc(100*time.Millisecond, cancel)
		}
	}}
	start := time.Now()
	_, err := runScript(&core.Env{Audit: r.Audit, Context: ctx}, `s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1); s.accept()`)
	if coretest.KindOf(err) != "InterruptedError" {
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
	runCases(t, []sockCase{
		{name: "socket.gethostname", desc: "returns the host name", src: `h = socket.gethostname()`,
			events: []string{"socket.gethostname"}, firstArgs: `()`,
			check: func(t *testing.T, g starlark.StringDict, _ *recorder) {
				wantGlobal(t, g, "h", strconv.Quote(host))
			}},
		{name: "socket.gethostname", desc: "denied", src: `socket.gethostname()`, deny: "socket.gethostname", events: []string{"socket.gethostname"}},
	})
}
