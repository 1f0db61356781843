package stdlib

import (
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// httpRequestHead is the request line and header section urlopen sends
// for req: HTTP/1.1, Connection: close (one request per connection), no
// Accept-Encoding (the body as the server sent it, as in Python). The
// script's headers are sent in Go's canonical form, in the order given;
// a Host header sets the Host; Content-Length is computed, never taken
// from the script; User-Agent and, with data, Content-Type get defaults.
// Everything is checked for CR, LF and other control characters, so a
// script cannot smuggle a second request into this one.
func httpRequestHead(req *urlRequest) (string, error) {
	if !validHeaderName(req.method) {
		return "", pyerr.New("ValueError", "invalid HTTP method %s", starlark.String(req.method).String())
	}
	target := req.url.RequestURI()
	if i := strings.IndexFunc(target, func(r rune) bool { return r <= ' ' || r == 0x7f }); i >= 0 {
		return "", pyerr.New("ValueError", "URL can't contain control characters. %s (found at least %s)",
			starlark.String(target).String(), starlark.String(target[i:i+1]).String())
	}
	host := req.url.Host
	var b strings.Builder
	hasUA, hasCT := false, false
	for _, kv := range req.headers {
		name := canonicalHeaderKey(kv[0])
		switch name {
		case "Host":
			if kv[1] != "" {
				host = kv[1]
			}
			continue
		case "Content-Length", "Transfer-Encoding", "Trailer", "Connection":
			continue // framing is urlopen's: never the script's
		case "User-Agent":
			hasUA = true
			if kv[1] == "" {
				continue // an empty User-Agent means none, as in Go
			}
		case "Content-Type":
			hasCT = true
		}
		if err := httpCheckHeader(name, kv[1]); err != nil {
			return "", err
		}
		b.WriteString(name + ": " + kv[1] + "\r\n")
	}
	host = httpRemoveZone(host)
	if host == "" || !validHeaderValue(host) || strings.ContainsAny(host, " \t") {
		return "", pyerr.New("ValueError", "invalid Host header %s", starlark.String(host).String())
	}
	head := req.method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
	if !hasUA {
		head += "User-Agent: " + urlUserAgent + "\r\n"
	}
	body, hasBody := req.data.(starlark.Bytes)
	if hasBody && !hasCT {
		head += "Content-Type: application/x-www-form-urlencoded\r\n"
	}
	// Python's http.client sends a length with any data, and a zero one
	// for the methods that expect a body.
	switch {
	case hasBody:
		head += "Content-Length: " + strconv.Itoa(len(body)) + "\r\n"
	case req.method == "POST" || req.method == "PUT" || req.method == "PATCH":
		head += "Content-Length: 0\r\n"
	}
	return head + b.String() + "Connection: close\r\n\r\n", nil
}

// httpCheckHeader refuses a header line that could end the line early.
// urlHeaders has already checked the script's headers; this is the last
// check before the bytes are written.
func httpCheckHeader(name, value string) error {
	if !validHeaderName(name) {
		return pyerr.New("ValueError", "Invalid header name %s", starlark.String(name).String())
	}
	if strings.ContainsAny(value, "\r\n\x00") {
		return pyerr.New("ValueError", "Invalid header value %s", starlark.String(value).String())
	}
	return nil
}

// httpRemoveZone drops an IPv6 zone from a Host header: [fe80::1%en0]:80
// is sent as [fe80::1]:80, as Go's net/http does (a zone means nothing to
// the server).
func httpRemoveZone(host string) string {
	if !strings.HasPrefix(host, "[") {
		return host
	}
	i := strings.LastIndexByte(host, ']')
	if i < 0 {
		return host
	}
	j := strings.LastIndexByte(host[:i], '%')
	if j < 0 {
		return host
	}
	return host[:j] + host[i:]
}
