package pycompat

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// HintError is Python-only syntax that spython does not support, with
// what to write instead.
type HintError struct {
	Filename  string
	Line, Col int
	Msg       string
}

func (e *HintError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s (see docs/porting.md)", e.Filename, e.Line, e.Col, e.Msg)
}

// Prepare runs the source pass: it returns src with the supported Python
// forms (`x is y`, `x is not y`, `x ** y`, `assert c, msg`, `import m` of a
// predeclared module) rewritten to forms the parser accepts, every other
// token keeping its line and column, and the marks the tree pass needs.
// Python-only forms it cannot support are a HintError. isModule reports
// whether a name is a predeclared module.
func Prepare(filename string, src []byte, isModule func(string) bool) ([]byte, *Marks, error) {
	p := &prepass{src: []byte(string(src)), filename: filename, isModule: isModule,
		marks: &Marks{pow: map[[2]int32]bool{}, is: map[[2]int32]bool{}, assert: map[[2]int32]bool{}},
		line:  1, col: 1, stmtStart: true}
	if err := p.run(); err != nil {
		return nil, nil, err
	}
	if len(p.inserts) > 0 {
		var b []byte
		last := 0
		for _, at := range p.inserts {
			b = append(b, p.src[last:at]...)
			b = append(b, ')')
			last = at
		}
		p.src = append(b, p.src[last:]...)
	}
	return p.src, p.marks, nil
}

type prepass struct {
	src       []byte
	filename  string
	isModule  func(string) bool
	marks     *Marks
	i         int
	line, col int
	depth     int
	stmtStart bool
	prevEnd   bool  // the previous token ends an operand
	closeAt   []int // pending: insert ')' at the end of this logical line
	inserts   []int
}

func (p *prepass) hint(line, col int, format string, args ...any) error {
	return &HintError{Filename: p.filename, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// advance moves over n bytes, keeping line and column (in runes).
func (p *prepass) advance(n int) {
	for k := 0; k < n && p.i < len(p.src); k++ {
		c := p.src[p.i]
		p.i++
		if c == '\n' {
			p.line++
			p.col = 1
		} else if c&0xC0 != 0x80 {
			p.col++
		}
	}
}

func (p *prepass) endLogicalLine() {
	if len(p.closeAt) > 0 {
		p.inserts = append(p.inserts, p.i)
		p.closeAt = p.closeAt[:0]
	}
}

var unsupported = map[string]string{
	"class":    "classes are not supported: use a dict (or a struct of functions) and plain functions",
	"try":      "try/except is not supported: call the function with try_call(fn, *args) and check the returned error (err.kind == \"ValueError\")",
	"except":   "try/except is not supported: use try_call(fn, *args)",
	"finally":  "try/finally is not supported: run the clean-up after try_call(fn, *args)",
	"raise":    "raise is not supported: call fail(\"message\") (or return an error value)",
	"with":     "with is not supported: open the file, use it, and call f.close() explicitly",
	"del":      "del is not supported: use d.pop(key) for a dict, lst.pop(i) or lst.remove(x) for a list",
	"global":   "global is not needed: module-level names may be reassigned at top level; inside a function, return the new value or keep state in a dict or list",
	"nonlocal": "nonlocal is not supported: keep the state in a dict or list the inner function mutates",
	"yield":    "generators are not supported: build and return a list",
	"async":    "async is not supported",
	"await":    "await is not supported",
}

// keywords that may precede an operand (so `**` after them is not binary).
var operatorWords = map[string]bool{
	"and": true, "or": true, "not": true, "in": true, "if": true, "else": true, "elif": true,
	"return": true, "lambda": true, "for": true, "while": true, "is": true, "assert": true,
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool  { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func (p *prepass) run() error {
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '\n':
			if p.depth == 0 {
				p.endLogicalLine()
				p.stmtStart = true
				p.prevEnd = false
			}
			p.advance(1)
		case c == '\\' && p.i+1 < len(p.src) && p.src[p.i+1] == '\n':
			p.advance(2)
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			p.advance(1)
		case c == '#':
			// A ')' for an assert goes before its comment.
			if p.depth == 0 {
				p.endLogicalLine()
			}
			for p.i < len(p.src) && p.src[p.i] != '\n' {
				p.advance(1)
			}
		case c == '"' || c == '\'':
			if err := p.stringLit(0); err != nil {
				return err
			}
		case c >= '0' && c <= '9' || c == '.' && p.i+1 < len(p.src) && p.src[p.i+1] >= '0' && p.src[p.i+1] <= '9':
			for p.i < len(p.src) && (isIdentPart(rune(p.src[p.i])) || p.src[p.i] == '.' ||
				(p.src[p.i] == '+' || p.src[p.i] == '-') && (p.src[p.i-1] == 'e' || p.src[p.i-1] == 'E')) {
				p.advance(1)
			}
			p.stmtStart, p.prevEnd = false, true
		default:
			r, size := utf8.DecodeRune(p.src[p.i:])
			if isIdentStart(r) {
				if err := p.word(); err != nil {
					return err
				}
				continue
			}
			if err := p.operator(c, size); err != nil {
				return err
			}
		}
	}
	p.endLogicalLine()
	return nil
}

func (p *prepass) operator(c byte, size int) error {
	next := byte(0)
	if p.i+1 < len(p.src) {
		next = p.src[p.i+1]
	}
	line, col := p.line, p.col
	switch {
	case c == '*' && next == '*':
		if p.prevEnd {
			p.src[p.i], p.src[p.i+1] = '/', '/'
			p.marks.pow[[2]int32{int32(line), int32(col)}] = true
		}
		p.advance(2)
		p.prevEnd = false
		if p.i < len(p.src) && p.src[p.i] == '=' {
			return p.hint(line, col, "**= is not supported: write x = x ** y")
		}
		return nil
	case c == ':' && next == '=':
		return p.hint(line, col, "the walrus operator := is not supported: assign on a line of its own first")
	case c == '@' && p.stmtStart:
		return p.hint(line, col, "decorators are not supported: write f = decorator(f) after the def")
	case c == '(' || c == '[' || c == '{':
		p.depth++
		p.advance(1)
		p.prevEnd = false
	case c == ')' || c == ']' || c == '}':
		if p.depth > 0 {
			p.depth--
		}
		p.advance(1)
		p.prevEnd = true
	case c == ';' && p.depth == 0:
		p.endLogicalLine()
		p.advance(1)
		p.stmtStart, p.prevEnd = true, false
		return nil
	default:
		p.advance(size)
		p.prevEnd = false
	}
	p.stmtStart = false
	return nil
}

// word handles an identifier, keyword, or string prefix.
func (p *prepass) word() error {
	start, line, col := p.i, p.line, p.col
	for p.i < len(p.src) {
		r, size := utf8.DecodeRune(p.src[p.i:])
		if !isIdentPart(r) {
			break
		}
		p.i += size
		p.col++
	}
	w := string(p.src[start:p.i])
	if p.i < len(p.src) && (p.src[p.i] == '"' || p.src[p.i] == '\'') && len(w) <= 2 && strings.Trim(strings.ToLower(w), "rbuf") == "" {
		if strings.ContainsAny(w, "fF") {
			return p.hint(line, col, "f-strings are not supported: write \"{} of {}\".format(a, b) or \"%%s of %%s\" %% (a, b)")
		}
		return p.stringLit(len(w))
	}
	atStart := p.stmtStart
	p.stmtStart = false
	p.prevEnd = !operatorWords[w]
	if msg, ok := unsupported[w]; ok && (atStart || w == "await" || w == "yield") {
		return p.hint(line, col, "%s", msg)
	}
	switch w {
	case "load":
		// Python scripts use load as a name (load averages); it is the
		// load statement only at the start of a statement before "(".
		if !(atStart && p.peekByte() == '(') {
			// "ℓoad": the same number of runes, so columns stay.
			rest := append([]byte("ℓoad"), p.src[start+4:]...)
			p.src = append(p.src[:start], rest...)
			p.i += len("ℓoad") - 4
		}
	case "is":
		p.src[start], p.src[start+1] = '=', '='
		j := p.i
		for j < len(p.src) && (p.src[j] == ' ' || p.src[j] == '\t') {
			j++
		}
		if j+3 <= len(p.src) && string(p.src[j:j+3]) == "not" && (j+3 == len(p.src) || !isIdentPart(rune(p.src[j+3]))) {
			p.src[start] = '!'
			copy(p.src[j:j+3], "   ")
			p.advance(j + 3 - p.i)
		}
		p.marks.is[[2]int32{int32(line), int32(col)}] = true
		p.prevEnd = false
	case "assert":
		if !atStart {
			return p.hint(line, col, "assert must start a statement")
		}
		copy(p.src[start:start+6], "_ASRT(")
		p.marks.assert[[2]int32{int32(line), int32(col)}] = true
		p.closeAt = append(p.closeAt, 1)
		p.prevEnd = false
	case "import":
		if !atStart {
			return nil
		}
		return p.importLine(start, line, col)
	case "from":
		if atStart {
			mod := p.peekWord()
			if p.isModule(strings.SplitN(mod, ".", 2)[0]) {
				return p.hint(line, col, "from %s import ... is not supported: %s is predeclared, write %s.name where you use it", mod, mod, mod)
			}
			return p.hint(line, col, "module %s is not available in spython (there is no import): see docs/stdlib.md for the predeclared modules", mod)
		}
	}
	return nil
}

func (p *prepass) peekByte() byte {
	j := p.i
	for j < len(p.src) && (p.src[j] == ' ' || p.src[j] == '\t') {
		j++
	}
	if j < len(p.src) {
		return p.src[j]
	}
	return 0
}

func (p *prepass) peekWord() string {
	j := p.i
	for j < len(p.src) && (p.src[j] == ' ' || p.src[j] == '\t') {
		j++
	}
	k := j
	for k < len(p.src) && (isIdentPart(rune(p.src[k])) || p.src[k] == '.') {
		k++
	}
	return string(p.src[j:k])
}

// importLine accepts `import a, b.c` of predeclared modules as the
// expression statement `(     a, b.c)`: the names are referenced, so the
// import event is raised as for any use, and nothing else happens.
func (p *prepass) importLine(start, line, col int) error {
	end := p.i
	for end < len(p.src) && p.src[end] != '\n' && p.src[end] != '#' && p.src[end] != ';' {
		end++
	}
	rest := strings.TrimSpace(string(p.src[p.i:end]))
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		fields := strings.Fields(part)
		if len(fields) == 0 {
			return p.hint(line, col, "import needs a module name")
		}
		mod := fields[0]
		if !p.isModule(strings.SplitN(mod, ".", 2)[0]) {
			return p.hint(line, col, "module %s is not available in spython (there is no import): see docs/stdlib.md for the predeclared modules", mod)
		}
		if len(fields) > 1 {
			return p.hint(line, col, "import %s as ... is not supported: %s is predeclared, use it by that name", mod, mod)
		}
	}
	copy(p.src[start:start+6], "(     ")
	p.advance(end - p.i)
	p.inserts = append(p.inserts, p.i)
	p.prevEnd = true
	return nil
}

// stringLit skips a string literal whose prefix (n bytes) was consumed.
func (p *prepass) stringLit(n int) error {
	_ = n
	q := p.src[p.i]
	triple := p.i+2 < len(p.src) && p.src[p.i+1] == q && p.src[p.i+2] == q
	if triple {
		p.advance(3)
	} else {
		p.advance(1)
	}
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '\\':
			p.advance(2)
			continue
		case c == '\n' && !triple:
			p.stmtStart, p.prevEnd = false, true
			return nil // the parser reports it
		case c == q && (!triple || p.i+2 < len(p.src) && p.src[p.i+1] == q && p.src[p.i+2] == q):
			if triple {
				p.advance(3)
			} else {
				p.advance(1)
			}
			p.stmtStart, p.prevEnd = false, true
			return nil
		}
		p.advance(1)
	}
	p.stmtStart, p.prevEnd = false, true
	return nil
}

// ExplainParseError adds what to write instead to the parser's messages
// about Python-only forms the source pass does not catch.
func ExplainParseError(err error) error {
	msg := err.Error()
	for _, h := range parseHints {
		if strings.Contains(msg, h.substr) {
			return fmt.Errorf("%s: %s (see docs/porting.md)", msg, h.hint)
		}
	}
	return err
}

var parseHints = []struct{ substr, hint string }{
	{"does not associate with", "chained comparisons are not supported: write a < b and b < c"},
	{"got lambda", "lambda is allowed only as an expression: def a named function instead"},
}
