package argparse

import (
	"strings"
	"unicode"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/pyfmt"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Namespace is argparse.Namespace: attributes in the order they were
// first set. ns.__dict__ (and vars(ns)) is a dict copy of them.
type Namespace struct {
	keys   []string
	vals   map[string]starlark.Value
	frozen bool
}

func newNamespace() *Namespace { return &Namespace{vals: map[string]starlark.Value{}} }

func (ns *Namespace) has(k string) bool { _, ok := ns.vals[k]; return ok }

func (ns *Namespace) get(k string) (starlark.Value, bool) { v, ok := ns.vals[k]; return v, ok }

func (ns *Namespace) set(k string, v starlark.Value) {
	if _, ok := ns.vals[k]; !ok {
		ns.keys = append(ns.keys, k)
	}
	ns.vals[k] = v
}

func (ns *Namespace) del(k string) {
	if _, ok := ns.vals[k]; !ok {
		return
	}
	delete(ns.vals, k)
	for i, x := range ns.keys {
		if x == k {
			ns.keys = append(ns.keys[:i:i], ns.keys[i+1:]...)
			break
		}
	}
}

var (
	_ starlark.HasSetField = (*Namespace)(nil)
	_ starlark.Comparable  = (*Namespace)(nil)
	_ starlark.HasAttrs    = (*Namespace)(nil)
	_ starlark.Value       = (*Namespace)(nil)
)

// String is CPython's repr: Namespace(a=1, b='x'), names that are not
// identifiers in a trailing **{...}.
func (ns *Namespace) String() string {
	var parts, star []string
	for _, k := range ns.keys {
		if isIdentifier(k) {
			parts = append(parts, k+"="+pyfmt.Repr(ns.vals[k]))
		} else {
			star = append(star, pyfmt.Repr(starlark.String(k))+": "+pyfmt.Repr(ns.vals[k]))
		}
	}
	if len(star) > 0 {
		parts = append(parts, "**{"+strings.Join(star, ", ")+"}")
	}
	return "Namespace(" + strings.Join(parts, ", ") + ")"
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func (ns *Namespace) Type() string         { return "Namespace" }
func (ns *Namespace) Freeze()              { ns.frozen = true; ns.dict().Freeze() }
func (ns *Namespace) Truth() starlark.Bool { return true }
func (ns *Namespace) Hash() (uint32, error) {
	return 0, core.Errorf("TypeError", "unhashable type: 'Namespace'")
}

func (ns *Namespace) dict() *starlark.Dict {
	d := starlark.NewDict(len(ns.keys))
	for _, k := range ns.keys {
		_ = d.SetKey(starlark.String(k), ns.vals[k])
	}
	return d
}

func (ns *Namespace) AttrNames() []string { return append([]string(nil), ns.keys...) }

func (ns *Namespace) Attr(name string) (starlark.Value, error) {
	if v, ok := ns.vals[name]; ok {
		return v, nil
	}
	if name == "__dict__" {
		return ns.dict(), nil
	}
	return nil, core.Errorf("AttributeError", "'Namespace' object has no attribute '%s'", name)
}

// Has is Namespace.__contains__: 'name' in ns.
func (ns *Namespace) Has(k starlark.Value) (bool, error) {
	s, ok := k.(starlark.String)
	return ok && ns.has(string(s)), nil
}

func (ns *Namespace) SetField(name string, v starlark.Value) error {
	if ns.frozen {
		return core.Errorf("TypeError", "cannot set attribute '%s' of a frozen Namespace", name)
	}
	ns.set(name, v)
	return nil
}

// CompareSameType is Namespace equality: the same names with equal values.
func (ns *Namespace) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	o := y.(*Namespace)
	switch op {
	case syntax.EQL, syntax.NEQ:
		eq, err := starlark.EqualDepth(ns.dict(), o.dict(), depth)
		if err != nil {
			return false, err
		}
		return eq == (op == syntax.EQL), nil
	}
	return false, core.Errorf("TypeError", "'%s' not supported between instances of 'Namespace' and 'Namespace'", op)
}
