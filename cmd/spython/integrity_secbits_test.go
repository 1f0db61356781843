package main

import (
	"runtime"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/sys/unix"
)

// secbits BITS PROG [ARG...] runs PROG (like exec) in a child whose
// securebits are BITS (e.g. 0x100 = SECBIT_EXEC_RESTRICT_FILE), as a
// service manager or container runtime would start spython. Test-only: the
// bits are set on a locked OS thread that forks the child and is then
// discarded, so the test process itself is unaffected.
func cmdSecbits(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: secbits BITS PROG [ARG...]")
	}
	bits, err := strconv.ParseUint(args[0], 0, 32)
	ts.Check(err)
	done := make(chan error, 1)
	go func() {
		// Never unlocked: the thread exits with the goroutine, taking its
		// changed credentials with it.
		runtime.LockOSThread()
		if err := unix.Prctl(unix.PR_SET_SECUREBITS, uintptr(bits), 0, 0, 0); err != nil {
			done <- err
			return
		}
		done <- ts.Exec(args[1], args[2:]...)
	}()
	err = <-done
	switch {
	case err != nil && !neg:
		ts.Fatalf("secbits %s %s: %v", args[0], args[1], err)
	case err == nil && neg:
		ts.Fatalf("secbits %s %s: unexpected success", args[0], args[1])
	}
}
