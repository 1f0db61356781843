package bench

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/spython-dev/spython/internal/launcher"
)

// BenchmarkAdminInProcess runs bench/admin.star (walk, read, SHA-256,
// JSON report) over a generated tree of 2000 files inside the test
// process, so that a CPU profile shows where the admin workload's time
// goes (make bench times the installed binary against CPython instead).
func BenchmarkAdminInProcess(b *testing.B) {
	dir := b.TempDir()
	tree := filepath.Join(dir, "tree")
	x := uint32(2463534242)
	next := func() uint32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x }
	for i := 0; i < 2000; i++ {
		sub := filepath.Join(tree, fmt.Sprintf("d%d", i%8), fmt.Sprintf("s%d", i%5))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		data := make([]byte, next()%16384)
		for j := range data {
			data[j] = byte(next())
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%04d.dat", i)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	src, err := os.ReadFile("admin.star")
	if err != nil {
		b.Fatal(err)
	}
	script := filepath.Join(dir, "admin.star")
	if err := os.WriteFile(script, src, 0o600); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		os.Remove(script + ".log")
		var stderr bytes.Buffer
		if code := launcher.Main([]string{script, tree, filepath.Join(dir, "report.json")}, io.Discard, &stderr); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}
