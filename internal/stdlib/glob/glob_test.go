package glob

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

type genCase struct {
	Call   string          `json:"call"`
	Want   json.RawMessage `json:"want"`
	Events [][]any         `json:"events"`
}

// recorder is an Env whose Audit records events (and can deny one).
func recorder(events *[][]any, deny string) *core.Env {
	return &core.Env{Audit: func(thread *starlark.Thread, event string, args starlark.Tuple) error {
		rec := []any{event}
		for _, a := range args {
			switch a := a.(type) {
			case starlark.String:
				rec = append(rec, string(a))
			case starlark.Bool:
				rec = append(rec, bool(a))
			case starlark.NoneType:
				rec = append(rec, nil)
			default:
				rec = append(rec, a.String())
			}
		}
		*events = append(*events, rec)
		if event == deny {
			return core.Errorf("PermissionError", "denied: %s", event)
		}
		return nil
	}}
}

func canon(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCPythonCases runs testdata/cases.json: glob calls CPython 3.11 made
// over the same tree (testdata/gen_cases.py), with their results and the
// events they raised, both compared as sorted lists.
func TestCPythonCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var gen struct {
		Tree  [][]any   `json:"tree"`
		Cases []genCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &gen); err != nil {
		t.Fatal(err)
	}
	top := t.TempDir()
	for _, e := range gen.Tree {
		p := filepath.Join(top, e[0].(string))
		switch w := e[1].(type) {
		case nil:
			err = os.Mkdir(p, 0o755)
		case string:
			err = os.WriteFile(p, []byte(w), 0o644)
		case []any:
			err = os.Symlink(w[1].(string), p)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(top)
	for _, c := range gen.Cases {
		var events [][]any
		pre := starlark.StringDict{"glob": Module(recorder(&events, ""))}
		var want any
		if err := json.Unmarshal(c.Want, &want); err != nil {
			t.Fatal(err)
		}
		expr := c.Call
		if _, ok := want.([]any); ok {
			expr = "sorted(" + c.Call + ")"
		}
		thread := &starlark.Thread{}
		v, err := starlark.EvalOptions(coretest.FileOptions, thread, "case", expr, pre)
		if err != nil {
			t.Errorf("%s: %v", c.Call, err)
			continue
		}
		var got any
		switch v := v.(type) {
		case *starlark.List:
			var l []any
			for i := 0; i < v.Len(); i++ {
				l = append(l, string(v.Index(i).(starlark.String)))
			}
			if l == nil {
				l = []any{}
			}
			got = l
		case starlark.String:
			got = string(v)
		case starlark.Bool:
			got = bool(v)
		}
		if canon(t, got) != canon(t, want) {
			t.Errorf("%s = %s, want %s", c.Call, canon(t, got), canon(t, want))
		}
		sort.Slice(events, func(i, j int) bool { return canon(t, events[i]) < canon(t, events[j]) })
		wantEv := c.Events
		if wantEv == nil {
			wantEv = [][]any{}
		}
		if events == nil {
			events = [][]any{}
		}
		if canon(t, events) != canon(t, wantEv) {
			t.Errorf("%s events:\n got %s\nwant %s", c.Call, canon(t, events), canon(t, wantEv))
		}
	}
}

// The two glob events come first and in order; a denied os.scandir stops
// the call with that error.
func TestEventOrderAndDenial(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.Mkdir("d", 0o755); err != nil {
		t.Fatal(err)
	}
	var events [][]any
	pre := starlark.StringDict{"glob": Module(recorder(&events, "os.scandir"))}
	_, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "case", "glob.glob('d/*')", pre)
	if err == nil {
		t.Fatal("denied os.scandir: want an error")
	}
	want := `[["glob.glob","d/*",false],["glob.glob/2","d/*",false,null,null],["os.scandir","d"]]`
	if got := canon(t, events); got != want {
		t.Errorf("events %s, want %s", got, want)
	}
	// No hook at all: refused, not run unaudited.
	pre = starlark.StringDict{"glob": Module(&core.Env{})}
	if _, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "case", "glob.glob('*')", pre); err == nil {
		t.Error("no audit hook: want an error")
	}
}
