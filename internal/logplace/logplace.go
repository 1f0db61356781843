// Package logplace decides where a script's audit log goes and opens it
// there safely (spec §5, amendment 1).
//
// Beside the script (the default): <script>.log.
//
// In a log directory named by the policy (log.dir, which the root-owned
// system policy may set): <dir>/<uid>/<escaped absolute script path>.log,
// where uid is the effective uid of the run and the escaping is
// systemd-escape --path's, so that two scripts never share a log and a
// log's name says which script it is. Users are kept apart by the per-uid
// subdirectory: each run creates (or finds) its own subdirectory, which must
// be owned by its uid and not writable by group or others; the log in it is
// created 0600 and must be owned by the same uid. The directory itself must
// be owned by root (or by the running user) and, when group or others may
// write it (mode 1733, so that users can create their subdirectories), must
// be sticky, so that no user can remove or rename another's subdirectory.
//
// Every step is taken relative to a descriptor opened with O_NOFOLLOW, from
// "/" down, so no symlink anywhere in the path is followed and nothing can
// be swapped between a check and the open.
package logplace

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/sink"
)

// Escape returns path as `systemd-escape --path` writes it: the path is
// cleaned, leading and trailing slashes are dropped, "/" becomes "-", and
// every byte other than ASCII letters, digits, ":", "_" and "." (and a
// leading ".") becomes \xNN. "/" alone is "-". The result is one file name
// that maps back to exactly one path.
func Escape(path string) string {
	p := strings.Trim(filepath.Clean("/"+path), "/")
	if p == "" {
		return "-"
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '/':
			b.WriteByte('-')
		case c == '.' && i == 0:
			fmt.Fprintf(&b, `\x%02x`, c)
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == ':', c == '_', c == '.':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, `\x%02x`, c)
		}
	}
	return b.String()
}

// nameMax is the longest file name Linux file systems accept (NAME_MAX).
const nameMax = 255

// FileName is the log's name in a log directory: Escape(absScript)+".log".
// A name longer than NAME_MAX keeps its first bytes and ends with the
// SHA-256 of the absolute path, which keeps it unique.
func FileName(absScript string) string {
	name := Escape(absScript) + ".log"
	if len(name) <= nameMax {
		return name
	}
	sum := sha256.Sum256([]byte(absScript))
	const keep = nameMax - len("-") - 2*sha256.Size - len(".log")
	return Escape(absScript)[:keep] + "-" + hex.EncodeToString(sum[:]) + ".log"
}

// Path returns where the log of absScript goes: beside it when dir is
// empty, else in dir's subdirectory for uid.
func Path(dir, absScript string, uid int) string {
	if dir == "" {
		return absScript + ".log"
	}
	return filepath.Join(dir, strconv.Itoa(uid), FileName(absScript))
}

// Error is a log directory that cannot be used; the launcher adds which
// policy setting names the directory.
type Error struct {
	Path string // the directory or file at fault
	Msg  string
}

func (e *Error) Error() string { return "log directory " + e.Path + ": " + e.Msg }

// Open opens the log of absScript for appending, beside it when dir is
// empty, else in dir (see the package comment). It returns the log's path
// with the file, also on error, for the record of the failure.
func Open(dir, absScript string) (*sink.File, string, error) {
	uid := os.Geteuid()
	path := Path(dir, absScript, uid)
	if dir == "" {
		f, err := sink.OpenFile(path)
		return f, path, err
	}
	sub, err := userDir(dir, uid)
	if err != nil {
		return nil, path, err
	}
	defer unix.Close(sub)
	f, err := sink.OpenFileAt(sub, FileName(absScript), path)
	return f, path, err
}

// userDir opens (creating when missing) dir/<uid> and returns an O_PATH
// descriptor for it after checking dir and the subdirectory.
func userDir(dir string, uid int) (int, error) {
	if !filepath.IsAbs(dir) {
		return -1, &Error{dir, "not an absolute path"}
	}
	d, err := walk(filepath.Clean(dir))
	if err != nil {
		return -1, err
	}
	defer unix.Close(d)
	var st unix.Stat_t
	if err := unix.Fstat(d, &st); err != nil {
		return -1, &Error{dir, err.Error()}
	}
	if err := checkTop(&st, uid); err != nil {
		return -1, &Error{dir, err.Error()}
	}
	name := strconv.Itoa(uid)
	subPath := filepath.Join(dir, name)
	// The mode is final: umask only removes bits, and 0700 needs none.
	if err := unix.Mkdirat(d, name, 0o700); err != nil && !errors.Is(err, unix.EEXIST) {
		return -1, &Error{subPath, "cannot create the per-user directory: " + err.Error() + hintCreate(&st)}
	}
	sub, err := unix.Openat(d, name, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.ENOTDIR) {
			return -1, &Error{subPath, "not a directory (a symlink or another file is in the way; root should remove it)"}
		}
		return -1, &Error{subPath, err.Error()}
	}
	if err := unix.Fstat(sub, &st); err != nil {
		unix.Close(sub)
		return -1, &Error{subPath, err.Error()}
	}
	if err := checkSub(&st, uid); err != nil {
		unix.Close(sub)
		return -1, &Error{subPath, err.Error()}
	}
	return sub, nil
}

// walk opens dir one component at a time from "/" with O_NOFOLLOW and
// returns an O_PATH descriptor for it. O_PATH needs search permission only,
// so a directory of mode 1733 (not listable) can be opened.
func walk(dir string) (int, error) {
	fd, err := unix.Open("/", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, &Error{dir, err.Error()}
	}
	at := "/"
	for _, c := range strings.Split(strings.Trim(dir, "/"), "/") {
		if c == "" {
			continue
		}
		at = filepath.Join(at, c)
		next, err := unix.Openat(fd, c, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		unix.Close(fd)
		switch {
		case errors.Is(err, unix.ELOOP), errors.Is(err, unix.ENOTDIR):
			return -1, &Error{dir, at + " is a symlink or not a directory"}
		case errors.Is(err, unix.ENOENT):
			return -1, &Error{dir, at + " does not exist (root creates the log directory, mode 1733)"}
		case err != nil:
			return -1, &Error{dir, at + ": " + err.Error()}
		}
		fd = next
	}
	return fd, nil
}

// checkTop checks the log directory itself: owned by root (or by the
// running user, for a personal log directory), and, if group or others may
// write it, sticky, so that only a subdirectory's owner (or root) can
// remove or rename it.
func checkTop(st *unix.Stat_t, uid int) error {
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFDIR:
		return errors.New("not a directory")
	case st.Uid != 0 && int(st.Uid) != uid:
		return fmt.Errorf("owned by uid %d, neither root nor this user (%d)", st.Uid, uid)
	case st.Mode&0o022 != 0 && st.Mode&unix.S_ISVTX == 0:
		return fmt.Errorf("writable by group or others but not sticky (mode %04o; want 1733)", st.Mode&0o7777)
	}
	return nil
}

// checkSub checks the per-user subdirectory: owned by the user and not
// writable by anyone else. A subdirectory another user created first is
// refused (not used, not "fixed"): it is reported, and root removes it.
func checkSub(st *unix.Stat_t, uid int) error {
	switch {
	case int(st.Uid) != uid:
		return fmt.Errorf("owned by uid %d, not by the user running spython (%d); root should remove it", st.Uid, uid)
	case st.Mode&0o022 != 0:
		return fmt.Errorf("writable by group or others (mode %04o)", st.Mode&0o7777)
	}
	return nil
}

// hintCreate says how root lets users create their subdirectories.
func hintCreate(top *unix.Stat_t) string {
	if top.Mode&0o003 != 0o003 {
		return fmt.Sprintf(" (the log directory has mode %04o: root makes it 1733, or creates the subdirectory owned by the user, mode 0700)", top.Mode&0o7777)
	}
	return ""
}
