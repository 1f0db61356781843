package interp

import (
	"fmt"
	"strconv"
)

// ExitError is sys.exit: fatal, it ends the run with Code.
type ExitError struct {
	Code    int
	Message string // printed to stderr, for sys.exit("message")
}

func (e *ExitError) Error() string {
	if e.Message != "" {
		return e.Message
	}
	return "sys.exit(" + strconv.Itoa(e.Code) + ")"
}
func (e *ExitError) Fatal() bool  { return true }
func (e *ExitError) Kind() string { return "SystemExit" }

// CodeRefusedError is a file open_code would not run.
type CodeRefusedError struct {
	Path   string
	Reason string
}

func (e *CodeRefusedError) Error() string {
	return fmt.Sprintf("open_code refused %s: %s", e.Path, e.Reason)
}
func (e *CodeRefusedError) Kind() string { return "PermissionError" }

// LimitError is a resource limit that was hit: fatal, exit 5.
type LimitError struct {
	Limit string // steps, wall_time, memory, output
	Value string
}

func (e *LimitError) Error() string { return "resource limit hit: " + e.Limit + " (" + e.Value + ")" }
func (e *LimitError) Fatal() bool   { return true }
func (e *LimitError) Kind() string  { return "ResourceLimitError" }

// SignalError is a terminating signal: fatal, exit 128+N.
type SignalError struct {
	Signo int
	Name  string
}

func (e *SignalError) Error() string { return "terminated by signal " + e.Name }
func (e *SignalError) Fatal() bool   { return true }
func (e *SignalError) Kind() string  { return "KeyboardInterrupt" }
