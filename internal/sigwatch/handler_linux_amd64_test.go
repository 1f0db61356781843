package sigwatch

import (
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestOwnHandlersInstalled: on linux/amd64 the Stop signals go to
// sigHandler, not through os/signal, whose set-up costs start-up time.
func TestOwnHandlersInstalled(t *testing.T) {
	<-Ready()
	want, _ := handlerPCs()
	for _, s := range Stop {
		var old sigaction
		if _, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(s), 0, uintptr(unsafe.Pointer(&old)), unsafe.Sizeof(old.mask), 0, 0); e != 0 {
			t.Fatalf("rt_sigaction(%v): %v", s, e)
		}
		if old.handler != want || old.flags&saOnstack == 0 {
			t.Errorf("%v: handler %#x flags %#x, want %#x with SA_ONSTACK", s, old.handler, old.flags, want)
		}
	}
}

// TestSignalBurst: many signals in a row neither crash the process nor
// block the handler (the pipe is non-blocking); the handler sees them.
func TestSignalBurst(t *testing.T) {
	<-Ready()
	got := make(chan syscall.Signal, 1024)
	Handle(func(s syscall.Signal) { got <- s })
	for range 200 {
		if err := syscall.Kill(syscall.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
	}
	if s := <-got; s != syscall.SIGHUP {
		t.Errorf("handler got %v, want SIGHUP", s)
	}
	// Let the last of the burst arrive here, not in the next test.
	for {
		select {
		case <-got:
		case <-time.After(200 * time.Millisecond):
			return
		}
	}
}
