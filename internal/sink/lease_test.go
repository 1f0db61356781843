package sink

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// appendRecord writes one fake record the way the audit logger does:
// Lock, a line chained on the tail, Handle, Unlock. It returns the tail
// Lock reported.
func appendRecord(t *testing.T, f *File, hash string) string {
	t.Helper()
	tail, err := f.Lock()
	if err != nil {
		t.Fatal(err)
	}
	prev := string(tail)
	line := []byte(`{"prev":"` + prev + `","event.hash":"` + hash + "\"}\n")
	if err := f.Handle(Meta{}, line); err != nil {
		f.Unlock(nil, 0)
		t.Fatal(err)
	}
	f.Unlock([]byte(hash), len(line))
	return prev
}

func hashOf(c byte) string { return strings.Repeat(string(c), 64) }

func exclusive(f *File) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.exclusive
}

// openLeased opens a fresh log and skips the test where the file system
// or the kernel gives no leases.
func openLeased(t *testing.T) (*File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.star.log")
	f, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if !exclusive(f) {
		t.Skip("no write lease on this file system (the shared mode is tested by the concurrent-run tests)")
	}
	return f, path
}

// TestLeaseChainsWithoutLocking: a run alone with its log chains each
// record on its own previous one, and the file holds every record whole.
func TestLeaseChainsWithoutLocking(t *testing.T) {
	f, path := openLeased(t)
	if got := appendRecord(t, f, hashOf('a')); got != "" {
		t.Fatalf("first tail = %q, want empty", got)
	}
	if got := appendRecord(t, f, hashOf('b')); got != hashOf('a') {
		t.Fatalf("second tail = %q, want a…", got)
	}
	if !exclusive(f) {
		t.Fatal("lease lost without another open")
	}
	data, _ := os.ReadFile(path) // breaks the lease: this process opens the file again
	if n := bytes.Count(data, []byte("\n")); n != 2 {
		t.Fatalf("file has %d lines, want 2:\n%s", n, data)
	}
}

// TestLeaseBreakBySecondRun: a second run opening the log takes the first
// out of the exclusive mode before its open returns, and both then chain on
// whatever record is last in the file.
func TestLeaseBreakBySecondRun(t *testing.T) {
	a, path := openLeased(t)
	appendRecord(t, a, hashOf('a'))
	b, err := OpenFile(path) // starts the lease break; retried until a lets go
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if exclusive(a) || exclusive(b) {
		t.Fatalf("exclusive after a second open: a=%v b=%v", exclusive(a), exclusive(b))
	}
	if got := appendRecord(t, b, hashOf('b')); got != hashOf('a') {
		t.Fatalf("b chained on %q, want a's record", got)
	}
	if got := appendRecord(t, a, hashOf('c')); got != hashOf('b') {
		t.Fatalf("a chained on %q, want b's record", got)
	}
}

// TestLeaseBreakByOtherProcess: another process reading the log (a
// verifier, a tail) is let in, and the run goes on in the shared mode.
func TestLeaseBreakByOtherProcess(t *testing.T) {
	a, path := openLeased(t)
	appendRecord(t, a, hashOf('a'))
	start := time.Now()
	out, err := exec.Command("cat", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(hashOf('a'))) {
		t.Fatalf("cat read %q", out)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("the other process waited %v: the break notification was lost", d)
	}
	if exclusive(a) {
		t.Fatal("still exclusive after another process opened the log")
	}
	if got := appendRecord(t, a, hashOf('b')); got != hashOf('a') {
		t.Fatalf("tail after the break = %q, want a…", got)
	}
}

// TestNoLeaseWhenOpenElsewhere: a log another descriptor has open (a tail
// -f, a second run) is never leased; records go through the flock.
func TestNoLeaseWhenOpenElsewhere(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.star.log")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	reader, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	f, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if exclusive(f) {
		t.Fatal("leased although another descriptor has the file open")
	}
	appendRecord(t, f, hashOf('a'))
	if got := appendRecord(t, f, hashOf('b')); got != hashOf('a') {
		t.Fatalf("tail = %q", got)
	}
}

// TestStrayLeaseSignal: SIGWINCH (a terminal resize) only moves the log to
// the shared mode; the run and its chain go on.
func TestStrayLeaseSignal(t *testing.T) {
	a, _ := openLeased(t)
	appendRecord(t, a, hashOf('a'))
	if err := unix.Kill(os.Getpid(), leaseSignal); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for exclusive(a) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if exclusive(a) {
		t.Fatal("SIGWINCH did not release the lease")
	}
	if got := appendRecord(t, a, hashOf('b')); got != hashOf('a') {
		t.Fatalf("tail = %q", got)
	}
}
