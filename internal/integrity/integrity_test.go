package integrity

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/policy"
)

// fixture is a signed tree: dir holds the scripts and the manifest.
type fixture struct {
	dir, manifest string
	pub           string
	priv          ed25519.PrivateKey
}

func init() {
	if os.Geteuid() != 0 {
		// The test's own files: spython demands root-owned manifests.
		manifestRules.RootOwned, manifestRules.RootOrSelf = false, true
	}
}

func newFixture(t testing.TB, files map[string]string) *fixture {
	t.Helper()
	dir := t.TempDir()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{dir: dir, manifest: filepath.Join(dir, "manifest"), pub: base64.StdEncoding.EncodeToString(pub), priv: priv}
	body := ManifestHeader + "\n" + MetaLines(5, time.Now().Add(time.Hour))
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, 0o644) // umask-independent
		body += EntryLine(Digest([]byte(src)), name)
	}
	fx.write(t, Sign([]byte(body), priv))
	return fx
}

func (fx *fixture) write(t testing.TB, data []byte) {
	t.Helper()
	if err := os.WriteFile(fx.manifest, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func (fx *fixture) path(name string) string { return filepath.Join(fx.dir, name) }

// open returns the descriptor and bytes the way open_code hands them over.
func open(t testing.TB, path string) (*os.File, []byte) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return f, data
}

func TestVerifyManifest(t *testing.T) {
	files := map[string]string{"main.star": "print('main')\n", "lib.star": "x = 1\n", "other.star": "y = 2\n"}
	tests := []struct {
		name    string
		prepare func(t *testing.T, fx *fixture)
		file    string
		data    func(orig []byte) []byte // what open_code read; nil: the file
		want    string                   // "" means accepted; else a substring of the reason
	}{
		{name: "signed file", file: "main.star"},
		{name: "signed module", file: "lib.star"},
		{
			name: "module tampered after signing", file: "lib.star",
			prepare: func(t *testing.T, fx *fixture) { os.WriteFile(fx.path("lib.star"), []byte("x = 666\n"), 0o644) },
			want:    "lib.star does not match its signed digest",
		},
		{
			name: "bytes read differ from the file's (only data is judged)", file: "main.star",
			data: func(orig []byte) []byte { return append(orig, '#') },
			want: "does not match its signed digest",
		},
		{
			name: "file not listed", file: "new.star",
			prepare: func(t *testing.T, fx *fixture) { os.WriteFile(fx.path("new.star"), []byte("z\n"), 0o644) },
			want:    "new.star is not listed",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t, files)
			v, err := newVerifier(policy.Integrity{Mode: "enforce", Backends: []string{"manifest"}, Manifest: fx.manifest, PublicKey: fx.pub}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if tc.prepare != nil {
				tc.prepare(t, fx)
			}
			f, data := open(t, fx.path(tc.file))
			if tc.data != nil {
				data = tc.data(data)
			}
			ok, reason := v.Verify(f, fx.path(tc.file), data)
			checkVerdict(t, ok, reason, tc.want)
		})
	}
}

func checkVerdict(t *testing.T, ok bool, reason, want string) {
	t.Helper()
	if want == "" {
		if !ok || reason != "" {
			t.Fatalf("refused (%q), want accepted", reason)
		}
		return
	}
	if ok {
		t.Fatalf("accepted, want refused with %q", want)
	}
	if !strings.Contains(reason, want) {
		t.Fatalf("reason %q, want it to contain %q", reason, want)
	}
}

func TestLoadManifest(t *testing.T) {
	files := map[string]string{"a.star": "a\n"}
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	tests := []struct {
		name    string
		prepare func(t *testing.T, fx *fixture)
		key     func(fx *fixture) string
		state   func(t *testing.T, fx *fixture) string // the serial state file
		want    string
	}{
		{name: "good"},
		{
			name: "expired",
			prepare: func(t *testing.T, fx *fixture) {
				fx.write(t, Sign([]byte(ManifestHeader+"\n"+MetaLines(5, time.Now().Add(-time.Minute))+EntryLine(Digest([]byte("a\n")), "a.star")), fx.priv))
			},
			want: "expired at",
		},
		{
			name: "no serial or expiry",
			prepare: func(t *testing.T, fx *fixture) {
				fx.write(t, Sign([]byte(ManifestHeader+"\n"+EntryLine(Digest([]byte("a\n")), "a.star")), fx.priv))
			},
			want: "no serial or no expires line",
		},
		{
			name:  "serial equal to the highest seen",
			state: stateWith("5\n"),
		},
		{
			name:  "serial lower than the highest seen: rollback",
			state: stateWith("6\n"),
			want:  "serial 5 is lower than 6",
		},
		{
			name: "owned by an ordinary user",
			prepare: func(t *testing.T, fx *fixture) {
				if os.Geteuid() != 0 {
					t.Skip("chown needs root")
				}
				os.Chown(fx.manifest, 1000, 1000)
			},
			want: "not root",
		},
		{
			name: "edited without re-signing",
			prepare: func(t *testing.T, fx *fixture) {
				data, _ := os.ReadFile(fx.manifest)
				data = []byte(strings.Replace(string(data), "a.star", "b.star", 1))
				fx.write(t, data)
			},
			want: "bad signature",
		},
		{
			name: "line appended after the signature",
			prepare: func(t *testing.T, fx *fixture) {
				data, _ := os.ReadFile(fx.manifest)
				fx.write(t, append(data, EntryLine(Digest([]byte("evil")), "evil.star")...))
			},
			want: "not the last line",
		},
		{
			name: "signed by another key",
			key:  func(*fixture) string { return base64.StdEncoding.EncodeToString(otherPub) },
			want: "bad signature",
		},
		{
			name: "corrupt signature",
			prepare: func(t *testing.T, fx *fixture) {
				data, _ := os.ReadFile(fx.manifest)
				s := string(data)
				i := strings.LastIndex(s, signaturePrefix) + len(signaturePrefix)
				flip := "A"
				if s[i] == 'A' {
					flip = "B"
				}
				fx.write(t, []byte(s[:i]+flip+s[i+1:]))
			},
			want: "bad signature",
		},
		{
			name: "unsigned",
			prepare: func(t *testing.T, fx *fixture) {
				fx.write(t, []byte(ManifestHeader+"\n"+EntryLine(Digest([]byte("a\n")), "a.star")))
			},
			want: "is not signed",
		},
		{
			name: "symlink",
			prepare: func(t *testing.T, fx *fixture) {
				os.Rename(fx.manifest, fx.manifest+".real")
				os.Symlink(fx.manifest+".real", fx.manifest)
			},
			want: "symlink",
		},
		{
			name:    "group-writable",
			prepare: func(t *testing.T, fx *fixture) { os.Chmod(fx.manifest, 0o664) },
			want:    "writable by group or others",
		},
		{
			name:    "missing",
			prepare: func(t *testing.T, fx *fixture) { os.Remove(fx.manifest) },
			want:    "no such file",
		},
		{name: "bad key", key: func(*fixture) string { return "bm90IGEga2V5" }, want: "public key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t, files)
			if tc.prepare != nil {
				tc.prepare(t, fx)
			}
			key := fx.pub
			if tc.key != nil {
				key = tc.key(fx)
			}
			state := ""
			if tc.state != nil {
				state = tc.state(t, fx)
			}
			m, err := LoadManifest(fx.manifest, key, state, time.Now())
			if tc.want == "" {
				if err != nil || m.Len() != 1 {
					t.Fatalf("LoadManifest: %v, want 1 entry", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadManifest error %v, want %q", err, tc.want)
			}
		})
	}
}

// stateWith returns a serial state file holding content (root-owned when
// the test runs as root, as spython demands).
func stateWith(content string) func(t *testing.T, fx *fixture) string {
	return func(t *testing.T, fx *fixture) string {
		if os.Geteuid() != 0 {
			t.Skip("the serial state must be owned by root")
		}
		p := filepath.Join(fx.dir, "state", "serial")
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

func TestSerialState(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the serial state must be owned by root")
	}
	p := filepath.Join(t.TempDir(), "new", "serial")
	for _, step := range []struct {
		serial uint64
		want   string
		after  string
	}{
		{7, "", "7\n"}, // created on first use
		{9, "", "9\n"}, // a newer manifest raises it
		{9, "", "9\n"}, // the same one again
		{8, "lower than 9", "9\n"},
	} {
		err := checkSerial(p, step.serial)
		if step.want == "" && err != nil || step.want != "" && (err == nil || !strings.Contains(err.Error(), step.want)) {
			t.Fatalf("serial %d: %v, want %q", step.serial, err, step.want)
		}
		if b, _ := os.ReadFile(p); string(b) != step.after {
			t.Fatalf("serial %d: state %q, want %q", step.serial, b, step.after)
		}
	}
	os.Chmod(p, 0o666)
	if err := checkSerial(p, 10); err == nil || !strings.Contains(err.Error(), "writable by group or others") {
		t.Fatalf("world-writable state: %v", err)
	}
}

func TestParseBody(t *testing.T) {
	d := Digest([]byte("x"))
	tests := []struct {
		name, body string
		want       string // error substring; "" means valid
		abs        string // expected Abs of the first entry
	}{
		{name: "relative", body: ManifestHeader + "\n# c\n\n" + EntryLine(d, "sub/../x.star"), abs: "/m/x.star"},
		{name: "absolute", body: ManifestHeader + "\n" + EntryLine(d, "/opt/jobs/x.star"), abs: "/opt/jobs/x.star"},
		{name: "space in name", body: ManifestHeader + "\n" + EntryLine(d, "a b.star"), abs: "/m/a b.star"},
		{name: "no header", body: EntryLine(d, "x.star"), want: "line 1"},
		{name: "single space", body: ManifestHeader + "\nsha256 " + d + " x.star\n", want: "line 2"},
		{name: "short digest", body: ManifestHeader + "\n" + EntryLine(d[:10], "x.star"), want: "bad SHA-256"},
		{name: "upper-case digest", body: ManifestHeader + "\n" + EntryLine(strings.ToUpper(d), "x.star"), want: "bad SHA-256"},
		{name: "other algorithm", body: ManifestHeader + "\nmd5 " + d + "  x.star\n", want: "line 2"},
		{name: "duplicate", body: ManifestHeader + "\n" + EntryLine(d, "x.star") + EntryLine(d, "/m/x.star"), want: "already listed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es, err := ParseBody([]byte(tc.body), "/m")
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("error %v, want %q", err, tc.want)
				}
				return
			}
			if err != nil || len(es) != 1 || es[0].Abs != tc.abs {
				t.Fatalf("got %+v, %v; want one entry at %s", es, err, tc.abs)
			}
		})
	}
}

func TestVerifyXattr(t *testing.T) {
	const src = "print('x')\n"
	good := Digest([]byte(src))
	tests := []struct {
		name   string
		names  []string
		owners []int
		set    map[string]string
		uid    int         // chown the file to uid (when not 0; needs root)
		mode   os.FileMode // 0644 when 0
		want   string
	}{
		{name: "default name is trusted.*", set: map[string]string{policy.DefaultXattrName: good}},
		{name: "default ignores the CPython user.* name", set: map[string]string{policy.CPythonXattrName: good}, want: "no hash attribute"},
		{name: "user.* on a root-owned file", names: []string{policy.CPythonXattrName}, owners: []int{0}, set: map[string]string{policy.CPythonXattrName: good}},
		{name: "user.* on a user's own file", names: []string{policy.CPythonXattrName}, owners: []int{0}, uid: 1000, set: map[string]string{policy.CPythonXattrName: good}, want: "owned by uid 1000, not root"},
		{name: "user.* on a listed owner's file", names: []string{policy.CPythonXattrName}, owners: []int{1000}, uid: 1000, set: map[string]string{policy.CPythonXattrName: good}},
		{name: "user.* on a group-writable file", names: []string{policy.CPythonXattrName}, owners: []int{0}, mode: 0o664, set: map[string]string{policy.CPythonXattrName: good}, want: "writable by group or others"},
		{name: "trailing NUL from C tools", set: map[string]string{policy.DefaultXattrName: good + "\x00"}},
		{name: "wrong digest", set: map[string]string{policy.DefaultXattrName: Digest([]byte("other"))}, want: "does not match"},
		{name: "missing", want: "no hash attribute"},
		{name: "trusted name", names: []string{"trusted.spython.hash"}, set: map[string]string{"trusted.spython.hash": good}},
		{name: "trusted name ignores user name", names: []string{"trusted.spython.hash"}, set: map[string]string{policy.CPythonXattrName: good}, want: "no hash attribute"},
		{name: "first present name decides", names: []string{"trusted.spython.hash", policy.CPythonXattrName}, owners: []int{0}, set: map[string]string{"trusted.spython.hash": Digest(nil), policy.CPythonXattrName: good}, want: "trusted.spython.hash does not match"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "x.star")
			if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.mode != 0 {
				if err := os.Chmod(p, tc.mode); err != nil {
					t.Fatal(err)
				}
			}
			for n, val := range tc.set {
				if err := unix.Setxattr(p, n, []byte(val), 0); err != nil {
					t.Skipf("cannot set %s here: %v", n, err)
				}
			}
			if tc.uid != 0 {
				if err := os.Chown(p, tc.uid, tc.uid); err != nil {
					t.Skipf("chown needs root: %v", err)
				}
			}
			if os.Geteuid() != 0 && tc.want == "" && len(tc.owners) > 0 {
				tc.owners = append(tc.owners, os.Geteuid()) // the test's files are the test user's
			}
			v, err := newVerifier(policy.Integrity{Mode: "enforce", Backends: []string{"xattr"}, XattrNames: tc.names, XattrOwners: tc.owners}, 0)
			if err != nil {
				t.Fatal(err)
			}
			f, data := open(t, p)
			ok, reason := v.Verify(f, p, data)
			checkVerdict(t, ok, reason, tc.want)
			if !ok && !strings.HasPrefix(reason, policy.IntegrityReasonPrefix) {
				t.Fatalf("reason %q lacks the integrity prefix", reason)
			}
		})
	}
}

func TestVerifyFile(t *testing.T) {
	tests := []struct {
		name string
		mode os.FileMode
		uids []int
		want string
	}{
		{name: "0644 owned by an allowed uid", mode: 0o644},
		{name: "0600", mode: 0o600},
		{name: "group-writable", mode: 0o664, want: "writable by group or others (mode 664)"},
		{name: "world-writable", mode: 0o646, want: "writable by group or others"},
		{name: "owner not allowed", mode: 0o644, uids: []int{4242}, want: "not an allowed owner"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "x.star")
			os.WriteFile(p, []byte("x\n"), 0o600)
			if err := os.Chmod(p, tc.mode); err != nil {
				t.Fatal(err)
			}
			v, err := newVerifier(policy.Integrity{Mode: "enforce", Backends: []string{"file"}, AllowedUIDs: tc.uids}, 0)
			if err != nil {
				t.Fatal(err)
			}
			f, data := open(t, p)
			ok, reason := v.Verify(f, p, data)
			checkVerdict(t, ok, reason, tc.want)
		})
	}
}

// TestVerifyNoexec needs a noexec mount; it makes one when it may (root).
func TestVerifyNoexec(t *testing.T) {
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", unix.MS_NOEXEC, "size=1m"); err != nil {
		t.Skipf("cannot mount a noexec tmpfs here: %v", err)
	}
	defer unix.Unmount(dir, unix.MNT_DETACH)
	p := filepath.Join(dir, "x.star")
	os.WriteFile(p, []byte("x\n"), 0o755)
	for _, tc := range []struct {
		name  string
		allow bool
		want  string
	}{
		{name: "refused", want: "file: on a noexec mount"},
		{name: "allowed by policy", allow: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := newVerifier(policy.Integrity{Mode: "enforce", Backends: []string{"file"}, AllowNoexec: tc.allow}, 0)
			f, data := open(t, p)
			ok, reason := v.Verify(f, p, data)
			checkVerdict(t, ok, reason, tc.want)
		})
	}
}

func TestVerifyExecCheck(t *testing.T) {
	dir := t.TempDir()
	exe, plain := filepath.Join(dir, "exe.star"), filepath.Join(dir, "plain.star")
	os.WriteFile(exe, []byte("print(1)\n"), 0o755)
	os.WriteFile(plain, []byte("print(1)\n"), 0o644)
	os.Chmod(exe, 0o755)
	os.Chmod(plain, 0o644)
	f, _ := open(t, plain)
	if r := ExecCheck(f); r.Unavailable {
		t.Skipf("AT_EXECVE_CHECK is not available here: %v", r)
	}
	tests := []struct {
		name       string
		in         policy.Integrity
		securebits uint
		file       string
		want       string
		softenable bool
	}{
		{name: "auto, no securebits: result not enforced", in: policy.Integrity{Mode: "enforce", Backends: []string{"file"}}, file: plain},
		{name: "policy enforces: executable", in: policy.Integrity{Mode: "enforce", ExecCheck: "enforce"}, file: exe},
		{name: "policy enforces: not executable", in: policy.Integrity{Mode: "enforce", ExecCheck: "enforce"}, file: plain, want: "integrity: exec check: the kernel would not execute this file", softenable: true},
		{name: "securebit: executable", in: policy.Integrity{Mode: "off"}, securebits: SecbitExecRestrictFile, file: exe},
		{name: "securebit: not executable, mode off", in: policy.Integrity{Mode: "off"}, securebits: SecbitExecRestrictFile, file: plain, want: "exec check (SECBIT_EXEC_RESTRICT_FILE)"},
		{name: "securebit wins over audit mode", in: policy.Integrity{Mode: "audit", ExecCheck: "audit"}, securebits: SecbitExecRestrictFile, file: plain, want: "exec check (SECBIT_EXEC_RESTRICT_FILE)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := newVerifier(tc.in, tc.securebits)
			if err != nil {
				t.Fatal(err)
			}
			f, data := open(t, tc.file)
			ok, reason := v.Verify(f, tc.file, data)
			checkVerdict(t, ok, reason, tc.want)
			if !ok && strings.HasPrefix(reason, policy.IntegrityReasonPrefix) != tc.softenable {
				t.Fatalf("reason %q: softenable (integrity prefix) = %v, want %v", reason, !tc.softenable, tc.softenable)
			}
		})
	}
}

func TestNeededAndRefuser(t *testing.T) {
	tests := []struct {
		mode string
		bits uint
		want bool
	}{
		{"off", 0, false},
		{"off", SecbitExecDenyInteractive, false},
		{"off", SecbitExecRestrictFile, true},
		{"audit", 0, true},
		{"enforce", 0, true},
	}
	for _, tc := range tests {
		if got := Needed(policy.Integrity{Mode: tc.mode}, tc.bits); got != tc.want {
			t.Errorf("Needed(%s, %#x) = %v, want %v", tc.mode, tc.bits, got, tc.want)
		}
	}
}

func TestBrokenVerifierFailsClosed(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.star")
	os.WriteFile(plain, []byte("x\n"), 0o644)
	os.Chmod(plain, 0o644)
	missing := policy.Integrity{Mode: "enforce", Backends: []string{"manifest"}, Manifest: "/nonexistent/m", PublicKey: base64.StdEncoding.EncodeToString(make([]byte, 32))}
	audit := missing
	audit.Mode = "audit"
	execOK := !ExecCheck(func() *os.File { f, _ := open(t, plain); return f }()).Unavailable
	tests := []struct {
		name string
		in   policy.Integrity
		bits uint
		want string
	}{
		{name: "enforce, manifest missing", in: missing, want: "integrity: verifier unavailable: manifest /nonexistent/m: no such file"},
		{name: "audit, manifest missing", in: audit, want: "integrity: verifier unavailable: manifest /nonexistent/m"},
		{name: "audit, manifest missing, securebit still wins", in: audit, bits: SecbitExecRestrictFile, want: "exec check (SECBIT_EXEC_RESTRICT_FILE)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bits != 0 && !execOK {
				t.Skip("AT_EXECVE_CHECK is not available here")
			}
			v, err := newVerifier(tc.in, tc.bits)
			if err == nil || v == nil {
				t.Fatalf("newVerifier = %v, %v; want a verifier and an error", v, err)
			}
			f, data := open(t, plain)
			ok, reason := v.Verify(f, plain, data)
			checkVerdict(t, ok, reason, tc.want)
		})
	}
}

// BenchmarkVerify1MB measures every backend on a 1 MB script: the
// verification open_code adds on top of reading the file.
func BenchmarkVerify1MB(b *testing.B) {
	src := strings.Repeat("x = 1  # padding padding padding padding padding\n", 1<<20/50)
	fx := newFixture(b, map[string]string{"big.star": src})
	p := fx.path("big.star")
	if err := unix.Setxattr(p, policy.DefaultXattrName, []byte(Digest([]byte(src))), 0); err != nil {
		b.Skip(err)
	}
	os.Chmod(p, 0o755) // so that the kernel's exec check accepts it
	v, err := newVerifier(policy.Integrity{Mode: "enforce", Backends: []string{"manifest", "xattr", "file"}, Manifest: fx.manifest, PublicKey: fx.pub, ExecCheck: "enforce"}, 0)
	if err != nil {
		b.Fatal(err)
	}
	f, data := open(b, p)
	b.SetBytes(int64(len(data)))
	// Wall time is inflated on a loaded machine; CPU time per operation is
	// the figure that says what verification costs.
	before := cpuTime(b)
	n := 0
	for b.Loop() {
		if ok, reason := v.Verify(f, p, data); !ok {
			b.Fatal(reason)
		}
		n++
	}
	b.ReportMetric(float64(cpuTime(b)-before)/float64(n), "cpu-ns/op")
}

func cpuTime(b *testing.B) int64 {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
