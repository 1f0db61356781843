package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// logpid LOG PIDFILE writes the process.pid of LOG's last run to PIDFILE,
// so that sendsig can signal a background spython.
func cmdLogpid(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: logpid LOG PIDFILE")
	}
	recs := readRecords(ts, args[0])
	if len(recs) == 0 {
		ts.Fatalf("%s: no records", args[0])
	}
	pid, ok := recs[len(recs)-1]["process.pid"].(json.Number)
	if !ok {
		ts.Fatalf("%s: last record has no process.pid", args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(pid.String()+"\n"), 0o600))
}

// pidgone PIDFILE asserts that the process in PIDFILE no longer exists.
func cmdPidgone(ts *testscript.TestScript, neg bool, args []string) {
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	ts.Check(err)
	gone := errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
	if gone == neg {
		ts.Fatalf("process %d gone: %v", pid, gone)
	}
}

// TestAttackCorpusInSync: every testdata/attacks/NAME.star is, byte for
// byte, the NAME.star of testdata/script/attack_NAME.txtar (where it runs
// end to end), and README.md lists it with its expected outcome.
func TestAttackCorpusInSync(t *testing.T) {
	corpus, err := filepath.Glob("../../testdata/attacks/*.star")
	if err != nil || len(corpus) == 0 {
		t.Fatalf("no attack corpus: %v", err)
	}
	readme, err := os.ReadFile("../../testdata/attacks/README.md")
	if err != nil {
		t.Fatal(err)
	}
	scripts, _ := filepath.Glob("testdata/script/attack_*.txtar")
	if len(scripts) != len(corpus) {
		t.Errorf("%d attack scripts, %d corpus files", len(scripts), len(corpus))
	}
	for _, path := range corpus {
		name := filepath.Base(path)
		stem := strings.TrimSuffix(name, ".star")
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ar, err := txtar.ParseFile("testdata/script/attack_" + stem + ".txtar")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		found := false
		for _, f := range ar.Files {
			if filepath.Base(f.Name) == name {
				found = true
				if !bytes.Equal(f.Data, want) {
					t.Errorf("%s differs from its copy in attack_%s.txtar", name, stem)
				}
			}
		}
		if !found {
			t.Errorf("attack_%s.txtar has no %s", stem, name)
		}
		if !bytes.Contains(readme, []byte("`"+name+"`")) {
			t.Errorf("README.md does not list %s", name)
		}
	}
}
