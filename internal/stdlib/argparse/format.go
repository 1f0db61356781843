package argparse

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyfmt"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// formatter is CPython 3.11's HelpFormatter (and its Raw*, Argument-
// Defaults and MetavarType variants), ported line for line so that help
// and usage text match byte for byte. Lengths count code points, as
// Python's len does.
type formatter struct {
	kind          string
	prog          string
	indentInc     int
	maxHelpPos    int
	width         int
	curIndent     int
	level         int
	actionMaxLen  int
	root, current *section
	err           error
}

type section struct {
	f       *formatter
	parent  *section
	heading *string
	items   []func() string
}

// newFormatter is formatter_class(prog=self.prog): the width is the
// terminal's (columns()) less 2, as CPython's.
func (p *Parser) newFormatter() *formatter {
	width := columns() - 2
	f := &formatter{kind: p.formatter, prog: p.prog, indentInc: 2, width: width}
	f.maxHelpPos = min(24, max(width-20, f.indentInc*2))
	f.root = &section{f: f}
	f.current = f.root
	return f
}

func rlen(s string) int { return utf8.RuneCountInString(s) }

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(" ", n)
}

func (f *formatter) indent() { f.curIndent += f.indentInc; f.level++ }
func (f *formatter) dedent() { f.curIndent -= f.indentInc; f.level-- }

func (s *section) formatHelp() string {
	if s.parent != nil {
		s.f.indent()
	}
	var b strings.Builder
	for _, item := range s.items {
		b.WriteString(item())
	}
	if s.parent != nil {
		s.f.dedent()
	}
	help := b.String()
	if help == "" {
		return ""
	}
	heading := ""
	if s.heading != nil && *s.heading != suppress {
		heading = spaces(s.f.curIndent) + *s.heading + ":\n"
	}
	return "\n" + heading + help + "\n"
}

func (f *formatter) addItem(fn func() string) { f.current.items = append(f.current.items, fn) }

func (f *formatter) startSection(heading optStr) {
	f.indent()
	s := &section{f: f, parent: f.current}
	if heading.set {
		h := heading.s
		s.heading = &h
	}
	f.addItem(s.formatHelp)
	f.current = s
}

func (f *formatter) endSection() {
	f.current = f.current.parent
	f.dedent()
}

func (f *formatter) addText(text *optStr) {
	if text != nil && text.set && text.s != suppress {
		t := text.s
		f.addItem(func() string { return f.formatText(t) })
	}
}

func (f *formatter) addUsage(usage optStr, actions []*Action, groups []*Group, prefix string) {
	if usage.set && usage.s == suppress {
		return
	}
	f.addItem(func() string { return f.formatUsage(usage, actions, groups, prefix) })
}

func (f *formatter) addArgument(a *Action) {
	if isSuppress(a.help) {
		return
	}
	invLen := rlen(f.invocation(a))
	f.indent()
	for _, sub := range a.choiceActs {
		invLen = max(invLen, rlen(f.invocation(sub)))
	}
	f.dedent()
	f.actionMaxLen = max(f.actionMaxLen, invLen+f.curIndent)
	f.addItem(func() string { return f.formatAction(a) })
}

var longBreak = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\n\n\n+`) })

func (f *formatter) formatHelp() (string, error) {
	help := f.root.formatHelp()
	if f.err != nil {
		return "", f.err
	}
	if help != "" {
		help = longBreak().ReplaceAllString(help, "\n\n")
		help = strings.Trim(help, "\n") + "\n"
	}
	return help, nil
}

func (f *formatter) fail(err error) {
	if f.err == nil {
		f.err = err
	}
}

// percentProg is text % dict(prog=prog) when text mentions %(prog).
func (f *formatter) percentProg(text string) string {
	d := starlark.NewDict(1)
	_ = d.SetKey(starlark.String("prog"), starlark.String(f.prog))
	out, err := pyfmt.Percent(text, d)
	if err != nil {
		f.fail(err)
		return text
	}
	return out
}

func (f *formatter) formatUsage(usage optStr, actions []*Action, groups []*Group, prefix string) string {
	if prefix == "\x00" {
		prefix = "usage: "
	}
	var text string
	switch {
	case usage.set:
		text = f.percentProg(usage.s)
	case len(actions) == 0:
		text = f.prog
	default:
		prog := f.prog
		var optionals, positionals []*Action
		for _, a := range actions {
			if len(a.opts) > 0 {
				optionals = append(optionals, a)
			} else {
				positionals = append(positionals, a)
			}
		}
		actionUsage := f.actionsUsage(append(append([]*Action(nil), optionals...), positionals...), groups)
		text = prog
		if actionUsage != "" {
			text = prog + " " + actionUsage
		}
		textWidth := f.width - f.curIndent
		if rlen(prefix)+rlen(text) > textWidth {
			optParts := usageParts(f.actionsUsage(optionals, groups))
			posParts := usageParts(f.actionsUsage(positionals, groups))
			getLines := func(parts []string, indent string, prefix *string) []string {
				var lines, line []string
				lineLen := rlen(indent) - 1
				if prefix != nil {
					lineLen = rlen(*prefix) - 1
				}
				for _, part := range parts {
					if lineLen+1+rlen(part) > textWidth && len(line) > 0 {
						lines = append(lines, indent+strings.Join(line, " "))
						line = nil
						lineLen = rlen(indent) - 1
					}
					line = append(line, part)
					lineLen += rlen(part) + 1
				}
				if len(line) > 0 {
					lines = append(lines, indent+strings.Join(line, " "))
				}
				if prefix != nil && len(lines) > 0 {
					lines[0] = lines[0][len(indent):]
				}
				return lines
			}
			var lines []string
			if float64(rlen(prefix)+rlen(prog)) <= 0.75*float64(textWidth) {
				indent := spaces(rlen(prefix) + rlen(prog) + 1)
				switch {
				case len(optParts) > 0:
					lines = getLines(append([]string{prog}, optParts...), indent, &prefix)
					lines = append(lines, getLines(posParts, indent, nil)...)
				case len(posParts) > 0:
					lines = getLines(append([]string{prog}, posParts...), indent, &prefix)
				default:
					lines = []string{prog}
				}
			} else {
				indent := spaces(rlen(prefix))
				parts := append(append([]string(nil), optParts...), posParts...)
				lines = getLines(parts, indent, nil)
				if len(lines) > 1 {
					lines = nil
					lines = append(lines, getLines(optParts, indent, nil)...)
					lines = append(lines, getLines(posParts, indent, nil)...)
				}
				lines = append([]string{prog}, lines...)
			}
			text = strings.Join(lines, "\n")
		}
	}
	return prefix + text + "\n\n"
}

// usageParts is re.findall(r'\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+', s).
func usageParts(s string) []string {
	r := []rune(s)
	n := len(r)
	isSpace := func(c rune) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' }
	var out []string
	// bracketed tries one of the first two alternatives at i: the
	// shortest run up to a closing bracket run followed by space or end.
	bracketed := func(i int, open, close rune) int {
		if r[i] != open {
			return -1
		}
		for k := i + 1; k < n; k++ {
			if r[k] == '\n' {
				return -1 // '.' does not match a newline
			}
			if r[k] != close {
				continue
			}
			e := k
			for e < n && r[e] == close {
				e++
			}
			if e == n || isSpace(r[e]) {
				return e
			}
		}
		return -1
	}
	for i := 0; i < n; {
		if isSpace(r[i]) {
			i++
			continue
		}
		e := bracketed(i, '(', ')')
		if e < 0 {
			e = bracketed(i, '[', ']')
		}
		if e < 0 {
			e = i
			for e < n && !isSpace(r[e]) {
				e++
			}
		}
		out = append(out, string(r[i:e]))
		i = e
	}
	return out
}

var (
	openSpace  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([\[(]) `) })
	spaceClose = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` ([\])])`) })
	emptyGroup = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[\[(] *[\])]`) })
)

// actionsUsage is _format_actions_usage.
func (f *formatter) actionsUsage(actions []*Action, groups []*Group) string {
	inGroup := map[*Action]bool{}
	inserts := map[int]string{}
	index := func(a *Action) int {
		for i, x := range actions {
			if x == a {
				return i
			}
		}
		return -1
	}
	for _, g := range groups {
		if len(g.actions) == 0 {
			f.fail(core.Errorf("ValueError", "empty group %s", g.String()))
			return ""
		}
		start := index(g.actions[0])
		if start < 0 {
			continue
		}
		end := start + len(g.actions)
		if end > len(actions) {
			continue
		}
		same := true
		for i, a := range g.actions {
			if actions[start+i] != a {
				same = false
			}
		}
		if !same {
			continue
		}
		suppressed := 0
		for _, a := range g.actions {
			inGroup[a] = true
			if isSuppress(a.help) {
				suppressed++
			}
		}
		exposed := len(g.actions) - suppressed
		add := func(i int, s string) {
			if cur, ok := inserts[i]; ok {
				inserts[i] = cur + s
			} else {
				inserts[i] = s
			}
		}
		if !g.required {
			if _, ok := inserts[start]; ok {
				add(start, " [")
			} else {
				add(start, "[")
			}
			add(end, "]")
		} else if exposed > 1 {
			if _, ok := inserts[start]; ok {
				add(start, " (")
			} else {
				add(start, "(")
			}
			add(end, ")")
		}
		for i := start + 1; i < end; i++ {
			inserts[i] = "|"
		}
	}
	parts := make([]*string, 0, len(actions))
	for i, a := range actions {
		var part string
		switch {
		case isSuppress(a.help):
			parts = append(parts, nil)
			if inserts[i] == "|" {
				delete(inserts, i)
			} else if inserts[i+1] == "|" {
				delete(inserts, i+1)
			}
			continue
		case len(a.opts) == 0:
			s, err := formatArgs(a, f.defaultPosMetavar(a))
			if err != nil {
				f.fail(err)
			}
			part = s
			if inGroup[a] && len(part) >= 2 && part[0] == '[' && part[len(part)-1] == ']' {
				part = part[1 : len(part)-1]
			}
		default:
			opt := a.opts[0]
			if a.nargs == 0 {
				part = opt
			} else {
				s, err := formatArgs(a, f.defaultOptMetavar(a))
				if err != nil {
					f.fail(err)
				}
				part = opt + " " + s
			}
			if !a.required && !inGroup[a] {
				part = "[" + part + "]"
			}
		}
		parts = append(parts, &part)
	}
	var keys []int
	for i := range inserts {
		keys = append(keys, i)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(keys)))
	for _, i := range keys {
		s := inserts[i]
		if i > len(parts) {
			i = len(parts)
		}
		parts = append(parts[:i], append([]*string{&s}, parts[i:]...)...)
	}
	var items []string
	for _, p := range parts {
		if p != nil {
			items = append(items, *p)
		}
	}
	text := strings.Join(items, " ")
	text = openSpace().ReplaceAllString(text, "$1")
	text = spaceClose().ReplaceAllString(text, "$1")
	text = emptyGroup().ReplaceAllString(text, "")
	return strings.TrimSpace(text)
}

func (f *formatter) formatText(text string) string {
	if strings.Contains(text, "%(prog)") {
		text = f.percentProg(text)
	}
	width := max(f.width-f.curIndent, 11)
	indent := spaces(f.curIndent)
	return f.fillText(text, width, indent) + "\n\n"
}

func (f *formatter) formatAction(a *Action) string {
	helpPos := min(f.actionMaxLen+2, f.maxHelpPos)
	helpWidth := max(f.width-helpPos, 11)
	actionWidth := helpPos - f.curIndent - 2
	header := f.invocation(a)
	helpStr, hasHelp := a.help.(starlark.String)
	indentFirst := 0
	switch {
	case !hasHelp || helpStr == "":
		header = spaces(f.curIndent) + header + "\n"
	case rlen(header) <= actionWidth:
		header = spaces(f.curIndent) + header + spaces(actionWidth-rlen(header)) + "  "
	default:
		header = spaces(f.curIndent) + header + "\n"
		indentFirst = helpPos
	}
	parts := []string{header}
	if hasHelp && strings.TrimSpace(string(helpStr)) != "" {
		text := f.expandHelp(a)
		if text != "" {
			lines := f.splitLines(text, helpWidth)
			if len(lines) > 0 {
				parts = append(parts, spaces(indentFirst)+lines[0]+"\n")
				for _, l := range lines[1:] {
					parts = append(parts, spaces(helpPos)+l+"\n")
				}
			}
		}
	} else if !strings.HasSuffix(header, "\n") {
		parts = append(parts, "\n")
	}
	f.indent()
	for _, sub := range a.choiceActs {
		parts = append(parts, f.formatAction(sub))
	}
	f.dedent()
	return strings.Join(parts, "")
}

// invocation is _format_action_invocation.
func (f *formatter) invocation(a *Action) string {
	if len(a.opts) == 0 {
		mv, err := metavars(a, f.defaultPosMetavar(a), 1)
		if err != nil {
			f.fail(err)
			return ""
		}
		return mv[0]
	}
	if a.nargs == 0 {
		return strings.Join(a.opts, ", ")
	}
	args, err := formatArgs(a, f.defaultOptMetavar(a))
	if err != nil {
		f.fail(err)
	}
	parts := make([]string, len(a.opts))
	for i, o := range a.opts {
		parts[i] = o + " " + args
	}
	return strings.Join(parts, ", ")
}

func (f *formatter) defaultOptMetavar(a *Action) string {
	if f.kind == "MetavarTypeHelpFormatter" {
		return typeName(a.typ)
	}
	return strings.ToUpper(a.dest)
}

func (f *formatter) defaultPosMetavar(a *Action) string {
	if f.kind == "MetavarTypeHelpFormatter" {
		return typeName(a.typ)
	}
	return a.dest
}

func typeName(v starlark.Value) string {
	if n, ok := v.(interface{ Name() string }); ok {
		return n.Name()
	}
	return pyfmt.Str(v)
}

type metavarErr struct{}

func (metavarErr) Error() string { return "length of metavar tuple does not match nargs" }

// metavars is _metavar_formatter(action, default)(size).
func metavars(a *Action, def string, size int) ([]string, error) {
	var result starlark.Value
	switch {
	case a.metavar != starlark.None:
		result = a.metavar
	case a.kind == "parsers":
		result = starlark.String("{" + strings.Join(a.parserKeys, ",") + "}")
	case a.choices != starlark.None:
		strs, err := choiceStrs(a.choices)
		if err != nil {
			return nil, err
		}
		result = starlark.String("{" + strings.Join(strs, ",") + "}")
	default:
		result = starlark.String(def)
	}
	if t, ok := result.(starlark.Tuple); ok {
		out := make([]string, len(t))
		for i, x := range t {
			out[i] = pyfmt.Str(x)
		}
		if len(out) != size {
			return out, &metavarErr{}
		}
		return out, nil
	}
	out := make([]string, size)
	for i := range out {
		out[i] = pyfmt.Str(result)
	}
	return out, nil
}

// formatArgs is _format_args.
func formatArgs(a *Action, def string) (string, error) {
	mv := func(n int) ([]string, error) { return metavars(a, def, n) }
	switch a.nargs {
	case nargsNone:
		m, err := mv(1)
		if err != nil {
			return "", err
		}
		return m[0], nil
	case nargsOptional:
		m, err := mv(1)
		if err != nil {
			return "", err
		}
		return "[" + m[0] + "]", nil
	case nargsZeroMore:
		m, err := metavars(a, def, 1)
		if len(m) == 2 {
			return "[" + m[0] + " [" + m[1] + " ...]]", nil
		}
		if err != nil {
			return "", err
		}
		return "[" + m[0] + " ...]", nil
	case nargsOneMore:
		m, err := mv(2)
		if err != nil {
			return "", err
		}
		return m[0] + " [" + m[1] + " ...]", nil
	case nargsRemainder:
		return "...", nil
	case nargsParser:
		m, err := mv(1)
		if err != nil {
			return "", err
		}
		return m[0] + " ...", nil
	case nargsSuppress:
		return "", nil
	}
	m, err := mv(a.nargs)
	if err != nil {
		return "", err
	}
	return strings.Join(m, " "), nil
}

// expandHelp is _expand_help: help % (the action's attributes + prog).
func (f *formatter) expandHelp(a *Action) string {
	help := string(a.help.(starlark.String))
	if f.kind == "ArgumentDefaultsHelpFormatter" && !strings.Contains(help, "%(default)") && !isSuppress(a.def) {
		if len(a.opts) > 0 || a.nargs == nargsOptional || a.nargs == nargsZeroMore {
			help += " (default: %(default)s)"
		}
	}
	if !strings.Contains(help, "%") {
		return help
	}
	params := starlark.NewDict(12)
	put := func(k string, v starlark.Value) {
		if isSuppress(v) {
			return
		}
		if n, ok := v.(interface{ Name() string }); ok {
			if _, isCallable := v.(starlark.Callable); isCallable {
				v = starlark.String(n.Name())
			}
		}
		_ = params.SetKey(starlark.String(k), v)
	}
	put("option_strings", strList2(a.opts))
	put("dest", starlark.String(a.dest))
	put("nargs", a.nargsV)
	put("const", a.constV)
	put("default", a.def)
	put("type", a.typ)
	choices := a.choices
	if a.kind == "parsers" {
		choices = starlark.String(strings.Join(a.parserKeys, ", "))
	} else if choices != starlark.None {
		strs, err := choiceStrs(choices)
		if err != nil {
			f.fail(err)
			return help
		}
		choices = starlark.String(strings.Join(strs, ", "))
	}
	put("choices", choices)
	put("required", starlark.Bool(a.required))
	put("help", a.help)
	put("metavar", a.metavar)
	if a.kind == "version" {
		put("version", a.version)
	}
	put("prog", starlark.String(f.prog))
	out, err := pyfmt.Percent(help, params)
	if err != nil {
		f.fail(err)
		return help
	}
	return out
}

var asciiSpace = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[ \t\n\r\f\v]+`) })

func (f *formatter) splitLines(text string, width int) []string {
	if f.kind == "RawTextHelpFormatter" {
		return splitLines(text)
	}
	text = strings.TrimSpace(asciiSpace().ReplaceAllString(text, " "))
	return wrap(text, width, "", "")
}

func (f *formatter) fillText(text string, width int, indent string) string {
	if f.kind == "RawDescriptionHelpFormatter" || f.kind == "RawTextHelpFormatter" {
		var b strings.Builder
		for _, line := range splitLinesKeep(text) {
			b.WriteString(indent + line)
		}
		return b.String()
	}
	text = strings.TrimSpace(asciiSpace().ReplaceAllString(text, " "))
	return strings.Join(wrap(text, width, indent, indent), "\n")
}

// splitLinesKeep is str.splitlines(keepends=True) for \n, \r\n and \r.
func splitLinesKeep(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			out = append(out, s)
			break
		}
		end := i + 1
		if s[i] == '\r' && end < len(s) && s[end] == '\n' {
			end++
		}
		out = append(out, s[:end])
		s = s[end:]
	}
	return out
}

func splitLines(s string) []string {
	lines := splitLinesKeep(s)
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r\n")
	}
	return lines
}

// formatUsage is ArgumentParser.format_usage.
func (p *Parser) formatUsage() (string, error) {
	f := p.newFormatter()
	f.addUsage(p.usage, p.actions, p.mutex, "\x00")
	return f.formatHelp()
}

// formatHelp is ArgumentParser.format_help.
func (p *Parser) formatHelp() (string, error) {
	f := p.newFormatter()
	f.addUsage(p.usage, p.actions, p.mutex, "\x00")
	f.addText(&p.description)
	for _, g := range p.groups {
		f.startSection(g.title)
		f.addText(&g.description)
		for _, a := range g.actions {
			f.addArgument(a)
		}
		f.endSection()
	}
	f.addText(&p.epilog)
	return f.formatHelp()
}
