package bench

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/spython-dev/spython/internal/launcher"
)

// BenchmarkStartupInProcess is the launcher's own start-up work for
// hello.star, in process: policy, log open, hook install, predeclared
// modules, open_code, compile, run and spython.run_end. It excludes exec,
// the Go runtime's start-up and package initialisation, which `make bench`
// measures with the real binary.
func BenchmarkStartupInProcess(b *testing.B) {
	script := filepath.Join(b.TempDir(), "hello.star")
	if err := os.WriteFile(script, []byte("print(\"hello\")\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := os.Remove(script + ".log"); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
		if code := launcher.Main([]string{script}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit code %d", code)
		}
	}
}
