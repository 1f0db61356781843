package policy

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// TestCompiledInMatchesSource: the literal compiled into this build is
// exactly what Parse makes of the document it was generated from.
func TestCompiledInMatchesSource(t *testing.T) {
	data, err := os.ReadFile(compiledInSource)
	if err != nil {
		t.Fatalf("the compiled-in policy's source: %v", err)
	}
	want, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := CompiledIn()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("CompiledIn() differs from Parse(%s):\n got %#v\nwant %#v", compiledInSource, got, want)
	}
	if again, _ := CompiledIn(); again == got || &again.Deny[0] == &got.Deny[0] {
		t.Error("CompiledIn shares its result between calls; a caller's change would leak")
	}
}

// TestCompiledInVariants runs TestCompiledInMatchesSource in the developer
// build and in a site build of testdata/full.json, which sets every field,
// so the generator is checked against every kind of field there is.
func TestCompiledInVariants(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two test binaries")
	}
	if compiledInSource != "builtin/production.json" {
		t.Skip("the production build checks the others")
	}
	dir := t.TempDir()
	full, err := filepath.Abs("testdata/full.json")
	if err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "compiledin_site.go")
	goCmd(t, "run", "./gen", "-tag", "spython_site", "-o", site, full)
	target, err := filepath.Abs("compiledin_site.go")
	if err != nil {
		t.Fatal(err)
	}
	overlay := filepath.Join(dir, "overlay.json")
	data, _ := json.Marshal(map[string]any{"Replace": map[string]string{target: site}})
	if err := os.WriteFile(overlay, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, flags := range [][]string{
		{"-tags", "spython_dev"},
		{"-tags", "spython_site", "-overlay", overlay},
	} {
		args := append([]string{"test", "-count=1", "-run", "^TestCompiledInMatchesSource$"}, flags...)
		goCmd(t, append(args, ".")...)
	}
}

func goCmd(t *testing.T, args ...string) {
	t.Helper()
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go %v: %v\n%s", args, err, out)
	}
}

// TestFullFixtureSetsEveryField keeps testdata/full.json complete: a field
// added to Policy must be set there, or the generator goes untested on it.
func TestFullFixtureSetsEveryField(t *testing.T) {
	data, err := os.ReadFile("testdata/full.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				t.Errorf("testdata/full.json leaves %s unset", path)
				return
			}
			walk(path, v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() {
					walk(path+"."+f.Name, v.Field(i))
				}
			}
		default:
			if v.IsZero() {
				t.Errorf("testdata/full.json leaves %s unset", path)
			}
		}
	}
	walk("Policy", reflect.ValueOf(p))
}

// BenchmarkCompiledIn against BenchmarkParseSource is what generating the
// literal saves at every start-up (more in a fresh process, where
// encoding/json's reflection paths are cold).
func BenchmarkCompiledIn(b *testing.B) {
	for b.Loop() {
		if _, err := CompiledIn(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSource(b *testing.B) {
	data, err := os.ReadFile(compiledInSource)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
