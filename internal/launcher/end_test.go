package launcher

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/spython-dev/spython/internal/audit"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/record"
	"github.com/spython-dev/spython/internal/sink"
)

func newRunState(t *testing.T) (*runState, string) {
	t.Helper()
	pol, err := policy.Parse([]byte(`{"name":"t"}`))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.star.log")
	f, err := sink.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st := &runState{stderr: io.Discard, done: make(chan struct{})}
	st.logger.Store(audit.New(audit.Config{Policy: pol, File: f, Run: record.Run{ID: "r", ScriptPath: "/x.star"}}))
	return st, path
}

// TestRunEndsOnce: the first end decides the code; a later one (the
// signal path after the grace) writes nothing and gets that code, so the
// exit code always equals run_end's.
func TestRunEndsOnce(t *testing.T) {
	st, path := newRunState(t)
	if code := st.end(0, "finished"); code != 0 {
		t.Fatalf("end = %d", code)
	}
	if code := st.end(143, "signal: SIGTERM"); code != 0 {
		t.Errorf("second end = %d, want the first end's 0", code)
	}
	st.exit(143, "signal: SIGTERM", "must not exit") // Main ended the run: a no-op
	data, _ := os.ReadFile(path)
	if n := bytes.Count(data, []byte(`"spython.run_end"`)); n != 1 {
		t.Errorf("%d run_end records:\n%s", n, data)
	}
}
