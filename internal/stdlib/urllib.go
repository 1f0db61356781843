package stdlib

import (
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
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
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
	c := &urlClient{env: env, thread: thread, reqs: make(chan urlAuditReq), stop: make(chan struct{})}
	if c.timeout, err = urlTimeout(timeout); err != nil {
		return nil, err
	}
	defer close(c.stop)
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
		resp, err := c.do(req)
		if err != nil {
			return nil, err
		}
		next, err := redirectRequest(req, resp)
		if err != nil || next == nil {
			if err != nil {
				resp.Body.Close()
				return nil, err
			}
			return c.finish(req, resp)
		}
		// Python reads and discards the redirect's body; a bounded drain
		// is enough, as the connection is not reused.
		_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
		resp.Body.Close()
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

// urlHTTPError is Python's urllib.error.HTTPError: "HTTP Error 404: Not Found".
func urlHTTPError(resp *http.Response, reason string) error {
	if reason == "" {
		reason = strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)))
	}
	return pyerr.New("HTTPError", "HTTP Error %d: %s", resp.StatusCode, reason)
}

// finish reads the body (bounded) and makes the response object.
func (c *urlClient) finish(req *urlRequest, resp *http.Response) (starlark.Value, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, urlMaxBody+1))
	if err != nil {
		return nil, c.mapError(req, err)
	}
	if len(body) > urlMaxBody {
		return nil, pyerr.New("MemoryError", "urlopen %s: response body exceeds %d bytes", req.fullURL, urlMaxBody)
	}
	return newURLResponse(req.fullURL, resp, string(body)), nil
}

// do sends one request. It runs the transport on another goroutine and
// serves the audit events the dialer raises here, on the script's
// goroutine, so hooks (including script hooks) never run concurrently
// with the script.
func (c *urlClient) do(req *urlRequest) (*http.Response, error) {
	ctx := c.env.Context
	if ctx == nil {
		ctx = context.Background()
	}
	var body io.Reader
	if d, ok := req.data.(starlark.Bytes); ok {
		body = strings.NewReader(string(d))
	}
	hreq, err := http.NewRequestWithContext(ctx, req.method, req.url.String(), body)
	if err != nil {
		return nil, pyerr.New("ValueError", "urlopen %s: %v", req.fullURL, err)
	}
	hasUA, hasCT := false, false
	for _, kv := range req.headers {
		switch strings.ToLower(kv[0]) {
		case "host":
			hreq.Host = kv[1]
			continue
		case "user-agent":
			hasUA = true
		case "content-type":
			hasCT = true
		}
		hreq.Header.Add(kv[0], kv[1])
	}
	if !hasUA {
		hreq.Header.Set("User-Agent", urlUserAgent)
	}
	if body != nil && !hasCT {
		hreq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	tr := &http.Transport{
		Proxy:               nil, // the environment never changes behaviour
		DialContext:         c.dial,
		DisableKeepAlives:   true, // a new connection, and events, per request
		DisableCompression:  true, // the body as sent, as in Python
		TLSHandshakeTimeout: c.timeout,
	}
	if hreq.URL.Scheme == "https" {
		roots, err := systemRoots()
		if err != nil {
			return nil, err
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := client.Do(hreq)
		done <- result{resp, err}
	}()
	for {
		select {
		case a := <-c.reqs:
			err := c.raise(a.event, a.args)
			if err != nil && c.auditErr == nil {
				c.auditErr = err
			}
			a.reply <- err
		case r := <-done:
			if c.auditErr != nil {
				if r.resp != nil {
					r.resp.Body.Close()
				}
				return nil, c.auditErr // a denial (or a failing log) as raised
			}
			if r.err != nil {
				return nil, c.mapError(req, r.err)
			}
			return r.resp, nil
		}
	}
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
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}
