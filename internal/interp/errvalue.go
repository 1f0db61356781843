package interp

import (
	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// ErrorValue is the error try_call returns: error.kind, error.msg, and
// str(error) == "Kind: msg". An OSError (or a subclass) also has Python's
// errno, strerror, filename and filename2, None where not set.
type ErrorValue struct {
	kind, msg string
	os        *pyerr.OSFields // nil unless kind is an OSError
}

// NewErrorValue returns an error value.
func NewErrorValue(kind, msg string) *ErrorValue { return &ErrorValue{kind: kind, msg: msg} }

// newErrorValueOf returns the error value for err, with the OSError
// fields when err is one.
func newErrorValueOf(err error) *ErrorValue {
	kind, msg := pyerr.KindOf(err)
	e := NewErrorValue(kind, msg)
	if pyerr.IsOSError(kind) {
		f := pyerr.OSErrorFields(err, msg)
		e.os = &f
	}
	return e
}

var _ starlark.HasAttrs = (*ErrorValue)(nil)

func (e *ErrorValue) String() string        { return e.kind + ": " + e.msg }
func (e *ErrorValue) Type() string          { return "error" }
func (e *ErrorValue) Freeze()               {}
func (e *ErrorValue) Truth() starlark.Bool  { return starlark.True }
func (e *ErrorValue) Hash() (uint32, error) { return starlark.String(e.String()).Hash() }

func (e *ErrorValue) AttrNames() []string {
	if e.os != nil {
		return []string{"errno", "filename", "filename2", "kind", "msg", "strerror"}
	}
	return []string{"kind", "msg"}
}

func (e *ErrorValue) Attr(name string) (starlark.Value, error) {
	switch name {
	case "kind":
		return starlark.String(e.kind), nil
	case "msg":
		return starlark.String(e.msg), nil
	}
	if e.os == nil {
		return nil, nil
	}
	switch name {
	case "errno":
		if e.os.Errno == nil {
			return starlark.None, nil
		}
		return starlark.MakeInt(*e.os.Errno), nil
	case "strerror":
		return optString(e.os.Strerror), nil
	case "filename":
		return optString(e.os.Filename), nil
	case "filename2":
		return optString(e.os.Filename2), nil
	}
	return nil, nil
}

func optString(s *string) starlark.Value {
	if s == nil {
		return starlark.None
	}
	return starlark.String(*s)
}
