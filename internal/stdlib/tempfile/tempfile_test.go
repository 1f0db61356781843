package tempfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// fakeFile stands for the script's file object: write and close.
type fakeFile struct{ f *os.File }

func (f *fakeFile) String() string        { return "<file>" }
func (f *fakeFile) Type() string          { return "file" }
func (f *fakeFile) Freeze()               {}
func (f *fakeFile) Truth() starlark.Bool  { return true }
func (f *fakeFile) Hash() (uint32, error) { return 0, nil }
func (f *fakeFile) AttrNames() []string   { return []string{"close", "name", "write"} }
func (f *fakeFile) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(f.f.Name()), nil
	case "write":
		return starlark.NewBuiltin("write", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			_, err := f.f.WriteString(core.Str(args[0]))
			return starlark.None, err
		}), nil
	case "close":
		return starlark.NewBuiltin("close", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, f.f.Close()
		}), nil
	}
	return nil, nil
}

type testEnv struct {
	events [][]any
	top    string
	deny   string
}

var randomRE = regexp.MustCompile(`[a-z0-9_]{8}($|[./])`)

func (e *testEnv) norm(s string) string {
	s = strings.ReplaceAll(s, e.top, "\x00")
	s = randomRE.ReplaceAllString(s, "*$1")
	return strings.ReplaceAll(s, "\x00", "$TMP")
}

func (e *testEnv) env() *core.Env {
	return &core.Env{
		Audit: func(thread *starlark.Thread, event string, args starlark.Tuple) error {
			rec := []any{event}
			for _, a := range args {
				switch a := a.(type) {
				case starlark.String:
					rec = append(rec, e.norm(string(a)))
				case starlark.Int:
					n, _ := a.Int64()
					rec = append(rec, float64(n))
				case starlark.NoneType:
					rec = append(rec, nil)
				default:
					rec = append(rec, a.String())
				}
			}
			e.events = append(e.events, rec)
			if event == e.deny {
				return core.Errorf("PermissionError", "denied %s", event)
			}
			return nil
		},
		WrapFile: func(f *os.File, mode string) (starlark.Value, error) { return &fakeFile{f}, nil },
	}
}

// rmtree stands for the script's shutil.rmtree (its own events are
// shutil's business): it raises shutil.rmtree (path, None) and removes.
func (e *testEnv) rmtree(env *core.Env) starlark.Callable {
	return starlark.NewBuiltin("shutil.rmtree", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		p := core.Str(args[0])
		if err := env.Raise(thread, "shutil.rmtree", starlark.String(p), starlark.None); err != nil {
			return nil, err
		}
		return starlark.None, os.RemoveAll(p)
	})
}

// The Starlark equivalent of each operation of testdata/gen_events.py.
var ops = map[string]string{
	"gettempdir":       "tempfile.gettempdir()",
	"gettempdir_again": "tempfile.gettempdir()",
	"mkstemp":          "f, p = tempfile.mkstemp(suffix='.txt', prefix='job-')\nf.close()",
	"mkstemp_dir":      "os_mkdir(top + '/sub')\nf, p = tempfile.mkstemp(dir=top + '/sub')\nf.close()",
	"mkdtemp":          "tempfile.mkdtemp(prefix='d-')",
	"named_keep":       "f = tempfile.NamedTemporaryFile(delete=False)\nf.write(b'x')\nf.close()",
	"named_delete":     "f = tempfile.NamedTemporaryFile(mode='w', suffix='.csv')\nf.write('x')\nf.close()",
	"tempdir":          "d = tempfile.TemporaryDirectory()\nd.cleanup()",
}

// TestCPythonEvents runs the operations of testdata/events.json and
// compares the events with CPython 3.11's (normalised paths). For
// TemporaryDirectory.cleanup only the events up to shutil.rmtree are
// tempfile's; the rest are shutil.rmtree's own.
func TestCPythonEvents(t *testing.T) {
	data, err := os.ReadFile("testdata/events.json")
	if err != nil {
		t.Fatal(err)
	}
	var want []struct {
		Op     string  `json:"op"`
		Events [][]any `json:"events"`
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	top := t.TempDir()
	t.Setenv("TMPDIR", top)
	te := &testEnv{top: top}
	env := te.env()
	osMkdir := starlark.NewBuiltin("os.mkdir", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		p := core.Str(args[0])
		if err := env.Raise(thread, "os.mkdir", starlark.String(p), starlark.MakeInt(0o777), starlark.MakeInt(-1)); err != nil {
			return nil, err
		}
		return starlark.None, os.Mkdir(p, 0o777)
	})
	pre := starlark.StringDict{"tempfile": Module(env, te.rmtree(env)), "os_mkdir": osMkdir, "top": starlark.String(top)}
	for _, w := range want {
		te.events = [][]any{}
		code, ok := ops[w.Op]
		if !ok {
			t.Fatalf("no Starlark for op %s", w.Op)
		}
		if _, err := starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{}, w.Op, code, pre); err != nil {
			t.Errorf("%s: %v", w.Op, err)
			continue
		}
		wantEv := w.Events
		if w.Op == "tempdir" {
			wantEv = wantEv[:3]
		}
		g, _ := json.Marshal(te.events)
		x, _ := json.Marshal(wantEv)
		if string(g) != string(x) {
			t.Errorf("%s events:\n got %s\nwant %s", w.Op, g, x)
		}
	}
	// What is left: the kept NamedTemporaryFile, the mkstemp files, the
	// mkdtemp directory and sub/; the deleted ones are gone.
	ents, _ := os.ReadDir(top)
	var names []string
	for _, e := range ents {
		names = append(names, te.norm(filepath.Join(top, e.Name())))
	}
	if got := strings.Join(names, " "); !strings.Contains(got, "$TMP/job-*.txt") || strings.Contains(got, ".csv") || len(names) != 4 {
		t.Errorf("left in TMPDIR: %s", got)
	}
}

// Files are created 0600 and directories 0700; a denied event creates
// nothing.
func TestModesAndDenial(t *testing.T) {
	top := t.TempDir()
	te := &testEnv{top: top, deny: "tempfile.mkdtemp"}
	env := te.env()
	pre := starlark.StringDict{"tempfile": Module(env, nil), "top": starlark.String(top)}
	v, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", "tempfile.mkstemp(dir=top)[1]", pre)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(core.Str(v))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mkstemp file mode %v (%v), want 0600", st.Mode(), err)
	}
	if _, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", "tempfile.mkdtemp(dir=top)", pre); err == nil {
		t.Error("denied tempfile.mkdtemp: want an error")
	}
	ents, _ := os.ReadDir(top)
	if len(ents) != 1 {
		t.Errorf("after a denied mkdtemp %d entries, want 1", len(ents))
	}
	te.deny = ""
	v, err = starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", "tempfile.mkdtemp(dir=top)", pre)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(core.Str(v)); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("mkdtemp mode %v (%v), want 0700", st.Mode(), err)
	}
	if got := coretest.Eval(pre, "", "tempfile.gettempprefix()"); got != "tmp" {
		t.Errorf("gettempprefix() = %q", got)
	}
}
