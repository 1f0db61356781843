package archive

import (
	"os"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// make_archive then unpack_archive round-trips a tree; each raises its
// shutil event first, with CPython's arguments.
func TestMakeUnpackArchive(t *testing.T) {
	top := t.TempDir()
	t.Chdir(top)
	os.MkdirAll("src/sub", 0o755)
	os.WriteFile("src/a.txt", []byte("A"), 0o644)
	os.WriteFile("src/sub/b.txt", []byte("B"), 0o644)
	var events []string
	env := coretest.EventEnv(&events)
	fns := ShutilFuncs(env)
	pre := starlark.StringDict{
		"make_archive":   starlark.NewBuiltin("shutil.make_archive", fns["make_archive"]),
		"unpack_archive": starlark.NewBuiltin("shutil.unpack_archive", fns["unpack_archive"]),
	}
	v, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `make_archive("backup", "gztar", root_dir="src")`, pre)
	if err != nil {
		t.Fatal(err)
	}
	if got := core.Str(v); got != top+"/backup.tar.gz" {
		t.Errorf("make_archive returned %s", got)
	}
	if !strings.HasPrefix(events[0], `shutil.make_archive ("backup", "gztar", "src", None)`) {
		t.Errorf("first event %s", events[0])
	}
	events = nil
	if _, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `unpack_archive("backup.tar.gz", "out")`, pre); err != nil {
		t.Fatal(err)
	}
	if events[0] != `shutil.unpack_archive ("backup.tar.gz", "out", None)` {
		t.Errorf("first event %s", events[0])
	}
	for _, f := range []string{"out/a.txt", "out/sub/b.txt"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s not extracted: %v", f, err)
		}
	}
	for _, f := range []string{"rar", "bztar"} { // bztar: no bzip2 compressor
		if _, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `make_archive("x", "`+f+`")`, pre); err == nil || !strings.Contains(err.Error(), "unknown archive format '"+f+"'") {
			t.Errorf("%s: %v", f, err)
		}
	}
	// zip and xztar round-trip too.
	for _, c := range []struct{ format, file string }{{"zip", "backup.zip"}, {"xztar", "backup.tar.xz"}} {
		code := `make_archive("backup", "` + c.format + `", root_dir="src")` + "\n" + `unpack_archive("` + c.file + `", "out_` + c.format + `")`
		if _, err := starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{}, "x", code, pre); err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		if b, err := os.ReadFile("out_" + c.format + "/sub/b.txt"); string(b) != "B" {
			t.Errorf("%s: sub/b.txt %q %v", c.format, b, err)
		}
	}
}
