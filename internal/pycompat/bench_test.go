package pycompat

import (
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

var benchOpts = &syntax.FileOptions{While: true, TopLevelControl: true, GlobalReassign: true}

// compileBench compiles src as spython does (source pass, tree pass) when
// rewrite is set, or as plain go.starlark.net otherwise.
func compileBench(b *testing.B, src string, rewrite bool) *starlark.Program {
	b.Helper()
	data := []byte(src)
	var marks *Marks
	if rewrite {
		var err error
		data, marks, err = Prepare("bench.star", data, func(string) bool { return false })
		if err != nil {
			b.Fatal(err)
		}
	}
	f, err := benchOpts.Parse("bench.star", data, 0)
	if err != nil {
		b.Fatal(err)
	}
	if rewrite {
		Rewrite(f, marks)
	}
	prog, err := starlark.FileProgram(f, func(name string) bool { _, ok := Builtins()[name]; return ok })
	if err != nil {
		b.Fatal(err)
	}
	return prog
}

func runBench(b *testing.B, src string, rewrite bool) {
	prog := compileBench(b, src, rewrite)
	env := starlark.StringDict{}
	for name, build := range Builtins() {
		env[name] = build()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := prog.Init(&starlark.Thread{}, env); err != nil {
			b.Fatal(err)
		}
	}
}

const intMod = `
def f():
    t = 0
    for i in range(10000):
        t += (i * 7) % 13
    return t
f()
`

const methodCalls = `
def f():
    parts = []
    for i in range(5000):
        parts.append("x")
        "a,b".split(",")
    return parts
f()
`

const strPercent = `
def f():
    parts = []
    for i in range(5000):
        parts.append("line %d: %s" % (i, "x"))
    return parts
f()
`

// The speed goal: integer % and ordinary method calls must not get
// slower (the passes leave them untouched; compare the Plain and Spython
// rows). String % now runs spython's CPython-exact formatter.
func BenchmarkIntModPlain(b *testing.B)       { runBench(b, intMod, false) }
func BenchmarkIntModSpython(b *testing.B)     { runBench(b, intMod, true) }
func BenchmarkMethodsPlain(b *testing.B)      { runBench(b, methodCalls, false) }
func BenchmarkMethodsSpython(b *testing.B)    { runBench(b, methodCalls, true) }
func BenchmarkStrPercentPlain(b *testing.B)   { runBench(b, strPercent, false) }
func BenchmarkStrPercentSpython(b *testing.B) { runBench(b, strPercent, true) }
