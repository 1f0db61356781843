package urllib

import (
	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// urlRequestValue is urllib.request.Request: the URL, data, headers and
// method of a request, made without touching the network (CPython raises
// no event for it; urlopen raises urllib.Request with its fields).
type urlRequestValue struct {
	req            *urlRequest
	explicitMethod string // method= as given; "" when None
	frozen         bool
}

// Request(url, data=None, headers={}, origin_req_host=None,
// unverifiable=False, method=None)
func urlNewRequest(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var rawURL string
	var data, headers, origin, method starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None
	var unverifiable bool
	if err := core.Unpack("Request", args, kwargs, "url", &rawURL, "data?", &data, "headers?", &headers,
		"origin_req_host?", &origin, "unverifiable?", &unverifiable, "method?", &method); err != nil {
		return nil, err
	}
	if d, ok := headers.(*starlark.Dict); ok && d.Len() == 0 {
		headers = starlark.None
	}
	req, err := urlMakeRequest(rawURL, data, headers, method)
	if err != nil {
		return nil, err
	}
	v := &urlRequestValue{req: req}
	if m, ok := method.(starlark.String); ok {
		v.explicitMethod = string(m)
	}
	return v, nil
}

var _ starlark.HasAttrs = (*urlRequestValue)(nil)

func (r *urlRequestValue) String() string       { return "<urllib.request.Request object>" }
func (r *urlRequestValue) Type() string         { return "urllib.request.Request" }
func (r *urlRequestValue) Freeze()              { r.frozen = true }
func (r *urlRequestValue) Truth() starlark.Bool { return starlark.True }
func (r *urlRequestValue) Hash() (uint32, error) {
	return 0, pyerr.New("TypeError", "unhashable type: 'Request'")
}

var urlRequestMethods = map[string]core.Func{
	"get_method":    urlReqGetMethod,
	"get_full_url":  urlReqGetFullURL,
	"add_header":    urlReqAddHeader,
	"has_header":    urlReqHasHeader,
	"get_header":    urlReqGetHeader,
	"remove_header": urlReqRemoveHeader,
	"header_items":  urlReqHeaderItems,
}

func (r *urlRequestValue) AttrNames() []string {
	return core.MethodNames(urlRequestMethods, "data", "full_url", "headers", "host", "method", "selector", "type")
}

func (r *urlRequestValue) Attr(name string) (starlark.Value, error) {
	u := r.req.url
	switch name {
	case "full_url":
		return starlark.String(r.req.fullURL), nil
	case "data":
		return r.req.data, nil
	case "headers":
		d := starlark.NewDict(len(r.req.headers))
		for _, kv := range r.req.headers {
			_ = d.SetKey(starlark.String(kv[0]), starlark.String(kv[1]))
		}
		return d, nil
	case "host":
		return starlark.String(u.Host), nil
	case "type":
		return starlark.String(u.Scheme), nil
	case "selector":
		return starlark.String(u.RequestURI()), nil
	case "method":
		if r.explicitMethod == "" {
			return nil, nil // as in Python: no attribute unless given
		}
		return starlark.String(r.explicitMethod), nil
	}
	return core.Method(r, name, urlRequestMethods), nil
}

func urlReqGetMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("get_method", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.String(b.Receiver().(*urlRequestValue).req.method), nil
}

func urlReqGetFullURL(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("get_full_url", args, kwargs); err != nil {
		return nil, err
	}
	return starlark.String(b.Receiver().(*urlRequestValue).req.fullURL), nil
}

func urlReqAddHeader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r := b.Receiver().(*urlRequestValue)
	var key, val string
	if err := core.Unpack("add_header", args, kwargs, "key", &key, "val", &val); err != nil {
		return nil, err
	}
	if r.frozen {
		return nil, pyerr.New("ValueError", "add_header on a frozen Request")
	}
	h, err := urlHeader(key, val)
	if err != nil {
		return nil, err
	}
	r.req.headers = urlSetHeader(r.req.headers, h)
	return starlark.None, nil
}

// urlReqFind is the index of header_name (matched exactly, as Python's
// dict lookup after capitalize()), or -1.
func urlReqFind(r *urlRequestValue, name string) int {
	for i, kv := range r.req.headers {
		if kv[0] == name {
			return i
		}
	}
	return -1
}

func urlReqHasHeader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := core.Unpack("has_header", args, kwargs, "header_name", &name); err != nil {
		return nil, err
	}
	return starlark.Bool(urlReqFind(b.Receiver().(*urlRequestValue), name) >= 0), nil
}

func urlReqGetHeader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var dflt starlark.Value = starlark.None
	if err := core.Unpack("get_header", args, kwargs, "header_name", &name, "default?", &dflt); err != nil {
		return nil, err
	}
	r := b.Receiver().(*urlRequestValue)
	if i := urlReqFind(r, name); i >= 0 {
		return starlark.String(r.req.headers[i][1]), nil
	}
	return dflt, nil
}

func urlReqRemoveHeader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := core.Unpack("remove_header", args, kwargs, "header_name", &name); err != nil {
		return nil, err
	}
	r := b.Receiver().(*urlRequestValue)
	if r.frozen {
		return nil, pyerr.New("ValueError", "remove_header on a frozen Request")
	}
	if i := urlReqFind(r, name); i >= 0 {
		r.req.headers = append(r.req.headers[:i:i], r.req.headers[i+1:]...)
	}
	return starlark.None, nil
}

func urlReqHeaderItems(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("header_items", args, kwargs); err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, kv := range b.Receiver().(*urlRequestValue).req.headers {
		out = append(out, starlark.Tuple{starlark.String(kv[0]), starlark.String(kv[1])})
	}
	return starlark.NewList(out), nil
}
