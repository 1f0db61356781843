package integrity

import (
	"os"
	"slices"
	"strconv"

	"golang.org/x/sys/unix"
)

// checkFile applies the file backend to the open descriptor: a regular
// file, not writable by group or others, owned by an allowed uid, and not
// on a noexec mount unless the policy allows it.
func checkFile(f *os.File, uids []int, allowNoexec bool) string {
	var st unix.Stat_t
	var sfs unix.Statfs_t
	var serr, ferr error
	if err := withFD(f, func(fd int) {
		serr = unix.Fstat(fd, &st)
		ferr = unix.Fstatfs(fd, &sfs)
	}); err != nil {
		return "file: " + err.Error()
	}
	switch {
	case serr != nil:
		return "file: cannot stat: " + serr.Error()
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return "file: not a regular file"
	case st.Mode&0o022 != 0:
		return "file: writable by group or others (mode " + strconv.FormatUint(uint64(st.Mode&0o7777), 8) + ")"
	case !slices.Contains(uids, int(st.Uid)):
		return "file: owned by uid " + strconv.FormatUint(uint64(st.Uid), 10) + ", not an allowed owner"
	case ferr != nil:
		return "file: cannot statfs: " + ferr.Error()
	case !allowNoexec && sfs.Flags&unix.ST_NOEXEC != 0:
		return "file: on a noexec mount"
	}
	return ""
}
