package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBundledExample keeps the README's first command true: the bundled
// example runs under the production build, exits 0, and leaves a log whose
// chain verifies and which records what it did.
func TestBundledExample(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"inventory.star", "lib/report.star"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/example", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(dir, "inventory.star")
	out, err := exec.Command(filepath.Join(binDir, "spython"), script).CombinedOutput()
	if err != nil {
		t.Fatalf("example failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "exec: PermissionError") || !strings.Contains(string(out), `"sha256"`) {
		t.Errorf("unexpected output:\n%s", out)
	}
	if err := checkLog(script + ".log"); err != nil {
		t.Fatal(err)
	}
	log, _ := os.ReadFile(script + ".log")
	for _, want := range []string{`"event.action":"os.listdir"`, `"event.action":"open"`, `"event.action":"compile","spython.decision":"denied"`, `"event.action":"spython.run_end"`} {
		if !strings.Contains(string(log), want) {
			t.Errorf("log lacks %s", want)
		}
	}
}
