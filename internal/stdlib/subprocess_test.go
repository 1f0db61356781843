package stdlib

import (
	"context"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

func TestSubprocess(t *testing.T) {
	runCases(t, []sysCase{
		{name: "subprocess.run", desc: "captures", src: `r = subprocess.run(["/bin/echo", "hi"], capture_output=True)`,
			events: []string{"subprocess.Popen"}, firstArgs: `("/bin/echo", ["/bin/echo", "hi"], None, None)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "r", `CompletedProcess(args = ["/bin/echo", "hi"], returncode = 0, stderr = b"", stdout = b"hi\n")`)
			}},
		{name: "subprocess.run", desc: "not captured: the script's streams", src: `r = subprocess.run(["/bin/sh", "-c", "echo out; echo err >&2"])`,
			events: []string{"subprocess.Popen"},
			check: func(t *testing.T, dir string, g starlark.StringDict, f *fakeEnv) {
				wantGlobal(t, g, "r", `CompletedProcess(args = ["/bin/sh", "-c", "echo out; echo err >&2"], returncode = 0, stderr = None, stdout = None)`)
				if f.stdout.String() != "out\n" || f.stderr.String() != "err\n" {
					t.Errorf("stdout %q stderr %q", f.stdout.String(), f.stderr.String())
				}
			}},
		{name: "subprocess.run", desc: "denied: not spawned", src: `subprocess.run(["/bin/sh", "-c", "touch made"])`, deny: "subprocess.Popen",
			events: []string{"subprocess.Popen"},
			check:  func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/made") }},
		{name: "subprocess.run", desc: "shell", src: `r = subprocess.run("echo $0; exit 4", shell=True, capture_output=True, text=True)`,
			events: []string{"subprocess.Popen"}, firstArgs: `("/bin/sh", ["/bin/sh", "-c", "echo $0; exit 4"], None, None)`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "r", `CompletedProcess(args = "echo $0; exit 4", returncode = 4, stderr = "", stdout = "/bin/sh\n")`)
			}},
		{name: "subprocess.run", desc: "check", src: `subprocess.run(["/bin/false"], check=True)`,
			events: []string{"subprocess.Popen"}, wantKind: "CalledProcessError"},
		{name: "subprocess.run", desc: "returncode without check", src: `r = subprocess.run(["/bin/false"]).returncode`,
			events: []string{"subprocess.Popen"},
			check:  func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) { wantGlobal(t, g, "r", "1") }},
		{name: "subprocess.run", desc: "killed by a signal", src: `r = subprocess.run(["/bin/sh", "-c", "kill -9 $$"]).returncode`,
			events: []string{"subprocess.Popen"},
			check:  func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) { wantGlobal(t, g, "r", "-9") }},
		{name: "subprocess.run", desc: "timeout kills the child", src: `subprocess.run(["/bin/sleep", "60"], timeout=0.05)`,
			events: []string{"subprocess.Popen", "os.kill"}, wantKind: "TimeoutExpired"},
		{name: "subprocess.run", desc: "missing program", src: `subprocess.run(["no-such-program-spython"])`,
			events: []string{"subprocess.Popen"}, wantKind: "FileNotFoundError"},
		{name: "subprocess.run", desc: "missing path", src: `subprocess.run(["/no/such/program"])`,
			events: []string{"subprocess.Popen"}, wantKind: "FileNotFoundError"},
		{name: "subprocess.run", desc: "cwd, env and input", setup: func(t *testing.T, dir string) {
			if err := os.Mkdir(dir+"/sub", 0o755); err != nil {
				t.Fatal(err)
			}
		}, src: `r = subprocess.run(["/bin/sh", "-c", "pwd; echo $FOO; cat"], cwd="sub", env={"FOO": "bar"}, input="in", capture_output=True, text=True).stdout`,
			events: []string{"subprocess.Popen", EventSubprocessInput}, firstArgs: `("/bin/sh", ["/bin/sh", "-c", "pwd; echo $FOO; cat"], "sub", {"FOO": "bar"})`,
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "r", strconv.Quote(dir+"/sub\nbar\nin"))
			}},
		{name: "subprocess.run", desc: "bad args, no event", src: `subprocess.run([])`, wantKind: "IndexError"},
		{name: "subprocess.run", desc: "unknown keyword, no event", src: `subprocess.run(["/bin/true"], stdout=1)`, wantKind: "TypeError"},
		{name: "subprocess.check_output", desc: "returns stdout", src: `r = subprocess.check_output(["/bin/echo", "x"])`,
			events: []string{"subprocess.Popen"},
			check:  func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) { wantGlobal(t, g, "r", `b"x\n"`) }},
		{name: "subprocess.run", desc: "input denied: the child does not start", src: `subprocess.run(["/bin/sh"], input="touch made")`, deny: EventSubprocessInput,
			events: []string{"subprocess.Popen", EventSubprocessInput},
			check:  func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/made") }},
		{name: "subprocess.Popen", desc: "pipes", src: "p = subprocess.Popen(['/bin/sh', '-c', 'read x; echo got $x; echo e >&2; exit 3'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)\nr = p.communicate('hi\\n') + (p.returncode, p.poll(), p.wait())",
			events: []string{"subprocess.Popen", EventSubprocessInput},
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "r", `("got hi\n", "e\n", 3, 3, 3)`)
			}},
		{name: "subprocess.Popen", desc: "stdin.write raises the input event first", src: "p = subprocess.Popen(['/bin/cat'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)\np.stdin.write(b'abc')\np.stdin.close()\nr = p.stdout.read()\nc = p.wait()",
			events: []string{"subprocess.Popen", EventSubprocessInput},
			check:  func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) { wantGlobal(t, g, "r", `b"abc"`) }},
		{name: "subprocess.Popen", desc: "kill raises os.kill", src: "p = subprocess.Popen(['/bin/sleep', '60'])\np.kill()\nr = p.wait()",
			events: []string{"subprocess.Popen", "os.kill"},
			check:  func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) { wantGlobal(t, g, "r", `-9`) }},
		{name: "subprocess.run", desc: "missing cwd is named", src: `subprocess.run(["/bin/true"], cwd="nope")`,
			events: []string{"subprocess.Popen"}, wantKind: "FileNotFoundError"},
		{name: "subprocess.getstatusoutput", desc: "shell, stderr in", src: `r = subprocess.getstatusoutput("echo a; echo b >&2; exit 2")`,
			events: []string{"subprocess.Popen"},
			check: func(t *testing.T, dir string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "r", `(2, "a\nb")`)
			}},
		{name: "subprocess.check_output", desc: "checks", src: `subprocess.check_output(["/bin/false"])`,
			events: []string{"subprocess.Popen"}, wantKind: "CalledProcessError"},
		{name: "subprocess.check_output", desc: "denied", src: `subprocess.check_output(["/bin/sh", "-c", "touch made"])`, deny: "subprocess.Popen",
			events: []string{"subprocess.Popen"},
			check:  func(t *testing.T, dir string, _ starlark.StringDict, _ *fakeEnv) { mustNotExist(t, dir+"/made") }},
	})
}

// A cancelled run kills the child and everything it started, and the call
// returns the run's cause.
func TestSubprocessCancel(t *testing.T) {
	// Become the reaper of orphaned descendants, to see how the grandchild died.
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		t.Skipf("PR_SET_CHILD_SUBREAPER: %v", err)
	}
	defer unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
	dir := t.TempDir()
	cause := errors.New("run ended")
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	f := &fakeEnv{}
	env := newEnv(f)
	env.Context = ctx
	// The grandchild writes its pid and the child waits; cancel once the
	// pid file is complete.
	go func() {
		for {
			b, err := os.ReadFile(dir + "/pid")
			if err == nil && strings.HasSuffix(string(b), "\n") {
				cancel(cause)
				return
			}
			if ctx.Err() != nil {
				return
			}
			syscall.Select(0, nil, nil, nil, &syscall.Timeval{Usec: 1000})
		}
	}()
	// After starting the grandchild the shell must never wait for a
	// child: a shell waiting for any child (dash waits with pid -1, for a
	// foreground command or the wait builtin) may reap the grandchild
	// itself when the group kill reaches the grandchild first, and the
	// test then sees "wait4: no child processes" (seen under load). So the
	// pid file is written by a builtin (one write(2), no fork) and the
	// shell becomes a sleep, which reaps nothing; the grandchild's zombie
	// is always handed to this process when the child dies.
	_, err := runScript(env, dir, `subprocess.run(["/bin/sh", "-c", "sleep 60 & echo $! > "+D+"/pid; exec sleep 60"], capture_output=True)`)
	if !errors.Is(err, cause) {
		t.Fatalf("err = %v, want the context's cause", err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(readFile(t, dir+"/pid")))
	// The grandchild was reparented to this process (a subreaper): reap it
	// and check that the group kill reached it.
	var ws unix.WaitStatus
	if _, err := unix.Wait4(pid, &ws, 0, nil); err != nil {
		t.Fatalf("wait4 grandchild %d: %v", pid, err)
	}
	if !ws.Signaled() || ws.Signal() != unix.SIGKILL {
		t.Errorf("grandchild status %v, want killed by SIGKILL", ws)
	}
}

// A file object as stdin reaches the child as its descriptor; a closed one
// is CPython's ValueError (from fileno()), raised before any event.
func TestSubprocessFileStdin(t *testing.T) {
	for _, tc := range []struct {
		desc, src, wantKind, want string
		events                    []string
	}{
		{"open file", `f = open("in"); r = subprocess.run(["/bin/cat"], stdin=f, capture_output=True).stdout`, "", `b"data"`, []string{"open", "subprocess.Popen"}},
		{"closed file", `f = open("in"); f.close(); subprocess.run(["/bin/cat"], stdin=f)`, "ValueError", "", []string{"open"}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			writeFile(t, dir+"/in", "data")
			f := &fakeEnv{}
			g, err := runScript(newEnv(f), dir, tc.src)
			if k := coretest.KindOf(err); k != tc.wantKind {
				t.Fatalf("err = %v, want kind %q", err, tc.wantKind)
			}
			if got := f.Names(); !slices.Equal(got, tc.events) {
				t.Errorf("events = %q, want %q", got, tc.events)
			}
			if tc.want != "" {
				wantGlobal(t, g, "r", tc.want)
			}
		})
	}
}
