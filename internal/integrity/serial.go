package integrity

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// checkSerial refuses a manifest serial lower than the highest recorded in
// the state file, and records a higher one. The state file must be a
// regular file owned by root that group and others cannot write; root
// creates it (and its directory) on first use. A run that is not root
// cannot record anything: it checks against the file when there is one,
// and without one only the manifest's expiry bounds a replay
// (docs/integrity.md, "Rollback").
func checkSerial(state string, serial uint64) error {
	root := os.Geteuid() == 0
	flags := unix.O_RDONLY
	if root {
		flags = unix.O_RDWR | unix.O_CREAT
		if err := os.MkdirAll(filepath.Dir(state), 0o755); err != nil {
			return fmt.Errorf("serial state %s: %w", state, err)
		}
	}
	fd, err := unix.Open(state, flags|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0o644)
	if !root && errors.Is(err, unix.ENOENT) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("serial state %s: %w", state, err)
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fmt.Errorf("serial state %s: %w", state, err)
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return fmt.Errorf("serial state %s: not a regular file", state)
	case st.Uid != 0:
		return fmt.Errorf("serial state %s: owned by uid %d, not root", state, st.Uid)
	case st.Mode&0o022 != 0:
		return fmt.Errorf("serial state %s: writable by group or others (mode %04o)", state, st.Mode&0o7777)
	}
	how := unix.LOCK_SH
	if root {
		how = unix.LOCK_EX
	}
	if err := flock(fd, how); err != nil {
		return fmt.Errorf("serial state %s: %w", state, err)
	}
	defer unix.Flock(fd, unix.LOCK_UN)
	var buf [32]byte
	n, err := unix.Pread(fd, buf[:], 0)
	if err != nil {
		return fmt.Errorf("serial state %s: %w", state, err)
	}
	var high uint64
	if txt := strings.TrimSpace(string(buf[:n])); txt != "" {
		if high, err = strconv.ParseUint(txt, 10, 64); err != nil {
			return fmt.Errorf("serial state %s: not a serial: %q", state, txt)
		}
	}
	if serial < high {
		return fmt.Errorf("serial %d is lower than %d, the highest this host has accepted: an older manifest was put back (rollback)", serial, high)
	}
	if root && serial > high {
		b := []byte(strconv.FormatUint(serial, 10) + "\n")
		if err := unix.Ftruncate(fd, 0); err != nil {
			return fmt.Errorf("serial state %s: %w", state, err)
		}
		if _, err := unix.Pwrite(fd, b, 0); err != nil {
			return fmt.Errorf("serial state %s: %w", state, err)
		}
		if err := unix.Fdatasync(fd); err != nil {
			return fmt.Errorf("serial state %s: %w", state, err)
		}
	}
	return nil
}

func flock(fd, how int) error {
	deadline := time.Now().Add(time.Second)
	for {
		err := unix.Flock(fd, how|unix.LOCK_NB)
		if err == nil || !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			return err
		}
		if time.Now().After(deadline) {
			return errors.New("locked by another process for 1s")
		}
		time.Sleep(time.Millisecond)
	}
}
