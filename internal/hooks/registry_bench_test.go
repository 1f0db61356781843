package hooks

import (
	"testing"

	"go.starlark.net/starlark"
)

// BenchmarkAuditLauncherHook is dispatch to one no-op launcher hook with no
// script hooks: the production configuration minus the logging itself
// (which internal/audit and bench/ measure).
func BenchmarkAuditLauncherHook(b *testing.B) {
	var r Registry
	if err := r.AddLauncher(nopHook{}); err != nil {
		b.Fatal(err)
	}
	r.Seal()
	thread := new(starlark.Thread)
	args := starlark.Tuple{starlark.String("/etc/hosts"), starlark.String("r"), starlark.MakeInt(0)}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Audit(thread, "open", args); err != nil {
			b.Fatal(err)
		}
	}
}
