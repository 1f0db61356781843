package re

import (
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
	"github.com/spython-dev/spython/internal/stdlib/json"
)

// What RE2 cannot do is refused with a re.error naming the feature;
// Python flags map to RE2's; bytes patterns give bytes.
func TestRe(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`re.compile("(?=a)")`, "re.error: lookahead/lookbehind assertions are not supported"},
		{`re.compile("(?<!a)b")`, "re.error: lookahead/lookbehind"},
		{`re.compile("(?P<x>a)(?P=x)")`, "re.error: backreferences (?P=name)"},
		{`re.compile(r"(a)\1")`, `re.error: backreferences (\1)`},
		{`re.compile("(?>a)")`, "re.error: atomic groups"},
		{`re.compile("a", 1 << 20)`, "re.error: unknown flags"},
		{`re.compile("a", 4)`, "ValueError"},
		{`re.compile("a", re.A | re.U)`, "re.error: ASCII and UNICODE"},
		{`re.compile("a)")`, "re.error: unexpected )"},
		{`re.compile("a").search(1)`, "TypeError"},
		{`re.sub("a", lambda m: 1, "a")`, "TypeError"},
		{`re.sub(b"(a)", b"\\1\\1", b"xa")`, `b"xaa"`},
		{`re.split(b",", b"a,b")`, `[b"a", b"b"]`},
		{`re.compile("(?i)a").flags == re.I | re.U`, "True"},
		{`re.compile("a", re.I | re.M | re.S).search("A").group()`, `"A"`},
		{`re.compile("a").pattern`, `"a"`},
		{`str(re.search("b+", "abbc"))`, `"<re.Match object; span=(1, 3), match=\"bb\">"`},
		{`re.compile(r"\d").search("x5").group() == re.compile(r"\d").search("x5").group()`, "True"},
		{`re.split("x", "axb", maxsplit=-1)`, `["axb"]`},
		{`re.sub("x", "y", "axb", count=-1)`, `"axb"`},
		{`re.search("(a)", "a").span(2)`, "IndexError"},
		{`re.search("(a)", "a").group("nope")`, "IndexError"},
		{`re.findall(r"\s", "\v\t ")`, `["\v", "\t", " "]`},
	} {
		t.Run(c.src, func(t *testing.T) {
			g, err := starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{Name: "test"}, "t.star",
				"result = "+c.src+"\n", starlark.StringDict{"re": Module()})
			got := ""
			if err != nil {
				kind, msg := pyerr.KindOf(err)
				got = kind + ": " + msg
			} else {
				got = g["result"].String()
			}
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("got %s, want prefix %s", got, c.want)
			}
		})
	}
}

// The pattern cache does not grow without bound.
func TestReCacheBounded(t *testing.T) {
	for i := range 2*reCacheMax + 1 {
		if _, err := reCompile(starlark.String(strconv.Itoa(i)), 0); err != nil {
			t.Fatal(err)
		}
	}
	reCache.Lock()
	n := len(reCache.m)
	reCache.Unlock()
	if n == 0 || n > reCacheMax {
		t.Errorf("cache holds %d patterns, want 1..%d", n, reCacheMax)
	}
}

// Where spython deliberately differs from CPython (see docs/stdlib.md).
var pyRefDiffers = map[string]string{
	// Offsets are byte offsets, as Starlark indexes str (U+0085 is 2 bytes).
	`re.search(r"[\s]", "a\u0085b").span()`: "ok:[1, 3]",
	// RE2 syntax: no lookaround, no backreferences.
	`re.search("(?=a)", "a")`:   "err:re.error",
	`re.search(r"(a)\1", "aa")`: "err:re.error",
}

// re gives what CPython gives, for a table of expressions valid in both
// languages (generated with CPython: pyref_test.go). The results are
// rendered with json.dumps, as the generator did.
func TestReMatchesCPython(t *testing.T) {
	coretest.RunPyRef(t, pyRefCases, pyRefDiffers, starlark.StringDict{"re": Module()}, json.Module().Members["dumps"])
}
