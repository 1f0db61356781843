// Package trusted opens the files that spython trusts (the system policy,
// the integrity manifest, the chain key, the CA bundle) the one safe way:
// opened without following a final symlink and without blocking, checked
// on the descriptor (regular file, owner, mode bits, size), and used
// through that same descriptor, so there is no window between the check
// and the use.
package trusted

import (
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// Rules say what makes a file trustworthy.
type Rules struct {
	RootOwned  bool   // the owner must be uid 0
	RootOrSelf bool   // the owner must be uid 0 or this process's effective uid
	Forbidden  uint32 // permission bits that must be clear (0o022: not group/world-writable)
	MaxSize    int64  // the file may hold at most this many bytes
}

// ErrSymlink is returned for a symlink at the path.
var ErrSymlink = errors.New("is a symlink")

// Open opens the file and checks it against the rules on its descriptor.
// A missing file is reported with an error that matches fs.ErrNotExist.
func Open(path string, r Rules) (*os.File, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if errors.Is(err, unix.ELOOP) {
		return nil, ErrSymlink
	}
	if err != nil {
		return nil, err // an Errno: errors.Is(err, fs.ErrNotExist) works
	}
	f := os.NewFile(uintptr(fd), path)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		f.Close()
		return nil, err
	}
	if err := r.check(&st); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (r Rules) check(st *unix.Stat_t) error {
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return errors.New("not a regular file")
	case r.RootOwned && st.Uid != 0:
		return fmt.Errorf("owned by uid %d, not root", st.Uid)
	case r.RootOrSelf && st.Uid != 0 && int(st.Uid) != os.Geteuid():
		return fmt.Errorf("owned by uid %d, neither root nor this user", st.Uid)
	case st.Mode&r.Forbidden&0o022 != 0:
		return fmt.Errorf("writable by group or others (mode %04o)", st.Mode&0o7777)
	case st.Mode&r.Forbidden != 0:
		return fmt.Errorf("readable by group or others (mode %04o)", st.Mode&0o7777)
	case st.Size > r.MaxSize:
		return fmt.Errorf("larger than %d bytes", r.MaxSize)
	}
	return nil
}

// Read returns the file's bytes if it follows the rules. A missing file is
// reported with an error that matches fs.ErrNotExist.
func Read(path string, r Rules) ([]byte, error) {
	f, err := Open(path, r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, r.MaxSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > r.MaxSize {
		return nil, fmt.Errorf("larger than %d bytes", r.MaxSize)
	}
	return data, nil
}
