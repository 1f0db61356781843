// Package datetime is Python's datetime module for spython scripts: date,
// time, datetime, timedelta and timezone (fixed offsets, timezone.utc).
// It is pure: reading the clock and the local time zone raises no audit
// event, as in CPython.
package datetime

import (
	"math"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Now is the clock; tests replace it.
var Now = time.Now

// Module returns the datetime module.
func Module() starlark.Value {
	dateClass := core.NewClass("datetime.date", newDate, map[string]core.Func{
		"today":         dateToday,
		"fromtimestamp": dateFromTimestamp,
		"fromisoformat": dateFromISO,
		"fromordinal":   dateFromOrdinal,
	}, starlark.StringDict{"min": Date{1, 1, 1}, "max": Date{9999, 12, 31}})
	dtClass := core.NewClass("datetime.datetime", newDateTime, map[string]core.Func{
		"now":              dtNow,
		"utcnow":           dtUTCNow,
		"today":            dtToday,
		"fromtimestamp":    dtFromTimestamp,
		"utcfromtimestamp": dtUTCFromTimestamp,
		"fromisoformat":    dtFromISO,
		"strptime":         dtStrptime,
		"combine":          dtCombine,
	}, starlark.StringDict{
		"min": DateTime{Date{1, 1, 1}, Time{}},
		"max": DateTime{Date{9999, 12, 31}, Time{23, 59, 59, 999999, nil}},
	})
	timeClass := core.NewClass("datetime.time", newTime, map[string]core.Func{
		"fromisoformat": timeFromISO,
	}, nil)
	tdClass := core.NewClass("datetime.timedelta", newTimedelta, nil, starlark.StringDict{
		"min":        Timedelta{days: -maxDays},
		"max":        Timedelta{days: maxDays, us: usPerDay - 1},
		"resolution": Timedelta{us: 1},
	})
	tzClass := core.NewClass("datetime.timezone", newTimezone, nil, starlark.StringDict{"utc": utc})
	return core.Module("datetime", nil, starlark.StringDict{
		"date":      dateClass,
		"datetime":  dtClass,
		"time":      timeClass,
		"timedelta": tdClass,
		"timezone":  tzClass,
		"MINYEAR":   starlark.MakeInt(minYear),
		"MAXYEAR":   starlark.MakeInt(maxYear),
	})
}

// DateTime is datetime.datetime.
type DateTime struct {
	d Date
	t Time
}

var (
	_ starlark.HasBinary  = DateTime{}
	_ starlark.Comparable = DateTime{}
	_ starlark.HasAttrs   = DateTime{}
)

func newDateTime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var dt DateTime
	var tz tzArg
	if err := core.Unpack("datetime", args, kwargs, "year", &dt.d.y, "month", &dt.d.m, "day", &dt.d.d,
		"hour?", &dt.t.h, "minute?", &dt.t.mi, "second?", &dt.t.s, "microsecond?", &dt.t.us, "tzinfo?", &tz); err != nil {
		return nil, err
	}
	if err := checkDate(dt.d.y, dt.d.m, dt.d.d); err != nil {
		return nil, err
	}
	if err := checkTime(dt.t.h, dt.t.mi, dt.t.s, dt.t.us); err != nil {
		return nil, err
	}
	dt.t.tz = tz.tz
	return dt, nil
}

// naiveUS is microseconds since 0001-01-01T00:00 of the wall-clock fields.
func (dt DateTime) naiveUS() int64 { return (dt.d.ord()-1)*usPerDay + dt.t.us64() }

// utcUS is naiveUS minus the UTC offset (aware datetimes only).
func (dt DateTime) utcUS() int64 {
	if dt.t.tz == nil {
		return dt.naiveUS()
	}
	return dt.naiveUS() - dt.t.tz.offUS()
}

// fromNaiveUS rebuilds a datetime; OverflowError outside years 1..9999.
func fromNaiveUS(us int64, tz *Timezone) (DateTime, error) {
	days := floorDiv(us, usPerDay)
	rem := us - days*usPerDay
	d, err := dateFromOrd(days + 1)
	if err != nil {
		return DateTime{}, err
	}
	s := rem / usPerSec
	return DateTime{d, Time{int(s / 3600), int(s / 60 % 60), int(s % 60), int(rem % usPerSec), tz}}, nil
}

// fromTime converts a Go time to wall-clock fields in its location.
func fromTime(t time.Time, tz *Timezone) DateTime {
	return DateTime{Date{t.Year(), int(t.Month()), t.Day()}, Time{t.Hour(), t.Minute(), t.Second(), t.Nanosecond() / 1000, tz}}
}

func (dt DateTime) iso(sep, timespec string) (string, error) {
	ts, err := dt.t.iso(timespec)
	if err != nil {
		return "", err
	}
	return dt.d.String() + sep + ts, nil
}

func (dt DateTime) String() string { s, _ := dt.iso(" ", "auto"); return s }
func (dt DateTime) Type() string   { return "datetime" }
func (dt DateTime) Freeze()        {}
func (dt DateTime) Truth() starlark.Bool {
	return true
}
func (dt DateTime) Hash() (uint32, error) {
	us := dt.utcUS()
	return uint32(us) ^ uint32(us>>32), nil
}

var dtAttrs = []string{"astimezone", "ctime", "date", "day", "hour", "isocalendar", "isoformat", "isoweekday", "microsecond", "minute", "month", "replace", "second", "strftime", "time", "timestamp", "timetuple", "timetz", "toordinal", "tzinfo", "tzname", "utcoffset", "weekday", "year"}

func (dt DateTime) AttrNames() []string { return dtAttrs }

func (dt DateTime) Attr(name string) (starlark.Value, error) {
	noArgs := func(fn func() (starlark.Value, error)) *starlark.Builtin {
		return method(name, dt, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(name, args, kwargs); err != nil {
				return nil, err
			}
			return fn()
		})
	}
	switch name {
	case "year", "month", "day":
		return dt.d.Attr(name)
	case "hour", "minute", "second", "microsecond", "tzinfo", "utcoffset", "tzname":
		v, err := dt.t.Attr(name)
		if b, ok := v.(*starlark.Builtin); ok {
			v = b.BindReceiver(dt)
		}
		return v, err
	case "date":
		return noArgs(func() (starlark.Value, error) { return dt.d, nil }), nil
	case "time":
		return noArgs(func() (starlark.Value, error) { t := dt.t; t.tz = nil; return t, nil }), nil
	case "timetz":
		return noArgs(func() (starlark.Value, error) { return dt.t, nil }), nil
	case "timestamp":
		return noArgs(func() (starlark.Value, error) { return starlark.Float(dt.timestamp()), nil }), nil
	case "isoformat":
		return method(name, dt, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			sep, timespec := "T", "auto"
			if err := core.Unpack(name, args, kwargs, "sep?", &sep, "timespec?", &timespec); err != nil {
				return nil, err
			}
			if len([]rune(sep)) != 1 {
				return nil, core.Errorf("TypeError", "isoformat() argument 1 must be a unicode character, not str")
			}
			s, err := dt.iso(sep, timespec)
			if err != nil {
				return nil, err
			}
			return starlark.String(s), nil
		}), nil
	case "replace":
		return method(name, dt, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			n := dt
			tz := tzArg{dt.t.tz}
			if err := core.Unpack("replace", args, kwargs, "year?", &n.d.y, "month?", &n.d.m, "day?", &n.d.d,
				"hour?", &n.t.h, "minute?", &n.t.mi, "second?", &n.t.s, "microsecond?", &n.t.us, "tzinfo?", &tz); err != nil {
				return nil, err
			}
			if err := checkDate(n.d.y, n.d.m, n.d.d); err != nil {
				return nil, err
			}
			if err := checkTime(n.t.h, n.t.mi, n.t.s, n.t.us); err != nil {
				return nil, err
			}
			n.t.tz = tz.tz
			return n, nil
		}), nil
	case "astimezone":
		return method(name, dt, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var tz tzArg
			if err := core.Unpack(name, args, kwargs, "tz?", &tz); err != nil {
				return nil, err
			}
			ts := dt.timestamp()
			if tz.tz == nil {
				return localFromTimestamp(ts, true)
			}
			return tzFromTimestamp(ts, tz.tz)
		}), nil
	}
	return commonAttr(name, dt, dt.d, dt.t, true)
}

// timestamp is POSIX time; a naive datetime is local time (fold=0).
func (dt DateTime) timestamp() float64 {
	if dt.t.tz == nil {
		t := time.Date(dt.d.y, time.Month(dt.d.m), dt.d.d, dt.t.h, dt.t.mi, dt.t.s, 0, time.Local)
		return float64(t.Unix()) + float64(dt.t.us)/1e6
	}
	us := dt.utcUS() - epochUS
	return float64(us/usPerSec) + float64(us%usPerSec)/1e6
}

var epochUS = (ordinal(1970, 1, 1) - 1) * usPerDay

func (dt DateTime) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	u := y.(DateTime)
	if (dt.t.tz == nil) != (u.t.tz == nil) {
		if op == syntax.EQL || op == syntax.NEQ {
			return op == syntax.NEQ, nil
		}
		return false, core.Errorf("TypeError", "can't compare offset-naive and offset-aware datetimes")
	}
	return cmpOp(op, cmp64(dt.utcUS(), u.utcUS())), nil
}

func (dt DateTime) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch y := y.(type) {
	case Timedelta:
		if op == syntax.PLUS || (op == syntax.MINUS && side == starlark.Left) {
			// Bound the delta first: 10000 years fits int64 microseconds.
			if y.days > maxOrdinal || y.days < -maxOrdinal {
				return nil, core.Errorf("OverflowError", "date value out of range")
			}
			d := y.days*usPerDay + y.us
			if op == syntax.MINUS {
				d = -d
			}
			return fromNaiveUS(dt.naiveUS()+d, dt.t.tz)
		}
	case DateTime:
		if op == syntax.MINUS {
			a, b := dt, y
			if side == starlark.Right {
				a, b = b, a
			}
			if (a.t.tz == nil) != (b.t.tz == nil) {
				return nil, core.Errorf("TypeError", "can't subtract offset-naive and offset-aware datetimes")
			}
			return tdFromUS(a.utcUS() - b.utcUS()), nil
		}
	}
	return nil, nil
}

// --- class methods ---

func dtNow(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tz tzArg
	if err := core.Unpack("now", args, kwargs, "tz?", &tz); err != nil {
		return nil, err
	}
	now := Now()
	if tz.tz == nil {
		return fromTime(now.In(time.Local), nil), nil
	}
	return fromTime(now.In(time.FixedZone("", 0)).Add(time.Duration(tz.tz.offUS())*time.Microsecond), tz.tz), nil
}

func dtUTCNow(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("utcnow", args, kwargs); err != nil {
		return nil, err
	}
	return fromTime(Now().UTC(), nil), nil
}

func dtToday(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("today", args, kwargs); err != nil {
		return nil, err
	}
	return fromTime(Now().In(time.Local), nil), nil
}

func dateToday(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("today", args, kwargs); err != nil {
		return nil, err
	}
	return fromTime(Now().In(time.Local), nil).d, nil
}

// splitTimestamp rounds a POSIX timestamp half to even to microseconds,
// as CPython does, and checks it is finite.
func splitTimestamp(v starlark.Value) (sec, us int64, err error) {
	switch v := v.(type) {
	case starlark.Int:
		s, ok := v.Int64()
		if !ok {
			return 0, 0, core.Errorf("OverflowError", "timestamp out of range for platform time_t")
		}
		return s, 0, nil
	case starlark.Float:
		f := float64(v)
		if math.IsNaN(f) {
			return 0, 0, core.Errorf("ValueError", "Invalid value NaN (not a number)")
		}
		if math.IsInf(f, 0) || math.Abs(f) > 1e15 {
			return 0, 0, core.Errorf("OverflowError", "timestamp out of range for platform time_t")
		}
		whole, frac := math.Modf(f)
		u := math.RoundToEven(frac * 1e6)
		sec, us = int64(whole), int64(u)
		if us >= 1e6 {
			sec, us = sec+1, us-1e6
		} else if us < 0 {
			sec, us = sec-1, us+1e6
		}
		return sec, us, nil
	}
	return 0, 0, core.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", core.TypeName(v))
}

func checkRange(t time.Time) error {
	if t.Year() < minYear || t.Year() > maxYear {
		return core.Errorf("ValueError", "year %d is out of range", t.Year())
	}
	return nil
}

func localFromTimestamp(ts float64, aware bool) (starlark.Value, error) {
	sec, us, err := splitTimestamp(starlark.Float(ts))
	if err != nil {
		return nil, err
	}
	t := time.Unix(sec, us*1000).In(time.Local)
	if err := checkRange(t); err != nil {
		return nil, err
	}
	if !aware {
		return fromTime(t, nil), nil
	}
	name, off := t.Zone()
	return fromTime(t, &Timezone{off: tdFromUS(int64(off) * usPerSec), tzname: name, hasName: true}), nil
}

func tzFromTimestamp(ts float64, tz *Timezone) (starlark.Value, error) {
	sec, us, err := splitTimestamp(starlark.Float(ts))
	if err != nil {
		return nil, err
	}
	t := time.Unix(sec, us*1000).UTC().Add(time.Duration(tz.offUS()) * time.Microsecond)
	if err := checkRange(t); err != nil {
		return nil, err
	}
	return fromTime(t, tz), nil
}

func dtFromTimestamp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var ts starlark.Value
	var tz tzArg
	if err := core.Unpack("fromtimestamp", args, kwargs, "timestamp", &ts, "tz?", &tz); err != nil {
		return nil, err
	}
	sec, us, err := splitTimestamp(ts)
	if err != nil {
		return nil, err
	}
	t := time.Unix(sec, us*1000)
	if tz.tz == nil {
		t = t.In(time.Local)
	} else {
		t = t.UTC().Add(time.Duration(tz.tz.offUS()) * time.Microsecond)
	}
	if err := checkRange(t); err != nil {
		return nil, err
	}
	return fromTime(t, tz.tz), nil
}

func dtUTCFromTimestamp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var ts starlark.Value
	if err := core.Unpack("utcfromtimestamp", args, kwargs, "timestamp", &ts); err != nil {
		return nil, err
	}
	sec, us, err := splitTimestamp(ts)
	if err != nil {
		return nil, err
	}
	t := time.Unix(sec, us*1000).UTC()
	if err := checkRange(t); err != nil {
		return nil, err
	}
	return fromTime(t, nil), nil
}

func dateFromTimestamp(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var ts starlark.Value
	if err := core.Unpack("fromtimestamp", args, kwargs, "timestamp", &ts); err != nil {
		return nil, err
	}
	sec, us, err := splitTimestamp(ts)
	if err != nil {
		return nil, err
	}
	t := time.Unix(sec, us*1000).In(time.Local)
	if err := checkRange(t); err != nil {
		return nil, err
	}
	return fromTime(t, nil).d, nil
}

func dateFromOrdinal(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n int64
	if err := core.Unpack("fromordinal", args, kwargs, "ordinal", &n); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, core.Errorf("ValueError", "ordinal must be >= 1")
	}
	if n > maxOrdinal {
		return nil, core.Errorf("ValueError", "year %d is out of range", 10000)
	}
	return dateFromOrd(n)
}

func dtCombine(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var dv, tv starlark.Value
	var tz starlark.Value
	if err := core.Unpack("combine", args, kwargs, "date", &dv, "time", &tv, "tzinfo?", &tz); err != nil {
		return nil, err
	}
	var d Date
	switch v := dv.(type) {
	case Date:
		d = v
	case DateTime:
		d = v.d
	default:
		return nil, core.Errorf("TypeError", "combine() argument 1 must be datetime.date, not %s", core.TypeName(dv))
	}
	t, ok := tv.(Time)
	if !ok {
		return nil, core.Errorf("TypeError", "combine() argument 2 must be datetime.time, not %s", core.TypeName(tv))
	}
	if tz != nil {
		var a tzArg
		if err := a.Unpack(tz); err != nil {
			return nil, core.Errorf("TypeError", "%s", err)
		}
		t.tz = a.tz
	}
	return DateTime{d, t}, nil
}
