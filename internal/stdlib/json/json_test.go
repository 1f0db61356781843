package json

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// run runs src with json and globals predeclared.
func run(src string, globals starlark.StringDict) (starlark.StringDict, error) {
	d := starlark.StringDict{"json": Module()}
	for k, v := range globals {
		d[k] = v
	}
	return starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{Name: "test"}, "t.star", src, d)
}

// loads(dumps(x)) == x, and errors have Python's classes.
func TestJSONRoundTripAndErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`json.loads(json.dumps(V)) == V`, "True"},
		{`json.loads(json.dumps(V, indent=4)) == V`, "True"},
		{`json.loads(json.dumps(V, sort_keys=True, separators=(",", ":")))== V`, "True"},
		{`json.loads(json.dumps("\u2028 é 😀 \x00")) == "\u2028 é 😀 \x00"`, "True"},
		{`json.loads(json.dumps(12345678901234567890123456789)) == 12345678901234567890123456789`, "True"},
		{`json.dumps(json.loads('{"b": 1, "a": 2}'))`, `"{\"b\": 1, \"a\": 2}"`},
		{`type(json.loads("1.0")), type(json.loads("1"))`, `("float", "int")`},
		{`json.loads('"\\ud800x"')`, `"�x"`}, // a lone surrogate cannot be UTF-8
		{`json.dumps(L)`, "ValueError"},      // Circular reference detected
		{`json.loads("[" * 2000 + "]" * 2000)`, "RecursionError"},
		{`json.dumps(json.loads("[" * 999 + "]" * 999))`, `"` + strings.Repeat("[", 999) + strings.Repeat("]", 999) + `"`},
		{`json.dumps(D)`, "RecursionError"},
		{`json.loads("1" * 5000)`, "ValueError"}, // Python's int max_str_digits
		{`json.dumps(1, indent=[])`, "TypeError"},
		{`json.dumps(1, separators=(",",))`, "TypeError"},
		{`json.dumps({1: 1, "a": 2}, sort_keys=True)`, "TypeError"},
		{`json.loads("nul")`, "JSONDecodeError"},
	} {
		t.Run(c.src, func(t *testing.T) {
			src := `V = {"a": [1, 2.5, -3, None, True, False, "x\n\"y\""], "b": {"c": {}, "d": []}, "é": "ü"}
L = [1]
L.append(L)
D = []
for _ in range(1500):
    D = [D]
result = ` + c.src + "\n"
			g, err := run(src, nil)
			var got string
			if err != nil {
				got, _ = pyerr.KindOf(err)
			} else {
				got = g["result"].String()
			}
			if got != c.want {
				t.Errorf("got %s, want %s (err %v)", got, c.want, err)
			}
		})
	}
}

// Deep input is refused before it can exhaust the stack.
func TestJSONDepthLimit(t *testing.T) {
	ok := strings.Repeat("[", jsonMaxDepth) + strings.Repeat("]", jsonMaxDepth)
	if _, err := run(`json.loads(S)`, starlark.StringDict{"S": starlark.String(ok)}); err != nil {
		t.Errorf("depth %d: %v", jsonMaxDepth, err)
	}
}

// Invalid UTF-8 in a str (possible in Starlark, not in Python) becomes
// U+FFFD rather than invalid JSON.
func TestJSONInvalidUTF8(t *testing.T) {
	if got := string(appendPyJSONString(nil, "a\xffb", true)); got != `"a\ufffdb"` {
		t.Errorf("ensure_ascii: got %s", got)
	}
	if got := string(appendPyJSONString(nil, "a\xffb", false)); got != "\"a\uFFFDb\"" {
		t.Errorf("no ensure_ascii: got %q", got)
	}
}

// json gives what CPython gives, for a table of expressions valid in both
// languages (generated with CPython: pyref_test.go).
func TestJSONMatchesCPython(t *testing.T) {
	m := Module()
	coretest.RunPyRef(t, pyRefCases, nil, starlark.StringDict{"json": m}, m.Members["dumps"])
}
