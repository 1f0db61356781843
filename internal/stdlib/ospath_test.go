package stdlib

import (
	"os"
	"strconv"
	"testing"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

func TestOSPath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir+"/f.txt", "12345")
	if err := os.Symlink("f.txt", dir+"/l"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, expr, want string
		kind             string
	}{
		{"os.path.join", `os.path.join("a", "b", "c")`, `"a/b/c"`, ""},
		{"os.path.join", `os.path.join("a/", "b")`, `"a/b"`, ""},
		{"os.path.join", `os.path.join("a", "/b", "c")`, `"/b/c"`, ""},
		{"os.path.join", `os.path.join("", "b")`, `"b"`, ""},
		{"os.path.join", `os.path.join("a", "")`, `"a/"`, ""},
		{"os.path.join", `os.path.join(b"a", b"b")`, `b"a/b"`, ""},
		{"os.path.join", `os.path.join("a", 1)`, "", "TypeError"},
		{"os.path.basename", `os.path.basename("a/b.txt")`, `"b.txt"`, ""},
		{"os.path.basename", `os.path.basename("a/b/")`, `""`, ""},
		{"os.path.dirname", `os.path.dirname("/a/b")`, `"/a"`, ""},
		{"os.path.dirname", `os.path.dirname("a")`, `""`, ""},
		{"os.path.dirname", `os.path.dirname("/")`, `"/"`, ""},
		{"os.path.dirname", `os.path.dirname("a//b")`, `"a"`, ""},
		{"os.path.splitext", `os.path.splitext("a.tar.gz")`, `("a.tar", ".gz")`, ""},
		{"os.path.splitext", `os.path.splitext(".bashrc")`, `(".bashrc", "")`, ""},
		{"os.path.splitext", `os.path.splitext("a.b/c")`, `("a.b/c", "")`, ""},
		{"os.path.splitext", `os.path.splitext("..x.y")`, `("..x", ".y")`, ""},
		{"os.path.abspath", `os.path.abspath("x/../y/./z")`, strconv.Quote(dir + "/y/z"), ""},
		{"os.path.abspath", `os.path.abspath("/a//b/..")`, `"/a"`, ""},
		{"os.path.abspath", `os.path.abspath("//a")`, `"//a"`, ""},
		{"os.path.abspath", `os.path.abspath("/../..")`, `"/"`, ""},
		{"os.path.exists", `os.path.exists("f.txt")`, `True`, ""},
		{"os.path.exists", `os.path.exists("nope")`, `False`, ""},
		{"os.path.exists", `os.path.exists("a\0b")`, `False`, ""},
		{"os.path.isfile", `os.path.isfile("l")`, `True`, ""},
		{"os.path.isfile", `os.path.isfile(".")`, `False`, ""},
		{"os.path.isdir", `os.path.isdir(".")`, `True`, ""},
		{"os.path.isdir", `os.path.isdir("f.txt")`, `False`, ""},
		{"os.path.getsize", `os.path.getsize("f.txt")`, `5`, ""},
		{"os.path.getsize", `os.path.getsize("nope")`, "", "FileNotFoundError"},
	} {
		f := &fakeEnv{}
		g, err := runScript(newEnv(f), dir, "r = "+tc.expr)
		checkCatalog(t, tc.name, f.Names())
		if tc.kind != "" {
			if coretest.KindOf(err) != tc.kind {
				t.Errorf("%s: err %v, want %s", tc.expr, err, tc.kind)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if got := g["r"].String(); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.expr, got, tc.want)
		}
	}
}
