package stdlib

import (
	"testing"

	"go.starlark.net/starlark"
)

// addSystemModules and addDataModules make one half of the library, for
// tests of that half.
func addSystemModules(env *Env, d starlark.StringDict) {
	b := map[string]func() starlark.Value{}
	systemBuilders(env, b)
	buildInto(d, b)
}

// dataModuleNames are the data half: urllib, base64 and math (data.go)
// and json, re and hashlib (their own packages, modules.go).
var dataModuleNames = []string{"urllib", "json", "base64", "hashlib", "re", "math"}

func addDataModules(env *Env, d starlark.StringDict) {
	b := Builders(env)
	for _, name := range dataModuleNames {
		d[name] = b[name]()
	}
}

// time.sleep is audited through the system modules' sysLib, as when time
// was one of them: os.environ[k] = v, which Starlark calls without a
// thread, raises os.putenv with the thread of the sleep before it.
func TestTimeSleepThreadForEnviron(t *testing.T) {
	t.Setenv("SPYTHON_TEST_ENVIRON", "")
	var events []string
	var threads []*starlark.Thread
	env := &Env{Audit: func(thread *starlark.Thread, event string, args starlark.Tuple) error {
		events = append(events, event)
		threads = append(threads, thread)
		return nil
	}}
	thread := &starlark.Thread{Name: "test"}
	src := "time.sleep(0)\nos.environ['SPYTHON_TEST_ENVIRON'] = '1'\n"
	if _, err := starlark.ExecFileOptions(testFileOptions, thread, "t.star", src, Modules(env)); err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0] != "time.sleep" || events[1] != "os.putenv" {
		t.Fatalf("events = %q, want time.sleep, os.putenv", events)
	}
	if threads[1] != thread {
		t.Errorf("os.putenv raised with thread %v, want the script's", threads[1])
	}
}
