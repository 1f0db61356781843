package interp

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
)

// recorder is a launcher hook that allows everything and remembers it.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (h *recorder) Audit(_ *starlark.Thread, event string, args starlark.Tuple) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.events = append(h.events, event+" "+args.String())
	return nil
}

func (h *recorder) find(prefix string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, e := range h.events {
		if strings.HasPrefix(e, prefix) {
			out = append(out, e)
		}
	}
	return out
}

// runLimited runs src under a policy with the given limits section.
func runLimited(t *testing.T, limits, src string) (Result, *recorder, string) {
	t.Helper()
	pol, err := policy.Parse([]byte(`{"name":"t","limits":` + limits + `}`))
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "s.star")
	if err := os.WriteFile(script, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	rec := new(recorder)
	reg := new(hooks.Registry)
	if err := reg.AddLauncher(rec); err != nil {
		t.Fatal(err)
	}
	reg.Seal()
	var out bytes.Buffer
	res := Run(Config{Policy: pol, Hooks: reg, Script: script, Args: []string{silentServer(t)}, Stdout: &out, Stderr: &out})
	return res, rec, out.String()
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { <-done; c.Close() }()
		}
	}()
	return "http://" + l.Addr().String() + "/"
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name     string
		limits   string
		src      string
		outcome  Outcome
		limitEvt string // the spython.limit record expected, "" for none
		wantOut  string
		exactOut bool
	}{
		{
			name:     "steps",
			limits:   `{"steps": 5000}`,
			src:      "n = 0\nwhile True:\n    n += 1\n",
			outcome:  LimitHit,
			limitEvt: `spython.limit ("steps", "5000")`,
		},
		{
			name:     "memory",
			limits:   `{"memory_mb": 64}`,
			src:      "x = []\nwhile True:\n    x.append(\"a\" * 1000000)\n",
			outcome:  LimitHit,
			limitEvt: `spython.limit ("memory", "64MB")`,
		},
		{
			name:    "memory not hit",
			limits:  `{"memory_mb": 256, "steps": 1000000}`,
			src:     "x = [i for i in range(1000)]\nprint(len(x))\n",
			outcome: Finished,
			wantOut: "1000\n", exactOut: true,
		},
		{
			name:     "output cut at the limit",
			limits:   `{"output_size": 10}`,
			src:      "print(\"hello world 123\")\nprint(\"never\")\n",
			outcome:  LimitHit,
			limitEvt: `spython.limit ("output_size", "10")`,
			wantOut:  "hello worl", exactOut: true,
		},
		{
			name:     "output limit is not catchable",
			limits:   `{"output_size": 100}`,
			src:      "for i in range(100):\n    try_call(print, \"0123456789\")\nprint(\"after\")\n",
			outcome:  LimitHit,
			limitEvt: `spython.limit ("output_size", "100")`,
			wantOut:  strings.Repeat("0123456789\n", 9) + "0", exactOut: true,
		},
		// Blocking builtins return when the run is stopped: without that,
		// these would block for an hour (and the test time out).
		{
			name:     "wall time ends time.sleep",
			limits:   `{"wall_time": "50ms"}`,
			src:      "time.sleep(3600)\nprint(\"after\")\n",
			outcome:  LimitHit,
			limitEvt: `spython.limit ("wall_time", "50ms")`,
			wantOut:  "", exactOut: true,
		},
		{
			name:     "wall time ends subprocess.run",
			limits:   `{"wall_time": "50ms"}`,
			src:      "subprocess.run([\"sleep\", \"3600\"])\nprint(\"after\")\n",
			outcome:  LimitHit,
			limitEvt: `spython.limit ("wall_time", "50ms")`,
			wantOut:  "", exactOut: true,
		},
		{
			name:     "wall time ends urlopen",
			limits:   `{"wall_time": "50ms"}`,
			src:      "urllib.request.urlopen(sys.argv[1])\nprint(\"after\")\n",
			outcome:  LimitHit,
			limitEvt: `spython.limit ("wall_time", "50ms")`,
			wantOut:  "", exactOut: true,
		},
		{
			name:    "output within the limit",
			limits:  `{"output_size": 6}`,
			src:     "print(\"hello\")\n",
			outcome: Finished,
			wantOut: "hello\n", exactOut: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, rec, out := runLimited(t, tt.limits, tt.src)
			if res.Outcome != tt.outcome {
				t.Fatalf("outcome %v (%v), want %v", res.Outcome, res.Err, tt.outcome)
			}
			if tt.outcome == LimitHit && res.Code != 5 {
				t.Errorf("exit code %d, want 5", res.Code)
			}
			got := rec.find(EventLimit)
			switch {
			case tt.limitEvt == "" && len(got) > 0:
				t.Errorf("unexpected %q", got)
			case tt.limitEvt != "" && (len(got) != 1 || got[0] != tt.limitEvt):
				t.Errorf("limit events %q, want exactly [%q]", got, tt.limitEvt)
			}
			if tt.exactOut && out != tt.wantOut {
				t.Errorf("output %q, want %q", out, tt.wantOut)
			}
		})
	}
}

// TestMemoryLimitRestoresSoftLimit: the runtime's soft limit is process
// wide; a run must leave it as it found it.
func TestMemoryLimitRestoresSoftLimit(t *testing.T) {
	before := debugMemoryLimit()
	runLimited(t, `{"memory_mb": 512}`, "x = 1\n")
	if after := debugMemoryLimit(); after != before {
		t.Errorf("soft memory limit %d after the run, want %d", after, before)
	}
}

// TestLimitAfterEndIsIgnored: once the run's end is decided (the script
// returned), a limit that fires is not logged, so its record is never
// followed by run_end "finished"; one that fired first is the end.
func TestLimitAfterEndIsIgnored(t *testing.T) {
	newRunner := func() (*runner, *recorder) {
		pol, err := policy.Parse([]byte(`{"name":"t"}`))
		if err != nil {
			t.Fatal(err)
		}
		rec := new(recorder)
		reg := new(hooks.Registry)
		if err := reg.AddLauncher(rec); err != nil {
			t.Fatal(err)
		}
		reg.Seal()
		var stops []Result
		x := New(Config{Policy: pol, Hooks: reg, Script: "x.star", OnStop: func(res Result) { stops = append(stops, res) }})
		return x.r, rec
	}
	r, rec := newRunner()
	if res := r.result(nil); res.Outcome != Finished {
		t.Fatalf("result %+v", res)
	}
	r.limitHit(LimitWallTime, "1s")
	if got := rec.find(EventLimit); len(got) != 0 {
		t.Errorf("a limit after the end was logged: %v", got)
	}

	r, rec = newRunner()
	r.limitHit(LimitWallTime, "1s")
	if res := r.result(nil); res.Outcome != LimitHit || res.Code != 5 {
		t.Errorf("result %+v, want the limit", res)
	}
	if got := rec.find(EventLimit); len(got) != 1 {
		t.Errorf("limit records %v, want one", got)
	}
}

// TestRepeatCheckedBeforeAllocation: with a memory limit, a repetition
// whose result would exceed it is the memory limit, before go.starlark.net
// allocates it (one uninterruptible allocation and copy); smaller ones,
// and every other `*`, behave as before.
func TestRepeatCheckedBeforeAllocation(t *testing.T) {
	for _, src := range []string{
		"x = [0] * 400000000\n",
		"x = 200000000 * \"ab \"\n",
		"def f():\n    return (1, 2) * 100000000\nf()\n",
		"x = [b\"ab\" * 100000000 for i in range(1)]\n",
	} {
		res, rec, _ := runLimited(t, `{"memory_mb": 64}`, src)
		if res.Outcome != LimitHit || res.Reason != "limit: memory" {
			t.Errorf("%q: result %+v, want the memory limit", src, res)
		}
		if got := rec.find(EventLimit); len(got) != 1 {
			t.Errorf("%q: limit records %v", src, got)
		}
	}
	res, _, out := runLimited(t, `{"memory_mb": 64}`, "print(3 * 4, 'ab' * 2, [1] * 2, 1.5 * 2, (lambda z: z * 3)(2))\nx = 2\nx *= 3\nprint(x)\n")
	if res.Outcome != Finished || out != "12 abab [1, 1] 3.0 6\n6\n" {
		t.Errorf("result %+v, output %q", res, out)
	}
}
