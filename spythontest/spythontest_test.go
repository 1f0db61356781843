package spythontest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spython-dev/spython/spythontest"
)

func TestRunRecordsAndHelpers(t *testing.T) {
	t.Parallel()
	res := spythontest.RunSource(t, `
sys.audit("my.event", 1, "two", b"3")
print(sys.argv[1:])
f = open("out.txt", "w")
f.write("x")
f.close()
r = try_call(os.system, "id")
print(r[1] != None)
`, spythontest.Options{Args: []string{"a", "-c", "b"}})
	if res.Exit != 0 {
		t.Fatalf("exit %d: %s", res.Exit, res.Stderr)
	}
	if res.Stdout != "['a', '-c', 'b']\nTrue\n" {
		t.Errorf("stdout %q", res.Stdout)
	}
	ev := res.Events("my.event")
	if len(ev) != 1 || ev[0].Arg(0) != 1.0 || ev[0].Arg(1) != "two" || ev[0].Decision != "allowed" || ev[0].Line != 2 {
		t.Errorf("my.event records: %+v", ev)
	}
	if b, ok := ev[0].Arg(2).(map[string]any); !ok || b["bytes_b64"] != "Mw==" {
		t.Errorf("bytes argument %v", ev[0].Arg(2))
	}
	opens := res.Events("open")
	if len(opens) != 1 || opens[0].Arg(0) != "out.txt" || opens[0].Arg(1) != "w" {
		t.Errorf("open records: %+v", opens)
	}
	denied := res.Denied()
	if len(denied) != 1 || denied[0].Action != "os.system" || !strings.Contains(denied[0].Reason, "os.system") || denied[0].Type[0] != "denied" {
		t.Errorf("denials: %+v", denied)
	}
	end := res.RunEnd()
	if end == nil || end.Arg(0) != 0.0 || end.Arg(1) != "finished" {
		t.Errorf("run_end: %+v", end)
	}
	if got := res.Records[0]; got.Sequence != 0 || got.Policy != "developer" || got.RunID == "" || !strings.HasSuffix(got.ScriptPath, "/main.star") {
		t.Errorf("first record: %+v", got)
	}
	if data, err := os.ReadFile(filepath.Join(res.Dir, "out.txt")); err != nil || string(data) != "x" {
		t.Errorf("out.txt: %q %v", data, err)
	}
}

// A read-only source tree (the module cache, a packaged testdata dir) is
// fine, load() finds the helpers beside the script, and parallel runs of
// the same script each see their own records.
func TestReadOnlyTreeAndParallel(t *testing.T) {
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "lib"), 0o700)
	os.WriteFile(filepath.Join(src, "job.star"), []byte("load(\"lib/h.star\", \"greet\")\nprint(greet(sys.argv[1]))\n"), 0o400)
	os.WriteFile(filepath.Join(src, "lib", "h.star"), []byte("def greet(n):\n    return 'hi ' + n\n"), 0o400)
	os.Chmod(filepath.Join(src, "lib"), 0o500)
	os.Chmod(src, 0o500)
	t.Cleanup(func() { os.Chmod(src, 0o700); os.Chmod(filepath.Join(src, "lib"), 0o700) })
	for _, name := range []string{"a", "b", "c", "d"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := spythontest.Run(t, filepath.Join(src, "job.star"), spythontest.Options{Args: []string{name}})
			if res.Exit != 0 || res.Stdout != "hi "+name+"\n" {
				t.Fatalf("exit %d stdout %q stderr %q", res.Exit, res.Stdout, res.Stderr)
			}
			if n := len(res.Events("spython.run_file")); n != 1 {
				t.Errorf("%d run_file records, want this run's one", n)
			}
			if loads := res.Events("import"); len(loads) == 0 {
				t.Error("no import record for the load()")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(src, "job.star.log")); err == nil {
		t.Error("a log was written into the source tree")
	}
}

func TestProductionBuildAndStdin(t *testing.T) {
	t.Parallel()
	res := spythontest.RunSource(t, "print(sys.addaudithook(lambda e, a: None))\nprint(hasattr(sys, 'stdin') and sys.stdin.read())\n",
		spythontest.Options{Build: spythontest.Production, Stdin: strings.NewReader("fed")})
	if res.Exit != 0 {
		t.Fatalf("exit %d: %s", res.Exit, res.Stderr)
	}
	if res.Records[0].Policy != "production" {
		t.Errorf("policy %q, want production", res.Records[0].Policy)
	}
	// In production sys.addaudithook returns None and adds nothing; the
	// attempt is a denial in the log.
	if d := res.Denied(); len(d) != 1 || d[0].Action != "sys.addaudithook" {
		t.Errorf("denials %+v, want the sys.addaudithook attempt", d)
	}
	if lines := strings.Split(res.Stdout, "\n"); lines[0] != "None" || lines[1] != "fed" && lines[1] != "False" {
		t.Errorf("stdout %q: want None, then the stdin given (or False without sys.stdin)", res.Stdout)
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	res := spythontest.RunSource(t, "while True:\n    pass\n", spythontest.Options{Limits: &spythontest.Limits{WallTime: time.Second}})
	if res.Exit != 5 {
		t.Fatalf("exit %d, want 5 (a limit): %s", res.Exit, res.Stderr)
	}
	if end := res.RunEnd(); end == nil || end.Arg(0) != 5.0 {
		t.Errorf("run_end %+v", end)
	}
	if !strings.HasSuffix(res.Records[0].Policy, "-spythontest") {
		t.Errorf("policy %q: not the test's site policy", res.Records[0].Policy)
	}
}

func TestExecNeedsNoT(t *testing.T) {
	t.Parallel()
	res, err := spythontest.ExecSource("print('ok')\n", spythontest.Options{})
	if err != nil || res.Exit != 0 || res.Stdout != "ok\n" || res.RunEnd() == nil {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := os.Stat(res.Dir); err == nil {
		t.Error("Exec left its run directory behind")
	}
	if _, err := spythontest.Exec("/nonexistent/x.star", spythontest.Options{}); err == nil {
		t.Error("a missing script is not an error")
	}
}
