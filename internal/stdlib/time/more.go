package timemod

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// This file holds the time functions beyond the spec's first table (issue
// 13). None raises an event: CPython's time module raises none (it reads
// clocks and the time zone, and formats in memory).

// zoneConsts are timezone, altzone, daylight and tzname.
func zoneConsts() starlark.StringDict {
	d := starlark.StringDict{}
	tz, alt, daylight, names := zoneInfo()
	d["timezone"] = starlark.MakeInt(tz)
	d["altzone"] = starlark.MakeInt(alt)
	d["daylight"] = starlark.MakeInt(daylight)
	d["tzname"] = starlark.Tuple{starlark.String(names[0]), starlark.String(names[1])}
	return d
}

// zoneInfo is CPython's init_timezone: the offsets on January 1 and July
// 1 of this year decide standard and daylight time (reversed south of the
// equator).
func zoneInfo() (timezone, altzone, daylight int, names [2]string) {
	y := time.Now().Year()
	jan := time.Date(y, time.January, 1, 0, 0, 0, 0, time.Local)
	jul := time.Date(y, time.July, 1, 0, 0, 0, 0, time.Local)
	janName, janOff := jan.Zone()
	julName, julOff := jul.Zone()
	janzone, julzone := -janOff, -julOff
	if janzone < julzone {
		timezone, altzone, names = julzone, janzone, [2]string{julName, janName}
	} else {
		timezone, altzone, names = janzone, julzone, [2]string{janName, julName}
	}
	if janzone != julzone {
		daylight = 1
	}
	return
}

var structTimeFields = []string{"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst"}

// structTime is time.struct_time: a 9-tuple with named fields, plus
// tm_zone and tm_gmtoff.
type structTime struct {
	*core.NamedTuple
	zone   starlark.Value
	gmtoff starlark.Value
}

func (s *structTime) AttrNames() []string {
	return append(append([]string(nil), structTimeFields...), "tm_gmtoff", "tm_zone")
}

func (s *structTime) Attr(name string) (starlark.Value, error) {
	switch name {
	case "tm_zone":
		return s.zone, nil
	case "tm_gmtoff":
		return s.gmtoff, nil
	}
	return s.NamedTuple.Attr(name)
}

func newStructTime(t time.Time, isdst int) *structTime {
	name, off := t.Zone()
	vals := []starlark.Value{
		starlark.MakeInt(t.Year()), starlark.MakeInt(int(t.Month())), starlark.MakeInt(t.Day()),
		starlark.MakeInt(t.Hour()), starlark.MakeInt(t.Minute()), starlark.MakeInt(t.Second()),
		starlark.MakeInt((int(t.Weekday()) + 6) % 7), starlark.MakeInt(t.YearDay()), starlark.MakeInt(isdst),
	}
	return &structTime{NamedTuple: core.NewNamedTuple("time.struct_time", structTimeFields, vals...),
		zone: starlark.String(name), gmtoff: starlark.MakeInt(off)}
}

// secsArg is an optional seconds-since-the-epoch argument (None: now).
func secsArg(fn string, v starlark.Value) (time.Time, error) {
	if v == nil || v == starlark.None {
		return time.Now(), nil
	}
	secs, ok := starlark.AsFloat(v)
	if !ok {
		return time.Time{}, core.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", core.TypeName(v))
	}
	if math.IsNaN(secs) {
		return time.Time{}, core.Errorf("ValueError", "Invalid value NaN (not a number)")
	}
	if math.IsInf(secs, 0) || math.Abs(secs) > 1e15 {
		return time.Time{}, core.Errorf("OverflowError", "timestamp out of range for platform time_t")
	}
	// CPython truncates toward minus infinity to whole seconds.
	return time.Unix(int64(math.Floor(secs)), 0), nil
}

// localtime(secs=None) and gmtime(secs=None) → struct_time.
func timeLocaltime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.None
	if err := core.Unpack(b.Name(), args, kwargs, "secs?", &v); err != nil {
		return nil, err
	}
	t, err := secsArg(b.Name(), v)
	if err != nil {
		return nil, err
	}
	if b.Name() == "time.gmtime" {
		return newStructTime(t.In(gmt), 0), nil // glibc names UTC "GMT"
	}
	t = t.Local()
	isdst := 0
	if t.IsDST() {
		isdst = 1
	}
	return newStructTime(t, isdst), nil
}

// tupleFields reads a struct_time or a 9-tuple.
func tupleFields(fn string, v starlark.Value) ([9]int, starlark.Value, error) {
	var f [9]int
	var zone starlark.Value = starlark.None
	var seq starlark.Indexable
	switch x := v.(type) {
	case *structTime:
		seq, zone = x.NamedTuple.Tuple, x.zone
	case starlark.Tuple:
		seq = x
	case *starlark.List:
		if fn != "time.struct_time" {
			return f, nil, core.Errorf("TypeError", "Tuple or struct_time argument required")
		}
		seq = x
	default:
		return f, nil, core.Errorf("TypeError", "Tuple or struct_time argument required")
	}
	if fn == "time.struct_time" && (seq.Len() < 9 || seq.Len() > 11) {
		most := map[bool]string{true: "least 9", false: "most 11"}[seq.Len() < 9]
		return f, nil, core.Errorf("TypeError", "time.struct_time() takes an at %s-sequence (%d-sequence given)", most, seq.Len())
	}
	if seq.Len() != 9 && fn != "time.struct_time" {
		return f, nil, core.Errorf("TypeError", "%s(): illegal time tuple argument", strings.TrimPrefix(fn, "time."))
	}
	for i := 0; i < 9; i++ {
		if err := starlark.AsInt(seq.Index(i), &f[i]); err != nil {
			return f, nil, core.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", seq.Index(i).Type())
		}
	}
	return f, zone, nil
}

// mktime(t) → seconds since the epoch (float) of local time t.
func timeMktime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "t", &v); err != nil {
		return nil, err
	}
	f, _, err := tupleFields(b.Name(), v)
	if err != nil {
		return nil, err
	}
	return starlark.Float(float64(mktimeOf(f))), nil
}

func timePerfCounter(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Float(time.Since(monoStart).Seconds()), nil
}

func timeNs(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt64(time.Now().UnixNano()), nil
}

// asctimeOf is CPython's "%s %s%3d %.2d:%.2d:%.2d %d" over the fields as
// given.
func asctimeOf(t ctm) string {
	return fmt.Sprintf("%s %s%3d %02d:%02d:%02d %d", cDays[t.wday][:3], cMonths[t.mon-1][:3], t.mday, t.hour, t.min, t.sec, t.year)
}

func timeAsctime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.None
	if err := core.Unpack(b.Name(), args, kwargs, "t?", &v); err != nil {
		return nil, err
	}
	if v == starlark.None {
		return starlark.String(asctimeOf(tmOfTime(time.Now()))), nil
	}
	t, err := tmOfTuple(b.Name(), v)
	if err != nil {
		return nil, err
	}
	return starlark.String(asctimeOf(t)), nil
}

func timeCtime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.None
	if err := core.Unpack(b.Name(), args, kwargs, "secs?", &v); err != nil {
		return nil, err
	}
	t, err := secsArg(b.Name(), v)
	if err != nil {
		return nil, err
	}
	return starlark.String(asctimeOf(tmOfTime(t.Local()))), nil
}

// struct_time(seq) builds a struct_time from 9 values.
func timeStructTime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "sequence", &v); err != nil {
		return nil, err
	}
	f, _, err := tupleFields(b.Name(), v)
	if err != nil {
		return nil, err
	}
	vals := make([]starlark.Value, 9)
	for i, n := range f {
		vals[i] = starlark.MakeInt(n)
	}
	st := &structTime{NamedTuple: core.NewNamedTuple("time.struct_time", structTimeFields, vals...), zone: starlark.None, gmtoff: starlark.None}
	// A 10th and 11th item are tm_zone and tm_gmtoff, as CPython.
	if seq, ok := v.(starlark.Indexable); ok && seq.Len() > 9 {
		st.zone = seq.Index(9)
		if seq.Len() > 10 {
			st.gmtoff = seq.Index(10)
		}
	}
	return st, nil
}

// timeOf turns strftime's t (None, seconds, a struct_time or a 9-tuple)
// into the struct tm CPython formats.
func timeOf(fn string, v starlark.Value) (ctm, error) {
	switch v.(type) {
	case *structTime, starlark.Tuple:
		return tmOfTuple(fn, v)
	case starlark.NoneType, starlark.Int, starlark.Float:
	default:
		return ctm{}, core.Errorf("TypeError", "Tuple or struct_time argument required")
	}
	t, err := secsArg(fn, v)
	if err != nil {
		return ctm{}, err
	}
	return tmOfTime(t.Local()), nil
}

// tmOfTuple is CPython's gettmarg and checktm: the fields as given, a
// zero month, day of month or day of year taken as the first, anything
// else out of C's range a ValueError; a struct_time's tm_zone and
// tm_gmtoff are kept.
func tmOfTuple(fn string, v starlark.Value) (ctm, error) {
	f, zone, err := tupleFields(fn, v)
	if err != nil {
		return ctm{}, err
	}
	t := ctm{year: f[0], mon: f[1], mday: f[2], hour: f[3], min: f[4], sec: f[5],
		wday: (f[6] + 1) % 7, yday: f[7] - 1, isdst: max(-1, min(1, f[8]))}
	fail := func(what string) (ctm, error) { return ctm{}, core.Errorf("ValueError", "%s out of range", what) }
	switch {
	case t.mon == 0:
		t.mon = 1
	case t.mon < 1 || t.mon > 12:
		return fail("month")
	}
	switch {
	case t.mday == 0:
		t.mday = 1
	case t.mday < 0 || t.mday > 31:
		return fail("day of month")
	}
	switch {
	case t.hour < 0 || t.hour > 23:
		return fail("hour")
	case t.min < 0 || t.min > 59:
		return fail("minute")
	case t.sec < 0 || t.sec > 61:
		return fail("seconds")
	case t.wday < 0:
		return fail("day of week")
	}
	switch {
	case t.yday == -1:
		t.yday = 0
	case t.yday < 0 || t.yday > 365:
		return fail("day of year")
	}
	if st, ok := v.(*structTime); ok {
		if z, ok := zone.(starlark.String); ok {
			t.zone = string(z)
		}
		_ = starlark.AsInt(st.gmtoff, &t.gmtoff)
	}
	// glibc's %s is mktime of the struct as CPython fixed it.
	t.unix = mktimeOf([9]int{t.year, t.mon, t.mday, t.hour, t.min, t.sec, 0, 0, t.isdst})
	return t, nil
}

// mktimeOf is C's mktime in local time: fields out of range carry over,
// and a tm_isdst of 0 or 1 that disagrees with the date picks the other
// offset (July with tm_isdst 0 is read as standard time), as glibc.
func mktimeOf(f [9]int) int64 {
	t := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, time.Local)
	if f[8] < 0 || t.IsDST() == (f[8] > 0) {
		return t.Unix()
	}
	tz, alt, daylight, _ := zoneInfo()
	if daylight == 0 {
		return t.Unix()
	}
	_, off := t.Zone()
	want := -tz
	if f[8] > 0 {
		want = -alt
	}
	return t.Unix() + int64(off-want)
}

// strptime(string, format="%a %b %d %H:%M:%S %Y") → struct_time, as
// CPython's _strptime for the C locale: missing fields default to
// 1900-01-01 00:00:00, tm_isdst -1.
func timeStrptime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	format := "%a %b %d %H:%M:%S %Y"
	if err := core.Unpack(b.Name(), args, kwargs, "string", &s, "format?", &format); err != nil {
		return nil, err
	}
	st, err := strptime(s, format)
	if err != nil {
		return nil, err
	}
	return st, nil
}

func strptime(s, format string) (*structTime, error) {
	fail := func() error {
		return core.Errorf("ValueError", "time data %s does not match format %s", core.PlainQuote(s), core.PlainQuote(format))
	}
	year, mon, day, hour, min, sec := 1900, 1, 1, 0, 0, 0
	yday, wday := -1, -1
	pm := -1
	isdst := -1
	var zone starlark.Value = starlark.None
	var gmtoff starlark.Value = starlark.None
	i := 0
	num := func(maxDigits int) (int, bool) {
		j := i
		for j < len(s) && j-i < maxDigits && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0, false
		}
		n, _ := strconv.Atoi(s[i:j])
		i = j
		return n, true
	}
	word := func(names []string, n int) (int, bool) {
		for k, name := range names {
			for _, cand := range []string{name, name[:n]} {
				if len(s)-i >= len(cand) && strings.EqualFold(s[i:i+len(cand)], cand) {
					i += len(cand)
					return k, true
				}
			}
		}
		return 0, false
	}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	for k := 0; k < len(format); k++ {
		c := format[k]
		if c != '%' {
			if c == ' ' || c == '\t' || c == '\n' {
				// Whitespace in the format matches any run of whitespace.
				for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
					i++
				}
				continue
			}
			if i >= len(s) || s[i] != c {
				return nil, fail()
			}
			i++
			continue
		}
		k++
		if k >= len(format) {
			return nil, core.Errorf("ValueError", "stray %% in format %s", core.PlainQuote(format))
		}
		var ok bool
		switch format[k] {
		case 'Y':
			year, ok = num(4)
		case 'y':
			var y int
			y, ok = num(2)
			if y < 69 {
				year = 2000 + y
			} else {
				year = 1900 + y
			}
		case 'm':
			mon, ok = num(2)
			ok = ok && mon >= 1 && mon <= 12
		case 'd':
			day, ok = num(2)
			ok = ok && day >= 1 && day <= 31
		case 'H':
			hour, ok = num(2)
			ok = ok && hour <= 23
		case 'I':
			hour, ok = num(2)
			ok = ok && hour >= 1 && hour <= 12
		case 'M':
			min, ok = num(2)
			ok = ok && min <= 59
		case 'S':
			sec, ok = num(2)
			ok = ok && sec <= 61
		case 'j':
			yday, ok = num(3)
			ok = ok && yday >= 1 && yday <= 366
		case 'f':
			_, ok = num(6)
		case 'b', 'B', 'h':
			var m int
			m, ok = word(months, 3)
			mon = m + 1
		case 'a', 'A':
			wday, ok = word(days, 3)
		case 'p':
			var p int
			p, ok = word([]string{"AM", "PM"}, 2)
			pm = p
		case 'z':
			sign := 1
			if i < len(s) && (s[i] == '+' || s[i] == '-') {
				if s[i] == '-' {
					sign = -1
				}
				i++
				var hhmm int
				start := i
				hhmm, ok = num(4)
				ok = ok && i-start == 4
				gmtoff = starlark.MakeInt(sign * (hhmm/100*3600 + hhmm%100*60))
			} else if i < len(s) && s[i] == 'Z' {
				i++
				ok, gmtoff = true, starlark.MakeInt(0)
			}
		case 'Z':
			j := i
			for j < len(s) && (s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z') {
				j++
			}
			name := strings.ToUpper(s[i:j])
			_, _, _, names := zoneInfo()
			switch {
			case name == "UTC" || name == "GMT":
				isdst, ok = 0, true
			case name == strings.ToUpper(names[0]):
				isdst, ok = 0, true
			case name == strings.ToUpper(names[1]):
				isdst, ok = 1, true
			}
			if ok {
				zone = starlark.String(s[i:j])
				i = j
			}
		case '%':
			ok = i < len(s) && s[i] == '%'
			i++
		default:
			return nil, core.Errorf("ValueError", "'%c' is a bad directive in format %s", format[k], core.PlainQuote("%"+string(format[k])))
		}
		if !ok {
			return nil, fail()
		}
	}
	if i != len(s) {
		return nil, core.Errorf("ValueError", "unconverted data remains: %s", s[i:])
	}
	if pm >= 0 {
		if pm == 1 && hour != 12 {
			hour += 12
		} else if pm == 0 && hour == 12 {
			hour = 0
		}
	}
	t := time.Date(year, time.Month(mon), day, 0, 0, 0, 0, time.UTC)
	if t.Month() != time.Month(mon) {
		return nil, core.Errorf("ValueError", "day is out of range for month")
	}
	if yday > 0 && mon == 1 && day == 1 {
		t = time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, yday-1)
	}
	computedWday := (int(t.Weekday()) + 6) % 7
	if wday < 0 || yday > 0 {
		wday = computedWday
	}
	if yday < 0 {
		yday = t.YearDay()
	}
	vals := []starlark.Value{
		starlark.MakeInt(t.Year()), starlark.MakeInt(int(t.Month())), starlark.MakeInt(t.Day()),
		starlark.MakeInt(hour), starlark.MakeInt(min), starlark.MakeInt(sec),
		starlark.MakeInt(wday), starlark.MakeInt(yday), starlark.MakeInt(isdst),
	}
	return &structTime{NamedTuple: core.NewNamedTuple("time.struct_time", structTimeFields, vals...), zone: zone, gmtoff: gmtoff}, nil
}

var gmt = time.FixedZone("GMT", 0)
