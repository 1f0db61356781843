package launcher

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// EventDescendantsKilled is written before spython.run_end when processes
// the script started (children, their children, a daemon that left the
// session with setsid) were still alive when the run ended, and were
// killed: (count, pids).
const EventDescendantsKilled = "spython.descendants_killed"

// becomeSubreaper makes spython the child subreaper of everything the
// script starts: an orphaned descendant (its parent exited, a setsid
// double fork) is re-parented to spython rather than to init, so it stays
// in spython's process tree and is found at the end of the run.
func becomeSubreaper() {
	_ = unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) // Linux >= 3.4; without it only the tree still attached is found
}

// killDescendants sends SIGKILL to every living descendant of this process
// and returns their pids. It walks /proc/PID/task/TID/children (a read per
// thread when there are none); rounds repeat until a walk finds no living
// process, since a descendant may fork while it is walked (a killed one
// cannot), up to a bound.
func killDescendants() []int {
	if !hasChildren() {
		return nil // the usual run: no walk of /proc at all
	}
	var killed []int
	for range 8 {
		found := 0
		for _, pid := range descendants(os.Getpid()) {
			if slices.Contains(killed, pid) || !alive(pid) {
				continue
			}
			if syscall.Kill(pid, syscall.SIGKILL) == nil {
				killed = append(killed, pid)
				found++
			}
		}
		if found == 0 {
			break
		}
	}
	reap(killed)
	return killed
}

// hasChildren reports whether this process has any child, running or a
// zombie, without reaping it (WNOWAIT). Since spython is the subreaper of
// everything the script starts, a living descendant always has a chain of
// parents up to a child of spython: no child means no descendant, and
// killDescendants can skip its walk of /proc. Any error but ECHILD counts
// as "maybe", so the walk still runs (fail closed).
func hasChildren() bool {
	var info unix.Siginfo
	err := unix.Waitid(unix.P_ALL, 0, &info, unix.WEXITED|unix.WNOHANG|unix.WNOWAIT|unix.WALL, nil)
	return err != unix.ECHILD
}

// reap waits, briefly, for the killed processes that are (or, once their
// own parent is dead, become) spython's children, so that none is left a
// zombie for an init that may not reap (a container's).
func reap(pids []int) {
	deadline := time.Now().Add(500 * time.Millisecond)
	left := slices.Clone(pids)
	for len(left) > 0 && time.Now().Before(deadline) {
		left = slices.DeleteFunc(left, func(pid int) bool {
			var ws syscall.WaitStatus
			got, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
			if got == pid {
				return true
			}
			// Not our child (yet): done once it is gone from the table.
			return err == syscall.ECHILD && !exists(pid)
		})
		if len(left) > 0 {
			time.Sleep(time.Millisecond)
		}
	}
}

func exists(pid int) bool {
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil
}

// descendants lists the processes below pid, depth first. It lists the
// task directory once and reads each thread's children file with one
// open, read and close: filepath.Glob would list every task directory too,
// about eighty system calls at the end of every run instead of twenty.
func descendants(pid int) []int {
	var out []int
	taskDir := "/proc/" + strconv.Itoa(pid) + "/task/"
	tasks, _ := os.ReadDir(taskDir)
	var buf [512]byte
	for _, t := range tasks {
		data := readSmall(taskDir+t.Name()+"/children", buf[:])
		for _, f := range strings.Fields(string(data)) {
			child, err := strconv.Atoi(f)
			if err != nil || slices.Contains(out, child) {
				continue
			}
			out = append(out, child)
			out = append(out, descendants(child)...)
		}
	}
	return out
}

// readSmall reads a /proc file with one open, read(s) and close, into buf
// while it fits (nil when it cannot be read).
func readSmall(path string, buf []byte) []byte {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(fd)
	out := buf[:0]
	for {
		if len(out) == cap(out) {
			out = append(out, 0)[:len(out)] // grow: many children
		}
		m, err := unix.Read(fd, out[len(out):cap(out)])
		if m <= 0 || err != nil {
			return out
		}
		out = out[:len(out)+m]
	}
}

// alive reports whether pid is a process that has not yet exited (a
// zombie is dead: it only waits to be reaped).
func alive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses and may
	// itself contain them.
	i := strings.LastIndexByte(string(data), ')')
	return i >= 0 && i+2 < len(data) && data[i+2] != 'Z' && data[i+2] != 'X'
}
