package platform

import (
	"os"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// The values are the machine's uname(2), as CPython's platform gives them.
func TestUname(t *testing.T) {
	pre := starlark.StringDict{"platform": Module()}
	host, _ := os.Hostname()
	rel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	for expr, want := range map[string]string{
		"platform.system()":         "Linux",
		"platform.node()":           host,
		"platform.release()":        strings.TrimSpace(string(rel)),
		"platform.python_version()": "3.11.0",
		"platform.uname()[0]":       "Linux",
	} {
		if got := coretest.Eval(pre, "", expr); got != want {
			t.Errorf("%s = %q, want %q", expr, got, want)
		}
	}
	if m := coretest.Eval(pre, "", "platform.machine()"); m == "" || strings.HasPrefix(m, "!") {
		t.Errorf("machine() = %q", m)
	}
}
