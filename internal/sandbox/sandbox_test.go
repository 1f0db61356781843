package sandbox

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// Applying a sandbox is irreversible, so each case runs in a child
// process: testdata/helper, built once without cgo.
var helperBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sandbox-helper")
	if err != nil {
		panic(err)
	}
	helperBin = filepath.Join(dir, "helper")
	cmd := exec.Command("go", "build", "-o", helperBin, "./testdata/helper")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the sandbox helper:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type helperCase struct {
	Config Config
	Read   []string
	Write  []string
	Dial   []int
}

type probe struct {
	Status  Status
	Results map[string]string
}

func itoa(n int) string { return strconv.Itoa(n) }

func runHelper(t *testing.T, hc helperCase) probe {
	t.Helper()
	arg, _ := json.Marshal(hc)
	cmd := exec.Command(helperBin, string(arg))
	cmd.Stderr = os.Stderr
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper: %v", err)
	}
	var p probe
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatalf("helper output %q: %v", data, err)
	}
	return p
}

// listenPort returns the port of a listener that lives as long as the test.
func listenPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

func TestApply(t *testing.T) {
	dir := t.TempDir()
	ro, rw, out := filepath.Join(dir, "ro"), filepath.Join(dir, "rw"), filepath.Join(dir, "out")
	for _, d := range []string{ro, rw, out} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "f"), []byte("data"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	allowed, denied := listenPort(t), listenPort(t)
	abi := ABI()
	tests := []struct {
		name     string
		landlock bool
		hc       helperCase
		want     map[string]string
		state    string
	}{
		{
			name: "nothing asked, nothing restricted",
			hc: helperCase{
				Read:  []string{filepath.Join(out, "f")},
				Write: []string{filepath.Join(out, "g")},
			},
			want: map[string]string{
				"read " + filepath.Join(out, "f"):  "ok",
				"write " + filepath.Join(out, "g"): "ok",
				"threads no_new_privs":             "not all",
			},
			state: StateOff,
		},
		{
			name:  "no_new_privs on every thread",
			hc:    helperCase{Config: Config{NoNewPrivs: true}},
			want:  map[string]string{"threads no_new_privs": "all"},
			state: StateOff,
		},
		{
			name:     "landlock filesystem",
			landlock: true,
			hc: helperCase{
				Config: Config{Landlock: true, Read: []string{ro, filepath.Join(dir, "missing")}, Write: []string{rw}},
				Read:   []string{filepath.Join(ro, "f"), filepath.Join(rw, "f"), filepath.Join(out, "f")},
				Write:  []string{filepath.Join(ro, "new"), filepath.Join(rw, "new"), filepath.Join(out, "new")},
			},
			want: map[string]string{
				"read " + filepath.Join(ro, "f"):     "ok",
				"read " + filepath.Join(rw, "f"):     "ok",
				"read " + filepath.Join(out, "f"):    "EACCES",
				"write " + filepath.Join(ro, "new"):  "EACCES",
				"write " + filepath.Join(rw, "new"):  "ok",
				"write " + filepath.Join(out, "new"): "EACCES",
				"threads no_new_privs":               "all",
			},
			state: StateApplied,
		},
		{
			name:     "landlock tcp",
			landlock: true,
			hc: helperCase{
				Config: Config{Landlock: true, Write: []string{"/"}, RestrictNet: true, ConnectTCP: []uint16{uint16(allowed)}},
				Dial:   []int{allowed, denied},
			},
			want: map[string]string{
				"dial " + itoa(allowed): "ok",
				"dial " + itoa(denied):  "EACCES",
			},
			state: StateApplied,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.landlock && abi < 1 {
				t.Skip("the kernel does not offer Landlock")
			}
			if tt.hc.Config.RestrictNet && abi < 4 {
				t.Skip("TCP rules need Landlock ABI 4")
			}
			p := runHelper(t, tt.hc)
			if e, ok := p.Results["apply"]; ok {
				t.Fatalf("Apply: %s", e)
			}
			if p.Status.Landlock != tt.state {
				t.Errorf("Landlock state %q, want %q (%s)", p.Status.Landlock, tt.state, p.Status.Detail)
			}
			for k, want := range tt.want {
				if got := p.Results[k]; got != want {
					t.Errorf("%s: %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestFSRightsByABI(t *testing.T) {
	tests := []struct {
		abi  int
		want uint64
	}{
		{1, fsV1}, {2, fsV2}, {3, fsV3}, {4, fsV3}, {5, fsV5}, {7, fsV5},
	}
	for _, tt := range tests {
		if got := fsRights(tt.abi); got != tt.want {
			t.Errorf("fsRights(%d) = %#x, want %#x", tt.abi, got, tt.want)
		}
	}
	if fsV2&^fsV1 == 0 || fsV3&^fsV2 == 0 || fsV5&^fsV3 == 0 {
		t.Error("each ABI step must add a right")
	}
}
