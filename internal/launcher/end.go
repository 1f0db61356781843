package launcher

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/audit"
	"github.com/spython-dev/spython/internal/interp"
	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/sigwatch"
	"github.com/spython-dev/spython/internal/stdstream"
)

// stopGrace is how long a stopped script (a signal, a limit) may take to
// unwind before the launcher writes the final record itself and exits.
const stopGrace = 2 * time.Second

// active is the run in progress, which a terminating signal ends.
var active atomic.Pointer[runState]

func init() { sigwatch.Handle(endBySignal) }

// runState is what ending the current run needs. Every way a run ends
// goes through end, one critical section: exactly one spython.run_end is
// written, and the process exits with the code that record carries.
type runState struct {
	stderr io.Writer
	logger atomic.Pointer[audit.Logger]
	runner atomic.Pointer[interp.Runner]
	done   chan struct{} // closed when Main returns

	mu    sync.Mutex
	ended bool
	code  int
}

// end writes spython.run_end (code, reason), once, and returns the exit
// code: code, or ExitLog when the record cannot be written, or the code of
// the end already decided.
func (st *runState) end(code int, reason string) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.endLocked(code, reason)
}

func (st *runState) endLocked(code int, reason string) int {
	if st.ended {
		return st.code
	}
	st.ended = true
	st.code = code
	// Nothing the script started outlives the run.
	pids := killDescendants()
	if logger := st.logger.Load(); logger != nil {
		if len(pids) > 0 {
			list := make([]starlark.Value, len(pids))
			for i, p := range pids {
				list[i] = starlark.MakeInt(p)
			}
			// A failure here is the log's failure, which End reports.
			_ = logger.Emit(EventDescendantsKilled, "allowed", "", starlark.Tuple{starlark.MakeInt(len(pids)), starlark.NewList(list)})
		}
		if err := logger.End(code, reason); err != nil {
			fmt.Fprintf(st.stderr, "spython: %v\n", err)
			if code != ExitLog {
				st.code = ExitLog
			}
		}
	}
	return st.code
}

// exit ends the run from outside the script's thread (a signal with no
// run to stop, a stopped run that did not unwind in time) and the process
// with it. When Main has already ended the run, its end stands and exit
// does nothing: Main returns that code.
func (st *runState) exit(code int, reason, message string) {
	st.mu.Lock()
	if st.ended {
		st.mu.Unlock()
		return
	}
	fmt.Fprintln(st.stderr, message)
	// The lock stays held: Main cannot write a second record before the
	// process is gone.
	os.Exit(st.endLocked(code, reason))
}

// finish prints what the user must see, ends the run and returns the exit
// code.
func (st *runState) finish(res interp.Result, stderr io.Writer) int {
	switch res.Outcome {
	case interp.Exited:
		var exit *interp.ExitError
		if asExit(res.Err, &exit) && exit.Message != "" {
			fmt.Fprintln(stderr, exit.Message)
		}
	case interp.LogFailed:
		fmt.Fprintf(stderr, "spython: %v\n", res.Err)
		st.end(ExitLog, res.Reason) // the log is failed: nothing more is written
		return ExitLog
	case interp.Refused:
		fmt.Fprintf(stderr, "spython: refused: %v\n", res.Err)
	case interp.NotFound:
		fmt.Fprintf(stderr, "spython: refused: cannot open script: %v\n", res.Err)
	case interp.LimitHit, interp.Signalled:
		fmt.Fprintf(stderr, "spython: %v\n", res.Err)
	case interp.Failed, interp.CompileFail:
		fmt.Fprint(stderr, interp.Traceback(res.Err))
		if res.Err != nil {
			// The record says what failed, as the traceback's last line does.
			kind, msg := pyerr.KindOf(res.Err)
			res.Reason += ": " + kind + ": " + msg
		}
	}
	return st.end(res.Code, res.Reason)
}

func (st *runState) logFailed(err error) int {
	fmt.Fprintf(st.stderr, "spython: %v\n", err)
	st.end(ExitLog, "audit log failed")
	return ExitLog
}

// stopped is the runner's OnStop: a limit or a signal stopped the run.
// Should the script not unwind within stopGrace (a builtin that ignores
// cancellation, one huge allocation), the launcher ends the run itself
// with the code the stop decided.
func (st *runState) stopped(res interp.Result) {
	time.AfterFunc(stopGrace, func() {
		select {
		case <-st.done:
			return
		default:
		}
		st.exit(res.Code, res.Reason, fmt.Sprintf("spython: %v (the script did not stop within %v)", res.Err, stopGrace))
	})
}

// endBySignal stops the current run (it then unwinds and Main writes the
// final record, or stopped ends it after the grace), or ends the process
// when there is no run to stop yet.
func endBySignal(sig syscall.Signal) {
	st := active.Load()
	if st != nil {
		if r := st.runner.Load(); r != nil {
			r.Stop(&interp.SignalError{Signo: int(sig), Name: sigwatch.Name(sig)})
			return
		}
		st.exit(128+int(sig), "signal: "+sigwatch.Name(sig), "spython: terminated by signal "+sigwatch.Name(sig))
		return
	}
	stdstream.Stderr.WriteString("spython: terminated by signal " + sigwatch.Name(sig) + "\n")
	os.Exit(128 + int(sig))
}
