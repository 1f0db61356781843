package logplace

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/sink"
)

// Expected names are systemd-escape --path's output (systemd 252).
func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/", "-"},
		{"/opt/jobs/backup.star", "opt-jobs-backup.star"},
		{"/opt/my-jobs/a b.star", `opt-my\x2djobs-a\x20b.star`},
		{"/.hidden/x.star", `\x2ehidden-x.star`},
		{"/a/.b/c", "a-.b-c"},
		{"/ü/x\\y", `\xc3\xbc-x\x5cy`},
		{"/a:b_c.d/e~f+g", `a:b_c.d-e\x7ef\x2bg`},
		{"/tmp/x//y/", "tmp-x-y"},
		{"/a\nb", `a\x0ab`},
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The escaping is one-to-one: paths that differ only where a naive
// escaping would merge them get different names.
func TestEscapeUnique(t *testing.T) {
	paths := []string{"/a/b-c", "/a-b/c", "/a/b/c", `/a/b\x2dc`, "/a/b_c", "/a/b.c", "/a/.b"}
	seen := map[string]string{}
	for _, p := range paths {
		n := Escape(p)
		if q, ok := seen[n]; ok {
			t.Errorf("%q and %q both escape to %q", p, q, n)
		}
		seen[n] = p
	}
}

// When systemd-escape is installed, it agrees on a few more paths.
func TestEscapeMatchesSystemd(t *testing.T) {
	bin, err := exec.LookPath("systemd-escape")
	if err != nil {
		t.Skip("systemd-escape not installed")
	}
	for _, p := range []string{"/srv/jobs/nightly backup (v2).star", "/home/ann/x@y#z%.star", "/opt/ä/ö.star", "/x/-y-/z"} {
		out, err := exec.Command(bin, "--path", p).Output()
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.TrimSpace(string(out)); Escape(p) != want {
			t.Errorf("Escape(%q) = %q, systemd-escape says %q", p, Escape(p), want)
		}
	}
}

func TestFileName(t *testing.T) {
	if got := FileName("/opt/jobs/backup.star"); got != "opt-jobs-backup.star.log" {
		t.Errorf("FileName = %q", got)
	}
	long := "/" + strings.Repeat("d/", 200) + "job.star"
	other := "/" + strings.Repeat("d/", 200) + "job2.star"
	a, b := FileName(long), FileName(other)
	if len(a) > nameMax || len(b) > nameMax {
		t.Errorf("names longer than NAME_MAX: %d, %d", len(a), len(b))
	}
	if a == b {
		t.Errorf("two long paths share the name %q", a)
	}
	if !strings.HasSuffix(a, ".log") {
		t.Errorf("long name %q does not end in .log", a)
	}
}

func TestPath(t *testing.T) {
	if got := Path("", "/opt/jobs/x.star", 7); got != "/opt/jobs/x.star.log" {
		t.Errorf("beside: %q", got)
	}
	if got := Path("/var/log/spython", "/opt/jobs/x.star", 7); got != "/var/log/spython/7/opt-jobs-x.star.log" {
		t.Errorf("dir: %q", got)
	}
}

// logDir makes a log directory as the package documents it: owned by the
// test's user; 1733 (world-writable, sticky) when root, so that other
// users' helpers can use it, else 0700.
func logDir(t *testing.T) string {
	t.Helper()
	base := sharedTempDir(t)
	dir := filepath.Join(base, "logs")
	mode := uint32(0o700)
	if os.Geteuid() == 0 {
		mode = 0o1733
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := unix.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestOpenInDir(t *testing.T) {
	dir := logDir(t)
	script := "/opt/jobs/x.star"
	for i := 0; i < 2; i++ {
		f, path, err := Open(dir, script)
		if err != nil {
			t.Fatal(err)
		}
		if want := Path(dir, script, os.Geteuid()); path != want || f.Path() != want {
			t.Errorf("path %q (file %q), want %q", path, f.Path(), want)
		}
		if err := f.Handle(sink.Meta{}, []byte("line\n")); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	path := Path(dir, script, os.Geteuid())
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "line\nline\n" {
		t.Fatalf("log holds %q (%v), want two appended lines", data, err)
	}
	assertMode(t, path, 0o600)
	assertMode(t, filepath.Dir(path), os.ModeDir|0o700)
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode() != want {
		t.Errorf("%s: mode %v, want %v", path, st.Mode(), want)
	}
}

func TestOpenBeside(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "x.star")
	f, path, err := Open("", script)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if path != script+".log" {
		t.Errorf("path %q", path)
	}
}

// Each way the log directory can be unsafe is refused, naming the problem.
func TestOpenRefusals(t *testing.T) {
	uid := os.Geteuid()
	sub := func(dir string) string { return filepath.Join(dir, strconv.Itoa(uid)) }
	for _, tc := range []struct {
		name   string
		root   bool                                  // needs root (chown)
		setup  func(t *testing.T, dir string) string // returns the dir to use
		substr string
	}{
		{"relative", false, func(t *testing.T, dir string) string { return "logs" }, "not an absolute path"},
		{"missing", false, func(t *testing.T, dir string) string { return filepath.Join(dir, "nope") }, "does not exist"},
		{"symlinked dir", false, func(t *testing.T, dir string) string {
			link := filepath.Join(filepath.Dir(dir), "link")
			must(t, os.Symlink(dir, link))
			return link
		}, "is a symlink"},
		{"symlink above", false, func(t *testing.T, dir string) string {
			link := filepath.Join(filepath.Dir(dir), "up")
			must(t, os.Symlink(filepath.Dir(dir), link))
			return filepath.Join(link, "logs")
		}, "is a symlink"},
		{"world-writable, not sticky", false, func(t *testing.T, dir string) string {
			must(t, os.Chmod(dir, 0o777))
			return dir
		}, "not sticky"},
		{"owned by another user", true, func(t *testing.T, dir string) string {
			must(t, os.Chown(dir, 65534, 65534))
			return dir
		}, "owned by uid 65534"},
		{"subdirectory squatted", true, func(t *testing.T, dir string) string {
			must(t, os.Mkdir(sub(dir), 0o700))
			must(t, os.Chown(sub(dir), 65534, 65534))
			return dir
		}, "owned by uid 65534, not by the user running spython"},
		{"subdirectory a symlink", false, func(t *testing.T, dir string) string {
			other := filepath.Join(filepath.Dir(dir), "other")
			must(t, os.Mkdir(other, 0o700))
			must(t, os.Symlink(other, sub(dir)))
			return dir
		}, "not a directory"},
		{"subdirectory a file", false, func(t *testing.T, dir string) string {
			must(t, os.WriteFile(sub(dir), nil, 0o600))
			return dir
		}, "not a directory"},
		{"subdirectory writable by others", false, func(t *testing.T, dir string) string {
			must(t, os.Mkdir(sub(dir), 0o700))
			must(t, os.Chmod(sub(dir), 0o777))
			return dir
		}, "writable by group or others"},
		{"log a symlink", false, func(t *testing.T, dir string) string {
			must(t, os.Mkdir(sub(dir), 0o700))
			must(t, os.Symlink("/etc/passwd", filepath.Join(sub(dir), FileName("/j/x.star"))))
			return dir
		}, "is a symlink"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.root && uid != 0 {
				t.Skip("needs root")
			}
			use := tc.setup(t, logDir(t))
			f, _, err := Open(use, "/j/x.star")
			if err == nil {
				f.Close()
				t.Fatalf("Open succeeded, want an error containing %q", tc.substr)
			}
			if !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("error %q does not contain %q", err, tc.substr)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Users are kept apart (run as root: helpers run the test binary as other
// uids). Ann (65501) and Bob (65502) share a 1733 log directory.
func TestUsersKeptApart(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run helpers as other users")
	}
	dir := logDir(t)
	bin := helperBinary(t)
	const ann, bob, cat = 65501, 65502, 65503
	script := "/opt/jobs/x.star"
	annLog := Path(dir, script, ann)

	// Ann's run creates her subdirectory and log.
	asUser(t, bin, ann, "open", dir, script).ok()
	if st, err := os.Stat(annLog); err != nil || st.Sys().(*syscall.Stat_t).Uid != ann {
		t.Fatalf("ann's log %s: %v", annLog, err)
	}
	// Bob cannot read, append to or pre-create in Ann's subdirectory, nor
	// list the log directory, nor move Ann's subdirectory away.
	asUser(t, bin, bob, "read", annLog).fails("permission denied")
	asUser(t, bin, bob, "append", annLog).fails("permission denied")
	asUser(t, bin, bob, "create", filepath.Join(filepath.Dir(annLog), "y.log")).fails("permission denied")
	asUser(t, bin, bob, "list", dir).fails("permission denied")
	asUser(t, bin, bob, "rename", filepath.Dir(annLog), filepath.Join(dir, "stolen")).fails("operation not permitted")
	// Bob's own run works beside Ann's, in his own subdirectory.
	asUser(t, bin, bob, "open", dir, script).ok()
	// Bob squats Cat's subdirectory: Cat's run refuses it (it is not used,
	// so Bob cannot read what Cat logs) and says root must remove it.
	asUser(t, bin, bob, "mkdir", filepath.Join(dir, strconv.Itoa(cat))).ok()
	asUser(t, bin, cat, "open", dir, script).fails("owned by uid 65502, not by the user running spython (65503)")
}

// sharedTempDir is a temporary directory other users can reach.
func sharedTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must(t, os.Chmod(filepath.Dir(dir), 0o755)) // testing's per-test parent
	must(t, os.Chmod(dir, 0o755))
	return dir
}

// helperBinary copies the test binary where other users can run it.
func helperBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	must(t, err)
	dir := sharedTempDir(t)
	bin := filepath.Join(dir, "logplace.test")
	in, err := os.Open(self)
	must(t, err)
	defer in.Close()
	out, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	must(t, err)
	_, err = io.Copy(out, in)
	must(t, err)
	must(t, out.Close())
	return bin
}

type helperResult struct {
	t   *testing.T
	out string
	err error
}

func (r helperResult) ok() {
	r.t.Helper()
	if r.err != nil {
		r.t.Fatalf("helper failed: %v: %s", r.err, r.out)
	}
}

func (r helperResult) fails(substr string) {
	r.t.Helper()
	if r.err == nil {
		r.t.Fatalf("helper succeeded, want a failure containing %q: %s", substr, r.out)
	}
	if !strings.Contains(r.out, substr) {
		r.t.Errorf("helper failed with %q, want %q", r.out, substr)
	}
}

func asUser(t *testing.T, bin string, uid int, args ...string) helperResult {
	cmd := exec.Command(bin, "-test.run=^TestHelper$")
	cmd.Env = []string{"LOGPLACE_HELPER=" + strings.Join(args, "\x1f")}
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	out, err := cmd.CombinedOutput()
	return helperResult{t, string(out), err}
}

// TestHelper is the other user's side of TestUsersKeptApart.
func TestHelper(t *testing.T) {
	spec, ok := os.LookupEnv("LOGPLACE_HELPER")
	if !ok {
		t.Skip("helper process only")
	}
	args := strings.Split(spec, "\x1f")
	var err error
	switch args[0] {
	case "open":
		var f interface{ Close() error }
		f, _, err = Open(args[1], args[2])
		if err == nil {
			f.Close()
		}
	case "read":
		_, err = os.ReadFile(args[1])
	case "append":
		var f *os.File
		if f, err = os.OpenFile(args[1], os.O_WRONLY|os.O_APPEND, 0); err == nil {
			f.Close()
		}
	case "create":
		var fd int
		if fd, err = unix.Open(args[1], unix.O_CREAT|unix.O_EXCL|unix.O_WRONLY, 0o600); err == nil {
			unix.Close(fd)
		}
	case "list":
		_, err = os.ReadDir(args[1])
	case "rename":
		err = os.Rename(args[1], args[2])
	case "mkdir":
		err = os.Mkdir(args[1], 0o700)
	default:
		err = errors.New("unknown helper op " + args[0])
	}
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	os.Exit(0)
}
