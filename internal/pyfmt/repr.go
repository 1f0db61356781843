// Package pyfmt renders Starlark values the way CPython 3.11 does: repr and
// str, float repr, printf-style % formatting, str.format with the whole
// format-spec mini-language, format() and round().
//
// Starlark's own renderings differ from Python's in small ways that admins
// notice (double-quoted strings inside lists, "%.2f" unsupported, no format
// spec). spython routes the Python-facing operations here so that a script
// prints what the same Python script would (spec amendment 5).
package pyfmt

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// Repr is Python's repr(v).
func Repr(v starlark.Value) string {
	var b strings.Builder
	writeRepr(&b, v, false, 0)
	return b.String()
}

// Ascii is Python's ascii(v): repr with non-ASCII characters escaped.
func Ascii(v starlark.Value) string {
	var b strings.Builder
	writeRepr(&b, v, true, 0)
	return b.String()
}

// Str is Python's str(v).
func Str(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return string(v)
	}
	return Repr(v)
}

const maxDepth = 100

// active holds the containers being written, outermost first: a container
// inside itself is written as CPython does, [...] or {...}, rather than
// again (a cycle, or one reached twice per level, doubled each time).
type active []starlark.Value

func writeRepr(b *strings.Builder, v starlark.Value, ascii bool, depth int) {
	var stack active
	writeReprIn(b, v, ascii, depth, &stack)
}

func writeReprIn(b *strings.Builder, v starlark.Value, ascii bool, depth int, stack *active) {
	if depth > maxDepth {
		b.WriteString("...")
		return
	}
	switch v.(type) {
	case *starlark.List, *starlark.Dict, *starlark.Set:
		for _, x := range *stack {
			if x == v {
				if _, isList := v.(*starlark.List); isList {
					b.WriteString("[...]")
				} else {
					b.WriteString("{...}")
				}
				return
			}
		}
		*stack = append(*stack, v)
		defer func() { *stack = (*stack)[:len(*stack)-1] }()
	}
	switch v := v.(type) {
	case starlark.String:
		writeStrRepr(b, string(v), ascii)
	case starlark.Bytes:
		writeBytesRepr(b, string(v))
	case starlark.Float:
		b.WriteString(FloatRepr(float64(v)))
	case starlark.Int, starlark.Bool, starlark.NoneType:
		b.WriteString(v.String())
	case *starlark.List:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeReprIn(b, v.Index(i), ascii, depth+1, stack)
		}
		b.WriteByte(']')
	case starlark.Tuple:
		b.WriteByte('(')
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeReprIn(b, x, ascii, depth+1, stack)
		}
		if len(v) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *starlark.Dict:
		b.WriteByte('{')
		for i, kv := range v.Items() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeReprIn(b, kv[0], ascii, depth+1, stack)
			b.WriteString(": ")
			writeReprIn(b, kv[1], ascii, depth+1, stack)
		}
		b.WriteByte('}')
	case *starlark.Set:
		if v.Len() == 0 {
			b.WriteString("set()")
			return
		}
		b.WriteByte('{')
		iter := v.Iterate()
		defer iter.Done()
		var x starlark.Value
		for i := 0; iter.Next(&x); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeReprIn(b, x, ascii, depth+1, stack)
		}
		b.WriteByte('}')
	default:
		s := v.String()
		if ascii {
			s = asciiEscape(s)
		}
		b.WriteString(s)
	}
}

// writeStrRepr quotes s as CPython's unicode_repr does: single quotes
// unless s contains ' and no ".
func writeStrRepr(b *strings.Builder, s string, ascii bool) {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Starlark strings may hold invalid UTF-8; Python would have
			// a surrogate escape there.
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
			i++
			continue
		}
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x` + hex2(byte(r)))
		case r < 0x7f:
			b.WriteRune(r)
		case !ascii && isPrintable(r):
			b.WriteRune(r)
		default:
			writeRuneEscape(b, r)
		}
	}
	b.WriteByte(quote)
}

func writeRuneEscape(b *strings.Builder, r rune) {
	switch {
	case r <= 0xff:
		b.WriteString(`\x` + hex2(byte(r)))
	case r <= 0xffff:
		b.WriteString(`\u` + pad0(strconv.FormatInt(int64(r), 16), 4))
	default:
		b.WriteString(`\U` + pad0(strconv.FormatInt(int64(r), 16), 8))
	}
}

// isPrintable approximates Python's str.isprintable for one character:
// letters, marks, numbers, punctuation and symbols, and the ASCII space.
func isPrintable(r rune) bool {
	if r == ' ' {
		return true
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S)
}

// IsPrintable is Python's str.isprintable.
func IsPrintable(s string) bool {
	for _, r := range s {
		if !isPrintable(r) {
			return false
		}
	}
	return true
}

func writeBytesRepr(b *strings.Builder, s string) {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	b.WriteByte('b')
	b.WriteByte(quote)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			b.WriteString(`\x` + hex2(c))
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
}

func asciiEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			writeRuneEscape(&b, r)
		}
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

func pad0(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}

// FloatRepr is Python's repr(float): the shortest string that reads back
// as f, in fixed notation for exponents -4 <= e < 16, always with a
// decimal point or an exponent.
func FloatRepr(f float64) string {
	return formatFloat(f, 'r', 0, false, true)
}

// formatFloat follows CPython's format_float_short (Python/pystrtod.c).
// typ is one of e E f F g G r (r: shortest repr digits); addDot0 keeps an
// integral value looking like a float ("1.0").
func formatFloat(f float64, typ byte, prec int, alt, addDot0 bool) string {
	upper := typ == 'E' || typ == 'F' || typ == 'G'
	neg := math.Signbit(f)
	var body string
	switch {
	case math.IsNaN(f):
		body, neg = "nan", false
	case math.IsInf(f, 0):
		body = "inf"
	default:
		body = floatBody(math.Abs(f), typ, prec, alt, addDot0)
	}
	if upper {
		body = strings.ToUpper(body)
	}
	if neg {
		return "-" + body
	}
	return body
}

func floatBody(f float64, typ byte, prec int, alt, addDot0 bool) string {
	switch typ {
	case 'f', 'F':
		s := strconv.FormatFloat(f, 'f', prec, 64)
		if alt && prec == 0 {
			s += "."
		}
		return s
	case 'e', 'E':
		s := strconv.FormatFloat(f, 'e', prec, 64)
		if alt && prec == 0 {
			i := strings.IndexByte(s, 'e')
			s = s[:i] + "." + s[i:]
		}
		return s
	}
	// 'g' and 'r': lay the digits out by hand, as CPython does.
	var digits string
	var decpt int
	if typ == 'r' {
		digits, decpt = sigDigits(f, -1)
	} else {
		if prec == 0 {
			prec = 1
		}
		digits, decpt = sigDigits(f, prec)
	}
	useExp := false
	vend := len(digits)
	switch typ {
	case 'g', 'G':
		lim := prec
		if addDot0 {
			lim = prec - 1
		}
		if decpt <= -4 || decpt > lim {
			useExp = true
		}
		if alt {
			vend = prec
		}
	case 'r':
		if decpt <= -4 || decpt > 16 {
			useExp = true
		}
	}
	exp := 0
	if useExp {
		exp = decpt - 1
		decpt = 1
	}
	vstart := 0
	if decpt <= 0 {
		vstart = decpt - 1
	}
	if !useExp && addDot0 {
		vend = max(vend, decpt+1)
	} else {
		vend = max(vend, decpt)
	}
	var b strings.Builder
	if decpt <= 0 {
		b.WriteString(strings.Repeat("0", decpt-vstart))
		b.WriteByte('.')
		b.WriteString(strings.Repeat("0", -decpt))
	}
	if decpt > 0 && decpt <= len(digits) {
		b.WriteString(digits[:decpt])
		b.WriteByte('.')
		b.WriteString(digits[decpt:])
	} else {
		b.WriteString(digits)
	}
	if len(digits) < decpt {
		b.WriteString(strings.Repeat("0", decpt-len(digits)))
		b.WriteByte('.')
		b.WriteString(strings.Repeat("0", vend-decpt))
	} else {
		b.WriteString(strings.Repeat("0", vend-len(digits)))
	}
	s := b.String()
	if strings.HasSuffix(s, ".") && !alt {
		s = s[:len(s)-1]
	}
	if useExp {
		es := strconv.Itoa(abs(exp))
		if len(es) < 2 {
			es = "0" + es
		}
		if exp < 0 {
			s += "e-" + es
		} else {
			s += "e+" + es
		}
	}
	return s
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// sigDigits returns f (>= 0) rounded to n significant digits (n < 0: the
// shortest that reads back), without trailing zeros, and the position of
// the decimal point relative to the digits, as dtoa does.
func sigDigits(f float64, n int) (string, int) {
	if f == 0 {
		return "0", 1
	}
	s := strconv.FormatFloat(f, 'e', n-1, 64)
	if n < 0 {
		s = strconv.FormatFloat(f, 'e', -1, 64)
	}
	i := strings.IndexByte(s, 'e')
	mant, e := s[:i], s[i+1:]
	exp, _ := strconv.Atoi(e)
	digits := strings.Replace(mant, ".", "", 1)
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		digits = "0"
	}
	return digits, exp + 1
}
