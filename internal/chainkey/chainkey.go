// Package chainkey takes the log chain key for one run from the policy's
// key file, and for a forward-secure key moves the file on to the next
// epoch before the run writes anything (docs/log-format.md,
// "Forward-secure key").
package chainkey

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/record"
)

// Take returns the key this run chains with. The file must be a regular
// file owned by root that group and others can neither read nor write,
// with one link, opened without following a symlink and checked on the
// descriptor it is read from. A plain key is returned as it is. A
// forward-secure key is returned for its epoch after the file has been
// overwritten in place, under an exclusive flock (concurrent runs each get
// their own epoch), with the next epoch's key and synced: from then on the
// disk holds no key that can seal this epoch or any earlier one.
func Take(path string) (*record.Key, error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if errors.Is(err, unix.EROFS) {
		// A read-only key can still be a plain key; a forward-secure one
		// is refused below, since it cannot be moved on.
		fd, err = unix.Open(path, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	}
	if errors.Is(err, unix.ELOOP) {
		return nil, errors.New("is a symlink")
	}
	if errors.Is(err, unix.EISDIR) {
		return nil, errors.New("not a regular file")
	}
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, err
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return nil, errors.New("not a regular file")
	case st.Uid != 0:
		return nil, fmt.Errorf("owned by uid %d, not root", st.Uid)
	case st.Mode&0o077 != 0:
		return nil, fmt.Errorf("group or others have access (mode %04o)", st.Mode&0o7777)
	case st.Nlink != 1:
		return nil, fmt.Errorf("has %d links", st.Nlink)
	case st.Size > record.MaxKeyLen:
		return nil, fmt.Errorf("larger than %d bytes", record.MaxKeyLen)
	}
	if err := lock(fd); err != nil {
		return nil, err
	}
	defer unix.Flock(fd, unix.LOCK_UN)
	buf := make([]byte, record.MaxKeyLen+1)
	n, err := unix.Pread(fd, buf, 0)
	if err != nil {
		return nil, err
	}
	k, err := record.ParseKey(buf[:n])
	clear(buf)
	if err != nil || !k.FSS {
		return k, err
	}
	next := k.Next().Marshal()
	if w, err := unix.Pwrite(fd, next, 0); err != nil || w != len(next) {
		if err == nil {
			err = fmt.Errorf("short write (%d of %d bytes)", w, len(next))
		}
		return nil, fmt.Errorf("cannot move the forward-secure key to the next epoch: %w", err)
	}
	if err := unix.Fdatasync(fd); err != nil {
		return nil, fmt.Errorf("cannot move the forward-secure key to the next epoch: %w", err)
	}
	clear(next)
	return k, nil
}

// lock takes an exclusive flock, waiting at most a second: another run
// holds it only while it moves the key on.
func lock(fd int) error {
	deadline := time.Now().Add(time.Second)
	for {
		err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err == nil || !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			return err
		}
		if time.Now().After(deadline) {
			return errors.New("locked by another process for 1s")
		}
		time.Sleep(time.Millisecond)
	}
}
