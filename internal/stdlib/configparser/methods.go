package configparser

import (
	"math/big"
	"sort"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

var (
	_ starlark.Mapping   = (*Parser)(nil)
	_ starlark.HasAttrs  = (*Parser)(nil)
	_ starlark.Iterable  = (*Parser)(nil)
	_ starlark.HasSetKey = (*proxy)(nil)
)

func (p *Parser) String() string       { return "<configparser.ConfigParser object>" }
func (p *Parser) Type() string         { return "ConfigParser" }
func (p *Parser) Freeze()              {}
func (p *Parser) Truth() starlark.Bool { return true }
func (p *Parser) Hash() (uint32, error) {
	return 0, core.Errorf("TypeError", "unhashable type: 'ConfigParser'")
}

// Iterate yields the default section's name, then each section's.
func (p *Parser) Iterate() starlark.Iterator {
	names := []starlark.Value{starlark.String(p.defaultSection)}
	for _, n := range p.order {
		names = append(names, starlark.String(n))
	}
	return starlark.NewList(names).Iterate()
}

// Get is parser[section] (and `section in parser`).
func (p *Parser) Get(k starlark.Value) (starlark.Value, bool, error) {
	s, ok := k.(starlark.String)
	if !ok {
		return nil, false, nil
	}
	if string(s) != p.defaultSection && p.sections[string(s)] == nil {
		return nil, false, core.Errorf("KeyError", "%s", core.Quote(string(s)))
	}
	return &proxy{p: p, name: string(s)}, true, nil
}

var parserMethods = map[string]func(p *Parser, thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error){
	"read":           (*Parser).mRead,
	"read_string":    (*Parser).mReadString,
	"read_file":      (*Parser).mReadFile,
	"read_dict":      (*Parser).mReadDict,
	"sections":       (*Parser).mSections,
	"has_section":    (*Parser).mHasSection,
	"has_option":     (*Parser).mHasOption,
	"options":        (*Parser).mOptions,
	"add_section":    (*Parser).mAddSection,
	"remove_section": (*Parser).mRemoveSection,
	"remove_option":  (*Parser).mRemoveOption,
	"get":            (*Parser).mGet,
	"getint": func(p *Parser, t *starlark.Thread, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
		return p.conv("getint", a, k, toInt)
	},
	"getfloat": func(p *Parser, t *starlark.Thread, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
		return p.conv("getfloat", a, k, toFloat)
	},
	"getboolean": func(p *Parser, t *starlark.Thread, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
		return p.conv("getboolean", a, k, toBool)
	},
	"items":    (*Parser).mItems,
	"set":      (*Parser).mSet,
	"write":    (*Parser).mWrite,
	"defaults": (*Parser).mDefaults,
}

func (p *Parser) AttrNames() []string {
	names := make([]string, 0, len(parserMethods)+1)
	for k := range parserMethods {
		names = append(names, k)
	}
	names = append(names, "default_section")
	sort.Strings(names)
	return names
}

func (p *Parser) Attr(name string) (starlark.Value, error) {
	if name == "default_section" {
		return starlark.String(p.defaultSection), nil
	}
	m, ok := parserMethods[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(p, thread, args, kwargs)
	}).BindReceiver(p), nil
}

// read(filenames, encoding=None) → the names read; a file that cannot be
// opened is skipped, as in CPython.
func (p *Parser) mRead(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fv, enc starlark.Value
	if err := core.Unpack("read", args, kwargs, "filenames", &fv, "encoding?", &enc); err != nil {
		return nil, err
	}
	var names []starlark.Value
	switch v := fv.(type) {
	case starlark.String, starlark.Bytes:
		names = []starlark.Value{v}
	case starlark.Iterable:
		it := v.Iterate()
		var x starlark.Value
		for it.Next(&x) {
			names = append(names, x)
		}
		it.Done()
	default:
		return nil, core.Errorf("TypeError", "expected str, bytes or os.PathLike object, not %s", core.TypeName(fv))
	}
	var ok []starlark.Value
	for _, n := range names {
		name := core.Str(n)
		f, err := p.env.OpenFile(thread, name, "r")
		if err != nil {
			if kind, _ := errKind(err); isOSError(kind) {
				continue
			}
			return nil, err
		}
		text, err := core.CallMethod(thread, f, "read")
		core.CallMethod(thread, f, "close")
		if err != nil {
			return nil, err
		}
		if err := p.read(splitLines(core.Str(text)), name); err != nil {
			return nil, err
		}
		ok = append(ok, n)
	}
	return starlark.NewList(ok), nil
}

func (p *Parser) mReadString(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	source := "<string>"
	if err := core.Unpack("read_string", args, kwargs, "string", &s, "source?", &source); err != nil {
		return nil, err
	}
	return starlark.None, p.read(splitLines(s), source)
}

// read_file(f, source=None): f is any iterable of lines (a file object).
func (p *Parser) mReadFile(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var f starlark.Iterable
	var source starlark.Value = starlark.None
	if err := core.Unpack("read_file", args, kwargs, "f", &f, "source?", &source); err != nil {
		return nil, err
	}
	name := "<???>"
	if s, ok := source.(starlark.String); ok {
		name = string(s)
	} else if ha, ok := f.(starlark.HasAttrs); ok {
		if v, err := ha.Attr("name"); err == nil && v != nil {
			name = core.Str(v)
		}
	}
	var lines []string
	it := f.Iterate()
	defer it.Done()
	var x starlark.Value
	for it.Next(&x) {
		lines = append(lines, core.Str(x))
	}
	return starlark.None, p.read(lines, name)
}

// read_dict(dictionary, source='<dict>')
func (p *Parser) mReadDict(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var d starlark.IterableMapping
	source := "<dict>"
	if err := core.Unpack("read_dict", args, kwargs, "dictionary", &d, "source?", &source); err != nil {
		return nil, err
	}
	added := map[string]bool{}
	for _, kv := range d.Items() {
		sect := core.PyStr(kv[0])
		if err := p.addSection(sect); err != nil {
			if kind, _ := errKind(err); kind != "DuplicateSectionError" && kind != "ValueError" || p.strict && added[sect] {
				if kind == "DuplicateSectionError" {
					return nil, core.Errorf("DuplicateSectionError", "While reading from %s: section %s already exists", core.Quote(source), core.Quote(sect))
				}
				if kind != "ValueError" {
					return nil, err
				}
			}
		}
		added[sect] = true
		m, ok := kv[1].(starlark.IterableMapping)
		if !ok {
			return nil, core.Errorf("AttributeError", "'%s' object has no attribute 'items'", core.TypeName(kv[1]))
		}
		for _, ov := range m.Items() {
			key := optionxform(core.PyStr(ov[0]))
			var val starlark.Value = starlark.None
			if ov[1] != starlark.None {
				val = starlark.String(core.PyStr(ov[1]))
			}
			if p.strict && added[sect+"\x00"+key] {
				return nil, core.Errorf("DuplicateOptionError", "While reading from %s: option %s in section %s already exists", core.Quote(source), core.Quote(key), core.Quote(sect))
			}
			added[sect+"\x00"+key] = true
			if err := p.set(sect, key, val); err != nil {
				return nil, err
			}
		}
	}
	return starlark.None, nil
}

func errKind(err error) (string, string) { return pyerr.KindOf(err) }

func isOSError(kind string) bool {
	switch kind {
	case "OSError", "FileNotFoundError", "PermissionError", "IsADirectoryError", "NotADirectoryError":
		return true
	}
	return false
}

func names(list []string) starlark.Value {
	out := make([]starlark.Value, len(list))
	for i, s := range list {
		out[i] = starlark.String(s)
	}
	return starlark.NewList(out)
}

func (p *Parser) mSections(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("sections", args, kwargs); err != nil {
		return nil, err
	}
	return names(p.order), nil
}

func (p *Parser) mHasSection(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := core.Unpack("has_section", args, kwargs, "section", &s); err != nil {
		return nil, err
	}
	return starlark.Bool(p.sections[s] != nil), nil
}

func (p *Parser) hasOption(sect, opt string) bool {
	opt = optionxform(opt)
	if sect == "" || sect == p.defaultSection {
		return p.defaults.vals[opt] != nil
	}
	s := p.sections[sect]
	if s == nil {
		return false
	}
	return s.vals[opt] != nil || p.defaults.vals[opt] != nil
}

func (p *Parser) mHasOption(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sect, opt string
	if err := core.Unpack("has_option", args, kwargs, "section", &sect, "option", &opt); err != nil {
		return nil, err
	}
	return starlark.Bool(p.hasOption(sect, opt)), nil
}

func noSection(s string) error { return core.Errorf("NoSectionError", "No section: %s", core.Quote(s)) }

// options lists a section's options then the defaults', as CPython.
func (p *Parser) options(sect string) ([]string, error) {
	s := p.sections[sect]
	if s == nil {
		return nil, noSection(sect)
	}
	out := append([]string(nil), s.keys...)
	for _, k := range p.defaults.keys {
		if s.vals[k] == nil {
			out = append(out, k)
		}
	}
	return out, nil
}

func (p *Parser) mOptions(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sect string
	if err := core.Unpack("options", args, kwargs, "section", &sect); err != nil {
		return nil, err
	}
	o, err := p.options(sect)
	if err != nil {
		return nil, err
	}
	return names(o), nil
}

func (p *Parser) addSection(s string) error {
	if s == p.defaultSection {
		return core.Errorf("ValueError", "Invalid section name: %s", core.Quote(s))
	}
	if p.sections[s] != nil {
		return core.Errorf("DuplicateSectionError", "Section %s already exists", core.Quote(s))
	}
	p.sections[s] = newSection()
	p.order = append(p.order, s)
	return nil
}

func (p *Parser) mAddSection(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := core.Unpack("add_section", args, kwargs, "section", &v); err != nil {
		return nil, err
	}
	s, ok := v.(starlark.String)
	if !ok {
		return nil, core.Errorf("TypeError", "section names must be strings")
	}
	return starlark.None, p.addSection(string(s))
}

func (p *Parser) mRemoveSection(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := core.Unpack("remove_section", args, kwargs, "section", &s); err != nil {
		return nil, err
	}
	if p.sections[s] == nil {
		return starlark.False, nil
	}
	delete(p.sections, s)
	for i, n := range p.order {
		if n == s {
			p.order = append(p.order[:i], p.order[i+1:]...)
			break
		}
	}
	return starlark.True, nil
}

func (p *Parser) mRemoveOption(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, o string
	if err := core.Unpack("remove_option", args, kwargs, "section", &s, "option", &o); err != nil {
		return nil, err
	}
	sect := p.defaults
	if s != "" && s != p.defaultSection {
		sect = p.sections[s]
		if sect == nil {
			return nil, noSection(s)
		}
	}
	return starlark.Bool(sect.del(optionxform(o))), nil
}

// unify is _unify_values: the section's options over the defaults (and
// vars over both).
func (p *Parser) unify(sect string, vars starlark.Value) (*section, error) {
	d := newSection()
	for _, k := range p.defaults.keys {
		d.set(k, p.defaults.vals[k])
	}
	if s := p.sections[sect]; s != nil {
		for _, k := range s.keys {
			d.set(k, s.vals[k])
		}
	} else if sect != p.defaultSection {
		return nil, noSection(sect)
	}
	if m, ok := vars.(starlark.IterableMapping); ok {
		for _, kv := range m.Items() {
			if kv[1] == starlark.None {
				continue
			}
			d.set(optionxform(core.PyStr(kv[0])), &optVal{s: core.PyStr(kv[1])})
		}
	}
	return d, nil
}

// get returns the value (None for a valueless option) or an error;
// fallback, when not nil, replaces a missing section or option.
func (p *Parser) get(sect, opt string, raw bool, vars, fallback starlark.Value) (starlark.Value, error) {
	d, err := p.unify(sect, vars)
	if err != nil {
		if fallback != nil {
			return fallback, nil
		}
		return nil, err
	}
	opt = optionxform(opt)
	v := d.vals[opt]
	if v == nil {
		if fallback != nil {
			return fallback, nil
		}
		return nil, core.Errorf("NoOptionError", "No option %s in section: %s", core.Quote(opt), core.Quote(sect))
	}
	if v.none {
		return starlark.None, nil
	}
	if raw || !p.interpolate {
		return starlark.String(v.s), nil
	}
	s, err := p.interp(sect, opt, v.s, d)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

// interp is BasicInterpolation.before_get.
func (p *Parser) interp(sect, opt, value string, d *section) (string, error) {
	var b strings.Builder
	if err := p.interpolateSome(sect, opt, &b, value, d, 1); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (p *Parser) interpolateSome(sect, opt string, acc *strings.Builder, rest string, d *section, depth int) error {
	rawval := rest
	if v, err := p.get(sect, opt, true, nil, nil); err == nil && v != starlark.None {
		rawval = core.Str(v)
	}
	if depth > maxDepth {
		return core.Errorf("InterpolationDepthError", "Recursion limit exceeded in value substitution: option %s in section %s contains an interpolation key which cannot be substituted in %d steps. Raw value: %s",
			core.Quote(opt), core.Quote(sect), maxDepth, core.Quote(rawval))
	}
	for rest != "" {
		i := strings.IndexByte(rest, '%')
		if i < 0 {
			acc.WriteString(rest)
			return nil
		}
		acc.WriteString(rest[:i])
		rest = rest[i:]
		c := ""
		if len(rest) > 1 {
			c = rest[1:2]
		}
		switch c {
		case "%":
			acc.WriteByte('%')
			rest = rest[2:]
		case "(":
			m := keyRE().FindStringSubmatchIndex(rest)
			if m == nil || m[0] != 0 {
				return core.Errorf("InterpolationSyntaxError", "bad interpolation variable reference %s", core.Quote(rest))
			}
			name := optionxform(rest[m[2]:m[3]])
			rest = rest[m[1]:]
			v := d.vals[name]
			if v == nil {
				return core.Errorf("InterpolationMissingOptionError", "Bad value substitution: option %s in section %s contains an interpolation key %s which is not a valid option name. Raw value: %s",
					core.Quote(opt), core.Quote(sect), core.Quote(name), core.Quote(rawval))
			}
			if v.none {
				return core.Errorf("TypeError", "argument of type 'NoneType' is not iterable")
			}
			if strings.Contains(v.s, "%") {
				if err := p.interpolateSome(sect, opt, acc, v.s, d, depth+1); err != nil {
					return err
				}
			} else {
				acc.WriteString(v.s)
			}
		default:
			return core.Errorf("InterpolationSyntaxError", "'%%' must be followed by '%%' or '(', found: %s", core.Quote(rest))
		}
	}
	return nil
}

// getArgs unpacks get's parameters: section, option, *, raw, vars, fallback.
func getArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (sect, opt string, raw bool, vars, fallback starlark.Value, err error) {
	if len(args) > 2 {
		return "", "", false, nil, nil, core.Errorf("TypeError", "%s() takes 3 positional arguments but %d were given", fn, len(args)+1)
	}
	err = core.Unpack(fn, args, kwargs, "section", &sect, "option", &opt, "raw?", &raw, "vars?", &vars, "fallback?", &fallback)
	return
}

func (p *Parser) mGet(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sect, opt, raw, vars, fallback, err := getArgs("get", args, kwargs)
	if err != nil {
		return nil, err
	}
	return p.get(sect, opt, raw, vars, fallback)
}

type converter func(s string) (starlark.Value, error)

func toInt(s string) (starlark.Value, error) {
	t := strings.TrimSpace(strings.ReplaceAll(s, "_", ""))
	n, ok := new(big.Int).SetString(t, 10)
	if !ok || strings.Contains(s, "__") || strings.HasPrefix(strings.TrimSpace(s), "_") {
		return nil, core.Errorf("ValueError", "invalid literal for int() with base 10: %s", core.Quote(s))
	}
	return starlark.MakeBigInt(n), nil
}

func toFloat(s string) (starlark.Value, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return nil, core.Errorf("ValueError", "could not convert string to float: %s", core.Quote(s))
		}
	}
	return starlark.Float(f), nil
}

func toBool(s string) (starlark.Value, error) {
	switch strings.ToLower(s) {
	case "1", "yes", "true", "on":
		return starlark.True, nil
	case "0", "no", "false", "off":
		return starlark.False, nil
	}
	return nil, core.Errorf("ValueError", "Not a boolean: %s", s)
}

func (p *Parser) conv(fn string, args starlark.Tuple, kwargs []starlark.Tuple, c converter) (starlark.Value, error) {
	sect, opt, raw, vars, fallback, err := getArgs(fn, args, kwargs)
	if err != nil {
		return nil, err
	}
	return p.convGet(sect, opt, raw, vars, fallback, c)
}

func (p *Parser) convGet(sect, opt string, raw bool, vars, fallback starlark.Value, c converter) (starlark.Value, error) {
	v, err := p.get(sect, opt, raw, vars, nil)
	if err != nil {
		if k, _ := errKind(err); fallback != nil && (k == "NoSectionError" || k == "NoOptionError") {
			return fallback, nil
		}
		return nil, err
	}
	if v == starlark.None {
		return nil, core.Errorf("TypeError", "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'")
	}
	return c(core.Str(v))
}

// items(section=None, raw=False, vars=None): with a section, its
// (name, value) pairs (defaults included); without, (name, proxy) pairs.
func (p *Parser) mItems(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sv starlark.Value
	var raw bool
	var vars starlark.Value
	if err := core.Unpack("items", args, kwargs, "section?", &sv, "raw?", &raw, "vars?", &vars); err != nil {
		return nil, err
	}
	if sv == nil {
		var out []starlark.Value
		it := p.Iterate()
		defer it.Done()
		var n starlark.Value
		for it.Next(&n) {
			out = append(out, starlark.Tuple{n, &proxy{p: p, name: core.Str(n)}})
		}
		return starlark.NewList(out), nil
	}
	sect := core.Str(sv)
	d := newSection()
	for _, k := range p.defaults.keys {
		d.set(k, p.defaults.vals[k])
	}
	if s := p.sections[sect]; s != nil {
		for _, k := range s.keys {
			d.set(k, s.vals[k])
		}
	} else if sect != p.defaultSection {
		return nil, noSection(sect)
	}
	keys := append([]string(nil), d.keys...)
	if m, ok := vars.(starlark.IterableMapping); ok {
		for _, kv := range m.Items() {
			d.set(optionxform(core.PyStr(kv[0])), &optVal{s: core.PyStr(kv[1])})
		}
	}
	var out []starlark.Value
	for _, k := range keys {
		v := d.vals[k]
		var val starlark.Value = starlark.None
		if v.none && !raw && p.interpolate {
			val = starlark.String("") // CPython interpolates None to ''
		}
		if !v.none {
			val = starlark.String(v.s)
			if !raw && p.interpolate {
				s, err := p.interp(sect, k, v.s, d)
				if err != nil {
					return nil, err
				}
				val = starlark.String(s)
			}
		}
		out = append(out, starlark.Tuple{starlark.String(k), val})
	}
	return starlark.NewList(out), nil
}

func (p *Parser) set(sect, opt string, value starlark.Value) error {
	v, err := p.checkValue(value)
	if err != nil {
		return err
	}
	s := p.defaults
	if sect != "" && sect != p.defaultSection {
		s = p.sections[sect]
		if s == nil {
			return noSection(sect)
		}
	}
	s.set(optionxform(opt), v)
	return nil
}

// set(section, option, value=None)
func (p *Parser) mSet(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sect string
	var ov starlark.Value
	var value starlark.Value = starlark.None
	if err := core.Unpack("set", args, kwargs, "section", &sect, "option", &ov, "value?", &value); err != nil {
		return nil, err
	}
	opt, ok := ov.(starlark.String)
	if !ok {
		return nil, core.Errorf("TypeError", "option keys must be strings")
	}
	return starlark.None, p.set(sect, string(opt), value)
}

// write(fileobject, space_around_delimiters=True): one write call per
// line, as CPython.
func (p *Parser) mWrite(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var f starlark.Value
	space := true
	if err := core.Unpack("write", args, kwargs, "fp", &f, "space_around_delimiters?", &space); err != nil {
		return nil, err
	}
	delim := p.delimiters[0]
	if space {
		delim = " " + delim + " "
	}
	writeSection := func(name string, s *section) error {
		if _, err := core.CallMethod(thread, f, "write", starlark.String("["+name+"]\n")); err != nil {
			return err
		}
		for _, k := range s.keys {
			v := s.vals[k]
			line := k
			if !v.none || !p.allowNoValue {
				line += delim + strings.ReplaceAll(v.s, "\n", "\n\t")
				if v.none {
					line = k + delim + "None"
				}
			}
			if _, err := core.CallMethod(thread, f, "write", starlark.String(line+"\n")); err != nil {
				return err
			}
		}
		_, err := core.CallMethod(thread, f, "write", starlark.String("\n"))
		return err
	}
	if len(p.defaults.keys) > 0 {
		if err := writeSection(p.defaultSection, p.defaults); err != nil {
			return nil, err
		}
	}
	for _, n := range p.order {
		if err := writeSection(n, p.sections[n]); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func (p *Parser) mDefaults(thread *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("defaults", args, kwargs); err != nil {
		return nil, err
	}
	d := starlark.NewDict(len(p.defaults.keys))
	for _, k := range p.defaults.keys {
		v := p.defaults.vals[k]
		var val starlark.Value = starlark.String(v.s)
		if v.none {
			val = starlark.None
		}
		d.SetKey(starlark.String(k), val)
	}
	return d, nil
}

// proxy is a SectionProxy: parser["section"].
type proxy struct {
	p    *Parser
	name string
}

func (x *proxy) String() string       { return "<Section: " + x.name + ">" }
func (x *proxy) Type() string         { return "SectionProxy" }
func (x *proxy) Freeze()              {}
func (x *proxy) Truth() starlark.Bool { return true }
func (x *proxy) Hash() (uint32, error) {
	return 0, core.Errorf("TypeError", "unhashable type: 'SectionProxy'")
}

func (x *proxy) keys() []string {
	if x.name == x.p.defaultSection {
		return x.p.defaults.keys
	}
	o, _ := x.p.options(x.name)
	return o
}

func (x *proxy) Iterate() starlark.Iterator { return names(x.keys()).(*starlark.List).Iterate() }

func (x *proxy) Get(k starlark.Value) (starlark.Value, bool, error) {
	s, ok := k.(starlark.String)
	if !ok || !x.p.hasOption(x.name, string(s)) {
		return nil, false, core.Errorf("KeyError", "%s", core.Quote(core.PyStr(k)))
	}
	v, err := x.p.get(x.name, string(s), false, nil, nil)
	return v, err == nil, err
}

func (x *proxy) SetKey(k, v starlark.Value) error {
	s, ok := k.(starlark.String)
	if !ok {
		return core.Errorf("TypeError", "option keys must be strings")
	}
	return x.p.set(x.name, string(s), v)
}

func (x *proxy) AttrNames() []string {
	return []string{"get", "getboolean", "getfloat", "getint", "items", "keys", "name"}
}

func (x *proxy) Attr(name string) (starlark.Value, error) {
	var c converter
	switch name {
	case "name":
		return starlark.String(x.name), nil
	case "keys":
		return starlark.NewBuiltin("keys", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return names(x.keys()), nil
		}), nil
	case "items":
		return starlark.NewBuiltin("items", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack("items", args, kwargs); err != nil {
				return nil, err
			}
			return x.p.mItems(thread, starlark.Tuple{starlark.String(x.name)}, nil)
		}), nil
	case "get":
	case "getint":
		c = toInt
	case "getfloat":
		c = toFloat
	case "getboolean":
		c = toBool
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var opt string
		var fallback starlark.Value
		var raw bool
		var vars starlark.Value
		if err := core.Unpack(name, args, kwargs, "option", &opt, "fallback?", &fallback, "raw?", &raw, "vars?", &vars); err != nil {
			return nil, err
		}
		if c == nil {
			if fallback == nil {
				fallback = starlark.None
			}
			return x.p.get(x.name, opt, raw, vars, fallback)
		}
		return x.p.convGet(x.name, opt, raw, vars, fallback, c)
	}), nil
}
