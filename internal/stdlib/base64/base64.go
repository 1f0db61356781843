// Package base64mod is Python's base64: b64encode, b64decode and their
// urlsafe variants, over bytes (or a str, as its UTF-8 bytes) in memory.
// Decoding is binascii.a2b_base64's, lenient or strict (validate=True).
// It raises no events: CPython's base64 raises none. (The Go package is
// base64mod, so as not to shadow encoding/base64.)
package base64mod

import (
	"encoding/base64"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// b64ErrKind is the class Python raises for bad base64 input
// (binascii.Error, a ValueError subclass).
const b64ErrKind = "binascii.Error"

// Module is the base64 module.
func Module() *starlarkstruct.Module {
	return core.Module("base64", map[string]core.Func{
		"b64encode":         b64Encode,
		"b64decode":         b64Decode,
		"urlsafe_b64encode": b64URLSafeEncode,
		"urlsafe_b64decode": b64URLSafeDecode,
	}, nil)
}

// b64encode(s, altchars=None) -> bytes
func b64Encode(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, alt starlark.Value = nil, starlark.None
	if err := core.Unpack(b.Name(), args, kwargs, "s", &s, "altchars?", &alt); err != nil {
		return nil, err
	}
	return b64EncodeWith(b.Name(), s, alt)
}

// urlsafe_b64encode(s) -> bytes, with - and _ for + and /.
func b64URLSafeEncode(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "s", &s); err != nil {
		return nil, err
	}
	return b64EncodeWith(b.Name(), s, starlark.Bytes("-_"))
}

func b64EncodeWith(fn string, s, alt starlark.Value) (starlark.Value, error) {
	data, err := core.BytesOrStr(fn, "s", s)
	if err != nil {
		return nil, err
	}
	out := base64.StdEncoding.EncodeToString([]byte(data))
	if alt != starlark.None {
		a, err := b64Altchars(fn, alt)
		if err != nil {
			return nil, err
		}
		out = strings.NewReplacer("+", a[:1], "/", a[1:]).Replace(out)
	}
	return starlark.Bytes(out), nil
}

// b64decode(s, altchars=None, validate=False) -> bytes
func b64Decode(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, alt starlark.Value = nil, starlark.None
	var validate bool
	if err := core.Unpack(b.Name(), args, kwargs, "s", &s, "altchars?", &alt, "validate?", &validate); err != nil {
		return nil, err
	}
	return b64DecodeWith(b.Name(), s, alt, validate)
}

// urlsafe_b64decode(s) -> bytes
func b64URLSafeDecode(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "s", &s); err != nil {
		return nil, err
	}
	return b64DecodeWith(b.Name(), s, starlark.Bytes("-_"), false)
}

func b64DecodeWith(fn string, s, alt starlark.Value, validate bool) (starlark.Value, error) {
	data, err := core.BytesOrStr(fn, "s", s)
	if err != nil {
		return nil, err
	}
	if _, isStr := s.(starlark.String); isStr && !isASCII(data) {
		return nil, pyerr.New("ValueError", "string argument should contain only ASCII characters")
	}
	if alt != starlark.None {
		a, err := b64Altchars(fn, alt)
		if err != nil {
			return nil, err
		}
		data = strings.NewReplacer(a[:1], "+", a[1:], "/").Replace(data)
	}
	out, err := a2bBase64(data, validate)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(out), nil
}

func b64Altchars(fn string, v starlark.Value) (string, error) {
	a, err := core.BytesOrStr(fn, "altchars", v)
	if err != nil {
		return "", err
	}
	if len(a) != 2 {
		return "", pyerr.New("ValueError", "%s() altchars must be 2 bytes, not %d", fn, len(a))
	}
	return a, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func b64Value(c byte) int {
	switch {
	case 'A' <= c && c <= 'Z':
		return int(c - 'A')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 26
	case '0' <= c && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// a2bBase64 decodes as CPython's binascii.a2b_base64 does. By default
// characters outside the alphabet are skipped and decoding stops at the
// padding that completes a quad; strict (validate=True) refuses anything
// but canonical base64. Go's decoder is strict only, and would reject
// input Python accepts (line breaks, stray characters).
func a2bBase64(s string, strict bool) (string, error) {
	if strict && strings.HasPrefix(s, "=") {
		return "", pyerr.New(b64ErrKind, "Leading padding not allowed")
	}
	out := make([]byte, 0, len(s)/4*3+3)
	quad, pads := 0, 0
	padding := false
	var left byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			padding = true
			if strict && quad == 0 {
				return "", pyerr.New(b64ErrKind, "Excess padding not allowed")
			}
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					if strict && i+1 < len(s) {
						return "", pyerr.New(b64ErrKind, "Excess data after padding")
					}
					return string(out), nil
				}
			}
			continue
		}
		v := b64Value(c)
		if v < 0 {
			if strict {
				return "", pyerr.New(b64ErrKind, "Only base64 data is allowed")
			}
			continue
		}
		if strict && padding {
			return "", pyerr.New(b64ErrKind, "Discontinuous padding not allowed")
		}
		pads = 0
		switch quad {
		case 0:
			left = byte(v)
		case 1:
			out = append(out, left<<2|byte(v)>>4)
			left = byte(v) & 0x0f
		case 2:
			out = append(out, left<<4|byte(v)>>2)
			left = byte(v) & 0x03
		case 3:
			out = append(out, left<<6|byte(v))
		}
		quad = (quad + 1) % 4
	}
	switch quad {
	case 0:
		return string(out), nil
	case 1:
		return "", pyerr.New(b64ErrKind, "Invalid base64-encoded string: number of data characters (%d) cannot be 1 more than a multiple of 4", len(out)/3*4+1)
	}
	return "", pyerr.New(b64ErrKind, "Incorrect padding")
}
