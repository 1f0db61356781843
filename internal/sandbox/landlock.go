package sandbox

import (
	"errors"
	"fmt"
	"os"

	"github.com/landlock-lsm/go-landlock/landlock"
	llsys "github.com/landlock-lsm/go-landlock/landlock/syscall"
	"golang.org/x/sys/unix"
)

// Filesystem rights by the ABI that introduced them. The library
// (github.com/landlock-lsm/go-landlock, best-effort mode) drops what the
// running kernel does not know; fsRights says what that leaves, for the
// record and for the one case the library would handle differently (see
// rules).
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
)

// fsRights returns the filesystem rights the ABI can restrict. ABI 4 added
// TCP and ABI 6 scopes, ABI 7 logging flags: no new filesystem rights. The
// rights of later ABIs (pathname UNIX sockets, ABI 9) are not handled: the
// native sinks reconnect to journald's and syslog's sockets after the
// sandbox is applied, and the policy does not describe them.
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

// ABI returns the kernel's Landlock ABI version, or 0 when Landlock is not
// available (not built in, disabled at boot, or blocked by seccomp).
func ABI() int {
	v, err := llsys.LandlockGetABIVersion()
	if err != nil || v < 0 {
		return 0
	}
	return v
}

// landlockConfig is the ruleset spython asks for, in best-effort mode:
// every filesystem right up to ABI 5 and, when the policy restricts the
// network, TCP bind and connect (ABI 4); no scopes (signal and
// abstract-socket scoping are not what the policy describes).
func landlockConfig(cfg Config) landlock.Config {
	c := landlock.Config{HandledAccessFS: landlock.AccessFSSet(fsV5)}
	if cfg.RestrictNet {
		c.HandledAccessNet = landlock.AccessNetSet(netTCP)
	}
	return c.BestEffort()
}

// rules turns the paths and ports into go-landlock rules. Read paths get
// read and execute, write paths every right the kernel handles. A path
// that is a file gets only the rights that apply to files (the kernel
// refuses directory rights on a file). A path that does not exist grants
// nothing and is not an error, so a policy can list paths only some hosts
// have; it is reported in skipped.
func rules(cfg Config, abi int) (out []landlock.Rule, skipped []string, err error) {
	write := fsRights(5)
	if abi < 2 {
		// REFER cannot be granted on ABI 1 (reparenting is always
		// denied there), and go-landlock would then apply nothing at
		// all rather than drop it.
		write &^= unix.LANDLOCK_ACCESS_FS_REFER
	}
	add := func(paths []string, rights uint64) error {
		var dirs, files []string
		for _, p := range paths {
			st, err := os.Stat(p)
			if errors.Is(err, os.ErrNotExist) {
				skipped = append(skipped, p)
				continue
			}
			if err != nil {
				return fmt.Errorf("sandbox path %s: %w", p, err)
			}
			if st.IsDir() {
				dirs = append(dirs, p)
			} else {
				files = append(files, p)
			}
		}
		// A path removed between the Stat above and go-landlock's open
		// (an entry of /tmp that Without listed) is skipped, not fatal:
		// otherwise best_effort would run with no sandbox at all.
		if len(dirs) > 0 {
			out = append(out, landlock.PathAccess(landlock.AccessFSSet(rights), dirs...).IgnoreIfMissing())
		}
		if len(files) > 0 {
			out = append(out, landlock.PathAccess(landlock.AccessFSSet(rights&fsFileRights), files...).IgnoreIfMissing())
		}
		return nil
	}
	if err := add(cfg.Read, fsReadRights); err != nil {
		return nil, nil, err
	}
	if err := add(cfg.Write, write); err != nil {
		return nil, nil, err
	}
	if cfg.RestrictNet {
		for _, port := range cfg.ConnectTCP {
			out = append(out, landlock.ConnectTCP(port))
		}
		for _, port := range cfg.BindTCP {
			out = append(out, landlock.BindTCP(port))
		}
	}
	return out, skipped, nil
}
