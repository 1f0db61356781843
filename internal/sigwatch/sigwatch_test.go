package sigwatch

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestHandleReceivesSignals: once started, each Stop signal reaches the
// handler set with Handle (instead of killing the process).
func TestHandleReceivesSignals(t *testing.T) {
	got := make(chan syscall.Signal, 1)
	Handle(func(s syscall.Signal) { got <- s })
	Start()
	<-Ready()
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT,
		syscall.SIGABRT, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM, syscall.SIGSYS, syscall.SIGTRAP,
		syscall.SIGXCPU, syscall.SIGPWR, syscall.SIGVTALRM, syscall.SIGBUS, syscall.Signal(40)} {
		if err := syscall.Kill(syscall.Getpid(), sig); err != nil {
			t.Fatal(err)
		}
		select {
		case s := <-got:
			if s != sig {
				t.Fatalf("handler got %v, want %v", s, sig)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v never reached the handler", sig)
		}
	}
	// SIGPIPE is not caught: the runtime ignores it (writes get EPIPE).
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGPIPE); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		t.Fatalf("SIGPIPE reached the handler as %v", s)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestName(t *testing.T) {
	tests := []struct {
		sig  syscall.Signal
		want string
	}{
		{syscall.SIGTERM, "SIGTERM"},
		{syscall.SIGINT, "SIGINT"},
		{syscall.SIGABRT, "SIGABRT"},
		{syscall.SIGUSR1, "SIGUSR1"},
		{syscall.Signal(35), "SIGRTMIN+1"},
	}
	for _, tc := range tests {
		if got := Name(tc.sig); got != tc.want {
			t.Errorf("Name(%d) = %q, want %q", tc.sig, got, tc.want)
		}
	}
}

// TestStopCoversDefaultTerminating: every signal whose default action
// ends a process is in Stop, except those no process may catch, SIGPIPE
// and the runtime's own (package comment).
func TestStopCoversDefaultTerminating(t *testing.T) {
	in := map[syscall.Signal]bool{}
	for _, s := range Stop {
		in[s] = true
	}
	notStop := map[syscall.Signal]bool{syscall.SIGKILL: true, syscall.SIGSTOP: true, syscall.SIGPIPE: true,
		syscall.SIGCHLD: true, syscall.SIGCONT: true, syscall.SIGURG: true, syscall.SIGWINCH: true,
		syscall.SIGTSTP: true, syscall.SIGTTIN: true, syscall.SIGTTOU: true, 32: true, 33: true, 34: true,
		syscall.SIGPROF: true}
	for s := syscall.Signal(1); s <= 64; s++ {
		if !in[s] && !notStop[s] {
			t.Errorf("%v (%d) ends a process by default but is not in Stop", Name(s), s)
		}
	}
}

// TestChildGetsDefaultDisposition: a child process does not inherit the
// handlers: SIGTERM kills it.
func TestChildGetsDefaultDisposition(t *testing.T) {
	err := exec.Command("sh", "-c", `kill -TERM $$; echo survived`).Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("child: err = %v, want it killed by SIGTERM", err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("child status %v, want killed by SIGTERM", ee)
	}
}

// TestPrepareExecDeliversCaught: a signal caught before PrepareExec is
// not lost with the old image: the process ends with 128+N (here in a
// child copy of the test binary, which has no handler).
func TestPrepareExecDeliversCaught(t *testing.T) {
	if os.Getenv("SIGWATCH_CHILD") == "1" {
		<-notified // the launcher's PrepareExec follows policy loading, well after
		syscall.Kill(syscall.Getpid(), syscall.SIGUSR1)
		time.Sleep(50 * time.Millisecond) // let the runtime queue it
		PrepareExec()
		os.Stdout.WriteString("not delivered\n")
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPrepareExecDeliversCaught$")
	cmd.Env = append(os.Environ(), "SIGWATCH_CHILD=1")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 128+int(syscall.SIGUSR1) {
		t.Fatalf("child: %v, output %q; want exit %s", err, out, strconv.Itoa(128+int(syscall.SIGUSR1)))
	}
}
