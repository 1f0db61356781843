package logging

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// TestCPythonCases runs testdata/cases.json, produced by CPython 3.11 with
// the clock fixed (testdata/gen_cases.py).
func TestCPythonCases(t *testing.T) {
	saved, savedLocal := Now, time.Local
	defer func() { Now, time.Local = saved, savedLocal }()
	Now = func() time.Time { return time.Unix(1709647629, 123456000) }
	time.Local = time.UTC
	coretest.Run(t, "testdata/cases.json", starlark.StringDict{"logging": Module(&core.Env{}), "StringIO": coretest.NewStringIO()})
}

// filename= opens the file once, in basicConfig, through Env.Open (the
// script's audited open), in filemode; the default goes to stderr.
func TestFilenameAndStderr(t *testing.T) {
	dir := t.TempDir()
	var opened []string
	env := &core.Env{Open: func(thread *starlark.Thread, path, mode string) (starlark.Value, error) {
		opened = append(opened, path+" "+mode)
		return &appendFile{path: path}, nil
	}}
	var stderr strings.Builder
	env.Stderr = &stderr
	log := filepath.Join(dir, "job.log")
	pre := starlark.StringDict{"logging": Module(env), "log": starlark.String(log)}
	if got := coretest.Eval(pre, "logging.basicConfig(filename=log, level=logging.INFO, format='%(levelname)s %(message)s')\nlogging.info('one')\nlogging.debug('no')\nlogging.getLogger('x').warning('two %s', 2)", "1"); got != "1" {
		t.Fatal(got)
	}
	data, _ := os.ReadFile(log)
	if string(data) != "INFO one\nWARNING two 2\n" || len(opened) != 1 || opened[0] != log+" a" {
		t.Errorf("file %q, opened %v", data, opened)
	}
	pre = starlark.StringDict{"logging": Module(env)}
	coretest.Eval(pre, "logging.warning('to stderr')\nlogging.getLogger('q').info('hidden')", "1")
	if stderr.String() != "WARNING:root:to stderr\n" {
		t.Errorf("stderr %q", stderr.String())
	}
}

type appendFile struct{ path string }

func (f *appendFile) String() string        { return "<file>" }
func (f *appendFile) Type() string          { return "file" }
func (f *appendFile) Freeze()               {}
func (f *appendFile) Truth() starlark.Bool  { return true }
func (f *appendFile) Hash() (uint32, error) { return 0, nil }
func (f *appendFile) AttrNames() []string   { return []string{"write"} }
func (f *appendFile) Attr(name string) (starlark.Value, error) {
	return starlark.NewBuiltin("write", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		h, err := os.OpenFile(f.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, err
		}
		defer h.Close()
		_, err = h.WriteString(core.Str(args[0]))
		return starlark.None, err
	}), nil
}
