package gzip

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// CPython's two-member file reads back as CPython read it
// (testdata/gen.py); what we write reads back; open raises open first.
func TestReadWrite(t *testing.T) {
	var want struct {
		Lines []string `json:"lines"`
		Bytes int      `json:"bytes"`
	}
	data, _ := os.ReadFile("testdata/want.json")
	json.Unmarshal(data, &want)
	var events []string
	dir := t.TempDir()
	abs, _ := filepath.Abs("testdata/hello.gz")
	pre := starlark.StringDict{"gzip": Module(coretest.EventEnv(&events)), "src": starlark.String(abs), "out": starlark.String(dir + "/o.gz")}
	g, err := starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{}, "x", `
f = gzip.open(src, "rt")
lines = f.readlines()
f.close()
n = len(gzip.decompress(gzip.compress(b"abc" * 1000)))
w = gzip.open(out, "wb")
w.write(b"payload\n")
w.close()
back = gzip.open(out).read()
`, pre)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for l := range g["lines"].(*starlark.List).Elements() {
		got = append(got, string(l.(starlark.String)))
	}
	if strings.Join(got, "|") != strings.Join(want.Lines, "|") {
		t.Errorf("lines %q, want %q", got, want.Lines)
	}
	if g["n"].String() != "3000" || g["back"].String() != `b"payload\n"` {
		t.Errorf("n=%s back=%s", g["n"], g["back"])
	}
	if len(events) != 3 || !strings.HasPrefix(events[0], `open ("`+abs) || !strings.Contains(events[1], `"wb"`) {
		t.Errorf("events %v", events)
	}
}

// A bomb: decompression stops at the extraction limit.
func TestBomb(t *testing.T) {
	env := coretest.EventEnv(new([]string))
	env.ExtractLimit = 1 << 20
	pre := starlark.StringDict{"gzip": Module(env)}
	_, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `gzip.decompress(gzip.compress(b"\0" * (4 << 20)))`, pre)
	if ee, ok := err.(*starlark.EvalError); ok {
		err = ee.Unwrap()
	}
	if kind, _ := pyerr.KindOf(err); kind != "ExtractError" {
		t.Errorf("bomb: %v", err)
	}
}
