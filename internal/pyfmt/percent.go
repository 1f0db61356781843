package pyfmt

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// Percent is Python's str % args (printf-style formatting).
func Percent(format string, args starlark.Value) (string, error) {
	var list []starlark.Value
	var mapping starlark.Mapping
	if t, ok := args.(starlark.Tuple); ok {
		list = t
	} else {
		list = []starlark.Value{args}
		// CPython treats any mapping (dict, and list, which has
		// __getitem__) as the source of %(name)s values, and then does
		// not complain about unused arguments.
		switch a := args.(type) {
		case *starlark.Dict:
			mapping = a
		case *starlark.List:
			mapping = noMapping{}
		}
	}
	argi := 0
	usedMapping := false
	next := func() (starlark.Value, error) {
		if argi >= len(list) {
			return nil, pyerr.New("TypeError", "not enough arguments for format string")
		}
		argi++
		return list[argi-1], nil
	}
	var b strings.Builder
	for i := 0; i < len(format); {
		c := format[i]
		if c != '%' {
			j := strings.IndexByte(format[i:], '%')
			if j < 0 {
				j = len(format) - i
			}
			b.WriteString(format[i : i+j])
			i += j
			continue
		}
		i++
		if i >= len(format) {
			return "", pyerr.New("ValueError", "incomplete format")
		}
		if format[i] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		var arg starlark.Value
		haveArg := false
		if format[i] == '(' {
			if mapping == nil {
				return "", pyerr.New("TypeError", "format requires a mapping")
			}
			depth := 1
			j := i + 1
			for ; j < len(format) && depth > 0; j++ {
				switch format[j] {
				case '(':
					depth++
				case ')':
					depth--
				}
			}
			if depth > 0 {
				return "", pyerr.New("ValueError", "incomplete format key")
			}
			key := format[i+1 : j-1]
			v, found, err := mapping.Get(starlark.String(key))
			if err != nil {
				return "", err
			}
			if !found {
				return "", pyerr.New("KeyError", "%s", Repr(starlark.String(key)))
			}
			arg, haveArg = v, true
			usedMapping = true
			i = j
		}
		// flags
		var left, plus, space, alt, zero bool
	flags:
		for i < len(format) {
			switch format[i] {
			case '-':
				left = true
			case '+':
				plus = true
			case ' ':
				space = true
			case '#':
				alt = true
			case '0':
				zero = true
			default:
				break flags
			}
			i++
		}
		width := -1
		if i < len(format) && format[i] == '*' {
			v, err := next()
			if err != nil {
				return "", err
			}
			n, ok := v.(starlark.Int)
			if !ok {
				return "", pyerr.New("TypeError", "* wants int")
			}
			w, _ := n.Int64()
			if w < 0 {
				left = true
				w = -w
			}
			width = int(w)
			i++
		} else {
			start := i
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
			if i > start {
				width, _ = strconv.Atoi(format[start:i])
			}
		}
		prec := -1
		if i < len(format) && format[i] == '.' {
			i++
			if i < len(format) && format[i] == '*' {
				v, err := next()
				if err != nil {
					return "", err
				}
				n, ok := v.(starlark.Int)
				if !ok {
					return "", pyerr.New("TypeError", "* wants int")
				}
				p, _ := n.Int64()
				prec = max(int(p), 0)
				i++
			} else {
				start := i
				for i < len(format) && format[i] >= '0' && format[i] <= '9' {
					i++
				}
				prec, _ = strconv.Atoi(format[start:i])
			}
		}
		for i < len(format) && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L') {
			i++
		}
		if i >= len(format) {
			return "", pyerr.New("ValueError", "incomplete format")
		}
		conv := format[i]
		i++
		if !haveArg {
			v, err := next()
			if err != nil {
				return "", err
			}
			arg = v
		}
		sign := byte(0)
		if plus {
			sign = '+'
		} else if space {
			sign = ' '
		}
		var s, lead string
		numeric := true
		switch conv {
		case 's', 'r', 'a':
			numeric = false
			switch conv {
			case 's':
				s = Str(arg)
			case 'r':
				s = Repr(arg)
			default:
				s = Ascii(arg)
			}
			if prec >= 0 {
				s = truncRunes(s, prec)
			}
		case 'c':
			numeric = false
			switch a := arg.(type) {
			case starlark.Int:
				n, ok := a.Int64()
				if !ok || n < 0 || n > 0x10ffff {
					return "", pyerr.New("OverflowError", "%%c arg not in range(0x110000)")
				}
				s = string(rune(n))
			case starlark.String:
				if len([]rune(string(a))) != 1 {
					return "", pyerr.New("TypeError", "%%c requires int or char")
				}
				s = string(a)
			default:
				return "", pyerr.New("TypeError", "%%c requires int or char")
			}
		case 'd', 'i', 'u', 'o', 'x', 'X':
			var bi *big.Int
			switch a := arg.(type) {
			case starlark.Int:
				bi = a.BigInt()
			case starlark.Bool:
				bi = big.NewInt(0)
				if a {
					bi = big.NewInt(1)
				}
			case starlark.Float:
				if conv == 'o' || conv == 'x' || conv == 'X' {
					return "", pyerr.New("TypeError", "%%%c format: an integer is required, not float", conv)
				}
				f := float64(a)
				if math.IsInf(f, 0) {
					return "", pyerr.New("OverflowError", "cannot convert float infinity to integer")
				}
				if math.IsNaN(f) {
					return "", pyerr.New("ValueError", "cannot convert float NaN to integer")
				}
				bi, _ = new(big.Float).SetFloat64(math.Trunc(f)).Int(nil)
			default:
				what := "a real number"
				if conv == 'o' || conv == 'x' || conv == 'X' {
					what = "an integer"
				}
				return "", pyerr.New("TypeError", "%%%c format: %s is required, not %s", conv, what, typeName(arg))
			}
			neg := bi.Sign() < 0
			mag := new(big.Int).Abs(bi)
			base, prefix := 10, ""
			switch conv {
			case 'o':
				base, prefix = 8, "0o"
			case 'x':
				base, prefix = 16, "0x"
			case 'X':
				base, prefix = 16, "0X"
			}
			s = mag.Text(base)
			if conv == 'X' {
				s = strings.ToUpper(s)
			}
			if prec > len(s) {
				s = strings.Repeat("0", prec-len(s)) + s
			}
			if !alt {
				prefix = ""
			}
			lead = signOf(neg, sign) + prefix
		case 'e', 'E', 'f', 'F', 'g', 'G':
			f, ok := toFloat(arg)
			if !ok {
				if _, isInt := arg.(starlark.Int); isInt {
					return "", pyerr.New("OverflowError", "int too large to convert to float")
				}
				return "", pyerr.New("TypeError", "must be real number, not %s", typeName(arg))
			}
			if prec < 0 {
				prec = 6
			}
			s = formatFloat(f, conv, prec, alt, false)
			neg := strings.HasPrefix(s, "-")
			s = strings.TrimPrefix(s, "-")
			lead = signOf(neg, sign)
		default:
			return "", pyerr.New("ValueError", "unsupported format character '%c' (0x%x) at index %d", conv, conv, i-1)
		}
		// Pad: '-' left-aligns; '0' pads numbers with zeros after the
		// sign and prefix.
		n := len([]rune(s)) + len(lead)
		switch {
		case width <= n:
			b.WriteString(lead + s)
		case left:
			b.WriteString(lead + s + strings.Repeat(" ", width-n))
		case zero && numeric:
			b.WriteString(lead + strings.Repeat("0", width-n) + s)
		default:
			b.WriteString(strings.Repeat(" ", width-n) + lead + s)
		}
	}
	if argi < len(list) && mapping == nil {
		return "", pyerr.New("TypeError", "not all arguments converted during string formatting")
	}
	_ = usedMapping
	return b.String(), nil
}

// noMapping is a list used as % arguments: CPython accepts it as a
// mapping (so no "not all arguments converted"), but %(name)s fails.
type noMapping struct{}

func (noMapping) Get(k starlark.Value) (starlark.Value, bool, error) {
	return nil, false, pyerr.New("TypeError", "list indices must be integers or slices, not str")
}
func (noMapping) String() string        { return "list" }
func (noMapping) Type() string          { return "list" }
func (noMapping) Freeze()               {}
func (noMapping) Truth() starlark.Bool  { return true }
func (noMapping) Hash() (uint32, error) { return 0, nil }
