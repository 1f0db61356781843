package datetime

import (
	"testing"
	"time"
	_ "time/tzdata" // the cases' local zone, whatever the machine has

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core/coretest"
)

// TestCPythonCases runs testdata/cases.json, produced by CPython 3.11
// (testdata/gen_cases.py) with TZ=America/New_York.
func TestCPythonCases(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	saved := time.Local
	time.Local = loc
	defer func() { time.Local = saved }()
	coretest.Run(t, "testdata/cases.json", starlark.StringDict{"datetime": Module()})
}

// now, utcnow and today read the clock (Now) in the right zone.
func TestNow(t *testing.T) {
	saved, savedLocal := Now, time.Local
	defer func() { Now, time.Local = saved, savedLocal }()
	time.Local = time.FixedZone("X", -5*3600)
	Now = func() time.Time { return time.Date(2024, 7, 1, 12, 30, 45, 123456789, time.UTC) }
	pre := starlark.StringDict{"datetime": Module()}
	for _, tc := range []struct{ expr, want string }{
		{"str(datetime.datetime.now())", "2024-07-01 07:30:45.123456"},
		{"str(datetime.datetime.utcnow())", "2024-07-01 12:30:45.123456"},
		{"str(datetime.datetime.today())", "2024-07-01 07:30:45.123456"},
		{"str(datetime.date.today())", "2024-07-01"},
		{"str(datetime.datetime.now(datetime.timezone.utc))", "2024-07-01 12:30:45.123456+00:00"},
		{"str(datetime.datetime.now(tz=datetime.timezone(datetime.timedelta(hours=2))))", "2024-07-01 14:30:45.123456+02:00"},
		{"datetime.datetime.now().timestamp()", "1719837045.123456"},
	} {
		if got := coretest.Eval(pre, "", tc.expr); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.expr, got, tc.want)
		}
	}
}
