package stdlib

import (
	"bufio"
	"context"
	"encoding/pem"
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
	"time"

	"go.starlark.net/starlark"
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

func allowAll(*starlark.Thread, string, starlark.Tuple) error { return nil }

// rawDo makes one request with urlClient.do and reads the whole body.
func rawDo(t *testing.T, rawURL, method string) (*httpResponse, string, error) {
	t.Helper()
	u, err := urlParse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	req := &urlRequest{url: u, fullURL: rawURL, data: starlark.None, method: method}
	// The timeout turns a parser that waits for bytes it should not
	// want into a failure rather than a hung test.
	c := &urlClient{env: &Env{Audit: allowAll}, thread: &starlark.Thread{}, timeout: 10 * time.Second}
	resp, closeConn, err := c.do(req)
	if err != nil {
		return nil, "", err
	}
	defer closeConn()
	body, err := io.ReadAll(resp.body)
	return resp, string(body), err
}

func TestHTTPResponseParsing(t *testing.T) {
	bigHeader := "HTTP/1.1 200 OK\r\n" + strings.Repeat("X-Big: "+strings.Repeat("a", 1000)+"\r\n", 1100) + "\r\n"
	many1xx := strings.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 50000) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
	type hdr = []httpField
	for _, c := range []struct {
		name, raw  string
		method     string // GET if empty
		hold       bool   // the server keeps the connection open: the body must be framed, not read to EOF
		wantStatus int
		wantReason string
		wantHeader hdr // nil: not checked
		wantBody   string
		wantErr    string // substring; "" means success
	}{
		{name: "content-length", hold: true,
			raw:        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
			wantStatus: 200, wantReason: "OK", wantBody: "hello",
			wantHeader: hdr{{"Content-Type", "text/plain"}, {"Content-Length", "5"}}},
		{name: "content-length stops at the length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA",
			wantStatus: 200, wantReason: "OK", wantBody: "ok"},
		{name: "content-length cut short", raw: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
			wantErr: "unexpected EOF"},
		{name: "identical content-lengths are one", raw: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
			wantStatus: 200, wantReason: "OK", wantBody: "ok", wantHeader: hdr{{"Content-Length", "2"}}},
		{name: "differing content-lengths", raw: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
			wantErr: "differing Content-Length"},
		{name: "negative content-length", raw: "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok", wantErr: "bad Content-Length"},
		{name: "empty content-length", raw: "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\nok", wantErr: "bad Content-Length"},
		{name: "huge content-length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nok", wantErr: "bad Content-Length"},
		{name: "chunked", hold: true,
			raw:        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n5\r\nhello\r\n6;ext=\"v\"\r\n world\r\nA \r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n",
			wantStatus: 200, wantReason: "OK", wantBody: "hello world0123456789", wantHeader: hdr{{"X-A", "1"}}},
		{name: "chunked wins over content-length",
			raw:        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
			wantStatus: 200, wantReason: "OK", wantBody: "ok", wantHeader: hdr{}},
		{name: "chunked without trailer end", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n",
			wantStatus: 200, wantReason: "OK", wantBody: "ok"},
		{name: "chunk size not hex", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n", wantErr: "bad chunk size"},
		{name: "chunk size negative", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-2\r\nok\r\n0\r\n\r\n", wantErr: "bad chunk size"},
		{name: "chunk size 0x", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\nok\r\n0\r\n\r\n", wantErr: "bad chunk size"},
		{name: "chunk size leading blank", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n 2\r\nok\r\n0\r\n\r\n", wantErr: "bad chunk size"},
		{name: "chunk size empty", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\nok\r\n0\r\n\r\n", wantErr: "bad chunk size"},
		{name: "chunk size too many digits", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000002\r\nok\r\n0\r\n\r\n", wantErr: "bad chunk size"},
		{name: "chunk size line bare LF", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nok\r\n0\r\n\r\n", wantErr: "bare LF"},
		{name: "chunk size line with CR inside", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r;x\r\nok\r\n0\r\n\r\n", wantErr: "malformed chunked encoding"},
		{name: "chunk size line too long", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;" + strings.Repeat("x", 5000) + "\r\nok\r\n0\r\n\r\n", wantErr: "longer than 4096"},
		{name: "chunk data without CRLF", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX0\r\n\r\n", wantErr: "no CRLF after chunk data"},
		{name: "chunk cut short", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", wantErr: "unexpected EOF"},
		{name: "no last chunk", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n", wantErr: "unexpected EOF"},
		{name: "trailer too long", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n" + strings.Repeat("X: "+strings.Repeat("t", 100)+"\r\n", 1000) + "\r\n",
			wantErr: "trailer longer than"},
		{name: "unsupported transfer encoding", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok", wantErr: `unsupported transfer encoding: "gzip"`},
		{name: "two transfer encodings", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", wantErr: "too many transfer encodings"},
		{name: "read to EOF", raw: "HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nuntil the\r\n end",
			wantStatus: 200, wantReason: "OK", wantBody: "until the\r\n end", wantHeader: hdr{{"X-A", "1"}}},
		{name: "HTTP/1.0 ignores transfer-encoding", raw: "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
			wantStatus: 200, wantReason: "OK", wantBody: "2\r\nok\r\n0\r\n\r\n", wantHeader: hdr{}},
		{name: "HTTP/1.0 content-length", raw: "HTTP/1.0 404 Not Found\r\nContent-Length: 2\r\n\r\nno",
			wantStatus: 404, wantReason: "Not Found", wantBody: "no"},
		{name: "HEAD has no body", method: "HEAD", hold: true, raw: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
			wantStatus: 200, wantReason: "OK", wantBody: "", wantHeader: hdr{{"Content-Length", "100"}}},
		{name: "204 has no body", hold: true, raw: "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n",
			wantStatus: 204, wantReason: "No Content", wantBody: ""},
		{name: "304 has no body", hold: true, raw: "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
			wantStatus: 304, wantReason: "Not Modified", wantBody: ""},
		{name: "100 continue then 200", hold: true,
			raw:        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
			wantStatus: 200, wantReason: "OK", wantBody: "ok", wantHeader: hdr{{"Content-Length", "2"}}},
		{name: "101 is final", hold: true, raw: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
			wantStatus: 101, wantReason: "Switching Protocols", wantBody: ""},
		{name: "headers over 1 MiB", raw: bigHeader, wantErr: "HTTP response headers exceed 1 MiB"},
		{name: "interim responses over 1 MiB", raw: many1xx, wantErr: "HTTP response headers exceed 1 MiB"},
		{name: "status line over 1 MiB", raw: "HTTP/1.1 200 " + strings.Repeat("a", 2<<20), wantErr: "HTTP response headers exceed"},
		{name: "no response", raw: "", wantErr: "Remote end closed connection without response"},
		{name: "cut in the head", raw: "HTTP/1.1 200 OK\r\nX-A: 1\r\n", wantErr: "unexpected EOF"},
		{name: "status without reason", raw: "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", wantStatus: 200, wantReason: ""},
		{name: "reason kept as sent", raw: "HTTP/1.1 404 Gone  Fishing\r\nContent-Length: 0\r\n\r\n", wantStatus: 404, wantReason: "Gone  Fishing"},
		{name: "bare LF head", raw: "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", wantStatus: 200, wantReason: "OK", wantBody: "ok"},
		{name: "names canonical, values trimmed, folds joined",
			raw:        "HTTP/1.1 200 OK\r\ncontent-TYPE: \t text/plain \r\nX-Fold: a\r\n  b \r\n\tc\r\nx-multi: 1\r\nX-Multi: 2\r\nContent-Length: 0\r\n\r\n",
			wantStatus: 200, wantReason: "OK",
			wantHeader: hdr{{"Content-Type", "text/plain"}, {"X-Fold", "a b c"}, {"X-Multi", "1"}, {"X-Multi", "2"}, {"Content-Length", "0"}}},
		{name: "fold first", raw: "HTTP/1.1 200 OK\r\n X: 1\r\n\r\n", wantErr: "malformed HTTP header initial line"},
		{name: "header without colon", raw: "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", wantErr: "malformed HTTP header line"},
		{name: "header name with space", raw: "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", wantErr: "malformed HTTP header line"},
		{name: "header value with control", raw: "HTTP/1.1 200 OK\r\nX: a\x01b\r\n\r\n", wantErr: "malformed HTTP header line"},
		{name: "header value with CR", raw: "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", wantErr: "malformed HTTP header line"},
		{name: "status code of 4 digits", raw: "HTTP/1.1 2000 OK\r\n\r\n", wantErr: "malformed HTTP status code"},
		{name: "status code not digits", raw: "HTTP/1.1 2x0 OK\r\n\r\n", wantErr: "malformed HTTP status code"},
		{name: "HTTP/2 status line", raw: "HTTP/2 200 OK\r\n\r\n", wantErr: "malformed HTTP version"},
		{name: "not HTTP", raw: "SSH-2.0-OpenSSH\r\n\r\n", wantErr: "malformed HTTP response"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := newRawServer(t, c.hold, func(int, string) string { return c.raw })
			method := c.method
			if method == "" {
				method = "GET"
			}
			resp, body, err := rawDo(t, srv.url()+"/", method)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.status != c.wantStatus || resp.reason != c.wantReason || body != c.wantBody {
				t.Errorf("got %d %q body %q, want %d %q body %q", resp.status, resp.reason, body, c.wantStatus, c.wantReason, c.wantBody)
			}
			if c.wantHeader != nil && !slices.Equal(resp.header, c.wantHeader) && !(len(resp.header) == 0 && len(c.wantHeader) == 0) {
				t.Errorf("header = %q, want %q", resp.header, c.wantHeader)
			}
		})
	}
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
			notWant: []string{"Accept-Encoding", "99", "keep-alive", "chunked", "Host: 127.0.0.1"}},
		{name: "GET", src: `urlopen(URL)`,
			want:    []string{"GET / HTTP/1.1\r\n", "\r\nHost: " + srv.ln.Addr().String() + "\r\n", "\r\nConnection: close\r\n"},
			notWant: []string{"Content-Length", "Content-Type", "Accept-Encoding"}},
		{name: "POST without data has a zero length", src: `urlopen(URL, method="POST")`,
			want: []string{"POST / HTTP/1.1\r\n", "\r\nContent-Length: 0\r\n"}},
		{name: "script's User-Agent and Content-Type", src: `urlopen(URL, data=b"{}", headers={"user-agent": "me", "content-type": "application/json"})`,
			want:    []string{"\r\nUser-Agent: me\r\n", "\r\nContent-Type: application/json\r\n"},
			notWant: []string{urlUserAgent, "urlencoded"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(srv.requests())
			a := &urlAuditor{}
			if _, err := urlRun(&Env{Audit: a.audit}, "urlopen = urllib.request.urlopen\n"+c.src+"\n", starlark.StringDict{"URL": starlark.String(srv.url())}); err != nil {
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
			_, err := urlRun(&Env{Audit: a.audit}, "urlopen = urllib.request.urlopen\n"+c.src+"\n", starlark.StringDict{"URL": starlark.String(srv.url())})
			if kindOf(err) != "ValueError" {
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
	for _, h := range [][2]string{{"X", "a\r\nEvil: 1"}, {"X\nY", "1"}, {"Host", "h\r\nEvil: 1"}} {
		if _, err := httpRequestHead(&urlRequest{url: u, data: starlark.None, method: "GET", headers: [][2]string{h}}); kindOf(err) != "ValueError" {
			t.Errorf("httpRequestHead with header %q: err = %v, want ValueError", h, err)
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
	g, err := urlRun(&Env{Audit: a.audit}, `
r = urllib.request.urlopen(URL + "/a", data=b"payload", headers={"X-Keep": "k"})
result = (r.geturl(), r.status, r.reason, r.read())
`, starlark.StringDict{"URL": starlark.String(base)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g["result"].String(), `("`+base+`/d?x=1", 200, "Fine", b"done")`; got != want {
		t.Errorf("result = %s, want %s", got, want)
	}
	wantNames := slices.Repeat([]string{"urllib.Request", "socket.getaddrinfo", "socket.connect"}, 4)
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
	_, err := urlRun(&Env{Audit: a.audit}, `urllib.request.urlopen(URL)`, starlark.StringDict{"URL": starlark.String(srv.url())})
	if kindOf(err) != "HTTPError" || !strings.Contains(err.Error(), "HTTP Error 418: Short And Stout") {
		t.Errorf("err = %v, want HTTPError: HTTP Error 418: Short And Stout", err)
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
	_, err := urlRun(&Env{Audit: a.audit, Context: ctx}, `urllib.request.urlopen(URL)`, starlark.StringDict{"URL": starlark.String(srv.url())})
	if kindOf(err) != "InterruptedError" {
		t.Errorf("err = %v, want InterruptedError", err)
	}
}

// A declared body over the bound fails at once, without reading it.
func TestHTTPBodyTooLarge(t *testing.T) {
	srv := newRawServer(t, true, func(int, string) string {
		return "HTTP/1.1 200 OK\r\nContent-Length: " + strconv.Itoa(urlMaxBody+1) + "\r\n\r\n"
	})
	a := &urlAuditor{}
	_, err := urlRun(&Env{Audit: a.audit}, `urllib.request.urlopen(URL)`, starlark.StringDict{"URL": starlark.String(srv.url())})
	if kindOf(err) != "MemoryError" {
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
	roots := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	old := urlRoots
	urlRoots = func() ([]byte, error) { return roots, nil }
	t.Cleanup(func() { urlRoots = old })
	useTLSHelper(t)
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
			g, err := urlRun(&Env{Audit: a.audit}, `result = urllib.request.urlopen(URL, data=b"d", headers={"X-Test": "v"}, timeout=10).read()`,
				starlark.StringDict{"URL": starlark.String(c.url)})
			if kindOf(err) != c.wantKind {
				t.Fatalf("err = %v, want kind %q", err, c.wantKind)
			}
			if text := urlResultText(g, err); !strings.Contains(text, c.wantMsg) {
				t.Errorf("got %s, want it to contain %s", text, c.wantMsg)
			}
			if want := []string{"urllib.Request", "socket.getaddrinfo", "socket.connect"}; !slices.Equal(a.names[:min(3, len(a.names))], want) {
				t.Errorf("events = %q, want %q first", a.names, want)
			}
		})
	}
}
