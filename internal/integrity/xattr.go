package integrity

import (
	"bytes"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// checkXattr compares sum with the hex SHA-256 stored in the first of names
// the file carries, read from the same descriptor the bytes came from.
func checkXattr(f *os.File, names []string, sum [32]byte) string {
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
	return checkXattr(f, []string{name}, [32]byte(sha256Sum(data)))
}
