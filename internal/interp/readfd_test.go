package interp

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestReadFd: the whole file up to limit bytes, whatever size the caller
// saw at fstat time (a file may grow or shrink in between).
func TestReadFd(t *testing.T) {
	tests := []struct {
		name        string
		content     int   // bytes in the file
		size, limit int64 // what readFd is told
		want        int   // bytes it must return
	}{
		{"empty", 0, 0, 10, 0},
		{"small", 5, 5, 10, 5},
		{"exactly the limit", 10, 10, 10, 10},
		{"over the limit stops at it", 50, 50, 11, 11},
		{"grew since fstat", 100000, 3, 1 << 20, 100000},
		{"shrank since fstat", 7, 4096, 1 << 20, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.star")
			content := bytes.Repeat([]byte("ab"), tc.content/2+1)[:tc.content]
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer unix.Close(fd)
			got, err := readFd(fd, tc.size, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, content[:tc.want]) {
				t.Fatalf("read %d bytes, want the first %d of the file", len(got), tc.want)
			}
		})
	}
}
