// Package urllib is the urllib module: urllib.request's urlopen and
// Request (urlopen.go, request.go, response.go; Go's net/http and
// crypto/tls, dialled through socket.AuditedConnect so that a connection
// raises the socket module's events, dial.go; the CA bundle from fixed
// paths, roots.go) and urllib.parse (parse.go). Errors are Python's
// urllib.error kinds (URLError, HTTPError) by name.
package urllib

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

const (
	// urlMaxBody bounds the response body urlopen reads (it reads the
	// whole body before returning: Starlark has no `with` to close it).
	// A larger body is an error, never silently cut short.
	urlMaxBody = 1 << 30
	// urlMaxHead bounds a response's status line and headers (net/http's
	// MaxResponseHeaderBytes), so a server cannot make urlopen hold an
	// unbounded header section in memory.
	urlMaxHead = 1 << 20
	// urlMaxRedirects is Python's HTTPRedirectHandler.max_redirections.
	urlMaxRedirects = 10
	// urlUserAgent is sent unless the script sets User-Agent.
	urlUserAgent = "Python-urllib/3 (spython)"
)

// urlRoots gives the CAs https trusts; tests replace it to trust their
// own server.
var urlRoots = systemRoots

// Module returns urllib, with urllib.request (urlopen raises its events
// through env) and urllib.parse.
func Module(env *core.Env) *starlarkstruct.Module {
	return &starlarkstruct.Module{
		Name:    "urllib",
		Members: starlark.StringDict{"request": urllibRequestModule(env), "parse": urllibParseModule()},
	}
}

func urllibRequestModule(env *core.Env) *starlarkstruct.Module {
	return core.Module("urllib.request", map[string]core.Func{
		"urlopen": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return urlopen(env, thread, b, args, kwargs)
		},
		"Request": urlNewRequest,
	}, nil)
}

// urlRequest is one hop of a urlopen call.
type urlRequest struct {
	url     *url.URL
	fullURL string
	data    starlark.Value // bytes or None
	headers [][2]string    // as given, in order, names capitalized as Python does
	method  string
}

// urlopen(url, data=None, timeout=None, headers=None, method=None); url
// may be a urllib.request.Request.
func urlopen(env *core.Env, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var target starlark.Value
	var data, timeout, headers, method starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None
	if err := core.Unpack(b.Name(), args, kwargs, "url", &target, "data?", &data,
		"timeout?", &timeout, "headers?", &headers, "method?", &method); err != nil {
		return nil, err
	}
	var req *urlRequest
	switch t := target.(type) {
	case starlark.String:
		var err error
		if req, err = urlMakeRequest(string(t), data, headers, method); err != nil {
			return nil, err
		}
	case *urlRequestValue:
		// As in Python, urlopen's data replaces the Request's.
		r := *t.req
		r.headers = append([][2]string(nil), t.req.headers...)
		if data != starlark.None {
			d, err := core.BytesOrStr(b.Name(), "data", data)
			if err != nil {
				return nil, err
			}
			r.data = starlark.Bytes(d)
			if t.explicitMethod == "" {
				r.method = "POST"
			}
		}
		if headers != starlark.None || method != starlark.None {
			return nil, pyerr.New("TypeError", "urlopen() takes headers= and method= only with a URL string; set them on the Request")
		}
		req = &r
	default:
		return nil, pyerr.New("TypeError", "urlopen() url must be a str or a Request, not %s", target.Type())
	}
	c := &urlClient{env: env, thread: thread}
	var err error
	if c.timeout, err = urlTimeout(timeout); err != nil {
		return nil, err
	}
	defer c.end()
	return c.open(req)
}

// urlMakeRequest checks and builds a request as Python's Request does.
func urlMakeRequest(rawURL string, data, headers, method starlark.Value) (*urlRequest, error) {
	req := &urlRequest{fullURL: rawURL, data: starlark.None}
	if data != starlark.None {
		d, err := core.BytesOrStr("urlopen", "data", data)
		if err != nil {
			return nil, err
		}
		req.data = starlark.Bytes(d)
	}
	var err error
	if req.url, err = urlParse(rawURL); err != nil {
		return nil, err
	}
	if req.headers, err = urlHeaders(headers); err != nil {
		return nil, err
	}
	switch m := method.(type) {
	case starlark.NoneType:
		req.method = "GET"
		if req.data != starlark.None {
			req.method = "POST"
		}
	case starlark.String:
		if m == "" || strings.ContainsAny(string(m), " \t\r\n") {
			return nil, pyerr.New("ValueError", "invalid HTTP method %q", string(m))
		}
		req.method = string(m)
	default:
		return nil, pyerr.New("TypeError", "urlopen() method must be a str, not %s", method.Type())
	}
	return req, nil
}

// urlParse checks the URL has a scheme, as Python's Request does.
func urlParse(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, pyerr.New("ValueError", "invalid url %q: %v", raw, err)
	}
	if u.Scheme == "" {
		return nil, pyerr.New("ValueError", "unknown url type: %s", core.PlainQuote(raw))
	}
	return u, nil
}

// urlHeaders takes a dict of str to str. Python's Request stores names as
// key.capitalize(), and that is what its urllib.Request event shows.
func urlHeaders(v starlark.Value) ([][2]string, error) {
	if v == starlark.None {
		return nil, nil
	}
	d, ok := v.(*starlark.Dict)
	if !ok {
		return nil, pyerr.New("TypeError", "urlopen() headers must be a dict, not %s", v.Type())
	}
	var out [][2]string
	for _, kv := range d.Items() {
		k, ok1 := kv[0].(starlark.String)
		val, ok2 := kv[1].(starlark.String)
		if !ok1 || !ok2 {
			return nil, pyerr.New("TypeError", "urlopen() header names and values must be str, not %s: %s", kv[0].Type(), kv[1].Type())
		}
		h, err := urlHeader(string(k), string(val))
		if err != nil {
			return nil, err
		}
		out = urlSetHeader(out, h)
	}
	return out, nil
}

// urlHeader checks one header and capitalizes its name as Python does.
func urlHeader(name, val string) ([2]string, error) {
	if !validHeaderName(name) {
		return [2]string{}, pyerr.New("ValueError", "Invalid header name %s", starlark.String(name).String())
	}
	if !validHeaderValue(val) {
		return [2]string{}, pyerr.New("ValueError", "Invalid header value %s", starlark.String(val).String())
	}
	return [2]string{strings.ToUpper(name[:1]) + strings.ToLower(name[1:]), val}, nil
}

// urlSetHeader replaces a header of the same (capitalized) name, or adds
// it: Request.headers is a dict.
func urlSetHeader(hs [][2]string, h [2]string) [][2]string {
	for i := range hs {
		if hs[i][0] == h[0] {
			hs[i] = h
			return hs
		}
	}
	return append(hs, h)
}

func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// validHeaderValue allows visible characters, blanks and obs-text
// (bytes >= 0x80); no other control characters, so no header can end its
// line early and smuggle another.
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

func urlTimeout(v starlark.Value) (time.Duration, error) {
	var secs float64
	switch t := v.(type) {
	case starlark.NoneType:
		return 0, nil
	case starlark.Int:
		f, _ := starlark.AsFloat(t)
		secs = f
	case starlark.Float:
		secs = float64(t)
	default:
		return 0, pyerr.New("TypeError", "urlopen() timeout must be a number or None, not %s", v.Type())
	}
	if !(secs > 0) || math.IsInf(secs, 0) || secs > 1e9 {
		return 0, pyerr.New("ValueError", "Timeout value out of range")
	}
	return time.Duration(secs * float64(time.Second)), nil
}

func (r *urlRequest) eventArgs() starlark.Tuple {
	h := starlark.NewDict(len(r.headers))
	for _, kv := range r.headers {
		_ = h.SetKey(starlark.String(kv[0]), starlark.String(kv[1]))
	}
	return starlark.Tuple{starlark.String(r.fullURL), r.data, h, starlark.String(r.method)}
}

// urlClient is one urlopen call. Its events are raised on the script's
// goroutine (urllib.Request) and on net/http's dial and write goroutines
// (the socket events, http.client.send) while the script's goroutine
// waits in RoundTrip: mu serialises them, and once the call has returned
// (done) or its hop is over no event is raised and nothing more is sent.
type urlClient struct {
	env     *core.Env
	thread  *starlark.Thread
	timeout time.Duration // 0: none (Python's default)

	mu   sync.Mutex
	done bool
	hop  int         // the current hop; a connection of an earlier one is dead
	cur  *urlRequest // the current hop's request
	// auditErr is the first error an event's hook returned (a denial, or
	// a log that failed): returned as raised, never mapped to a URLError.
	auditErr error
}

// errURLAbandoned refuses an event or a write after the call or its hop
// ended (a dial or a write net/http left running).
var errURLAbandoned = errors.New("urlopen: request abandoned")

// raise raises an event for hop. With no Audit function nothing is
// allowed: the library fails closed (core.Env.Raise).
func (c *urlClient) raise(hop int, event string, args starlark.Tuple) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done || hop != c.hop {
		return errURLAbandoned
	}
	err := c.env.Raise(c.thread, event, args...)
	if err != nil && c.auditErr == nil {
		c.auditErr = err
	}
	return err
}

func (c *urlClient) currentHop() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hop
}

// nextHop ends the current hop: its connection raises nothing more.
func (c *urlClient) nextHop() {
	c.mu.Lock()
	c.hop++
	c.mu.Unlock()
}

// end ends the call: after it returns, no event of this call is raised.
func (c *urlClient) end() {
	c.mu.Lock()
	c.done = true
	c.mu.Unlock()
}

func (c *urlClient) failure() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.auditErr
}

// transport is net/http's client for one hop: one connection per request
// (Connection: close, as Python's urllib), HTTP/1.1 only (http.client.send
// shows the bytes on the wire), proxies from the environment ignored (the
// environment never changes where a script connects), no transparent
// gzip (the body as the server sent it, as in Python), headers bounded.
func (c *urlClient) transport() *http.Transport {
	return &http.Transport{
		Proxy:                  nil,
		DialContext:            c.dialHTTP,
		DialTLSContext:         c.dialHTTPS,
		DisableKeepAlives:      true,
		DisableCompression:     true,
		MaxResponseHeaderBytes: urlMaxHead,
		ForceAttemptHTTP2:      false,
		TLSNextProto:           map[string]func(string, *tls.Conn) http.RoundTripper{},
	}
}

// open performs the request, following redirects as Python's
// HTTPRedirectHandler does; every hop raises urllib.Request and opens a
// new connection, raising the connection events again.
func (c *urlClient) open(req *urlRequest) (starlark.Value, error) {
	tr := c.transport()
	defer tr.CloseIdleConnections()
	for hop := 0; ; hop++ {
		if err := c.raise(c.currentHop(), "urllib.Request", req.eventArgs()); err != nil {
			return nil, err
		}
		if s := strings.ToLower(req.url.Scheme); s != "http" && s != "https" {
			return nil, pyerr.New("ValueError", "unsupported url type %s: spython's urlopen supports http and https only", starlark.String(req.url.Scheme).String())
		}
		resp, err := c.do(tr, req)
		if err != nil {
			return nil, err
		}
		next, err := redirectRequest(req, resp)
		if err != nil || next == nil {
			defer resp.Body.Close()
			if err != nil {
				return nil, err
			}
			return c.finish(req, resp)
		}
		// Python reads and discards the redirect's body; a bounded drain
		// is enough, as the connection is not reused.
		_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
		resp.Body.Close()
		c.nextHop()
		if hop+1 >= urlMaxRedirects {
			return nil, urlHTTPError(resp, "The HTTP server returned a redirect error that would lead to an infinite loop.")
		}
		req = next
	}
}

// redirectRequest returns the request a redirect response asks for, nil
// if resp is not a redirect, or the HTTPError Python would raise.
func redirectRequest(req *urlRequest, resp *http.Response) (*urlRequest, error) {
	code := resp.StatusCode
	switch code {
	case 301, 302, 303, 307, 308:
	default:
		if code < 200 || code >= 300 {
			return nil, urlHTTPError(resp, "")
		}
		return nil, nil
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		loc = resp.Header.Get("Uri")
	}
	if loc == "" {
		return nil, urlHTTPError(resp, "")
	}
	m := req.method
	if !((m == "GET" || m == "HEAD") || (m == "POST" && code <= 303)) {
		return nil, urlHTTPError(resp, "")
	}
	u, err := req.url.Parse(loc)
	if err != nil {
		return nil, urlHTTPError(resp, "redirection to an invalid url: "+loc)
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return nil, urlHTTPError(resp, fmt.Sprintf("Redirection to url '%s' is not allowed", u))
	}
	next := &urlRequest{url: u, fullURL: u.String(), data: starlark.None, method: "GET"}
	if m == "HEAD" {
		next.method = "HEAD"
	}
	for _, kv := range req.headers {
		if k := strings.ToLower(kv[0]); k != "content-length" && k != "content-type" {
			next.headers = append(next.headers, kv)
		}
	}
	return next, nil
}

// urlReasonPhrase is the reason phrase of the status line as sent
// ("Not Found"), which Python reports.
func urlReasonPhrase(resp *http.Response) string {
	return strings.TrimPrefix(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)), " ")
}

// urlHTTPError is Python's urllib.error.HTTPError: "HTTP Error 404: Not
// Found", the reason from the status line unless given.
func urlHTTPError(resp *http.Response, reason string) error {
	if reason == "" {
		reason = urlReasonPhrase(resp)
	}
	return pyerr.New("HTTPError", "HTTP Error %d: %s", resp.StatusCode, reason)
}

// finish reads the body (bounded) and makes the response object.
func (c *urlClient) finish(req *urlRequest, resp *http.Response) (starlark.Value, error) {
	if resp.ContentLength > urlMaxBody {
		return nil, urlTooBig(req)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, urlMaxBody+1))
	if err != nil {
		return nil, c.mapError(req, err)
	}
	if len(body) > urlMaxBody {
		return nil, urlTooBig(req)
	}
	return newURLResponse(req.fullURL, resp, string(body)), nil
}

func urlTooBig(req *urlRequest) error {
	return pyerr.New("MemoryError", "urlopen %s: response body exceeds %d bytes", req.fullURL, urlMaxBody)
}

// do sends one request on a new connection and returns the response with
// its body unread. Everything that can be refused without the network is
// refused first, before any connection event, as in Python (http.client
// checks the request before it connects).
func (c *urlClient) do(tr *http.Transport, req *urlRequest) (*http.Response, error) {
	ctx := c.env.Ctx()
	if err := ctx.Err(); err != nil {
		return nil, c.mapError(req, err)
	}
	hreq, err := c.httpRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.cur = req
	c.mu.Unlock()
	if req.url.Scheme == "https" {
		if _, err := urlRoots(); err != nil {
			return nil, err
		}
	}
	resp, err := tr.RoundTrip(hreq)
	if aerr := c.failure(); aerr != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, aerr // a denial (or a failing log) as raised
	}
	if err != nil {
		return nil, c.mapError(req, err)
	}
	return resp, nil
}

// httpRequest is req as net/http sends it. The script's headers are sent
// in Go's canonical form; a Host header sets the Host; Content-Length is
// computed, never taken from the script; User-Agent and, with data,
// Content-Type get defaults; Accept-Encoding: identity as Python sends.
func (c *urlClient) httpRequest(ctx context.Context, req *urlRequest) (*http.Request, error) {
	if !validHeaderName(req.method) {
		return nil, pyerr.New("ValueError", "invalid HTTP method %s", starlark.String(req.method).String())
	}
	target := req.url.RequestURI()
	if i := strings.IndexFunc(target, func(r rune) bool { return r <= ' ' || r == 0x7f }); i >= 0 {
		return nil, pyerr.New("ValueError", "URL can't contain control characters. %s (found at least %s)",
			starlark.String(target).String(), starlark.String(target[i:i+1]).String())
	}
	host := req.url.Hostname()
	if host == "" {
		return nil, pyerr.New("URLError", "<urlopen error no host given>")
	}
	if strings.IndexFunc(host, func(r rune) bool { return r >= 0x80 }) >= 0 {
		return nil, pyerr.New("URLError", "<urlopen error non-ASCII host name %s: spython does not encode IDNA>", starlark.String(host).String())
	}
	if p := req.url.Port(); p != "" {
		if _, err := strconv.ParseUint(p, 10, 16); err != nil {
			return nil, pyerr.New("URLError", "<urlopen error nonnumeric port: %s>", starlark.String(p).String())
		}
	}
	var body io.Reader
	d, hasBody := req.data.(starlark.Bytes)
	if hasBody {
		body = bytes.NewReader([]byte(d))
	}
	hreq, err := http.NewRequestWithContext(ctx, req.method, req.url.String(), body)
	if err != nil {
		return nil, pyerr.New("ValueError", "%v", err)
	}
	if !hasBody && (req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
		hreq.ContentLength = 0
	}
	hreq.Header = http.Header{"Accept-Encoding": {"identity"}, "User-Agent": {urlUserAgent}}
	if hasBody {
		hreq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, kv := range req.headers {
		name := http.CanonicalHeaderKey(kv[0])
		switch name {
		case "Host":
			if kv[1] != "" {
				hreq.Host = kv[1]
			}
			continue
		case "Content-Length", "Transfer-Encoding", "Trailer", "Connection", "Te", "Upgrade":
			continue // framing is urlopen's: never the script's
		}
		hreq.Header[name] = []string{kv[1]}
	}
	if hreq.Host != "" && (!validHeaderValue(hreq.Host) || strings.ContainsAny(hreq.Host, " \t")) {
		return nil, pyerr.New("ValueError", "invalid Host header %s", starlark.String(hreq.Host).String())
	}
	return hreq, nil
}

// mapError gives a transport error the class Python's urlopen raises.
func (c *urlClient) mapError(req *urlRequest, err error) error {
	var ne net.Error
	switch {
	case c.env.Context != nil && c.env.Context.Err() != nil:
		return &pyerr.Error{Kind: "InterruptedError", Msg: "urlopen " + req.fullURL + ": the run is ending", Err: err}
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &pyerr.Error{Kind: "TimeoutError", Msg: "timed out: " + req.method + " " + req.fullURL, Err: err}
	}
	return &pyerr.Error{Kind: "URLError", Msg: "<urlopen error " + urlReason(err) + ">", Err: err}
}

// urlReason words the common failures as Python does.
func urlReason(err error) string {
	var errno syscall.Errno
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return "[Errno -2] Name or service not known"
	case errors.As(err, &errno):
		return fmt.Sprintf("[Errno %d] %s", int(errno), core.Strerror(errno))
	case errors.As(err, &op) && op.Op == "remote error":
		return op.Err.Error()
	}
	return err.Error()
}
