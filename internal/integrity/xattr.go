package integrity

import (
	"bytes"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// checkXattr compares sum with the hex SHA-256 stored in the first of names
// the file carries, read from the same descriptor the bytes came from. A
// user.* attribute can be set by the file's owner, so it is believed only
// on a file owned by root or one of owners that neither group nor others
// can write (the file's owner stands behind the label). A trusted.*
// attribute needs CAP_SYS_ADMIN to set and is believed on any file.
func checkXattr(f *os.File, names []string, owners []int, sum [32]byte) string {
	want := []byte(hex.EncodeToString(sum[:]))
	for _, name := range names {
		val, err := GetXattr(f, name)
		switch {
		case errors.Is(err, unix.ENODATA):
			continue
		case errors.Is(err, unix.ENOTSUP):
			return "xattr: the file system does not support extended attributes (" + name + ")"
		case err != nil:
			return "xattr: cannot read " + name + ": " + err.Error()
		}
		if strings.HasPrefix(name, "user.") {
			if reason := userLabelOwner(f, name, owners); reason != "" {
				return reason
			}
		}
		// CPython's sample writes the lowercase hex digest; tolerate a
		// trailing NUL written by C tools.
		val = bytes.TrimSuffix(val, []byte{0})
		if subtle.ConstantTimeCompare(bytes.ToLower(val), want) != 1 {
			return "xattr: " + name + " does not match the file's SHA-256 (" + short(sum) + "…)"
		}
		return ""
	}
	return "xattr: no hash attribute (" + strings.Join(names, ", ") + ")"
}

// userLabelOwner reports why a user.* label on f is not to be believed
// (empty when it is): checked on the descriptor the bytes came from.
func userLabelOwner(f *os.File, name string, owners []int) string {
	var st unix.Stat_t
	var err error
	if cerr := withFD(f, func(fd int) { err = unix.Fstat(fd, &st) }); cerr != nil {
		err = cerr
	}
	if err != nil {
		return "xattr: " + err.Error()
	}
	if st.Uid != 0 && !slices.Contains(owners, int(st.Uid)) {
		return fmt.Sprintf("xattr: %s is a user.* label, which the file's owner can set, and the file is owned by uid %d, not root or an owner in xattr_owners", name, st.Uid)
	}
	if st.Mode&0o022 != 0 {
		return fmt.Sprintf("xattr: %s is a user.* label and the file is writable by group or others (mode %04o)", name, st.Mode&0o7777)
	}
	return ""
}

// GetXattr reads one extended attribute through f's descriptor.
func GetXattr(f *os.File, name string) ([]byte, error) {
	buf := make([]byte, 256)
	var n int
	var err error
	if cerr := withFD(f, func(fd int) { n, err = unix.Fgetxattr(fd, name, buf) }); cerr != nil {
		return nil, cerr
	}
	if errors.Is(err, unix.ERANGE) {
		return nil, errors.New("attribute value too long for a SHA-256")
	}
	if err != nil {
		return nil, err
	}
	return buf[:n], nil
}

// SetXattr stores the hex digest of data on f (used by spython-admin).
func SetXattr(f *os.File, name string, data []byte) error {
	var err error
	if cerr := withFD(f, func(fd int) { err = unix.Fsetxattr(fd, name, []byte(Digest(data)), 0) }); cerr != nil {
		return cerr
	}
	return err
}

// CheckXattr reports why data, read from f, does not match its attribute
// (empty when it does). Used by spython-admin.
func CheckXattr(f *os.File, name string, data []byte) string {
	return checkXattr(f, []string{name}, nil, [32]byte(sha256Sum(data)))
}
