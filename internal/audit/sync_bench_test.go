package audit

import (
	"fmt"
	"path/filepath"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/record"
	"github.com/spython-dev/spython/internal/sink"
)

// BenchmarkGroupCommit measures what the group-commit fdatasync costs per
// allowed record: sync_every 1 (every record), 16, 64 and 0 (only before
// denials and at exit), on the test's temp dir file system.
func BenchmarkGroupCommit(b *testing.B) {
	args := starlark.Tuple{starlark.String("/var/lib/app/data.json"), starlark.String("r"), starlark.MakeInt(0)}
	for _, every := range []int{1, 16, 64, 0} {
		b.Run(fmt.Sprintf("sync_every=%d", every), func(b *testing.B) {
			pol, err := policy.Parse(fmt.Appendf(nil, `{"name":"bench","log":{"sync_every":%d}}`, every))
			if err != nil {
				b.Fatal(err)
			}
			f, err := sink.OpenFile(filepath.Join(b.TempDir(), "bench.log"))
			if err != nil {
				b.Fatal(err)
			}
			l := New(Config{Policy: pol, File: f, Run: record.Run{ID: "bench", ScriptPath: "/bench.star"}})
			b.ReportAllocs()
			for b.Loop() {
				if err := l.Audit(nil, "open", args); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			l.End(0, "finished")
		})
	}
}
