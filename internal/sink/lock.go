package sink

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// LockTimeout bounds the wait for the log's append lock. Another run holds
// it only for one record's write; a holder that keeps it longer (a child
// process of a script that locked its own log) must not hang the run past
// the 2 s within which a signal or limit ends it (spec amendment 6).
const LockTimeout = time.Second

// Lock takes the append lock of the log: an exclusive flock(2) on the
// file. Every run of spython appending to the same log takes it around the
// chaining and the write of each record, so the file stays one chain
// however many runs append at once (docs/log-format.md, "Concurrent
// runs"). It returns the hash of the file's last record under the lock.
//
// While the run holds a write lease on the file (lease.go), no other
// process can have it open, and Lock returns the tail this run's own last
// write left without a system call.
func (f *File) Lock() (tail []byte, err error) {
	f.mu.Lock()
	if f.exclusive && f.tailOK {
		return f.tail[:f.tailN], nil
	}
	f.dropLease() // after a failed write: read the tail under the flock
	if err := flockTimeout(f.fd, LockTimeout); err != nil {
		f.mu.Unlock()
		return nil, fmt.Errorf("audit log %s: lock: %w", f.path, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(f.fd, &st); err != nil {
		unix.Flock(f.fd, unix.LOCK_UN)
		f.mu.Unlock()
		return nil, fmt.Errorf("audit log %s: %w", f.path, err)
	}
	// The cached tail is the file's last record while nobody else appended:
	// then the size is what this run's last write left.
	if !f.tailOK || st.Size != f.tailEnd {
		f.tailN = copy(f.tail[:], f.lastHash(st.Size))
		f.tailOK = true
	}
	f.tailEnd = st.Size
	return f.tail[:f.tailN], nil
}

// Unlock releases the append lock after the record ending in hash was
// written with Handle (written 0 when nothing was).
func (f *File) Unlock(hash []byte, written int) {
	if written > 0 {
		f.tailN = copy(f.tail[:], hash)
		f.tailEnd += int64(written)
	} else {
		f.tailOK = false
	}
	if !f.exclusive {
		unix.Flock(f.fd, unix.LOCK_UN)
	}
	f.mu.Unlock()
}

// flockTimeout takes an exclusive flock, retrying a held lock with short
// sleeps until timeout: a blocking flock(2) cannot be given a deadline.
func flockTimeout(fd int, timeout time.Duration) error {
	err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
	if err == nil || !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
		return err
	}
	deadline := time.Now().Add(timeout)
	wait := 20 * time.Microsecond
	for {
		time.Sleep(wait)
		err = unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err == nil || !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("held by another process for %v", timeout)
		}
		if wait < 2*time.Millisecond {
			wait *= 2
		}
	}
}
