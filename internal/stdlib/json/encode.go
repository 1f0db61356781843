// Package json is Python's json module (dumps and loads), with Python's
// output byte for byte and its error classes and messages. It works on
// values in memory only, so it raises no audit event.
//
// It is written here rather than taken from go.starlark.net/lib/json,
// whose encode sorts keys and omits the spaces Python puts after , and :,
// so its output differs from what a ported script (or its consumer)
// expects byte for byte.
package json

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Module returns the json module.
func Module() *starlarkstruct.Module {
	return core.Module("json", map[string]core.Func{
		"dumps": jsonDumps,
		"loads": jsonLoads,
	}, nil)
}

type jsonEncoder struct {
	buf         []byte
	indent      *string // nil: one line
	itemSep     string
	keySep      string
	sortKeys    bool
	ensureASCII bool
	seen        []starlark.Value // containers being encoded, for cycles
}

// dumps(obj, *, indent=None, sort_keys=False, separators=None, ensure_ascii=True) -> str
func jsonDumps(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	var indent, separators starlark.Value = starlark.None, starlark.None
	e := &jsonEncoder{ensureASCII: true}
	if err := core.Unpack(b.Name(), args, kwargs, "obj", &obj, "indent?", &indent,
		"sort_keys?", &e.sortKeys, "separators?", &separators, "ensure_ascii?", &e.ensureASCII); err != nil {
		return nil, err
	}
	e.itemSep, e.keySep = ", ", ": "
	switch v := indent.(type) {
	case starlark.NoneType:
	case starlark.Int:
		n, ok := v.Int64()
		if !ok || n > 1<<16 {
			return nil, pyerr.New("ValueError", "json.dumps() indent %s is too large", v)
		}
		s := strings.Repeat(" ", int(max(n, 0)))
		e.indent = &s
	case starlark.String:
		s := string(v)
		e.indent = &s
	default:
		return nil, pyerr.New("TypeError", "json.dumps() indent must be None, an int or a str, not %s", indent.Type())
	}
	if e.indent != nil {
		e.itemSep = ","
	}
	if separators != starlark.None {
		var seq starlark.Indexable
		switch v := separators.(type) {
		case starlark.Tuple:
			seq = v
		case *starlark.List:
			seq = v
		}
		if seq == nil || seq.Len() != 2 {
			return nil, pyerr.New("TypeError", "json.dumps() separators must be an (item_separator, key_separator) pair")
		}
		item, ok1 := seq.Index(0).(starlark.String)
		key, ok2 := seq.Index(1).(starlark.String)
		if !ok1 || !ok2 {
			return nil, pyerr.New("TypeError", "json.dumps() separators must be strings")
		}
		e.itemSep, e.keySep = string(item), string(key)
	}
	if err := e.encode(obj, 0); err != nil {
		return nil, err
	}
	return starlark.String(e.buf), nil
}

func (e *jsonEncoder) newline(level int) {
	if e.indent == nil {
		return
	}
	e.buf = append(e.buf, '\n')
	for range level {
		e.buf = append(e.buf, *e.indent...)
	}
}

func (e *jsonEncoder) encode(v starlark.Value, level int) error {
	switch v := v.(type) {
	case starlark.NoneType:
		e.buf = append(e.buf, "null"...)
	case starlark.Bool:
		e.buf = strconv.AppendBool(e.buf, bool(v))
	case starlark.Int:
		e.buf = append(e.buf, v.String()...)
	case starlark.Float:
		e.buf = append(e.buf, jsonFloat(float64(v))...)
	case starlark.String:
		e.buf = appendPyJSONString(e.buf, string(v), e.ensureASCII)
	case starlark.Tuple, *starlark.List, *starlark.Dict:
		if level >= jsonMaxDepth {
			// As Python's recursion limit; also bounds the cycle check.
			return pyerr.New("RecursionError", "maximum recursion depth exceeded while encoding a JSON object")
		}
		// Only a list or a dict can close a cycle (a tuple is immutable),
		// and only they compare by identity: == on a Tuple, a slice,
		// panics.
		if _, isTuple := v.(starlark.Tuple); !isTuple {
			if slices.Contains(e.seen, v) {
				return pyerr.New("ValueError", "Circular reference detected")
			}
			e.seen = append(e.seen, v)
			defer func() { e.seen = e.seen[:len(e.seen)-1] }()
		}
		if d, ok := v.(*starlark.Dict); ok {
			return e.encodeDict(d, level)
		}
		return e.encodeArray(v.(starlark.Indexable), level)
	default:
		return pyerr.New("TypeError", "Object of type %s is not JSON serializable", v.Type())
	}
	return nil
}

func (e *jsonEncoder) encodeArray(a starlark.Indexable, level int) error {
	if a.Len() == 0 {
		e.buf = append(e.buf, "[]"...)
		return nil
	}
	e.buf = append(e.buf, '[')
	for i := 0; i < a.Len(); i++ {
		if i > 0 {
			e.buf = append(e.buf, e.itemSep...)
		}
		e.newline(level + 1)
		if err := e.encode(a.Index(i), level+1); err != nil {
			return err
		}
	}
	e.newline(level)
	e.buf = append(e.buf, ']')
	return nil
}

func (e *jsonEncoder) encodeDict(d *starlark.Dict, level int) error {
	items := d.Items()
	if len(items) == 0 {
		e.buf = append(e.buf, "{}"...)
		return nil
	}
	if e.sortKeys {
		var cmpErr error
		slices.SortStableFunc(items, func(a, b starlark.Tuple) int {
			lt, err := starlark.Compare(syntax.LT, a[0], b[0])
			if err != nil && cmpErr == nil {
				cmpErr = pyerr.New("TypeError", "json.dumps() sort_keys: %v", err)
			}
			if lt {
				return -1
			}
			if gt, _ := starlark.Compare(syntax.LT, b[0], a[0]); gt {
				return 1
			}
			return 0
		})
		if cmpErr != nil {
			return cmpErr
		}
	}
	e.buf = append(e.buf, '{')
	for i, kv := range items {
		var key string
		switch k := kv[0].(type) {
		case starlark.String:
			key = string(k)
		case starlark.Bool:
			key = strconv.FormatBool(bool(k))
		case starlark.Int:
			key = k.String()
		case starlark.Float:
			key = jsonFloat(float64(k))
		case starlark.NoneType:
			key = "null"
		default:
			return pyerr.New("TypeError", "keys must be str, int, float, bool or None, not %s", k.Type())
		}
		if i > 0 {
			e.buf = append(e.buf, e.itemSep...)
		}
		e.newline(level + 1)
		e.buf = appendPyJSONString(e.buf, key, e.ensureASCII)
		e.buf = append(e.buf, e.keySep...)
		if err := e.encode(kv[1], level+1); err != nil {
			return err
		}
	}
	e.newline(level)
	e.buf = append(e.buf, '}')
	return nil
}

// jsonFloat renders f as Python's json does: float repr, and the
// JavaScript names for non-finite values (allow_nan=True).
func jsonFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return core.FloatRepr(f)
}

const hexLower = "0123456789abcdef"

// appendPyJSONString quotes s as Python's json.dumps does: with
// ensure_ascii, everything outside printable ASCII becomes \uXXXX
// (surrogate pairs above U+FFFF); without, only " \ and control
// characters are escaped. Invalid UTF-8 becomes U+FFFD.
func appendPyJSONString(dst []byte, s string, ensureASCII bool) []byte {
	dst = append(dst, '"')
	u := func(r rune) {
		dst = append(dst, '\\', 'u', hexLower[r>>12&0xf], hexLower[r>>8&0xf], hexLower[r>>4&0xf], hexLower[r&0xf])
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				if c < 0x20 || (c == 0x7f && ensureASCII) {
					u(rune(c))
				} else {
					dst = append(dst, c)
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case !ensureASCII:
			dst = utf8.AppendRune(dst, r) // RuneError for invalid bytes
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			u(r1)
			u(r2)
		default:
			u(r)
		}
	}
	return append(dst, '"')
}
