package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSignalDuringStartupNotLost: SIGTERM sent at any moment of start-up,
// including across the re-execution that drops GODEBUG (CleanRuntimeEnv),
// always ends the run: exit 143 (with spython.run_end 143 as the last
// record when any record was written), or death by SIGTERM itself before
// the Go runtime hands signals to spython. It is never lost (the script
// would then run for 30 s and exit 0).
func TestSignalDuringStartupNotLost(t *testing.T) {
	runs := 400
	if testing.Short() {
		runs = 50
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "slow.star")
	if err := os.WriteFile(script, []byte("time.sleep(30)\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	logPath := script + ".log"
	for i := range runs {
		os.Remove(logPath)
		cmd := exec.Command(filepath.Join(binDir, "spython"), script)
		cmd.Env = append(os.Environ(), "GODEBUG=x=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.IntN(6000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatalf("run %d: SIGTERM lost (still running after 10 s)", i)
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("run %d: %v, want exit 143", i, err)
		}
		ws := ee.Sys().(syscall.WaitStatus)
		switch {
		case ws.Signaled() && ws.Signal() == syscall.SIGTERM:
			continue // before spython catches signals: the default action
		case ws.Exited() && ws.ExitStatus() == 143:
		default:
			t.Fatalf("run %d: %v, want exit 143", i, ee)
		}
		data, _ := os.ReadFile(logPath)
		lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
		if len(data) == 0 {
			continue // ended before the log was opened
		}
		var last struct {
			Action string `json:"event.action"`
			Args   []any  `json:"spython.args"`
		}
		if err := json.Unmarshal(lines[len(lines)-1], &last); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if last.Action != "spython.run_end" || len(last.Args) == 0 || last.Args[0] != float64(143) {
			t.Fatalf("run %d: last record %s, want run_end 143", i, lines[len(lines)-1])
		}
	}
}
