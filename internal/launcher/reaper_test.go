package launcher

import (
	"os/exec"
	"testing"
	"time"
)

// TestHasChildren checks the shortcut killDescendants takes: no child
// means no walk of /proc; a running child or an unreaped zombie means a
// walk. Not parallel: another test's child would count.
func TestHasChildren(t *testing.T) {
	if hasChildren() {
		t.Fatal("hasChildren() = true before any child was started")
	}
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start a child: %v", err)
	}
	if !hasChildren() {
		t.Error("hasChildren() = false with a running child")
	}
	_ = cmd.Process.Kill()
	// Until it is reaped the killed child is a zombie, and still counts.
	for deadline := time.Now().Add(5 * time.Second); alive(cmd.Process.Pid) && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if !hasChildren() {
		t.Error("hasChildren() = false with an unreaped zombie child")
	}
	_ = cmd.Wait()
	if hasChildren() {
		t.Error("hasChildren() = true after the child was reaped")
	}
}

// TestKillDescendantsNoChildren: with no child, nothing is killed.
func TestKillDescendantsNoChildren(t *testing.T) {
	if got := killDescendants(); len(got) != 0 {
		t.Errorf("killDescendants() = %v with no child", got)
	}
}
