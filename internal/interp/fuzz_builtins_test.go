package interp

import (
	"errors"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
)

// denyAll is a launcher hook that denies every audit event. spython raises
// an event before every action, so under it no builtin acts on the system
// (no file is removed, no process started or killed, no sleep, no network):
// the fuzz target exercises argument handling and pure functions only, as
// a script would under a policy that denies everything.
type denyAll struct{}

func (denyAll) Audit(_ *starlark.Thread, event string, _ starlark.Tuple) error {
	return &hooks.DeniedError{Event: event, Reason: "fuzz"}
}

// fuzzEnv is one runner shared by the fuzz iterations of a process, and
// every predeclared callable reachable from its names, sorted by path.
type fuzzEnv struct {
	r     *runner
	names []string
	fns   []starlark.Callable
}

var (
	fuzzOnce sync.Once
	fuzzRun  *fuzzEnv
)

func newFuzzEnv(tb testing.TB) *fuzzEnv {
	fuzzOnce.Do(func() {
		pol, err := policy.Parse([]byte(`{"name":"fuzz"}`))
		if err != nil {
			tb.Fatal(err)
		}
		reg := new(hooks.Registry)
		if err := reg.AddLauncher(denyAll{}); err != nil {
			tb.Fatal(err)
		}
		reg.Seal()
		dir, err := os.MkdirTemp("", "spython-fuzz")
		if err != nil {
			tb.Fatal(err)
		}
		x := New(Config{Policy: pol, Hooks: reg, Script: filepath.Join(dir, "fuzz.star"), Stdout: io.Discard, Stderr: io.Discard})
		r := x.r
		all := make([]string, 0, len(r.builders))
		for name := range r.builders {
			all = append(all, name)
		}
		r.ensurePredeclared(all)
		env := &fuzzEnv{r: r}
		var walk func(path string, v starlark.Value, depth int)
		walk = func(path string, v starlark.Value, depth int) {
			if c, ok := v.(starlark.Callable); ok {
				env.names = append(env.names, path)
				env.fns = append(env.fns, c)
			}
			if m, ok := v.(*starlarkstruct.Module); ok && depth < 3 {
				for k, x := range m.Members {
					walk(path+"."+k, x, depth+1)
				}
			}
		}
		for _, name := range all {
			walk(name, r.predeclared[name], 0)
		}
		sort.Sort(byName{env})
		fuzzRun = env
	})
	if fuzzRun == nil {
		tb.Fatal("fuzz environment failed to initialise")
	}
	return fuzzRun
}

type byName struct{ e *fuzzEnv }

func (b byName) Len() int           { return len(b.e.names) }
func (b byName) Less(i, j int) bool { return b.e.names[i] < b.e.names[j] }
func (b byName) Swap(i, j int) {
	b.e.names[i], b.e.names[j] = b.e.names[j], b.e.names[i]
	b.e.fns[i], b.e.fns[j] = b.e.fns[j], b.e.fns[i]
}

// gen turns fuzz bytes into Starlark values.
type gen struct {
	data []byte
	made []starlark.Value // for shared references
	env  *fuzzEnv
}

func (g *gen) byte() byte {
	if len(g.data) == 0 {
		return 0
	}
	b := g.data[0]
	g.data = g.data[1:]
	return b
}

func (g *gen) bytes(n int) []byte {
	n = min(n, len(g.data))
	b := g.data[:n]
	g.data = g.data[n:]
	return b
}

var (
	fuzzHugeInts = []string{
		"9223372036854775807", "9223372036854775808", "-9223372036854775808",
		"-9223372036854775809", "18446744073709551616", "4294967296", "2147483648",
		"-1", "1000000000000000000000000000000", "-340282366920938463463374607431768211456",
	}
	fuzzFloats  = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e308, 5e-324, 1.5, -2.5, 1e16}
	fuzzStrings = []string{
		"", "a", "/", ".", "..", "\x00", "a\x00b", "%s", "%", "{}", "{0}", "\\", "é", "\xff\xfe", "\u2028",
		"r", "w", "rb", "wb", "a+", "x", "r+b", "(", "[", "*", "?", ")", "(?P<n>a)", "\\1", "^$", "1", "1.5", "nan", "-inf",
		"-", "=", "null", "[1,2]", `{"a":1}`, `"\ud800"`, "\n", "a b  c", "%Y-%m-%d %H:%M:%S %z %%", "/nonexistent/x",
		"sha256", "utf-8", "ascii", "strict", "ignore", "replace", "PATH", "HOME", "0o777", "~", "*.star", "**",
	}
	fuzzKwargs = []string{
		"mode", "indent", "sort_keys", "separators", "ensure_ascii", "capture_output", "check", "shell", "cwd",
		"env", "timeout", "input", "text", "data", "headers", "method", "sep", "end", "flags", "count", "maxsplit",
		"default", "encoding", "errors", "exist_ok", "key", "reverse", "t", "fn", "code", "secs", "path", "dir_fd",
		"follow_symlinks", "topdown", "ignore_errors", "buffering", "newline", "pattern", "repl", "string", "pos",
	}
)

func (g *gen) value(depth int) starlark.Value {
	b := g.byte()
	if depth > 3 {
		b %= 8 // scalars only
	}
	var v starlark.Value
	switch b % 18 {
	case 0:
		v = starlark.None
	case 1:
		v = starlark.True
	case 2:
		v = starlark.False
	case 3:
		v = starlark.MakeInt(int(int8(g.byte())))
	case 4:
		n, _ := new(big.Int).SetString(fuzzHugeInts[int(g.byte())%len(fuzzHugeInts)], 10)
		v = starlark.MakeBigInt(n)
	case 5:
		v = starlark.Float(fuzzFloats[int(g.byte())%len(fuzzFloats)])
	case 6:
		v = starlark.String(fuzzStrings[int(g.byte())%len(fuzzStrings)])
	case 7:
		v = starlark.String(g.bytes(int(g.byte() % 24)))
	case 8:
		v = starlark.Bytes(g.bytes(int(g.byte() % 24)))
	case 9:
		v = starlark.Tuple(g.values(depth))
	case 10:
		v = starlark.NewList(g.values(depth))
	case 11:
		d := starlark.NewDict(2)
		n := int(g.byte() % 4)
		for range n {
			k := g.value(depth + 1)
			if _, err := k.Hash(); err != nil {
				k = starlark.String(k.String())
			}
			d.SetKey(k, g.value(depth+1))
		}
		v = d
	case 12:
		if len(g.made) > 0 {
			return g.made[int(g.byte())%len(g.made)] // shared
		}
		v = starlark.None
	case 13:
		l := starlark.NewList(g.values(depth))
		l.Append(l) // a cycle through a list
		v = l
	case 14:
		d := starlark.NewDict(1)
		d.SetKey(starlark.String("self"), d) // a cycle through a dict
		d.SetKey(starlark.String("t"), starlark.Tuple{d, starlark.MakeInt(1)})
		v = d
	case 15:
		s := starlark.NewSet(2)
		for _, x := range g.values(depth) {
			if _, err := x.Hash(); err == nil {
				s.Insert(x)
			}
		}
		v = s
	case 16:
		v = g.env.fns[int(g.byte())%len(g.env.fns)].(starlark.Value)
	case 17:
		f := starlark.Tuple{starlark.MakeInt(1), starlark.String("x")}
		v = starlark.Tuple{f, f, starlark.NewList([]starlark.Value{f, f})} // shared tuple
	}
	g.made = append(g.made, v)
	return v
}

func (g *gen) values(depth int) []starlark.Value {
	n := int(g.byte() % 5)
	out := make([]starlark.Value, 0, n)
	for range n {
		out = append(out, g.value(depth+1))
	}
	return out
}

func (g *gen) kwargs() []starlark.Tuple {
	n := int(g.byte() % 4)
	var kw []starlark.Tuple
	for range n {
		name := fuzzKwargs[int(g.byte())%len(fuzzKwargs)]
		kw = append(kw, starlark.Tuple{starlark.String(name), g.value(1)})
	}
	return kw
}

// fuzzCallTimeout bounds one call: every event is denied, so nothing may
// block (no sleep, no I/O on the network or a child).
const fuzzCallTimeout = 10 * time.Second

// call calls fn on a fresh thread and fails on a panic (a *PanicError from
// the recovering wrappers, or one that escaped them) or a hang.
func (e *fuzzEnv) call(t *testing.T, name string, fn starlark.Callable, args starlark.Tuple, kwargs []starlark.Tuple) starlark.Value {
	type result struct {
		v     starlark.Value
		err   error
		panic any
	}
	done := make(chan result, 1)
	go func() {
		var res result
		defer func() {
			if p := recover(); p != nil {
				res.panic = p
			}
			done <- res
		}()
		thread := &starlark.Thread{Name: "fuzz", Load: e.r.load}
		thread.SetMaxExecutionSteps(100000) // callbacks given to try_call, sorted(key=)...
		res.v, res.err = starlark.Call(thread, fn, args, kwargs)
	}()
	select {
	case res := <-done:
		if res.panic != nil {
			t.Fatalf("%s%v %v: panic escaped: %v", name, args, kwargs, res.panic)
		}
		var p *PanicError
		if errors.As(res.err, &p) {
			t.Fatalf("%s%v %v: %v\n%s", name, args, kwargs, p, p.Stack)
		}
		if res.err != nil {
			return nil // a value returned beside an error is not the script's
		}
		return res.v
	case <-time.After(fuzzCallTimeout):
		t.Fatalf("%s%v %v: did not return within %v", name, args, kwargs, fuzzCallTimeout)
	}
	return nil
}

// FuzzBuiltins calls every predeclared callable (builtins, every module
// function, found by walking the predeclared names so that a new module is
// covered without changing this test), and then methods of what it
// returned, with arbitrary Starlark values and keyword arguments, under a
// hook that denies every event. No call may panic or hang.
// make test runs it for a bounded time; testdata/fuzz/FuzzBuiltins keeps
// the seed corpus and every input that once failed.
func FuzzBuiltins(f *testing.F) {
	env := newFuzzEnv(f)
	for i := range env.fns {
		// A seed per callable: no argument, then one of each kind.
		f.Add(uint16(i), []byte{0})
		f.Add(uint16(i), []byte{1, 6, 3})
		f.Add(uint16(i), []byte{2, 9, 2, 3, 5, 6, 12, 0})
		f.Add(uint16(i), []byte{3, 4, 2, 13, 2, 6, 1, 14, 17, 1, 0, 1})
	}
	f.Fuzz(func(t *testing.T, which uint16, data []byte) {
		i := int(which) % len(env.fns)
		g := &gen{data: data, env: env}
		args := g.values(0)
		kwargs := g.kwargs()
		v := env.call(t, env.names[i], env.fns[i], args, kwargs)
		// Then methods of the result, and of theirs.
		for range 2 {
			h, ok := v.(starlark.HasAttrs)
			if !ok || len(g.data) == 0 {
				return
			}
			names := h.AttrNames()
			if len(names) == 0 {
				return
			}
			name := names[int(g.byte())%len(names)]
			m, err := attr(t, h, name)
			c, ok := m.(starlark.Callable)
			if err != nil || !ok {
				return
			}
			v = env.call(t, env.names[i]+"()."+name, c, g.values(0), g.kwargs())
		}
	})
}

// attr reads an attribute as the interpreter does, failing on a panic.
func attr(t *testing.T, h starlark.HasAttrs, name string) (v starlark.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("%s.%s: panic: %v", h.Type(), name, p)
		}
	}()
	return h.Attr(name)
}

// TestFuzzCoversModules: the walk finds the callables of every module, so
// a new module is fuzzed without a change here.
func TestFuzzCoversModules(t *testing.T) {
	env := newFuzzEnv(t)
	for _, want := range []string{"json.dumps", "os.path.join", "try_call", "sys.exit", "re.compile"} {
		found := false
		for _, n := range env.names {
			found = found || n == want
		}
		if !found {
			t.Errorf("%s not among the fuzzed callables (%d found)", want, len(env.names))
		}
	}
}
