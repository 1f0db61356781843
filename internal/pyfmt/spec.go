package pyfmt

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// spec is a parsed format specification (the mini-language of format()).
type spec struct {
	fill      rune
	fillSet   bool
	align     byte // 0 (unset), '<', '>', '^', '='
	sign      byte // 0, '+', '-', ' '
	z         bool
	alt       bool
	zero      bool
	width     int
	grouping  byte // 0, ',', '_'
	prec      int  // -1: unset
	typ       byte // 0: unset
	typString string
	zeroAlign bool // align '=' came from the '0' flag, not the spec
}

func parseSpec(s string) (*spec, error) {
	sp := &spec{fill: ' ', prec: -1}
	i := 0
	// [[fill]align]
	if r, size := utf8.DecodeRuneInString(s); size > 0 && size < len(s) && isAlign(s[size]) {
		sp.fill, sp.fillSet, sp.align = r, true, s[size]
		i = size + 1
	} else if len(s) > 0 && isAlign(s[0]) {
		sp.align = s[0]
		i = 1
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-' || s[i] == ' ') {
		sp.sign = s[i]
		i++
	}
	if i < len(s) && s[i] == 'z' {
		sp.z = true
		i++
	}
	if i < len(s) && s[i] == '#' {
		sp.alt = true
		i++
	}
	if i < len(s) && s[i] == '0' {
		sp.zero = true
		if !sp.fillSet {
			sp.fill = '0'
		}
		if sp.align == 0 {
			sp.align, sp.zeroAlign = '=', true
		}
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > start {
		w, err := strconv.Atoi(s[start:i])
		if err != nil {
			return nil, pyerr.New("ValueError", "Too many decimal digits in format string")
		}
		sp.width = w
	}
	if i < len(s) && (s[i] == ',' || s[i] == '_') {
		sp.grouping = s[i]
		i++
		if i < len(s) && (s[i] == ',' || s[i] == '_') {
			return nil, pyerr.New("ValueError", "Cannot specify both ',' and '_'.")
		}
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return nil, pyerr.New("ValueError", "Format specifier missing precision")
		}
		p, err := strconv.Atoi(s[start:i])
		if err != nil {
			return nil, pyerr.New("ValueError", "Too many decimal digits in format string")
		}
		sp.prec = p
	}
	if len(s)-i > 1 {
		return nil, pyerr.New("ValueError", "Invalid format specifier '%s' for object of type '%%s'", s)
	}
	if i < len(s) {
		sp.typ = s[i]
		sp.typString = s[i:]
	}
	if sp.grouping != 0 && sp.typ != 0 {
		ok := false
		switch sp.typ {
		case 'd', 'e', 'f', 'g', 'E', 'G', '%', 'F':
			ok = true
		case 'b', 'o', 'x', 'X':
			ok = sp.grouping == '_'
		}
		if !ok {
			return nil, pyerr.New("ValueError", "Cannot specify '%c' with '%c'.", sp.grouping, sp.typ)
		}
	}
	return sp, nil
}

func isAlign(c byte) bool { return c == '<' || c == '>' || c == '^' || c == '=' }

// Format is Python's format(value, spec).
func Format(v starlark.Value, specStr string) (string, error) {
	sp, err := parseSpec(specStr)
	if err != nil {
		if e, ok := err.(*pyerr.Error); ok && strings.Contains(e.Msg, "%s") {
			e.Msg = strings.Replace(e.Msg, "%s", typeName(v), 1)
		}
		return "", err
	}
	switch x := v.(type) {
	case starlark.Bool:
		if specStr == "" {
			return x.String(), nil
		}
		n := 0
		if x {
			n = 1
		}
		return formatInt(starlark.MakeInt(n), sp, "bool")
	case starlark.Int:
		return formatInt(x, sp, "int")
	case starlark.Float:
		return formatFloatSpec(float64(x), sp, "float")
	case starlark.String:
		return formatString(string(x), sp)
	}
	if specStr != "" {
		return "", pyerr.New("TypeError", "unsupported format string passed to %s.__format__", typeName(v))
	}
	return Str(v), nil
}

// typeName is the Python name of v's type.
func typeName(v starlark.Value) string {
	switch v.(type) {
	case starlark.NoneType:
		return "NoneType"
	case starlark.String:
		return "str"
	case *starlark.Dict:
		return "dict"
	case starlark.Tuple:
		return "tuple"
	case *starlark.List:
		return "list"
	}
	return v.Type()
}

func formatString(s string, sp *spec) (string, error) {
	if sp.typ != 0 && sp.typ != 's' {
		return "", pyerr.New("ValueError", "Unknown format code '%c' for object of type 'str'", sp.typ)
	}
	if sp.sign != 0 {
		return "", pyerr.New("ValueError", "Sign not allowed in string format specifier")
	}
	if sp.alt {
		return "", pyerr.New("ValueError", "Alternate form (#) not allowed in string format specifier")
	}
	if sp.z {
		return "", pyerr.New("ValueError", "Negative zero coercion (z) not allowed in format specifier")
	}
	if sp.grouping != 0 {
		return "", pyerr.New("ValueError", "Cannot specify '%c' with 's'.", sp.grouping)
	}
	if sp.align == '=' && !sp.zeroAlign {
		return "", pyerr.New("ValueError", "'=' alignment not allowed in string format specifier")
	}
	if sp.prec >= 0 {
		s = truncRunes(s, sp.prec)
	}
	align := sp.align
	if align == 0 || sp.zeroAlign {
		align = '<'
	}
	return pad(s, "", sp.width, align, sp.fill), nil
}

func truncRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// pad aligns prefix+body in width with fill; '=' puts the fill between
// prefix (sign, base prefix) and body.
func pad(body, prefix string, width int, align byte, fill rune) string {
	n := utf8.RuneCountInString(body) + utf8.RuneCountInString(prefix)
	if n >= width {
		return prefix + body
	}
	f := strings.Repeat(string(fill), width-n)
	switch align {
	case '<':
		return prefix + body + f
	case '^':
		left := (width - n) / 2
		return strings.Repeat(string(fill), left) + prefix + body + strings.Repeat(string(fill), width-n-left)
	case '=':
		return prefix + f + body
	}
	return f + prefix + body
}

func signOf(neg bool, sign byte) string {
	switch {
	case neg:
		return "-"
	case sign == '+':
		return "+"
	case sign == ' ':
		return " "
	}
	return ""
}

func formatInt(x starlark.Int, sp *spec, tname string) (string, error) {
	switch sp.typ {
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		f, ok := starlark.AsFloat(x)
		if !ok {
			return "", pyerr.New("OverflowError", "int too large to convert to float")
		}
		return formatFloatSpec(f, sp, tname)
	case 0, 'd', 'n', 'b', 'o', 'x', 'X', 'c':
	default:
		return "", pyerr.New("ValueError", "Unknown format code '%c' for object of type '%s'", sp.typ, tname)
	}
	if sp.prec >= 0 {
		return "", pyerr.New("ValueError", "Precision not allowed in integer format specifier")
	}
	if sp.z {
		return "", pyerr.New("ValueError", "Negative zero coercion (z) not allowed in integer format specifier")
	}
	bi := x.BigInt()
	if sp.typ == 'c' {
		if sp.sign != 0 {
			return "", pyerr.New("ValueError", "Sign not allowed with integer format specifier 'c'")
		}
		if sp.alt {
			return "", pyerr.New("ValueError", "Alternate form (#) not allowed with integer format specifier 'c'")
		}
		if !bi.IsInt64() || bi.Int64() < 0 || bi.Int64() > 0x10ffff {
			return "", pyerr.New("OverflowError", "%%c arg not in range(0x110000)")
		}
		align := sp.align
		if align == 0 {
			align = '>'
		}
		return pad(string(rune(bi.Int64())), "", sp.width, align, sp.fill), nil
	}
	neg := bi.Sign() < 0
	mag := new(big.Int).Abs(bi)
	base, prefix := 10, ""
	switch sp.typ {
	case 'b':
		base, prefix = 2, "0b"
	case 'o':
		base, prefix = 8, "0o"
	case 'x':
		base, prefix = 16, "0x"
	case 'X':
		base, prefix = 16, "0X"
	}
	digits := mag.Text(base)
	if sp.typ == 'X' {
		digits = strings.ToUpper(digits)
	}
	if !sp.alt {
		prefix = ""
	}
	lead := signOf(neg, sp.sign) + prefix
	return layoutNumber(lead, digits, "", sp, groupSize(base)), nil
}

func groupSize(base int) int {
	if base == 10 {
		return 3
	}
	return 4
}

// layoutNumber groups the integer digits, zero-pads them when the fill is
// '0' with '=' alignment (grouping the padding too, as CPython does), and
// aligns the result.
func layoutNumber(lead, intDigits, rest string, sp *spec, group int) string {
	align := sp.align
	if align == 0 {
		align = '>'
	}
	minWidth := 0
	if sp.fill == '0' && align == '=' {
		minWidth = sp.width - utf8.RuneCountInString(lead) - utf8.RuneCountInString(rest)
	}
	body := intDigits
	if sp.grouping != 0 {
		body = groupDigits(intDigits, string(sp.grouping), group, minWidth)
	} else if len(body) < minWidth {
		body = strings.Repeat("0", minWidth-len(body)) + body
	}
	return pad(body+rest, lead, sp.width, align, sp.fill)
}

// groupDigits follows CPython's _PyUnicode_InsertThousandsGrouping.
func groupDigits(digits, sep string, size, minWidth int) string {
	var groups []string
	remaining := len(digits)
	first := true
	done := false
	for !done {
		l := min(size, max(remaining, minWidth, 1))
		zeros := max(0, l-remaining)
		chars := max(0, min(remaining, l))
		g := strings.Repeat("0", zeros) + digits[remaining-chars:remaining]
		if !first {
			g += sep
		}
		groups = append(groups, g)
		first = false
		remaining -= chars
		minWidth -= l
		if remaining <= 0 && minWidth <= 0 {
			done = true
			break
		}
		minWidth -= len(sep)
	}
	var b strings.Builder
	for i := len(groups) - 1; i >= 0; i-- {
		b.WriteString(groups[i])
	}
	return b.String()
}

func formatFloatSpec(f float64, sp *spec, tname string) (string, error) {
	typ := sp.typ
	switch typ {
	case 0, 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%':
	default:
		return "", pyerr.New("ValueError", "Unknown format code '%c' for object of type '%s'", typ, tname)
	}
	prec := sp.prec
	addDot0 := false
	pct := false
	switch typ {
	case 0:
		addDot0 = true
		if prec < 0 {
			typ = 'r'
		} else {
			typ = 'g'
		}
	case 'n':
		typ = 'g'
	case '%':
		typ, pct = 'f', true
		f *= 100
	}
	if prec < 0 {
		prec = 6
	}
	s := formatFloat(f, typ, prec, sp.alt, addDot0)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if neg && sp.z && isZeroText(s) {
		neg = false
	}
	if pct {
		s += "%"
	}
	// Split the integer digits from the rest (point, fraction, exponent).
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intDigits, rest := s[:i], s[i:]
	if intDigits == "" { // inf, nan
		intDigits, rest = "", s
	}
	lead := signOf(neg, sp.sign)
	if intDigits == "" {
		align := sp.align
		if align == 0 {
			align = '>'
		}
		return pad(rest, lead, sp.width, align, sp.fill), nil
	}
	return layoutNumber(lead, intDigits, rest, sp, 3), nil
}

func isZeroText(s string) bool {
	for _, c := range s {
		if c >= '1' && c <= '9' {
			return false
		}
		if c == 'e' || c == 'E' {
			break
		}
	}
	return true
}

// toFloat converts a number for %e/%f/%g and float format types.
func toFloat(v starlark.Value) (float64, bool) {
	switch v := v.(type) {
	case starlark.Float:
		return float64(v), true
	case starlark.Int:
		f, ok := starlark.AsFloat(v)
		return f, ok
	case starlark.Bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return math.NaN(), false
}
