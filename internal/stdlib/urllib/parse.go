package urllib

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/pyfmt"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// urllib.parse follows CPython 3.11's Lib/urllib/parse.py algorithm by
// algorithm (not Go's net/url, whose parsing and escaping differ from
// Python's); the expected values in the tests come from CPython
// (testdata/urlparse_gen.py). Pure string work: no events.

var (
	pyUsesRelative = []string{"", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms",
		"prospero", "rtsp", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss"}
	pyUsesNetloc = []string{"", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp",
		"snews", "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss"}
	pyUsesParams = []string{"", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtspu", "sip",
		"sips", "mms", "sftp", "tel"}
)

func urllibParseModule() *starlarkstruct.Module {
	return core.Module("urllib.parse", map[string]core.Func{
		"urlparse":         urlparseFn,
		"urlsplit":         urlsplitFn,
		"urlunparse":       urlunparseFn,
		"urlunsplit":       urlunsplitFn,
		"urljoin":          urljoinFn,
		"urlencode":        urlencodeFn,
		"quote":            quoteFn,
		"quote_plus":       quotePlusFn,
		"unquote":          unquoteFn,
		"unquote_plus":     unquotePlusFn,
		"quote_from_bytes": quoteFromBytesFn,
		"unquote_to_bytes": unquoteToBytesFn,
		"parse_qs":         parseQsFn,
		"parse_qsl":        parseQslFn,
	}, nil)
}

// --- splitting ---

func isSchemeChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}

// pyURLSplit is urlsplit: (scheme, netloc, path, query, fragment).
func pyURLSplit(url, scheme string, allowFragments bool) ([5]string, error) {
	// WHATWG: leading C0 control characters and spaces are stripped; tab
	// and newlines are removed anywhere.
	url = strings.TrimLeftFunc(url, func(r rune) bool { return r <= ' ' })
	rm := strings.NewReplacer("\t", "", "\r", "", "\n", "")
	url, scheme = rm.Replace(url), rm.Replace(scheme)
	netloc, query, fragment := "", "", ""
	if i := strings.IndexByte(url, ':'); i > 0 && (url[0] >= 'a' && url[0] <= 'z' || url[0] >= 'A' && url[0] <= 'Z') {
		ok := true
		for j := 0; j < i; j++ {
			if !isSchemeChar(url[j]) {
				ok = false
				break
			}
		}
		if ok {
			scheme, url = strings.ToLower(url[:i]), url[i+1:]
		}
	}
	if strings.HasPrefix(url, "//") {
		delim := len(url)
		for _, c := range "/?#" {
			if w := strings.IndexRune(url[2:], c); w >= 0 {
				delim = min(delim, w+2)
			}
		}
		netloc, url = url[2:delim], url[delim:]
		ob, cb := strings.Contains(netloc, "["), strings.Contains(netloc, "]")
		if ob != cb {
			return [5]string{}, pyerr.New("ValueError", "Invalid IPv6 URL")
		}
	}
	if allowFragments {
		if i := strings.IndexByte(url, '#'); i >= 0 {
			url, fragment = url[:i], url[i+1:]
		}
	}
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url, query = url[:i], url[i+1:]
	}
	return [5]string{scheme, netloc, url, query, fragment}, nil
}

// pyURLParse is urlparse: (scheme, netloc, path, params, query, fragment).
func pyURLParse(url, scheme string, allowFragments bool) ([6]string, error) {
	sp, err := pyURLSplit(url, scheme, allowFragments)
	if err != nil {
		return [6]string{}, err
	}
	path, params := sp[2], ""
	if slices.Contains(pyUsesParams, sp[0]) && strings.Contains(path, ";") {
		var i int
		if j := strings.LastIndexByte(path, '/'); j >= 0 {
			i = strings.IndexByte(path[j:], ';')
			if i >= 0 {
				i += j
			}
		} else {
			i = strings.IndexByte(path, ';')
		}
		if i >= 0 {
			path, params = path[:i], path[i+1:]
		}
	}
	return [6]string{sp[0], sp[1], path, params, sp[3], sp[4]}, nil
}

func pyURLUnsplit(p [5]string) string {
	scheme, netloc, url, query, fragment := p[0], p[1], p[2], p[3], p[4]
	if netloc != "" || (scheme != "" && slices.Contains(pyUsesNetloc, scheme) && !strings.HasPrefix(url, "//")) {
		if url != "" && url[0] != '/' {
			url = "/" + url
		}
		url = "//" + netloc + url
	}
	if scheme != "" {
		url = scheme + ":" + url
	}
	if query != "" {
		url += "?" + query
	}
	if fragment != "" {
		url += "#" + fragment
	}
	return url
}

func pyURLUnparse(p [6]string) string {
	url := p[2]
	if p[3] != "" {
		url += ";" + p[3]
	}
	return pyURLUnsplit([5]string{p[0], p[1], url, p[4], p[5]})
}

// pyURLJoin is urljoin.
func pyURLJoin(base, url string, allowFragments bool) (string, error) {
	if base == "" {
		return url, nil
	}
	if url == "" {
		return base, nil
	}
	b, err := pyURLParse(base, "", allowFragments)
	if err != nil {
		return "", err
	}
	u, err := pyURLParse(url, b[0], allowFragments)
	if err != nil {
		return "", err
	}
	scheme, netloc, path, params, query, fragment := u[0], u[1], u[2], u[3], u[4], u[5]
	if scheme != b[0] || !slices.Contains(pyUsesRelative, scheme) {
		return url, nil
	}
	if slices.Contains(pyUsesNetloc, scheme) {
		if netloc != "" {
			return pyURLUnparse(u), nil
		}
		netloc = b[1]
	}
	if path == "" && params == "" {
		path, params = b[2], b[3]
		if query == "" {
			query = b[4]
		}
		return pyURLUnparse([6]string{scheme, netloc, path, params, query, fragment}), nil
	}
	baseParts := strings.Split(b[2], "/")
	if baseParts[len(baseParts)-1] != "" {
		baseParts = baseParts[:len(baseParts)-1]
	}
	var segments []string
	if strings.HasPrefix(path, "/") {
		segments = strings.Split(path, "/")
	} else {
		segments = append(baseParts, strings.Split(path, "/")...)
		// Drop empty segments between the first and the last: they would
		// make redundant slashes.
		if len(segments) > 2 {
			mid := make([]string, 0, len(segments))
			for _, s := range segments[1 : len(segments)-1] {
				if s != "" {
					mid = append(mid, s)
				}
			}
			segments = append(append([]string{segments[0]}, mid...), segments[len(segments)-1])
		}
	}
	var resolved []string
	for _, seg := range segments {
		switch seg {
		case "..":
			if len(resolved) > 0 {
				resolved = resolved[:len(resolved)-1]
			}
		case ".":
		default:
			resolved = append(resolved, seg)
		}
	}
	if last := segments[len(segments)-1]; last == "." || last == ".." {
		resolved = append(resolved, "")
	}
	p := strings.Join(resolved, "/")
	if p == "" {
		p = "/"
	}
	return pyURLUnparse([6]string{scheme, netloc, p, params, query, fragment}), nil
}

// --- quoting ---

func alwaysSafe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-' || c == '~'
}

// pyQuoteBytes is quote_from_bytes: every byte not always safe and not in
// safe becomes %XX (upper case).
func pyQuoteBytes(b, safe string) string {
	const hex = "0123456789ABCDEF"
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if alwaysSafe(c) || (c < 0x80 && strings.IndexByte(safe, c) >= 0) {
			out.WriteByte(c)
		} else {
			out.WriteByte('%')
			out.WriteByte(hex[c>>4])
			out.WriteByte(hex[c&15])
		}
	}
	return out.String()
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// pyUnquoteToBytes decodes %XX escapes; a % not followed by two hex
// digits stays as it is.
func pyUnquoteToBytes(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|l)
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

// pyDecodeUTF8Replace decodes as Python's bytes.decode("utf-8",
// "replace"): each maximal invalid subsequence becomes one U+FFFD.
func pyDecodeUTF8Replace(b []byte) string {
	var out strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r != utf8.RuneError || n > 1 {
			out.WriteRune(r)
			b = b[n:]
			continue
		}
		// Length of the longest prefix of a valid sequence starting here.
		c := b[0]
		need, lo, hi := 0, byte(0x80), byte(0xBF)
		switch {
		case c >= 0xC2 && c <= 0xDF:
			need = 1
		case c == 0xE0:
			need, lo = 2, 0xA0
		case c >= 0xE1 && c <= 0xEC, c == 0xEE, c == 0xEF:
			need = 2
		case c == 0xED:
			need, hi = 2, 0x9F
		case c == 0xF0:
			need, lo = 3, 0x90
		case c >= 0xF1 && c <= 0xF3:
			need = 3
		case c == 0xF4:
			need, hi = 3, 0x8F
		}
		k := 1
		for k <= need && k < len(b) {
			if k == 1 && (b[k] < lo || b[k] > hi) || k > 1 && (b[k] < 0x80 || b[k] > 0xBF) {
				break
			}
			k++
		}
		out.WriteRune(utf8.RuneError)
		b = b[k:]
	}
	return out.String()
}

// pyUnquote is unquote(s): ASCII runs are percent-decoded and decoded as
// UTF-8 (invalid sequences replaced), other characters kept.
func pyUnquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var out strings.Builder
	for len(s) > 0 {
		i := strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 })
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			out.WriteString(pyDecodeUTF8Replace(pyUnquoteToBytes(s[:i])))
			s = s[i:]
			continue
		}
		j := strings.IndexFunc(s, func(r rune) bool { return r < 0x80 })
		if j < 0 {
			j = len(s)
		}
		out.WriteString(s[:j])
		s = s[j:]
	}
	return out.String()
}

// --- the module's functions ---

func strOrBytes(fn string, v starlark.Value) (string, bool, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), false, nil
	case starlark.Bytes:
		return string(v), true, nil
	}
	return "", false, pyerr.New("TypeError", "%s() argument must be str or bytes, not %s", fn, v.Type())
}

func quoteFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, safe starlark.Value = nil, starlark.String("/")
	var enc, errs starlark.Value = starlark.None, starlark.None
	if err := core.Unpack("quote", args, kwargs, "string", &s, "safe?", &safe, "encoding?", &enc, "errors?", &errs); err != nil {
		return nil, err
	}
	return pyQuoteValue("quote", s, safe)
}

func pyQuoteValue(fn string, s, safe starlark.Value) (starlark.Value, error) {
	str, _, err := strOrBytes(fn, s)
	if err != nil {
		return nil, err
	}
	sf, _, err := strOrBytes(fn, safe)
	if err != nil {
		return nil, err
	}
	return starlark.String(pyQuoteBytes(str, sf)), nil
}

func quotePlusFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, safe starlark.Value = nil, starlark.String("")
	var enc, errs starlark.Value = starlark.None, starlark.None
	if err := core.Unpack("quote_plus", args, kwargs, "string", &s, "safe?", &safe, "encoding?", &enc, "errors?", &errs); err != nil {
		return nil, err
	}
	return pyQuotePlus(s, safe)
}

func pyQuotePlus(s, safe starlark.Value) (starlark.Value, error) {
	str, _, err := strOrBytes("quote_plus", s)
	if err != nil {
		return nil, err
	}
	sf, _, err := strOrBytes("quote_plus", safe)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(str, " ") {
		return starlark.String(pyQuoteBytes(str, sf)), nil
	}
	return starlark.String(strings.ReplaceAll(pyQuoteBytes(str, sf+" "), " ", "+")), nil
}

func unquoteFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	var enc, errs starlark.Value = starlark.None, starlark.None
	if err := core.Unpack("unquote", args, kwargs, "string", &s, "encoding?", &enc, "errors?", &errs); err != nil {
		return nil, err
	}
	str, isBytes, err := strOrBytes("unquote", s)
	if err != nil {
		return nil, err
	}
	if isBytes {
		str = pyDecodeUTF8Replace([]byte(str))
	}
	return starlark.String(pyUnquote(str)), nil
}

// quote_from_bytes(bs, safe="/") is quote for bytes only.
func quoteFromBytesFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var bs, safe starlark.Value = nil, starlark.String("/")
	if err := core.Unpack("quote_from_bytes", args, kwargs, "bs", &bs, "safe?", &safe); err != nil {
		return nil, err
	}
	if _, ok := bs.(starlark.Bytes); !ok {
		return nil, pyerr.New("TypeError", "quote_from_bytes() expected bytes")
	}
	return pyQuoteValue("quote_from_bytes", bs, safe)
}

// unquote_to_bytes(string) decodes %XX escapes to bytes (a str is taken
// as its UTF-8).
func unquoteToBytesFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	if err := core.Unpack("unquote_to_bytes", args, kwargs, "string", &s); err != nil {
		return nil, err
	}
	str, _, err := strOrBytes("unquote_to_bytes", s)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(pyUnquoteToBytes(str)), nil
}

func unquotePlusFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	var enc, errs starlark.Value = starlark.None, starlark.None
	if err := core.Unpack("unquote_plus", args, kwargs, "string", &s, "encoding?", &enc, "errors?", &errs); err != nil {
		return nil, err
	}
	return starlark.String(pyUnquote(strings.ReplaceAll(s, "+", " "))), nil
}

// pyStr is str(v) as Python prints it for urlencode: strings as they are.
func pyStr(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return pyfmt.Str(v)
}

// urlencode(query, doseq=False, safe=”, encoding=None, errors=None,
// quote_via=quote_plus)
func urlencodeFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var query starlark.Value
	var doseq bool
	var safe starlark.Value = starlark.String("")
	var enc, errs, via starlark.Value = starlark.None, starlark.None, starlark.None
	if err := core.Unpack("urlencode", args, kwargs, "query", &query, "doseq?", &doseq, "safe?", &safe,
		"encoding?", &enc, "errors?", &errs, "quote_via?", &via); err != nil {
		return nil, err
	}
	quote := func(v starlark.Value) (string, error) {
		if _, ok := v.(starlark.Bytes); !ok {
			v = starlark.String(pyStr(v))
		}
		var r starlark.Value
		var err error
		if via == starlark.None {
			r, err = pyQuotePlus(v, safe)
		} else {
			r, err = starlark.Call(thread, via, starlark.Tuple{v, safe}, nil)
		}
		if err != nil {
			return "", err
		}
		return pyStr(r), nil
	}
	var pairs [][2]starlark.Value
	switch q := query.(type) {
	case *starlark.Dict:
		for _, kv := range q.Items() {
			pairs = append(pairs, [2]starlark.Value{kv[0], kv[1]})
		}
	default:
		iter := starlark.Iterate(query)
		if iter == nil {
			return nil, pyerr.New("TypeError", "not a valid non-string sequence or mapping object")
		}
		defer iter.Done()
		var x starlark.Value
		for iter.Next(&x) {
			t, ok := x.(starlark.Tuple)
			if !ok {
				if l, ok2 := x.(*starlark.List); ok2 {
					t = make(starlark.Tuple, l.Len())
					for i := range t {
						t[i] = l.Index(i)
					}
					ok = true
				}
			}
			if !ok || len(t) != 2 {
				return nil, pyerr.New("TypeError", "not a valid non-string sequence or mapping object")
			}
			pairs = append(pairs, [2]starlark.Value{t[0], t[1]})
		}
	}
	var parts []string
	for _, kv := range pairs {
		k, err := quote(kv[0])
		if err != nil {
			return nil, err
		}
		_, isStr := kv[1].(starlark.String)
		_, isBytes := kv[1].(starlark.Bytes)
		seq, isSeq := kv[1].(starlark.Iterable)
		if !doseq || isStr || isBytes || !isSeq {
			v, err := quote(kv[1])
			if err != nil {
				return nil, err
			}
			parts = append(parts, k+"="+v)
			continue
		}
		iter := seq.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			v, err := quote(x)
			if err != nil {
				iter.Done()
				return nil, err
			}
			parts = append(parts, k+"="+v)
		}
		iter.Done()
	}
	return starlark.String(strings.Join(parts, "&")), nil
}

// parse_qsl(qs, keep_blank_values=False, strict_parsing=False,
// encoding='utf-8', errors='replace', max_num_fields=None, separator='&')
func pyParseQsl(fn string, args starlark.Tuple, kwargs []starlark.Tuple) ([][2]string, error) {
	var qs starlark.Value
	var keep, strict bool
	var enc, errs, maxFields starlark.Value = starlark.None, starlark.None, starlark.None
	sep := "&"
	if err := core.Unpack(fn, args, kwargs, "qs", &qs, "keep_blank_values?", &keep, "strict_parsing?", &strict,
		"encoding?", &enc, "errors?", &errs, "max_num_fields?", &maxFields, "separator?", &sep); err != nil {
		return nil, err
	}
	s, _, err := strOrBytes(fn, qs)
	if err != nil {
		return nil, err
	}
	if sep == "" {
		return nil, pyerr.New("ValueError", "Separator must be of type string or bytes.")
	}
	if s == "" {
		return nil, nil
	}
	if maxFields != starlark.None {
		var m int
		if err := starlark.AsInt(maxFields, &m); err == nil && 1+strings.Count(s, sep) > m {
			return nil, pyerr.New("ValueError", "Max number of fields exceeded")
		}
	}
	var out [][2]string
	for _, nv := range strings.Split(s, sep) {
		if nv == "" && !strict {
			continue
		}
		name, value, found := strings.Cut(nv, "=")
		if !found {
			if strict {
				return nil, pyerr.New("ValueError", "bad query field: %s", starlark.String(nv).String())
			}
			if !keep {
				continue
			}
		}
		if value != "" || keep {
			out = append(out, [2]string{pyUnquote(strings.ReplaceAll(name, "+", " ")), pyUnquote(strings.ReplaceAll(value, "+", " "))})
		}
	}
	return out, nil
}

func parseQslFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pairs, err := pyParseQsl("parse_qsl", args, kwargs)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, len(pairs))
	for i, p := range pairs {
		out[i] = starlark.Tuple{starlark.String(p[0]), starlark.String(p[1])}
	}
	return starlark.NewList(out), nil
}

func parseQsFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pairs, err := pyParseQsl("parse_qs", args, kwargs)
	if err != nil {
		return nil, err
	}
	d := starlark.NewDict(len(pairs))
	for _, p := range pairs {
		k := starlark.String(p[0])
		v, found, _ := d.Get(k)
		if !found {
			v = starlark.NewList(nil)
			_ = d.SetKey(k, v)
		}
		_ = v.(*starlark.List).Append(starlark.String(p[1]))
	}
	return d, nil
}

func urlSplitArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (string, string, bool, error) {
	var url string
	scheme := ""
	allow := true
	if err := core.Unpack(fn, args, kwargs, "urlstring", &url, "scheme?", &scheme, "allow_fragments?", &allow); err != nil {
		return "", "", false, err
	}
	return url, scheme, allow, nil
}

func urlparseFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	url, scheme, allow, err := urlSplitArgs("urlparse", args, kwargs)
	if err != nil {
		return nil, err
	}
	p, err := pyURLParse(url, scheme, allow)
	if err != nil {
		return nil, err
	}
	return &urlResult{kind: "ParseResult", names: parseResultNames, vals: p[:]}, nil
}

func urlsplitFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	url, scheme, allow, err := urlSplitArgs("urlsplit", args, kwargs)
	if err != nil {
		return nil, err
	}
	p, err := pyURLSplit(url, scheme, allow)
	if err != nil {
		return nil, err
	}
	return &urlResult{kind: "SplitResult", names: splitResultNames, vals: p[:]}, nil
}

// components reads an iterable of n str.
func components(fn string, v starlark.Value, n int) ([]string, error) {
	iter := starlark.Iterate(v)
	if iter == nil {
		return nil, pyerr.New("TypeError", "%s() argument must be a sequence of %d str", fn, n)
	}
	defer iter.Done()
	var out []string
	var x starlark.Value
	for iter.Next(&x) {
		s, ok := x.(starlark.String)
		if !ok {
			return nil, pyerr.New("TypeError", "%s() components must be str, not %s", fn, x.Type())
		}
		out = append(out, string(s))
	}
	if len(out) != n {
		return nil, pyerr.New("ValueError", "not enough values to unpack (expected %d, got %d)", n, len(out))
	}
	return out, nil
}

func urlunparseFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var parts starlark.Value
	if err := core.Unpack("urlunparse", args, kwargs, "components", &parts); err != nil {
		return nil, err
	}
	c, err := components("urlunparse", parts, 6)
	if err != nil {
		return nil, err
	}
	return starlark.String(pyURLUnparse([6]string(c))), nil
}

func urlunsplitFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var parts starlark.Value
	if err := core.Unpack("urlunsplit", args, kwargs, "components", &parts); err != nil {
		return nil, err
	}
	c, err := components("urlunsplit", parts, 5)
	if err != nil {
		return nil, err
	}
	return starlark.String(pyURLUnsplit([5]string(c))), nil
}

func urljoinFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var base, url string
	allow := true
	if err := core.Unpack("urljoin", args, kwargs, "base", &base, "url", &url, "allow_fragments?", &allow); err != nil {
		return nil, err
	}
	s, err := pyURLJoin(base, url, allow)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

var (
	parseResultNames = []string{"scheme", "netloc", "path", "params", "query", "fragment"}
	splitResultNames = []string{"scheme", "netloc", "path", "query", "fragment"}
)

// urlResult is ParseResult / SplitResult: a tuple of str with names, and
// username, password, hostname, port and geturl() computed from netloc.
type urlResult struct {
	kind  string
	names []string
	vals  []string
}

var (
	_ starlark.Indexable  = (*urlResult)(nil)
	_ starlark.Sequence   = (*urlResult)(nil)
	_ starlark.HasAttrs   = (*urlResult)(nil)
	_ starlark.Comparable = (*urlResult)(nil)
)

func (r *urlResult) String() string {
	var b strings.Builder
	b.WriteString(r.kind + "(")
	for i, n := range r.names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n + "=" + starlark.String(r.vals[i]).String())
	}
	b.WriteString(")")
	return b.String()
}
func (r *urlResult) Type() string         { return r.kind }
func (r *urlResult) Freeze()              {}
func (r *urlResult) Truth() starlark.Bool { return true }
func (r *urlResult) tuple() starlark.Tuple {
	t := make(starlark.Tuple, len(r.vals))
	for i, v := range r.vals {
		t[i] = starlark.String(v)
	}
	return t
}
func (r *urlResult) Hash() (uint32, error)      { return r.tuple().Hash() }
func (r *urlResult) Len() int                   { return len(r.vals) }
func (r *urlResult) Index(i int) starlark.Value { return starlark.String(r.vals[i]) }
func (r *urlResult) Iterate() starlark.Iterator { return r.tuple().Iterate() }
func (r *urlResult) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.Compare(op, r.tuple(), y.(*urlResult).tuple())
}

func (r *urlResult) AttrNames() []string {
	return append(slices.Clone(r.names), "geturl", "hostname", "password", "port", "username")
}

func (r *urlResult) netloc() string { return r.vals[1] }

// hostinfo is (hostname, port) from netloc, as Python's _hostinfo.
func (r *urlResult) hostinfo() (string, string, bool) {
	n := r.netloc()
	if i := strings.LastIndexByte(n, '@'); i >= 0 {
		n = n[i+1:]
	}
	if _, br, ok := strings.Cut(n, "["); ok {
		host, rest, _ := strings.Cut(br, "]")
		_, port, hasPort := strings.Cut(rest, ":")
		return host, port, hasPort && port != ""
	}
	host, port, hasPort := strings.Cut(n, ":")
	return host, port, hasPort && port != ""
}

func (r *urlResult) Attr(name string) (starlark.Value, error) {
	if i := slices.Index(r.names, name); i >= 0 {
		return starlark.String(r.vals[i]), nil
	}
	switch name {
	case "username", "password":
		n := r.netloc()
		i := strings.LastIndexByte(n, '@')
		if i < 0 {
			return starlark.None, nil
		}
		user, pass, hasPass := strings.Cut(n[:i], ":")
		if name == "username" {
			return starlark.String(user), nil
		}
		if !hasPass {
			return starlark.None, nil
		}
		return starlark.String(pass), nil
	case "hostname":
		host, _, _ := r.hostinfo()
		if host == "" {
			return starlark.None, nil
		}
		h, zone, pct := strings.Cut(host, "%")
		if pct {
			return starlark.String(strings.ToLower(h) + "%" + zone), nil
		}
		return starlark.String(strings.ToLower(h)), nil
	case "port":
		_, port, ok := r.hostinfo()
		if !ok {
			return starlark.None, nil
		}
		for i := 0; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return nil, pyerr.New("ValueError", "Port could not be cast to integer value as %s", core.PlainQuote(port))
			}
		}
		n, err := strconv.Atoi(port)
		if err != nil || n > 65535 {
			return nil, pyerr.New("ValueError", "Port out of range 0-65535")
		}
		return starlark.MakeInt(n), nil
	case "geturl":
		return starlark.NewBuiltin("geturl", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack("geturl", args, kwargs); err != nil {
				return nil, err
			}
			if len(r.vals) == 6 {
				return starlark.String(pyURLUnparse([6]string(r.vals))), nil
			}
			return starlark.String(pyURLUnsplit([5]string(r.vals))), nil
		}), nil
	}
	return nil, nil
}
