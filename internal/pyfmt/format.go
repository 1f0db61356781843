package pyfmt

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// StrFormat is Python's str.format(*args, **kwargs).
func StrFormat(format string, args starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	f := &formatter{args: args, kwargs: kwargs}
	return f.vformat(format, 2)
}

type formatter struct {
	args   starlark.Tuple
	kwargs []starlark.Tuple
	auto   int
	mode   int // 0 unknown, 1 automatic, 2 manual
}

func (f *formatter) vformat(s string, depth int) (string, error) {
	if depth < 0 {
		return "", pyerr.New("ValueError", "Max string recursion exceeded")
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '{':
			if i+1 < len(s) && s[i+1] == '{' {
				b.WriteByte('{')
				i += 2
				continue
			}
			// Find the matching '}', allowing nested {} in the spec.
			level := 1
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == '{' {
					level++
				} else if s[j] == '}' {
					level--
					if level == 0 {
						break
					}
				}
			}
			if j >= len(s) {
				return "", pyerr.New("ValueError", "expected '}' before end of string")
			}
			out, err := f.field(s[i+1:j], depth)
			if err != nil {
				return "", err
			}
			b.WriteString(out)
			i = j + 1
		case '}':
			if i+1 < len(s) && s[i+1] == '}' {
				b.WriteByte('}')
				i += 2
				continue
			}
			return "", pyerr.New("ValueError", "Single '}' encountered in format string")
		default:
			j := strings.IndexAny(s[i:], "{}")
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
		}
	}
	return b.String(), nil
}

// field renders one replacement field: name[!conv][:spec].
func (f *formatter) field(text string, depth int) (string, error) {
	// The name ends at the first '!' or ':' outside brackets.
	end := len(text)
	inBracket := false
	for k := 0; k < len(text); k++ {
		ch := text[k]
		if ch == '[' {
			inBracket = true
		} else if ch == ']' {
			inBracket = false
		} else if !inBracket && (ch == '!' || ch == ':') {
			end = k
			break
		}
	}
	name, rest := text[:end], text[end:]
	conv := byte(0)
	if strings.HasPrefix(rest, "!") {
		if len(rest) < 2 || (len(rest) > 2 && rest[2] != ':') {
			return "", pyerr.New("ValueError", "expected ':' after conversion specifier")
		}
		conv = rest[1]
		rest = rest[2:]
	}
	specText := strings.TrimPrefix(rest, ":")
	v, err := f.lookup(name)
	if err != nil {
		return "", err
	}
	switch conv {
	case 0:
	case 'r':
		v = starlark.String(Repr(v))
	case 's':
		v = starlark.String(Str(v))
	case 'a':
		v = starlark.String(Ascii(v))
	default:
		return "", pyerr.New("ValueError", "Unknown conversion specifier %c", conv)
	}
	if strings.ContainsAny(specText, "{}") {
		specText, err = f.vformat(specText, depth-1)
		if err != nil {
			return "", err
		}
	}
	return Format(v, specText)
}

func (f *formatter) lookup(name string) (starlark.Value, error) {
	// arg_name ("." attr | "[" key "]")*
	k := strings.IndexAny(name, ".[")
	first, rest := name, ""
	if k >= 0 {
		first, rest = name[:k], name[k:]
	}
	var v starlark.Value
	if first == "" {
		if f.mode == 2 {
			return nil, pyerr.New("ValueError", "cannot switch from manual field specification to automatic field numbering")
		}
		f.mode = 1
		if f.auto >= len(f.args) {
			return nil, pyerr.New("IndexError", "Replacement index %d out of range for positional args tuple", f.auto)
		}
		v = f.args[f.auto]
		f.auto++
	} else if n, err := strconv.Atoi(first); err == nil && n >= 0 {
		if f.mode == 1 {
			return nil, pyerr.New("ValueError", "cannot switch from automatic field numbering to manual field specification")
		}
		f.mode = 2
		if n >= len(f.args) {
			return nil, pyerr.New("IndexError", "Replacement index %d out of range for positional args tuple", n)
		}
		v = f.args[n]
	} else {
		found := false
		for _, kv := range f.kwargs {
			if string(kv[0].(starlark.String)) == first {
				v, found = kv[1], true
			}
		}
		if !found {
			return nil, pyerr.New("KeyError", "%s", Repr(starlark.String(first)))
		}
	}
	for rest != "" {
		if rest[0] == '.' {
			k := strings.IndexAny(rest[1:], ".[")
			attr := rest[1:]
			if k >= 0 {
				attr, rest = rest[1:1+k], rest[1+k:]
			} else {
				rest = ""
			}
			if attr == "" {
				return nil, pyerr.New("ValueError", "Empty attribute in format string")
			}
			ha, ok := v.(starlark.HasAttrs)
			var x starlark.Value
			var err error
			if ok {
				x, err = ha.Attr(attr)
			}
			if err != nil {
				return nil, err
			}
			if x == nil {
				return nil, pyerr.New("AttributeError", "'%s' object has no attribute '%s'", typeName(v), attr)
			}
			v = x
			continue
		}
		// '['
		k := strings.IndexByte(rest, ']')
		if k < 0 {
			return nil, pyerr.New("ValueError", "Missing ']' in format string")
		}
		key := rest[1:k]
		rest = rest[k+1:]
		if rest != "" && rest[0] != '.' && rest[0] != '[' {
			return nil, pyerr.New("ValueError", "Only '.' or '[' may follow ']' in format field specifier")
		}
		var kv starlark.Value = starlark.String(key)
		if n, err := strconv.Atoi(key); err == nil && n >= 0 {
			kv = starlark.MakeInt(n)
		}
		x, err := getItem(v, kv)
		if err != nil {
			return nil, err
		}
		v = x
	}
	return v, nil
}

func getItem(v, key starlark.Value) (starlark.Value, error) {
	switch c := v.(type) {
	case starlark.Mapping:
		x, found, err := c.Get(key)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, pyerr.New("KeyError", "%s", Repr(key))
		}
		return x, nil
	case starlark.Indexable:
		n, ok := key.(starlark.Int)
		if !ok {
			return nil, pyerr.New("TypeError", "%s indices must be integers or slices, not str", typeName(v))
		}
		i, _ := n.Int64()
		if i >= int64(c.Len()) {
			return nil, pyerr.New("IndexError", "%s index out of range", typeName(v))
		}
		return c.Index(int(i)), nil
	}
	return nil, pyerr.New("TypeError", "'%s' object is not subscriptable", typeName(v))
}

// Round is Python's round(x) and round(x, n).
func Round(x starlark.Value, ndigits starlark.Value) (starlark.Value, error) {
	var n int64
	haveN := false
	switch d := ndigits.(type) {
	case nil, starlark.NoneType:
	case starlark.Int:
		var ok bool
		if n, ok = d.Int64(); !ok {
			n = math.MaxInt32
			if d.Sign() < 0 {
				n = math.MinInt32
			}
		}
		haveN = true
	case starlark.Bool:
		haveN = true
		if d {
			n = 1
		}
	default:
		return nil, pyerr.New("TypeError", "'%s' object cannot be interpreted as an integer", typeName(ndigits))
	}
	switch v := x.(type) {
	case starlark.Bool:
		n := 0
		if v {
			n = 1
		}
		return Round(starlark.MakeInt(n), ndigits)
	case starlark.Int:
		if !haveN || n >= 0 {
			return v, nil
		}
		r := roundRat(new(big.Rat).SetInt(v.BigInt()), n)
		return starlark.MakeBigInt(new(big.Int).Quo(r.Num(), r.Denom())), nil
	case starlark.Float:
		f := float64(v)
		if !haveN {
			if math.IsInf(f, 0) {
				return nil, pyerr.New("OverflowError", "cannot convert float infinity to integer")
			}
			if math.IsNaN(f) {
				return nil, pyerr.New("ValueError", "cannot convert float NaN to integer")
			}
			r := roundRat(new(big.Rat).SetFloat64(f), 0)
			return starlark.MakeBigInt(r.Num()), nil
		}
		if math.IsInf(f, 0) || math.IsNaN(f) || f == 0 {
			return v, nil
		}
		if n > 400 {
			return v, nil
		}
		if n < -400 {
			return starlark.Float(math.Copysign(0, f)), nil
		}
		r := roundRat(new(big.Rat).SetFloat64(f), n)
		out, _ := r.Float64()
		if math.IsInf(out, 0) {
			return nil, pyerr.New("OverflowError", "rounded value too large to represent")
		}
		return starlark.Float(math.Copysign(out, f)), nil
	}
	return nil, pyerr.New("TypeError", "type %s doesn't define __round__ method", typeName(x))
}

// roundRat rounds r to n decimal digits (n may be negative), half to even.
func roundRat(r *big.Rat, n int64) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(abs64(n)), nil)
	scaled := new(big.Rat).Set(r)
	if n >= 0 {
		scaled.Mul(scaled, new(big.Rat).SetInt(scale))
	} else {
		scaled.Quo(scaled, new(big.Rat).SetInt(scale))
	}
	// Half-even rounding of scaled to an integer.
	q, m := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	twice := new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2))
	switch twice.Cmp(scaled.Denom()) {
	case 1:
		q.Add(q, big.NewInt(int64(scaled.Num().Sign())))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(int64(scaled.Num().Sign())))
		}
	}
	out := new(big.Rat).SetInt(q)
	if n >= 0 {
		return out.Quo(out, new(big.Rat).SetInt(scale))
	}
	return out.Mul(out, new(big.Rat).SetInt(scale))
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
