package sandbox

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

func TestWithout(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"etc/spython", "etc/ssl", "usr/lib"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"etc/hosts", "etc/spython/chain.key", "etc/spython/policy.json"} {
		if err := os.WriteFile(filepath.Join(root, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A symlink into the secret directory and one elsewhere.
	if err := os.Symlink(filepath.Join(root, "etc/spython"), filepath.Join(root, "etc/keys")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "usr/lib"), filepath.Join(root, "lib")); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(root, "etc/spython")
	j := func(ps ...string) []string {
		var out []string
		for _, p := range ps {
			out = append(out, filepath.Join(root, p))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"unrelated paths stay", j("usr"), j("usr")},
		{"the secret dir is dropped", j("etc/spython", "usr"), j("usr")},
		{"inside the secret dir is dropped", j("etc/spython/policy.json"), nil},
		{"a parent is expanded", j("etc"), j("etc/hosts", "etc/ssl")},
		{"the root is expanded", j(""), j("etc/hosts", "etc/ssl", "lib", "usr")},
		{"a symlink to the secret dir is dropped", j("etc/keys"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Without(tc.in, secret)
			sort.Strings(got)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Without(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}
