package urllib

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
	"github.com/spython-dev/spython/internal/stdlib/socket"
)

// Catalog is the library's catalogue of events (stdlib.Events), set by
// catalog_test.go: this package cannot import internal/stdlib, which
// imports it.
var Catalog map[string][]string

// fdRE matches the descriptor in a socket's repr, which varies.
var fdRE = regexp.MustCompile(`fd=[0-9]+,`)

// urlAuditor records events (name and repr of args) and denies one.
type urlAuditor struct {
	mu     sync.Mutex
	events []string // "name repr(args)"
	names  []string
	deny   string
}

func (a *urlAuditor) audit(thread *starlark.Thread, event string, args starlark.Tuple) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events = append(a.events, event+" "+args.String())
	a.names = append(a.names, event)
	if event == a.deny {
		return &hooks.DeniedError{Event: event, Reason: "test"}
	}
	return nil
}

// urlServer is an HTTP server on 127.0.0.1 that counts TCP accepts and
// requests, so a test can tell that no connection was made.
type urlServer struct {
	*httptest.Server
	accepts, requests atomic.Int32
}

type countingListener struct {
	net.Listener
	n *atomic.Int32
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

func newURLServer(t *testing.T, h http.HandlerFunc) *urlServer {
	s := &urlServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		h(w, r)
	}))
	s.Listener = countingListener{s.Listener, &s.accepts}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *urlServer) port() string {
	_, p, _ := net.SplitHostPort(s.Listener.Addr().String())
	return p
}

// fakeDNS replaces the resolver: svc.test is 127.0.0.1; lookups are counted.
func fakeDNS(t *testing.T) *atomic.Int32 {
	var n atomic.Int32
	old := socket.LookupIPAddr
	socket.LookupIPAddr = func(ctx context.Context, host string) ([]net.IPAddr, error) {
		n.Add(1)
		if host == "svc.test" {
			return []net.IPAddr{{IP: net.ParseIP("127.0.0.1")}}, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	t.Cleanup(func() { socket.LookupIPAddr = old })
	return &n
}

// urlRun runs src with urllib and globals predeclared.
func urlRun(env *core.Env, src string, globals starlark.StringDict) (starlark.StringDict, error) {
	d := starlark.StringDict{"urllib": Module(env)}
	for k, v := range globals {
		d[k] = v
	}
	return starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{Name: "test"}, "t.star", src, d)
}

func echoHandler(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Add("X-Multi", "a")
	w.Header().Add("X-Multi", "b")
	io.WriteString(w, r.Method+" "+r.URL.RequestURI()+" "+string(body)+" "+r.Header.Get("X-Test")+" "+r.Header.Get("Content-Type")+" "+r.Header.Get("User-Agent"))
}

// hopEvents are the events of one request on a new connection, in order.
var hopEvents = []string{"urllib.Request", "http.client.connect", "socket.getaddrinfo", "socket.__new__", "socket.connect", "http.client.send"}

// urlopen raises CPython's events in CPython's order with CPython's
// argument schemas (the request's head and body each in an
// http.client.send), and returns the response.
func TestURLOpenEvents(t *testing.T) {
	srv := newURLServer(t, echoHandler)
	port := srv.port()
	a := &urlAuditor{}
	g, err := urlRun(&core.Env{Audit: a.audit}, `
r = urllib.request.urlopen(URL + "/p?q=1", data=b"hi", headers={"x-test": "v"}, method="PUT", timeout=30)
status, head, body, ctype, multi, code, gh = r.status, r.read(4), r.read(), r.headers["Content-Type"], r.headers.get_all("x-multi"), r.getcode(), r.getheader("content-type")
rest = r.read()
first, missing, has = r.headers["x-MULTI"], r.headers["nope"], "content-type" in r.headers
`, starlark.StringDict{"URL": starlark.String(srv.URL)})
	if err != nil {
		t.Fatal(err)
	}
	host := "127.0.0.1:" + port
	want := []string{
		`urllib.Request ("` + srv.URL + `/p?q=1", b"hi", {"X-test": "v"}, "PUT")`,
		`http.client.connect ("<http.client.HTTPConnection object>", "127.0.0.1", ` + port + `)`,
		`socket.getaddrinfo ("127.0.0.1", ` + port + `, 0, 1, 0)`,
		`socket.__new__ ("<socket.socket fd=-1, family=0, type=0, proto=0>", 2, 1, 6)`,
		`socket.connect ("<socket.socket fd=N, family=2, type=1, proto=6, laddr=('0.0.0.0', 0)>", ("127.0.0.1", ` + port + `))`,
		`http.client.send ("<http.client.HTTPConnection object>", b"PUT /p?q=1 HTTP/1.1\r\nHost: ` + host + `\r\nUser-Agent: ` + urlUserAgent + `\r\nContent-Length: 2\r\nAccept-Encoding: identity\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Test: v\r\nConnection: close\r\n\r\n")`,
		`http.client.send ("<http.client.HTTPConnection object>", b"hi")`,
	}
	got := slices.Clone(a.events)
	for i := range got {
		got[i] = fdRE.ReplaceAllString(got[i], "fd=N,")
	}
	if !slices.Equal(got, want) {
		t.Errorf("events:\n got %q\nwant %q", got, want)
	}
	if Catalog == nil {
		t.Fatal("Catalog is not set (catalog_test.go)")
	}
	for _, e := range a.names {
		if !slices.Contains(Catalog["urllib.request.urlopen"], e) {
			t.Errorf("urlopen raised %q, not listed in the catalog", e)
		}
	}
	for name, w := range map[string]string{
		"status": "200",
		"head":   `b"PUT "`,
		"body":   `b"/p?q=1 hi v application/x-www-form-urlencoded ` + urlUserAgent + `"`,
		"ctype":  `"text/plain"`, "multi": `["a", "b"]`, "code": "200", "gh": `"text/plain"`, "rest": `b""`,
		"first": `"a"`, "missing": "None", "has": "True",
	} {
		if got := g[name].String(); got != w {
			t.Errorf("%s = %s, want %s", name, got, w)
		}
	}
}

// A denied event stops everything after it: no DNS query after a denied
// getaddrinfo, no TCP connection after a denied connect.
func TestURLOpenDenied(t *testing.T) {
	for _, c := range []struct {
		deny       string
		wantEvents []string
	}{
		{"urllib.Request", hopEvents[:1]},
		{"http.client.connect", hopEvents[:2]},
		{"socket.getaddrinfo", hopEvents[:3]},
		{"socket.__new__", hopEvents[:4]},
		{"socket.connect", hopEvents[:5]},
		{"http.client.send", hopEvents[:6]},
	} {
		t.Run(c.deny, func(t *testing.T) {
			dns := fakeDNS(t)
			srv := newURLServer(t, echoHandler)
			url := starlark.String("http://svc.test:" + srv.port() + "/")
			a := &urlAuditor{deny: c.deny}
			_, err := urlRun(&core.Env{Audit: a.audit}, `urllib.request.urlopen(URL)`, starlark.StringDict{"URL": url})
			if coretest.KindOf(err) != "PermissionError" {
				t.Fatalf("err = %v, want PermissionError", err)
			}
			if !slices.Equal(a.names, c.wantEvents) {
				t.Errorf("events = %q, want %q", a.names, c.wantEvents)
			}
			wantDNS := int32(0)
			if slices.Index(hopEvents, c.deny) > 2 {
				wantDNS = 1
			}
			wantAccepts := int32(1)
			if c.deny == "http.client.send" {
				wantAccepts = 2 // connected, but no byte of the request was sent
			}
			if got := dns.Load(); got != wantDNS {
				t.Errorf("DNS queries = %d, want %d", got, wantDNS)
			}
			// An allowed request now is the first connection the server
			// accepts: the denied call made none (accepts are in order).
			a2 := &urlAuditor{}
			if _, err := urlRun(&core.Env{Audit: a2.audit}, `urllib.request.urlopen(URL).read()`, starlark.StringDict{"URL": url}); err != nil {
				t.Fatal(err)
			}
			if got := srv.accepts.Load(); got != wantAccepts {
				t.Errorf("TCP accepts = %d, want %d", got, wantAccepts)
			}
			if got := srv.requests.Load(); got != 1 {
				t.Errorf("requests = %d, want 1", got)
			}
		})
	}
}

// With no Audit function urlopen does nothing (fails closed).
func TestURLOpenNoAuditFailsClosed(t *testing.T) {
	srv := newURLServer(t, echoHandler)
	_, err := urlRun(&core.Env{}, `urllib.request.urlopen(URL)`, starlark.StringDict{"URL": starlark.String(srv.URL)})
	if coretest.KindOf(err) != "PermissionError" {
		t.Fatalf("err = %v, want PermissionError", err)
	}
	if srv.requests.Load() != 0 {
		t.Error("the server saw a request")
	}
}

func TestURLOpenErrors(t *testing.T) {
	release := make(chan struct{})
	srv := newURLServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/404":
			http.NotFound(w, r)
		case "/slow":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		case "/redir":
			http.Redirect(w, r, "/final", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/ftp":
			http.Redirect(w, r, "ftp://example.com/", http.StatusFound)
		case "/307":
			http.Redirect(w, r, "/final", http.StatusTemporaryRedirect)
		default:
			echoHandler(w, r)
		}
	})
	t.Cleanup(func() { close(release) })
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(echoHandler))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := "http://" + closed.Addr().String() + "/"
	closed.Close()
	dead, cancel := context.WithCancel(context.Background())
	cancel()

	for _, c := range []struct {
		name, src  string
		ctx        context.Context
		wantKind   string
		wantMsg    string // substring of the error, or of repr(result)
		wantEvents []string
	}{
		{name: "404", src: `urlopen(URL + "/404")`, wantKind: "HTTPError", wantMsg: "HTTP Error 404: Not Found",
			wantEvents: hopEvents},
		{name: "timeout", src: `urlopen(URL + "/slow", timeout=0.2)`, wantKind: "TimeoutError",
			wantEvents: hopEvents},
		{name: "refused", src: `urlopen(REFUSED)`, wantKind: "URLError", wantMsg: "Connection refused",
			wantEvents: hopEvents[:5]},
		{name: "no such host", src: `urlopen("http://nowhere.test/")`, wantKind: "URLError", wantMsg: "Name or service not known",
			wantEvents: hopEvents[:3]},
		{name: "unsupported scheme", src: `urlopen("file:///etc/passwd")`, wantKind: "ValueError", wantMsg: "http and https only",
			wantEvents: []string{"urllib.Request"}},
		{name: "no scheme", src: `urlopen("example.com")`, wantKind: "ValueError", wantMsg: "unknown url type"},
		{name: "bad header", src: `urlopen(URL, headers={"X": "a\r\nEvil: 1"})`, wantKind: "ValueError"},
		{name: "bad timeout", src: `urlopen(URL, timeout=-1)`, wantKind: "ValueError"},
		{name: "cancelled", src: `urlopen(URL)`, ctx: dead, wantKind: "InterruptedError"},
		{name: "redirect", src: `urlopen(URL + "/redir").geturl()`, wantMsg: "/final",
			wantEvents: slices.Repeat(hopEvents, 2)},
		{name: "redirect of POST becomes GET", src: `urlopen(URL + "/redir", data="x").read()`, wantMsg: `b"GET /final  `},
		{name: "307 of POST is not followed", src: `urlopen(URL + "/307", data="x")`, wantKind: "HTTPError", wantMsg: "HTTP Error 307"},
		{name: "redirect to ftp", src: `urlopen(URL + "/ftp")`, wantKind: "HTTPError", wantMsg: "is not allowed"},
		{name: "https with an untrusted certificate", src: `urlopen(TLSURL)`, wantKind: "URLError", wantMsg: "certificate",
			wantEvents: hopEvents[:5]},
		{name: "redirect loop", src: `urlopen(URL + "/loop")`, wantKind: "HTTPError", wantMsg: "infinite loop"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fakeDNS(t)
			a := &urlAuditor{}
			g, err := urlRun(&core.Env{Audit: a.audit, Context: c.ctx}, "urlopen = urllib.request.urlopen\nresult = "+c.src+"\n",
				starlark.StringDict{"URL": starlark.String(srv.URL), "REFUSED": starlark.String(refused), "TLSURL": starlark.String(tlsSrv.URL)})
			if got := coretest.KindOf(err); got != c.wantKind {
				t.Fatalf("err = %v, want kind %q", err, c.wantKind)
			}
			if text := urlResultText(g, err); !strings.Contains(text, c.wantMsg) {
				t.Errorf("got %q, want it to contain %q", text, c.wantMsg)
			}
			if c.wantEvents != nil && !slices.Equal(a.names, c.wantEvents) {
				t.Errorf("events = %q, want %q", a.names, c.wantEvents)
			}
			if c.name == "redirect loop" && len(a.names) != len(hopEvents)*urlMaxRedirects {
				t.Errorf("%d events, want %d (10 hops)", len(a.names), len(hopEvents)*urlMaxRedirects)
			}
		})
	}
}

// The events for an IPv6 literal carry CPython's 4-tuple address.
func TestURLOpenIPv6Events(t *testing.T) {
	l, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback:", err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(echoHandler))
	srv.Listener = l
	srv.Start()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	a := &urlAuditor{}
	if _, err := urlRun(&core.Env{Audit: a.audit}, `urllib.request.urlopen(URL)`, starlark.StringDict{"URL": starlark.String(srv.URL)}); err != nil {
		t.Fatal(err)
	}
	want := `socket.connect ("<socket.socket fd=N, family=10, type=1, proto=6, laddr=('::', 0, 0, 0)>", ("::1", ` + port + `, 0, 0))`
	if len(a.events) != 6 || fdRE.ReplaceAllString(a.events[4], "fd=N,") != want || !strings.HasPrefix(a.events[2], `socket.getaddrinfo ("::1", `) ||
		a.events[3] != `socket.__new__ ("<socket.socket fd=-1, family=0, type=0, proto=0>", 10, 1, 6)` {
		t.Errorf("events = %q, want getaddrinfo of ::1 then %q", a.events, want)
	}
}

// urlResultText is the error's text, or the script's result when it ran.
func urlResultText(g starlark.StringDict, err error) string {
	if err != nil {
		return err.Error()
	}
	return g["result"].String()
}
