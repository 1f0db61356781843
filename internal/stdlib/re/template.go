package re

import (
	"strconv"
	"strings"

	"github.com/spython-dev/spython/internal/pyerr"
)

// reTemplate is a parsed sub() replacement: literal text and group
// references, in Python's syntax (\1, \g<1>, \g<name>, \n, ...). It is
// expanded directly rather than translated to Go's ${1}, whose rules
// differ ($ is special there, \ is not).
type reTemplate []reTemplatePart

type reTemplatePart struct {
	lit   string
	group int // -1: lit
}

func (t reTemplate) expand(out *strings.Builder, s string, loc []int) {
	for _, part := range t {
		if part.group < 0 {
			out.WriteString(part.lit)
		} else if g := part.group; loc[2*g] >= 0 {
			out.WriteString(s[loc[2*g]:loc[2*g+1]])
		} // a group that did not take part expands to "" (Python 3.5+)
	}
}

var reTemplateEscapes = map[byte]string{'a': "\a", 'b': "\b", 'f': "\f", 'n': "\n", 'r': "\r", 't': "\t", 'v': "\v", '\\': "\\"}

// parseReTemplate follows Python's re._parser.parse_template.
func parseReTemplate(p *rePattern, t string) (reTemplate, error) {
	var parts reTemplate
	var lit strings.Builder
	ngroups := p.re.NumSubexp()
	ref := func(g int, at int) error {
		if g > ngroups {
			return reErrorf("invalid group reference %d at position %d", g, at)
		}
		if lit.Len() > 0 {
			parts = append(parts, reTemplatePart{lit: lit.String(), group: -1})
			lit.Reset()
		}
		parts = append(parts, reTemplatePart{group: g})
		return nil
	}
	isDigit := func(i int) bool { return i < len(t) && '0' <= t[i] && t[i] <= '9' }
	isOct := func(i int) bool { return i < len(t) && '0' <= t[i] && t[i] <= '7' }
	for i := 0; i < len(t); {
		c := t[i]
		if c != '\\' {
			lit.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(t) {
			return nil, reErrorf("bad escape (end of pattern) at position %d", i)
		}
		e := t[i+1]
		switch {
		case e == 'g':
			if i+2 >= len(t) || t[i+2] != '<' {
				return nil, reErrorf("missing < at position %d", i+2)
			}
			end := strings.IndexByte(t[i+3:], '>')
			if end < 0 {
				return nil, reErrorf("missing >, unterminated name at position %d", i+3)
			}
			name := t[i+3 : i+3+end]
			if name == "" {
				return nil, reErrorf("missing group name at position %d", i+3)
			}
			g, err := strconv.Atoi(name)
			if err != nil || strings.TrimLeft(name, "0123456789") != "" {
				g = p.re.SubexpIndex(name)
				if g < 0 {
					return nil, pyerr.New("IndexError", "unknown group name '%s'", name)
				}
			}
			if err := ref(g, i+3); err != nil {
				return nil, err
			}
			i += 3 + end + 1
		case e == '0':
			j := i + 2
			for j < i+4 && isOct(j) {
				j++
			}
			v, _ := strconv.ParseUint(t[i+1:j], 8, 32)
			reWriteCode(&lit, p, v)
			i = j
		case isDigit(i + 1):
			if isDigit(i+2) && isOct(i+1) && isOct(i+2) && isOct(i+3) {
				v, _ := strconv.ParseUint(t[i+1:i+4], 8, 32)
				if v > 0o377 {
					return nil, reErrorf("octal escape value \\%s outside of range 0-0o377 at position %d", t[i+1:i+4], i)
				}
				reWriteCode(&lit, p, v)
				i += 4
				continue
			}
			j := i + 2
			if isDigit(j) {
				j++
			}
			g, _ := strconv.Atoi(t[i+1 : j])
			if err := ref(g, i); err != nil {
				return nil, err
			}
			i = j
		default:
			if s, ok := reTemplateEscapes[e]; ok {
				lit.WriteString(s)
			} else if ('a' <= e && e <= 'z') || ('A' <= e && e <= 'Z') {
				return nil, reErrorf("bad escape \\%c at position %d", e, i)
			} else {
				lit.WriteByte('\\') // unknown non-letter escapes stay as written
				lit.WriteByte(e)
			}
			i += 2
		}
	}
	if lit.Len() > 0 {
		parts = append(parts, reTemplatePart{lit: lit.String(), group: -1})
	}
	return parts, nil
}

// reWriteCode writes an octal escape's character: a byte for a bytes
// pattern, the code point (UTF-8) for a str one.
func reWriteCode(b *strings.Builder, p *rePattern, v uint64) {
	if p.isBytes {
		b.WriteByte(byte(v))
	} else {
		b.WriteRune(rune(v))
	}
}
