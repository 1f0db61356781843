package sandbox

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Filesystem rights by the ABI that introduced them.
const (
	fsV1 = unix.LANDLOCK_ACCESS_FS_EXECUTE | unix.LANDLOCK_ACCESS_FS_WRITE_FILE |
		unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_READ_DIR |
		unix.LANDLOCK_ACCESS_FS_REMOVE_DIR | unix.LANDLOCK_ACCESS_FS_REMOVE_FILE |
		unix.LANDLOCK_ACCESS_FS_MAKE_CHAR | unix.LANDLOCK_ACCESS_FS_MAKE_DIR |
		unix.LANDLOCK_ACCESS_FS_MAKE_REG | unix.LANDLOCK_ACCESS_FS_MAKE_SOCK |
		unix.LANDLOCK_ACCESS_FS_MAKE_FIFO | unix.LANDLOCK_ACCESS_FS_MAKE_BLOCK |
		unix.LANDLOCK_ACCESS_FS_MAKE_SYM
	fsV2 = fsV1 | unix.LANDLOCK_ACCESS_FS_REFER
	fsV3 = fsV2 | unix.LANDLOCK_ACCESS_FS_TRUNCATE
	fsV5 = fsV3 | unix.LANDLOCK_ACCESS_FS_IOCTL_DEV

	// Rights that make sense on a file (the kernel rejects the others).
	fsFileRights = unix.LANDLOCK_ACCESS_FS_EXECUTE | unix.LANDLOCK_ACCESS_FS_WRITE_FILE |
		unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_TRUNCATE |
		unix.LANDLOCK_ACCESS_FS_IOCTL_DEV
	fsReadRights = unix.LANDLOCK_ACCESS_FS_EXECUTE | unix.LANDLOCK_ACCESS_FS_READ_FILE |
		unix.LANDLOCK_ACCESS_FS_READ_DIR

	netTCP = unix.LANDLOCK_ACCESS_NET_BIND_TCP | unix.LANDLOCK_ACCESS_NET_CONNECT_TCP

	// landlockTSync restricts every thread (ABI 8); x/sys names it
	// LANDLOCK_RESTRICT_SELF_TSYNC.
	tsyncABI = 8
)

// fsRights returns the filesystem rights the ABI can restrict. ABI 4 added
// TCP and ABI 6 scopes, ABI 7 logging flags: no new filesystem rights.
func fsRights(abi int) uint64 {
	switch {
	case abi >= 5:
		return fsV5
	case abi >= 3:
		return fsV3
	case abi == 2:
		return fsV2
	}
	return fsV1
}

// rulesetAttr is struct landlock_ruleset_attr up to ABI 6 (scoped, left
// zero: signal and abstract-socket scoping would break nothing spython
// does, but they are not what the policy describes).
type rulesetAttr struct {
	handledFS  uint64
	handledNet uint64
	scoped     uint64
}

// ruleNetPort is LANDLOCK_RULE_NET_PORT (not in x/sys).
const ruleNetPort = 2

type ruleset struct {
	fd      int
	net     bool     // TCP is restricted
	skipped []string // paths that do not exist
}

// buildRuleset creates the ruleset and adds a rule per path and port.
func buildRuleset(cfg Config, abi int) (*ruleset, error) {
	handled := fsRights(abi)
	attr := rulesetAttr{handledFS: handled}
	rs := &ruleset{}
	if cfg.RestrictNet && abi >= 4 {
		attr.handledNet = netTCP
		rs.net = true
	}
	// The struct grew with the ABI; pass only the fields this kernel knows.
	size := unsafe.Sizeof(attr)
	if abi < 4 {
		size = unsafe.Offsetof(attr.handledNet)
	}
	fd, _, e := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, uintptr(unsafe.Pointer(&attr)), size, 0)
	if e != 0 {
		return nil, fmt.Errorf("landlock_create_ruleset: %w", e)
	}
	rs.fd = int(fd)
	fail := func(err error) (*ruleset, error) {
		unix.Close(rs.fd)
		return nil, err
	}
	for _, p := range cfg.Read {
		if err := rs.addPath(p, fsReadRights&handled); err != nil {
			return fail(err)
		}
	}
	for _, p := range cfg.Write {
		if err := rs.addPath(p, handled); err != nil {
			return fail(err)
		}
	}
	if rs.net {
		for _, port := range cfg.ConnectTCP {
			if err := rs.addPort(port, unix.LANDLOCK_ACCESS_NET_CONNECT_TCP); err != nil {
				return fail(err)
			}
		}
		for _, port := range cfg.BindTCP {
			if err := rs.addPort(port, unix.LANDLOCK_ACCESS_NET_BIND_TCP); err != nil {
				return fail(err)
			}
		}
	}
	return rs, nil
}

func (rs *ruleset) addPath(path string, rights uint64) error {
	fd, err := unix.Open(path, unix.O_PATH|unix.O_CLOEXEC, 0)
	if errors.Is(err, unix.ENOENT) {
		// A path that does not exist grants nothing; not an error, so a
		// policy can list paths that only some hosts have.
		rs.skipped = append(rs.skipped, path)
		return nil
	}
	if err != nil {
		return fmt.Errorf("sandbox path %s: %w", path, err)
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fmt.Errorf("sandbox path %s: %w", path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		rights &= fsFileRights
	}
	attr := unix.LandlockPathBeneathAttr{Allowed_access: rights, Parent_fd: int32(fd)}
	_, _, e := unix.Syscall6(unix.SYS_LANDLOCK_ADD_RULE, uintptr(rs.fd), unix.LANDLOCK_RULE_PATH_BENEATH,
		uintptr(unsafe.Pointer(&attr)), 0, 0, 0)
	if e != 0 {
		return fmt.Errorf("landlock_add_rule %s: %w", path, e)
	}
	return nil
}

// netPortAttr is struct landlock_net_port_attr.
type netPortAttr struct {
	allowedAccess uint64
	port          uint64
}

func (rs *ruleset) addPort(port uint16, right uint64) error {
	attr := netPortAttr{allowedAccess: right, port: uint64(port)}
	_, _, e := unix.Syscall6(unix.SYS_LANDLOCK_ADD_RULE, uintptr(rs.fd), ruleNetPort,
		uintptr(unsafe.Pointer(&attr)), 0, 0, 0)
	if e != 0 {
		return fmt.Errorf("landlock_add_rule tcp port %d: %w", port, e)
	}
	return nil
}

// restrictSelf enforces the ruleset on every thread of the process.
func restrictSelf(fd, abi int) error {
	if abi >= tsyncABI {
		_, _, e := unix.Syscall(unix.SYS_LANDLOCK_RESTRICT_SELF, uintptr(fd), unix.LANDLOCK_RESTRICT_SELF_TSYNC, 0)
		if e == 0 {
			return nil
		}
		if e != unix.EINVAL {
			return fmt.Errorf("landlock_restrict_self: %w", e)
		}
	}
	if err := allThreads(unix.SYS_LANDLOCK_RESTRICT_SELF, uintptr(fd), 0, 0); err != nil {
		return fmt.Errorf("landlock_restrict_self: %w", err)
	}
	return nil
}
