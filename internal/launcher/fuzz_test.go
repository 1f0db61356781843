package launcher

import (
	"slices"
	"strings"
	"testing"
)

// FuzzParseArgs: the command-line parser never panics; it yields exactly
// one of help, version, a script or a refusal; the script is never an
// option and gets every later argument unchanged; a refusal names an
// audit event and says what was refused on one line.
func FuzzParseArgs(f *testing.F) {
	f.Add(3, "job.star", "-c", "x")
	f.Add(2, "-c", "import os", "")
	f.Add(1, "--help", "", "")
	f.Add(2, "--version", "x", "")
	f.Add(1, "-", "", "")
	f.Add(1, "/dev/stdin", "", "")
	f.Add(0, "", "", "")
	f.Add(2, "-m", "http.server", "")
	f.Add(1, "-i", "", "")
	f.Add(1, "--x=\n{\"forged\":1}", "", "")
	f.Add(2, "-Wignore", "x.star", "")
	f.Fuzz(func(t *testing.T, n int, a, b, c string) {
		all := []string{a, b, c}
		k := n % 4
		if k < 0 {
			k = -k
		}
		args := all[:k]
		inv := parseArgs(args, false)
		outcomes := 0
		for _, ok := range []bool{inv.help, inv.version, inv.script != "", inv.refusal != nil} {
			if ok {
				outcomes++
			}
		}
		if outcomes != 1 && !(len(args) > 0 && args[0] == "" && outcomes == 0) {
			t.Fatalf("parseArgs(%q): %d outcomes: %+v", args, outcomes, inv)
		}
		if inv.script != "" {
			if strings.HasPrefix(inv.script, "-") {
				t.Fatalf("parseArgs(%q): script %q looks like an option", args, inv.script)
			}
			if inv.script != args[0] || !slices.Equal(inv.args, args[1:]) {
				t.Fatalf("parseArgs(%q): script %q args %q", args, inv.script, inv.args)
			}
		}
		if r := inv.refusal; r != nil {
			if !strings.HasPrefix(r.event, "spython.") || r.args == nil {
				t.Fatalf("parseArgs(%q): refusal without an event: %+v", args, r)
			}
			if r.message == "" || strings.ContainsAny(r.message, "\n\r") {
				t.Fatalf("parseArgs(%q): refusal message %q is not one line", args, r.message)
			}
		}
	})
}
