package stdlib

import (
	"slices"
	"testing"

	"go.starlark.net/starlark"
)

// addSystemModules makes the system core alone, for tests of it.
func addSystemModules(env *Env, d starlark.StringDict) {
	b := map[string]func() starlark.Value{}
	systemBuilders(env, b)
	buildInto(d, b)
}

// time and socket are audited through the system modules' sysLib, as
// when they were among them: os.environ[k] = v, which Starlark calls
// without a thread, raises os.putenv with the thread of the call before
// it. With no call before it, there is no thread to give.
func TestThreadForEnviron(t *testing.T) {
	for _, c := range []struct{ src, event string }{
		{"time.sleep(0)", "time.sleep"},
		{"socket.gethostname()", "socket.gethostname"},
		{"", ""},
	} {
		t.Setenv("SPYTHON_TEST_ENVIRON", "")
		var events []string
		var threads []*starlark.Thread
		env := &Env{Audit: func(thread *starlark.Thread, event string, args starlark.Tuple) error {
			events = append(events, event)
			threads = append(threads, thread)
			return nil
		}}
		thread := &starlark.Thread{Name: "test"}
		src := c.src + "\nos.environ['SPYTHON_TEST_ENVIRON'] = '1'\n"
		if _, err := starlark.ExecFileOptions(testFileOptions, thread, "t.star", src, Modules(env)); err != nil {
			t.Fatal(err)
		}
		want := []string{c.event, "os.putenv"}
		if c.event == "" {
			want = want[1:]
		}
		if !slices.Equal(events, want) {
			t.Fatalf("%q: events = %q, want %q", c.src, events, want)
		}
		var wantThread *starlark.Thread // none without a call before
		if c.event != "" {
			wantThread = thread
		}
		if got := threads[len(threads)-1]; got != wantThread {
			t.Errorf("%q: os.putenv raised with thread %p, want %p", c.src, got, wantThread)
		}
	}
}
