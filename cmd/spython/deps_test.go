package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestTLSInProcess: urlopen runs on the standard library's net/http and
// crypto/tls inside spython (issue 16): both builds link them, and no
// separate TLS helper package (internal/tlsrelay) comes back.
func TestTLSInProcess(t *testing.T) {
	for _, tags := range []string{"", "spython_dev"} {
		out, err := exec.Command("go", "list", "-tags", tags, "-deps", ".").Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		pkgs := strings.Fields(string(out))
		for _, want := range []string{"crypto/tls", "crypto/x509", "net/http"} {
			if !slices.Contains(pkgs, want) {
				t.Errorf("spython (tags %q) does not link %s", tags, want)
			}
		}
		for _, pkg := range pkgs {
			if strings.HasSuffix(pkg, "/internal/tlsrelay") || strings.Contains(pkg, "/internal/tlsrelay/") {
				t.Errorf("spython (tags %q) links %s", tags, pkg)
			}
		}
	}
}
