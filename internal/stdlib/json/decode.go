package json

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// jsonErrKind is the class json.loads errors have (a ValueError subclass
// in Python).
const jsonErrKind = "JSONDecodeError"

const (
	// jsonMaxDepth is how deeply arrays and objects may nest, like
	// Python's recursion limit (RecursionError beyond it).
	jsonMaxDepth = 1000
	// jsonMaxDigits is Python's int max_str_digits: longer integers are
	// refused, since converting them costs quadratic time.
	jsonMaxDigits = 4300
)

// loads(s) -> value: s is a str or bytes (UTF-8; a BOM is skipped in
// bytes). Objects become dicts (in document order), arrays lists.
func jsonLoads(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "s", &s); err != nil {
		return nil, err
	}
	var doc string
	switch v := s.(type) {
	case starlark.String:
		doc = string(v)
		if strings.HasPrefix(doc, "\ufeff") {
			return nil, jsonError(doc, 0, "Unexpected UTF-8 BOM (decode using utf-8-sig)")
		}
	case starlark.Bytes:
		doc = strings.TrimPrefix(string(v), "\ufeff")
	default:
		return nil, pyerr.New("TypeError", "the JSON object must be str or bytes, not %s", s.Type())
	}
	d := &jsonDecoder{s: doc}
	d.skipSpace()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.i != len(d.s) {
		return nil, d.errorf("Extra data")
	}
	return v, nil
}

type jsonDecoder struct {
	s string
	i int
}

// jsonError formats an error as Python does: "msg: line L column C (char N)",
// counting characters, not bytes.
func jsonError(doc string, pos int, msg string) error {
	line := strings.Count(doc[:pos], "\n") + 1
	col := utf8.RuneCountInString(doc[strings.LastIndexByte(doc[:pos], '\n')+1:pos]) + 1
	return pyerr.New(jsonErrKind, "%s: line %d column %d (char %d)", msg, line, col, utf8.RuneCountInString(doc[:pos]))
}

func (d *jsonDecoder) errorf(msg string) error { return jsonError(d.s, d.i, msg) }

func (d *jsonDecoder) skipSpace() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// value decodes one value at d.i (no leading space).
func (d *jsonDecoder) value(depth int) (starlark.Value, error) {
	if d.i >= len(d.s) {
		return nil, d.errorf("Expecting value")
	}
	switch c := d.s[d.i]; {
	case c == '"':
		s, err := d.str()
		return starlark.String(s), err
	case c == '{' || c == '[':
		if depth >= jsonMaxDepth {
			return nil, pyerr.New("RecursionError", "maximum recursion depth exceeded while decoding a JSON document")
		}
		if c == '{' {
			return d.object(depth + 1)
		}
		return d.array(depth + 1)
	case c == '-' || ('0' <= c && c <= '9'):
		if strings.HasPrefix(d.s[d.i:], "-Infinity") {
			d.i += len("-Infinity")
			return starlark.Float(math.Inf(-1)), nil
		}
		return d.number()
	}
	for _, lit := range []struct {
		text string
		v    starlark.Value
	}{
		{"null", starlark.None}, {"true", starlark.True}, {"false", starlark.False},
		{"NaN", starlark.Float(math.NaN())}, {"Infinity", starlark.Float(math.Inf(1))},
	} {
		if strings.HasPrefix(d.s[d.i:], lit.text) {
			d.i += len(lit.text)
			return lit.v, nil
		}
	}
	return nil, d.errorf("Expecting value")
}

// number matches -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?; without a
// fraction or exponent it is an int.
func (d *jsonDecoder) number() (starlark.Value, error) {
	start := d.i
	digits := func() int {
		n := 0
		for d.i < len(d.s) && '0' <= d.s[d.i] && d.s[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.s[d.i] == '-' {
		d.i++
	}
	if d.i < len(d.s) && d.s[d.i] == '0' {
		d.i++
	} else if digits() == 0 {
		d.i = start
		return nil, d.errorf("Expecting value")
	}
	isFloat := false
	if d.i+1 < len(d.s) && d.s[d.i] == '.' && '0' <= d.s[d.i+1] && d.s[d.i+1] <= '9' {
		d.i++
		digits()
		isFloat = true
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		save := d.i
		d.i++
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			d.i = save // not an exponent: "Extra data" follows
		} else {
			isFloat = true
		}
	}
	text := d.s[start:d.i]
	if isFloat {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && !isRangeErr(err) {
			return nil, jsonError(d.s, start, "Expecting value")
		}
		return starlark.Float(f), nil // out of range: ±inf or 0, as Python
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return starlark.MakeInt64(n), nil
	}
	if len(strings.TrimPrefix(text, "-")) > jsonMaxDigits {
		return nil, pyerr.New("ValueError", "Exceeds the limit (%d digits) for integer string conversion: value has %d digits", jsonMaxDigits, len(strings.TrimPrefix(text, "-")))
	}
	n, _ := new(big.Int).SetString(text, 10)
	return starlark.MakeBigInt(n), nil
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// str decodes a string literal at d.i (on the opening quote).
func (d *jsonDecoder) str() (string, error) {
	begin := d.i
	d.i++
	var out []byte
	chunk := d.i
	for {
		if d.i >= len(d.s) {
			return "", jsonError(d.s, begin, "Unterminated string starting at")
		}
		c := d.s[d.i]
		switch {
		case c == '"':
			out = append(out, d.s[chunk:d.i]...)
			d.i++
			return string(out), nil
		case c < 0x20:
			return "", d.errorf("Invalid control character at")
		case c != '\\':
			d.i++
			continue
		}
		out = append(out, d.s[chunk:d.i]...)
		if d.i+1 >= len(d.s) {
			return "", jsonError(d.s, begin, "Unterminated string starting at")
		}
		esc := d.s[d.i+1]
		if simple, ok := jsonEscapes[esc]; ok {
			out = append(out, simple)
			d.i += 2
			chunk = d.i
			continue
		}
		if esc != 'u' {
			return "", d.errorf("Invalid \\escape")
		}
		r, ok := d.hex4(d.i + 2)
		if !ok {
			return "", jsonError(d.s, d.i+1, "Invalid \\uXXXX escape")
		}
		d.i += 6
		if utf16.IsSurrogate(r) && r < 0xdc00 && strings.HasPrefix(d.s[d.i:], "\\u") {
			if r2, ok := d.hex4(d.i + 2); ok && 0xdc00 <= r2 && r2 < 0xe000 {
				r = utf16.DecodeRune(r, r2)
				d.i += 6
			}
		}
		out = utf8.AppendRune(out, r) // a lone surrogate becomes U+FFFD
		chunk = d.i
	}
}

var jsonEscapes = map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

func (d *jsonDecoder) hex4(at int) (rune, bool) {
	if at+4 > len(d.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(d.s[at:at+4], 16, 32)
	return rune(n), err == nil
}

func (d *jsonDecoder) object(depth int) (starlark.Value, error) {
	d.i++ // {
	dict := starlark.NewDict(0)
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		return dict, nil
	}
	for {
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return nil, d.errorf("Expecting property name enclosed in double quotes")
		}
		key, err := d.str()
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return nil, d.errorf("Expecting ':' delimiter")
		}
		d.i++
		d.skipSpace()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		if err := dict.SetKey(starlark.String(key), v); err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.i < len(d.s) && d.s[d.i] == '}' {
			d.i++
			return dict, nil
		}
		if d.i >= len(d.s) || d.s[d.i] != ',' {
			return nil, d.errorf("Expecting ',' delimiter")
		}
		d.i++
		d.skipSpace()
	}
}

func (d *jsonDecoder) array(depth int) (starlark.Value, error) {
	d.i++ // [
	var elems []starlark.Value
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		return starlark.NewList(elems), nil
	}
	for {
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		elems = append(elems, v)
		d.skipSpace()
		if d.i < len(d.s) && d.s[d.i] == ']' {
			d.i++
			return starlark.NewList(elems), nil
		}
		if d.i >= len(d.s) || d.s[d.i] != ',' {
			return nil, d.errorf("Expecting ',' delimiter")
		}
		d.i++
		d.skipSpace()
	}
}
