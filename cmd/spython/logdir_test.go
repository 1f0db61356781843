package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/spython-dev/spython/internal/logplace"
)

// cmdLogpath sets $LOG to where a policy with log directory DIR puts the
// log of SCRIPT for this user: logpath DIR SCRIPT.
func cmdLogpath(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: logpath DIR SCRIPT")
	}
	ts.Setenv("LOG", logplace.Path(args[0], ts.MkAbs(args[1]), os.Geteuid()))
}

// Amendment 1, as root with other users: in a log directory each user's
// runs log into the user's own subdirectory, the logs of two users of one
// script are apart and both verify, and a subdirectory another user made
// first is refused (exit 3) naming the setting, not used.
func TestLogDirUsers(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run spython as other users")
	}
	work := t.TempDir()
	for _, d := range []string{filepath.Dir(work), work} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(work, "job.star")
	if err := os.WriteFile(script, []byte("print('ran')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	logs := filepath.Join(binDir, "logs")
	run := func(uid int) (string, int) {
		cmd := exec.Command(filepath.Join(binDir, "spython-logdir"), script)
		cmd.Dir = work
		if uid != 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
		}
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	const ann, squatter, victim = 65511, 65512, 65513
	for _, uid := range []int{0, ann, ann} {
		if out, code := run(uid); code != 0 || !strings.Contains(out, "ran") {
			t.Fatalf("uid %d: exit %d: %s", uid, code, out)
		}
	}
	if _, err := os.Stat(script + ".log"); err == nil {
		t.Errorf("a log was written beside the script")
	}
	for _, uid := range []int{0, ann} {
		log := logplace.Path(logs, script, uid)
		st, err := os.Stat(log)
		if err != nil {
			t.Fatalf("uid %d: %v", uid, err)
		}
		if st.Sys().(*syscall.Stat_t).Uid != uint32(uid) || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: owner %d mode %v, want %d and 0600", log, st.Sys().(*syscall.Stat_t).Uid, st.Mode(), uid)
		}
		out, err := exec.Command(filepath.Join(binDir, "spython-admin"), "verify", log).CombinedOutput()
		if err != nil {
			t.Errorf("verify %s: %v: %s", log, err, out)
		}
	}
	// The squatter makes the victim's subdirectory before the victim's
	// first run.
	sq := exec.Command("mkdir", "-m", "0777", filepath.Join(logs, strconv.Itoa(victim)))
	sq.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: squatter, Gid: squatter}}
	if out, err := sq.CombinedOutput(); err != nil {
		t.Fatalf("squatter: %v: %s", err, out)
	}
	out, code := run(victim)
	if code != 3 || strings.Contains(out, "ran") {
		t.Fatalf("victim in a squatted directory: exit %d, want 3 and nothing run: %s", code, out)
	}
	for _, want := range []string{"owned by uid 65512", "log.dir"} {
		if !strings.Contains(out, want) {
			t.Errorf("message %q does not say %q", out, want)
		}
	}
}
