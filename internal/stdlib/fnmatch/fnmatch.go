// Package fnmatch is Python's fnmatch module for spython scripts:
// fnmatch, fnmatchcase, filter and translate (str patterns). Pure: it
// matches names in memory.
package fnmatch

import (
	"regexp"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Module returns the fnmatch module.
func Module() starlark.Value {
	return core.Module("fnmatch", map[string]core.Func{
		"fnmatch":     fnmatchFn,
		"fnmatchcase": fnmatchFn,
		"filter":      filterFn,
		"translate":   translateFn,
	}, nil)
}

// piece is one element of a translated pattern: its text in Python's re
// syntax (what translate returns) and in Go's RE2 syntax (what matches).
type piece struct {
	py, re string
	star   bool
}

// pyEscape is Python's re.escape for one character.
func pyEscape(c rune) string {
	if strings.ContainsRune("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", c) {
		return `\` + string(c)
	}
	return string(c)
}

// reClass turns the body of a Python character class into RE2's, where a
// '[' could open a POSIX class.
func reClass(stuff string) string {
	var b strings.Builder
	rs := []rune(stuff)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '\\':
			b.WriteRune('\\')
			if i+1 < len(rs) {
				i++
				b.WriteRune(rs[i])
			}
		case '[':
			b.WriteString(`\[`)
		default:
			b.WriteRune(rs[i])
		}
	}
	return b.String()
}

// Translate is CPython 3.11's fnmatch.translate; it also returns the
// equivalent RE2 pattern (an atomic group becomes a plain group, which
// matches the same names).
func Translate(pattern string) (py, re string) {
	pat := []rune(pattern)
	var res []piece
	i, n := 0, len(pat)
	for i < n {
		c := pat[i]
		i++
		switch c {
		case '*':
			if len(res) == 0 || !res[len(res)-1].star {
				res = append(res, piece{star: true})
			}
		case '?':
			res = append(res, piece{py: ".", re: "."})
		case '[':
			j := i
			if j < n && pat[j] == '!' {
				j++
			}
			if j < n && pat[j] == ']' {
				j++
			}
			for j < n && pat[j] != ']' {
				j++
			}
			if j >= n {
				res = append(res, piece{py: `\[`, re: `\[`})
				continue
			}
			var stuff string
			if !containsRune(pat[i:j], '-') {
				stuff = strings.ReplaceAll(string(pat[i:j]), `\`, `\\`)
			} else {
				var chunks []string
				k := i + 1
				if pat[i] == '!' {
					k = i + 2
				}
				for {
					k = indexRune(pat, '-', k, j)
					if k < 0 {
						break
					}
					chunks = append(chunks, string(pat[i:k]))
					i = k + 1
					k += 3
				}
				if chunk := string(pat[i:j]); chunk != "" {
					chunks = append(chunks, chunk)
				} else {
					chunks[len(chunks)-1] += "-"
				}
				// Remove empty ranges, invalid in a regular expression.
				for k := len(chunks) - 1; k > 0; k-- {
					prev, cur := []rune(chunks[k-1]), []rune(chunks[k])
					if prev[len(prev)-1] > cur[0] {
						chunks[k-1] = string(prev[:len(prev)-1]) + string(cur[1:])
						chunks = append(chunks[:k], chunks[k+1:]...)
					}
				}
				esc := make([]string, len(chunks))
				for k, s := range chunks {
					esc[k] = strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "-", `\-`)
				}
				stuff = strings.Join(esc, "-")
			}
			stuff = setOps().ReplaceAllString(stuff, `\$1`)
			i = j + 1
			switch {
			case stuff == "":
				res = append(res, piece{py: "(?!)", re: `[^\x00-\x{10FFFF}]`})
			case stuff == "!":
				res = append(res, piece{py: ".", re: "."})
			default:
				if stuff[0] == '!' {
					stuff = "^" + stuff[1:]
				} else if stuff[0] == '^' || stuff[0] == '[' {
					stuff = `\` + stuff
				}
				res = append(res, piece{py: "[" + stuff + "]", re: "[" + reClass(stuff) + "]"})
			}
		default:
			res = append(res, piece{py: pyEscape(c), re: regexp.QuoteMeta(string(c))})
		}
	}
	var py2, re2 strings.Builder
	i, n = 0, len(res)
	for i < n && !res[i].star {
		py2.WriteString(res[i].py)
		re2.WriteString(res[i].re)
		i++
	}
	for i < n {
		i++ // the star
		if i == n {
			py2.WriteString(".*")
			re2.WriteString(".*")
			break
		}
		var fp, fr strings.Builder
		for i < n && !res[i].star {
			fp.WriteString(res[i].py)
			fr.WriteString(res[i].re)
			i++
		}
		if i == n {
			py2.WriteString(".*" + fp.String())
			re2.WriteString(".*" + fr.String())
		} else {
			py2.WriteString("(?>.*?" + fp.String() + ")")
			re2.WriteString("(?:.*?" + fr.String() + ")")
		}
	}
	return `(?s:` + py2.String() + `)\Z`, `^(?s:` + re2.String() + `)\z`
}

var setOps = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([&~|])`) })

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func indexRune(rs []rune, r rune, from, to int) int {
	for k := from; k < to && k < len(rs); k++ {
		if rs[k] == r {
			return k
		}
	}
	return -1
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*regexp.Regexp{}
)

// Compile returns the matcher of a pattern (cached, as CPython's is).
func Compile(pattern string) (*regexp.Regexp, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if re, ok := cache[pattern]; ok {
		return re, nil
	}
	_, src := Translate(pattern)
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, core.Errorf("error", "%s", err)
	}
	if len(cache) >= 4096 {
		clear(cache)
	}
	cache[pattern] = re
	return re, nil
}

// Match is fnmatchcase (on POSIX, fnmatch normalises nothing).
func Match(name, pattern string) (bool, error) {
	re, err := Compile(pattern)
	if err != nil {
		return false, err
	}
	return re.MatchString(name), nil
}

func strParam(fn, name string, v starlark.Value) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return "", core.Errorf("TypeError", "%s() argument '%s' must be str, not %s", fn, name, core.TypeName(v))
	}
	return string(s), nil
}

func fnmatchFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv, pv starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "name", &nv, "pat", &pv); err != nil {
		return nil, err
	}
	pat, err := strParam(b.Name(), "pat", pv)
	if err != nil {
		return nil, err
	}
	name, err := strParam(b.Name(), "name", nv)
	if err != nil {
		return nil, err
	}
	ok, err := Match(name, pat)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(ok), nil
}

func filterFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var names starlark.Iterable
	var pv starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "names", &names, "pat", &pv); err != nil {
		return nil, err
	}
	pat, err := strParam(b.Name(), "pat", pv)
	if err != nil {
		return nil, err
	}
	re, err := Compile(pat)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	it := names.Iterate()
	defer it.Done()
	var x starlark.Value
	for it.Next(&x) {
		s, err := strParam(b.Name(), "names", x)
		if err != nil {
			return nil, err
		}
		if re.MatchString(s) {
			out = append(out, x)
		}
	}
	return starlark.NewList(out), nil
}

func translateFn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "pat", &pv); err != nil {
		return nil, err
	}
	pat, err := strParam(b.Name(), "pat", pv)
	if err != nil {
		return nil, err
	}
	py, _ := Translate(pat)
	return starlark.String(py), nil
}
