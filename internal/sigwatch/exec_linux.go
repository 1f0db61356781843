package sigwatch

import (
	"os/signal"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// PrepareExec readies the process for execve(2) of a new image of itself
// without losing a signal. A signal the Go runtime has caught but not yet
// passed on would vanish with the old image, so:
//
//  1. the Stop signals are blocked on every thread: from here on the kernel
//     keeps them pending instead of running a handler;
//  2. signal.Stop waits until the runtime has passed on every signal it
//     caught; one that arrived is delivered now (the process ends with
//     128+N: there is no run, and no record, yet);
//  3. their dispositions are set to the default (execve would, for a
//     caught signal), and they are unblocked on this thread, which then
//     calls execve: one pending or arriving from now on ends the process
//     by its default action (a shell reports 128+N), never a handler that
//     no longer passes it on.
//
// The new image starts with a clean signal mask (children inherit it) and
// catches the signals again from its own initialisation. The caller must
// call execve next, on the same goroutine; PrepareExec locks it to its
// thread for that.
func PrepareExec() {
	<-notified // signal.Stop below must not run before the Notify in init
	runtime.LockOSThread()
	var set unix.Sigset_t
	for _, s := range Stop {
		set.Val[(s-1)/64] |= 1 << ((uint(s) - 1) % 64)
	}
	_, _, errno := syscall.AllThreadsSyscall(syscall.SYS_RT_SIGPROCMASK, unix.SIG_BLOCK, uintptr(unsafe.Pointer(&set)), 0)
	if errno == syscall.ENOTSUP {
		// A cgo binary (only tests: the Makefile builds static ones): block
		// on this thread; another may still take a signal in the window.
		_ = unix.PthreadSigmask(unix.SIG_BLOCK, &set, nil)
	}
	signal.Stop(caught)
	select {
	case s := <-caught:
		deliver(s.(syscall.Signal))
	default:
	}
	var dfl [4]uint64 // struct sigaction, all zero: SIG_DFL, no flags, empty mask
	for _, s := range Stop {
		_, _, _ = syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(s), uintptr(unsafe.Pointer(&dfl)), 0, 8, 0, 0)
	}
	_ = unix.PthreadSigmask(unix.SIG_UNBLOCK, &set, nil)
}
