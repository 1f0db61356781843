package stdlib

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/tlsrelay"
)

const (
	// urlMaxBody bounds the response body urlopen reads (it reads the
	// whole body before returning: Starlark has no `with` to close it).
	// A larger body is an error, never silently cut short.
	urlMaxBody = 1 << 30
	// urlMaxRedirects is Python's HTTPRedirectHandler.max_redirections.
	urlMaxRedirects = 10
	// urlUserAgent is sent unless the script sets User-Agent.
	urlUserAgent = "Python-urllib/3 (spython)"
)

// urlLookupIPAddr resolves host names; tests replace it to observe DNS
// queries.
var urlLookupIPAddr = net.DefaultResolver.LookupIPAddr

// urlRoots gives the CAs https trusts (PEM); tests replace it to trust
// their own server.
var urlRoots = systemRoots

// urlTLS is the TLS helper https connections use; tests replace it with
// one they built.
var urlTLS = tlsrelay.Default

func urllibRequestModule(env *Env) *starlarkstruct.Module {
	return dataModule("urllib.request", map[string]dataFunc{
		"urlopen": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return urlopen(env, thread, b, args, kwargs)
		},
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

// urlopen(url, data=None, timeout=None, headers=None, method=None)
func urlopen(env *Env, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var rawURL string
	var data, timeout, headers, method starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None
	if err := dataUnpack(b.Name(), args, kwargs, "url", &rawURL, "data?", &data,
		"timeout?", &timeout, "headers?", &headers, "method?", &method); err != nil {
		return nil, err
	}
	req := &urlRequest{fullURL: rawURL, data: starlark.None}
	if data != starlark.None {
		d, err := dataBytes(b.Name(), "data", data)
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
	c := &urlClient{env: env, thread: thread}
	if c.timeout, err = urlTimeout(timeout); err != nil {
		return nil, err
	}
	return c.open(req)
}

// urlParse checks the URL has a scheme and a host, as Python's Request does.
func urlParse(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, pyerr.New("ValueError", "invalid url %q: %v", raw, err)
	}
	if u.Scheme == "" {
		return nil, pyerr.New("ValueError", "unknown url type: %s", starlark.String(raw).String())
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
		if !validHeaderName(string(k)) {
			return nil, pyerr.New("ValueError", "Invalid header name %s", k.String())
		}
		if strings.ContainsAny(string(val), "\r\n\x00") {
			return nil, pyerr.New("ValueError", "Invalid header value %s", val.String())
		}
		name := string(k)
		if name != "" {
			name = strings.ToUpper(name[:1]) + strings.ToLower(name[1:])
		}
		out = append(out, [2]string{name, string(val)})
	}
	return out, nil
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

// open performs the request, following redirects as Python's
// HTTPRedirectHandler does; every hop raises urllib.Request and opens a
// new connection (raising socket.getaddrinfo and socket.connect).
func (c *urlClient) open(req *urlRequest) (starlark.Value, error) {
	for hop := 0; ; hop++ {
		if err := c.raise("urllib.Request", req.eventArgs()); err != nil {
			return nil, err
		}
		if s := strings.ToLower(req.url.Scheme); s != "http" && s != "https" {
			return nil, pyerr.New("ValueError", "unsupported url type %s: spython's urlopen supports http and https only", starlark.String(req.url.Scheme).String())
		}
		resp, closeConn, err := c.do(req)
		if err != nil {
			return nil, err
		}
		next, err := redirectRequest(req, resp)
		if err != nil || next == nil {
			defer closeConn()
			if err != nil {
				return nil, err
			}
			return c.finish(req, resp)
		}
		// Python reads and discards the redirect's body; a bounded drain
		// is enough, as the connection is not reused.
		_, _ = io.CopyN(io.Discard, resp.body, 64<<10)
		closeConn()
		if hop+1 >= urlMaxRedirects {
			return nil, urlHTTPError(resp, "The HTTP server returned a redirect error that would lead to an infinite loop.")
		}
		req = next
	}
}

// redirectRequest returns the request a redirect response asks for, nil
// if resp is not a redirect, or the HTTPError Python would raise.
func redirectRequest(req *urlRequest, resp *httpResponse) (*urlRequest, error) {
	code := resp.status
	switch code {
	case 301, 302, 303, 307, 308:
	default:
		if code < 200 || code >= 300 {
			return nil, urlHTTPError(resp, "")
		}
		return nil, nil
	}
	loc := firstValue(resp.header.values("Location"))
	if loc == "" {
		loc = firstValue(resp.header.values("Uri"))
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

// firstValue is the first of vals, "" if none (Go's Header.Get).
func firstValue(vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	return vals[0]
}

// urlHTTPError is Python's urllib.error.HTTPError: "HTTP Error 404: Not
// Found", the reason from the status line unless given.
func urlHTTPError(resp *httpResponse, reason string) error {
	if reason == "" {
		reason = resp.reason
	}
	return pyerr.New("HTTPError", "HTTP Error %d: %s", resp.status, reason)
}

// finish reads the body (bounded) and makes the response object.
func (c *urlClient) finish(req *urlRequest, resp *httpResponse) (starlark.Value, error) {
	if resp.length > urlMaxBody {
		return nil, urlTooBig(req)
	}
	body, err := io.ReadAll(io.LimitReader(resp.body, urlMaxBody+1))
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

// do sends one request on a new connection and reads the response up to
// its body, all on the script's goroutine. closeConn must be called once
// the body has been read or abandoned.
func (c *urlClient) do(req *urlRequest) (resp *httpResponse, closeConn func(), err error) {
	ctx := c.env.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, c.mapError(req, err)
	}
	// Everything that can be refused without the network is, before the
	// first socket event, as in Python (http.client checks the request
	// before it connects).
	head, err := httpRequestHead(req)
	if err != nil {
		return nil, nil, err
	}
	host := req.url.Hostname()
	if host == "" {
		return nil, nil, pyerr.New("URLError", "<urlopen error no host given>")
	}
	if strings.IndexFunc(host, func(r rune) bool { return r >= 0x80 }) >= 0 {
		return nil, nil, pyerr.New("URLError", "<urlopen error non-ASCII host name %s: spython does not encode IDNA>", starlark.String(host).String())
	}
	https := req.url.Scheme == "https"
	port := 80
	if https {
		port = 443
	}
	if p := req.url.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, nil, pyerr.New("URLError", "<urlopen error nonnumeric port: %s>", starlark.String(p).String())
		}
	}
	var roots []byte
	if https {
		if roots, err = urlRoots(); err != nil {
			return nil, nil, err
		}
	}

	raw, err := c.dial(ctx, host, port)
	if err != nil {
		if c.auditErr != nil {
			return nil, nil, c.auditErr // a denial (or a failing log) as raised
		}
		return nil, nil, c.mapError(req, err)
	}
	// A run that ends interrupts a blocked handshake, write or read: the
	// connection is closed under it.
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	closeConn = func() {
		stop()
		raw.Close()
	}
	fail := func(err error) (*httpResponse, func(), error) {
		closeConn()
		return nil, nil, c.mapError(req, err)
	}
	var conn net.Conn = raw
	if https {
		tc, err := c.startTLS(ctx, raw, host, roots)
		if c.auditErr != nil {
			closeConn()
			return nil, nil, c.auditErr // the log failed
		}
		if err != nil {
			return fail(err)
		}
		// The helper holds the TCP connection now; closing the relay ends
		// the helper and with it the connection.
		raw.Close()
		stop()
		stop = context.AfterFunc(ctx, func() { tc.Close() })
		closeConn = func() {
			stop()
			tc.Close()
		}
		conn = tc
	}
	if c.timeout > 0 {
		conn = &urlTimeoutConn{Conn: conn, d: c.timeout}
	}
	w := bufio.NewWriter(conn)
	_, _ = w.WriteString(head)
	if d, ok := req.data.(starlark.Bytes); ok {
		_, _ = w.WriteString(string(d))
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if resp, err = readHTTPResponse(bufio.NewReader(conn), req.method); err != nil {
		return fail(err)
	}
	return resp, closeConn, nil
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
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return "[Errno -2] Name or service not known"
	case errors.As(err, &errno):
		msg := errno.Error()
		return fmt.Sprintf("[Errno %d] %s", int(errno), strings.ToUpper(msg[:1])+msg[1:])
	}
	return err.Error()
}
