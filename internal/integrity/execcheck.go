package integrity

import (
	"errors"
	"os"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Constants x/sys does not (yet) define; values from the Linux 6.14 uapi
// (include/uapi/linux/fcntl.h, include/uapi/linux/securebits.h).
const (
	AtExecveCheck = 0x10000 // execveat: check only, do not execute

	SecbitExecRestrictFile          = 1 << 8 // 0x100: interpret only files execveat would accept
	SecbitExecRestrictFileLocked    = 1 << 9
	SecbitExecDenyInteractive       = 1 << 10 // 0x400: no interactive or command-line code
	SecbitExecDenyInteractiveLocked = 1 << 11
)

// Securebits returns the calling thread's securebits (PR_GET_SECUREBITS).
func Securebits() (uint, error) {
	n, err := unix.PrctlRetInt(unix.PR_GET_SECUREBITS, 0, 0, 0, 0)
	if err != nil {
		return 0, err
	}
	return uint(n), nil
}

// ExecResult is the kernel's answer to an exec check.
type ExecResult struct {
	OK          bool
	Unavailable bool // the kernel (or a seccomp filter) does not offer the check
	Err         error
}

func (r ExecResult) String() string {
	switch {
	case r.OK:
		return "allowed"
	case r.Unavailable:
		return "not available on this kernel (needs Linux 6.14+ AT_EXECVE_CHECK): " + r.Err.Error()
	}
	return "the kernel would not execute this file: " + r.Err.Error()
}

// unavailable remembers that the kernel lacks the check, so that a run
// with many modules asks once.
var unavailable atomic.Bool

// ExecCheck asks the kernel whether f could be executed:
// execveat(fd, "", argv, envp, AT_EMPTY_PATH|AT_EXECVE_CHECK). With
// AT_EXECVE_CHECK the kernel runs every exec permission check (mode bits,
// noexec mounts, LSMs such as IMA, IPE and Landlock) and returns without
// executing. Older kernels reject the unknown flag with EINVAL before
// doing anything, so this never replaces the process.
func ExecCheck(f *os.File) ExecResult {
	if unavailable.Load() {
		return ExecResult{Unavailable: true, Err: unix.EINVAL}
	}
	empty, _ := unix.BytePtrFromString("")
	argv0, _ := unix.BytePtrFromString("spython-exec-check")
	argv := []*byte{argv0, nil}
	envp := []*byte{nil}
	var errno unix.Errno
	if err := withFD(f, func(fd int) {
		_, _, errno = unix.Syscall6(unix.SYS_EXECVEAT, uintptr(fd),
			uintptr(unsafe.Pointer(empty)),
			uintptr(unsafe.Pointer(&argv[0])),
			uintptr(unsafe.Pointer(&envp[0])),
			unix.AT_EMPTY_PATH|AtExecveCheck, 0)
	}); err != nil {
		return ExecResult{Err: err}
	}
	switch {
	case errno == 0:
		return ExecResult{OK: true}
	case errors.Is(errno, unix.EINVAL), errors.Is(errno, unix.ENOSYS):
		// EINVAL: the kernel does not know AT_EXECVE_CHECK (< 6.14).
		// ENOSYS: a seccomp filter hides execveat.
		unavailable.Store(true)
		return ExecResult{Unavailable: true, Err: errno}
	}
	return ExecResult{Err: errno}
}

// ExecCheckAvailable probes the kernel with f. It is meant for reports
// (spython-admin, the run's first record), not for decisions.
func ExecCheckAvailable(f *os.File) bool { return !ExecCheck(f).Unavailable }

// ProbeExecCheck asks the kernel about this very program, which is
// executable, so that the answer says whether the check is available at
// all. For a status record or an admin report.
func ProbeExecCheck() ExecResult {
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		return ExecResult{Err: err}
	}
	defer f.Close()
	return ExecCheck(f)
}
