package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// roffText undoes the roff escapes the man pages use ("\-" is "-").
func roffText(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("../../deploy/debian/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(data), `\-`, "-")
}

// Every command and every option in the commands' usage lines, and every
// exit code spython-admin returns, is in spython-admin.1.
func TestAdminManPage(t *testing.T) {
	page := roffText(t, "spython-admin.1")
	opt := regexp.MustCompile(`--?[a-z][a-z-]*`)
	for name, c := range commands {
		if !strings.Contains(page, ".BI \""+name) && !strings.Contains(page, ".B "+name) {
			t.Errorf("command %s is not in spython-admin.1", name)
		}
		usage, _, _ := strings.Cut(c.usage, "  ")
		for _, o := range opt.FindAllString(usage, -1) {
			if !strings.Contains(page, o) {
				t.Errorf("option %s of %s is not in spython-admin.1", o, name)
			}
		}
	}
	for _, s := range []string{"--help", "help", ".B 0", ".B 1", ".B 2"} {
		if !strings.Contains(page, s) {
			t.Errorf("%q is not in spython-admin.1", s)
		}
	}
}

// spython.1 has every option and every exit code of the contract (spec
// §1, §2).
func TestSpythonManPage(t *testing.T) {
	page := roffText(t, "spython.1")
	for _, s := range []string{
		"--help", "--version", ".B -c", ".B -m", ".B -\n", ".B -i",
		"spython.run_command", "spython.run_module", "spython.run_stdin", "spython.run_interactive", "spython.invalid_option",
		".B 0", ".I n", ".B 1", ".B 2", ".B 3", ".B 4", ".B 5", ".B 128+N",
		"/etc/spython/policy.json", "log.dir",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("%q is not in spython.1", s)
		}
	}
}
