package re

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

var _ starlark.HasAttrs = (*rePattern)(nil)

func (p *rePattern) String() string {
	return "re.compile(" + p.value(p.pattern).String() + ")"
}
func (p *rePattern) Type() string         { return "re.Pattern" }
func (p *rePattern) Freeze()              {}
func (p *rePattern) Truth() starlark.Bool { return starlark.True }
func (p *rePattern) Hash() (uint32, error) {
	return starlark.String(p.pattern).Hash()
}

var rePatternMethods = map[string]core.Func{
	"search":    rePatternFind("search"),
	"match":     rePatternFind("match"),
	"fullmatch": rePatternFind("fullmatch"),
	"findall":   reFindall,
	"finditer":  reFinditer,
	"sub":       reSub,
	"subn":      reSubn,
	"split":     reSplit,
}

func (p *rePattern) AttrNames() []string {
	return core.MethodNames(rePatternMethods, "flags", "groupindex", "groups", "pattern")
}

func (p *rePattern) Attr(name string) (starlark.Value, error) {
	switch name {
	case "pattern":
		return p.value(p.pattern), nil
	case "flags":
		return starlark.MakeInt(p.flags), nil
	case "groups":
		return starlark.MakeInt(p.re.NumSubexp()), nil
	case "groupindex":
		d := starlark.NewDict(0)
		for i, n := range p.re.SubexpNames() {
			if n != "" {
				_ = d.SetKey(starlark.String(n), starlark.MakeInt(i))
			}
		}
		d.Freeze()
		return d, nil
	}
	return core.Method(p, name, rePatternMethods), nil
}

// Pattern.search/match/fullmatch(string) -> Match or None
func rePatternFind(kind string) core.Func {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		p := b.Receiver().(*rePattern)
		var sv starlark.Value
		if err := core.Unpack(kind, args, kwargs, "string", &sv); err != nil {
			return nil, err
		}
		s, err := p.text(sv)
		if err != nil {
			return nil, err
		}
		var loc []int
		switch kind {
		case "search":
			loc = p.re.FindStringSubmatchIndex(s)
		case "match":
			p.variants()
			loc = p.anchored.FindStringSubmatchIndex(s)
		case "fullmatch":
			p.variants()
			loc = p.whole.FindStringSubmatchIndex(s)
		}
		if loc == nil {
			return starlark.None, nil
		}
		return &reMatch{p: p, s: s, sv: sv, loc: loc}, nil
	}
}

// Pattern.findall(string): the matches; with one group, that group's
// text; with several, tuples of them ("" for a group that did not take part).
func reFindall(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p := b.Receiver().(*rePattern)
	var sv starlark.Value
	if err := core.Unpack("findall", args, kwargs, "string", &sv); err != nil {
		return nil, err
	}
	s, err := p.text(sv)
	if err != nil {
		return nil, err
	}
	ng := p.re.NumSubexp()
	group := func(loc []int, g int) starlark.Value {
		if loc[2*g] < 0 {
			return p.value("")
		}
		return p.value(s[loc[2*g]:loc[2*g+1]])
	}
	var out []starlark.Value
	_ = p.each(s, 0, func(loc []int) error {
		switch ng {
		case 0:
			out = append(out, group(loc, 0))
		case 1:
			out = append(out, group(loc, 1))
		default:
			t := make(starlark.Tuple, ng)
			for g := 1; g <= ng; g++ {
				t[g-1] = group(loc, g)
			}
			out = append(out, t)
		}
		return nil
	})
	return starlark.NewList(out), nil
}

// Pattern.finditer(string) -> list of Match (a list, not a lazy iterator).
func reFinditer(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p := b.Receiver().(*rePattern)
	var sv starlark.Value
	if err := core.Unpack("finditer", args, kwargs, "string", &sv); err != nil {
		return nil, err
	}
	s, err := p.text(sv)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	_ = p.each(s, 0, func(loc []int) error {
		out = append(out, &reMatch{p: p, s: s, sv: sv, loc: loc})
		return nil
	})
	return starlark.NewList(out), nil
}

// Pattern.split(string, maxsplit=0): the pieces between matches, with the
// text of each group (None if it did not take part) between them.
func reSplit(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p := b.Receiver().(*rePattern)
	var sv starlark.Value
	maxsplit := 0
	if err := core.Unpack("split", args, kwargs, "string", &sv, "maxsplit?", &maxsplit); err != nil {
		return nil, err
	}
	s, err := p.text(sv)
	if err != nil {
		return nil, err
	}
	if maxsplit < 0 {
		return starlark.NewList([]starlark.Value{sv}), nil
	}
	var out []starlark.Value
	last := 0
	_ = p.each(s, maxsplit, func(loc []int) error {
		out = append(out, p.value(s[last:loc[0]]))
		for g := 1; 2*g < len(loc); g++ {
			if loc[2*g] < 0 {
				out = append(out, starlark.None)
			} else {
				out = append(out, p.value(s[loc[2*g]:loc[2*g+1]]))
			}
		}
		last = loc[1]
		return nil
	})
	out = append(out, p.value(s[last:]))
	return starlark.NewList(out), nil
}

func reSub(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	v, _, err := reSubCommon(thread, "sub", b.Receiver().(*rePattern), args, kwargs)
	return v, err
}

func reSubn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	v, n, err := reSubCommon(thread, "subn", b.Receiver().(*rePattern), args, kwargs)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{v, starlark.MakeInt(n)}, nil
}

// reSubCommon is Pattern.sub(repl, string, count=0): repl is a template
// (\1, \g<name>, \n ...) or a function of the Match returning the text.
func reSubCommon(thread *starlark.Thread, fn string, p *rePattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, int, error) {
	var repl, sv starlark.Value
	count := 0
	if err := core.Unpack(fn, args, kwargs, "repl", &repl, "string", &sv, "count?", &count); err != nil {
		return nil, 0, err
	}
	s, err := p.text(sv)
	if err != nil {
		return nil, 0, err
	}
	if count < 0 {
		return sv, 0, nil
	}
	var expand func(loc []int, out *strings.Builder) error
	if callable, ok := repl.(starlark.Callable); ok {
		expand = func(loc []int, out *strings.Builder) error {
			r, err := starlark.Call(thread, callable, starlark.Tuple{&reMatch{p: p, s: s, sv: sv, loc: loc}}, nil)
			if err != nil {
				return err
			}
			text, err := p.text(r)
			if err != nil {
				return pyerr.New("TypeError", "%s() replacement function must return %s, not %s", fn, p.value("").Type(), r.Type())
			}
			out.WriteString(text)
			return nil
		}
	} else {
		t, err := p.text(repl)
		if err != nil {
			return nil, 0, err
		}
		tmpl, err := parseReTemplate(p, t)
		if err != nil {
			return nil, 0, err
		}
		expand = func(loc []int, out *strings.Builder) error {
			tmpl.expand(out, s, loc)
			return nil
		}
	}
	var out strings.Builder
	last, n := 0, 0
	err = p.each(s, count, func(loc []int) error {
		out.WriteString(s[last:loc[0]])
		last = loc[1]
		n++
		return expand(loc, &out)
	})
	if err != nil {
		return nil, 0, err
	}
	out.WriteString(s[last:])
	return p.value(out.String()), n, nil
}
