package stdstream

import (
	"bytes"
	"errors"
	"io"
	"os"
	"syscall"
	"testing"
)

func pipe(t *testing.T, flags int) (r *os.File, w int) {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC|flags); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(p[1]) })
	return os.NewFile(uintptr(p[0]), "r"), p[1]
}

func TestWrite(t *testing.T) {
	for _, c := range []struct {
		name  string
		flags int
		size  int
	}{
		{"small", 0, 10},
		{"larger than the pipe", 0, 1 << 20},
		// A full non-blocking pipe is waited for, not an error.
		{"non-blocking, larger than the pipe", syscall.O_NONBLOCK, 1 << 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, w := pipe(t, c.flags)
			defer r.Close()
			want := bytes.Repeat([]byte("0123456789abcdef"), c.size/16+1)[:c.size]
			got := make(chan []byte)
			go func() {
				b, _ := io.ReadAll(io.LimitReader(r, int64(c.size)))
				got <- b
			}()
			n, err := Writer{fd: w, name: "pipe"}.Write(want)
			if err != nil || n != len(want) {
				t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(want))
			}
			if b := <-got; !bytes.Equal(b, want) {
				t.Errorf("read %d bytes, not what was written", len(b))
			}
		})
	}
}

// A reader that went away is an EPIPE error, and the process lives on.
func TestWriteBrokenPipe(t *testing.T) {
	r, w := pipe(t, 0)
	r.Close()
	_, err := Writer{fd: w, name: "/dev/stdout"}.WriteString("x")
	var pe *os.PathError
	if !errors.Is(err, syscall.EPIPE) || !errors.As(err, &pe) || pe.Path != "/dev/stdout" {
		t.Errorf("err = %v, want EPIPE on /dev/stdout", err)
	}
}

func TestFile(t *testing.T) {
	// By descriptor, not by *os.File: `go test -json` swaps os.Stdout for
	// its own writer after package initialisation.
	if Stdout.File().Fd() != 1 || Stderr.File().Fd() != 2 {
		t.Error("File does not give the process's own stdout and stderr")
	}
}
