// Package sigwatch installs spython's handlers for the signals that end a
// run (SIGTERM, SIGINT, SIGHUP, SIGQUIT) and for SIGPIPE, as early as the
// process allows: at package initialisation, on its own goroutine.
//
// Installing them is slow: os/signal enables each signal with a round
// trip to the runtime's signal thread, which it first creates, about 2 ms
// of wall time on the benchmark machine. Started here, that overlaps the
// rest of package initialisation and the launcher's start-up; the audit
// log waits for Ready before its first record, so a signal after any
// record still ends the run with a final one.
//
// The handlers are never removed: removing one costs another round trip,
// and the process exits as soon as its run ends. Until the launcher sets
// a handler (Handle), a signal ends the process with 128+N.
package sigwatch

import (
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// Stop lists the signals that end a run with a final record.
var Stop = []os.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT}

var (
	ready   = make(chan struct{})
	handler atomic.Pointer[func(syscall.Signal)]
)

func init() {
	go func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, Stop...)
		// SIGPIPE (a reader of stdout went away) must not kill the process
		// before the final record: caught, it makes the write fail with
		// EPIPE, which the script sees as BrokenPipeError. Handlers, unlike
		// an ignored disposition, are reset for child processes.
		signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
		close(ready)
		for s := range ch {
			sig := s.(syscall.Signal)
			if h := handler.Load(); h != nil {
				(*h)(sig)
				continue
			}
			os.Stderr.WriteString("spython: terminated by signal " + Name(sig) + "\n")
			os.Exit(128 + int(sig))
		}
	}()
}

// Ready is closed once the handlers are installed.
func Ready() <-chan struct{} { return ready }

// Handle makes f receive the Stop signals from now on, one at a time.
func Handle(f func(syscall.Signal)) { handler.Store(&f) }

// Name is the signal's conventional name ("SIGTERM").
func Name(s syscall.Signal) string {
	switch s {
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	}
	return s.String()
}
