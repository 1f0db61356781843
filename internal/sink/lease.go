package sink

import (
	"errors"
	"os"
	"os/signal"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// A run that is the only process with its log open holds a write lease
// (fcntl F_SETLEASE, F_WRLCK) on it. While it holds the lease no other
// process can open the file, so nobody else can append: the run chains each
// record on its own previous one and writes it with exactly one write(2),
// without the flock and fstat of the shared mode (Lock), which cost three
// system calls per record.
//
// When another process opens the log (a second run, a verifier, a reader),
// the kernel holds that open back and notifies the holder with leaseSignal.
// The holder then waits for a record being written to finish, switches the
// file to the shared mode (flock around each record, as in Lock) and
// releases the lease; only then does the other open proceed, and it finds
// a file that ends in a complete record. docs/log-format.md, "Concurrent
// runs", states the guarantee.
//
// SIGWINCH carries the notification because its default action is to do
// nothing: every signal whose default ends a process ends a run with its
// final record (internal/sigwatch), and a stray SIGWINCH (a terminal
// resize) costs only the switch to the shared mode.
const leaseSignal = unix.SIGWINCH

var (
	leaseOnce sync.Once
	leaseMu   sync.Mutex
	leased    = map[*File]struct{}{}
)

// startLeaseWatch makes leaseSignal reach releaseLeases. It must run
// before a lease is taken, or the first break notification would be lost
// and the other process would wait for the kernel's lease-break-time.
func startLeaseWatch() {
	leaseOnce.Do(func() {
		c := make(chan os.Signal, 1)
		signal.Notify(c, leaseSignal)
		go func() {
			for range c {
				releaseLeases()
			}
		}()
	})
}

// releaseLeases moves every leased log of this process to the shared mode.
func releaseLeases() {
	leaseMu.Lock()
	files := make([]*File, 0, len(leased))
	for f := range leased {
		files = append(files, f)
		delete(leased, f)
	}
	leaseMu.Unlock()
	for _, f := range files {
		f.mu.Lock()
		f.dropLease()
		f.mu.Unlock()
	}
}

// tryLease takes the write lease when the file is open nowhere else. It
// fails harmlessly (the file stays in the shared mode) when another process
// has it open, when the file system has no leases, or when leases are
// disabled (fs.leases-enable).
func (f *File) tryLease() {
	startLeaseWatch()
	if _, err := unix.FcntlInt(uintptr(f.fd), unix.F_SETSIG, int(leaseSignal)); err != nil {
		return
	}
	if _, err := unix.FcntlInt(uintptr(f.fd), unix.F_SETLEASE, unix.F_WRLCK); err != nil {
		return
	}
	// The file can no longer change under us: read its last record once.
	var st unix.Stat_t
	if err := unix.Fstat(f.fd, &st); err != nil {
		unix.FcntlInt(uintptr(f.fd), unix.F_SETLEASE, unix.F_UNLCK)
		return
	}
	f.mu.Lock()
	f.tailN = copy(f.tail[:], f.lastHash(st.Size))
	f.tailEnd, f.tailOK = st.Size, true
	f.exclusive = true
	f.mu.Unlock()
	leaseMu.Lock()
	leased[f] = struct{}{}
	leaseMu.Unlock()
}

// dropLease leaves the exclusive mode; f.mu is held. The cached tail stays
// valid: it is what this run's own last write left.
func (f *File) dropLease() {
	if !f.exclusive {
		return
	}
	f.exclusive = false
	unix.FcntlInt(uintptr(f.fd), unix.F_SETLEASE, unix.F_UNLCK)
}

// forgetLease takes f out of the set releaseLeases walks (at Close).
func (f *File) forgetLease() {
	leaseMu.Lock()
	delete(leased, f)
	leaseMu.Unlock()
}

// LeaseWait bounds how long opening a log waits for another run to give up
// its lease. A live run does so within microseconds; one that is stopped
// (SIGSTOP) loses it when the kernel's lease-break-time (45 s by default)
// runs out, and the open then proceeds.
const LeaseWait = 60 * time.Second

// RetryLeaseBreak repeats an open(2) made with O_NONBLOCK that failed with
// EWOULDBLOCK because another process holds a lease on the file (a log
// another run writes, or this run's own log opened by its script): that
// open started the lease break, and the holder gives the file up shortly.
func RetryLeaseBreak(open func() (int, error)) (int, error) {
	fd, err := open()
	if !errors.Is(err, unix.EWOULDBLOCK) {
		return fd, err
	}
	deadline := time.Now().Add(LeaseWait)
	wait := 20 * time.Microsecond
	for time.Now().Before(deadline) {
		time.Sleep(wait)
		fd, err = open()
		if !errors.Is(err, unix.EWOULDBLOCK) {
			return fd, err
		}
		if wait < 10*time.Millisecond {
			wait *= 2
		}
	}
	return fd, err
}
