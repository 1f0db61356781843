package configparser

import (
	"os"
	"path/filepath"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// TestCPythonCases runs testdata/cases.json, produced by CPython 3.11
// (testdata/gen_cases.py).
func TestCPythonCases(t *testing.T) {
	coretest.Run(t, "testdata/cases.json", starlark.StringDict{"configparser": Module(&core.Env{}), "StringIO": coretest.NewStringIO()})
}

// read opens each file through Env.Open (the script's audited open) and
// skips the ones that cannot be opened, as CPython does.
func TestReadOpensThroughEnv(t *testing.T) {
	dir := t.TempDir()
	ini := filepath.Join(dir, "a.ini")
	if err := os.WriteFile(ini, []byte("[s]\nk = v\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var opened []string
	env := &core.Env{Open: func(thread *starlark.Thread, path, mode string) (starlark.Value, error) {
		opened = append(opened, path+":"+mode)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, core.Errorf("FileNotFoundError", "[Errno 2] No such file or directory: %s", core.Quote(path))
		}
		return fakeFile(string(data)), nil
	}}
	pre := starlark.StringDict{"configparser": Module(env), "ini": starlark.String(ini), "missing": starlark.String(filepath.Join(dir, "no.ini"))}
	got := coretest.Eval(pre, "c = configparser.ConfigParser()\nok = c.read([missing, ini])", "[len(ok), c.get('s', 'k')]")
	if got != "[1, 'v']" {
		t.Errorf("read: %s", got)
	}
	if len(opened) != 2 || opened[1] != ini+":r" {
		t.Errorf("opened %v", opened)
	}
}

// fakeFile is a file object with read and close.
func fakeFile(text string) starlark.Value {
	return &fileObj{text}
}

type fileObj struct{ text string }

func (f *fileObj) String() string        { return "<file>" }
func (f *fileObj) Type() string          { return "file" }
func (f *fileObj) Freeze()               {}
func (f *fileObj) Truth() starlark.Bool  { return true }
func (f *fileObj) Hash() (uint32, error) { return 0, nil }
func (f *fileObj) AttrNames() []string   { return []string{"close", "read"} }
func (f *fileObj) Attr(name string) (starlark.Value, error) {
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if name == "read" {
			return starlark.String(f.text), nil
		}
		return starlark.None, nil
	}), nil
}
