// Package configparser is Python's configparser module for spython
// scripts: ConfigParser with CPython 3.11's parsing, BasicInterpolation
// (or interpolation=None), typed getters, mapping access and write. It
// raises no event of its own: read opens files with the script's open()
// (event open), write writes through the file object's write method.
package configparser

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Module returns the configparser module.
func Module(env *core.Env) starlark.Value {
	newParser := func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return newConfigParser(env, args, kwargs)
	}
	return core.Module("configparser", map[string]core.Func{
		"ConfigParser": newParser,
		"RawConfigParser": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			kwargs = append(kwargs, starlark.Tuple{starlark.String("interpolation"), starlark.None})
			return newConfigParser(env, args, kwargs)
		},
	}, starlark.StringDict{
		"DEFAULTSECT":             starlark.String("DEFAULT"),
		"MAX_INTERPOLATION_DEPTH": starlark.MakeInt(maxDepth),
	})
}

const maxDepth = 10

// optVal is one option's value: lines while parsing, then one str; none
// is a valueless option (allow_no_value).
type optVal struct {
	lines []string
	s     string
	none  bool
}

// section is an ordered mapping of option names to values.
type section struct {
	keys []string
	vals map[string]*optVal
}

func newSection() *section { return &section{vals: map[string]*optVal{}} }

func (s *section) set(k string, v *optVal) {
	if _, ok := s.vals[k]; !ok {
		s.keys = append(s.keys, k)
	}
	s.vals[k] = v
}

func (s *section) del(k string) bool {
	if _, ok := s.vals[k]; !ok {
		return false
	}
	delete(s.vals, k)
	for i, x := range s.keys {
		if x == k {
			s.keys = append(s.keys[:i], s.keys[i+1:]...)
			break
		}
	}
	return true
}

// Parser is a ConfigParser.
type Parser struct {
	env            *core.Env
	defaults       *section
	sections       map[string]*section
	order          []string
	defaultSection string
	delimiters     []string
	commentPrefix  []string
	inlinePrefix   []string
	strict         bool
	allowNoValue   bool
	emptyLines     bool
	interpolate    bool
	optRE          *regexp.Regexp
}

var sectRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\[(?P<header>.+)\]`) })

func strList(name string, v starlark.Value) ([]string, error) {
	if v == starlark.None {
		return nil, nil
	}
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, core.Errorf("TypeError", "%s must be a sequence of str", name)
	}
	var out []string
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		s, ok := x.(starlark.String)
		if !ok {
			return nil, core.Errorf("TypeError", "%s must be a sequence of str", name)
		}
		out = append(out, string(s))
	}
	return out, nil
}

func newConfigParser(env *core.Env, args starlark.Tuple, kwargs []starlark.Tuple) (*Parser, error) {
	var defaults starlark.Value = starlark.None
	var dictType starlark.Value
	p := &Parser{env: env, sections: map[string]*section{}, defaults: newSection(), defaultSection: "DEFAULT",
		strict: true, emptyLines: true, interpolate: true}
	var delims, comments, inline starlark.Value = starlark.Tuple{starlark.String("="), starlark.String(":")},
		starlark.Tuple{starlark.String("#"), starlark.String(";")}, starlark.None
	var interp starlark.Value = starlark.String("basic")
	var converters starlark.Value
	if err := core.Unpack("ConfigParser", args, kwargs, "defaults?", &defaults, "dict_type?", &dictType,
		"allow_no_value?", &p.allowNoValue, "delimiters?", &delims, "comment_prefixes?", &comments,
		"inline_comment_prefixes?", &inline, "strict?", &p.strict, "empty_lines_in_values?", &p.emptyLines,
		"default_section?", &p.defaultSection, "interpolation?", &interp, "converters?", &converters); err != nil {
		return nil, err
	}
	switch interp.(type) {
	case starlark.NoneType:
		p.interpolate = false
	case starlark.String:
	default:
		return nil, core.Errorf("NotImplementedError", "ConfigParser: only the default interpolation or None is supported")
	}
	var err error
	if p.delimiters, err = strList("delimiters", delims); err != nil {
		return nil, err
	}
	if p.commentPrefix, err = strList("comment_prefixes", comments); err != nil {
		return nil, err
	}
	if p.inlinePrefix, err = strList("inline_comment_prefixes", inline); err != nil {
		return nil, err
	}
	quoted := make([]string, len(p.delimiters))
	for i, d := range p.delimiters {
		quoted[i] = regexp.QuoteMeta(d)
	}
	delim := strings.Join(quoted, "|")
	if p.allowNoValue {
		p.optRE = regexp.MustCompile(`^(?P<option>.*?)\s*(?:(?P<vi>` + delim + `)\s*(?P<value>.*))?$`)
	} else {
		p.optRE = regexp.MustCompile(`^(?P<option>.*?)\s*(?P<vi>` + delim + `)\s*(?P<value>.*)$`)
	}
	if defaults != starlark.None {
		m, ok := defaults.(starlark.IterableMapping)
		if !ok {
			return nil, core.Errorf("TypeError", "defaults must be a dict")
		}
		for _, kv := range m.Items() {
			k := optionxform(core.Str(kv[0]))
			v, err := p.checkValue(kv[1])
			if err != nil {
				return nil, err
			}
			p.defaults.set(k, v)
		}
	}
	return p, nil
}

func optionxform(s string) string { return strings.ToLower(s) }

// checkValue is ConfigParser's value type check and before_set.
func (p *Parser) checkValue(v starlark.Value) (*optVal, error) {
	if v == starlark.None && p.allowNoValue {
		return &optVal{none: true}, nil
	}
	s, ok := v.(starlark.String)
	if !ok {
		return nil, core.Errorf("TypeError", "option values must be strings")
	}
	if p.interpolate && s != "" {
		tmp := strings.ReplaceAll(string(s), "%%", "")
		tmp = keyRE().ReplaceAllString(tmp, "")
		if i := strings.IndexByte(tmp, '%'); i >= 0 {
			return nil, core.Errorf("ValueError", "invalid interpolation syntax in %s at position %d", core.Quote(string(s)), len([]rune(tmp[:i])))
		}
	}
	return &optVal{s: string(s)}, nil
}

var keyRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`%\(([^)]+)\)s`) })

// read parses lines (each with its line ending) from source fpname, as
// RawConfigParser._read.
func (p *Parser) read(lines []string, fpname string) error {
	elementsAdded := map[string]bool{}
	var cursect *section
	sectname, optname := "", ""
	indentLevel := 0
	var errLines []string
	for i, line := range lines {
		lineno := i + 1
		commentStart := -1
		// Inline comments: the first prefix preceded by whitespace.
		if len(p.inlinePrefix) > 0 {
			best := -1
			for _, pre := range p.inlinePrefix {
				idx := -1
				for from := 0; ; {
					j := strings.Index(line[from:], pre)
					if j < 0 {
						break
					}
					j += from
					if j > 0 && (line[j-1] == ' ' || line[j-1] == '\t' || line[j-1] == '\n' || line[j-1] == '\r' || line[j-1] == '\f' || line[j-1] == '\v') {
						idx = j
						break
					}
					from = j + 1
				}
				if idx >= 0 && (best < 0 || idx < best) {
					best = idx
				}
			}
			commentStart = best
		}
		stripped := strings.TrimSpace(line)
		for _, pre := range p.commentPrefix {
			if strings.HasPrefix(stripped, pre) {
				commentStart = 0
				break
			}
		}
		value := line
		if commentStart >= 0 {
			value = line[:commentStart]
		}
		value = strings.TrimSpace(value)
		if value == "" {
			if p.emptyLines {
				if commentStart < 0 && cursect != nil && optname != "" {
					if v := cursect.vals[optname]; v != nil && !v.none {
						v.lines = append(v.lines, "")
					}
				}
			} else {
				indentLevel = 1 << 30
			}
			continue
		}
		curIndent := len(line) - len(strings.TrimLeft(line, " \t\n\r\f\v"))
		if strings.TrimSpace(line) == "" {
			curIndent = 0
		}
		if cursect != nil && optname != "" && curIndent > indentLevel {
			if v := cursect.vals[optname]; v != nil && !v.none {
				v.lines = append(v.lines, value)
			}
			continue
		}
		indentLevel = curIndent
		if m := sectRE().FindStringSubmatch(value); m != nil {
			sectname = m[1]
			switch {
			case p.sections[sectname] != nil:
				if p.strict && elementsAdded[sectname] {
					return core.Errorf("DuplicateSectionError", "While reading from %s [line %2d]: section %s already exists", core.Quote(fpname), lineno, core.Quote(sectname))
				}
				cursect = p.sections[sectname]
				elementsAdded[sectname] = true
			case sectname == p.defaultSection:
				cursect = p.defaults
			default:
				cursect = newSection()
				p.sections[sectname] = cursect
				p.order = append(p.order, sectname)
				elementsAdded[sectname] = true
			}
			optname = ""
			continue
		}
		if cursect == nil {
			return core.Errorf("MissingSectionHeaderError", "File contains no section headers.\nfile: %s, line: %d\n%s", core.Quote(fpname), lineno, core.Quote(line))
		}
		m := p.optRE.FindStringSubmatchIndex(value)
		if m == nil || m[2] == m[3] {
			// CPython records the line and, for an empty name, goes on.
			errLines = append(errLines, fmt.Sprintf("\n\t[line %2d]: %s", lineno, core.Quote(line)))
			if m == nil {
				continue
			}
		}
		optname = optionxform(strings.TrimRight(value[m[2]:m[3]], " \t\n\r\f\v"))
		key := sectname + "\x00" + optname
		if p.strict && elementsAdded[key] {
			return core.Errorf("DuplicateOptionError", "While reading from %s [line %2d]: option %s in section %s already exists", core.Quote(fpname), lineno, core.Quote(optname), core.Quote(sectname))
		}
		elementsAdded[key] = true
		if m[6] >= 0 {
			cursect.set(optname, &optVal{lines: []string{strings.TrimSpace(value[m[6]:m[7]])}})
		} else {
			cursect.set(optname, &optVal{none: true})
		}
	}
	// Join multiline values, as _join_multiline_values.
	all := append([]*section{p.defaults}, p.sectionList()...)
	for _, s := range all {
		for _, k := range s.keys {
			v := s.vals[k]
			if v.lines != nil {
				v.s = strings.TrimRight(strings.Join(v.lines, "\n"), " \t\n\r\f\v")
				v.lines = nil
			}
		}
	}
	if len(errLines) > 0 {
		return core.Errorf("ParsingError", "Source contains parsing errors: %s%s", core.Quote(fpname), strings.Join(errLines, ""))
	}
	return nil
}

func (p *Parser) sectionList() []*section {
	out := make([]*section, len(p.order))
	for i, n := range p.order {
		out[i] = p.sections[n]
	}
	return out
}

// splitLines is str.splitlines(keepends=True) for the line breaks a text
// file iterates on (\n, \r\n, \r).
func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			out = append(out, s)
			break
		}
		j := i + 1
		if s[i] == '\r' && j < len(s) && s[j] == '\n' {
			j++
		}
		out = append(out, s[:j])
		s = s[j:]
	}
	return out
}
