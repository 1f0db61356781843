package core

import (
	"strings"

	"go.starlark.net/starlark"
)

// NamedTuple is a tuple whose items are also attributes, like Python's
// namedtuple results (shutil.disk_usage's usage, time.struct_time).
type NamedTuple struct {
	starlark.Tuple
	name   string
	fields []string
}

// NewNamedTuple makes a NamedTuple of type name whose items are vals,
// named by fields.
func NewNamedTuple(name string, fields []string, vals ...starlark.Value) *NamedTuple {
	return &NamedTuple{Tuple: starlark.Tuple(vals), name: name, fields: fields}
}

func (t *NamedTuple) String() string {
	parts := make([]string, len(t.fields))
	for i, f := range t.fields {
		parts[i] = f + "=" + t.Tuple[i].String()
	}
	return t.name + "(" + strings.Join(parts, ", ") + ")"
}
func (t *NamedTuple) Type() string        { return t.name }
func (t *NamedTuple) AttrNames() []string { return t.fields }
func (t *NamedTuple) Attr(name string) (starlark.Value, error) {
	for i, f := range t.fields {
		if f == name {
			return t.Tuple[i], nil
		}
	}
	return nil, nil
}
