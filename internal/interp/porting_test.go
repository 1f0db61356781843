package interp

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
)

var portingBlock = regexp.MustCompile("(?s)```(python|python-error)\n(.*?)```\\s*```output\n(.*?)```")

// TestPortingExamples runs every example of docs/porting.md: a python
// block must print its output block exactly; a python-error block must
// fail to compile with a message ending in its output block.
func TestPortingExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/porting.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := portingBlock.FindAllStringSubmatch(string(doc), -1)
	if len(blocks) < 5 {
		t.Fatalf("only %d examples found", len(blocks))
	}
	pol, err := policy.Parse([]byte(`{"name":"t"}`))
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range blocks {
		kind, src, want := b[1], b[2], b[3]
		script := filepath.Join(t.TempDir(), "example.star")
		if err := os.WriteFile(script, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		reg := new(hooks.Registry)
		if err := reg.AddLauncher(new(recorder)); err != nil {
			t.Fatal(err)
		}
		reg.Seal()
		var stdout, stderr bytes.Buffer
		res := Run(Config{Policy: pol, Hooks: reg, Script: script, Stdout: &stdout, Stderr: &stderr})
		switch kind {
		case "python":
			if res.Err != nil {
				t.Errorf("example %d: %v", i, res.Err)
			}
			if stdout.String() != want {
				t.Errorf("example %d printed:\n%s\nwant:\n%s", i, stdout.String(), want)
			}
		default:
			if res.Outcome != CompileFail || !strings.HasSuffix(res.Err.Error(), strings.TrimSpace(want)) {
				t.Errorf("example %d: %v, want a compile error ending %q", i, res.Err, strings.TrimSpace(want))
			}
		}
	}
}
