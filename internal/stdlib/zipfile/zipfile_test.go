package zipfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

func testEnv(events *[][]any) *core.Env {
	env := &core.Env{}
	env.Audit = func(thread *starlark.Thread, event string, args starlark.Tuple) error {
		rec := []any{event}
		for _, a := range args {
			switch a := a.(type) {
			case starlark.String:
				rec = append(rec, string(a))
			case starlark.Int:
				n, _ := a.Int64()
				rec = append(rec, float64(n))
			default:
				rec = append(rec, a.String())
			}
		}
		*events = append(*events, rec)
		return nil
	}
	env.OpenOS = func(thread *starlark.Thread, path, mode string) (*os.File, error) {
		if mode == "rb" {
			return os.Open(path)
		}
		return os.Create(path)
	}
	return env
}

// ok.zip (written by CPython) extracts with CPython's events, in order
// (testdata/gen.py); a member named "../evil.txt" is refused (CPython
// would rename it; spython refuses, as tarfile's data filter).
func TestCPythonExtract(t *testing.T) {
	var want struct {
		Names  []string `json:"names"`
		Events [][]any  `json:"events"`
	}
	data, _ := os.ReadFile("testdata/want.json")
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	okZip, _ := filepath.Abs("testdata/ok.zip")
	evilZip, _ := filepath.Abs("testdata/evil.zip")
	t.Chdir(t.TempDir())
	var events [][]any
	pre := starlark.StringDict{"zipfile": Module(testEnv(&events)), "ok": starlark.String(okZip), "evil": starlark.String(evilZip)}
	v, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `(lambda z: [z.namelist(), z.extractall("out"), z.read("top/a.txt"), z.getinfo("top/sub/b.txt").file_size])(zipfile.ZipFile(ok))`, pre)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != `[["top/", "top/a.txt", "top/sub/b.txt"], None, b"alpha\n", 500]` {
		t.Errorf("got %s", got)
	}
	g, _ := json.Marshal(events)
	w, _ := json.Marshal(want.Events)
	if string(g) != string(w) {
		t.Errorf("events\n got %s\nwant %s", g, w)
	}
	_, err = starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `zipfile.ZipFile(evil).extractall("out2")`, pre)
	if ee, ok := err.(*starlark.EvalError); ok {
		err = ee.Unwrap()
	}
	if kind, _ := pyerr.KindOf(err); kind != "OutsideDestinationError" {
		t.Errorf("evil.zip: %v", err)
	}
	if _, err := os.Stat("evil.txt"); err == nil {
		t.Error("evil.txt written outside")
	}
	// Write, then read back.
	_, err = starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{}, "x", `
z = zipfile.ZipFile("new.zip", "w", zipfile.ZIP_DEFLATED)
z.writestr("a.txt", "hello")
z.write("out/top/a.txt", arcname="copy.txt")
z.close()
r = zipfile.ZipFile("new.zip")
names = r.namelist()
body = r.read("copy.txt")
`, pre)
	if err != nil {
		t.Fatal(err)
	}
}

// A member bigger than the extraction limit is refused.
func TestLimit(t *testing.T) {
	okZip, _ := filepath.Abs("testdata/ok.zip")
	t.Chdir(t.TempDir())
	env := testEnv(new([][]any))
	env.ExtractLimit = 100
	pre := starlark.StringDict{"zipfile": Module(env), "ok": starlark.String(okZip)}
	_, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `zipfile.ZipFile(ok).extractall("out")`, pre)
	if ee, ok := err.(*starlark.EvalError); ok {
		err = ee.Unwrap()
	}
	if kind, _ := pyerr.KindOf(err); kind != "ExtractError" {
		t.Errorf("over the limit: %v", err)
	}
}
