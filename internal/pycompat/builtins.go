package pycompat

import (
	"math"
	"math/big"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/pyfmt"
)

// Builtins returns the builtins this package provides: the hidden ones the
// rewritten tree calls, Python's round, format and ascii, and str, repr
// and bytes as CPython renders and accepts them.
func Builtins() map[string]func() starlark.Value {
	b := map[string]func() starlark.Value{}
	add := func(name, shown string, fn func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)) {
		b[name] = func() starlark.Value { return starlark.NewBuiltin(shown, fn) }
	}
	add(PercentName, "%", percent)
	add(MethodName, "method", method)
	add(PowName, "pow", pow)
	add(AssertName, "assert", assert)
	add(IsName, "is", is)
	add(IsNotName, "is not", isNot)
	add("round", "round", round)
	add("format", "format", format)
	add("ascii", "ascii", ascii)
	add("str", "str", str)
	add("repr", "repr", repr)
	add("bytes", "bytes", bytesFn)
	add("pow", "pow", pow)
	add("sum", "sum", sum)
	add("divmod", "divmod", divmod)
	add("vars", "vars", vars)
	return b
}

func typeErr(err error) error {
	if err == nil {
		return nil
	}
	return pyerr.New("TypeError", "%s", err.Error())
}

// nargs checks the hidden builtins' arguments: the rewritten tree always
// passes n, but a script can reach them through a value (getattr, dir).
func nargs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, n int) error {
	if len(args) != n || len(kwargs) != 0 {
		return pyerr.New("TypeError", "%s() takes exactly %d arguments (%d given)", b.Name(), n, len(args)+len(kwargs))
	}
	return nil
}

func percent(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := nargs(b, args, kwargs, 2); err != nil {
		return nil, err
	}
	if s, ok := args[0].(starlark.String); ok {
		out, err := pyfmt.Percent(string(s), args[1])
		if err != nil {
			return nil, err
		}
		return starlark.String(out), nil
	}
	return starlark.Binary(syntax.PERCENT, args[0], args[1])
}

// maxPowBits bounds an int ** int result: a larger one is an
// OverflowError rather than minutes of work and gigabytes of memory.
const maxPowBits = 1 << 20

func pow(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, y starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &x, &y); err != nil {
		return nil, typeErr(err)
	}
	xi, xInt := asInt(x)
	yi, yInt := asInt(y)
	if xInt && yInt && yi.Sign() >= 0 {
		bits := int64(xi.BitLen())
		if bits > 1 && (!yi.IsInt64() || yi.Int64()*bits > maxPowBits) {
			return nil, pyerr.New("OverflowError", "integer result of ** too large (over %d bits)", maxPowBits)
		}
		return starlark.MakeBigInt(new(big.Int).Exp(xi, yi, nil)), nil
	}
	xf, ok1 := starlark.AsFloat(x)
	yf, ok2 := starlark.AsFloat(y)
	if !ok1 || !ok2 {
		return nil, pyerr.New("TypeError", "unsupported operand type(s) for ** or pow(): '%s' and '%s'", pyType(x), pyType(y))
	}
	if xf == 0 && yf < 0 {
		return nil, pyerr.New("ZeroDivisionError", "0.0 cannot be raised to a negative power")
	}
	if xf < 0 && yf != math.Trunc(yf) {
		return nil, pyerr.New("ValueError", "negative number cannot be raised to a fractional power (spython has no complex numbers)")
	}
	r := math.Pow(xf, yf)
	if math.IsInf(r, 0) && !math.IsInf(xf, 0) {
		return nil, pyerr.New("OverflowError", "(34, 'Numerical result out of range')")
	}
	return starlark.Float(r), nil
}

func asInt(v starlark.Value) (*big.Int, bool) {
	switch v := v.(type) {
	case starlark.Int:
		return v.BigInt(), true
	case starlark.Bool:
		if v {
			return big.NewInt(1), true
		}
		return big.NewInt(0), true
	}
	return nil, false
}

func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.NoneType:
		return "NoneType"
	case starlark.String:
		return "str"
	}
	return v.Type()
}

func assert(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 || args[0].Truth() {
		return starlark.None, nil
	}
	msg := ""
	if len(args) > 1 {
		msg = pyfmt.Str(args[1])
	}
	return nil, &pyerr.Error{Kind: "AssertionError", Msg: msg}
}

// identical is `x is y` as far as Starlark values allow: None, True and
// False are singletons; lists, dicts and sets are compared by reference;
// other values (numbers, strings, tuples) by equality.
func identical(x, y starlark.Value) (bool, error) {
	switch x := x.(type) {
	case starlark.NoneType, starlark.Bool:
		return x == y, nil
	case *starlark.List, *starlark.Dict, *starlark.Set:
		return x == y, nil
	}
	switch y.(type) {
	case starlark.NoneType, starlark.Bool, *starlark.List, *starlark.Dict, *starlark.Set:
		return false, nil
	}
	if x.Type() != y.Type() {
		return false, nil
	}
	return starlark.Equal(x, y)
}

func is(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := nargs(b, args, kwargs, 2); err != nil {
		return nil, err
	}
	ok, err := identical(args[0], args[1])
	return starlark.Bool(ok), err
}

func isNot(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := nargs(b, args, kwargs, 2); err != nil {
		return nil, err
	}
	ok, err := identical(args[0], args[1])
	return starlark.Bool(!ok), err
}

func round(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	var n starlark.Value = starlark.None
	if err := starlark.UnpackArgs("round", args, kwargs, "number", &x, "ndigits?", &n); err != nil {
		return nil, typeErr(err)
	}
	return pyfmt.Round(x, n)
}

func format(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	var spec starlark.String
	if err := starlark.UnpackArgs("format", args, kwargs, "value", &x, "format_spec?", &spec); err != nil {
		return nil, typeErr(err)
	}
	s, err := pyfmt.Format(x, string(spec))
	return starlark.String(s), err
}

func ascii(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("ascii", args, kwargs, 1, &x); err != nil {
		return nil, typeErr(err)
	}
	return starlark.String(pyfmt.Ascii(x)), nil
}

func repr(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("repr", args, kwargs, 1, &x); err != nil {
		return nil, typeErr(err)
	}
	return starlark.String(pyfmt.Repr(x)), nil
}

// str(object="") or str(bytes, encoding, errors="strict").
func str(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value = starlark.String("")
	var encoding, errors starlark.Value
	if err := starlark.UnpackArgs("str", args, kwargs, "object?", &x, "encoding?", &encoding, "errors?", &errors); err != nil {
		return nil, typeErr(err)
	}
	if encoding != nil || errors != nil {
		bs, ok := x.(starlark.Bytes)
		if !ok {
			return nil, pyerr.New("TypeError", "decoding to str: need a bytes-like object, %s found", pyType(x))
		}
		return decode(string(bs), optString(encoding, "utf-8"), optString(errors, "strict"))
	}
	if s, ok := x.(starlark.String); ok {
		return s, nil
	}
	return starlark.String(pyfmt.Str(x)), nil
}

func optString(v starlark.Value, def string) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return def
}

// bytes(), bytes(str, encoding, errors), bytes(n), bytes(iterable).
func bytesFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value = starlark.Bytes("")
	var encoding, errors starlark.Value
	if err := starlark.UnpackArgs("bytes", args, kwargs, "source?", &x, "encoding?", &encoding, "errors?", &errors); err != nil {
		return nil, typeErr(err)
	}
	switch v := x.(type) {
	case starlark.String:
		if encoding == nil {
			// Python requires an encoding; Starlark's bytes(str) is UTF-8,
			// and existing scripts rely on it.
			return starlark.Bytes(v), nil
		}
		return encode(string(v), optString(encoding, "utf-8"), optString(errors, "strict"))
	case starlark.Int:
		n, ok := v.Int64()
		if !ok || n < 0 {
			return nil, pyerr.New("ValueError", "negative count")
		}
		if n > 1<<28 {
			return nil, pyerr.New("OverflowError", "cannot fit 'int' into an index-sized integer")
		}
		return starlark.Bytes(make([]byte, n)), nil
	}
	if encoding != nil {
		return nil, pyerr.New("TypeError", "encoding without a string argument")
	}
	return starlark.Call(thread, starlark.Universe["bytes"], starlark.Tuple{x}, nil)
}

// sum(iterable, /, start=0), numbers only (as CPython, which refuses str).
func sum(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Iterable
	var total starlark.Value = starlark.MakeInt(0)
	if err := starlark.UnpackArgs("sum", args, kwargs, "iterable", &it, "start?", &total); err != nil {
		return nil, typeErr(err)
	}
	if _, ok := total.(starlark.String); ok {
		return nil, pyerr.New("TypeError", "sum() can't sum strings [use ''.join(seq) instead]")
	}
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if _, ok := x.(starlark.String); ok {
			return nil, pyerr.New("TypeError", "unsupported operand type(s) for +: '%s' and 'str'", pyType(total))
		}
		var err error
		if total, err = starlark.Binary(syntax.PLUS, total, x); err != nil {
			return nil, err
		}
	}
	return total, nil
}

// divmod(a, b) is (a // b, a % b).
func divmod(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := nargs(b, args, kwargs, 2); err != nil {
		return nil, err
	}
	q, err := starlark.Binary(syntax.SLASHSLASH, args[0], args[1])
	if err != nil {
		return nil, err
	}
	r, err := starlark.Binary(syntax.PERCENT, args[0], args[1])
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{q, r}, nil
}

// vars(obj) is obj.__dict__ (argparse's Namespace has one). Without an
// argument Python returns the local variables, which Starlark cannot.
func vars(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("vars", args, kwargs, 0, &x); err != nil {
		return nil, typeErr(err)
	}
	if x == nil {
		return nil, pyerr.New("TypeError", "vars() without an argument is not supported in spython (there are no locals() to return)")
	}
	if ha, ok := x.(starlark.HasAttrs); ok {
		if d, err := ha.Attr("__dict__"); err == nil && d != nil {
			return d, nil
		}
	}
	return nil, pyerr.New("TypeError", "vars() argument must have __dict__ attribute")
}
