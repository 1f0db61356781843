package sandbox

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Config is what to restrict.
type Config struct {
	NoNewPrivs bool
	// Landlock turns Landlock on; Read and Write are the paths left
	// reachable (Read: read and execute; Write: everything).
	Landlock    bool
	Read, Write []string
	// RestrictNet restricts TCP to ConnectTCP and BindTCP (ABI 4+).
	RestrictNet         bool
	ConnectTCP, BindTCP []uint16
}

// Status reports what Apply did; the launcher logs it.
type Status struct {
	NoNewPrivs bool   // PR_SET_NO_NEW_PRIVS is set on every thread
	ABI        int    // the kernel's Landlock ABI, 0 when unavailable
	Landlock   string // off, applied, partial or unavailable
	FS, Net    bool   // the filesystem / TCP are restricted
	Detail     string // why something was not applied, or skipped paths
}

// Landlock states in Status.
const (
	StateOff         = "off"
	StateApplied     = "applied"
	StatePartial     = "partial" // applied, but without something asked for (see Detail)
	StateUnavailable = "unavailable"
)

// ErrUnavailable is returned (wrapped) when Landlock was asked for but
// could not be applied at all.
var ErrUnavailable = errors.New("landlock unavailable")

// Apply restricts the whole process. It returns an error only when
// something it attempted failed part-way or could not be attempted; the
// caller decides whether that is fatal (policy landlock: enforce).
func Apply(cfg Config) (Status, error) {
	st := Status{Landlock: StateOff}
	if !cfg.NoNewPrivs && !cfg.Landlock {
		return st, nil
	}
	// Landlock requires no_new_privs unless the caller has CAP_SYS_ADMIN;
	// set it regardless, so that root and non-root runs behave alike.
	if err := allThreads(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0); err != nil {
		if cfg.Landlock {
			st.Landlock = StateUnavailable
		}
		return st, fmt.Errorf("sandbox: prctl(PR_SET_NO_NEW_PRIVS): %w", err)
	}
	st.NoNewPrivs = true
	if !cfg.Landlock {
		return st, nil
	}
	st.ABI = ABI()
	if st.ABI < 1 {
		st.Landlock = StateUnavailable
		st.Detail = "the kernel does not offer Landlock"
		return st, fmt.Errorf("sandbox: %w: %s", ErrUnavailable, st.Detail)
	}
	rs, skipped, err := rules(cfg, st.ABI)
	if err == nil {
		// go-landlock restricts every thread: with
		// LANDLOCK_RESTRICT_SELF_TSYNC on kernels that have it (ABI 8),
		// else through psx (syscall.AllThreadsSyscall in a binary
		// without cgo).
		err = landlockConfig(cfg).Restrict(rs...)
	}
	if err != nil {
		st.Landlock = StateUnavailable
		st.Detail = err.Error()
		return st, fmt.Errorf("sandbox: %w: %v", ErrUnavailable, err)
	}
	st.FS, st.Net = true, cfg.RestrictNet && st.ABI >= 4
	st.Landlock = StateApplied
	var notes []string
	if cfg.RestrictNet && !st.Net {
		notes = append(notes, fmt.Sprintf("TCP not restricted (needs Landlock ABI 4, kernel has %d)", st.ABI))
		st.Landlock = StatePartial
	}
	if len(skipped) > 0 {
		notes = append(notes, "paths not found: "+strings.Join(skipped, ", "))
	}
	st.Detail = strings.Join(notes, "; ")
	return st, nil
}

// allThreads runs a syscall on every thread of the process. Go's
// AllThreadsSyscall refuses in a cgo binary (ENOTSUP).
func allThreads(trap, a1, a2, a3 uintptr) error {
	_, _, e := syscall.AllThreadsSyscall(trap, a1, a2, a3)
	if e != 0 {
		if e == syscall.ENOTSUP {
			return fmt.Errorf("%w (a cgo binary cannot change every thread; build with CGO_ENABLED=0)", e)
		}
		return e
	}
	return nil
}
