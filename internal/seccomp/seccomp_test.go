package seccomp

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	bpf "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/sys/unix"
)

// TestMain lets the test binary re-execute itself as a filtered child: a
// filter cannot be removed, so it is never installed in the test process.
func TestMain(m *testing.M) {
	if f := os.Getenv("SPYTHON_SECCOMP_CHILD"); f != "" {
		os.Exit(child(f))
	}
	os.Exit(m.Run())
}

// child installs the filter, then reports what the refused calls did.
func child(file string) int {
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		println("prctl:", err.Error())
		return 2
	}
	meta := os.Getenv("SPYTHON_SECCOMP_META") == "1"
	if _, err := Apply(Config{Metadata: meta, MPTCP: true}); err != nil {
		println("apply:", err.Error())
		return 2
	}
	var out []string
	res := func(name string, err error) {
		switch {
		case err == nil:
			out = append(out, name+"=ok")
		case errors.Is(err, unix.EPERM):
			out = append(out, name+"=EPERM")
		default:
			out = append(out, name+"="+err.Error())
		}
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, unix.IPPROTO_MPTCP)
	if err == nil {
		unix.Close(fd)
	}
	res("mptcp", err)
	fd, err = unix.Socket(unix.AF_INET, unix.SOCK_STREAM, unix.IPPROTO_TCP)
	if err == nil {
		unix.Close(fd)
	}
	res("tcp", err)
	res("chmod", unix.Chmod(file, 0o4755))
	res("fchownat", unix.Fchownat(unix.AT_FDCWD, file, 0, 0, 0))
	res("utimensat", unix.UtimesNano(file, []unix.Timespec{{}, {}}))
	res("setxattr", unix.Setxattr(file, "user.x", []byte("1"), 0))
	// A child of the child inherits the filter.
	c := exec.Command("chmod", "0600", file)
	res("exec chmod", c.Run())
	os.Stdout.WriteString(strings.Join(out, " ") + "\n")
	return 0
}

func TestFilter(t *testing.T) {
	if !bpf.Supported() {
		t.Skip("no seccomp filters on this kernel")
	}
	for _, tc := range []struct {
		meta bool
		want []string
	}{
		{true, []string{"mptcp=EPERM", "tcp=ok", "chmod=EPERM", "fchownat=EPERM", "utimensat=EPERM", "setxattr=EPERM", "exec chmod=exit status 1"}},
		{false, []string{"mptcp=EPERM", "tcp=ok", "chmod=ok", "utimensat=ok", "exec chmod=ok"}},
	} {
		file := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		meta := "0"
		if tc.meta {
			meta = "1"
		}
		cmd.Env = append(os.Environ(), "SPYTHON_SECCOMP_CHILD="+file, "SPYTHON_SECCOMP_META="+meta)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("metadata=%v: got %q, want %s", tc.meta, strings.TrimSpace(string(out)), w)
			}
		}
	}
}

func TestPolicyAssembles(t *testing.T) {
	for _, cfg := range []Config{{Metadata: true}, {MPTCP: true}, {Metadata: true, MPTCP: true}} {
		p, err := Policy(cfg)
		if err != nil || p == nil {
			t.Fatalf("Policy(%+v) = %v, %v", cfg, p, err)
		}
		if _, err := p.Assemble(); err != nil {
			t.Errorf("Assemble(%+v): %v", cfg, err)
		}
	}
	if p, _ := Policy(Config{}); p != nil {
		t.Errorf("an empty config built a filter")
	}
}
