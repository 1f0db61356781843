// Package pystring is Python's string module for spython scripts: the
// character-class constants and capwords. (Named pystring: "string" is
// the Go package's name.) Pure.
package pystring

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

const (
	lower       = "abcdefghijklmnopqrstuvwxyz"
	upper       = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits      = "0123456789"
	punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
	whitespace  = " \t\n\r\x0b\x0c"
)

// Module returns the string module.
func Module() starlark.Value {
	return core.Module("string", map[string]core.Func{
		"capwords": capwords,
	}, starlark.StringDict{
		"ascii_lowercase": starlark.String(lower),
		"ascii_uppercase": starlark.String(upper),
		"ascii_letters":   starlark.String(lower + upper),
		"digits":          starlark.String(digits),
		"hexdigits":       starlark.String(digits + "abcdefABCDEF"),
		"octdigits":       starlark.String("01234567"),
		"punctuation":     starlark.String(punctuation),
		"whitespace":      starlark.String(whitespace),
		"printable":       starlark.String(digits + lower + upper + punctuation + whitespace),
	})
}

// capwords(s, sep=None): split, capitalize each word, join.
func capwords(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	var sepV starlark.Value = starlark.None
	if err := core.Unpack(b.Name(), args, kwargs, "s", &s, "sep?", &sepV); err != nil {
		return nil, err
	}
	var words []string
	join := " "
	if sep, ok := sepV.(starlark.String); ok {
		words = strings.Split(s, string(sep))
		join = string(sep)
	} else {
		words = strings.Fields(s)
	}
	for i, w := range words {
		r := []rune(strings.ToLower(w))
		if len(r) > 0 {
			r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		}
		words[i] = string(r)
	}
	return starlark.String(strings.Join(words, join)), nil
}
