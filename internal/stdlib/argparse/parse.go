package argparse

import (
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/pyfmt"
)

const unrecognizedAttr = "_unrecognized_args"

// optionTuple is CPython's (action, option_string, explicit_arg); an
// explicit arg of nil is None.
type optionTuple struct {
	action   *Action
	option   string
	explicit *string
}

// parseKnownArgs is ArgumentParser.parse_known_args.
func (p *Parser) parseKnownArgs(thread *starlark.Thread, args []string, ns *Namespace) (*Namespace, []string, error) {
	args = append([]string(nil), args...)
	if ns == nil {
		ns = newNamespace()
	}
	for _, a := range p.actions {
		if a.dest != suppress && !ns.has(a.dest) && !isSuppress(a.def) {
			ns.set(a.dest, a.def)
		}
	}
	for _, k := range p.defKeys {
		if !ns.has(k) {
			ns.set(k, p.defaults[k])
		}
	}
	extras, err := p.parseKnown(thread, args, ns)
	if err != nil {
		if ae, ok := err.(*argError); ok && p.exitOnError {
			return nil, nil, p.error(thread, ae.Error())
		}
		return nil, nil, err
	}
	if v, ok := ns.get(unrecognizedAttr); ok {
		more, _ := strList("", v)
		extras = append(extras, more...)
		ns.del(unrecognizedAttr)
	}
	return ns, extras, nil
}

// parseKnown is _parse_known_args.
func (p *Parser) parseKnown(thread *starlark.Thread, argStrings []string, ns *Namespace) ([]string, error) {
	conflicts := map[*Action][]*Action{}
	for _, g := range p.mutex {
		for i, a := range g.actions {
			conflicts[a] = append(conflicts[a], g.actions[:i]...)
			conflicts[a] = append(conflicts[a], g.actions[i+1:]...)
		}
	}

	optIndices := map[int]optionTuple{}
	var pat strings.Builder
	for i := 0; i < len(argStrings); i++ {
		if argStrings[i] == "--" {
			pat.WriteByte('-')
			for i++; i < len(argStrings); i++ {
				pat.WriteByte('A')
			}
			break
		}
		t, ok, err := p.parseOptional(thread, argStrings[i])
		if err != nil {
			return nil, err
		}
		if !ok {
			pat.WriteByte('A')
		} else {
			optIndices[i] = t
			pat.WriteByte('O')
		}
	}
	pattern := pat.String()

	seen := map[*Action]bool{}
	seenNonDefault := map[*Action]bool{}
	var extras []string

	takeAction := func(a *Action, strs []string, optString string) error {
		seen[a] = true
		vals, isDefault, err := p.getValues(thread, a, strs)
		if err != nil {
			return err
		}
		if !isDefault {
			seenNonDefault[a] = true
			for _, c := range conflicts[a] {
				if seenNonDefault[c] {
					return newArgError(a, "not allowed with argument "+actionName(c))
				}
			}
		}
		if isSuppress(vals) {
			return nil
		}
		return p.callAction(thread, a, ns, vals, optString)
	}

	consumeOptional := func(start int) (int, error) {
		t := optIndices[start]
		a, optString, explicit := t.action, t.option, t.explicit
		type todo struct {
			a    *Action
			args []string
			opt  string
		}
		var todos []todo
		var stop int
		for {
			if a == nil {
				extras = append(extras, argStrings[start])
				return start + 1, nil
			}
			if explicit != nil {
				n, err := matchArgument(a, "A")
				argCount := n
				if err != nil {
					argCount = -1
				}
				if argCount == 0 && len(optString) > 1 && !strings.ContainsRune(p.prefixChars, rune(optString[1])) && *explicit != "" {
					todos = append(todos, todo{a, nil, optString})
					_, size := utf8.DecodeRuneInString(*explicit)
					optString = optString[:1] + (*explicit)[:size]
					rest := (*explicit)[size:]
					if next, ok := p.optMap[optString]; ok {
						a = next
						if rest == "" {
							explicit = nil
						} else {
							explicit = &rest
						}
					} else {
						return 0, newArgError(a, "ignored explicit argument "+pyfmt.Repr(starlark.String(*explicit)))
					}
				} else if argCount == 1 {
					stop = start + 1
					todos = append(todos, todo{a, []string{*explicit}, optString})
					break
				} else {
					return 0, newArgError(a, "ignored explicit argument "+pyfmt.Repr(starlark.String(*explicit)))
				}
			} else {
				s := start + 1
				n, err := matchArgument(a, pattern[s:])
				if err != nil {
					return 0, err
				}
				stop = s + n
				todos = append(todos, todo{a, append([]string(nil), argStrings[s:stop]...), optString})
				break
			}
		}
		for _, td := range todos {
			if err := takeAction(td.a, td.args, td.opt); err != nil {
				return 0, err
			}
		}
		return stop, nil
	}

	positionals := p.positionalActions()
	consumePositionals := func(start int) (int, error) {
		counts := matchPartial(positionals, pattern[start:])
		for i, n := range counts {
			strs := append([]string(nil), argStrings[start:start+n]...)
			start += n
			if err := takeAction(positionals[i], strs, ""); err != nil {
				return 0, err
			}
		}
		positionals = positionals[len(counts):]
		return start, nil
	}

	start := 0
	maxOpt := -1
	var idx []int
	for i := range optIndices {
		idx = append(idx, i)
		if i > maxOpt {
			maxOpt = i
		}
	}
	sort.Ints(idx)
	for start <= maxOpt {
		next := -1
		for _, i := range idx {
			if i >= start {
				next = i
				break
			}
		}
		if start != next {
			end, err := consumePositionals(start)
			if err != nil {
				return nil, err
			}
			if end > start {
				start = end
				continue
			}
			start = end
		}
		if _, ok := optIndices[start]; !ok {
			extras = append(extras, argStrings[start:next]...)
			start = next
		}
		var err error
		if start, err = consumeOptional(start); err != nil {
			return nil, err
		}
	}
	stop, err := consumePositionals(start)
	if err != nil {
		return nil, err
	}
	extras = append(extras, argStrings[stop:]...)

	var required []string
	for _, a := range p.actions {
		if seen[a] {
			continue
		}
		if a.required {
			required = append(required, actionName(a))
			continue
		}
		// A str default is converted with the type only when it was not
		// given (CPython: "if action.default is getattr(namespace, dest)").
		if s, ok := a.def.(starlark.String); ok {
			if cur, ok := ns.get(a.dest); ok {
				if cs, ok := cur.(starlark.String); ok && cs == s {
					v, err := p.getValue(thread, a, string(s))
					if err != nil {
						return nil, err
					}
					ns.set(a.dest, v)
				}
			}
		}
	}
	if len(required) > 0 {
		return nil, p.error(thread, "the following arguments are required: "+strings.Join(required, ", "))
	}
	for _, g := range p.mutex {
		if !g.required {
			continue
		}
		found := false
		for _, a := range g.actions {
			if seenNonDefault[a] {
				found = true
			}
		}
		if !found {
			var names []string
			for _, a := range g.actions {
				if !isSuppress(a.help) {
					names = append(names, actionName(a))
				}
			}
			return nil, p.error(thread, "one of the arguments "+strings.Join(names, " ")+" is required")
		}
	}
	return extras, nil
}

func (p *Parser) positionalActions() []*Action {
	var out []*Action
	for _, a := range p.actions {
		if len(a.opts) == 0 {
			out = append(out, a)
		}
	}
	return out
}

// parseOptional is _parse_optional: whether arg is an option, and which.
func (p *Parser) parseOptional(thread *starlark.Thread, arg string) (optionTuple, bool, error) {
	if arg == "" || !strings.ContainsRune(p.prefixChars, rune(arg[0])) {
		return optionTuple{}, false, nil
	}
	if a, ok := p.optMap[arg]; ok {
		return optionTuple{a, arg, nil}, true, nil
	}
	if len(arg) == 1 {
		return optionTuple{}, false, nil
	}
	if opt, explicit, ok := strings.Cut(arg, "="); ok {
		if a, ok := p.optMap[opt]; ok {
			return optionTuple{a, opt, &explicit}, true, nil
		}
	}
	tuples := p.optionTuples(arg)
	if len(tuples) > 1 {
		var names []string
		for _, t := range tuples {
			names = append(names, t.option)
		}
		return optionTuple{}, false, p.error(thread, "ambiguous option: "+arg+" could match "+strings.Join(names, ", "))
	}
	if len(tuples) == 1 {
		return tuples[0], true, nil
	}
	if negNumber().MatchString(arg) && !p.negNumOpts {
		return optionTuple{}, false, nil
	}
	if strings.Contains(arg, " ") {
		return optionTuple{}, false, nil
	}
	return optionTuple{nil, arg, nil}, true, nil
}

// optionTuples is _get_option_tuples, in the order options were added
// (CPython iterates its option dict in insertion order).
func (p *Parser) optionTuples(arg string) []optionTuple {
	var out []optionTuple
	chars := p.prefixChars
	in := func(b byte) bool { return strings.ContainsRune(chars, rune(b)) }
	opts := p.optionOrder()
	if in(arg[0]) && in(arg[1]) {
		if p.allowAbbrev {
			prefix, explicit, hasEq := strings.Cut(arg, "=")
			for _, o := range opts {
				if strings.HasPrefix(o, prefix) {
					t := optionTuple{p.optMap[o], o, nil}
					if hasEq {
						e := explicit
						t.explicit = &e
					}
					out = append(out, t)
				}
			}
		}
		return out
	}
	short, shortExplicit := arg[:2], arg[2:]
	for _, o := range opts {
		if o == short {
			e := shortExplicit
			out = append(out, optionTuple{p.optMap[o], o, &e})
		} else if strings.HasPrefix(o, arg) {
			out = append(out, optionTuple{p.optMap[o], o, nil})
		}
	}
	return out
}

// optionOrder lists the option strings in the order they were indexed.
func (p *Parser) optionOrder() []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range p.actions {
		for _, o := range a.opts {
			if p.optMap[o] == a && !seen[o] {
				seen[o] = true
				out = append(out, o)
			}
		}
	}
	return out
}

// nargsPattern is _get_nargs_pattern.
func nargsPattern(a *Action) string {
	var pat string
	switch n := a.nargs; n {
	case nargsNone:
		pat = "(-*A-*)"
	case nargsOptional:
		pat = "(-*A?-*)"
	case nargsZeroMore:
		pat = "(-*[A-]*)"
	case nargsOneMore:
		pat = "(-*A[A-]*)"
	case nargsRemainder:
		pat = "([-AO]*)"
	case nargsParser:
		pat = "(-*A[-AO]*)"
	case nargsSuppress:
		pat = "(-*-*)"
	default:
		pat = "(-*" + strings.Repeat("A-*", n)
		if n > 0 {
			pat = pat[:len(pat)-2]
		}
		pat += "-*)"
	}
	if len(a.opts) > 0 {
		pat = strings.ReplaceAll(pat, "-*", "")
		pat = strings.ReplaceAll(pat, "-", "")
	}
	return pat
}

// patCache holds the compiled nargs patterns; runs may parse in parallel.
var patCache sync.Map

func compilePat(p string) *regexp.Regexp {
	if re, ok := patCache.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile("^" + p)
	patCache.Store(p, re)
	return re
}

// matchArgument is _match_argument: how many strings the action takes.
func matchArgument(a *Action, pattern string) (int, error) {
	m := compilePat(nargsPattern(a)).FindStringSubmatchIndex(pattern)
	if m == nil {
		var msg string
		switch a.nargs {
		case nargsNone:
			msg = "expected one argument"
		case nargsOptional:
			msg = "expected at most one argument"
		case nargsOneMore:
			msg = "expected at least one argument"
		default:
			if a.nargs == 1 {
				msg = "expected 1 argument"
			} else {
				msg = "expected " + strconv.Itoa(a.nargs) + " arguments"
			}
		}
		return 0, newArgError(a, msg)
	}
	return m[3] - m[2], nil
}

// matchPartial is _match_arguments_partial.
func matchPartial(actions []*Action, pattern string) []int {
	for i := len(actions); i > 0; i-- {
		var b strings.Builder
		for _, a := range actions[:i] {
			b.WriteString(nargsPattern(a))
		}
		m := compilePat(b.String()).FindStringSubmatchIndex(pattern)
		if m != nil {
			out := make([]int, i)
			for j := range out {
				out[j] = m[2*j+3] - m[2*j+2]
			}
			return out
		}
	}
	return nil
}

// getValues is _get_values; isDefault reports CPython's "argument_values
// is action.default" (the default was used, not a given value).
func (p *Parser) getValues(thread *starlark.Thread, a *Action, strs []string) (starlark.Value, bool, error) {
	if a.nargs != nargsParser && a.nargs != nargsRemainder {
		for i, s := range strs {
			if s == "--" {
				strs = append(strs[:i:i], strs[i+1:]...)
				break
			}
		}
	}
	switch {
	case len(strs) == 0 && a.nargs == nargsOptional:
		v := a.def
		if len(a.opts) > 0 {
			v = a.constV
		}
		isDefault := v == a.def
		if s, ok := v.(starlark.String); ok {
			conv, err := p.getValue(thread, a, string(s))
			if err != nil {
				return nil, false, err
			}
			if err := checkValue(a, conv); err != nil {
				return nil, false, err
			}
			return conv, isDefault && conv == v, nil
		}
		return v, isDefault, nil
	case len(strs) == 0 && a.nargs == nargsZeroMore && len(a.opts) == 0:
		var v starlark.Value = starlark.NewList(nil)
		isDefault := false
		if a.def != starlark.None {
			v, isDefault = a.def, true
		}
		if err := checkValue(a, v); err != nil {
			return nil, false, err
		}
		return v, isDefault, nil
	case len(strs) == 1 && (a.nargs == nargsNone || a.nargs == nargsOptional):
		v, err := p.getValue(thread, a, strs[0])
		if err != nil {
			return nil, false, err
		}
		return v, false, checkValue(a, v)
	case a.nargs == nargsRemainder || a.nargs == nargsParser:
		vals := make([]starlark.Value, len(strs))
		for i, s := range strs {
			v, err := p.getValue(thread, a, s)
			if err != nil {
				return nil, false, err
			}
			vals[i] = v
		}
		if a.nargs == nargsParser {
			if err := checkValue(a, vals[0]); err != nil {
				return nil, false, err
			}
		}
		return starlark.NewList(vals), false, nil
	case a.nargs == nargsSuppress:
		return starlark.String(suppress), false, nil
	}
	vals := make([]starlark.Value, len(strs))
	for i, s := range strs {
		v, err := p.getValue(thread, a, s)
		if err != nil {
			return nil, false, err
		}
		vals[i] = v
	}
	for _, v := range vals {
		if err := checkValue(a, v); err != nil {
			return nil, false, err
		}
	}
	return starlark.NewList(vals), false, nil
}

// getValue is _get_value: the type conversion, a TypeError or ValueError
// becoming "invalid <type> value: '<arg>'".
func (p *Parser) getValue(thread *starlark.Thread, a *Action, s string) (starlark.Value, error) {
	if a.typ == starlark.None {
		return starlark.String(s), nil
	}
	fn, ok := a.typ.(starlark.Callable)
	if !ok {
		return nil, newArgError(a, typeRepr(a.typ)+" is not callable")
	}
	var v starlark.Value
	var err error
	switch {
	case fn == starlark.Universe["int"]:
		v, err = pyInt(s)
	case fn == starlark.Universe["float"]:
		v, err = pyFloat(s)
	default:
		v, err = starlark.Call(thread, fn, starlark.Tuple{starlark.String(s)}, nil)
		if err != nil {
			err = unwrap(err)
		}
	}
	if err == nil {
		return v, nil
	}
	switch kind, msg := pyerr.KindOf(err); kind {
	case "ArgumentTypeError":
		return nil, newArgError(a, msg)
	case "TypeError", "ValueError":
		name := typeRepr(a.typ)
		if n, ok := a.typ.(interface{ Name() string }); ok {
			name = n.Name()
		}
		return nil, newArgError(a, "invalid "+name+" value: "+pyfmt.Repr(starlark.String(s)))
	}
	return nil, err
}

// checkValue is _check_value: the value must be one of the choices.
func checkValue(a *Action, v starlark.Value) error {
	if a.kind == "parsers" {
		if s, ok := v.(starlark.String); ok {
			if _, ok := a.parserMap[string(s)]; ok {
				return nil
			}
		}
	} else {
		if a.choices == starlark.None {
			return nil
		}
		in, err := starlark.Binary(syntax.IN, v, a.choices)
		if err != nil {
			return err
		}
		if in.Truth() {
			return nil
		}
	}
	return newArgError(a, "invalid choice: "+pyfmt.Repr(v)+" (choose from "+choiceReprs(a)+")")
}

var (
	intRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[+-]?[0-9](_?[0-9])*$`) })
	floatRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[+-]?([0-9](_?[0-9])*(\.([0-9](_?[0-9])*)?)?|\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?$`)
	})
)

// pyInt is Python's int(str) in base 10.
func pyInt(s string) (starlark.Value, error) {
	t := strings.TrimSpace(s)
	if !intRE().MatchString(t) {
		return nil, pyerr.New("ValueError", "invalid literal for int() with base 10: %s", pyfmt.Repr(starlark.String(s)))
	}
	n, ok := new(big.Int).SetString(strings.ReplaceAll(strings.TrimPrefix(t, "+"), "_", ""), 10)
	if !ok {
		return nil, pyerr.New("ValueError", "invalid literal for int() with base 10: %s", pyfmt.Repr(starlark.String(s)))
	}
	return starlark.MakeBigInt(n), nil
}

// pyFloat is Python's float(str).
func pyFloat(s string) (starlark.Value, error) {
	t := strings.TrimSpace(s)
	l := strings.ToLower(strings.TrimLeft(t, "+-"))
	switch l {
	case "inf", "infinity", "nan":
		f, _ := strconv.ParseFloat(t, 64)
		return starlark.Float(f), nil
	}
	if !floatRE().MatchString(t) {
		return nil, pyerr.New("ValueError", "could not convert string to float: %s", pyfmt.Repr(starlark.String(s)))
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return nil, pyerr.New("ValueError", "could not convert string to float: %s", pyfmt.Repr(starlark.String(s)))
		}
	}
	return starlark.Float(f), nil
}

// callAction is Action.__call__ for each kind.
func (p *Parser) callAction(thread *starlark.Thread, a *Action, ns *Namespace, vals starlark.Value, opt string) error {
	switch a.kind {
	case "store":
		ns.set(a.dest, vals)
	case "store_const", "store_true", "store_false":
		ns.set(a.dest, a.constV)
	case "append", "append_const", "extend":
		var items []starlark.Value
		if cur, ok := ns.get(a.dest); ok && cur != starlark.None {
			list, err := strListValues(cur)
			if err != nil {
				return err
			}
			items = list
		}
		switch a.kind {
		case "append":
			items = append(items, vals)
		case "append_const":
			items = append(items, a.constV)
		default:
			more, err := strListValues(vals)
			if err != nil {
				return err
			}
			items = append(items, more...)
		}
		ns.set(a.dest, starlark.NewList(items))
	case "count":
		cur, _ := ns.get(a.dest)
		if cur == nil || cur == starlark.None {
			cur = starlark.MakeInt(0)
		}
		n, err := starlark.Binary(syntax.PLUS, cur, starlark.MakeInt(1))
		if err != nil {
			return err
		}
		ns.set(a.dest, n)
	case "help":
		help, err := p.formatHelp()
		if err != nil {
			return err
		}
		if err := p.printMessage(thread, help, starlark.None, false); err != nil {
			return err
		}
		return sysExit(thread, p.env, 0)
	case "version":
		f := p.newFormatter()
		if s, ok := a.version.(starlark.String); ok {
			f.addText(&optStr{set: true, s: string(s)})
		}
		text, err := f.formatHelp()
		if err != nil {
			return err
		}
		if err := p.printMessage(thread, text, starlark.None, false); err != nil {
			return err
		}
		return sysExit(thread, p.env, 0)
	case "parsers":
		return a.callParsers(thread, p, ns, vals)
	}
	return nil
}

// strListValues is _copy_items / list(values).
func strListValues(v starlark.Value) ([]starlark.Value, error) {
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, pyerr.New("TypeError", "'%s' object is not iterable", v.Type())
	}
	var out []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		out = append(out, x)
	}
	return out, nil
}
