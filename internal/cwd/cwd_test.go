package cwd

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAbsIgnoresPWD: a $PWD that names the working directory through a
// symlink does not change the result; the kernel's path does.
func TestAbsIgnoresPWD(t *testing.T) {
	real := t.TempDir()
	real, err := filepath.EvalSymlinks(real)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(link) // sets $PWD to the symlinked spelling
	if os.Getenv("PWD") != link {
		t.Fatalf("$PWD = %q, want %q", os.Getenv("PWD"), link)
	}
	tests := []struct{ in, want string }{
		{"s.star", filepath.Join(real, "s.star")},
		{"./a/../s.star", filepath.Join(real, "s.star")},
		{"/opt/jobs//x.star", "/opt/jobs/x.star"},
	}
	for _, tc := range tests {
		got, err := Abs(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Abs(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if wd, err := Get(); err != nil || wd != real {
		t.Errorf("Get() = %q, %v; want %q", wd, err, real)
	}
}
