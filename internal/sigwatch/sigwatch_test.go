package sigwatch

import (
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
	// SIGPIPE is caught too: the process survives it.
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
