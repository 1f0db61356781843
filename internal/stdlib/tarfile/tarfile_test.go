package tarfile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// pyTree lists a directory as the generator's tree() does.
func pyTree(t *testing.T, root string) []string {
	var out []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case info.Mode()&os.ModeSymlink != 0:
			l, _ := os.Readlink(p)
			out = append(out, rel+" -> "+l)
		case info.IsDir():
			out = append(out, rel+"/")
		default:
			data, _ := os.ReadFile(p)
			out = append(out, fmt.Sprintf("%s %o b%s", rel, info.Mode().Perm()|info.Mode()&os.ModeSetuid, pyBytes(data)))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func pyBytes(b []byte) string {
	q := strconv.Quote(string(b))
	return "'" + strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`) + "'"
}

// TestCPythonFilterCases extracts each test archive as CPython 3.11 did
// with filter='data' (testdata/gen_cases.py): the same tree, or the same
// refusal with the same kind and message, and nothing written outside.
func TestCPythonFilterCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Archive string          `json:"archive"`
		Want    json.RawMessage `json:"want"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		top := t.TempDir()
		dest := filepath.Join(top, "dest")
		if err := os.Mkdir(dest, 0o755); err != nil {
			t.Fatal(err)
		}
		abs, _ := filepath.Abs(filepath.Join("testdata", c.Archive))
		var events []string
		pre := starlark.StringDict{"tarfile": Module(coretest.EventEnv(&events)), "src": starlark.String(abs), "dest": starlark.String(dest)}
		_, err := starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{}, "x", "t = tarfile.open(src)\nt.extractall(dest)\nt.close()\n", pre)
		var got any
		if err != nil {
			if ee, ok := err.(*starlark.EvalError); ok {
				err = ee.Unwrap()
			}
			kind, msg := pyerr.KindOf(err)
			up := filepath.Dir(top)
			msg = strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(msg, dest, "$DEST"), top, "$TOP"), up+"/", "$UP/")
			msg = strings.ReplaceAll(msg, "'"+up+"'", "'$UP'")
			got = "!" + kind + ": " + msg
		} else {
			got = pyTree(t, dest)
		}
		var want any
		json.Unmarshal(c.Want, &want)
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("%s:\n got %s\nwant %s", c.Archive, g, w)
		}
		// Nothing escaped the destination.
		ents, _ := os.ReadDir(top)
		if len(ents) != 1 {
			t.Errorf("%s: %d entries beside dest", c.Archive, len(ents)-1)
		}
		if _, err := os.Lstat(filepath.Join(filepath.Dir(top), "evil.txt")); err == nil {
			t.Errorf("%s: evil.txt written outside", c.Archive)
		}
	}
}

// A bomb is refused at the limit and leaves no partial file. (The events
// of an extraction, in CPython's order, are compared with CPython's own by
// the differential pair testdata/diff/mod_tarfile.)
func TestExtractLimit(t *testing.T) {
	top := t.TempDir()
	var events []string
	env := coretest.EventEnv(&events)
	abs, _ := filepath.Abs("testdata/ok.tar")
	pre := starlark.StringDict{"tarfile": Module(env), "src": starlark.String(abs)}
	// A 10-byte budget: a.txt (6 bytes) fits, run.sh (10) does not.
	env.ExtractLimit = 10
	pre["dest"] = starlark.String(top + "/small")
	_, err := starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{}, "x", "tarfile.open(src).extractall(dest)\n", pre)
	if kind, _ := pyerr.KindOf(unwrap(err)); kind != "ExtractError" {
		t.Fatalf("over the limit: %v, want ExtractError", err)
	}
	if _, err := os.Stat(top + "/small/top/run.sh"); err == nil {
		t.Error("a refused member was left on disk")
	}
}

func unwrap(err error) error {
	if ee, ok := err.(*starlark.EvalError); ok {
		return ee.Unwrap()
	}
	return err
}

// Writing: add() raises os.listdir and open for what it reads; the
// archive reads back; fully_trusted is refused.
func TestWriteReadBack(t *testing.T) {
	top := t.TempDir()
	os.MkdirAll(top+"/src/sub", 0o755)
	os.WriteFile(top+"/src/a.txt", []byte("A"), 0o644)
	os.WriteFile(top+"/src/sub/b.txt", []byte("B"), 0o600)
	var events []string
	pre := starlark.StringDict{"tarfile": Module(coretest.EventEnv(&events)), "top": starlark.String(top)}
	v, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `(lambda t: [t.add(top + "/src", arcname="src"), t.close()])(tarfile.open(top + "/x.tar.gz", "w:gz"))`, pre)
	if err != nil {
		t.Fatal(err, v)
	}
	joined := strings.Join(events, "\n")
	for _, w := range []string{`os.listdir ("` + top + `/src",)`, `open ("` + top + `/src/a.txt", "r", 524288)`, `open ("` + top + `/src/sub/b.txt", "r", 524288)`} {
		if !strings.Contains(joined, w) {
			t.Errorf("missing event %s in\n%s", w, joined)
		}
	}
	v, err = starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `(lambda t: [t.getnames(), t.extractfile("src/sub/b.txt").read(), t.getmember("src/a.txt").size, t.getmember("src").isdir()])(tarfile.open(top + "/x.tar.gz"))`, pre)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != `[["src", "src/a.txt", "src/sub", "src/sub/b.txt"], b"B", 1, True]` {
		t.Errorf("read back: %s", got)
	}
	_, err = starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", `tarfile.open(top + "/x.tar.gz").extractall(top + "/o", filter="fully_trusted")`, pre)
	if kind, _ := pyerr.KindOf(unwrap(err)); kind != "ValueError" {
		t.Errorf("fully_trusted: %v", err)
	}
}

// xz writes and reads back; bz2 reads (testdata made by CPython) but
// cannot be written, with CPython's error for a missing compressor; "r"
// detects each compression.
func TestCompressions(t *testing.T) {
	top := t.TempDir()
	os.WriteFile(top+"/a.txt", []byte("A"), 0o644)
	var events []string
	pre := starlark.StringDict{"tarfile": Module(coretest.EventEnv(&events)), "top": starlark.String(top)}
	cases := []struct{ expr, want string }{
		{`(lambda t: [t.add(top + "/a.txt", arcname="a.txt"), t.close()])(tarfile.open(top + "/x.tar.xz", "w:xz"))`, `[None, None]`},
		{`tarfile.open(top + "/x.tar.xz").getnames()`, `["a.txt"]`},
		{`tarfile.open(top + "/x.tar.xz", "r:xz").extractfile("a.txt").read()`, `b"A"`},
		{`tarfile.is_tarfile(top + "/x.tar.xz")`, `True`},
		{`tarfile.is_tarfile(top + "/a.txt")`, `False`},
		{`tarfile.open(top + "/b.tar.bz2", "w:bz2")`, `!CompressionError: bz2 module is not available`},
		{`tarfile.open(top + "/a.txt")`, "!ReadError: file could not be opened successfully:\n- method gz: ReadError('not a gzip file')\n- method bz2: ReadError('not a bzip2 file')\n- method xz: ReadError('not an lzma file')\n- method tar: ReadError('truncated header')"},
		{`tarfile.open(top + "/x.tar.xz", "r:gz")`, `!ReadError: not a gzip file`},
	}
	bz, _ := filepath.Abs("testdata/bz.tar.bz2")
	pre["bz"] = starlark.String(bz)
	cases = append(cases,
		struct{ expr, want string }{`tarfile.open(bz).getnames()`, `["bz", "bz/c.txt"]`},
		struct{ expr, want string }{`tarfile.open(bz, "r:bz2").extractfile("bz/c.txt").read()`, `b"CCC"`})
	for _, c := range cases {
		v, err := starlark.EvalOptions(coretest.FileOptions, &starlark.Thread{}, "x", c.expr, pre)
		got := ""
		if err != nil {
			kind, msg := pyerr.KindOf(unwrap(err))
			got = "!" + kind + ": " + msg
		} else {
			got = v.String()
		}
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.expr, got, c.want)
		}
	}
}
