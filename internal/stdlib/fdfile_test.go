package stdlib

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func flagsOf(t *testing.T, fd int) int {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		t.Fatal(err)
	}
	return fl
}

// A regular file keeps open(2)'s O_NONBLOCK while it is a bare descriptor;
// the *os.File handed to other packages (and so to a child process) does
// not have it, and closing goes through that *os.File once it exists.
func TestFDFileRegular(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	fd, st, err := openFD(path, unix.O_RDONLY|baseFlags)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size != 5 {
		t.Errorf("fstat size = %d, want 5", st.Size)
	}
	f := newFDFile(fd, path, true)
	if flagsOf(t, fd)&unix.O_NONBLOCK == 0 {
		t.Error("O_NONBLOCK cleared on a regular file (one system call too many)")
	}
	buf := make([]byte, 2)
	if n, err := f.Read(buf); n != 2 || err != nil || string(buf) != "he" {
		t.Fatalf("Read = %d, %v, %q", n, err, buf)
	}
	osf := f.File()
	if flagsOf(t, int(osf.Fd()))&unix.O_NONBLOCK != 0 {
		t.Error("the *os.File still has O_NONBLOCK")
	}
	if f.File() != osf {
		t.Error("File() made a second *os.File")
	}
	rest, err := io.ReadAll(f)
	if err != nil || string(rest) != "llo" {
		t.Errorf("rest = %q, %v", rest, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err == nil {
		t.Error("a second Close succeeded")
	}
}

// A FIFO is put back in blocking mode at once, as before.
func TestFDFileFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p")
	if err := unix.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	fd, _, err := openFD(path, unix.O_RDONLY|baseFlags)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if flagsOf(t, fd)&unix.O_NONBLOCK != 0 {
		t.Error("a FIFO kept O_NONBLOCK")
	}
}

// A file the script drops without closing is closed by the collector, as
// an *os.File would be (a walk that opens thousands of files and never
// closes them must not run out of descriptors).
func TestFDFileDroppedIsClosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	fd, st, err := openFD(path, unix.O_RDONLY|baseFlags)
	if err != nil {
		t.Fatal(err)
	}
	newFDFile(fd, path, true)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		runtime.GC()
		// Closed, or the number already reused for another file.
		var now unix.Stat_t
		if err := unix.Fstat(fd, &now); err == unix.EBADF || now.Ino != st.Ino || now.Dev != st.Dev {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Errorf("descriptor %d still open after its file was dropped", fd)
}
