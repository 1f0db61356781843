// Package sigwatch catches the signals that end a run (SIGTERM, SIGINT,
// SIGHUP, SIGQUIT), from package initialisation on, and hands each to the
// launcher (Handle), which ends the run with a final record and exit
// 128+N. Until the launcher has set its handler, a signal ends the process
// with 128+N.
//
// On linux/amd64 the handlers are spython's own (handler_linux_amd64.go):
// a few instructions that write the signal's number to a pipe, which a
// goroutine reads. They are installed with four rt_sigaction(2) calls at
// package initialisation. os/signal would do the same job with a round
// trip to the runtime's signal thread per signal, which it first creates:
// about 0.9 ms of every start-up on the benchmark machine
// (docs/performance.md). Elsewhere, and should the pipe or a handler not
// be installable, os/signal does it (notify.go), on its own goroutine so
// that the round trips overlap the rest of start-up; the audit log waits
// for Ready before its first record, so a signal after any record still
// ends the run with a final one.
//
// SIGPIPE needs no handler: spython writes its standard streams with
// package stdstream, for which EPIPE is an error (the script sees
// BrokenPipeError), and the Go runtime's own handler ignores the signal.
//
// A signal the process was started with ignored (SIGINT for a shell's
// background job, SIGHUP under nohup) is caught all the same, as
// os/signal.Notify catches it: a run still ends with its final record and
// 128+N. The handlers are never removed; the process exits when its run
// ends.
// Child processes get the default dispositions (the runtime resets them
// between fork and exec, and exec would).
package sigwatch

import (
	"os"
	"sync/atomic"
	"syscall"

	"github.com/spython-dev/spython/internal/stdstream"
)

// Stop lists the signals that end a run with a final record.
var Stop = []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT}

var (
	ready   = make(chan struct{})
	handler atomic.Pointer[func(syscall.Signal)]
)

func init() { install() }

// deliver hands a caught signal to the launcher's handler, or ends the
// process when there is none yet. Signals are delivered one at a time.
func deliver(sig syscall.Signal) {
	if h := handler.Load(); h != nil {
		(*h)(sig)
		return
	}
	stdstream.Stderr.WriteString("spython: terminated by signal " + Name(sig) + "\n")
	os.Exit(128 + int(sig))
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
