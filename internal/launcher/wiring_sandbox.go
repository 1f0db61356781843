package launcher

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/sandbox"
	"github.com/spython-dev/spython/internal/seccomp"
	"github.com/spython-dev/spython/internal/stdlib/urllib"
)

// EventSandbox records what self-sandboxing applied:
// spython.sandbox (no_new_privs, landlock, abi, fs, net, detail).
const EventSandbox = "spython.sandbox"

// applySandbox applies the policy's sandbox after the log is open (its
// descriptor stays usable) and before any script byte is read, and logs
// the outcome. It reports whether Landlock restricts the run, and a
// non-zero exit code when the policy demands a sandbox this host cannot
// give (landlock: enforce): the run is then refused, failing closed.
func applySandbox(pol *policy.Policy, absScript string, reg *hooks.Registry, stderr io.Writer) (landlocked bool, code int) {
	sb := pol.Sandbox
	ll := sb.Landlock == policy.LandlockBestEffort || sb.Landlock == policy.LandlockEnforce
	if !sb.NoNewPrivs && !ll {
		return false, 0
	}
	cfg := sandbox.Config{NoNewPrivs: true, Landlock: ll, Write: sb.Write}
	// What spython itself needs to read after this point: the script's
	// directory (the script and what it loads), the module path and the
	// integrity manifest.
	cfg.Read = append(cfg.Read, filepath.Dir(absScript))
	cfg.Read = append(cfg.Read, pol.ModulePath...)
	if m := pol.OpenCode.Integrity.Manifest; m != "" {
		cfg.Read = append(cfg.Read, m)
	}
	cfg.Read = append(cfg.Read, sb.Read...)
	cfg.Read = append(cfg.Read, httpsPaths()...)
	if sb.Net != nil {
		cfg.RestrictNet = true
		cfg.ConnectTCP = append(ports(sb.Net.ConnectTCP), sinkPorts(pol)...)
		cfg.BindTCP = ports(sb.Net.BindTCP)
	}
	if k := pol.Log.HMACKeyFile; k != "" {
		// The chain key was taken before the sandbox; nothing after it,
		// least of all a child process, may reach the key's directory.
		cfg.Read = sandbox.Without(cfg.Read, filepath.Dir(k))
		cfg.Write = sandbox.Without(cfg.Write, filepath.Dir(k))
	}
	st, err := sandbox.Apply(cfg)
	detail := st.Detail
	if err != nil {
		detail = err.Error()
	}
	if err == nil && st.FS {
		// Landlock covers opens, not metadata or MPTCP: a seccomp filter,
		// inherited by every child, refuses MPTCP sockets always and the
		// metadata calls when the policy asks (internal/seccomp).
		what, serr := seccomp.Apply(seccomp.Config{Metadata: sb.DenyMetadata, MPTCP: true})
		if serr != nil {
			err = serr
			st.Landlock = sandbox.StatePartial
			what = serr.Error()
		}
		if detail != "" {
			detail += "; "
		}
		detail += what
	}
	args := starlark.Tuple{
		starlark.Bool(st.NoNewPrivs), starlark.String(st.Landlock), starlark.MakeInt(st.ABI),
		starlark.Bool(st.FS), starlark.Bool(st.Net), starlark.String(detail),
	}
	if lerr := reg.AuditLaunchers(EventSandbox, args); lerr != nil {
		fmt.Fprintf(stderr, "spython: %v\n", lerr)
		return false, ExitLog
	}
	complete := err == nil && (!ll || st.Landlock == sandbox.StateApplied)
	if sb.Landlock == policy.LandlockEnforce && !complete {
		fmt.Fprintf(stderr, "spython: refused: the policy requires a Landlock sandbox this host cannot apply: %s\n", detail)
		return false, ExitRefused
	}
	if err != nil && !ll {
		// no_new_privs alone was asked for and failed: nothing else depends
		// on it, and the failure is in the log.
		return false, 0
	}
	return st.FS, 0
}

// httpsPaths are what urlopen reads for https after the sandbox is
// applied: the CA bundle (read once, at the first https request). Only
// those present, so that the sandbox event does not list the other
// distributions' bundles as missing.
func httpsPaths() []string {
	var out []string
	for _, p := range urllib.CABundles {
		if _, err := os.Lstat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func ports(list []int) []uint16 {
	out := make([]uint16, 0, len(list))
	for _, p := range list {
		out = append(out, uint16(p))
	}
	return out
}

// sinkPorts keeps the TCP collector reachable: a reconnect after the
// sandbox is applied must not lose records.
func sinkPorts(pol *policy.Policy) []uint16 {
	var out []uint16
	for _, s := range pol.Log.Sinks {
		if s.Kind != "tcp" {
			continue
		}
		if _, port, err := net.SplitHostPort(s.Address); err == nil {
			if n, err := strconv.Atoi(port); err == nil && n > 0 && n < 65536 {
				out = append(out, uint16(n))
			}
		}
	}
	return out
}
