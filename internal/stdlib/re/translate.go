package re

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spython-dev/spython/internal/pyerr"
)

// Python's re flag values.
const (
	reFlagI = 2   // IGNORECASE
	reFlagL = 4   // LOCALE (refused)
	reFlagM = 8   // MULTILINE
	reFlagS = 16  // DOTALL
	reFlagU = 32  // UNICODE (the default for str patterns)
	reFlagX = 64  // VERBOSE
	reFlagA = 256 // ASCII
)

const reKnownFlags = reFlagI | reFlagL | reFlagM | reFlagS | reFlagU | reFlagX | reFlagA

// reErrorf is the error for a bad pattern or template: Python's re.error
// (named re.PatternError since 3.13).
func reErrorf(format string, args ...any) error { return pyerr.New("re.error", format, args...) }

// Unicode versions of Python's \d \w \s for str patterns (Go's are ASCII).
// Python's \s also covers \v, which Go's does not, so even ASCII patterns
// get an explicit class.
const (
	reUniDigit = `\p{Nd}`
	reUniWord  = `\p{L}\p{N}_`
	reUniSpace = `\t\n\v\f\r \x{1c}-\x{1f}\x{85}\p{Z}`
	reASCSpace = `\t\n\v\f\r `
)

// pyToRE2 rewrites a Python pattern into Go's RE2 syntax, returning it with
// the flags (argument and leading inline group) as a Go flag prefix. It
// refuses what RE2 cannot do (backreferences, lookaround, atomic groups)
// with a clear re.error rather than Go's parse error.
func pyToRE2(pat string, flags int, isBytes bool) (string, int, error) {
	if flags&^reKnownFlags != 0 {
		return "", 0, reErrorf("unknown flags %#x", flags&^reKnownFlags)
	}
	// A leading global inline flag group, e.g. (?i) or (?x).
	if strings.HasPrefix(pat, "(?") {
		if end := strings.IndexByte(pat, ')'); end > 2 {
			inline := pat[2:end]
			if strings.Trim(inline, "aiLmsux") == "" {
				for _, c := range inline {
					flags |= map[rune]int{'a': reFlagA, 'i': reFlagI, 'L': reFlagL, 'm': reFlagM, 's': reFlagS, 'u': reFlagU, 'x': reFlagX}[c]
				}
				pat = pat[end+1:]
			}
		}
	}
	if flags&reFlagL != 0 {
		return "", 0, pyerr.New("ValueError", "re.LOCALE is not supported")
	}
	if flags&reFlagA != 0 && flags&reFlagU != 0 {
		return "", 0, reErrorf("ASCII and UNICODE flags are incompatible")
	}
	unicode := !isBytes && flags&reFlagA == 0
	verbose := flags&reFlagX != 0

	var b strings.Builder
	switch goFlags := flagLetters(flags); goFlags {
	case "":
	default:
		b.WriteString("(?" + goFlags + ")")
	}
	inClass := false
	classStart := 0 // position in pat just after [ or [^
	for i := 0; i < len(pat); {
		c := pat[i]
		if verbose && !inClass {
			if strings.IndexByte(" \t\n\r\v\f", c) >= 0 {
				i++
				continue
			}
			if c == '#' {
				if nl := strings.IndexByte(pat[i:], '\n'); nl >= 0 {
					i += nl + 1
				} else {
					i = len(pat)
				}
				continue
			}
		}
		switch {
		case c == '\\':
			n, err := translateEscape(&b, pat, i, inClass, unicode, isBytes)
			if err != nil {
				return "", 0, err
			}
			i += n
			continue
		case inClass:
			if c == ']' && i > classStart {
				inClass = false
			}
			if c == '[' && strings.HasPrefix(pat[i:], "[:") {
				// RE2 would read [:alpha:] as a POSIX class; to Python it is
				// just characters.
				b.WriteString(`\[`)
				i++
				continue
			}
		case c == '[':
			inClass = true
			classStart = i + 1
			if strings.HasPrefix(pat[i+1:], "^") {
				classStart++
			}
		case c == '(' && strings.HasPrefix(pat[i:], "(?"):
			rest := pat[i+2:]
			switch {
			case strings.HasPrefix(rest, "#"):
				end := strings.IndexByte(rest, ')')
				if end < 0 {
					return "", 0, reErrorf("missing ), unterminated comment at position %d", i)
				}
				i += 2 + end + 1
				continue
			case strings.HasPrefix(rest, "P="):
				return "", 0, reErrorf("backreferences (?P=name) are not supported (RE2 syntax) at position %d", i)
			case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"),
				strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
				return "", 0, reErrorf("lookahead/lookbehind assertions are not supported (RE2 syntax) at position %d", i)
			case strings.HasPrefix(rest, ">"):
				return "", 0, reErrorf("atomic groups are not supported (RE2 syntax) at position %d", i)
			case strings.HasPrefix(rest, "("):
				return "", 0, reErrorf("conditional groups are not supported (RE2 syntax) at position %d", i)
			}
		case c == '{' && strings.HasPrefix(pat[i:], "{,"):
			// Python's {,n} is {0,n}; RE2 would take it literally.
			j := i + 2
			for j < len(pat) && '0' <= pat[j] && pat[j] <= '9' {
				j++
			}
			if j > i+2 && j < len(pat) && pat[j] == '}' {
				b.WriteString("{0," + pat[i+2:j] + "}")
				i = j + 1
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), flags, nil
}

func flagLetters(flags int) string {
	s := ""
	if flags&reFlagI != 0 {
		s += "i"
	}
	if flags&reFlagM != 0 {
		s += "m"
	}
	if flags&reFlagS != 0 {
		s += "s"
	}
	return s
}

// translateEscape writes the RE2 form of the escape at pat[i] (a
// backslash) and returns how many bytes of pat it used.
func translateEscape(b *strings.Builder, pat string, i int, inClass, unicode, isBytes bool) (int, error) {
	if i+1 >= len(pat) {
		return 0, reErrorf("bad escape (end of pattern) at position %d", i)
	}
	c := pat[i+1]
	class := func(outside, inside string) (int, error) {
		if inClass {
			b.WriteString(inside)
		} else {
			b.WriteString(outside)
		}
		return 2, nil
	}
	switch c {
	case 'd':
		if unicode {
			return class(reUniDigit, reUniDigit)
		}
	case 'D':
		if unicode && !inClass {
			return class(`\P{Nd}`, "")
		}
	case 'w':
		if unicode {
			return class("["+reUniWord+"]", reUniWord)
		}
	case 'W':
		if unicode && !inClass {
			return class("[^"+reUniWord+"]", "")
		}
	case 's':
		if unicode {
			return class("["+reUniSpace+"]", reUniSpace)
		}
		return class("["+reASCSpace+"]", reASCSpace)
	case 'S':
		if !inClass {
			if unicode {
				return class("[^"+reUniSpace+"]", "")
			}
			return class("[^"+reASCSpace+"]", "")
		}
	case 'Z':
		if !inClass {
			return class(`\z`, "")
		}
		return 0, reErrorf("bad escape \\Z at position %d", i)
	case 'b':
		if inClass {
			return class("", `\x08`)
		}
	case 'u', 'U':
		if isBytes {
			return 0, reErrorf("bad escape \\%c at position %d", c, i)
		}
		n := 4
		if c == 'U' {
			n = 8
		}
		if i+2+n > len(pat) {
			return 0, reErrorf("incomplete escape \\%c at position %d", c, i)
		}
		r, err := strconv.ParseUint(pat[i+2:i+2+n], 16, 32)
		if err != nil || r > utf8.MaxRune {
			return 0, reErrorf("bad escape \\%s at position %d", pat[i+1:i+2+n], i)
		}
		fmt.Fprintf(b, `\x{%x}`, r)
		return 2 + n, nil
	}
	if '0' <= c && c <= '9' {
		return translateDigitEscape(b, pat, i, inClass)
	}
	if c >= utf8.RuneSelf {
		// Python reads \é as é; RE2 refuses it.
		_, size := utf8.DecodeRuneInString(pat[i+1:])
		b.WriteString(pat[i+1 : i+1+size])
		return 1 + size, nil
	}
	b.WriteString(pat[i : i+2])
	return 2, nil
}

// translateDigitEscape applies Python's rules for \digits: \0 and
// three-digit forms are octal characters; anything else outside a class
// is a backreference, which RE2 cannot do.
func translateDigitEscape(b *strings.Builder, pat string, i int, inClass bool) (int, error) {
	isOct := func(j int) bool { return j < len(pat) && '0' <= pat[j] && pat[j] <= '7' }
	j := i + 1
	switch {
	case pat[j] == '0' || inClass:
		if !isOct(j) {
			return 0, reErrorf("bad escape \\%c at position %d", pat[j], i)
		}
		k := j + 1
		for k < j+3 && isOct(k) {
			k++
		}
		v, _ := strconv.ParseUint(pat[j:k], 8, 32)
		if v > 0o377 {
			return 0, reErrorf("octal escape value \\%s outside of range 0-0o377 at position %d", pat[j:k], i)
		}
		fmt.Fprintf(b, `\x{%x}`, v)
		return k - i, nil
	case isOct(j) && isOct(j+1) && isOct(j+2):
		v, _ := strconv.ParseUint(pat[j:j+3], 8, 32)
		if v > 0o377 {
			return 0, reErrorf("octal escape value \\%s outside of range 0-0o377 at position %d", pat[j:j+3], i)
		}
		fmt.Fprintf(b, `\x{%x}`, v)
		return 4, nil
	}
	return 0, reErrorf("backreferences (\\%c) are not supported (RE2 syntax) at position %d", pat[j], i)
}
