package argparse

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyfmt"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// addSubparsers is ArgumentParser.add_subparsers(title=, description=,
// prog=, dest=, required=, help=, metavar=).
func (p *Parser) addSubparsers(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if p.subparsers != nil {
		return nil, p.error(thread, "cannot have multiple subparser arguments")
	}
	if len(args) > 0 {
		return nil, core.Errorf("TypeError", "ArgumentParser.add_subparsers() takes 1 positional argument but %d were given", len(args)+1)
	}
	var title, description, prog optStr
	var hasTitle bool
	a := &Action{kind: "parsers", dest: suppress, nargs: nargsParser, nargsV: starlark.String("A..."), constV: starlark.None,
		def: starlark.None, typ: starlark.None, choices: starlark.None, help: starlark.None, metavar: starlark.None,
		version: starlark.None, parserMap: map[string]*Parser{}, env: p.env}
	for _, kv := range kwargs {
		k, v := string(kv[0].(starlark.String)), kv[1]
		var err error
		switch k {
		case "title":
			hasTitle = true
			err = title.Unpack(v)
		case "description":
			hasTitle = true
			err = description.Unpack(v)
		case "prog":
			err = prog.Unpack(v)
		case "dest":
			s, ok := v.(starlark.String)
			if !ok {
				return nil, core.Errorf("TypeError", "dest must be a str")
			}
			a.dest = string(s)
		case "required":
			a.required = bool(v.Truth())
		case "help":
			a.help = v
		case "metavar":
			a.metavar = v
		case "action", "parser_class":
			return nil, core.Errorf("NotImplementedError", "add_subparsers(%s=) is not supported by spython's argparse", k)
		default:
			return nil, core.Errorf("TypeError", "_SubParsersAction.__init__() got an unexpected keyword argument '%s'", k)
		}
		if err != nil {
			return nil, err
		}
	}
	group := p.positionals
	if hasTitle {
		if !title.set {
			title = optStr{set: true, s: "subcommands"}
		}
		group = p.newGroup(title, description)
	}
	if prog.set {
		a.progPrefix = prog.s
	} else {
		// the usage of this parser's positionals, with no "usage: " prefix
		f := p.newFormatter()
		f.addUsage(p.usage, p.positionalActions(), p.mutex, "")
		s, err := f.formatHelp()
		if err != nil {
			return nil, err
		}
		a.progPrefix = strings.TrimSpace(s)
	}
	if _, err := group.addAction(a); err != nil {
		return nil, err
	}
	p.subparsers = a
	return a, nil
}

// addParser is _SubParsersAction.add_parser(name, aliases=, help=, **kwargs).
func (a *Action) addParser(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, core.Errorf("TypeError", "_SubParsersAction.add_parser() takes 2 positional arguments but %d were given", len(args)+1)
	}
	name, ok := args[0].(starlark.String)
	if !ok {
		return nil, core.Errorf("TypeError", "parser name must be a str, not %s", core.TypeName(args[0]))
	}
	var aliases []string
	var help starlark.Value
	var rest []starlark.Tuple
	hasProg := false
	for _, kv := range kwargs {
		switch string(kv[0].(starlark.String)) {
		case "aliases":
			list, err := strList("aliases", kv[1])
			if err != nil {
				return nil, err
			}
			aliases = list
		case "help":
			help = kv[1]
		case "prog":
			if kv[1] != starlark.None {
				hasProg = true
			}
			rest = append(rest, kv)
		default:
			rest = append(rest, kv)
		}
	}
	if !hasProg {
		rest = append(rest, starlark.Tuple{starlark.String("prog"), starlark.String(a.progPrefix + " " + string(name))})
	}
	if _, ok := a.parserMap[string(name)]; ok {
		return nil, newArgError(a, "conflicting subparser: "+string(name))
	}
	for _, al := range aliases {
		if _, ok := a.parserMap[al]; ok {
			return nil, newArgError(a, "conflicting subparser alias: "+al)
		}
	}
	if help != nil {
		metavar := string(name)
		if len(aliases) > 0 {
			metavar += " (" + strings.Join(aliases, ", ") + ")"
		}
		a.choiceActs = append(a.choiceActs, &Action{kind: "store", dest: string(name), nargs: nargsNone, nargsV: starlark.None,
			constV: starlark.None, def: starlark.None, typ: starlark.None, choices: starlark.None, help: help,
			metavar: starlark.String(metavar), version: starlark.None})
	}
	sub, err := newParser(thread, a.env, nil, rest)
	if err != nil {
		return nil, err
	}
	a.parserMap[string(name)] = sub
	a.parserKeys = append(a.parserKeys, string(name))
	for _, al := range aliases {
		a.parserMap[al] = sub
		a.parserKeys = append(a.parserKeys, al)
	}
	return sub, nil
}

// callParsers is _SubParsersAction.__call__: the chosen parser parses the
// rest into a namespace of its own, copied onto ns.
func (a *Action) callParsers(thread *starlark.Thread, parent *Parser, ns *Namespace, vals starlark.Value) error {
	list, err := strListValues(vals)
	if err != nil {
		return err
	}
	nameV := list[0]
	if a.dest != suppress {
		ns.set(a.dest, nameV)
	}
	name, _ := nameV.(starlark.String)
	sub, ok := a.parserMap[string(name)]
	if !ok {
		return newArgError(a, "unknown parser "+pyfmt.Repr(nameV)+" (choices: "+strings.Join(a.parserKeys, ", ")+")")
	}
	var rest []string
	for _, v := range list[1:] {
		rest = append(rest, pyfmt.Str(v))
	}
	subNS, extras, err := sub.parseKnownArgs(thread, rest, nil)
	if err != nil {
		return err
	}
	for _, k := range subNS.keys {
		ns.set(k, subNS.vals[k])
	}
	if len(extras) > 0 {
		cur, ok := ns.get(unrecognizedAttr)
		var items []starlark.Value
		if ok {
			items, _ = strListValues(cur)
		}
		for _, e := range extras {
			items = append(items, starlark.String(e))
		}
		ns.set(unrecognizedAttr, starlark.NewList(items))
	}
	return nil
}
