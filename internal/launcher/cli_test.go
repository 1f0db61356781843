package launcher

import (
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args        []string
		stdinIsData bool
		event       string // refusal event, or "" for a run
		script      string
		scriptArgs  string
	}{
		{[]string{"job.star"}, false, "", "job.star", ""},
		{[]string{"job.star", "-c", "x", "--help"}, false, "", "job.star", "-c x --help"},
		{[]string{"./-odd.star"}, false, "", "./-odd.star", ""},
		{nil, false, "spython.run_interactive", "", ""},
		{nil, true, "spython.run_stdin", "", ""},
		{[]string{"-"}, false, "spython.run_stdin", "", ""},
		{[]string{"/dev/stdin"}, false, "spython.run_stdin", "", ""},
		{[]string{"-c", "print(1)"}, false, "spython.run_command", "", ""},
		{[]string{"-cprint(1)"}, false, "spython.run_command", "", ""},
		{[]string{"-m", "http.server"}, false, "spython.run_module", "", ""},
		{[]string{"-i"}, false, "spython.run_interactive", "", ""},
		{[]string{"-i", "job.star"}, false, "spython.run_interactive", "", ""},
		{[]string{"-E", "job.star"}, false, "spython.invalid_option", "", ""},
		{[]string{"--help", "job.star"}, false, "spython.invalid_option", "", ""},
		{[]string{"--version", "x"}, false, "spython.invalid_option", "", ""},
		{[]string{"-c"}, false, "spython.invalid_option", "", ""}, // -c needs an argument
	}
	for _, tt := range tests {
		inv := parseArgs(tt.args, tt.stdinIsData)
		switch {
		case tt.event != "":
			if inv.refusal == nil || inv.refusal.event != tt.event {
				t.Errorf("parseArgs(%q, %v) = %+v, want refusal %s", tt.args, tt.stdinIsData, inv, tt.event)
			} else if strings.ContainsAny(inv.refusal.message, "\n\r") {
				t.Errorf("parseArgs(%q): message is not one line", tt.args)
			}
		case inv.refusal != nil || inv.script != tt.script || strings.Join(inv.args, " ") != tt.scriptArgs:
			t.Errorf("parseArgs(%q) = %+v, want script %q args %q", tt.args, inv, tt.script, tt.scriptArgs)
		}
	}
	if inv := parseArgs([]string{"--help"}, false); !inv.help {
		t.Error("--help alone is not help")
	}
	if inv := parseArgs([]string{"--version"}, false); !inv.version {
		t.Error("--version alone is not version")
	}
}
