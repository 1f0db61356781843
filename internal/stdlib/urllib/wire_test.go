package urllib

import (
	"bufio"
	"context"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// rawServer is a loopback TCP server that answers each request with
// canned bytes, so the tests control the response byte for byte. It
// records every request it reads (head and body, as received).
type rawServer struct {
	ln      net.Listener
	respond func(i int, req string) string // the i-th request's answer
	hold    bool                           // keep the connection open after answering
	got     chan struct{}                  // a request was read (buffered)
	done    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	reqs    []string
}

func newRawServer(t *testing.T, hold bool, respond func(i int, req string) string) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln, respond: respond, hold: hold, got: make(chan struct{}, 100), done: make(chan struct{})}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() {
		close(s.done)
		ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *rawServer) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			req, ok := readRawRequest(bufio.NewReader(conn))
			if !ok {
				return
			}
			s.mu.Lock()
			i := len(s.reqs)
			s.reqs = append(s.reqs, req)
			s.mu.Unlock()
			s.got <- struct{}{}
			_, _ = io.WriteString(conn, s.respond(i, req))
			if s.hold {
				<-s.done
			}
		}()
	}
}

// readRawRequest reads a request head and a Content-Length body.
func readRawRequest(br *bufio.Reader) (string, bool) {
	var b strings.Builder
	n := 0
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return "", false
		}
		b.WriteString(line)
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "Content-Length") {
			n, _ = strconv.Atoi(strings.TrimSpace(v))
		}
		if line == "\r\n" {
			break
		}
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(br, body); err != nil {
		return "", false
	}
	return b.String() + string(body), true
}

func (s *rawServer) url() string { return "http://" + s.ln.Addr().String() }

func (s *rawServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// The request on the wire: HTTP/1.1, the Host (or the script's
// override), headers in canonical form, a computed Content-Length,
// Connection: close, no Accept-Encoding, and none of the script's framing
// headers.
func TestHTTPRequestOnTheWire(t *testing.T) {
	srv := newRawServer(t, false, func(int, string) string { return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" })
	for _, c := range []struct {
		name, src string
		want      []string // lines (or the body) the request must have
		notWant   []string
	}{
		{name: "PUT with data and headers",
			src:     `urlopen(URL + "/p?q=1", data=b"hi", method="PUT", headers={"x-test": "v", "host": "example.org", "content-length": "99", "connection": "keep-alive", "transfer-encoding": "chunked"})`,
			want:    []string{"PUT /p?q=1 HTTP/1.1\r\n", "\r\nHost: example.org\r\n", "\r\nX-Test: v\r\n", "\r\nContent-Length: 2\r\n", "\r\nConnection: close\r\n", "\r\nUser-Agent: " + urlUserAgent + "\r\n", "\r\nContent-Type: application/x-www-form-urlencoded\r\n", "\r\n\r\nhi"},
			notWant: []string{"gzip", "99", "keep-alive", "chunked", "Host: 127.0.0.1"}},
		{name: "GET", src: `urlopen(URL)`,
			want:    []string{"GET / HTTP/1.1\r\n", "\r\nHost: " + srv.ln.Addr().String() + "\r\n", "\r\nConnection: close\r\n", "\r\nAccept-Encoding: identity\r\n"},
			notWant: []string{"Content-Length", "Content-Type", "gzip"}},
		{name: "POST without data has a zero length", src: `urlopen(URL, method="POST")`,
			want: []string{"POST / HTTP/1.1\r\n", "\r\nContent-Length: 0\r\n"}},
		{name: "script's User-Agent and Content-Type", src: `urlopen(URL, data=b"{}", headers={"user-agent": "me", "content-type": "application/json"})`,
			want:    []string{"\r\nUser-Agent: me\r\n", "\r\nContent-Type: application/json\r\n"},
			notWant: []string{urlUserAgent, "urlencoded"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(srv.requests())
			a := &urlAuditor{}
			if _, err := urlRun(&core.Env{Audit: a.audit}, "urlopen = urllib.request.urlopen\n"+c.src+"\n", starlark.StringDict{"URL": starlark.String(srv.url())}); err != nil {
				t.Fatal(err)
			}
			reqs := srv.requests()
			if len(reqs) != n+1 {
				t.Fatalf("%d requests, want 1", len(reqs)-n)
			}
			req := reqs[n]
			for _, w := range c.want {
				if !strings.Contains(req, w) {
					t.Errorf("request lacks %q:\n%s", w, req)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(req, w) {
					t.Errorf("request has %q:\n%s", w, req)
				}
			}
		})
	}
}

// Nothing with CR, LF or another control character reaches the wire: the
// call fails before any socket event, and the server sees no connection.
func TestHTTPRequestSmugglingRefused(t *testing.T) {
	srv := newRawServer(t, false, func(int, string) string { return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" })
	for _, c := range []struct {
		name, src string
		events    []string
	}{
		{name: "space in the query", src: `urlopen(URL + "/?a b HTTP/1.1")`, events: []string{"urllib.Request"}},
		{name: "CRLF in a header value", src: `urlopen(URL, headers={"X": "a\r\nEvil: 1"})`},
		{name: "LF in a header value", src: `urlopen(URL, headers={"X": "a\nEvil: 1"})`},
		{name: "CRLF in the Host header", src: `urlopen(URL, headers={"Host": "h\r\nEvil: 1"})`},
		{name: "CRLF in a header name", src: `urlopen(URL, headers={"X\r\nEvil": "1"})`},
		{name: "CRLF in the method", src: `urlopen(URL, method="GET / HTTP/1.1\r\nX:")`},
		{name: "method not a token", src: `urlopen(URL, method="GE(T")`, events: []string{"urllib.Request"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := &urlAuditor{}
			_, err := urlRun(&core.Env{Audit: a.audit}, "urlopen = urllib.request.urlopen\n"+c.src+"\n", starlark.StringDict{"URL": starlark.String(srv.url())})
			if coretest.KindOf(err) != "ValueError" {
				t.Fatalf("err = %v, want ValueError", err)
			}
			if !slices.Equal(a.names, c.events) {
				t.Errorf("events = %q, want %q", a.names, c.events)
			}
		})
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("the server saw %d requests, want 0", n)
	}
	// The last check before the wire holds even if a bad value gets past
	// urlopen's argument checks.
	u, _ := urlParse(srv.url())
	c := &urlClient{env: &core.Env{}}
	for _, h := range [][2]string{{"Host", "h\r\nEvil: 1"}, {"Host", "h x"}} {
		if _, err := c.httpRequest(context.Background(), &urlRequest{url: u, data: starlark.None, method: "GET", headers: [][2]string{h}}); coretest.KindOf(err) != "ValueError" {
			t.Errorf("httpRequest with header %q: err = %v, want ValueError", h, err)
		}
	}
}

// A redirect chain: every hop is a new request on a new connection, with
// all three events; Location and Uri are both honoured; a POST becomes a
// GET without its body or Content-Type.
func TestHTTPRedirectChain(t *testing.T) {
	var base string
	srv := newRawServer(t, false, func(i int, req string) string {
		switch {
		case strings.HasPrefix(req, "POST /a "):
			return "HTTP/1.1 301 Moved Permanently\r\nLocation: /b\r\nContent-Length: 4\r\n\r\nmove"
		case strings.HasPrefix(req, "GET /b "):
			return "HTTP/1.1 302 Found\r\nUri: " + base + "/c\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nmove\r\n0\r\n\r\n"
		case strings.HasPrefix(req, "GET /c "):
			return "HTTP/1.1 303 See Other\r\nLocation: d?x=1\r\n\r\n"
		case strings.HasPrefix(req, "GET /d?x=1 "):
			return "HTTP/1.1 200 Fine\r\nContent-Length: 4\r\n\r\ndone"
		}
		return "HTTP/1.1 500 Unexpected\r\nContent-Length: 0\r\n\r\n"
	})
	base = srv.url()
	a := &urlAuditor{}
	g, err := urlRun(&core.Env{Audit: a.audit}, `
r = urllib.request.urlopen(URL + "/a", data=b"payload", headers={"X-Keep": "k"})
result = (r.geturl(), r.status, r.reason, r.read())
`, starlark.StringDict{"URL": starlark.String(base)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g["result"].String(), `("`+base+`/d?x=1", 200, "Fine", b"done")`; got != want {
		t.Errorf("result = %s, want %s", got, want)
	}
	// The POST sends its body in a second http.client.send; the GETs do not.
	wantNames := append(slices.Clone(hopEvents), "http.client.send")
	wantNames = append(wantNames, slices.Repeat(hopEvents, 3)...)
	if !slices.Equal(a.names, wantNames) {
		t.Errorf("events = %q, want %q", a.names, wantNames)
	}
	reqs := srv.requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4: %q", len(reqs), reqs)
	}
	for _, r := range reqs[1:] {
		if strings.Contains(r, "payload") || strings.Contains(r, "Content-Type") || strings.Contains(r, "Content-Length") || !strings.Contains(r, "X-Keep: k\r\n") {
			t.Errorf("redirected request keeps the body or loses a header:\n%s", r)
		}
	}
}

// HTTPError takes its reason phrase from the status line, whatever it is.
func TestHTTPErrorReason(t *testing.T) {
	srv := newRawServer(t, false, func(int, string) string {
		return "HTTP/1.1 418 Short And Stout\r\nContent-Length: 0\r\n\r\n"
	})
	a := &urlAuditor{}
	_, err := urlRun(&core.Env{Audit: a.audit}, `urllib.request.urlopen(URL)`, starlark.StringDict{"URL": starlark.String(srv.url())})
	if coretest.KindOf(err) != "HTTPError" || !strings.Contains(err.Error(), "HTTP Error 418: Short And Stout") {
		t.Errorf("err = %v, want HTTPError: HTTP Error 418: Short And Stout", err)
	}
}

// Headers over the bound and a body cut short are errors, never a
// silently shortened response.
func TestHTTPResponseBounds(t *testing.T) {
	for _, c := range []struct{ name, raw, want string }{
		{"headers over 1 MiB", "HTTP/1.1 200 OK\r\n" + strings.Repeat("X-Big: "+strings.Repeat("a", 1000)+"\r\n", 1100) + "\r\n", "exceeded"},
		{"body cut short", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", "unexpected EOF"},
		{"no response", "", "EOF"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := newRawServer(t, false, func(int, string) string { return c.raw })
			a := &urlAuditor{}
			_, err := urlRun(&core.Env{Audit: a.audit}, `urllib.request.urlopen(URL).read()`, starlark.StringDict{"URL": starlark.String(srv.url())})
			if coretest.KindOf(err) != "URLError" || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want a URLError containing %q", err, c.want)
			}
		})
	}
}

// A body larger than net/http's write buffer is still one
// http.client.send, after the head's, and what was raised is what the
// server received.
func TestHTTPSendEventsLargeBody(t *testing.T) {
	srv := newRawServer(t, false, func(int, string) string { return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" })
	var sends []string
	audit := func(_ *starlark.Thread, ev string, args starlark.Tuple) error {
		if ev == "http.client.send" {
			sends = append(sends, string(args[1].(starlark.Bytes)))
		}
		return nil
	}
	body := strings.Repeat("0123456789", 20000)
	if _, err := urlRun(&core.Env{Audit: audit}, `urllib.request.urlopen(URL, data=BODY)`, starlark.StringDict{"URL": starlark.String(srv.url()), "BODY": starlark.String(body)}); err != nil {
		t.Fatal(err)
	}
	if len(sends) != 2 || !strings.HasSuffix(sends[0], "\r\n\r\n") || sends[1] != body {
		t.Fatalf("sends = %d events (%d bytes), want the head then the %d-byte body", len(sends), len(strings.Join(sends, "")), len(body))
	}
	if reqs := srv.requests(); len(reqs) != 1 || reqs[0] != sends[0]+sends[1] {
		t.Errorf("the server received other bytes than those raised")
	}
}

// A server that answers the head at once, without reading the body (a
// 404 to a POST), still gets both http.client.send events raised: both
// are raised before either is written, so the response cannot overtake
// the body's event (it did, now and then, in the difftest pair
// urlopen_errors).
func TestHTTPSendEventsEarlyAnswer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			br := bufio.NewReader(conn)
			for {
				line, err := br.ReadString('\n')
				if err != nil || line == "\r\n" {
					break
				}
			}
			_, _ = io.WriteString(conn, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			conn.Close()
		}
	}()
	url := starlark.String("http://" + ln.Addr().String() + "/missing")
	for i := range 30 {
		var sends []string
		audit := func(_ *starlark.Thread, ev string, args starlark.Tuple) error {
			if ev == "http.client.send" {
				sends = append(sends, string(args[1].(starlark.Bytes)))
			}
			return nil
		}
		_, err := urlRun(&core.Env{Audit: audit}, `urllib.request.urlopen(URL, data=b"z")`, starlark.StringDict{"URL": url})
		if coretest.KindOf(err) != "HTTPError" {
			t.Fatalf("run %d: err = %v, want HTTPError", i, err)
		}
		if len(sends) != 2 || sends[1] != "z" {
			t.Fatalf("run %d: http.client.send events %q, want the head then the body", i, sends)
		}
	}
}

// A run that ends interrupts a read the server never answers.
func TestHTTPCancelInterruptsRead(t *testing.T) {
	srv := newRawServer(t, true, func(int, string) string { return "" })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-srv.got
		cancel()
	}()
	a := &urlAuditor{}
	_, err := urlRun(&core.Env{Audit: a.audit, Context: ctx}, `urllib.request.urlopen(URL)`, starlark.StringDict{"URL": starlark.String(srv.url())})
	if coretest.KindOf(err) != "InterruptedError" {
		t.Errorf("err = %v, want InterruptedError", err)
	}
}

// A declared body over the bound fails at once, without reading it.
func TestHTTPBodyTooLarge(t *testing.T) {
	srv := newRawServer(t, true, func(int, string) string {
		return "HTTP/1.1 200 OK\r\nContent-Length: " + strconv.Itoa(urlMaxBody+1) + "\r\n\r\n"
	})
	a := &urlAuditor{}
	_, err := urlRun(&core.Env{Audit: a.audit}, `urllib.request.urlopen(URL)`, starlark.StringDict{"URL": starlark.String(srv.url())})
	if coretest.KindOf(err) != "MemoryError" {
		t.Errorf("err = %v, want MemoryError", err)
	}
}

// https: the handshake is verified against the trusted roots with the
// URL's host as the server name (an IP literal here), then the request
// and response go over TLS, with the same events as http.
func TestHTTPSRequest(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(echoHandler))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake
	srv.StartTLS()
	t.Cleanup(srv.Close)
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	old := urlRoots
	urlRoots = func() (*x509.CertPool, error) { return roots, nil }
	t.Cleanup(func() { urlRoots = old })
	for _, c := range []struct {
		name, url string
		wantKind  string
		wantMsg   string
	}{
		{name: "trusted", url: srv.URL + "/s?x=1", wantMsg: `b"POST /s?x=1 d v application/x-www-form-urlencoded ` + urlUserAgent + `"`},
		// The certificate is for 127.0.0.1 and example.com, not svc.test.
		{name: "wrong name", url: strings.Replace(srv.URL, "127.0.0.1", "svc.test", 1), wantKind: "URLError", wantMsg: "not svc.test"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fakeDNS(t)
			a := &urlAuditor{}
			g, err := urlRun(&core.Env{Audit: a.audit}, `result = urllib.request.urlopen(URL, data=b"d", headers={"X-Test": "v"}, timeout=10).read()`,
				starlark.StringDict{"URL": starlark.String(c.url)})
			if coretest.KindOf(err) != c.wantKind {
				t.Fatalf("err = %v, want kind %q", err, c.wantKind)
			}
			if text := urlResultText(g, err); !strings.Contains(text, c.wantMsg) {
				t.Errorf("got %s, want it to contain %s", text, c.wantMsg)
			}
			want := hopEvents[:5] // no byte sent over an unverified connection
			if c.wantKind == "" {
				want = append(slices.Clone(hopEvents), "http.client.send") // the body
			}
			if !slices.Equal(a.names, want) {
				t.Errorf("events = %q, want %q", a.names, want)
			}
		})
	}
}
