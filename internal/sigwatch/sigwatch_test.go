package sigwatch

import (
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestHandleReceivesSignals: once installed, each stop signal reaches the
// handler set with Handle (instead of killing the process).
func TestHandleReceivesSignals(t *testing.T) {
	<-Ready()
	got := make(chan syscall.Signal, 1)
	Handle(func(s syscall.Signal) { got <- s })
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT} {
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
	// SIGPIPE needs no handler: the runtime's own ignores it.
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGPIPE); err != nil {
		t.Fatal(err)
	}
}

func TestName(t *testing.T) {
	tests := []struct {
		sig  syscall.Signal
		want string
	}{
		{syscall.SIGTERM, "SIGTERM"},
		{syscall.SIGINT, "SIGINT"},
		{syscall.SIGHUP, "SIGHUP"},
		{syscall.SIGQUIT, "SIGQUIT"},
		{syscall.SIGUSR1, syscall.SIGUSR1.String()},
	}
	for _, tc := range tests {
		if got := Name(tc.sig); got != tc.want {
			t.Errorf("Name(%d) = %q, want %q", tc.sig, got, tc.want)
		}
	}
}

// TestNotifyFallback: where spython's own handlers cannot be used, the
// os/signal path delivers to the same handler.
func TestNotifyFallback(t *testing.T) {
	caught := make(chan struct{})
	notify([]syscall.Signal{syscall.SIGUSR1}, func() { close(caught) })
	<-caught
	got := make(chan syscall.Signal, 1)
	Handle(func(s syscall.Signal) { got <- s })
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		if s != syscall.SIGUSR1 {
			t.Fatalf("handler got %v, want SIGUSR1", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("SIGUSR1 never reached the handler")
	}
}

// TestChildGetsDefaultDisposition: a child process does not inherit the
// handlers: SIGTERM kills it.
func TestChildGetsDefaultDisposition(t *testing.T) {
	<-Ready()
	err := exec.Command("sh", "-c", `kill -TERM $$; echo survived`).Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("child: err = %v, want it killed by SIGTERM", err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("child status %v, want killed by SIGTERM", ee)
	}
}
