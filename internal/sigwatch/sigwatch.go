// Package sigwatch catches every signal whose default action ends a
// process and that a Go program can catch (Stop), from package
// initialisation on, through os/signal, and hands each to the launcher
// (Handle), which ends the run with a final record and exit 128+N. Until
// the launcher has set its handler, a signal ends the process with 128+N.
//
// Signals are caught with signal.Notify from package initialisation on and
// queue in a buffered channel; Start (called once the launcher knows it
// will not re-execute itself, see PrepareExec) starts the goroutine that
// delivers them. A signal the process was started with ignored (SIGINT
// for a shell's background job, SIGHUP under nohup) is caught all the same,
// as signal.Notify does: a run still ends with its final record and 128+N.
//
// Not in Stop, by design: SIGKILL and SIGSTOP (no process can catch them),
// SIGPIPE (spython writes its standard streams with write(2), package
// stdstream, so a closed pipe is an EPIPE error the script sees as
// BrokenPipeError; the Go runtime ignores the signal), signals whose
// default action does not end a process (SIGCHLD, SIGCONT, SIGURG,
// SIGWINCH, SIGTSTP…), signals 32-34, which the Go runtime and C
// libraries use internally, and SIGPROF, which the Go runtime keeps for its
// profiler (its handler consumes the signal and never passes it on). SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP
// are caught when sent (kill(2)); raised by a fault in the process itself
// they are the Go runtime's (a panic or a crash), docs/threat-model.md.
//
// Child processes get the default dispositions (the runtime resets them
// between fork and exec).
package sigwatch

import (
	"os"
	"os/signal"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/stdstream"
)

// Stop lists the signals that end a run with a final record.
var Stop = stopSignals()

func stopSignals() []syscall.Signal {
	s := []syscall.Signal{
		unix.SIGHUP, unix.SIGINT, unix.SIGQUIT, unix.SIGILL, unix.SIGTRAP, unix.SIGABRT,
		unix.SIGBUS, unix.SIGFPE, unix.SIGUSR1, unix.SIGSEGV, unix.SIGUSR2, unix.SIGALRM,
		unix.SIGTERM, unix.SIGSTKFLT, unix.SIGXCPU, unix.SIGXFSZ, unix.SIGVTALRM,
		unix.SIGIO, unix.SIGPWR, unix.SIGSYS,
	}
	for n := 35; n <= 64; n++ { // the real-time signals the runtime leaves alone
		s = append(s, syscall.Signal(n))
	}
	return s
}

var (
	// caught is where os/signal puts the signals; one slot per signal, so
	// that none is dropped before Start (os/signal never blocks on it).
	caught  = make(chan os.Signal, len(Stop))
	ready   = make(chan struct{})
	start   sync.Once
	handler atomic.Pointer[func(syscall.Signal)]
	// notified is closed once signal.Notify has taken every Stop signal.
	notified = make(chan struct{})
)

// init asks for the signals on a goroutine of its own: signal.Notify makes
// one round trip per signal to the runtime thread that owns the signal
// mask, about 2 ms for the fifty Stop signals, which then overlap with the
// rest of the program's initialisation instead of adding to its start-up.
// Start and PrepareExec wait for it, so a run (whose log opens after
// Start) never begins before every signal is caught; one arriving before
// that ends the process by its default action, as one arriving before
// initialisation always did.
func init() {
	go func() {
		sigs := make([]os.Signal, len(Stop))
		for i, s := range Stop {
			sigs[i] = s
		}
		signal.Notify(caught, sigs...)
		close(notified)
	}()
}

// Start waits until every Stop signal is caught, starts delivering them,
// those that arrived since initialisation first, and closes Ready.
func Start() {
	<-notified
	start.Do(func() {
		go func() {
			for s := range caught {
				deliver(s.(syscall.Signal))
			}
		}()
		close(ready)
	})
}

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

// Ready is closed once Start has run: every signal caught from then on
// reaches the handler.
func Ready() <-chan struct{} { return ready }

// Handle makes f receive the Stop signals from now on, one at a time.
func Handle(f func(syscall.Signal)) { handler.Store(&f) }

// Name is the signal's conventional name ("SIGTERM", "SIGRTMIN+3").
func Name(s syscall.Signal) string {
	if n := unix.SignalName(s); n != "" {
		return n
	}
	if s > 34 && s <= 64 {
		return "SIGRTMIN+" + strconv.Itoa(int(s)-34)
	}
	return "signal " + strconv.Itoa(int(s))
}
