package stdlib

import (
	"context"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

func TestTimeAndSocket(t *testing.T) {
	host, _ := os.Hostname()
	runCases(t, []sysCase{
		{name: "time.sleep", desc: "sleeps", src: `time.sleep(0)`, events: []string{"time.sleep"}, firstArgs: `(0,)`},
		{name: "time.sleep", desc: "negative: event first", src: `time.sleep(-1.5)`, events: []string{"time.sleep"}, firstArgs: `(-1.5,)`, wantKind: "ValueError"},
		{name: "time.sleep", desc: "wrong type: event first", src: `time.sleep("1")`, events: []string{"time.sleep"}, firstArgs: `("1",)`, wantKind: "TypeError"},
		{name: "time.sleep", desc: "denied", src: `time.sleep(0)`, deny: "time.sleep", events: []string{"time.sleep"}},
		{name: "time.time", desc: "no event", src: `a = time.time(); b = type(a)`,
			check: func(t *testing.T, _ string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "b", `"float"`)
				if a, _ := starlark.AsFloat(g["a"]); a < 1e9 {
					t.Errorf("time() = %v", a)
				}
			}},
		{name: "time.monotonic", desc: "no event, never goes back", src: `a = time.monotonic(); b = time.monotonic(); ok = b >= a`,
			check: func(t *testing.T, _ string, g starlark.StringDict, _ *fakeEnv) { wantGlobal(t, g, "ok", "True") }},
		{name: "time.strftime", desc: "given time, local zone", src: `s = time.strftime("%Y-%m-%d %H:%M:%S %%", 86400 * 365)`,
			check: func(t *testing.T, _ string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "s", strconv.Quote(time.Unix(86400*365, 0).Local().Format("2006-01-02 15:04:05")+" %"))
			}},
		{name: "socket.gethostname", desc: "returns the host name", src: `h = socket.gethostname()`,
			events: []string{"socket.gethostname"}, firstArgs: `()`,
			check: func(t *testing.T, _ string, g starlark.StringDict, _ *fakeEnv) {
				wantGlobal(t, g, "h", strconv.Quote(host))
			}},
		{name: "socket.gethostname", desc: "denied", src: `socket.gethostname()`, deny: "socket.gethostname", events: []string{"socket.gethostname"}},
	})
}

// A cancelled run ends a sleep at once with the run's cause, even one
// cancelled while the event is being raised.
func TestSleepCancel(t *testing.T) {
	cause := errors.New("limit")
	ctx, cancel := context.WithCancelCause(context.Background())
	f := &fakeEnv{onEvent: func(string) { cancel(cause) }}
	env := newEnv(f)
	env.Context = ctx
	if _, err := runScript(env, t.TempDir(), `time.sleep(3600)`); !errors.Is(err, cause) {
		t.Fatalf("err = %v, want the cause", err)
	}
}

func TestStrftime(t *testing.T) {
	ts := time.Date(2024, time.March, 5, 7, 8, 9, 0, time.UTC) // a Tuesday
	for _, tc := range []struct{ format, want string }{
		{"%Y-%m-%d %H:%M:%S", "2024-03-05 07:08:09"},
		{"%a %A %b %B", "Tue Tuesday Mar March"},
		{"%-d|%_d|%^a|%P|%#p|%-H|%5Y|%-j", "5| 5|TUE|am|am|7|02024|65"},
		{"%c", "Tue Mar  5 07:08:09 2024"},
		{"%x %X %D %F %T %R", "03/05/24 07:08:09 03/05/24 2024-03-05 07:08:09 07:08"},
		{"%I %l %p %r", "07  7 AM 07:08:09 AM"},
		{"%j %U %W %V %G %u %w", "065 09 10 10 2024 2 2"},
		{"%e %k %y %C", " 5  7 24 20"},
		{"%z %Z %s", "+0000 UTC 1709622489"},
		{"%% %Q %", "% %Q %"},
		{"%n%t", "\n\t"},
	} {
		if got := strftime(tc.format, ts); got != tc.want {
			t.Errorf("strftime(%q) = %q, want %q", tc.format, got, tc.want)
		}
	}
}
