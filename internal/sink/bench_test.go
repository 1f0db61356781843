package sink

import (
	"path/filepath"
	"testing"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/record"
)

// The performance goal: chaining and writing a record costs at most twice
// a bare write(2) of the same bytes. BenchmarkRecordWrite runs both on the
// same file system (the test's temp dir) so their ns/op compare directly.

func benchRecord() *record.Record {
	return &record.Record{Time: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC), Action: "open", Type: "allowed",
		Args: starlark.Tuple{starlark.String("/var/lib/app/data/file-0042.dat"), starlark.String("r"), starlark.MakeInt(524288)},
		File: "/opt/jobs/inventory.star", Line: 12, Col: 17}
}

func benchEncoder(key []byte) *record.Encoder {
	e := record.NewEncoder(record.Run{ID: "0123456789abcdef0123456789abcdef", ScriptPath: "/opt/jobs/inventory.star", PID: 4242, Policy: "production"}, record.NewChain(key, ""))
	e.Encode(benchRecord()) // steady state: past the run header
	return e
}

func BenchmarkRecordWrite(b *testing.B) {
	r := benchRecord()
	line := append([]byte(nil), benchEncoder(nil).Encode(r)...)
	b.Run("bare-write", func(b *testing.B) {
		f := benchFile(b)
		b.SetBytes(int64(len(line)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := unix.Write(f.fd, line); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, alg := range []struct {
		name string
		key  []byte
	}{{"encode+chain-sha256+write", nil}, {"encode+chain-hmac+write", []byte("0123456789abcdef0123456789abcdef")}} {
		b.Run(alg.name, func(b *testing.B) {
			f := benchFile(b)
			enc := benchEncoder(alg.key)
			b.SetBytes(int64(len(line)))
			b.ReportAllocs()
			for b.Loop() {
				if err := f.Handle(Meta{}, enc.Encode(r)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchFile(b *testing.B) *File {
	f, err := OpenFile(filepath.Join(b.TempDir(), "bench.log"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}
