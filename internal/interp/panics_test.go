package interp

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
)

// panicky is a value whose method panics, as a bug in a library would;
// its method is not wrapped (only predeclared builtins are).
type panicky struct{}

func (panicky) String() string        { return "panicky" }
func (panicky) Type() string          { return "panicky" }
func (panicky) Freeze()               {}
func (panicky) Truth() starlark.Bool  { return true }
func (panicky) Hash() (uint32, error) { return 0, nil }
func (panicky) AttrNames() []string   { return []string{"m"} }
func (panicky) Attr(string) (starlark.Value, error) {
	return starlark.NewBuiltin("m", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		var t starlark.Value = starlark.Tuple{}
		_ = map[any]bool{t: true} // runtime error: hash of unhashable type
		return starlark.None, nil
	}), nil
}

// runPanicky runs src with two extra predeclared names: boom(), a builtin
// that panics, and obj, whose method m() panics.
func runPanicky(t *testing.T, src string) (Result, string) {
	t.Helper()
	pol, err := policy.Parse([]byte(`{"name":"t"}`))
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "s.star")
	if err := os.WriteFile(script, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	reg := new(hooks.Registry)
	if err := reg.AddLauncher(new(recorder)); err != nil {
		t.Fatal(err)
	}
	reg.Seal()
	var out bytes.Buffer
	x := New(Config{Policy: pol, Hooks: reg, Script: script, Stdout: &out, Stderr: &out})
	x.r.builders["boom"] = func() starlark.Value {
		return recoverBuiltins(starlark.NewBuiltin("boom", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			panic("boom")
		}), 0)
	}
	x.r.builders["obj"] = func() starlark.Value { return panicky{} }
	res := x.Run()
	return res, out.String()
}

func TestPanicIsSystemError(t *testing.T) {
	tests := []struct {
		name, src, out string
		code           int
		errHas         string
	}{
		{"caught builtin", "v, e = try_call(boom)\nprint(e.kind, e.msg)\n", "SystemError internal error in boom(): boom\n", 0, ""},
		{"caught method", "v, e = try_call(obj.m)\nprint(e.kind)\n", "SystemError\n", 0, ""},
		{"uncaught builtin", "print('before')\nboom()\nprint('after')\n", "before\n", 1, "internal error in boom(): boom"},
		{"uncaught method", "obj.m()\nprint('after')\n", "", 1, "unhashable"},
		{"in a function", "def f():\n    return boom()\nv, e = try_call(f)\nprint(e.kind)\n", "SystemError\n", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, out := runPanicky(t, tc.src)
			if res.Code != tc.code || out != tc.out {
				t.Fatalf("code %d out %q (err %v), want code %d out %q", res.Code, out, res.Err, tc.code, tc.out)
			}
			if tc.errHas != "" {
				if res.Outcome != Failed || !strings.Contains(res.Err.Error(), tc.errHas) || res.Reason != "uncaught error" {
					t.Errorf("result %+v, want Failed with %q", res, tc.errHas)
				}
				if kind := Traceback(res.Err); !strings.Contains(kind, "SystemError") {
					t.Errorf("traceback %q does not name SystemError", kind)
				}
			}
		})
	}
}
