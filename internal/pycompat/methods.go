package pycompat

import (
	"encoding/hex"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/pyfmt"
)

// method is recv.name(*args, **kwargs) for the routed names: spython's own
// implementation for str, bytes and int, the value's own method otherwise.
func method(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 2 {
		return nil, pyerr.New("TypeError", "method() needs a receiver and a name")
	}
	nameValue, ok := args[1].(starlark.String)
	if !ok {
		return nil, pyerr.New("TypeError", "method() name must be a str")
	}
	recv, name := args[0], string(nameValue)
	args = args[2:]
	var v starlark.Value
	var err error
	handled := true
	switch r := recv.(type) {
	case starlark.String:
		v, handled, err = strMethod(thread, r, name, args, kwargs)
	case starlark.Bytes:
		v, handled, err = bytesMethod(r, name, args, kwargs)
	case starlark.Int:
		v, handled, err = intMethod(r, name, args, kwargs)
	case *starlark.Builtin:
		switch {
		case r.Name() == "bytes" && name == "fromhex":
			v, err = fromHex(args, kwargs)
		case r.Name() == "int" && name == "from_bytes":
			v, err = fromBytes(args, kwargs)
		default:
			handled = false
		}
	default:
		handled = false
	}
	if handled {
		return v, err
	}
	var fn starlark.Value
	if ha, ok := recv.(starlark.HasAttrs); ok {
		if fn, err = ha.Attr(name); err != nil {
			return nil, err
		}
	}
	if fn == nil {
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute '%s'", pyType(recv), name)
	}
	return starlark.Call(thread, fn, args, kwargs)
}

func unpack(name string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	return typeErr(starlark.UnpackArgs(name, args, kwargs, pairs...))
}

func strMethod(thread *starlark.Thread, s starlark.String, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, bool, error) {
	str := string(s)
	switch name {
	case "format":
		out, err := pyfmt.StrFormat(str, args, kwargs)
		return starlark.String(out), true, err
	case "format_map":
		var m *starlark.Dict
		if err := unpack(name, args, kwargs, "mapping", &m); err != nil {
			return nil, true, err
		}
		var kw []starlark.Tuple
		for _, item := range m.Items() {
			if _, ok := item[0].(starlark.String); ok {
				kw = append(kw, starlark.Tuple{item[0], item[1]})
			}
		}
		out, err := pyfmt.StrFormat(str, nil, kw)
		return starlark.String(out), true, err
	case "encode":
		enc, errs := "utf-8", "strict"
		if err := unpack(name, args, kwargs, "encoding?", &enc, "errors?", &errs); err != nil {
			return nil, true, err
		}
		v, err := encode(str, enc, errs)
		return v, true, err
	case "rjust", "ljust", "center":
		out, err := justify(name, str, args, kwargs)
		return starlark.String(out), true, err
	case "zfill":
		var w int
		if err := unpack(name, args, kwargs, "width", &w); err != nil {
			return nil, true, err
		}
		return starlark.String(zfill(str, w)), true, nil
	case "expandtabs":
		tab := 8
		if err := unpack(name, args, kwargs, "tabsize?", &tab); err != nil {
			return nil, true, err
		}
		return starlark.String(expandTabs(str, tab)), true, nil
	case "casefold":
		return starlark.String(strings.ReplaceAll(strings.ToLower(str), "ß", "ss")), true, nil
	case "swapcase":
		return starlark.String(strings.Map(func(r rune) rune {
			switch {
			case unicode.IsUpper(r):
				return unicode.ToLower(r)
			case unicode.IsLower(r):
				return unicode.ToUpper(r)
			}
			return r
		}, str)), true, nil
	case "isdecimal", "isnumeric":
		if err := unpack(name, args, kwargs); err != nil {
			return nil, true, err
		}
		ok := str != ""
		for _, r := range str {
			if name == "isdecimal" && !unicode.Is(unicode.Nd, r) || !unicode.IsNumber(r) {
				ok = false
			}
		}
		return starlark.Bool(ok), true, nil
	case "isascii":
		return starlark.Bool(isASCII(str)), true, nil
	case "isprintable":
		return starlark.Bool(pyfmt.IsPrintable(str)), true, nil
	case "isidentifier":
		ok := str != ""
		for i, r := range str {
			if !(r == '_' || unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))) {
				ok = false
			}
		}
		return starlark.Bool(ok), true, nil
	case "splitlines":
		keep := false
		if err := unpack(name, args, kwargs, "keepends?", &keep); err != nil {
			return nil, true, err
		}
		return splitLines(str, keep, false, func(s string) starlark.Value { return starlark.String(s) }), true, nil
	}
	return nil, false, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func justify(name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	var width int
	fill := " "
	if err := unpack(name, args, kwargs, "width", &width, "fillchar?", &fill); err != nil {
		return "", err
	}
	if utf8.RuneCountInString(fill) != 1 {
		return "", pyerr.New("TypeError", "The fill character must be exactly one character long")
	}
	n := utf8.RuneCountInString(s)
	if width <= n {
		return s, nil
	}
	marg := width - n
	switch name {
	case "ljust":
		return s + strings.Repeat(fill, marg), nil
	case "rjust":
		return strings.Repeat(fill, marg) + s, nil
	}
	left := marg/2 + (marg & width & 1)
	return strings.Repeat(fill, left) + s + strings.Repeat(fill, marg-left), nil
}

func zfill(s string, width int) string {
	n := utf8.RuneCountInString(s)
	if width <= n {
		return s
	}
	pad := strings.Repeat("0", width-n)
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return s[:1] + pad + s[1:]
	}
	return pad + s
}

func expandTabs(s string, tab int) string {
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			if tab > 0 {
				n := tab - col%tab
				b.WriteString(strings.Repeat(" ", n))
				col += n
			}
		case '\n', '\r':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// splitLines is Python's str.splitlines (bytes: only \n, \r and \r\n).
func splitLines(s string, keep, bytesOnly bool, mk func(string) starlark.Value) *starlark.List {
	var out []starlark.Value
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if bytesOnly {
			r, size = rune(s[i]), 1
		}
		brk := false
		switch r {
		case '\n', '\r':
			brk = true
		case '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			brk = !bytesOnly
		}
		if !brk {
			i += size
			continue
		}
		end := i + size
		if r == '\r' && end < len(s) && s[end] == '\n' {
			end++
		}
		if keep {
			out = append(out, mk(s[start:end]))
		} else {
			out = append(out, mk(s[start:i]))
		}
		start, i = end, end
	}
	if start < len(s) {
		out = append(out, mk(s[start:]))
	}
	return starlark.NewList(out)
}

func normEncoding(enc string) string {
	e := strings.ReplaceAll(strings.ToLower(enc), "_", "-")
	switch e {
	case "utf-8", "utf8", "u8":
		return "utf-8"
	case "ascii", "us-ascii":
		return "ascii"
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
		return "latin-1"
	}
	return e
}

func encode(s, enc, errs string) (starlark.Value, error) {
	switch normEncoding(enc) {
	case "utf-8":
		if utf8.ValidString(s) {
			return starlark.Bytes(s), nil
		}
		if errs == "strict" {
			return nil, pyerr.New("UnicodeEncodeError", "'utf-8' codec can't encode characters: surrogates not allowed")
		}
		return starlark.Bytes(strings.ToValidUTF8(s, "?")), nil
	case "ascii", "latin-1":
		limit := rune(0x80)
		if normEncoding(enc) == "latin-1" {
			limit = 0x100
		}
		var b []byte
		for i, r := range []rune(s) {
			if r < limit {
				b = append(b, byte(r))
				continue
			}
			switch errs {
			case "ignore":
			case "replace":
				b = append(b, '?')
			default:
				return nil, pyerr.New("UnicodeEncodeError", "'%s' codec can't encode character '\\u%04x' in position %d: ordinal not in range(%d)", normEncoding(enc), r, i, limit)
			}
		}
		return starlark.Bytes(b), nil
	}
	return nil, pyerr.New("LookupError", "unknown encoding: %s", enc)
}

func decode(s, enc, errs string) (starlark.Value, error) {
	switch normEncoding(enc) {
	case "utf-8":
		if utf8.ValidString(s) {
			return starlark.String(s), nil
		}
		switch errs {
		case "replace":
			return starlark.String(strings.ToValidUTF8(s, "\uFFFD")), nil
		case "ignore":
			return starlark.String(strings.ToValidUTF8(s, "")), nil
		}
		pos := 0
		for pos < len(s) {
			r, size := utf8.DecodeRuneInString(s[pos:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			pos += size
		}
		return nil, pyerr.New("UnicodeDecodeError", "'utf-8' codec can't decode byte 0x%02x in position %d: invalid start byte", s[pos], pos)
	case "ascii":
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] < 0x80 {
				b.WriteByte(s[i])
				continue
			}
			switch errs {
			case "ignore":
			case "replace":
				b.WriteRune('\uFFFD')
			default:
				return nil, pyerr.New("UnicodeDecodeError", "'ascii' codec can't decode byte 0x%02x in position %d: ordinal not in range(128)", s[i], i)
			}
		}
		return starlark.String(b.String()), nil
	case "latin-1":
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			b.WriteRune(rune(s[i]))
		}
		return starlark.String(b.String()), nil
	}
	return nil, pyerr.New("LookupError", "unknown encoding: %s", enc)
}

func bytesMethod(bs starlark.Bytes, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, bool, error) {
	s := string(bs)
	switch name {
	case "decode":
		enc, errs := "utf-8", "strict"
		if err := unpack(name, args, kwargs, "encoding?", &enc, "errors?", &errs); err != nil {
			return nil, true, err
		}
		v, err := decode(s, enc, errs)
		return v, true, err
	case "hex":
		var sep string
		if err := unpack(name, args, kwargs, "sep?", &sep); err != nil {
			return nil, true, err
		}
		h := hex.EncodeToString(bs2(s))
		if sep != "" && len(h) > 2 {
			var parts []string
			for i := 0; i < len(h); i += 2 {
				parts = append(parts, h[i:i+2])
			}
			h = strings.Join(parts, sep)
		}
		return starlark.String(h), true, nil
	case "partition", "rpartition":
		var sep starlark.Bytes
		if err := unpack(name, args, kwargs, "sep", &sep); err != nil {
			return nil, true, err
		}
		if sep == "" {
			return nil, true, pyerr.New("ValueError", "empty separator")
		}
		var i int
		if name == "partition" {
			i = strings.Index(s, string(sep))
		} else {
			i = strings.LastIndex(s, string(sep))
		}
		if i < 0 {
			if name == "partition" {
				return starlark.Tuple{bs, starlark.Bytes(""), starlark.Bytes("")}, true, nil
			}
			return starlark.Tuple{starlark.Bytes(""), starlark.Bytes(""), bs}, true, nil
		}
		return starlark.Tuple{starlark.Bytes(s[:i]), sep, starlark.Bytes(s[i+len(sep):])}, true, nil
	case "splitlines":
		keep := false
		if err := unpack(name, args, kwargs, "keepends?", &keep); err != nil {
			return nil, true, err
		}
		return splitLines(s, keep, true, func(x string) starlark.Value { return starlark.Bytes(x) }), true, nil
	case "rjust", "ljust", "center":
		var width int
		fill := starlark.Bytes(" ")
		if err := unpack(name, args, kwargs, "width", &width, "fillchar?", &fill); err != nil {
			return nil, true, err
		}
		if len(fill) != 1 {
			return nil, true, pyerr.New("TypeError", "%s() argument 2 must be a byte string of length 1", name)
		}
		out, err := justify(name, s, starlark.Tuple{starlark.MakeInt(width), starlark.String(fill)}, nil)
		return starlark.Bytes(out), true, err
	case "zfill":
		var w int
		if err := unpack(name, args, kwargs, "width", &w); err != nil {
			return nil, true, err
		}
		return starlark.Bytes(zfill(s, w)), true, nil
	case "isascii":
		return starlark.Bool(isASCII(s)), true, nil
	}
	return nil, false, nil
}

func bs2(s string) []byte { return []byte(s) }

func fromHex(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := unpack("fromhex", args, kwargs, "string", &s); err != nil {
		return nil, err
	}
	clean := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' {
			return -1
		}
		return r
	}, s)
	b, err := hex.DecodeString(clean)
	if err != nil {
		return nil, pyerr.New("ValueError", "non-hexadecimal number found in fromhex() arg")
	}
	return starlark.Bytes(b), nil
}

func byteOrder(order string) (bool, error) {
	switch order {
	case "big":
		return false, nil
	case "little":
		return true, nil
	}
	return false, pyerr.New("ValueError", "byteorder must be either 'little' or 'big'")
}

func intMethod(n starlark.Int, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, bool, error) {
	switch name {
	case "bit_length":
		return starlark.MakeInt(n.BigInt().BitLen()), true, nil
	case "to_bytes":
		length, order, signed := 1, "big", false
		if err := unpack(name, args, kwargs, "length?", &length, "byteorder?", &order, "signed?", &signed); err != nil {
			return nil, true, err
		}
		little, err := byteOrder(order)
		if err != nil {
			return nil, true, err
		}
		if length < 0 || length > 1<<24 {
			return nil, true, pyerr.New("ValueError", "length argument must be non-negative")
		}
		x := n.BigInt()
		if x.Sign() < 0 && !signed {
			return nil, true, pyerr.New("OverflowError", "can't convert negative int to unsigned")
		}
		mod := new(big.Int).Lsh(big.NewInt(1), uint(8*length))
		if signed {
			half := new(big.Int).Rsh(mod, 1)
			if x.Cmp(half) >= 0 || x.Cmp(new(big.Int).Neg(half)) < 0 {
				return nil, true, pyerr.New("OverflowError", "int too big to convert")
			}
			if x.Sign() < 0 {
				x = new(big.Int).Add(x, mod)
			}
		} else if x.Cmp(mod) >= 0 {
			return nil, true, pyerr.New("OverflowError", "int too big to convert")
		}
		b := x.FillBytes(make([]byte, length))
		if little {
			for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
				b[i], b[j] = b[j], b[i]
			}
		}
		return starlark.Bytes(b), true, nil
	}
	return nil, false, nil
}

func fromBytes(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	order, signed := "big", false
	if err := unpack("from_bytes", args, kwargs, "bytes", &data, "byteorder?", &order, "signed?", &signed); err != nil {
		return nil, err
	}
	little, err := byteOrder(order)
	if err != nil {
		return nil, err
	}
	var b []byte
	switch d := data.(type) {
	case starlark.Bytes:
		b = []byte(d)
	default:
		return nil, pyerr.New("TypeError", "cannot convert '%s' object to bytes", pyType(data))
	}
	if little {
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
	}
	x := new(big.Int).SetBytes(b)
	if signed && len(b) > 0 && b[0]&0x80 != 0 {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return starlark.MakeBigInt(x), nil
}
