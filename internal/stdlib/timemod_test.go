package stdlib

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
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
		if got := strftime(tc.format, tmOfTime(ts)); got != tc.want {
			t.Errorf("strftime(%q) = %q, want %q", tc.format, got, tc.want)
		}
	}
}

// A tuple's fields are formatted as given, after CPython's checktm (the
// values are CPython 3.11's, TZ=America/New_York).
func TestStrftimeTuple(t *testing.T) {
	t.Setenv("TZ", "America/New_York")
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	defer func(l *time.Location) { time.Local = l }(time.Local)
	time.Local = loc
	tup := func(f ...int) starlark.Tuple {
		var t starlark.Tuple
		for _, n := range f {
			t = append(t, starlark.MakeInt(n))
		}
		return t
	}
	for _, tc := range []struct {
		t            starlark.Tuple
		format, want string
	}{
		{tup(2024, 3, 5, 7, 8, 9, 0, 65, 0), "%a|%j|%U|%W|%V|%G|%u|%w|%Z|%z|%s", "Mon|065|10|10|10|2024|1|1|EST|+0000|1709640489"},
		{tup(2024, 7, 3, 5, 46, 40, 2, 185, 0), "%Z|%s", "EST|1720003600"},
		{tup(2024, 7, 3, 5, 46, 40, 2, 185, -1), "%Z|%z|%s", "||1720000000"},
		{tup(2024, 12, 30, 0, 0, 0, 0, 365, 0), "%U %W %V %G %g", "52 53 01 2025 25"},
		{tup(2024, 0, 0, 0, 0, 61, 6, 0, 3), "%a %j %c|%Z|%s", "Sun 001 Sun Jan  1 00:00:61 2024|EDT|1704081661"},
		{tup(2024, 1, 1, 9, 4, 5, 0, 1, 0), "%-10d|%-_d|%-5p|%5Q|%Ey", "         1| 1|   AM|  %5Q|24"},
	} {
		tm, err := tmOfTuple("time.strftime", tc.t)
		if err != nil {
			t.Fatal(err)
		}
		if got := strftime(tc.format, tm); got != tc.want {
			t.Errorf("strftime(%q, %v) = %q, want %q", tc.format, tc.t, got, tc.want)
		}
	}
	for _, tc := range []struct {
		t    starlark.Tuple
		want string
	}{
		{tup(2024, 13, 1, 0, 0, 0, 0, 1, 0), "month out of range"},
		{tup(2024, 1, 32, 0, 0, 0, 0, 1, 0), "day of month out of range"},
		{tup(2024, 1, 1, 0, 0, 62, 0, 1, 0), "seconds out of range"},
		{tup(2024, 1, 1, 0, 0, 0, -2, 1, 0), "day of week out of range"},
		{tup(2024, 1, 1, 0, 0, 0, 0, 367, 0), "day of year out of range"},
	} {
		if _, err := tmOfTuple("time.strftime", tc.t); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %s", tc.t, err, tc.want)
		}
	}
}
