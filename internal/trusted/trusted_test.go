package trusted

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, mode os.FileMode, data string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(data), mode)
		os.Chmod(p, mode)
		return p
	}
	ok := write("ok", 0o600, "hello")
	gw := write("gw", 0o620, "x")
	big := write("big", 0o600, strings.Repeat("x", 11))
	os.Symlink(ok, filepath.Join(dir, "link"))
	syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600)
	rules := Rules{Forbidden: 0o022, MaxSize: 10}
	tests := []struct {
		path, wantErr string
	}{
		{ok, ""},
		{gw, "writable by group or others (mode 0620)"},
		{big, "larger than 10"},
		{filepath.Join(dir, "link"), "symlink"},
		{filepath.Join(dir, "fifo"), "not a regular file"},
		{dir, "not a regular file"},
	}
	for _, tt := range tests {
		data, err := Read(tt.path, rules)
		if tt.wantErr == "" {
			if err != nil || string(data) != "hello" {
				t.Errorf("%s: %q, %v", tt.path, data, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: err = %v, want %q", tt.path, err, tt.wantErr)
		}
	}
	if _, err := Read(filepath.Join(dir, "missing"), rules); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if os.Geteuid() == 0 {
		os.Chown(ok, 1, 1)
		if _, err := Read(ok, Rules{RootOwned: true, MaxSize: 10}); err == nil || !strings.Contains(err.Error(), "not root") {
			t.Errorf("non-root owner accepted: %v", err)
		}
		// RootOrSelf: as root, only root's own files pass.
		if _, err := Read(ok, Rules{RootOrSelf: true, MaxSize: 10}); err == nil || !strings.Contains(err.Error(), "neither root nor this user") {
			t.Errorf("another user's file accepted: %v", err)
		}
		os.Chown(ok, 0, 0)
	}
	if _, err := Read(ok, Rules{RootOrSelf: true, MaxSize: 10}); err != nil {
		t.Errorf("own file refused: %v", err)
	}
}
