package coretest

import (
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// NewStringIO is a predeclarable stand-in for Python's io.StringIO, so that
// cases can write through a module to a file-like object (write, getvalue).
// The generators map it to io.StringIO.
func NewStringIO() *starlark.Builtin {
	return starlark.NewBuiltin("StringIO", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return &stringIO{}, nil
	})
}

type stringIO struct{ b strings.Builder }

func (s *stringIO) String() string        { return "<StringIO>" }
func (s *stringIO) Type() string          { return "StringIO" }
func (s *stringIO) Freeze()               {}
func (s *stringIO) Truth() starlark.Bool  { return true }
func (s *stringIO) Hash() (uint32, error) { return 0, nil }
func (s *stringIO) AttrNames() []string   { return []string{"getvalue", "write"} }

func (s *stringIO) Attr(name string) (starlark.Value, error) {
	switch name {
	case "write":
		return starlark.NewBuiltin("write", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var text string
			if err := starlark.UnpackArgs("write", args, kwargs, "s", &text); err != nil {
				return nil, err
			}
			s.b.WriteString(text)
			return starlark.MakeInt(utf8.RuneCountInString(text)), nil
		}), nil
	case "getvalue":
		return starlark.NewBuiltin("getvalue", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(s.b.String()), nil
		}), nil
	}
	return nil, nil
}
