package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

func mustParse(t *testing.T, doc string) *Policy {
	t.Helper()
	p, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBuiltinPolicies(t *testing.T) {
	for _, name := range []string{"production", "developer"} {
		data, err := os.ReadFile(filepath.Join("builtin", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tests := []struct {
			event string
			args  starlark.Tuple
			prod  Verdict
			dev   Verdict
		}{
			{"sys.addaudithook", nil, Deny, Allow},
			{"os.system", starlark.Tuple{starlark.String("id")}, Deny, Deny},
			{"compile", starlark.Tuple{starlark.String("1+1"), starlark.String("<string>")}, Deny, Allow},
			{"compile", starlark.Tuple{starlark.None, starlark.String("/x.star")}, Allow, Allow},
			{"open", starlark.Tuple{starlark.String("/etc/passwd"), starlark.String("r"), starlark.MakeInt(0)}, Allow, Allow},
			{"subprocess.Popen", starlark.Tuple{starlark.String("ls")}, Allow, Allow},
		}
		for _, tt := range tests {
			want := tt.prod
			if name == "developer" {
				want = tt.dev
			}
			if got := p.Decide(tt.event, tt.args).Verdict; got != want {
				t.Errorf("%s: %s%v = %v, want %v", name, tt.event, tt.args, got, want)
			}
		}
		if p.AllowScriptHooks != (name == "developer") {
			t.Errorf("%s: allow_script_hooks = %v", name, p.AllowScriptHooks)
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`{}`, "name is required"},
		{`{"name":"x","deny":[{"event":"os.system"}]}`, "reason is required"},
		{`{"name":"x","deny":[{"reason":"r"}]}`, "event is required"},
		{`{"name":"x","unknown":1}`, "unknown field"},
		{`{"name":"x","open_code":{"extensions":[".pyc"]}}`, "never accepted"},
		{`{"name":"x","open_code":{"extensions":["star"]}}`, "must look like"},
		{`{"name":"x","open_code":{"integrity":{"mode":"sometimes"}}}`, "want off, audit or enforce"},
		{`{"name":"x","log":{"dir":"relative"}}`, "must be absolute"},
		{`{"name":"x","system_policy":"etc/p.json"}`, "must be absolute"},
		{`{"name":"x","log":{"sinks":[{"kind":"tcp"}]}}`, "needs an address"},
		{`{"name":"x","limits":{"wall_time":"soon"}}`, "bad duration"},
		{`{"name":"x"} {"name":"y"}`, "trailing data"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s) = %v, want error containing %q", tt.doc, err, tt.want)
		}
	}
}

func TestDecideRules(t *testing.T) {
	p := mustParse(t, `{"name":"t","deny":[
		{"event":"open","args":["/etc/*","!null"],"reason":"etc"},
		{"event":"os.*","reason":"os family"},
		{"event":"socket.connect","args":["*","443"],"reason":"port"}
	],"predeclared":{"deny":["subprocess"]},"open_code":{"integrity":{"mode":"audit","backends":["file"]}}}`)
	type S = starlark.String
	s := func(x string) starlark.Value { return S(x) }
	i := starlark.MakeInt
	tests := []struct {
		event  string
		args   starlark.Tuple
		want   Verdict
		reason string
	}{
		{"open", starlark.Tuple{s("/etc/shadow"), s("r")}, Deny, "etc"},
		{"open", starlark.Tuple{s("/etc/shadow"), starlark.None}, Allow, ""},
		{"open", starlark.Tuple{s("/tmp/x"), s("r")}, Allow, ""},
		{"open", starlark.Tuple{s("/etc/shadow")}, Allow, ""}, // fewer args than patterns
		{"os.remove", starlark.Tuple{s("x")}, Deny, "os family"},
		{"socket.connect", starlark.Tuple{s("sock"), i(443)}, Deny, "port"},
		{"socket.connect", starlark.Tuple{s("sock"), i(80)}, Allow, ""},
		{"import", starlark.Tuple{s("subprocess"), starlark.None}, Deny, "predeclared: subprocess is not allowed by policy t"},
		{"import", starlark.Tuple{s("subprocess"), s("/x/subprocess.star")}, Allow, ""},
		{"import", starlark.Tuple{s("os"), starlark.None}, Deny, "os family"}, // "import" is not os.*: falls to... see below
		{EventOpenCode, starlark.Tuple{s("/x.star"), starlark.False}, Deny, "open_code: refused"},
		{EventOpenCode, starlark.Tuple{s("/x.star"), starlark.True}, Allow, ""},
		{EventIntegrityFailure, starlark.Tuple{s("/x.star"), s("integrity: digest mismatch")}, WouldDeny, "open_code: integrity: digest mismatch"},
		{EventIntegrityFailure, starlark.Tuple{s("/x.star"), s("compiled bytecode is never run")}, Deny, "open_code: compiled bytecode is never run"},
	}
	for _, tt := range tests {
		if tt.event == "import" && tt.args[0] == S("os") {
			// import (os, None) is allowed: the os.* rule does not match "import".
			tt.want, tt.reason = Allow, ""
		}
		d := p.Decide(tt.event, tt.args)
		if d.Verdict != tt.want || d.Reason != tt.reason {
			t.Errorf("Decide(%s, %v) = %v %q, want %v %q", tt.event, tt.args, d.Verdict, d.Reason, tt.want, tt.reason)
		}
	}
}

func TestReportOnly(t *testing.T) {
	p := mustParse(t, `{"name":"r","report_only":true,"deny":[{"event":"os.system","reason":"no"}]}`)
	if d := p.Decide("os.system", starlark.Tuple{starlark.String("id")}); d.Verdict != WouldDeny || d.Reason != "no" {
		t.Errorf("report-only: %v %q", d.Verdict, d.Reason)
	}
	// Intrinsic refusals are not softened by report-only mode.
	if d := p.Decide(EventOpenCode, starlark.Tuple{starlark.String("x"), starlark.False}); d.Verdict != Deny {
		t.Errorf("report-only softened an open_code refusal: %v", d.Verdict)
	}
}

func TestDecideAllowedDoesNotAllocate(t *testing.T) {
	p := mustParse(t, `{"name":"t","deny":[{"event":"os.system","reason":"r"},{"event":"x.*","reason":"r"}]}`)
	args := starlark.Tuple{starlark.String("/tmp/x"), starlark.String("r")}
	if n := testing.AllocsPerRun(100, func() { p.Decide("open", args) }); n != 0 {
		t.Errorf("Decide allocates %v times on the allowed path", n)
	}
}

func TestTighten(t *testing.T) {
	base := mustParse(t, `{"name":"base","deny":[{"event":"os.system","reason":"r"}],
		"open_code":{"extensions":[".star",".job"],"max_size":1000},"limits":{"steps":100}}`)
	tests := []struct {
		name, doc, wantErr string
		check              func(*Policy) string
	}{
		{"adds rules, narrows, lowers", `{"name":"site","deny":[{"event":"open","reason":"site"}],
			"predeclared":{"deny":["exec"]},"open_code":{"extensions":[".star"],"max_size":500,"integrity":{"mode":"enforce","backends":["file"]}},"limits":{"steps":1000,"wall_time":"1s"}}`, "",
			func(p *Policy) string {
				switch {
				case p.Decide("open", nil).Verdict != Deny:
					return "site rule not applied"
				case p.Decide("os.system", nil).Verdict != Deny:
					return "base rule lost"
				case p.AllowsName("exec"):
					return "exec still allowed"
				case p.AcceptsExtension("x.job"):
					return ".job still accepted"
				case p.OpenCode.MaxSize != 500:
					return "max_size not lowered"
				case p.OpenCode.Integrity.Mode != ModeEnforce:
					return "integrity not raised"
				case p.Limits.Steps != 100:
					return "steps limit raised"
				case p.Limits.WallTime == 0:
					return "wall time not added"
				}
				return ""
			}},
		{"cannot turn on report-only", `{"name":"s","report_only":true}`, "report_only", nil},
		{"extends or turns off redaction", `{"name":"s","log":{"redact":{"off":true,"env":["PIN"],"headers":["X-Key"]}}}`, "",
			func(p *Policy) string {
				if !p.Log.Redact.Off || len(p.Log.Redact.Env) != 1 || len(p.Log.Redact.Headers) != 1 {
					return "redact not taken"
				}
				return ""
			}},
		{"cannot allow script hooks", `{"name":"s","allow_script_hooks":true}`, "allow_script_hooks", nil},
		// Amendment 1: the root-owned system policy decides where logs go.
		{"sets the log directory", `{"name":"s","log":{"dir":"/var/log/spython"}}`, "",
			func(p *Policy) string {
				if p.Log.Dir != "/var/log/spython" {
					return "log.dir not taken: " + p.Log.Dir
				}
				return ""
			}},
		{"cannot extend the module path", `{"name":"s","module_path":["/tmp"]}`, "module_path", nil},
		{"cannot leave no extension", `{"name":"s","open_code":{"extensions":[".other"]}}`, "no extension", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := base.Tighten(mustParse(t, tt.doc))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.check(got); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestSystemPolicyTrust(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to create root-owned files")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.json")
	base := mustParse(t, `{"name":"base","system_policy":"`+path+`"}`)
	tighter := `{"name":"sys","deny":[{"event":"os.kill","reason":"sys"}]}`
	tests := []struct {
		name   string
		setup  func()
		status SystemStatus
		denied bool
	}{
		{"absent", func() {}, SystemAbsent, false},
		{"root-owned 0644 applies", func() { os.WriteFile(path, []byte(tighter), 0o644) }, SystemApplied, true},
		{"group-writable is ignored", func() { os.WriteFile(path, []byte(tighter), 0o664); os.Chmod(path, 0o664) }, SystemIgnored, false},
		{"not owned by root is ignored", func() { os.WriteFile(path, []byte(tighter), 0o644); os.Chmod(path, 0o644); os.Chown(path, 1, 1) }, SystemIgnored, false},
		{"a symlink is ignored", func() {
			os.WriteFile(path+".real", []byte(tighter), 0o644)
			os.Symlink(path+".real", path)
		}, SystemIgnored, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(path)
			tt.setup()
			p, status, why, err := base.WithSystem()
			if err != nil {
				t.Fatal(err)
			}
			if status != tt.status {
				t.Fatalf("status = %s (%s), want %s", status, why, tt.status)
			}
			if got := p.Decide("os.kill", nil).Verdict == Deny; got != tt.denied {
				t.Errorf("os.kill denied = %v, want %v", got, tt.denied)
			}
		})
	}
	t.Run("trusted but loosening is an error", func(t *testing.T) {
		os.Remove(path)
		os.WriteFile(path, []byte(`{"name":"sys","report_only":true}`), 0o644)
		if _, _, _, err := base.WithSystem(); err == nil {
			t.Fatal("a loosening system policy was accepted")
		}
	})
}
