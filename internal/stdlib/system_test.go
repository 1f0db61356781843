package stdlib

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// fakeEnv records every event and denies one chosen event, as the
// launcher's hook would, and keeps what the script wrote.
type fakeEnv struct {
	coretest.Recorder
	stdout, stderr bytes.Buffer
}

func newEnv(f *fakeEnv) *Env {
	return &Env{Audit: f.Audit, Stdout: &f.stdout, Stderr: &f.stderr}
}

var testFileOptions = &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}

// runScript runs src with the system modules and D (the test directory).
func runScript(env *Env, dir, src string) (starlark.StringDict, error) {
	d := starlark.StringDict{"D": starlark.String(dir)}
	addSystemModules(env, d)
	thread := &starlark.Thread{Name: "test"}
	return starlark.ExecFileOptions(testFileOptions, thread, "t.star", src, d)
}

// sysCase runs one script: the events it raises (names, and the first
// event's args with the directory shown as D), its error kind, and what it
// did or did not do.
type sysCase struct {
	name      string // the callable under test, as in the catalog
	desc      string
	setup     func(t *testing.T, dir string)
	src       string
	deny      string
	events    []string // expected event names, in order
	anyOrder  bool     // events depend on directory order: not checked (the catalog still is)
	firstArgs string   // expected repr of the first event's args ("" = not checked)
	wantKind  string   // expected error kind ("" = success)
	check     func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv)
}

func runCases(t *testing.T, cases []sysCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name+"/"+tc.desc, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			f := &fakeEnv{Recorder: coretest.Recorder{Deny: tc.deny}}
			g, err := runScript(newEnv(f), dir, tc.src)
			got := f.Names()
			if !tc.anyOrder && !slices.Equal(got, tc.events) {
				t.Errorf("events = %q, want %q", got, tc.events)
			}
			if tc.firstArgs != "" && len(f.Events) > 0 {
				if s := strings.ReplaceAll(f.Events[0].Args.String(), dir, "D"); s != tc.firstArgs {
					t.Errorf("first event args = %s, want %s", s, tc.firstArgs)
				}
			}
			checkCatalog(t, tc.name, got)
			switch {
			case tc.deny != "":
				var de *hooks.DeniedError
				if !errors.As(err, &de) || de.Event != tc.deny {
					t.Fatalf("err = %v, want the hook's DeniedError for %s", err, tc.deny)
				}
			case tc.wantKind != "":
				if k := coretest.KindOf(err); k != tc.wantKind {
					t.Fatalf("err = %v (kind %q), want kind %s", err, k, tc.wantKind)
				}
			case err != nil:
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.check != nil {
				tc.check(t, dir, g, f)
			}
		})
	}
}

// checkCatalog checks that the events a call raised are listed for it.
func checkCatalog(t *testing.T, name string, got []string) {
	t.Helper()
	coretest.CheckCatalog(t, Events, Pure, name, got)
}

// global returns a script global as a Go value for comparisons.
func global(t *testing.T, g starlark.StringDict, name string) starlark.Value {
	t.Helper()
	v, ok := g[name]
	if !ok {
		t.Fatalf("global %s not set", name)
	}
	return v
}

func wantGlobal(t *testing.T, g starlark.StringDict, name, repr string) {
	t.Helper()
	if got := global(t, g, name).String(); got != repr {
		t.Errorf("%s = %s, want %s", name, got, repr)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustNotExist(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists (err %v); the denied action happened", path, err)
	}
}

func mustExist(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Lstat(path); err != nil {
		t.Errorf("%s: %v", path, err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// With no Audit function nothing happens: the library fails closed.
func TestNoAuditFailsClosed(t *testing.T) {
	dir := t.TempDir()
	_, err := runScript(&Env{}, dir, `open(D + "/x", "w")`)
	if coretest.KindOf(err) != "PermissionError" {
		t.Fatalf("err = %v, want PermissionError", err)
	}
	mustNotExist(t, dir+"/x")
}
