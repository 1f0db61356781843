//lint:file-ignore U1000 pipeWrite, sigHandler and sigReturn are used by the assembly (handler_linux_amd64.s)

package sigwatch

import (
	"os"
	"syscall"
	"unsafe"
)

// pipeWrite is the pipe sigHandler writes to; set before any handler is
// installed and never changed.
var pipeWrite int32

// sigHandler is the signal handler (handler_linux_amd64.s): it writes the
// signal's number, one byte, to pipeWrite with write(2) and returns. It
// touches no Go state and makes one async-signal-safe system call, so it
// may interrupt any code, the runtime included; the pipe is non-blocking,
// so it never waits.
func sigHandler()

// sigReturn is the handler's restorer: rt_sigreturn(2).
func sigReturn()

// handlerPCs gives the entry points of sigHandler and sigReturn.
func handlerPCs() (handler, restorer uintptr)

// sigaction is the kernel's struct sigaction on amd64.
type sigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

const (
	saRestorer = 0x04000000
	saOnstack  = 0x08000000 // every Go thread has a signal stack
	saRestart  = 0x10000000 // interrupted system calls restart, as with Go's own handlers
)

// install replaces the Go runtime's handlers for the Stop signals with
// sigHandler and starts the goroutine that reads the pipe; a signal caught
// before it runs waits in the pipe. What cannot be installed this way is
// left to os/signal.
func install() {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC|syscall.O_NONBLOCK); err != nil {
		notify(Stop, func() { close(ready) })
		return
	}
	pipeWrite = int32(p[1])
	h, r := handlerPCs()
	sa := sigaction{handler: h, flags: saOnstack | saRestart | saRestorer, restorer: r, mask: ^uint64(0)}
	var failed []syscall.Signal
	for _, s := range Stop {
		_, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(s), uintptr(unsafe.Pointer(&sa)), 0, unsafe.Sizeof(sa.mask), 0, 0)
		if e != 0 {
			failed = append(failed, s)
		}
	}
	// The read end goes through the runtime's poller: waiting for a signal
	// holds no thread.
	signals := os.NewFile(uintptr(p[0]), "signals")
	go func() {
		var buf [16]byte
		for {
			n, err := signals.Read(buf[:])
			if err != nil {
				return // cannot happen: the write end is never closed
			}
			for _, b := range buf[:n] {
				deliver(syscall.Signal(b))
			}
		}
	}()
	if len(failed) > 0 {
		notify(failed, func() { close(ready) })
		return
	}
	close(ready)
}
