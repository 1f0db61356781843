package timemod

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// recorder is a core.Env whose Audit records each event as "name args"
// and denies the event named deny.
func recorder(events *[]string, deny string) *core.Env {
	return &core.Env{Audit: func(thread *starlark.Thread, event string, args starlark.Tuple) error {
		*events = append(*events, event+" "+args.String())
		if event == deny {
			return core.Errorf("PermissionError", "denied: %s", event)
		}
		return nil
	}}
}

// run runs src with the time module predeclared.
func run(env *core.Env, src string) (starlark.StringDict, error) {
	d := starlark.StringDict{"time": Module(env)}
	return starlark.ExecFileOptions(coretest.FileOptions, &starlark.Thread{Name: "test"}, "t.star", src, d)
}

func TestTime(t *testing.T) {
	for _, tc := range []struct {
		desc, src, deny string
		events          []string // "name args", in order
		wantKind        string   // error kind ("" = success)
		global, want    string   // a global and its repr ("" = not checked)
	}{
		{desc: "sleep: sleeps", src: `time.sleep(0)`, events: []string{"time.sleep (0,)"}},
		{desc: "sleep: negative: event first", src: `time.sleep(-1.5)`, events: []string{"time.sleep (-1.5,)"}, wantKind: "ValueError"},
		{desc: "sleep: wrong type: event first", src: `time.sleep("1")`, events: []string{`time.sleep ("1",)`}, wantKind: "TypeError"},
		{desc: "sleep: NaN: event first", src: `time.sleep(float("nan"))`, events: []string{"time.sleep (nan,)"}, wantKind: "ValueError"},
		{desc: "sleep: denied", src: `time.sleep(0)`, deny: "time.sleep", events: []string{"time.sleep (0,)"}, wantKind: "PermissionError"},
		{desc: "time: no event", src: `a = time.time(); b = type(a); ok = a > 1e9`, global: "ok", want: "True"},
		{desc: "time: a float", src: `b = type(time.time())`, global: "b", want: `"float"`},
		{desc: "monotonic: no event, never goes back", src: `a = time.monotonic(); b = time.monotonic(); ok = b >= a`, global: "ok", want: "True"},
		{desc: "strftime: given time, local zone", src: `s = time.strftime("%Y-%m-%d %H:%M:%S %%", 86400 * 365)`,
			global: "s", want: strconv.Quote(time.Unix(86400*365, 0).Local().Format("2006-01-02 15:04:05") + " %")},
		{desc: "strftime: fmt= is format=", src: `s = time.strftime(fmt="%Y", t=(2024, 3, 5, 7, 8, 9, 1, 65, 0))`, global: "s", want: `"2024"`},
		{desc: "struct_time: a named tuple", src: `st = time.struct_time((2024, 3, 5, 7, 8, 9, 1, 65, 0)); s = (st.tm_year, st[1], len(st), st.tm_zone)`,
			global: "s", want: "(2024, 3, 9, None)"},
		{desc: "struct_time: str", src: `s = str(time.gmtime(0))`, global: "s",
			want: `"time.struct_time(tm_year=1970, tm_mon=1, tm_mday=1, tm_hour=0, tm_min=0, tm_sec=0, tm_wday=3, tm_yday=1, tm_isdst=0)"`},
		{desc: "no other event", src: `time.localtime(); time.gmtime(); time.mktime(time.localtime()); time.strptime("2024", "%Y"); time.perf_counter(); time.time_ns(); time.ctime(); time.asctime()`},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			var events []string
			g, err := run(recorder(&events, tc.deny), tc.src)
			if !slices.Equal(events, tc.events) {
				t.Errorf("events = %q, want %q", events, tc.events)
			}
			if k := coretest.KindOf(err); k != tc.wantKind {
				t.Fatalf("err = %v (kind %q), want kind %q", err, k, tc.wantKind)
			}
			if tc.global != "" {
				if got := g[tc.global]; got == nil || got.String() != tc.want {
					t.Errorf("%s = %v, want %s", tc.global, got, tc.want)
				}
			}
		})
	}
}

// The messages quote as the time module always has (core.PlainQuote: a
// backslash is not doubled) and name the types as Python does.
func TestTimeMessages(t *testing.T) {
	var events []string
	env := recorder(&events, "")
	for _, tc := range []struct{ src, want string }{
		{`time.strptime("a\\b", "%Y")`, `ValueError: time data 'a\b' does not match format '%Y'`},
		{`time.strptime("x", "%")`, `ValueError: stray % in format '%'`},
		{`time.strptime("x", "%Q")`, `ValueError: 'Q' is a bad directive in format '%Q'`},
		{`time.strptime("2024x", "%Y")`, `ValueError: unconverted data remains: x`},
		{`time.sleep("1")`, `TypeError: 'str' object cannot be interpreted as an integer`},
		{`time.sleep(None)`, `TypeError: 'NoneType' object cannot be interpreted as an integer`},
		{`time.sleep(-1)`, `ValueError: sleep length must be non-negative`},
		{`time.sleep(1e300)`, `OverflowError: sleep length is too large`},
		{`time.localtime("1")`, `TypeError: 'str' object cannot be interpreted as an integer`},
		{`time.localtime(1e300)`, `OverflowError: timestamp out of range for platform time_t`},
		{`time.mktime([2024, 1, 1, 0, 0, 0, 0, 1, 0])`, `TypeError: Tuple or struct_time argument required`},
		{`time.mktime((2024,))`, `TypeError: mktime(): illegal time tuple argument`},
		{`time.struct_time((1, 2))`, `TypeError: time.struct_time() takes an at least 9-sequence (2-sequence given)`},
	} {
		_, err := run(env, tc.src)
		kind, msg := pyerr.KindOf(unwrap(err))
		if got := kind + ": " + msg; got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.src, got, tc.want)
		}
	}
}

// With no Audit function sleep fails closed, before it sleeps.
func TestSleepNoAudit(t *testing.T) {
	_, err := run(&core.Env{}, `time.sleep(3600)`)
	if kind, msg := pyerr.KindOf(unwrap(err)); kind != "PermissionError" || msg != "time.sleep: no audit hook installed" {
		t.Fatalf("err = %v, want PermissionError time.sleep: no audit hook installed", err)
	}
}

// A cancelled run ends a sleep at once with the run's cause, even one
// cancelled while the event is being raised.
func TestSleepCancel(t *testing.T) {
	cause := errors.New("limit")
	ctx, cancel := context.WithCancelCause(context.Background())
	env := &core.Env{Context: ctx, Audit: func(*starlark.Thread, string, starlark.Tuple) error {
		cancel(cause)
		return nil
	}}
	if _, err := run(env, `time.sleep(3600)`); !errors.Is(err, cause) {
		t.Fatalf("err = %v, want the cause", err)
	}
}

func unwrap(err error) error {
	if ee, ok := err.(*starlark.EvalError); ok && ee.Unwrap() != nil {
		return ee.Unwrap()
	}
	return err
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
