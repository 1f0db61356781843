package stdlib

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"
)

func TestShutil(t *testing.T) {
	file := func(t *testing.T, dir string) { writeFile(t, dir+"/f", "data") }
	tree := func(t *testing.T, dir string) {
		if err := os.MkdirAll(dir+"/t/a", 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir+"/t/a/x", "")
		writeFile(t, dir+"/outside", "keep")
		// A link inside the tree must be removed, not followed.
		if err := os.Symlink(dir+"/outside", dir+"/t/link"); err != nil {
			t.Fatal(err)
		}
	}
	treeGone := func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) {
		mustNotExist(t, dir+"/t")
		if readFile(t, dir+"/outside") != "keep" {
			t.Error("rmtree followed a symlink")
		}
	}
	runCases(t, []sysCase{
		{name: "shutil.copyfile", desc: "copies, raising open for both files", setup: file, src: `r = shutil.copyfile("f", "g")`,
			events: []string{"shutil.copyfile", "open", "open"}, firstArgs: `("f", "g")`,
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				wantGlobal(t, g, "r", `"g"`)
				if readFile(t, dir+"/g") != "data" {
					t.Error("copy differs")
				}
				want := fmt.Sprintf(`("g", "w", %d)`, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|baseFlags)
				if s := f.Events[2].Args.String(); s != want {
					t.Errorf("second open args = %s, want %s", s, want)
				}
			}},
		{name: "shutil.copyfile", desc: "denied", setup: file, src: `shutil.copyfile("f", "g")`, deny: "shutil.copyfile",
			events: []string{"shutil.copyfile"},
			check:  func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/g") }},
		{name: "shutil.copyfile", desc: "open denied", setup: file, src: `shutil.copyfile("f", "g")`, deny: "open",
			events: []string{"shutil.copyfile", "open"},
			check:  func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/g") }},
		{name: "shutil.copyfile", desc: "same file", setup: file, src: `shutil.copyfile("f", "./f")`,
			events: []string{"shutil.copyfile"}, wantKind: "SameFileError"},
		{name: "shutil.copyfile", desc: "missing source", src: `shutil.copyfile("nope", "g")`,
			events: []string{"shutil.copyfile", "open"}, wantKind: "FileNotFoundError",
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/g") }},
		{name: "shutil.move", desc: "renames", setup: file, src: `r = shutil.move("f", "g")`,
			events: []string{"shutil.move", "os.rename"}, firstArgs: `("f", "g")`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "r", `"g"`)
				mustNotExist(t, dir+"/f")
				mustExist(t, dir+"/g")
			}},
		{name: "shutil.move", desc: "into a directory", setup: func(t *testing.T, dir string) { file(t, dir); tree(t, dir) },
			src: `r = shutil.move("f", "t")`, events: []string{"shutil.move", "os.rename"},
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				wantGlobal(t, g, "r", `"t/f"`)
				mustExist(t, dir+"/t/f")
				if s := f.Events[1].Args.String(); s != `("f", "t/f", -1, -1)` {
					t.Errorf("os.rename args = %s", s)
				}
			}},
		{name: "shutil.move", desc: "denied", setup: file, src: `shutil.move("f", "g")`, deny: "shutil.move",
			events: []string{"shutil.move"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) {
				mustExist(t, dir+"/f")
				mustNotExist(t, dir+"/g")
			}},
		{name: "shutil.move", desc: "rename denied", setup: file, src: `shutil.move("f", "g")`, deny: "os.rename",
			events: []string{"shutil.move", "os.rename"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) {
				mustExist(t, dir+"/f")
				mustNotExist(t, dir+"/g")
			}},
		{name: "shutil.rmtree", desc: "removes without following links", setup: tree, src: `shutil.rmtree("t")`,
			firstArgs: `("t", None)`, check: treeGone, anyOrder: true},
		{name: "shutil.rmtree", desc: "events in CPython's order", setup: func(t *testing.T, dir string) {
			if err := os.MkdirAll(dir+"/t/s", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(dir+"/out", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("../../out", dir+"/t/s/ln"); err != nil {
				t.Fatal(err)
			}
		}, src: `shutil.rmtree("t")`,
			events: []string{"shutil.rmtree", "os.scandir", "os.scandir", "os.remove", "os.rmdir", "os.rmdir"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, f *fakeEnv) {
				mustNotExist(t, dir+"/t")
				mustExist(t, dir+"/out")
				if s := strings.ReplaceAll(f.Events[3].Args.String(), dir, "D"); s != `("t/s/ln", -1)` {
					t.Errorf("os.remove args %s", s)
				}
			}},
		{name: "shutil.rmtree", desc: "denied", setup: tree, src: `shutil.rmtree("t")`, deny: "shutil.rmtree",
			events: []string{"shutil.rmtree"},
			check:  func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustExist(t, dir+"/t/a/x") }},
		{name: "shutil.rmtree", desc: "refuses a symlink", setup: tree, src: `shutil.rmtree("t/link")`,
			events: []string{"shutil.rmtree"}, wantKind: "OSError",
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustExist(t, dir+"/outside") }},
		{name: "shutil.rmtree", desc: "missing", src: `shutil.rmtree("nope")`, events: []string{"shutil.rmtree", "os.scandir"}, wantKind: "FileNotFoundError"},
		{name: "shutil.rmtree", desc: "ignore_errors", src: `shutil.rmtree("nope", ignore_errors=True)`, events: []string{"shutil.rmtree", "os.scandir", "os.rmdir"}},
		{name: "shutil.rmtree", desc: "a file", setup: file, src: `shutil.rmtree("f")`, events: []string{"shutil.rmtree", "os.scandir"}, wantKind: "NotADirectoryError",
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustExist(t, dir+"/f") }},
	})
}
