package urllib

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// urlResponse is what urlopen returns: status, reason, headers, url,
// read(), getcode(), geturl(), getheader(), getheaders(), info(),
// close(). The body has already been read; read() hands it out.
type urlResponse struct {
	url     string
	status  int
	reason  string
	headers *urlMessage
	body    string
	pos     int
	frozen  bool
}

func newURLResponse(u string, resp *http.Response, body string) *urlResponse {
	h := resp.Header
	if resp.Close && resp.ProtoAtLeast(1, 1) && h.Get("Connection") == "" {
		// net/http takes "Connection: close" out of the headers it
		// parsed (into resp.Close); Python's HTTPMessage shows it.
		h = h.Clone()
		h.Set("Connection", "close")
	}
	return &urlResponse{
		url:     u,
		status:  resp.StatusCode,
		reason:  urlReasonPhrase(resp),
		headers: newURLMessage(h),
		body:    body,
	}
}

var _ starlark.HasAttrs = (*urlResponse)(nil)

func (r *urlResponse) String() string {
	return "<http.client.HTTPResponse status=" + strconv.Itoa(r.status) + " url=" + starlark.String(r.url).String() + ">"
}
func (r *urlResponse) Type() string         { return "http.client.HTTPResponse" }
func (r *urlResponse) Freeze()              { r.frozen = true }
func (r *urlResponse) Truth() starlark.Bool { return starlark.True }
func (r *urlResponse) Hash() (uint32, error) {
	return 0, pyerr.New("TypeError", "unhashable type: 'HTTPResponse'")
}

var urlResponseMethods = map[string]core.Func{
	"read":       urlRespRead,
	"getcode":    urlRespGetcode,
	"geturl":     urlRespGeturl,
	"getheader":  urlRespGetheader,
	"getheaders": urlRespGetheaders,
	"info":       urlRespInfo,
	"close":      urlRespClose,
}

func (r *urlResponse) AttrNames() []string {
	return core.MethodNames(urlResponseMethods, "code", "headers", "reason", "status", "url")
}

func (r *urlResponse) Attr(name string) (starlark.Value, error) {
	switch name {
	case "status", "code":
		return starlark.MakeInt(r.status), nil
	case "reason":
		return starlark.String(r.reason), nil
	case "headers":
		return r.headers, nil
	case "url":
		return starlark.String(r.url), nil
	}
	return core.Method(r, name, urlResponseMethods), nil
}

// read(amt=None) -> bytes: the rest of the body, or at most amt bytes.
func urlRespRead(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r := b.Receiver().(*urlResponse)
	var amt starlark.Value = starlark.None
	if err := core.Unpack("read", args, kwargs, "amt?", &amt); err != nil {
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
	if err := core.Unpack("getcode", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt(b.Receiver().(*urlResponse).status), nil
}

func urlRespGeturl(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("geturl", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.String(b.Receiver().(*urlResponse).url), nil
}

func urlRespInfo(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("info", args, kwargs); err != nil {
		return nil, err
	}
	return b.Receiver().(*urlResponse).headers, nil
}

// getheader(name, default=None): case-insensitive, values joined with ", ".
func urlRespGetheader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r := b.Receiver().(*urlResponse)
	var name string
	var dflt starlark.Value = starlark.None
	if err := core.Unpack("getheader", args, kwargs, "name", &name, "default?", &dflt); err != nil {
		return nil, err
	}
	vals := r.headers.all(name)
	if len(vals) == 0 {
		return dflt, nil
	}
	return starlark.String(strings.Join(vals, ", ")), nil
}

// getheaders() -> list of (name, value), one per header line.
func urlRespGetheaders(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r := b.Receiver().(*urlResponse)
	if err := core.Unpack("getheaders", args, kwargs); err != nil {
		return nil, err
	}
	return r.headers.itemList(), nil
}

// close() is a no-op: the connection was closed when the body was read.
func urlRespClose(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("close", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// urlMessage is response.headers, Python's http.client.HTTPMessage: one
// entry per header line, looked up without regard to case. m[name] and
// m.get(name) give the first value (None when absent, as in Python);
// get_all every value; keys/values/items list the lines. net/http gives
// the names in canonical form (content-type → Content-Type) and not in
// the order received: they are sorted, each name's values in order.
type urlMessage struct {
	fields [][2]string
}

func newURLMessage(h http.Header) *urlMessage {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	m := &urlMessage{}
	for _, k := range names {
		for _, v := range h[k] {
			m.fields = append(m.fields, [2]string{k, v})
		}
	}
	return m
}

func (m *urlMessage) all(name string) []string {
	var out []string
	for _, f := range m.fields {
		if strings.EqualFold(f[0], name) {
			out = append(out, f[1])
		}
	}
	return out
}

func (m *urlMessage) itemList() *starlark.List {
	out := make([]starlark.Value, len(m.fields))
	for i, f := range m.fields {
		out[i] = starlark.Tuple{starlark.String(f[0]), starlark.String(f[1])}
	}
	return starlark.NewList(out)
}

var (
	_ starlark.Mapping   = (*urlMessage)(nil)
	_ starlark.Container = (*urlMessage)(nil)
	_ starlark.Sequence  = (*urlMessage)(nil)
	_ starlark.HasAttrs  = (*urlMessage)(nil)
)

// String is str(headers) in Python: the header lines and a blank line.
func (m *urlMessage) String() string {
	var b strings.Builder
	for _, f := range m.fields {
		b.WriteString(f[0] + ": " + f[1] + "\n")
	}
	b.WriteString("\n")
	return b.String()
}
func (m *urlMessage) Type() string         { return "http.client.HTTPMessage" }
func (m *urlMessage) Freeze()              {}
func (m *urlMessage) Truth() starlark.Bool { return len(m.fields) > 0 }
func (m *urlMessage) Hash() (uint32, error) {
	return 0, pyerr.New("TypeError", "unhashable type: 'HTTPMessage'")
}
func (m *urlMessage) Len() int { return len(m.fields) }

// Iterate yields the names, one per line, as iterating a Message does.
func (m *urlMessage) Iterate() starlark.Iterator {
	names := make([]starlark.Value, len(m.fields))
	for i, f := range m.fields {
		names[i] = starlark.String(f[0])
	}
	return starlark.Tuple(names).Iterate()
}

// Get is m[name]: the first value, None when there is none (Python's
// Message.__getitem__ raises no KeyError).
func (m *urlMessage) Get(k starlark.Value) (starlark.Value, bool, error) {
	name, ok := k.(starlark.String)
	if !ok {
		return nil, false, pyerr.New("TypeError", "header name must be a str, not %s", k.Type())
	}
	if v := m.all(string(name)); len(v) > 0 {
		return starlark.String(v[0]), true, nil
	}
	return starlark.None, true, nil
}

// Has is `name in m`.
func (m *urlMessage) Has(k starlark.Value) (bool, error) {
	name, ok := k.(starlark.String)
	if !ok {
		return false, nil
	}
	return len(m.all(string(name))) > 0, nil
}

var urlMessageMethods = map[string]core.Func{
	"get":     urlMsgGet,
	"get_all": urlMsgGetAll,
	"keys":    urlMsgKeys,
	"values":  urlMsgValues,
	"items":   urlMsgItems,
}

func (m *urlMessage) AttrNames() []string { return core.MethodNames(urlMessageMethods) }
func (m *urlMessage) Attr(name string) (starlark.Value, error) {
	return core.Method(m, name, urlMessageMethods), nil
}

func urlMsgGet(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var dflt starlark.Value = starlark.None
	if err := core.Unpack("get", args, kwargs, "name", &name, "failobj?", &dflt); err != nil {
		return nil, err
	}
	if v := b.Receiver().(*urlMessage).all(name); len(v) > 0 {
		return starlark.String(v[0]), nil
	}
	return dflt, nil
}

func urlMsgGetAll(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var dflt starlark.Value = starlark.None
	if err := core.Unpack("get_all", args, kwargs, "name", &name, "failobj?", &dflt); err != nil {
		return nil, err
	}
	v := b.Receiver().(*urlMessage).all(name)
	if len(v) == 0 {
		return dflt, nil
	}
	out := make([]starlark.Value, len(v))
	for i, s := range v {
		out[i] = starlark.String(s)
	}
	return starlark.NewList(out), nil
}

func urlMsgKeys(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return urlMsgColumn(b, args, kwargs, "keys", 0)
}

func urlMsgValues(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return urlMsgColumn(b, args, kwargs, "values", 1)
}

func urlMsgColumn(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, fn string, col int) (starlark.Value, error) {
	if err := core.Unpack(fn, args, kwargs); err != nil {
		return nil, err
	}
	m := b.Receiver().(*urlMessage)
	out := make([]starlark.Value, len(m.fields))
	for i, f := range m.fields {
		out[i] = starlark.String(f[col])
	}
	return starlark.NewList(out), nil
}

func urlMsgItems(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("items", args, kwargs); err != nil {
		return nil, err
	}
	return b.Receiver().(*urlMessage).itemList(), nil
}
