package interp

import (
	"go.starlark.net/starlark"
)

// ErrorValue is the error try_call returns: error.kind, error.msg, and
// str(error) == "Kind: msg".
type ErrorValue struct {
	kind, msg string
}

// NewErrorValue returns an error value.
func NewErrorValue(kind, msg string) *ErrorValue { return &ErrorValue{kind, msg} }

var _ starlark.HasAttrs = (*ErrorValue)(nil)

func (e *ErrorValue) String() string        { return e.kind + ": " + e.msg }
func (e *ErrorValue) Type() string          { return "error" }
func (e *ErrorValue) Freeze()               {}
func (e *ErrorValue) Truth() starlark.Bool  { return starlark.True }
func (e *ErrorValue) Hash() (uint32, error) { return starlark.String(e.String()).Hash() }
func (e *ErrorValue) AttrNames() []string   { return []string{"kind", "msg"} }
func (e *ErrorValue) Attr(name string) (starlark.Value, error) {
	switch name {
	case "kind":
		return starlark.String(e.kind), nil
	case "msg":
		return starlark.String(e.msg), nil
	}
	return nil, nil
}
