package core

import (
	"sort"

	"go.starlark.net/starlark"
)

// Class is a Python class as a script sees it: calling it makes an
// instance, and its attributes are its class methods and constants
// (datetime.datetime.now, datetime.timezone.utc). The catalogue walks
// Members like a module's.
type Class struct {
	Dotted  string // dotted Python name, e.g. "datetime.datetime"
	New     Func
	Members starlark.StringDict
}

var (
	_ starlark.Callable = (*Class)(nil)
	_ starlark.HasAttrs = (*Class)(nil)
)

// NewClass makes a class whose methods are named Name.method.
func NewClass(name string, newFn Func, methods map[string]Func, consts starlark.StringDict) *Class {
	c := &Class{Dotted: name, New: newFn, Members: starlark.StringDict{}}
	for k, fn := range methods {
		c.Members[k] = starlark.NewBuiltin(name+"."+k, fn)
	}
	for k, v := range consts {
		c.Members[k] = v
	}
	return c
}

func (c *Class) String() string        { return "<class '" + c.Dotted + "'>" }
func (c *Class) Type() string          { return "type" }
func (c *Class) Freeze()               { c.Members.Freeze() }
func (c *Class) Truth() starlark.Bool  { return starlark.True }
func (c *Class) Hash() (uint32, error) { return starlark.String(c.Dotted).Hash() }
func (c *Class) Name() string          { return c.Dotted }

func (c *Class) CallInternal(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if c.New == nil {
		return nil, Errorf("TypeError", "cannot create '%s' instances", c.Dotted)
	}
	return c.New(thread, starlark.NewBuiltin(c.Dotted, c.New), args, kwargs)
}

func (c *Class) Attr(name string) (starlark.Value, error) { return c.Members[name], nil }

func (c *Class) AttrNames() []string {
	names := make([]string, 0, len(c.Members))
	for k := range c.Members {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
