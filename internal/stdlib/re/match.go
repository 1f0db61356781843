package re

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// reMatch is a match object (Python's re.Match). Offsets are byte offsets,
// which is how Starlark indexes str.
type reMatch struct {
	p   *rePattern
	s   string
	sv  starlark.Value // the string searched, as given
	loc []int          // 2*(groups+1) offsets, -1 for groups that did not take part
}

var (
	_ starlark.HasAttrs = (*reMatch)(nil)
	_ starlark.Mapping  = (*reMatch)(nil) // m[1], m["name"]
)

func (m *reMatch) String() string {
	return fmt.Sprintf("<re.Match object; span=(%d, %d), match=%s>", m.loc[0], m.loc[1], m.p.value(m.s[m.loc[0]:m.loc[1]]).String())
}
func (m *reMatch) Type() string         { return "re.Match" }
func (m *reMatch) Freeze()              {}
func (m *reMatch) Truth() starlark.Bool { return starlark.True }
func (m *reMatch) Hash() (uint32, error) {
	return 0, pyerr.New("TypeError", "unhashable type: 're.Match'")
}

var reMatchMethods = map[string]core.Func{
	"group":     reMatchGroup,
	"groups":    reMatchGroups,
	"groupdict": reMatchGroupdict,
	"start":     reMatchPos("start"),
	"end":       reMatchPos("end"),
	"span":      reMatchPos("span"),
	"expand":    reMatchExpand,
}

func (m *reMatch) AttrNames() []string {
	return core.MethodNames(reMatchMethods, "endpos", "lastgroup", "lastindex", "pos", "re", "string")
}

func (m *reMatch) Attr(name string) (starlark.Value, error) {
	switch name {
	case "string":
		return m.sv, nil
	case "re":
		return m.p, nil
	case "pos":
		return starlark.MakeInt(0), nil
	case "endpos":
		return starlark.MakeInt(len(m.s)), nil
	case "lastindex", "lastgroup":
		// The group that closed last: the one with the greatest end, the
		// outermost on a tie (Python's rule).
		last, end := -1, -1
		for g := 1; 2*g < len(m.loc); g++ {
			if m.loc[2*g] >= 0 && m.loc[2*g+1] > end {
				last, end = g, m.loc[2*g+1]
			}
		}
		if last < 0 {
			return starlark.None, nil
		}
		if name == "lastindex" {
			return starlark.MakeInt(last), nil
		}
		if n := m.p.re.SubexpNames()[last]; n != "" {
			return starlark.String(n), nil
		}
		return starlark.None, nil
	}
	return core.Method(m, name, reMatchMethods), nil
}

// Get implements m[g].
func (m *reMatch) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, err := m.group(k, starlark.None)
	return v, err == nil, err
}

// index resolves a group number or name.
func (m *reMatch) index(g starlark.Value) (int, error) {
	switch g := g.(type) {
	case starlark.Int:
		if n, ok := g.Int64(); ok && n >= 0 && 2*n < int64(len(m.loc)) {
			return int(n), nil
		}
	case starlark.String:
		if n := m.p.re.SubexpIndex(string(g)); n >= 0 {
			return n, nil
		}
	}
	return 0, pyerr.New("IndexError", "no such group")
}

func (m *reMatch) group(g, dflt starlark.Value) (starlark.Value, error) {
	n, err := m.index(g)
	if err != nil {
		return nil, err
	}
	if m.loc[2*n] < 0 {
		return dflt, nil
	}
	return m.p.value(m.s[m.loc[2*n]:m.loc[2*n+1]]), nil
}

// group(*groups): group 0 with no argument, one value for one argument, a
// tuple for several.
func reMatchGroup(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := b.Receiver().(*reMatch)
	if len(kwargs) > 0 {
		return nil, pyerr.New("TypeError", "group() takes no keyword arguments")
	}
	if len(args) == 0 {
		args = starlark.Tuple{starlark.MakeInt(0)}
	}
	out := make(starlark.Tuple, len(args))
	for i, g := range args {
		v, err := m.group(g, starlark.None)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

func reMatchGroups(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := b.Receiver().(*reMatch)
	var dflt starlark.Value = starlark.None
	if err := core.Unpack("groups", args, kwargs, "default?", &dflt); err != nil {
		return nil, err
	}
	out := make(starlark.Tuple, 0, len(m.loc)/2-1)
	for g := 1; 2*g < len(m.loc); g++ {
		v, _ := m.group(starlark.MakeInt(g), dflt)
		out = append(out, v)
	}
	return out, nil
}

func reMatchGroupdict(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := b.Receiver().(*reMatch)
	var dflt starlark.Value = starlark.None
	if err := core.Unpack("groupdict", args, kwargs, "default?", &dflt); err != nil {
		return nil, err
	}
	d := starlark.NewDict(0)
	for g, name := range m.p.re.SubexpNames() {
		if name != "" {
			v, _ := m.group(starlark.MakeInt(g), dflt)
			if err := d.SetKey(starlark.String(name), v); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// start(g=0), end(g=0), span(g=0): -1 for a group that did not take part.
func reMatchPos(kind string) core.Func {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		m := b.Receiver().(*reMatch)
		var g starlark.Value = starlark.MakeInt(0)
		if err := core.Unpack(kind, args, kwargs, "group?", &g); err != nil {
			return nil, err
		}
		n, err := m.index(g)
		if err != nil {
			return nil, err
		}
		start, end := starlark.MakeInt(m.loc[2*n]), starlark.MakeInt(m.loc[2*n+1])
		switch kind {
		case "start":
			return start, nil
		case "end":
			return end, nil
		}
		return starlark.Tuple{start, end}, nil
	}
}

// expand(template) applies a sub() template to this match.
func reMatchExpand(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := b.Receiver().(*reMatch)
	var tv starlark.Value
	if err := core.Unpack("expand", args, kwargs, "template", &tv); err != nil {
		return nil, err
	}
	t, err := m.p.text(tv)
	if err != nil {
		return nil, err
	}
	tmpl, err := parseReTemplate(m.p, t)
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	tmpl.expand(&out, m.s, m.loc)
	return m.p.value(out.String()), nil
}
