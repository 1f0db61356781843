package main

import (
	"strings"
	"testing"

	"github.com/spython-dev/spython/spythontest"
)

// TestBundledExample keeps the README's first command true: the bundled
// example runs under the production build, exits 0, and leaves a log whose
// chain verifies and which records what it did.
func TestBundledExample(t *testing.T) {
	t.Setenv("SPYTHONTEST_BIN_DIR", binDir) // the binaries TestMain built
	res := spythontest.Run(t, "../../testdata/example/inventory.star", spythontest.Options{Build: spythontest.Production})
	if out := res.Stdout + res.Stderr; res.Exit != 0 || !strings.Contains(out, "exec: PermissionError") || !strings.Contains(out, `"sha256"`) {
		t.Fatalf("example: exit %d, output:\n%s", res.Exit, out)
	}
	if err := checkLog(res.LogPath); err != nil {
		t.Fatal(err)
	}
	for _, action := range []string{"os.listdir", "open", "spython.run_end"} {
		if len(res.Events(action)) == 0 {
			t.Errorf("no %s record", action)
		}
	}
	if d := res.Denied(); len(d) == 0 || d[0].Action != "compile" {
		t.Errorf("denials %v, want the dynamic code (compile) first", d)
	}
}
