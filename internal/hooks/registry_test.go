package hooks

import (
	"errors"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// recorder is a launcher hook that records events and denies some.
type recorder struct {
	name   string
	log    *[]string
	deny   map[string]error
	failed []string
}

func (r *recorder) Audit(_ *starlark.Thread, event string, args starlark.Tuple) error {
	*r.log = append(*r.log, r.name+":"+event)
	return r.deny[event]
}

func (r *recorder) ScriptHookFailed(_ *starlark.Thread, event string, _ starlark.Tuple, err error) error {
	r.failed = append(r.failed, event+": "+err.Error())
	return nil
}

type fatalErr struct{}

func (fatalErr) Error() string { return "fatal" }
func (fatalErr) Fatal() bool   { return true }

func scriptHook(t *testing.T, log *[]string, name string, fail string) starlark.Callable {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		ev := string(args[0].(starlark.String))
		if _, ok := args[1].(starlark.Tuple); !ok {
			t.Errorf("script hook got args of type %s, want tuple", args[1].Type())
		}
		*log = append(*log, name+":"+ev)
		if ev == fail {
			return nil, errors.New(name + " refuses " + ev)
		}
		return starlark.None, nil
	})
}

func TestAuditOrderAndFirstFailureStops(t *testing.T) {
	denied := &DeniedError{Event: "bad", Reason: "test"}
	tests := []struct {
		name    string
		event   string
		want    []string
		wantErr string
	}{
		{"all hooks in order", "ok", []string{"L1:ok", "L2:ok", "S1:ok", "S2:ok"}, ""},
		{"launcher denial stops the rest", "bad", []string{"L1:bad"}, "denied"},
		{"second launcher hook denies", "l2bad", []string{"L1:l2bad", "L2:l2bad"}, "l2"},
		{"script hook failure stops later script hooks", "s1bad", []string{"L1:s1bad", "L2:s1bad", "S1:s1bad"}, "S1 refuses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log []string
			l1 := &recorder{name: "L1", log: &log, deny: map[string]error{"bad": denied}}
			l2 := &recorder{name: "L2", log: &log, deny: map[string]error{"l2bad": errors.New("l2")}}
			var r Registry
			r.AddLauncher(l1)
			r.AddLauncher(l2)
			r.Seal()
			if err := r.AddScriptHook(new(starlark.Thread), scriptHook(t, &log, "S1", "s1bad")); err != nil {
				t.Fatal(err)
			}
			if err := r.AddScriptHook(new(starlark.Thread), scriptHook(t, &log, "S2", "")); err != nil {
				t.Fatal(err)
			}
			log = nil
			err := r.Audit(new(starlark.Thread), tt.event, starlark.Tuple{starlark.MakeInt(1)})
			if got := strings.Join(log, " "); got != strings.Join(tt.want, " ") {
				t.Errorf("calls = %q, want %q", got, tt.want)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("err = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
			if tt.event == "s1bad" && len(l1.failed) != 1 {
				t.Errorf("script hook failure not reported to the launcher: %q", l1.failed)
			}
		})
	}
}

func TestSealRefusesLauncherHooks(t *testing.T) {
	var r Registry
	var log []string
	if err := r.AddLauncher(&recorder{name: "L", log: &log}); err != nil {
		t.Fatal(err)
	}
	r.Seal()
	if !r.Sealed() {
		t.Fatal("Sealed() = false after Seal")
	}
	if err := r.AddLauncher(&recorder{name: "late", log: &log}); !errors.Is(err, ErrSealed) {
		t.Fatalf("AddLauncher after Seal = %v, want ErrSealed", err)
	}
	r.Audit(nil, "e", nil)
	if strings.Join(log, " ") != "L:e" {
		t.Errorf("a hook added after the seal ran: %q", log)
	}
}

func TestAddScriptHook(t *testing.T) {
	tests := []struct {
		name      string
		deny      error
		wantErr   bool
		wantAdded bool
	}{
		{"allowed: added", nil, false, true},
		{"catchable denial: silently not added", &DeniedError{Event: EventAddAuditHook, Reason: "sealed"}, false, false},
		{"fatal error propagates", fatalErr{}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log []string
			var r Registry
			r.AddLauncher(&recorder{name: "L", log: &log, deny: map[string]error{EventAddAuditHook: tt.deny}})
			r.Seal()
			err := r.AddScriptHook(new(starlark.Thread), scriptHook(t, &log, "S", ""))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if len(log) == 0 || log[0] != "L:"+EventAddAuditHook {
				t.Fatalf("sys.addaudithook was not raised first: %q", log)
			}
			log = nil
			r.Audit(new(starlark.Thread), "probe", nil)
			added := strings.Contains(strings.Join(log, " "), "S:probe")
			if added != tt.wantAdded {
				t.Errorf("hook added = %v, want %v (calls %q)", added, tt.wantAdded, log)
			}
		})
	}
}

func TestScriptHookEventsDoNotRecurse(t *testing.T) {
	var log []string
	var r Registry
	r.AddLauncher(&recorder{name: "L", log: &log})
	r.Seal()
	hook := starlark.NewBuiltin("h", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		log = append(log, "S:"+string(args[0].(starlark.String)))
		// A hook that audits: the nested event reaches the launcher only.
		return starlark.None, r.Audit(th, "nested", nil)
	})
	r.AddScriptHook(new(starlark.Thread), hook)
	log = nil
	if err := r.Audit(new(starlark.Thread), "outer", nil); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(log, " "); got != "L:outer S:outer L:nested" {
		t.Errorf("calls = %q", got)
	}
}

func TestIsFatal(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("plain"), false},
		{&DeniedError{}, false},
		{fatalErr{}, true},
		{errors.Join(errors.New("x"), fatalErr{}), true},
	}
	for _, tt := range tests {
		if got := IsFatal(tt.err); got != tt.want {
			t.Errorf("IsFatal(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

type nopHook struct{}

func (nopHook) Audit(*starlark.Thread, string, starlark.Tuple) error { return nil }

func TestNoHooksPathDoesNotAllocate(t *testing.T) {
	var r Registry
	r.Seal()
	args := starlark.Tuple{starlark.String("x")}
	if n := testing.AllocsPerRun(100, func() { r.Audit(nil, "e", args) }); n != 0 {
		t.Errorf("Audit with no hooks allocates %v times", n)
	}
	r2 := Registry{}
	r2.AddLauncher(nopHook{})
	r2.Seal()
	if n := testing.AllocsPerRun(100, func() { r2.Audit(nil, "e", args) }); n != 0 {
		t.Errorf("Audit with a launcher hook allocates %v times", n)
	}
}

func BenchmarkAuditNoHooks(b *testing.B) {
	var r Registry
	r.Seal()
	args := starlark.Tuple{starlark.String("x")}
	b.ReportAllocs()
	for b.Loop() {
		r.Audit(nil, "e", args)
	}
}
