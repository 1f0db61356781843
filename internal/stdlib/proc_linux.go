package stdlib

import "syscall"

// childProcAttr puts a child in its own process group, so the whole group
// can be killed, and has the kernel kill it if spython dies first. (The
// death signal follows the forking OS thread; spython locks no goroutine
// to a thread, so Go does not end those threads early.)
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
