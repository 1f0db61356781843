package launcher

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/sink"
)

func TestHMACKey(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the key must be root-owned: run as root")
	}
	dir := t.TempDir()
	key := []byte("0123456789abcdef0123456789abcdef\n")
	write := func(name string, mode os.FileMode, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good", 0o600, key)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(good, link); err != nil {
		t.Fatal(err)
	}
	notRoot := write("notroot", 0o600, key)
	if err := os.Chown(notRoot, 1000, 1000); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		path    string
		wantKey bool
		warn    string
	}{
		{"no key file in the policy", "", false, ""},
		{"root-owned 0600", good, true, ""},
		{"root-owned 0400", write("ro", 0o400, key), true, ""},
		{"group-readable", write("g", 0o640, key), false, "group or others"},
		{"world-writable", write("w", 0o602, key), false, "group or others"},
		{"symlink", link, false, "symlink"},
		{"not owned by root", notRoot, false, "not root"},
		{"too short", write("short", 0o600, []byte("short")), false, "at least 16"},
		{"missing", filepath.Join(dir, "missing"), false, "no such file"},
		{"a directory", dir, false, "not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			p := &policy.Policy{Log: policy.Log{HMACKeyFile: tc.path}}
			var got []byte
			if k := chainKey(p, &stderr); k != nil {
				got = k.Secret
			}
			if tc.wantKey && !bytes.Equal(got, key) {
				t.Errorf("key = %q, want the file's bytes verbatim", got)
			}
			if !tc.wantKey && got != nil {
				t.Errorf("key = %q, want none (fall back to SHA-256)", got)
			}
			if tc.warn == "" && stderr.Len() > 0 || !strings.Contains(stderr.String(), tc.warn) {
				t.Errorf("stderr = %q, want it to mention %q", stderr.String(), tc.warn)
			}
		})
	}
}

func TestOpenNatives(t *testing.T) {
	dir := t.TempDir()
	gram := filepath.Join(dir, "gram")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: gram, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := closed.Addr().String()
	closed.Close()
	missing := filepath.Join(dir, "missing")
	// A stale journald socket: the file is there, nobody listens.
	stale := filepath.Join(dir, "stale")
	sc, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: stale, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	sc.Close()
	if !isSocket(stale) {
		t.Fatal("the stale socket file went away with its listener")
	}

	for _, tc := range []struct {
		name      string
		sinks     []policy.Sink
		journal   string
		syslog    string
		wantErr   string
		wantTypes string
		warn      bool
	}{
		{"none", nil, missing, missing, "", "", false},
		{"auto without sockets", []policy.Sink{{Kind: "auto"}}, missing, missing, "", "", false},
		{"auto, required, without sockets", []policy.Sink{{Kind: "auto", Required: true}}, missing, missing, "neither", "", false},
		{"auto prefers journald", []policy.Sink{{Kind: "auto"}}, gram, gram, "", "*sink.Journald", false},
		{"auto falls back to syslog", []policy.Sink{{Kind: "auto"}}, missing, gram, "", "*sink.Syslog", false},
		{"auto with a stale journald socket uses syslog and says so", []policy.Sink{{Kind: "auto"}}, stale, gram, "", "*sink.Syslog", true},
		{"auto, required, stale journald, no syslog", []policy.Sink{{Kind: "auto", Required: true}}, stale, missing, "required log sink 0 (auto)", "", false},
		{"syslog at an address", []policy.Sink{{Kind: "syslog", Address: gram}}, missing, missing, "", "*sink.Syslog", false},
		{"tcp", []policy.Sink{{Kind: "tcp", Address: ln.Addr().String(), Required: true}}, missing, missing, "", "*sink.TCP", false},
		{"required tcp down", []policy.Sink{{Kind: "journald", Address: gram}, {Kind: "tcp", Address: deadAddr, Required: true}}, missing, missing, "required log sink 1 (tcp)", "", false},
		{"optional tcp down is kept for later", []policy.Sink{{Kind: "tcp", Address: deadAddr}}, missing, missing, "", "*sink.TCP", true},
		{"optional journald missing", []policy.Sink{{Kind: "journald", Address: missing}}, missing, missing, "", "", true},
		{"required journald missing", []policy.Sink{{Kind: "journald", Address: missing, Required: true}}, missing, missing, "required log sink 0 (journald)", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			journalSocket, syslogSocket = tc.journal, tc.syslog
			defer func() { journalSocket, syslogSocket = sink.DefaultJournalSocket, sink.DefaultSyslogSocket }()
			var stderr bytes.Buffer
			ns, err := openNatives(&policy.Policy{Log: policy.Log{Sinks: tc.sinks}}, &stderr)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var types []string
			for _, n := range ns {
				types = append(types, typeName(n.Handler))
				n.Close()
			}
			if got := strings.Join(types, " "); got != tc.wantTypes {
				t.Errorf("sinks %q, want %q", got, tc.wantTypes)
			}
			if got := stderr.Len() > 0; got != tc.warn {
				t.Errorf("warning printed: %v (%q), want %v", got, stderr.String(), tc.warn)
			}
		})
	}
}

func typeName(h sink.Handler) string {
	switch h.(type) {
	case *sink.Journald:
		return "*sink.Journald"
	case *sink.Syslog:
		return "*sink.Syslog"
	case *sink.TCP:
		return "*sink.TCP"
	}
	return "?"
}
