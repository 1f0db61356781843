package stdlib

import (
	"sort"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// urlResponse is what urlopen returns: status, reason, headers (a dict),
// url, read(), getcode(), geturl(), getheader(), getheaders(), close().
// The body has already been read; read() hands it out.
type urlResponse struct {
	url     string
	status  int
	reason  string
	header  map[string][]string // canonical name → values, in the order received
	names   []string            // the header names, sorted
	headers *starlark.Dict
	body    string
	pos     int
	frozen  bool
}

func newURLResponse(u string, resp *httpResponse, body string) *urlResponse {
	r := &urlResponse{
		url:    u,
		status: resp.status,
		reason: resp.reason,
		header: make(map[string][]string),
		body:   body,
	}
	for _, f := range resp.header {
		if _, ok := r.header[f.name]; !ok {
			r.names = append(r.names, f.name)
		}
		r.header[f.name] = append(r.header[f.name], f.value)
	}
	// Names in Go's canonical form (Content-Type), sorted, several values
	// of one header joined with ", ".
	sort.Strings(r.names)
	r.headers = starlark.NewDict(len(r.names))
	for _, k := range r.names {
		_ = r.headers.SetKey(starlark.String(k), starlark.String(strings.Join(r.header[k], ", ")))
	}
	return r
}

var _ starlark.HasAttrs = (*urlResponse)(nil)

func (r *urlResponse) String() string {
	return "<http.client.HTTPResponse status=" + strconv.Itoa(r.status) + " url=" + starlark.String(r.url).String() + ">"
}
func (r *urlResponse) Type() string         { return "http.client.HTTPResponse" }
func (r *urlResponse) Freeze()              { r.frozen = true; r.headers.Freeze() }
func (r *urlResponse) Truth() starlark.Bool { return starlark.True }
func (r *urlResponse) Hash() (uint32, error) {
	return 0, pyerr.New("TypeError", "unhashable type: 'HTTPResponse'")
}

var urlResponseMethods = map[string]dataFunc{
	"read":       urlRespRead,
	"getcode":    urlRespGetcode,
	"geturl":     urlRespGeturl,
	"getheader":  urlRespGetheader,
	"getheaders": urlRespGetheaders,
	"close":      urlRespClose,
}

func (r *urlResponse) AttrNames() []string {
	return dataMethodNames(urlResponseMethods, "headers", "reason", "status", "url")
}

func (r *urlResponse) Attr(name string) (starlark.Value, error) {
	switch name {
	case "status":
		return starlark.MakeInt(r.status), nil
	case "reason":
		return starlark.String(r.reason), nil
	case "headers":
		return r.headers, nil
	case "url":
		return starlark.String(r.url), nil
	}
	return dataMethod(r, name, urlResponseMethods), nil
}

// read(amt=None) -> bytes: the rest of the body, or at most amt bytes.
func urlRespRead(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r := b.Receiver().(*urlResponse)
	var amt starlark.Value = starlark.None
	if err := dataUnpack("read", args, kwargs, "amt?", &amt); err != nil {
		return nil, err
	}
	n := len(r.body) - r.pos
	if amt != starlark.None {
		var a int
		if err := starlark.AsInt(amt, &a); err != nil {
			return nil, pyerr.New("TypeError", "read() amt must be an int or None, not %s", amt.Type())
		}
		if a >= 0 && a < n {
			n = a
		}
	}
	if n > 0 && r.frozen {
		return nil, pyerr.New("ValueError", "read() on a frozen response")
	}
	out := r.body[r.pos : r.pos+n]
	r.pos += n
	return starlark.Bytes(out), nil
}

func urlRespGetcode(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := dataUnpack("getcode", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt(b.Receiver().(*urlResponse).status), nil
}

func urlRespGeturl(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := dataUnpack("geturl", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.String(b.Receiver().(*urlResponse).url), nil
}

// getheader(name, default=None): case-insensitive, values joined with ", ".
func urlRespGetheader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r := b.Receiver().(*urlResponse)
	var name string
	var dflt starlark.Value = starlark.None
	if err := dataUnpack("getheader", args, kwargs, "name", &name, "default?", &dflt); err != nil {
		return nil, err
	}
	vals := r.header[canonicalHeaderKey(name)]
	if len(vals) == 0 {
		return dflt, nil
	}
	return starlark.String(strings.Join(vals, ", ")), nil
}

// getheaders() -> list of (name, value), one per header line.
func urlRespGetheaders(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r := b.Receiver().(*urlResponse)
	if err := dataUnpack("getheaders", args, kwargs); err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, k := range r.names {
		for _, v := range r.header[k] {
			out = append(out, starlark.Tuple{starlark.String(k), starlark.String(v)})
		}
	}
	return starlark.NewList(out), nil
}

// close() is a no-op: the connection was closed when the body was read.
func urlRespClose(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := dataUnpack("close", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, nil
}
