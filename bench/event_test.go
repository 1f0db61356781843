package bench

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/launcher"
)

// The per-event cost of spython's audit logging, end to end: the whole
// production launcher (compiled-in policy, sealed launcher hook, policy
// decision, record encoding and chaining, one write(2) per record to the
// script's O_APPEND log) running a Starlark loop of sys.audit calls,
// against the same loop without the call, against a bare write(2) of a
// buffer the size of one of those records. b.N is the number of loop
// iterations, so ns/op is per event; the run's fixed start-up cost is
// spread over b.N and is negligible at the default -benchtime.

const eventLoop = `
def main(n):
    path = "/var/lib/app/data/file-0042.dat"
    for i in range(n):
        sys.audit("bench.event", path, "rb", i)

main(int(sys.argv[1]))
`

const plainLoop = `
def main(n):
    path = "/var/lib/app/data/file-0042.dat"
    for i in range(n):
        pass

main(int(sys.argv[1]))
`

// runLoop runs src with launcher.Main for n iterations and returns the
// path of its log.
func runLoop(tb testing.TB, dir, src string, n int) string {
	tb.Helper()
	script := filepath.Join(dir, "loop.star")
	if err := os.WriteFile(script, []byte(src), 0o600); err != nil {
		tb.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := launcher.Main([]string{script, strconv.Itoa(n)}, io.Discard, &stderr); code != 0 {
		tb.Fatalf("spython exited %d: %s", code, stderr.String())
	}
	return script + ".log"
}

func BenchmarkEventLoop(b *testing.B) {
	for _, tc := range []struct{ name, src string }{
		{"sys.audit", eventLoop},
		{"no_audit", plainLoop},
	} {
		b.Run(tc.name, func(b *testing.B) {
			dir := b.TempDir()
			b.ReportAllocs()
			b.ResetTimer()
			runLoop(b, dir, tc.src, b.N)
		})
	}
}

// BenchmarkBareWrite is one write(2) of a record-sized buffer to an
// O_APPEND file in the same file system: the floor for a logged event.
func BenchmarkBareWrite(b *testing.B) {
	dir := b.TempDir()
	size := recordSize(b, dir)
	buf := bytes.Repeat([]byte("x"), size-1)
	buf = append(buf, '\n')
	fd, err := unix.Open(filepath.Join(dir, "bare.log"), unix.O_WRONLY|unix.O_APPEND|unix.O_CREAT|unix.O_CLOEXEC, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Close(fd)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n, err := unix.Write(fd, buf); err != nil || n != len(buf) {
			b.Fatalf("write: %d, %v", n, err)
		}
	}
	b.ReportMetric(float64(size), "bytes/write") // after ResetTimer, which clears metrics
}

// recordSize is the length of a bench.event record as spython writes it.
func recordSize(tb testing.TB, dir string) int {
	data, err := os.ReadFile(runLoop(tb, dir, eventLoop, 10))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if bytes.Contains(line, []byte(`"event.action":"bench.event"`)) {
			return len(line) + 1
		}
	}
	tb.Fatal("no bench.event record in the log")
	return 0
}

// TestEventLoopLogsEveryEvent checks what the benchmark measures: one
// record per sys.audit call, each with its own sequence number.
func TestEventLoopLogsEveryEvent(t *testing.T) {
	for _, n := range []int{0, 1, 50} {
		data, err := os.ReadFile(runLoop(t, t.TempDir(), eventLoop, n))
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Count(data, []byte(`"event.action":"bench.event"`)); got != n {
			t.Errorf("n=%d: %d bench.event records, want %d", n, got, n)
		}
		if got := bytes.Count(data, []byte(`"event.action":"spython.run_end"`)); got != 1 {
			t.Errorf("n=%d: %d spython.run_end records, want 1", n, got)
		}
	}
}
