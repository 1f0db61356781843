package argparse

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Parser is an ArgumentParser.
type Parser struct {
	env             *core.Env
	prog            string
	usage           optStr
	description     optStr
	epilog          optStr
	formatter       string
	prefixChars     string
	argumentDefault starlark.Value
	conflictResolve bool
	addHelp         bool
	allowAbbrev     bool
	exitOnError     bool

	actions     []*Action
	optMap      map[string]*Action
	groups      []*Group // positionals, options, then the script's groups
	mutex       []*Group
	positionals *Group
	optionals   *Group
	subparsers  *Action
	defKeys     []string
	defaults    map[string]starlark.Value
	negNumOpts  bool
}

// Group is an argument group or a mutually exclusive group.
type Group struct {
	p           *Parser
	title       optStr
	description optStr
	actions     []*Action
	mutex       bool
	required    bool
	container   adder // where a mutually exclusive group's actions go
}

// adder is what add_argument adds to: a parser or a group.
type adder interface {
	addAction(a *Action) (*Action, error)
	parser() *Parser
}

var negNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^-\d+$|^-\d*\.\d+$`) })

func newParser(thread *starlark.Thread, env *core.Env, args starlark.Tuple, kwargs []starlark.Tuple) (*Parser, error) {
	var prog, usage, description, epilog optStr
	var parents starlark.Value = starlark.NewList(nil)
	var formatter starlark.Value = starlark.None
	prefix := "-"
	var fromfile, argDefault starlark.Value = starlark.None, starlark.None
	conflict := "error"
	addHelp, allowAbbrev, exitOnError := true, true, true
	if err := core.Unpack("ArgumentParser", args, kwargs, "prog?", &prog, "usage?", &usage, "description?", &description,
		"epilog?", &epilog, "parents?", &parents, "formatter_class?", &formatter, "prefix_chars?", &prefix,
		"fromfile_prefix_chars?", &fromfile, "argument_default?", &argDefault, "conflict_handler?", &conflict,
		"add_help?", &addHelp, "allow_abbrev?", &allowAbbrev, "exit_on_error?", &exitOnError); err != nil {
		return nil, err
	}
	if fromfile != starlark.None {
		return nil, core.Errorf("NotImplementedError", "fromfile_prefix_chars is not supported by spython's argparse")
	}
	if prefix == "" {
		return nil, core.Errorf("ValueError", "prefix_chars must not be empty")
	}
	p := &Parser{env: env, usage: usage, description: description, epilog: epilog, formatter: "HelpFormatter",
		prefixChars: prefix, argumentDefault: argDefault, addHelp: addHelp, allowAbbrev: allowAbbrev,
		exitOnError: exitOnError, optMap: map[string]*Action{}, defaults: map[string]starlark.Value{}}
	switch conflict {
	case "error":
	case "resolve":
		p.conflictResolve = true
	default:
		return nil, core.Errorf("ValueError", "invalid conflict_resolution value: %s", core.Quote(conflict))
	}
	switch f := formatter.(type) {
	case starlark.NoneType:
	case *formatterClass:
		p.formatter = f.name
	default:
		return nil, core.Errorf("TypeError", "formatter_class must be one of argparse's HelpFormatter classes, not %s", core.TypeName(formatter))
	}
	if prog.set {
		p.prog = prog.s
	} else {
		argv, err := sysArgv(env)
		if err != nil {
			return nil, err
		}
		if len(argv) > 0 {
			p.prog = path.Base(argv[0])
			if strings.HasSuffix(argv[0], "/") || argv[0] == "" {
				p.prog = "" // os.path.basename of "dir/" is ""
			}
		}
	}
	p.positionals = p.newGroup(optStr{set: true, s: "positional arguments"}, optStr{})
	p.optionals = p.newGroup(optStr{set: true, s: "options"}, optStr{})
	if addHelp {
		dp := "-"
		if !strings.Contains(prefix, "-") {
			dp = prefix[:1]
		}
		if _, err := p.addArgument(thread, p, starlark.Tuple{starlark.String(dp + "h"), starlark.String(dp + dp + "help")}, []starlark.Tuple{
			{starlark.String("action"), starlark.String("help")},
			{starlark.String("default"), starlark.String(suppress)},
			{starlark.String("help"), starlark.String("show this help message and exit")},
		}); err != nil {
			return nil, err
		}
	}
	it, ok := parents.(starlark.Iterable)
	if !ok {
		return nil, core.Errorf("TypeError", "parents must be a list of ArgumentParser")
	}
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		parent, ok := x.(*Parser)
		if !ok {
			return nil, core.Errorf("TypeError", "parents must be a list of ArgumentParser, not %s", core.TypeName(x))
		}
		if err := p.addContainerActions(parent); err != nil {
			return nil, err
		}
		for _, k := range parent.defKeys {
			p.setDefault(k, parent.defaults[k])
		}
	}
	return p, nil
}

func (p *Parser) newGroup(title, description optStr) *Group {
	g := &Group{p: p, title: title, description: description}
	p.groups = append(p.groups, g)
	return g
}

func (p *Parser) setDefault(k string, v starlark.Value) {
	if _, ok := p.defaults[k]; !ok {
		p.defKeys = append(p.defKeys, k)
	}
	p.defaults[k] = v
}

// addContainerActions copies a parent parser's groups and actions.
func (p *Parser) addContainerActions(parent *Parser) error {
	byTitle := map[string]*Group{}
	for _, g := range p.groups {
		byTitle[g.title.s] = g
	}
	groupOf := map[*Action]adder{}
	for _, g := range parent.groups {
		mine, ok := byTitle[g.title.s]
		if !ok {
			mine = p.newGroup(g.title, g.description)
			byTitle[g.title.s] = mine
		}
		for _, a := range g.actions {
			groupOf[a] = mine
		}
	}
	for _, g := range parent.mutex {
		mg := &Group{p: p, mutex: true, required: g.required, container: p}
		p.mutex = append(p.mutex, mg)
		for _, a := range g.actions {
			groupOf[a] = mg
		}
	}
	for _, a := range parent.actions {
		var to adder = p
		if g, ok := groupOf[a]; ok {
			to = g
		}
		if _, err := to.addAction(a); err != nil {
			return err
		}
	}
	return nil
}

func (p *Parser) parser() *Parser { return p }
func (g *Group) parser() *Parser  { return g.p }

// addAction routes an action to the positionals or options group.
func (p *Parser) addAction(a *Action) (*Action, error) {
	if len(a.opts) > 0 {
		return p.optionals.addAction(a)
	}
	return p.positionals.addAction(a)
}

func (g *Group) addAction(a *Action) (*Action, error) {
	if g.mutex {
		if a.required {
			return nil, core.Errorf("ValueError", "mutually exclusive arguments must be optional")
		}
		if _, err := g.container.addAction(a); err != nil {
			return nil, err
		}
		g.actions = append(g.actions, a)
		return a, nil
	}
	if err := g.p.register(a); err != nil {
		return nil, err
	}
	g.actions = append(g.actions, a)
	return a, nil
}

// register is _ActionsContainer._add_action: conflicts, the action list
// and the option string index.
func (p *Parser) register(a *Action) error {
	var confl []string
	for _, o := range a.opts {
		if _, ok := p.optMap[o]; ok {
			confl = append(confl, o)
		}
	}
	if len(confl) > 0 {
		if !p.conflictResolve {
			word := "string"
			if len(confl) > 1 {
				word = "strings"
			}
			return newArgError(a, "conflicting option "+word+": "+strings.Join(confl, ", "))
		}
		for _, o := range confl {
			old := p.optMap[o]
			for i, s := range old.opts {
				if s == o {
					old.opts = append(old.opts[:i:i], old.opts[i+1:]...)
					break
				}
			}
			delete(p.optMap, o)
			if len(old.opts) == 0 {
				p.removeAction(old)
			}
		}
	}
	p.actions = append(p.actions, a)
	for _, o := range a.opts {
		p.optMap[o] = a
		if negNumber().MatchString(o) {
			p.negNumOpts = true
		}
	}
	return nil
}

func (p *Parser) removeAction(a *Action) {
	drop := func(list []*Action) []*Action {
		for i, x := range list {
			if x == a {
				return append(list[:i:i], list[i+1:]...)
			}
		}
		return list
	}
	p.actions = drop(p.actions)
	for _, g := range p.groups {
		g.actions = drop(g.actions)
	}
	for _, g := range p.mutex {
		g.actions = drop(g.actions)
	}
}

// addArgument is add_argument(*name_or_flags, **kwargs) on a parser or group.
func (p *Parser) addArgument(thread *starlark.Thread, to adder, args starlark.Tuple, kwargs []starlark.Tuple) (*Action, error) {
	names := make([]string, len(args))
	for i, v := range args {
		s, ok := v.(starlark.String)
		if !ok {
			return nil, core.Errorf("TypeError", "'%s' object is not subscriptable", core.TypeName(v))
		}
		names[i] = string(s)
	}
	kw := map[string]starlark.Value{}
	var order []string
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		kw[k] = kv[1]
		order = append(order, k)
	}
	var opts []string
	if len(names) == 0 || len(names) == 1 && (names[0] == "" || !strings.ContainsRune(p.prefixChars, rune(names[0][0]))) {
		// a positional
		if len(names) == 1 {
			if _, ok := kw["dest"]; ok {
				return nil, core.Errorf("ValueError", "dest supplied twice for positional argument")
			}
		} else {
			if _, ok := kw["dest"]; !ok {
				return nil, core.Errorf("TypeError", "_get_positional_kwargs() missing 1 required positional argument: 'dest'")
			}
		}
		if _, ok := kw["required"]; ok {
			return nil, core.Errorf("TypeError", "'required' is an invalid argument for positionals")
		}
		n := kw["nargs"]
		isOpt := n != nil && (n == starlark.String("?") || n == starlark.String("*"))
		if !isOpt {
			kw["required"] = starlark.True
		}
		if n == starlark.String("*") {
			if _, ok := kw["default"]; !ok {
				kw["required"] = starlark.True
			}
		}
		if len(names) == 1 {
			kw["dest"] = starlark.String(names[0])
		}
	} else {
		var long []string
		for _, o := range names {
			if o == "" || !strings.ContainsRune(p.prefixChars, rune(o[0])) {
				return nil, core.Errorf("ValueError", "invalid option string %s: must start with a character %s", core.Quote(o), core.Quote(p.prefixChars))
			}
			opts = append(opts, o)
			if len(o) > 1 && strings.ContainsRune(p.prefixChars, rune(o[1])) {
				long = append(long, o)
			}
		}
		if d, ok := kw["dest"]; !ok || d == starlark.None {
			src := opts[0]
			if len(long) > 0 {
				src = long[0]
			}
			dest := strings.TrimLeft(src, p.prefixChars)
			if dest == "" {
				return nil, core.Errorf("ValueError", "dest= is required for options like %s", core.Quote(names[len(names)-1]))
			}
			kw["dest"] = starlark.String(strings.ReplaceAll(dest, "-", "_"))
		}
	}
	if _, ok := kw["dest"].(starlark.String); !ok {
		return nil, core.Errorf("TypeError", "dest must be a str, not %s", core.TypeName(kw["dest"]))
	}
	dest := string(kw["dest"].(starlark.String))
	if _, ok := kw["default"]; !ok {
		if v, ok := p.defaults[dest]; ok {
			kw["default"] = v
		} else if p.argumentDefault != starlark.None {
			kw["default"] = p.argumentDefault
		}
	}
	kind := "store"
	if v, ok := kw["action"]; ok {
		delete(kw, "action")
		if v != starlark.None {
			s, ok := v.(starlark.String)
			if !ok {
				return nil, core.Errorf("ValueError", "unknown action \"%s\"", v.String())
			}
			kind = string(s)
		}
	}
	var kwOrder []string
	for _, k := range order {
		if k != "action" {
			kwOrder = append(kwOrder, k)
		}
	}
	a, err := newAction(kind, opts, kw, kwOrder)
	if err != nil {
		return nil, err
	}
	if a.typ != starlark.None {
		if _, ok := a.typ.(starlark.Callable); !ok {
			return nil, core.Errorf("ValueError", "%s is not callable", typeRepr(a.typ))
		}
	}
	if _, err := formatArgs(a, ""); err != nil {
		if e, ok := err.(*metavarErr); ok {
			_ = e
			return nil, core.Errorf("ValueError", "length of metavar tuple does not match nargs")
		}
		return nil, err
	}
	return to.addAction(a)
}

// Python-visible methods.

var _ starlark.HasAttrs = (*Parser)(nil)

func (p *Parser) String() string {
	return "ArgumentParser(prog=" + core.Quote(p.prog) + ", usage=" + reprOpt(p.usage) + ", description=" + reprOpt(p.description) +
		", formatter_class=<class 'argparse." + p.formatter + "'>, conflict_handler=" + core.Quote(map[bool]string{false: "error", true: "resolve"}[p.conflictResolve]) +
		", add_help=" + map[bool]string{false: "False", true: "True"}[p.addHelp] + ")"
}

func reprOpt(o optStr) string {
	if !o.set {
		return "None"
	}
	return core.Quote(o.s)
}

func (p *Parser) Type() string          { return "ArgumentParser" }
func (p *Parser) Freeze()               {}
func (p *Parser) Truth() starlark.Bool  { return true }
func (p *Parser) Hash() (uint32, error) { return starlark.String(p.prog).Hash() }

var parserMethods = []string{"add_argument", "add_argument_group", "add_mutually_exclusive_group", "add_subparsers",
	"error", "exit", "format_help", "format_usage", "get_default", "parse_args", "parse_known_args",
	"print_help", "print_usage", "set_defaults"}

func (p *Parser) AttrNames() []string {
	names := append([]string{"description", "epilog", "prog", "usage", "add_help", "allow_abbrev", "exit_on_error", "prefix_chars", "argument_default"}, parserMethods...)
	sort.Strings(names)
	return names
}

func (p *Parser) Attr(name string) (starlark.Value, error) {
	switch name {
	case "prog":
		return starlark.String(p.prog), nil
	case "usage":
		return p.usage.value(), nil
	case "description":
		return p.description.value(), nil
	case "epilog":
		return p.epilog.value(), nil
	case "add_help":
		return starlark.Bool(p.addHelp), nil
	case "allow_abbrev":
		return starlark.Bool(p.allowAbbrev), nil
	case "exit_on_error":
		return starlark.Bool(p.exitOnError), nil
	case "prefix_chars":
		return starlark.String(p.prefixChars), nil
	case "argument_default":
		return p.argumentDefault, nil
	}
	if fn := p.method(name); fn != nil {
		return starlark.NewBuiltin(name, fn), nil
	}
	return nil, core.Errorf("AttributeError", "'ArgumentParser' object has no attribute '%s'", name)
}

func (p *Parser) SetField(name string, v starlark.Value) error {
	var o optStr
	switch name {
	case "prog":
		s, ok := v.(starlark.String)
		if !ok {
			return core.Errorf("TypeError", "prog must be a str")
		}
		p.prog = string(s)
		return nil
	case "usage", "description", "epilog":
		if err := o.Unpack(v); err != nil {
			return err
		}
		switch name {
		case "usage":
			p.usage = o
		case "description":
			p.description = o
		default:
			p.epilog = o
		}
		return nil
	}
	return core.Errorf("AttributeError", "'ArgumentParser' object attribute '%s' cannot be set", name)
}

func (p *Parser) method(name string) core.Func {
	switch name {
	case "add_argument":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return p.addArgument(thread, p, args, kwargs)
		}
	case "add_argument_group":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var title, desc optStr
			if err := core.Unpack("add_argument_group", args, kwargs, "title?", &title, "description?", &desc); err != nil {
				return nil, err
			}
			return p.newGroup(title, desc), nil
		}
	case "add_mutually_exclusive_group":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return p.newMutex(p, args, kwargs)
		}
	case "add_subparsers":
		return p.addSubparsers
	case "set_defaults":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 0 {
				return nil, core.Errorf("TypeError", "_ActionsContainer.set_defaults() takes 1 positional argument but %d were given", len(args)+1)
			}
			for _, kv := range kwargs {
				k := string(kv[0].(starlark.String))
				p.setDefault(k, kv[1])
				for _, a := range p.actions {
					if a.dest == k {
						a.def = kv[1]
					}
				}
			}
			return starlark.None, nil
		}
	case "get_default":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var dest string
			if err := core.Unpack("get_default", args, kwargs, "dest", &dest); err != nil {
				return nil, err
			}
			for _, a := range p.actions {
				if a.dest == dest && a.def != starlark.None {
					return a.def, nil
				}
			}
			if v, ok := p.defaults[dest]; ok {
				return v, nil
			}
			return starlark.None, nil
		}
	case "parse_args", "parse_known_args":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var argv, nsv starlark.Value = starlark.None, starlark.None
			if err := core.Unpack(name, args, kwargs, "args?", &argv, "namespace?", &nsv); err != nil {
				return nil, err
			}
			var list []string
			var err error
			if argv == starlark.None {
				all, err := sysArgv(p.env)
				if err != nil {
					return nil, err
				}
				if len(all) > 0 {
					list = all[1:]
				}
			} else if list, err = strList("parse_args", argv); err != nil {
				return nil, err
			}
			var ns *Namespace
			switch n := nsv.(type) {
			case starlark.NoneType:
			case *Namespace:
				ns = n
			default:
				return nil, core.Errorf("TypeError", "namespace must be an argparse.Namespace, not %s", core.TypeName(nsv))
			}
			ns, extras, err := p.parseKnownArgs(thread, list, ns)
			if err != nil {
				return nil, err
			}
			if name == "parse_known_args" {
				return starlark.Tuple{ns, strList2(extras)}, nil
			}
			if len(extras) > 0 {
				return nil, p.error(thread, "unrecognized arguments: "+strings.Join(extras, " "))
			}
			return ns, nil
		}
	case "format_help", "format_usage":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(name, args, kwargs); err != nil {
				return nil, err
			}
			var s string
			var err error
			if name == "format_help" {
				s, err = p.formatHelp()
			} else {
				s, err = p.formatUsage()
			}
			if err != nil {
				return nil, err
			}
			return starlark.String(s), nil
		}
	case "print_help", "print_usage":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var file starlark.Value = starlark.None
			if err := core.Unpack(name, args, kwargs, "file?", &file); err != nil {
				return nil, err
			}
			var s string
			var err error
			if name == "print_help" {
				s, err = p.formatHelp()
			} else {
				s, err = p.formatUsage()
			}
			if err != nil {
				return nil, err
			}
			return starlark.None, p.printMessage(thread, s, file, false)
		}
	case "error":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var msg string
			if err := core.Unpack("error", args, kwargs, "message", &msg); err != nil {
				return nil, err
			}
			return nil, p.error(thread, msg)
		}
	case "exit":
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var status starlark.Value = starlark.MakeInt(0)
			var msg optStr
			if err := core.Unpack("exit", args, kwargs, "status?", &status, "message?", &msg); err != nil {
				return nil, err
			}
			if msg.s != "" {
				if err := p.printMessage(thread, msg.s, starlark.None, true); err != nil {
					return nil, err
				}
			}
			return nil, exitWith(thread, p.env, status)
		}
	}
	return nil
}

// exitWith is sys.exit(status) for any status value.
func exitWith(thread *starlark.Thread, env *core.Env, status starlark.Value) error {
	m := sysModule(env)
	if m == nil {
		return core.Errorf("SystemExit", "%s", status.String())
	}
	fn, err := m.Attr("exit")
	if err != nil {
		return err
	}
	if _, err := starlark.Call(thread, fn, starlark.Tuple{status}, nil); err != nil {
		return unwrap(err)
	}
	return core.Errorf("SystemExit", "%s", status.String())
}

// printMessage is _print_message: file.write(message) when a file was
// given, else the script's stdout (or stderr).
func (p *Parser) printMessage(thread *starlark.Thread, msg string, file starlark.Value, stderr bool) error {
	if msg == "" {
		return nil
	}
	if file != nil && file != starlark.None {
		_, err := core.CallMethod(thread, file, "write", starlark.String(msg))
		return err
	}
	w := p.env.StdoutW()
	if stderr {
		w = p.env.StderrW()
	}
	if _, err := w.Write([]byte(msg)); err != nil && !isOSError(err) {
		return err // a resource limit, say; CPython ignores only OSError here
	}
	return nil
}

// isOSError reports an error of the system (a closed pipe), which
// CPython's _print_message ignores.
func isOSError(err error) bool {
	var pe *fs.PathError
	var errno syscall.Errno
	return errors.As(err, &pe) || errors.As(err, &errno)
}

// error is ArgumentParser.error: usage and "prog: error: message" on
// stderr, then sys.exit(2). It returns the error that ends the run.
func (p *Parser) error(thread *starlark.Thread, msg string) error {
	usage, err := p.formatUsage()
	if err != nil {
		return err
	}
	if err := p.printMessage(thread, usage, starlark.None, true); err != nil {
		return err
	}
	if err := p.printMessage(thread, p.prog+": error: "+msg+"\n", starlark.None, true); err != nil {
		return err
	}
	return sysExit(thread, p.env, 2)
}

func (p *Parser) newMutex(to adder, args starlark.Tuple, kwargs []starlark.Tuple) (*Group, error) {
	required := false
	if err := core.Unpack("add_mutually_exclusive_group", args, kwargs, "required?", &required); err != nil {
		return nil, err
	}
	g := &Group{p: p, mutex: true, required: required, container: to}
	p.mutex = append(p.mutex, g)
	return g, nil
}

var _ starlark.HasAttrs = (*Group)(nil)

func (g *Group) String() string {
	if g.mutex {
		return "<argparse._MutuallyExclusiveGroup object>"
	}
	return "<argparse._ArgumentGroup object>"
}
func (g *Group) Type() string {
	if g.mutex {
		return "_MutuallyExclusiveGroup"
	}
	return "_ArgumentGroup"
}
func (g *Group) Freeze()               {}
func (g *Group) Truth() starlark.Bool  { return true }
func (g *Group) Hash() (uint32, error) { return starlark.String(g.title.s).Hash() }
func (g *Group) AttrNames() []string {
	return []string{"add_argument", "add_argument_group", "add_mutually_exclusive_group", "description", "required", "title"}
}

func (g *Group) Attr(name string) (starlark.Value, error) {
	switch name {
	case "title":
		return g.title.value(), nil
	case "description":
		return g.description.value(), nil
	case "required":
		return starlark.Bool(g.required), nil
	case "add_argument":
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return g.p.addArgument(thread, g, args, kwargs)
		}), nil
	case "add_mutually_exclusive_group":
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return g.p.newMutex(g, args, kwargs)
		}), nil
	case "add_argument_group":
		return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var title, desc optStr
			if err := core.Unpack("add_argument_group", args, kwargs, "title?", &title, "description?", &desc); err != nil {
				return nil, err
			}
			return g.p.newGroup(title, desc), nil
		}), nil
	}
	return nil, core.Errorf("AttributeError", "'%s' object has no attribute '%s'", g.Type(), name)
}
