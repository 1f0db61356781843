// Package tlsrelaytest builds the spython-tls helper for tests, once per
// test binary, and pins it by its digest as the Makefile does.
package tlsrelaytest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/spython-dev/spython/internal/tlsrelay"
)

var (
	once   sync.Once
	dir    string
	path   string
	digest string
	err    error
)

// Build returns the path and hex SHA-256 of a freshly built spython-tls,
// built on first use and kept until the tests end (Main).
func Build(t testing.TB) (string, string) {
	t.Helper()
	once.Do(func() {
		d, e := os.MkdirTemp("", "spython-tls-test")
		if e != nil {
			err = e
			return
		}
		dir = d
		path = filepath.Join(dir, tlsrelay.HelperName)
		cmd := exec.Command("go", "build", "-o", path, "github.com/spython-dev/spython/cmd/spython-tls")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, e := cmd.CombinedOutput(); e != nil {
			err = &buildError{out: string(out), err: e}
			return
		}
		data, e := os.ReadFile(path)
		if e != nil {
			err = e
			return
		}
		sum := sha256.Sum256(data)
		digest = hex.EncodeToString(sum[:])
	})
	if err != nil {
		t.Fatalf("building spython-tls: %v", err)
	}
	return path, digest
}

// Main runs a package's tests, then deletes the helper if they built it;
// the package's TestMain exits with its result.
func Main(m *testing.M) int {
	code := m.Run()
	if dir != "" {
		os.RemoveAll(dir)
	}
	return code
}

// Helper is a pinned tlsrelay.Helper for the built spython-tls.
func Helper(t testing.TB) *tlsrelay.Helper {
	p, d := Build(t)
	return &tlsrelay.Helper{Path: p, Digest: d}
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }
