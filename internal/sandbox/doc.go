// Package sandbox is spython's self-sandboxing: after the launcher has
// opened the audit log and before it reads the script, it sets
// PR_SET_NO_NEW_PRIVS and, where the kernel offers it, restricts the
// process with Landlock to the files and TCP ports the policy allows.
//
// Both are irreversible and inherited by every child (subprocess), which
// is the point: a script that finds a way around an audit hook still meets
// the kernel. Descriptors opened before Apply (the log, the native sinks)
// keep working.
//
// Landlock is github.com/landlock-lsm/go-landlock in best-effort mode: it
// applies the best ABI the kernel supports; rights a newer ABI would add
// are simply not restricted on older kernels, and Status says what was
// applied. A Go process has many threads and Landlock restricts one
// thread at a time, so the library restricts every thread at once
// (LANDLOCK_RESTRICT_SELF_TSYNC on kernels with ABI 8, otherwise psx,
// which is syscall.AllThreadsSyscall in a binary without cgo); when
// neither is possible nothing is applied rather than some threads.
package sandbox
