package policy

import (
	"fmt"
	"path"
	"slices"
)

// Sandbox configures the launcher's self-sandboxing (package sandbox),
// applied after the log is opened and before the script is read. The zero
// value restricts nothing, so policies without the section behave as before.
type Sandbox struct {
	// NoNewPrivs sets PR_SET_NO_NEW_PRIVS: neither spython nor any child
	// can gain privileges through setuid/setgid binaries or file
	// capabilities. Landlock implies it.
	NoNewPrivs bool `json:"no_new_privs,omitempty"`
	// Landlock is off (default), best_effort (apply what the kernel
	// supports, log what it could not) or enforce (refuse to run without it).
	Landlock string `json:"landlock,omitempty"`
	// Read and Write list absolute paths (files or directories, with
	// everything below them) the run may read (and execute), or also
	// write. Everything else is out of reach once Landlock applies. The
	// script's directory and the module path are always readable.
	Read  []string `json:"read,omitempty"`
	Write []string `json:"write,omitempty"`
	// Net, when present, restricts TCP (Landlock ABI 4 and later): only
	// the listed ports may be connected to or bound. Absent: no restriction.
	Net *NetRules `json:"net,omitempty"`
	// DenyMetadata adds a seccomp filter refusing the chmod, chown, utime
	// and xattr system calls to spython and every child: Landlock does not
	// cover metadata, and a filter cannot see paths, so it refuses them
	// everywhere (spython's own os.chmod & co. are refused outside Write
	// with or without it). Needs landlock on.
	DenyMetadata bool `json:"deny_metadata,omitempty"`
}

// NetRules lists the TCP ports a sandboxed run may use.
type NetRules struct {
	ConnectTCP []int `json:"connect_tcp,omitempty"`
	BindTCP    []int `json:"bind_tcp,omitempty"`
}

// Landlock modes.
const (
	LandlockOff        = "off"
	LandlockBestEffort = "best_effort"
	LandlockEnforce    = "enforce"
)

// IsZero makes omitzero drop an unconfigured section.
func (s Sandbox) IsZero() bool {
	return !s.NoNewPrivs && (s.Landlock == "" || s.Landlock == LandlockOff) &&
		len(s.Read) == 0 && len(s.Write) == 0 && s.Net == nil && !s.DenyMetadata
}

func (s *Sandbox) validate() error {
	switch s.Landlock {
	case "":
		s.Landlock = LandlockOff
	case LandlockOff, LandlockBestEffort, LandlockEnforce:
	default:
		return fmt.Errorf("sandbox.landlock %q: want off, best_effort or enforce", s.Landlock)
	}
	for _, list := range [][]string{s.Read, s.Write} {
		for _, p := range list {
			if !path.IsAbs(p) {
				return fmt.Errorf("sandbox: path %q must be absolute", p)
			}
		}
	}
	if s.Net != nil {
		for _, list := range [][]int{s.Net.ConnectTCP, s.Net.BindTCP} {
			for _, port := range list {
				if port < 1 || port > 65535 {
					return fmt.Errorf("sandbox.net: port %d out of range 1-65535", port)
				}
			}
		}
	}
	return nil
}

func landlockRank(m string) int {
	switch m {
	case LandlockBestEffort:
		return 1
	case LandlockEnforce:
		return 2
	}
	return 0
}

// tighten combines the compiled-in sandbox with a system policy's: the
// stronger mode wins, and where both restrict, only what both allow stays
// allowed (paths and ports are compared exactly).
func (s Sandbox) tighten(t Sandbox) Sandbox {
	out := s
	out.NoNewPrivs = s.NoNewPrivs || t.NoNewPrivs
	out.DenyMetadata = s.DenyMetadata || t.DenyMetadata
	if landlockRank(t.Landlock) > landlockRank(s.Landlock) {
		out.Landlock = t.Landlock
	}
	switch {
	case landlockRank(s.Landlock) == 0:
		out.Read, out.Write = t.Read, t.Write
	case landlockRank(t.Landlock) > 0:
		out.Read = intersect(append(slices.Clip(s.Read), s.Write...), append(slices.Clip(t.Read), t.Write...))
		out.Write = intersect(s.Write, t.Write)
	}
	switch {
	case s.Net == nil || landlockRank(s.Landlock) == 0:
		out.Net = t.Net
	case t.Net != nil && landlockRank(t.Landlock) > 0:
		out.Net = &NetRules{
			ConnectTCP: intersectInts(s.Net.ConnectTCP, t.Net.ConnectTCP),
			BindTCP:    intersectInts(s.Net.BindTCP, t.Net.BindTCP),
		}
	}
	return out
}

func intersectInts(a, b []int) []int {
	var out []int
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
