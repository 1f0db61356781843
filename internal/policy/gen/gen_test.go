package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spython-dev/spython/internal/policy"
)

// TestGeneratedUpToDate: the committed compiledin_*.go files are what the
// generator makes of builtin/*.json today, and generate.go regenerates them.
func TestGeneratedUpToDate(t *testing.T) {
	t.Chdir("..") // where go generate runs the generator
	directives, err := os.ReadFile("generate.go")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ source, out, tag string }{
		{"builtin/production.json", "compiledin_production.go", "!spython_dev && !spython_site"},
		{"builtin/developer.json", "compiledin_developer.go", "spython_dev && !spython_site"},
	}
	for _, tt := range tests {
		t.Run(tt.out, func(t *testing.T) {
			line := `//go:generate go run ./gen -tag "` + tt.tag + `" -o ` + tt.out + " " + tt.source + "\n"
			if !bytes.Contains(directives, []byte(line)) {
				t.Errorf("generate.go lacks %q", line)
			}
			// The directive's arguments, but into a temporary directory.
			out := filepath.Join(t.TempDir(), tt.out)
			if err := run([]string{"-tag", tt.tag, "-o", out, tt.source}); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			committed, err := os.ReadFile(tt.out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, committed) {
				t.Errorf("internal/policy/%s is stale: run go generate ./internal/policy\n--- regenerated:\n%s", tt.out, got)
			}
		})
	}
}

func TestGenerateRejects(t *testing.T) {
	tests := []struct {
		name, doc, tag, want string
	}{
		{"invalid policy", `{"name":"x","deny":[{"event":"os.system"}]}`, "spython_site", `policy "x": deny[0] (os.system): reason is required`},
		{"unknown field", `{"name":"x","denny":[]}`, "spython_site", `unknown field "denny"`},
		{"not json", `name: x`, "spython_site", "policy: invalid character"},
		{"bad constraint", `{"name":"x"}`, "a &&", "build constraint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join(dir, "p.json")
			if err := os.WriteFile(src, []byte(tt.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out.go")
			err := run([]string{"-tag", tt.tag, "-o", out, src})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("run: %v, want an error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), src+": ") {
				t.Errorf("error %q is not one line naming the file", err)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a failed run left %s behind (%v)", out, err)
			}
		})
	}
}

func TestLiteral(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"zero fields left out", policy.Rule{Event: "e"}, `Rule{
Event: "e",
}`},
		{"empty list kept", policy.Names{Allow: []string{}}, `Names{
Allow: []string{},
}`},
		{"quoting", "a\"b\n\u00e9", `"a\"b\né"`},
		{"named integer", policy.Duration(1500), `Duration(1500)`},
		{"nil pointer", (*policy.NetRules)(nil), `nil`},
		{"empty struct pointer", &policy.NetRules{}, `&NetRules{}`},
		{"ints", policy.NetRules{BindTCP: []int{1, 2}}, `NetRules{
BindTCP: []int{1, 2},
}`},
		{"flat structs in a list", []policy.Rule{{Event: "a", Args: []string{"*"}, Reason: "r"}}, `[]Rule{
{Event: "a", Args: []string{"*"}, Reason: "r"},
}`},
		{"large unsigned", uint64(1<<64 - 1), `18446744073709551615`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := literal(&b, reflect.ValueOf(tt.v), false); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

func TestLiteralRefuses(t *testing.T) {
	for _, v := range []any{map[string]int{"a": 1}, 1.5, new(int), []any{1}, os.ModePerm} {
		var b bytes.Buffer
		if err := literal(&b, reflect.ValueOf(v), false); err == nil {
			t.Errorf("literal(%T) = %q, want an error", v, b.String())
		}
	}
}
