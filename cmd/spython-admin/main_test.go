package main

import "testing"

// --help, help COMMAND and COMMAND --help print usage and succeed; an
// unknown command is a usage error (2).
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"--help"}, 0},
		{[]string{"-h"}, 0},
		{[]string{"help"}, 0},
		{[]string{"help", "verify"}, 0},
		{[]string{"verify", "--help"}, 0},
		{[]string{"report", "-h"}, 0},
		{[]string{"--version"}, 0},
		{[]string{"version"}, 0},
		{[]string{"help", "nope"}, 2},
		{[]string{"nope"}, 2},
		{nil, 2},
		{[]string{"verify", "--bogus", "x"}, 2},
	} {
		if got := run(tc.args); got != tc.want {
			t.Errorf("spython-admin %q: exit %d, want %d", tc.args, got, tc.want)
		}
	}
}
