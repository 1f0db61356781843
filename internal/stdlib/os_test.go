package stdlib

import (
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

func TestOS(t *testing.T) {
	file := func(t *testing.T, dir string) { writeFile(t, dir+"/f", "x") }
	tree := func(t *testing.T, dir string) {
		for _, d := range []string{"t/a/b", "t/c"} {
			if err := os.MkdirAll(dir+"/"+d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		writeFile(t, dir+"/t/top.txt", "")
		writeFile(t, dir+"/t/a/b/leaf.txt", "")
	}
	sub := func(t *testing.T, dir string) {
		if err := os.Mkdir(dir+"/sub", 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cwdIs := func(want string) func(*testing.T, string, starlark.StringDict, *fakeEnv) {
		return func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) {
			wd, _ := os.Getwd()
			if w := dir + want; wd != w {
				t.Errorf("cwd = %s, want %s", wd, w)
			}
		}
	}
	runCases(t, []sysCase{
		{name: "os.getcwd", desc: "no event", src: `w = os.getcwd()`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "w", strconv.Quote(dir))
			}},
		{name: "os.chdir", desc: "changes directory", setup: sub, src: `os.chdir(D + "/sub")`,
			events: []string{"os.chdir"}, firstArgs: `("D/sub",)`, check: cwdIs("/sub")},
		{name: "os.chdir", desc: "denied", setup: sub, src: `os.chdir(D + "/sub")`, deny: "os.chdir",
			events: []string{"os.chdir"}, check: cwdIs("")},
		{name: "os.chdir", desc: "missing", src: `os.chdir(D + "/nope")`, events: []string{"os.chdir"}, wantKind: "FileNotFoundError"},
		{name: "os.listdir", desc: "sorted names", setup: tree, src: `l = os.listdir(D + "/t")`,
			events: []string{"os.listdir"}, firstArgs: `("D/t",)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "l", `["a", "c", "top.txt"]`)
			}},
		{name: "os.listdir", desc: "no argument: event carries None", setup: tree, src: `l = os.listdir()`,
			events: []string{"os.listdir"}, firstArgs: `(None,)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) { wantGlobal(t, g, "l", `["t"]`) }},
		{name: "os.listdir", desc: "bytes in, bytes out", setup: tree, src: `l = os.listdir(b"t/c/..")`,
			events: []string{"os.listdir"}, firstArgs: `("t/c/..",)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "l", `[b"a", b"c", b"top.txt"]`)
			}},
		{name: "os.listdir", desc: "denied", setup: tree, src: `os.listdir(D)`, deny: "os.listdir", events: []string{"os.listdir"}},
		{name: "os.listdir", desc: "not a directory", setup: file, src: `os.listdir(D + "/f")`,
			events: []string{"os.listdir"}, wantKind: "NotADirectoryError"},
		{name: "os.walk", desc: "top down", setup: tree, src: "w = os.walk('t')\nfirst = w[0][0]\nparent = [d for d, _, _ in w].index('t/a') < [d for d, _, _ in w].index('t/a/b')\nw = sorted([(d, sorted(ds), fs) for d, ds, fs in w])",
			events: []string{"os.walk", "os.scandir", "os.scandir", "os.scandir", "os.scandir"}, firstArgs: `("t", True, None, False)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				// Directory order, as CPython: sorted here to compare.
				wantGlobal(t, g, "w", `[("t", ["a", "c"], ["top.txt"]), ("t/a", ["b"], []), ("t/a/b", [], ["leaf.txt"]), ("t/c", [], [])]`)
				wantGlobal(t, g, "first", `"t"`)
				wantGlobal(t, g, "parent", `True`)
			}},
		{name: "os.walk", desc: "bottom up", setup: tree, src: "w = [d for d, _, _ in os.walk('t', topdown=False)]\nok = w.index('t/a/b') < w.index('t/a') and w[-1] == 't'\nw = sorted(w)",
			events: []string{"os.walk", "os.scandir", "os.scandir", "os.scandir", "os.scandir"}, firstArgs: `("t", False, None, False)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "w", `["t", "t/a", "t/a/b", "t/c"]`)
				wantGlobal(t, g, "ok", `True`)
			}},
		{name: "os.walk", desc: "onerror gets the error", src: "errs = []\nw = os.walk('nope', onerror=errs.append)\nk = errs[0].kind",
			events: []string{"os.walk", "os.scandir"},
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "w", `[]`)
				wantGlobal(t, g, "k", `"FileNotFoundError"`)
			}},
		{name: "os.walk", desc: "symlink loop with followlinks ends", setup: func(t *testing.T, dir string) {
			tree(t, dir)
			if err := os.Symlink("..", dir+"/t/c/up"); err != nil {
				t.Fatal(err)
			}
		}, src: `w = sorted([d for d, _, _ in os.walk("t", followlinks=True)])`, events: []string{"os.walk", "os.scandir", "os.scandir", "os.scandir", "os.scandir"},
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "w", `["t", "t/a", "t/a/b", "t/c"]`)
			}},
		{name: "os.walk", desc: "denied", setup: tree, src: `os.walk("t")`, deny: "os.walk", events: []string{"os.walk"}},
		{name: "os.mkdir", desc: "creates", src: `os.mkdir(D + "/m")`, events: []string{"os.mkdir"}, firstArgs: `("D/m", 511, -1)`,
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustExist(t, dir+"/m") }},
		{name: "os.mkdir", desc: "denied", src: `os.mkdir(D + "/m", 0o700)`, deny: "os.mkdir", events: []string{"os.mkdir"}, firstArgs: `("D/m", 448, -1)`,
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/m") }},
		{name: "os.mkdir", desc: "exists", setup: sub, src: `os.mkdir("sub")`, events: []string{"os.mkdir"}, wantKind: "FileExistsError"},
		{name: "os.mkdir", desc: "dir_fd unsupported, no event", src: `os.mkdir("m", dir_fd=3)`, wantKind: "NotImplementedError"},
		{name: "os.makedirs", desc: "one event per created directory", setup: sub, src: `os.makedirs("sub/x/y/")`,
			events: []string{"os.mkdir", "os.mkdir"}, firstArgs: `("sub/x", 511, -1)`,
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustExist(t, dir+"/sub/x/y") }},
		{name: "os.makedirs", desc: "exist_ok", setup: sub, src: `os.makedirs("sub", exist_ok=True)`, events: []string{"os.mkdir"}},
		{name: "os.makedirs", desc: "exists", setup: sub, src: `os.makedirs("sub")`, events: []string{"os.mkdir"}, wantKind: "FileExistsError"},
		{name: "os.makedirs", desc: "denied", src: `os.makedirs("a/b/c")`, deny: "os.mkdir", events: []string{"os.mkdir"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/a") }},
		{name: "os.remove", desc: "removes", setup: file, src: `os.remove(D + "/f")`, events: []string{"os.remove"}, firstArgs: `("D/f", -1)`,
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/f") }},
		{name: "os.remove", desc: "denied", setup: file, src: `os.remove(D + "/f")`, deny: "os.remove", events: []string{"os.remove"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustExist(t, dir+"/f") }},
		{name: "os.remove", desc: "a directory is not removed", setup: sub, src: `os.remove("sub")`, events: []string{"os.remove"}, wantKind: "IsADirectoryError",
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustExist(t, dir+"/sub") }},
		{name: "os.remove", desc: "missing", src: `os.remove("nope")`, events: []string{"os.remove"}, wantKind: "FileNotFoundError"},
		{name: "os.rmdir", desc: "removes", setup: sub, src: `os.rmdir("sub")`, events: []string{"os.rmdir"}, firstArgs: `("sub", -1)`,
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/sub") }},
		{name: "os.rmdir", desc: "denied", setup: sub, src: `os.rmdir("sub")`, deny: "os.rmdir", events: []string{"os.rmdir"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustExist(t, dir+"/sub") }},
		{name: "os.rmdir", desc: "not empty", setup: tree, src: `os.rmdir("t")`, events: []string{"os.rmdir"}, wantKind: "OSError"},
		{name: "os.rename", desc: "renames", setup: file, src: `os.rename("f", "g")`, events: []string{"os.rename"}, firstArgs: `("f", "g", -1, -1)`,
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) {
				mustNotExist(t, dir+"/f")
				mustExist(t, dir+"/g")
			}},
		{name: "os.rename", desc: "denied", setup: file, src: `os.rename("f", "g")`, deny: "os.rename", events: []string{"os.rename"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) {
				mustExist(t, dir+"/f")
				mustNotExist(t, dir+"/g")
			}},
		{name: "os.chmod", desc: "changes mode", setup: file, src: `os.chmod("f", 0o600)`, events: []string{"os.chmod"}, firstArgs: `("f", 384, -1)`,
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { wantMode(t, dir+"/f", 0o600) }},
		{name: "os.chmod", desc: "denied", setup: file, src: `os.chmod("f", 0o600)`, deny: "os.chmod", events: []string{"os.chmod"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { wantMode(t, dir+"/f", 0o644) }},
		{name: "os.symlink", desc: "links", src: `os.symlink("target", "l")`, events: []string{"os.symlink"}, firstArgs: `("target", "l", -1)`,
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) {
				if got, _ := os.Readlink(dir + "/l"); got != "target" {
					t.Errorf("link = %q", got)
				}
			}},
		{name: "os.symlink", desc: "denied", src: `os.symlink("target", "l")`, deny: "os.symlink", events: []string{"os.symlink"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/l") }},
		{name: "os.system", desc: "runs the shell, returns the wait status", src: `s = os.system("echo hi; exit 3")`,
			events: []string{"os.system"}, firstArgs: `("echo hi; exit 3",)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				wantGlobal(t, g, "s", "768")
				if f.stdout.String() != "hi\n" {
					t.Errorf("stdout = %q", f.stdout.String())
				}
			}},
		{name: "os.system", desc: "denied", src: `os.system("touch made")`, deny: "os.system", events: []string{"os.system"},
			check: func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/made") }},
		{name: "os.getpid", desc: "no event", src: `p = os.getpid()`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "p", strconv.Itoa(os.Getpid()))
			}},
		{name: "os.getuid", desc: "no event", src: `u = os.getuid()`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "u", strconv.Itoa(os.Getuid()))
			}},
	})
}

func wantMode(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != mode {
		t.Errorf("%s mode = %o, want %o", path, st.Mode().Perm(), mode)
	}
}

func TestOSEnv(t *testing.T) {
	t.Setenv("SPY_T", "v")
	t.Setenv("SPY_P", "old")
	getenvIs := func(key, want string) func(*testing.T, string, starlark.StringDict, *fakeEnv) {
		return func(t *testing.T, _ string, _ starlark.StringDict, _ *fakeEnv) {
			if got := os.Getenv(key); got != want {
				t.Errorf("%s = %q, want %q", key, got, want)
			}
		}
	}
	reset := func(t *testing.T, _ string) { os.Setenv("SPY_P", "old") }
	runCases(t, []sysCase{
		{name: "os.getenv", desc: "reads", src: `a = os.getenv("SPY_T"); b = os.getenv("SPY_NONE", "d"); c = os.environ["SPY_T"]`,
			check: func(t *testing.T, _ string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "a", `"v"`)
				wantGlobal(t, g, "b", `"d"`)
				wantGlobal(t, g, "c", `"v"`)
			}},
		{name: "os.putenv", desc: "sets for children, not os.environ", src: `os.putenv("SPY_P", "new"); e = os.environ["SPY_P"]`,
			events: []string{"os.putenv"}, firstArgs: `("SPY_P", "new")`,
			check: func(t *testing.T, d string, g starlark.StringDict, f *fakeEnv) {
				getenvIs("SPY_P", "new")(t, d, g, f)
				wantGlobal(t, g, "e", `"old"`)
			}},
		{name: "os.putenv", desc: "denied", setup: reset, src: `os.putenv("SPY_P", "new")`, deny: "os.putenv", events: []string{"os.putenv"}, check: getenvIs("SPY_P", "old")},
		{name: "os.putenv", desc: "bad name, no event", src: `os.putenv("A=B", "x")`, wantKind: "ValueError"},
		{name: "os.unsetenv", desc: "unsets", setup: reset, src: `os.unsetenv("SPY_P")`, events: []string{"os.unsetenv"}, firstArgs: `("SPY_P",)`, check: getenvIs("SPY_P", "")},
		{name: "os.unsetenv", desc: "denied", setup: reset, src: `os.unsetenv("SPY_P")`, deny: "os.unsetenv", events: []string{"os.unsetenv"}, check: getenvIs("SPY_P", "old")},
	})
	// Assigning os.environ raises os.putenv (denied: nothing changes), as
	// in CPython; pop raises os.unsetenv.
	for _, deny := range []string{"os.putenv", ""} {
		f := &fakeEnv{Recorder: coretest.Recorder{Deny: deny}}
		g, err := runScript(newEnv(f), t.TempDir(), `os.environ["SPY_T"] = "w"`+"\nx = os.environ[\"SPY_T\"]\ny = os.getenv(\"SPY_T\")")
		if got := f.Names(); len(got) != 1 || got[0] != "os.putenv" || f.Events[0].Args.String() != `("SPY_T", "w")` {
			t.Errorf("deny=%q: events %v", deny, f.Events)
		}
		if deny != "" {
			if coretest.KindOf(err) != "PermissionError" || os.Getenv("SPY_T") != "v" {
				t.Errorf("denied os.environ assignment: err %v, SPY_T=%q", err, os.Getenv("SPY_T"))
			}
			continue
		}
		if err != nil || os.Getenv("SPY_T") != "w" {
			t.Fatalf("os.environ assignment: err %v, SPY_T=%q", err, os.Getenv("SPY_T"))
		}
		wantGlobal(t, g, "x", `"w"`)
		wantGlobal(t, g, "y", `"w"`)
	}
	f := &fakeEnv{}
	g, err := runScript(newEnv(f), t.TempDir(), `v = os.environ.pop("SPY_T"); d = os.environ.pop("SPY_T", "gone")`)
	if err != nil || f.Names()[0] != "os.unsetenv" || len(f.Events) != 1 {
		t.Fatalf("pop: err %v events %v", err, f.Events)
	}
	wantGlobal(t, g, "v", `"w"`)
	wantGlobal(t, g, "d", `"gone"`)
	if _, ok := os.LookupEnv("SPY_T"); ok {
		t.Error("os.environ.pop left SPY_T set")
	}
	t.Setenv("SPY_T", "v")
}

func TestOSKill(t *testing.T) {
	for _, deny := range []string{"", "os.kill"} {
		t.Run("deny="+deny, func(t *testing.T) {
			child := exec.Command("/bin/sleep", "60")
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = child.Process.Kill(); _ = child.Wait() })
			f := &fakeEnv{Recorder: coretest.Recorder{Deny: deny}}
			src := "os.kill(" + strconv.Itoa(child.Process.Pid) + ", 15)"
			_, err := runScript(newEnv(f), t.TempDir(), src)
			if got := f.Names(); len(got) != 1 || got[0] != "os.kill" || f.Events[0].Args.String() != "("+strconv.Itoa(child.Process.Pid)+", 15)" {
				t.Fatalf("events = %v", f.Events)
			}
			if deny != "" {
				if coretest.KindOf(err) != "PermissionError" {
					t.Fatalf("err = %v", err)
				}
				// Still alive: signal 0 succeeds.
				if err := child.Process.Signal(syscall.Signal(0)); err != nil {
					t.Errorf("child died after a denied kill: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_ = child.Wait()
			if ws := child.ProcessState.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
				t.Errorf("child status %v, want killed by SIGTERM", ws)
			}
		})
	}
}
