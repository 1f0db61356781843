package sink_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/audit"
	"github.com/spython-dev/spython/internal/logverify"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/record"
	"github.com/spython-dev/spython/internal/sink"
)

const journaldBin = "/lib/systemd/systemd-journald"

// startJournald runs a real systemd-journald (Debian's systemd package)
// as a child of the test, in a journal namespace of its own: journald then
// listens on /run/systemd/journal.NS/socket and stores NS's entries apart,
// without PID 1 and without touching the system journal. It skips, saying
// why, where that cannot run.
func startJournald(t *testing.T) (ns, socket string) {
	t.Helper()
	if _, err := os.Stat(journaldBin); err != nil {
		t.Skipf("no %s (Debian package systemd, installed by scripts/setup.sh): skipping the real-journald test", journaldBin)
	}
	if _, err := exec.LookPath("journalctl"); err != nil {
		t.Skip("no journalctl: skipping the real-journald test")
	}
	if os.Geteuid() != 0 {
		t.Skip("systemd-journald needs root to create its sockets under /run/systemd: skipping the real-journald test")
	}
	ns = fmt.Sprintf("spythontest%d", os.Getpid())
	runDir := "/run/systemd/journal." + ns
	socket = filepath.Join(runDir, "socket")
	var out bytes.Buffer
	cmd := exec.Command(journaldBin, ns)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start %s: %v", journaldBin, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		os.RemoveAll(runDir)
		for _, pat := range []string{"/var/log/journal/*." + ns, "/run/log/journal/*." + ns} {
			dirs, _ := filepath.Glob(pat)
			for _, d := range dirs {
				os.RemoveAll(d)
			}
		}
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if st, err := os.Stat(socket); err == nil && st.Mode()&os.ModeSocket != 0 {
			return ns, socket
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			t.Skipf("systemd-journald %s did not create %s within 20 s (it may need a systemd host): %s", ns, socket, out.String())
		}
	}
}

// journalEntries reads the namespace's entries for one run as journalctl's
// JSON (every field, whatever its size).
func journalEntries(t *testing.T, ns, runID string, want int) []map[string]any {
	t.Helper()
	var entries []map[string]any
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		out, err := exec.Command("journalctl", "--namespace="+ns, "--all", "-o", "json", "SPYTHON_RUN_ID="+runID).Output()
		if err != nil {
			continue
		}
		entries = entries[:0]
		sc := bufio.NewScanner(bytes.NewReader(out))
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			var e map[string]any
			if json.Unmarshal(sc.Bytes(), &e) == nil {
				entries = append(entries, e)
			}
		}
		if len(entries) >= want {
			return entries
		}
	}
	t.Fatalf("journalctl --namespace=%s SPYTHON_RUN_ID=%s: %d entries after 30 s, want %d", ns, runID, len(entries), want)
	return nil
}

// TestJournaldReal sends a run's records through the journald sink to a
// real systemd-journald: they arrive whole (a 2 MiB one through the memfd
// path), with the journal fields that make `journalctl SPYTHON_RUN_ID=…`
// work, and `journalctl -o cat` output anchors the log file for verify.
func TestJournaldReal(t *testing.T) {
	ns, socket := startJournald(t)
	j, err := sink.OpenJournald(socket, true)
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "job.star.log")
	f, err := sink.OpenFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	var id [16]byte
	rand.Read(id[:])
	run := record.Run{ID: hex.EncodeToString(id[:]), ScriptPath: "/opt/jobs/job.star", PID: os.Getpid(), UID: os.Getuid(), Policy: "journaltest"}
	l := audit.New(audit.Config{Policy: &policy.Policy{Name: "journaltest"}, File: f, Run: run,
		Natives: []audit.Native{{Handler: j, Required: true}}})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(l.Emit("open", "allowed", "", starlark.Tuple{starlark.String("/etc/hosts"), starlark.String("r"), starlark.MakeInt(0)}))
	must(l.Emit("os.system", "denied", "journaltest: os.system is denied", starlark.Tuple{starlark.String("id")}))
	must(l.Emit("compile", "allowed", "", starlark.Tuple{starlark.String(strings.Repeat("x", 2<<20)), starlark.String("<string>")}))
	must(l.End(0, "finished"))

	local, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(local), "\n")
	lines = lines[:len(lines)-1]
	entries := journalEntries(t, ns, run.ID, len(lines))
	if len(entries) != len(lines) {
		t.Fatalf("%d journal entries, want %d", len(entries), len(lines))
	}
	var cat strings.Builder
	for i, e := range entries {
		msg, _ := e["MESSAGE"].(string)
		if msg != strings.TrimSuffix(lines[i], "\n") {
			t.Errorf("entry %d: MESSAGE has %d bytes and differs from the log line (%d bytes)", i, len(msg), len(lines[i])-1)
		}
		for k, want := range map[string]string{"SPYTHON_RUN_ID": run.ID, "SPYTHON_SCRIPT_PATH": run.ScriptPath,
			"SPYTHON_POLICY": "journaltest", "SYSLOG_IDENTIFIER": "spython", "SPYTHON_EVENT_SEQUENCE": fmt.Sprint(i)} {
			if e[k] != want {
				t.Errorf("entry %d: %s = %v, want %q", i, k, e[k], want)
			}
		}
		cat.WriteString(msg + "\n")
	}
	if e := entries[1]; e["SPYTHON_EVENT_REASON"] != "journaltest: os.system is denied" || e["SPYTHON_DECISION"] != "denied" || e["PRIORITY"] != "4" {
		t.Errorf("the denial's journal fields: reason %v, decision %v, priority %v", e["SPYTHON_EVENT_REASON"], e["SPYTHON_DECISION"], e["PRIORITY"])
	}
	if h, _ := entries[len(entries)-1]["SPYTHON_EVENT_HASH"].(string); len(h) != 64 {
		t.Errorf("run_end is an anchor but carries SPYTHON_EVENT_HASH %q", h)
	}
	anchors, err := logverify.ReadAnchors(strings.NewReader(cat.String()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := logverify.Verify(bytes.NewReader(local), logverify.Options{Anchors: anchors})
	if err != nil {
		t.Fatal(err)
	}
	if res.Break != nil || res.AnchorsMatched != res.Records {
		t.Fatalf("verify with the journal's anchors: %v, %d of %d anchored", res.Break, res.AnchorsMatched, res.Records)
	}
}
