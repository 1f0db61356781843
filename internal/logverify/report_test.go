package logverify

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

func TestSummarise(t *testing.T) {
	s := func(v string) starlark.Value { return starlark.String(v) }
	run := fakeRun{id: "r1", script: "/jobs/a.star", recs: []rec{
		ev("spython.open_code", "allowed", s("/jobs/a.star"), starlark.True),
		ev("compile", "allowed", starlark.None, s("/jobs/a.star")),
		ev("open", "allowed", s("gen.star"), s("w"), starlark.MakeInt(577)),
		ev("open", "denied", s("/jobs/denied.star"), s("w"), starlark.MakeInt(577)),
		ev("import", "allowed", s("gen"), s("/jobs/gen.star")),
		ev("spython.open_code", "allowed", s("/jobs/gen.star"), starlark.True),
		ev("compile", "allowed", starlark.None, s("/jobs/gen.star")),
		ev("compile", "allowed", starlark.None, s("/jobs/sneaky.star")),
		ev("compile", "denied", s("print(1)"), s("<string>")),
		ev("urllib.Request", "allowed", s("https://example.com/x"), starlark.None, starlark.NewDict(0), s("GET")),
		ev("socket.connect", "allowed", starlark.None, starlark.Tuple{s("93.184.216.34"), starlark.MakeInt(443)}),
		ev("subprocess.Popen", "allowed", s("ls"), starlark.NewList([]starlark.Value{s("ls"), s("-l")}), starlark.None, starlark.None),
		ev("os.system", "would_deny", s("id")),
	}}
	log := writeLog(t, nil, run, simpleRun("r2", 1))
	// Cut a record out of r2 to make a gap: r2 is lines 16-18.
	ls := lines(log)
	log = join(append(append([]string{}, ls[:16]...), ls[17:]...))

	rep, err := Summarise(bytes.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Runs) != 2 {
		t.Fatalf("%d runs, want 2", len(rep.Runs))
	}
	r1, r2 := rep.Runs[0], rep.Runs[1]
	for _, tc := range []struct {
		name string
		got  any
		want any
	}{
		{"r1 records", r1.Records, 15},
		{"r1 ended", r1.Ended, true},
		{"r1 exit", render(r1.ExitCode), "0"},
		{"denials", actions(r1.Denials), "open compile os.system"},
		{"dynamic code", len(r1.DynamicCode), 1},
		{"dynamic source", render(r1.DynamicCode[0].Source), "print(1)"},
		{"written then loaded", flows(r1.WrittenThenLoaded), "/jobs/gen.star@line4→line6"},
		{"network", targets(r1.Network), "GET https://example.com/x|[\"93.184.216.34\",443]"},
		{"subprocesses", targets(r1.Subprocesses), "[\"ls\",\"-l\"]|id"},
		{"compile without open_code", len(r1.CompileWithoutOpenCode), 1},
		{"compile without open_code path", render(r1.CompileWithoutOpenCode[0].Args), `[null,"/jobs/sneaky.star"]`},
		{"r1 gaps", len(r1.Gaps), 0},
		{"r2 gaps", r2.Gaps, []Gap{{Line: 17, Want: 1, Got: 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, _ := json.Marshal(tc.got)
			w, _ := json.Marshal(tc.want)
			if string(g) != string(w) {
				t.Errorf("got %s, want %s", g, w)
			}
		})
	}

	var text bytes.Buffer
	rep.WriteText(&text)
	for _, want := range []string{"run r1", "denials (3):", "dynamic code (1):", `source "print(1)"`, "files written then loaded (1):", "GET https://example.com/x", "compile without open_code (1):", "line 17: event.sequence 2, want 1"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
}

func TestSummariseDamaged(t *testing.T) {
	log := append(writeLog(t, nil, simpleRun("r1", 1)), "garbage\n"...)
	rep, err := Summarise(bytes.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Runs) != 1 || len(rep.Unparsed) != 1 || rep.Unparsed[0] != 4 {
		t.Errorf("runs %d unparsed %v, want 1 run and line 4 unparsed", len(rep.Runs), rep.Unparsed)
	}
}

func actions(es []Event) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return strings.Join(out, " ")
}

func targets(ds []Destination) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Target)
	}
	return strings.Join(out, "|")
}

func flows(fs []Flow) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path+"@line"+itoa(f.Write.Line)+"→line"+itoa(f.Load.Line))
	}
	return strings.Join(out, " ")
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestWrittenThenLoadedByInode: code written under one name and loaded
// under another (/proc/self/cwd, a symlinked directory) is found by its
// device and inode; a different inode under a similar name is not.
func TestWrittenThenLoadedByInode(t *testing.T) {
	s := func(v string) starlark.Value { return starlark.String(v) }
	i := starlark.MakeInt
	run := fakeRun{id: "r1", script: "/jobs/a.star", recs: []rec{
		ev("spython.open_code", "allowed", s("/jobs/a.star"), starlark.True),
		ev("spython.code_file", "allowed", s("/jobs/a.star"), i(2049), i(10)),
		ev("open", "allowed", s("/proc/self/cwd/gen.star"), s("w"), i(577)),
		ev("spython.file_written", "allowed", s("/proc/self/cwd/gen.star"), i(2049), i(42)),
		ev("open", "allowed", s("other.star"), s("w"), i(577)),
		ev("spython.file_written", "allowed", s("other.star"), i(2049), i(43)),
		ev("import", "allowed", s("gen"), s("/srv/link/gen.star")),
		ev("spython.open_code", "allowed", s("/srv/link/gen.star"), starlark.True),
		ev("spython.code_file", "allowed", s("/srv/link/gen.star"), i(2049), i(42)),
		ev("spython.open_code", "allowed", s("/srv/x/lib.star"), starlark.True),
		ev("spython.code_file", "allowed", s("/srv/x/lib.star"), i(2050), i(43)),
	}}
	rep, err := Summarise(bytes.NewReader(writeLog(t, nil, run)))
	if err != nil {
		t.Fatal(err)
	}
	if got := flows(rep.Runs[0].WrittenThenLoaded); got != "/srv/link/gen.star@line5→line10" {
		t.Errorf("written then loaded: %q", got)
	}
}
