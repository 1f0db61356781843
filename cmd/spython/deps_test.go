package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoCryptoTLS: spython does not link crypto/tls or crypto/x509 (they
// run in the spython-tls helper, internal/tlsrelay), nor net/http. Linking
// them back costs every start-up (docs/performance.md).
func TestNoCryptoTLS(t *testing.T) {
	for _, tags := range []string{"", "spython_dev"} {
		out, err := exec.Command("go", "list", "-tags", tags, "-deps", ".").Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		for _, pkg := range strings.Fields(string(out)) {
			switch pkg {
			case "crypto/tls", "crypto/x509", "net/http":
				t.Errorf("spython (tags %q) links %s", tags, pkg)
			}
		}
	}
}
