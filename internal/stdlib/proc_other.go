//go:build unix && !linux

package stdlib

import "syscall"

// childProcAttr puts a child in its own process group, so the whole group
// can be killed.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
