// Package trusted reads small configuration files that spython trusts
// (the system policy, the integrity manifest, the chain key) the one safe
// way: opened without following a final symlink and without blocking,
// checked on the descriptor (regular file, owner, mode bits, size), and
// read from that same descriptor, so there is no window between the check
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
	RootOwned bool   // the owner must be uid 0
	Forbidden uint32 // permission bits that must be clear (0o022: not group/world-writable)
	MaxSize   int64  // the file may hold at most this many bytes
}

// ErrSymlink is returned for a symlink at the path.
var ErrSymlink = errors.New("is a symlink")

// Read returns the file's bytes if it follows the rules. A missing file is
// reported with an error that matches fs.ErrNotExist.
func Read(path string, r Rules) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if errors.Is(err, unix.ELOOP) {
		return nil, ErrSymlink
	}
	if err != nil {
		return nil, err // an Errno: errors.Is(err, fs.ErrNotExist) works
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, err
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return nil, errors.New("not a regular file")
	case r.RootOwned && st.Uid != 0:
		return nil, fmt.Errorf("owned by uid %d, not root", st.Uid)
	case st.Mode&r.Forbidden&0o022 != 0:
		return nil, fmt.Errorf("writable by group or others (mode %04o)", st.Mode&0o7777)
	case st.Mode&r.Forbidden != 0:
		return nil, fmt.Errorf("readable by group or others (mode %04o)", st.Mode&0o7777)
	case st.Size > r.MaxSize:
		return nil, fmt.Errorf("larger than %d bytes", r.MaxSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, r.MaxSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > r.MaxSize {
		return nil, fmt.Errorf("larger than %d bytes", r.MaxSize)
	}
	return data, nil
}
