// Package seccomp installs the seccomp filter spython's sandbox adds to
// Landlock (docs/threat-model.md): Landlock governs opening and creating
// files but not their metadata, and its TCP rules do not cover MPTCP
// sockets. The filter is built with github.com/elastic/go-seccomp-bpf (pure
// Go, no libseccomp: the binaries are static), installed on every thread
// (SECCOMP_FILTER_FLAG_TSYNC) and inherited by every child process.
package seccomp

import (
	"fmt"
	"slices"
	"strings"

	bpf "github.com/elastic/go-seccomp-bpf"
	"github.com/elastic/go-seccomp-bpf/arch"
	"golang.org/x/sys/unix"
)

// Config says what to refuse. Refused calls fail with EPERM.
type Config struct {
	// Metadata refuses the chmod, chown, utime and extended-attribute
	// system calls entirely: a filter sees only a path's address, not the
	// path, so it cannot tell the sandbox's write set from the rest.
	Metadata bool
	// MPTCP refuses socket(…, IPPROTO_MPTCP), which Landlock's TCP rules
	// do not cover. Go falls back to plain TCP when it is refused.
	MPTCP bool
}

// MetadataSyscalls are the calls Config.Metadata refuses, where the
// architecture has them (arm64 has no chmod, only fchmodat, …).
var MetadataSyscalls = []string{
	"chmod", "fchmod", "fchmodat", "fchmodat2",
	"chown", "fchown", "lchown", "fchownat", "chown32", "fchown32", "lchown32",
	"utime", "utimes", "futimesat", "utimensat", "utimensat_time64",
	"setxattr", "lsetxattr", "fsetxattr", "setxattrat",
	"removexattr", "lremovexattr", "fremovexattr", "removexattrat",
}

// Policy builds the filter policy for cfg on this architecture; nil when
// cfg refuses nothing.
func Policy(cfg Config) (*bpf.Policy, error) {
	info, err := arch.GetInfo("")
	if err != nil {
		return nil, err
	}
	p := &bpf.Policy{DefaultAction: bpf.ActionAllow}
	if cfg.Metadata {
		var names []string
		for _, n := range MetadataSyscalls {
			if _, ok := info.SyscallNames[n]; ok {
				names = append(names, n)
			}
		}
		p.Syscalls = append(p.Syscalls, bpf.SyscallGroup{Names: names, Action: bpf.ActionErrno})
	}
	if cfg.MPTCP {
		p.Syscalls = append(p.Syscalls, bpf.SyscallGroup{
			NamesWithCondtions: []bpf.NameWithConditions{{
				Name:       "socket",
				Conditions: bpf.ArgumentConditions{{Argument: 2, Operation: bpf.Equal, Value: unix.IPPROTO_MPTCP}},
			}},
			Action: bpf.ActionErrno,
		})
	}
	if len(p.Syscalls) == 0 {
		return nil, nil
	}
	return p, nil
}

// Apply installs the filter on every thread of the process; no_new_privs
// must already be set (sandbox.Apply sets it). It returns a description
// of what is refused, for the spython.sandbox record.
func Apply(cfg Config) (string, error) {
	p, err := Policy(cfg)
	if err != nil || p == nil {
		return "", err
	}
	if !bpf.Supported() {
		return "", fmt.Errorf("seccomp: the kernel does not support seccomp filters")
	}
	if err := bpf.LoadFilter(bpf.Filter{NoNewPrivs: true, Flag: bpf.FilterFlagTSync, Policy: *p}); err != nil {
		return "", fmt.Errorf("seccomp: %w", err)
	}
	return Describe(cfg), nil
}

// Describe names what cfg refuses.
func Describe(cfg Config) string {
	var what []string
	if cfg.Metadata {
		what = append(what, "chmod/chown/utime/xattr")
	}
	if cfg.MPTCP {
		what = append(what, "MPTCP sockets")
	}
	slices.Sort(what)
	return "seccomp refuses " + strings.Join(what, ", ")
}
