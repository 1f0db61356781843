// Package re is Python's re module on Go's regexp (RE2): Python's pattern
// syntax and flags are translated (translate.go), what RE2 cannot do
// (backreferences, lookaround, atomic groups) is refused with a re.error
// naming it, and matching follows Python's rules for empty matches. It
// works on values in memory only, so it raises no audit event.
package re

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Module returns the re module.
func Module() *starlarkstruct.Module {
	consts := starlark.StringDict{"NOFLAG": starlark.MakeInt(0)}
	for _, f := range []struct {
		short, long string
		v           int
	}{
		{"I", "IGNORECASE", reFlagI}, {"M", "MULTILINE", reFlagM}, {"S", "DOTALL", reFlagS},
		{"X", "VERBOSE", reFlagX}, {"A", "ASCII", reFlagA}, {"U", "UNICODE", reFlagU},
	} {
		consts[f.short] = starlark.MakeInt(f.v)
		consts[f.long] = starlark.MakeInt(f.v)
	}
	return core.Module("re", map[string]core.Func{
		"compile":   reCompileFn,
		"search":    reModuleCall("search"),
		"match":     reModuleCall("match"),
		"fullmatch": reModuleCall("fullmatch"),
		"findall":   reModuleCall("findall"),
		"finditer":  reModuleCall("finditer"),
		"sub":       reModuleCall("sub"),
		"subn":      reModuleCall("subn"),
		"split":     reModuleCall("split"),
		"escape":    reEscape,
	}, consts)
}

// rePattern is a compiled pattern (Python's re.Pattern). It is immutable.
type rePattern struct {
	pattern string // as given
	isBytes bool
	flags   int
	re      *regexp.Regexp
	// canBeEmpty: the pattern can match the empty string somewhere, so
	// Python's rules for empty matches in findall/sub/split apply.
	canBeEmpty bool

	once            sync.Once
	anchored, whole *regexp.Regexp // for match and fullmatch
	from            *regexp.Regexp // search from an offset, keeping left context
}

// reCache holds recently compiled patterns, as Python's re module does, so
// that re.search(pattern, s) in a loop compiles once.
var reCache struct {
	sync.Mutex
	m map[reCacheKey]*rePattern
}

type reCacheKey struct {
	pattern string
	isBytes bool
	flags   int
}

const reCacheMax = 512

func reCompile(pat starlark.Value, flags int) (*rePattern, error) {
	var key reCacheKey
	switch p := pat.(type) {
	case *rePattern:
		if flags != 0 {
			return nil, pyerr.New("ValueError", "cannot process flags argument with a compiled pattern")
		}
		return p, nil
	case starlark.String:
		key = reCacheKey{string(p), false, flags}
	case starlark.Bytes:
		key = reCacheKey{string(p), true, flags}
	default:
		return nil, pyerr.New("TypeError", "first argument must be string or compiled pattern, not %s", pat.Type())
	}
	reCache.Lock()
	p, ok := reCache.m[key]
	reCache.Unlock()
	if ok {
		return p, nil
	}
	src, allFlags, err := pyToRE2(key.pattern, flags, key.isBytes)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, reErrorf("%s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	p = &rePattern{pattern: key.pattern, isBytes: key.isBytes, flags: allFlags, re: re}
	if prog, err := syntax.Parse(src, syntax.Perl); err == nil {
		p.canBeEmpty = reMinLen(prog.Simplify()) == 0
	} else {
		p.canBeEmpty = true
	}
	if !p.isBytes {
		p.flags |= reFlagU
	}
	reCache.Lock()
	if reCache.m == nil || len(reCache.m) >= reCacheMax {
		reCache.m = make(map[reCacheKey]*rePattern)
	}
	reCache.m[key] = p
	reCache.Unlock()
	return p, nil
}

// reMinLen is the fewest bytes a parsed pattern can match.
func reMinLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += utf8.RuneLen(r)
		}
		return n
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return reMinLen(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min * reMinLen(re.Sub[0])
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n += reMinLen(s)
		}
		return n
	case syntax.OpAlternate:
		n := -1
		for _, s := range re.Sub {
			if m := reMinLen(s); n < 0 || m < n {
				n = m
			}
		}
		return max(n, 0)
	}
	return 0 // empty-width assertions, star, quest, no match
}

// variants compiles, once, the forms match, fullmatch and searching from
// an offset need. They cannot fail: the pattern itself compiled.
func (p *rePattern) variants() {
	p.once.Do(func() {
		src := p.re.String()
		p.anchored = regexp.MustCompile(`\A(?:` + src + `)`)
		p.whole = regexp.MustCompile(`\A(?:` + src + `)\z`)
		// The leading (?s:.) consumes the character before the offset, so
		// ^, \A and \b see the real left context; (?s:.*?) finds the
		// leftmost match; group 1 is the match itself.
		p.from = regexp.MustCompile(`\A(?s:.)(?s:.*?)(` + src + `)`)
	})
}

// searchFrom finds the leftmost match starting at or after pos, as if the
// whole string were searched (Python's search with pos). The result has
// 2*(groups+1) byte offsets, -1 for unmatched groups.
func (p *rePattern) searchFrom(s string, pos int) []int {
	if pos == 0 {
		return p.re.FindStringSubmatchIndex(s)
	}
	p.variants()
	_, w := utf8.DecodeLastRuneInString(s[:pos])
	base := pos - w
	loc := p.from.FindStringSubmatchIndex(s[base:])
	if loc == nil {
		return nil
	}
	loc = loc[2:]
	for i := range loc {
		if loc[i] >= 0 {
			loc[i] += base
		}
	}
	return loc
}

// each calls fn for successive non-overlapping matches, at most limit
// (0: all), with Python 3.7+ rules: an empty match is allowed right
// after a non-empty one, and after an empty match the search moves on
// one character. (Go's FindAll drops empty matches that touch the
// previous match, so it is used only when no match can be empty.)
func (p *rePattern) each(s string, limit int, fn func(loc []int) error) error {
	if !p.canBeEmpty {
		n := -1
		if limit > 0 {
			n = limit
		}
		for _, loc := range p.re.FindAllStringSubmatchIndex(s, n) {
			if err := fn(loc); err != nil {
				return err
			}
		}
		return nil
	}
	for pos, count := 0, 0; pos <= len(s) && (limit <= 0 || count < limit); count++ {
		loc := p.searchFrom(s, pos)
		if loc == nil {
			return nil
		}
		if err := fn(loc); err != nil {
			return err
		}
		pos = loc[1]
		if loc[0] == loc[1] {
			if pos >= len(s) {
				return nil
			}
			_, w := utf8.DecodeRuneInString(s[pos:])
			pos += w
		}
	}
	return nil
}

// text checks that s is the same kind (str or bytes) as the pattern.
func (p *rePattern) text(s starlark.Value) (string, error) {
	switch s := s.(type) {
	case starlark.String:
		if p.isBytes {
			return "", pyerr.New("TypeError", "cannot use a bytes pattern on a string-like object")
		}
		return string(s), nil
	case starlark.Bytes:
		if !p.isBytes {
			return "", pyerr.New("TypeError", "cannot use a string pattern on a bytes-like object")
		}
		return string(s), nil
	}
	return "", pyerr.New("TypeError", "expected string or bytes-like object, got '%s'", s.Type())
}

// value makes a str or bytes, matching the pattern.
func (p *rePattern) value(s string) starlark.Value {
	if p.isBytes {
		return starlark.Bytes(s)
	}
	return starlark.String(s)
}

// re.compile(pattern, flags=0)
func reCompileFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pat starlark.Value
	flags := 0
	if err := core.Unpack(b.Name(), args, kwargs, "pattern", &pat, "flags?", &flags); err != nil {
		return nil, err
	}
	return reCompile(pat, flags)
}

// reModuleCall makes re.NAME(pattern, ..., flags=0), which compiles (or
// finds in the cache) the pattern and calls the Pattern method.
func reModuleCall(name string) core.Func {
	params := map[string][]string{
		"sub":   {"repl", "string", "count?"},
		"subn":  {"repl", "string", "count?"},
		"split": {"string", "maxsplit?"},
	}[name]
	if params == nil {
		params = []string{"string"}
	}
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var pat starlark.Value
		vals := make([]starlark.Value, len(params))
		flags := 0
		pairs := []any{"pattern", &pat}
		for i, prm := range params {
			pairs = append(pairs, prm, &vals[i])
		}
		pairs = append(pairs, "flags?", &flags)
		if err := core.Unpack(b.Name(), args, kwargs, pairs...); err != nil {
			return nil, err
		}
		p, err := reCompile(pat, flags)
		if err != nil {
			return nil, err
		}
		var margs starlark.Tuple
		for _, v := range vals {
			if v != nil {
				margs = append(margs, v)
			}
		}
		return starlark.Call(thread, core.Method(p, name, rePatternMethods), margs, nil)
	}
}

// re.escape(pattern) escapes the characters Python 3.7+ escapes.
func reEscape(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pat starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "pattern", &pat); err != nil {
		return nil, err
	}
	s, err := core.BytesOrStr(b.Name(), "pattern", pat)
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", s[i]) >= 0 {
			out.WriteByte('\\')
		}
		out.WriteByte(s[i])
	}
	if _, ok := pat.(starlark.Bytes); ok {
		return starlark.Bytes(out.String()), nil
	}
	return starlark.String(out.String()), nil
}
