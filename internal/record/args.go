package record

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"go.starlark.net/starlark"
)

const (
	// MaxValue is the longest str or bytes value (and the longest rendering
	// of a list, tuple or dict) logged whole.
	MaxValue = 64 << 10
	// MaxSource is the longest dynamic code source logged whole.
	MaxSource = 1 << 20
	// HeadSize is how much of a truncated value is kept.
	HeadSize = 4 << 10
	// maxDepth bounds nesting; deeper values (and cycles) are rendered as repr.
	maxDepth = 16
)

// sourceEvents carry code as their first argument: it is logged as text up
// to MaxSource, bytes decoded as UTF-8, so a decoded payload is readable.
// Data for a child's stdin (spython.subprocess_input) is code when the
// child is a shell or an interpreter (spec amendment 7).
func isSourceEvent(event string) bool {
	return event == "compile" || event == "exec" || event == "spython.subprocess_input"
}

// AppendArgs appends the JSON array rendering of an event's arguments.
func AppendArgs(dst []byte, event string, args starlark.Tuple) []byte {
	dst = append(dst, '[')
	for i, v := range args {
		if i > 0 {
			dst = append(dst, ',')
		}
		if i == 0 && isSourceEvent(event) {
			dst = appendSource(dst, v)
			continue
		}
		dst = AppendValue(dst, v)
	}
	return append(dst, ']')
}

func appendSource(dst []byte, v starlark.Value) []byte {
	var s string
	switch v := v.(type) {
	case starlark.String:
		s = string(v)
	case starlark.Bytes:
		s = string(v)
	default:
		return AppendValue(dst, v)
	}
	if len(s) > MaxSource {
		return appendTruncated(dst, s, false)
	}
	return AppendString(dst, s)
}

// AppendValue appends the JSON rendering of one Starlark value (spec §5.1).
func AppendValue(dst []byte, v starlark.Value) []byte {
	var r renderer
	return r.value(dst, v, 0)
}

// MaxRender bounds the work spent rendering one argument: the bytes
// rendered, counting those of nested values later replaced by their
// truncated form, plus one per value. A value whose rendering would cost
// more (a list that shares sub-lists, or contains itself, can be
// exponentially larger rendered than in memory) is abandoned and logged in
// the truncated form, marked "incomplete".
const MaxRender = 4 << 20

// renderer carries the budget of one top-level argument. Once the budget
// is spent, every level returns at once, so rendering stays linear in
// MaxRender whatever the value's shape.
type renderer struct {
	work      int
	exhausted bool
}

func (r *renderer) value(dst []byte, v starlark.Value, depth int) []byte {
	if r.exhausted || r.work > MaxRender {
		r.exhausted = true
		return dst
	}
	r.work++
	if _, ok := v.(starlark.Tuple); ok {
		return r.container(dst, v, depth)
	}
	switch v.(type) {
	case *starlark.List, *starlark.Dict:
		return r.container(dst, v, depth)
	}
	before := len(dst)
	dst = appendLeaf(dst, v)
	r.work += len(dst) - before
	return dst
}

// appendLeaf renders a value that is not a container.
func appendLeaf(dst []byte, v starlark.Value) []byte {
	switch v := v.(type) {
	case starlark.NoneType:
		return append(dst, "null"...)
	case starlark.Bool:
		return strconv.AppendBool(dst, bool(v))
	case starlark.Int:
		if i, ok := v.Int64(); ok && i <= 1<<53 && i >= -(1<<53) {
			return strconv.AppendInt(dst, i, 10)
		}
		dst = append(dst, '"')
		dst = append(dst, v.String()...)
		return append(dst, '"')
	case starlark.Float:
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return AppendString(dst, v.String())
		}
		return strconv.AppendFloat(dst, f, 'g', -1, 64)
	case starlark.String:
		if len(v) > MaxValue {
			return appendTruncated(dst, string(v), false)
		}
		return AppendString(dst, string(v))
	case starlark.Bytes:
		if len(v) > MaxValue {
			return appendTruncated(dst, string(v), true)
		}
		return appendBytes(dst, string(v))
	}
	return AppendString(dst, v.String())
}

func (r *renderer) tuple(dst []byte, t starlark.Tuple, depth int) []byte {
	dst = append(dst, '[')
	for i, x := range t {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst = r.value(dst, x, depth+1); r.exhausted {
			return dst
		}
	}
	return append(dst, ']')
}

func (r *renderer) list(dst []byte, l *starlark.List, depth int) []byte {
	dst = append(dst, '[')
	for i := 0; i < l.Len(); i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst = r.value(dst, l.Index(i), depth+1); r.exhausted {
			return dst
		}
	}
	return append(dst, ']')
}

func (r *renderer) dict(dst []byte, d *starlark.Dict, depth int) []byte {
	dst = append(dst, '{')
	items := d.Items()
	keys := dictKeys(items)
	for i, item := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		if keys == nil {
			dst = AppendString(dst, string(item[0].(starlark.String)))
		} else {
			dst = AppendString(dst, keys[i])
		}
		dst = append(dst, ':')
		if dst = r.value(dst, item[1], depth+1); r.exhausted {
			return dst
		}
	}
	return append(dst, '}')
}

// dictKeys returns nil when every key is a str of valid UTF-8: distinct
// keys then render as distinct JSON names, verbatim. Otherwise (a bytes key
// in a subprocess env, an int key) every key is rendered as its repr, so a
// str key can never collide with a non-str one ('"A"' vs 'b"A"'), and a
// repr shared by two distinct keys gets " #2", " #3"… until unique. The
// names are compared after invalid UTF-8 is replaced, as the JSON will
// show them: no record ever carries a duplicate JSON name.
func dictKeys(items []starlark.Tuple) []string {
	plain := true
	for _, item := range items {
		if k, ok := item[0].(starlark.String); !ok || !utf8.ValidString(string(k)) {
			plain = false
			break
		}
	}
	if plain {
		return nil
	}
	keys := make([]string, len(items))
	seen := make(map[string]bool, len(items))
	for i, item := range items {
		base := strings.ToValidUTF8(item[0].String(), "\uFFFD")
		k := base
		for n := 2; seen[k]; n++ {
			k = base + " #" + strconv.Itoa(n)
		}
		seen[k] = true
		keys[i] = k
	}
	return keys
}

// container renders a container, falling back to repr when nested too
// deep and to the truncated form when its rendering exceeds MaxValue. The
// top-level container (depth 0) also turns an abandoned rendering into the
// truncated form, marked incomplete.
func (r *renderer) container(dst []byte, v starlark.Value, depth int) []byte {
	if depth >= maxDepth {
		return AppendString(dst, "<nested too deep>")
	}
	start := len(dst)
	switch v := v.(type) {
	case starlark.Tuple:
		dst = r.tuple(dst, v, depth)
	case *starlark.List:
		dst = r.list(dst, v, depth)
	case *starlark.Dict:
		dst = r.dict(dst, v, depth)
	}
	if r.exhausted {
		if depth > 0 {
			return dst // the top level replaces the whole value
		}
		r.exhausted = false
		rendered := string(dst[start:])
		dst = appendTruncated(dst[:start], rendered, false)
		return append(dst[:len(dst)-1], `,"incomplete":true}`...)
	}
	if len(dst)-start <= MaxValue {
		return dst
	}
	rendered := string(dst[start:])
	return appendTruncated(dst[:start], rendered, false)
}

func appendTruncated(dst []byte, s string, isBytes bool) []byte {
	sum := sha256.Sum256([]byte(s))
	dst = append(dst, `{"truncated":true,"length":`...)
	dst = strconv.AppendInt(dst, int64(len(s)), 10)
	dst = append(dst, `,"sha256":"`...)
	dst = hex.AppendEncode(dst, sum[:])
	dst = append(dst, `","head":`...)
	head := s[:HeadSize]
	if isBytes {
		dst = appendBytes(dst, head)
	} else {
		// Cut at a rune boundary so the head stays valid UTF-8.
		for n := 0; n < utf8.UTFMax && !utf8.RuneStart(s[len(head)]) && len(head) > 0; n++ {
			head = head[:len(head)-1]
		}
		dst = AppendString(dst, head)
	}
	return append(dst, '}')
}

func appendBytes(dst []byte, b string) []byte {
	dst = append(dst, `{"bytes_b64":"`...)
	dst = base64.StdEncoding.AppendEncode(dst, []byte(b))
	return append(dst, `"}`...)
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD and
// every control character is escaped, so a value can never end a line or
// forge a field.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\u202`...)
			dst = append(dst, hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// MaxArgsText bounds spython.args_text.
const MaxArgsText = 8 << 10

// AppendArgsText appends the searchable text rendering of an event's
// arguments (spython.args_text, unescaped): the leaf values separated by
// spaces, str as it is, bytes decoded as UTF-8, dict items as key=value,
// other values as their repr; at most MaxArgsText bytes, a cut marked by
// a final " …". It exists for search engines that cannot index
// spython.args itself (mixed-type arrays, script-chosen object keys).
func AppendArgsText(dst []byte, args starlark.Tuple) []byte {
	start := len(dst)
	for i, v := range args {
		dst = appendText(dst, start, v, 0, i > 0)
		if len(dst)-start >= MaxArgsText {
			break
		}
	}
	if len(dst)-start > MaxArgsText {
		cut := start + MaxArgsText
		for cut > start && !utf8.RuneStart(dst[cut]) {
			cut--
		}
		dst = append(dst[:cut], " …"...)
	}
	return dst
}

// appendText appends v's text; sep says whether a space goes before it.
func appendText(dst []byte, start int, v starlark.Value, depth int, sep bool) []byte {
	if len(dst)-start > MaxArgsText {
		return dst
	}
	if sep && len(dst) > start {
		dst = append(dst, ' ')
	}
	room := MaxArgsText + 1 - (len(dst) - start)
	switch v := v.(type) {
	case starlark.String:
		return append(dst, clip(string(v), room)...)
	case starlark.Bytes:
		return append(dst, clip(string(v), room)...)
	case starlark.Int:
		if i, ok := v.Int64(); ok {
			return strconv.AppendInt(dst, i, 10)
		}
	case starlark.NoneType:
		return append(dst, "None"...)
	case starlark.Bool:
		if v {
			return append(dst, "True"...)
		}
		return append(dst, "False"...)
	case starlark.Tuple:
		if depth < maxDepth {
			for i, x := range v {
				dst = appendText(dst, start, x, depth+1, i > 0)
			}
			return dst
		}
	case *starlark.List:
		if depth < maxDepth {
			for i := 0; i < v.Len(); i++ {
				dst = appendText(dst, start, v.Index(i), depth+1, i > 0)
			}
			return dst
		}
	case *starlark.Dict:
		if depth < maxDepth {
			for i, item := range v.Items() {
				dst = appendText(dst, start, item[0], depth+1, i > 0)
				dst = append(dst, '=')
				dst = appendText(dst, start, item[1], depth+1, false)
			}
			return dst
		}
	}
	return append(dst, clip(v.String(), room)...)
}

func clip(s string, n int) string {
	if n < 0 {
		n = 0
	}
	if len(s) > n {
		return s[:n]
	}
	return s
}

// appendStringBytes is AppendString for a byte slice.
func appendStringBytes(dst, b []byte) []byte {
	return AppendString(dst, unsafe.String(unsafe.SliceData(b), len(b)))
}
