package record

import (
	"testing"
	"time"

	"go.starlark.net/starlark"
)

// benchRecords are typical events: open with a path, mode and flags; a
// subprocess with a list of arguments; a denial with a reason.
func benchRecords() map[string]Record {
	t := time.Date(2026, 1, 2, 3, 4, 5, 678901000, time.UTC)
	return map[string]Record{
		"open": {Time: t, Action: "open", Type: "allowed",
			Args: starlark.Tuple{starlark.String("/var/lib/app/data/file-0042.dat"), starlark.String("rb"), starlark.MakeInt(524288)},
			File: "/opt/jobs/inventory.star", Line: 12, Col: 17},
		"subprocess": {Time: t, Action: "subprocess.Popen", Type: "allowed",
			Args: starlark.Tuple{starlark.String("/usr/bin/tar"),
				starlark.NewList([]starlark.Value{starlark.String("tar"), starlark.String("-czf"), starlark.String("/backup/x.tgz"), starlark.String("/etc")}),
				starlark.None, starlark.None},
			File: "/opt/jobs/backup.star", Line: 40, Col: 5},
		"denied": {Time: t, Action: "os.system", Type: "denied", Reason: "production: os.system is denied",
			Args: starlark.Tuple{starlark.String("rm -rf /tmp/x")},
			File: "/opt/jobs/cleanup.star", Line: 3, Col: 10},
	}
}

func newBenchEncoder(key []byte) *Encoder {
	run := Run{ID: "0123456789abcdef0123456789abcdef", ScriptPath: "/opt/jobs/inventory.star", PID: 4242, UID: 0, Policy: "production"}
	e := NewEncoder(run, NewChain(key, ""))
	r := benchRecords()["open"]
	e.Encode(&r) // the first record carries extra fields; measure the steady state
	return e
}

// BenchmarkEncodeTypical is the cost of rendering and chaining one record into
// the encoder's reused buffer. It must report 0 allocs/op.
func BenchmarkEncodeTypical(b *testing.B) {
	for name, r := range benchRecords() {
		for _, alg := range []struct {
			name string
			key  []byte
		}{{AlgSHA256, nil}, {AlgHMAC, []byte("0123456789abcdef0123456789abcdef")}} {
			b.Run(name+"/"+alg.name, func(b *testing.B) {
				e := newBenchEncoder(alg.key)
				b.ReportAllocs()
				var n int
				for b.Loop() {
					n = len(e.Encode(&r))
				}
				b.ReportMetric(float64(n), "bytes/record")
			})
		}
	}
}

// TestEncodeTypicalDoesNotAllocate holds the promise that encoding an
// ordinary record allocates nothing.
func TestEncodeTypicalDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under -race (sync.Pool drops items); make test runs this without it")
	}
	for name, r := range benchRecords() {
		for _, key := range [][]byte{nil, []byte("k")} {
			e := newBenchEncoder(key)
			if n := testing.AllocsPerRun(100, func() { e.Encode(&r) }); n != 0 {
				t.Errorf("%s (key %q): Encode allocates %v times per record, want 0", name, key, n)
			}
		}
	}
}
