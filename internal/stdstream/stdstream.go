// Package stdstream writes to the process's standard output and error with
// write(2) on descriptors 1 and 2, not through os.Stdout and os.Stderr.
//
// The reason is SIGPIPE. When a write through os.Stdout or os.Stderr fails
// with EPIPE (the reader went away), package os makes the Go runtime raise
// SIGPIPE and die of it, before spython can write the run's final record,
// unless the program caught SIGPIPE with os/signal, which costs a round
// trip to the runtime's signal thread at start-up (package sigwatch).
// Through these writers EPIPE is only an error (the script sees
// BrokenPipeError), and the SIGPIPE the kernel sends is ignored by the Go
// runtime's own handler.
package stdstream

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// Writer writes to one descriptor, all of p or an error. It never buffers.
type Writer struct {
	fd   int
	name string
	file *os.File // the same descriptor, for child processes
}

// The process's standard output and error.
var (
	Stdout = Writer{fd: 1, name: "/dev/stdout", file: os.Stdout}
	Stderr = Writer{fd: 2, name: "/dev/stderr", file: os.Stderr}
)

// File is the stream as an *os.File, to give to a child process, which
// then writes to the descriptor itself. It is not for writing here.
func (w Writer) File() *os.File { return w.file }

// Write writes p with as many write(2) calls as it takes, waiting with
// poll(2) while a non-blocking descriptor is full.
func (w Writer) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := unix.Write(w.fd, p[n:])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			fds := []unix.PollFd{{Fd: int32(w.fd), Events: unix.POLLOUT}}
			if _, perr := unix.Poll(fds, -1); perr != nil && perr != unix.EINTR {
				return n, &os.PathError{Op: "write", Path: w.name, Err: perr}
			}
			continue
		case err != nil:
			return n, &os.PathError{Op: "write", Path: w.name, Err: err}
		case m == 0:
			return n, &os.PathError{Op: "write", Path: w.name, Err: io.ErrShortWrite}
		}
		n += m
	}
	return n, nil
}

// WriteString is Write of a string.
func (w Writer) WriteString(s string) (int, error) { return w.Write([]byte(s)) }
