package datetime

import (
	"fmt"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Time is datetime.time (also the time part of a datetime).
type Time struct {
	h, mi, s, us int
	tz           *Timezone // nil: naive
}

var (
	_ starlark.Comparable = Time{}
	_ starlark.HasAttrs   = Time{}
)

func checkTime(h, mi, s, us int) error {
	switch {
	case h < 0 || h > 23:
		return core.Errorf("ValueError", "hour must be in 0..23")
	case mi < 0 || mi > 59:
		return core.Errorf("ValueError", "minute must be in 0..59")
	case s < 0 || s > 59:
		return core.Errorf("ValueError", "second must be in 0..59")
	case us < 0 || us > 999999:
		return core.Errorf("ValueError", "microsecond must be in 0..999999")
	}
	return nil
}

// tzArg unpacks a tzinfo argument: None or a timezone.
type tzArg struct{ tz *Timezone }

func (a *tzArg) Unpack(v starlark.Value) error {
	switch v := v.(type) {
	case starlark.NoneType:
		a.tz = nil
	case *Timezone:
		a.tz = v
	default:
		return fmt.Errorf("tzinfo argument must be None or of a tzinfo subclass, not type '%s'", core.TypeName(v))
	}
	return nil
}

func newTime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var t Time
	var tz tzArg
	if err := core.Unpack("time", args, kwargs, "hour?", &t.h, "minute?", &t.mi, "second?", &t.s, "microsecond?", &t.us, "tzinfo?", &tz); err != nil {
		return nil, err
	}
	if err := checkTime(t.h, t.mi, t.s, t.us); err != nil {
		return nil, err
	}
	t.tz = tz.tz
	return t, nil
}

func (t Time) us64() int64 {
	return (int64(t.h)*3600+int64(t.mi)*60+int64(t.s))*usPerSec + int64(t.us)
}

// isoTime formats the time with timespec as CPython's isoformat does.
func (t Time) iso(timespec string) (string, error) {
	var s string
	switch timespec {
	case "auto":
		if t.us != 0 {
			s = fmt.Sprintf("%02d:%02d:%02d.%06d", t.h, t.mi, t.s, t.us)
		} else {
			s = fmt.Sprintf("%02d:%02d:%02d", t.h, t.mi, t.s)
		}
	case "hours":
		s = fmt.Sprintf("%02d", t.h)
	case "minutes":
		s = fmt.Sprintf("%02d:%02d", t.h, t.mi)
	case "seconds":
		s = fmt.Sprintf("%02d:%02d:%02d", t.h, t.mi, t.s)
	case "milliseconds":
		s = fmt.Sprintf("%02d:%02d:%02d.%03d", t.h, t.mi, t.s, t.us/1000)
	case "microseconds":
		s = fmt.Sprintf("%02d:%02d:%02d.%06d", t.h, t.mi, t.s, t.us)
	default:
		return "", core.Errorf("ValueError", "Unknown timespec value")
	}
	if t.tz != nil {
		s += t.tz.offsetString(":")
	}
	return s, nil
}

func (t Time) String() string { s, _ := t.iso("auto"); return s }
func (t Time) Type() string   { return "time" }
func (t Time) Freeze()        {}
func (t Time) Truth() starlark.Bool {
	return true
}
func (t Time) Hash() (uint32, error) {
	us := t.us64()
	if t.tz != nil {
		us -= t.tz.off.days*usPerDay + t.tz.off.us
	}
	return uint32(us) ^ uint32(us>>32), nil
}

var timeAttrs = []string{"hour", "isoformat", "microsecond", "minute", "replace", "second", "strftime", "tzinfo", "tzname", "utcoffset"}

func (t Time) AttrNames() []string { return timeAttrs }

func (t Time) Attr(name string) (starlark.Value, error) {
	switch name {
	case "hour":
		return starlark.MakeInt(t.h), nil
	case "minute":
		return starlark.MakeInt(t.mi), nil
	case "second":
		return starlark.MakeInt(t.s), nil
	case "microsecond":
		return starlark.MakeInt(t.us), nil
	case "tzinfo":
		return tzValue(t.tz), nil
	case "utcoffset":
		return method(name, t, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(name, args, kwargs); err != nil {
				return nil, err
			}
			if t.tz == nil {
				return starlark.None, nil
			}
			return t.tz.off, nil
		}), nil
	case "tzname":
		return method(name, t, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(name, args, kwargs); err != nil {
				return nil, err
			}
			if t.tz == nil {
				return starlark.None, nil
			}
			return starlark.String(t.tz.name()), nil
		}), nil
	case "isoformat":
		return method(name, t, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			timespec := "auto"
			if err := core.Unpack(name, args, kwargs, "timespec?", &timespec); err != nil {
				return nil, err
			}
			s, err := t.iso(timespec)
			if err != nil {
				return nil, err
			}
			return starlark.String(s), nil
		}), nil
	case "strftime":
		return method(name, t, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var format string
			if err := core.Unpack("strftime", args, kwargs, "format", &format); err != nil {
				return nil, err
			}
			// CPython formats a time with the date 1900-01-01.
			return starlark.String(strftime(format, Date{1900, 1, 1}, t, true)), nil
		}), nil
	case "replace":
		return method(name, t, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			n := t
			tz := tzArg{t.tz}
			if err := core.Unpack("replace", args, kwargs, "hour?", &n.h, "minute?", &n.mi, "second?", &n.s, "microsecond?", &n.us, "tzinfo?", &tz); err != nil {
				return nil, err
			}
			if err := checkTime(n.h, n.mi, n.s, n.us); err != nil {
				return nil, err
			}
			n.tz = tz.tz
			return n, nil
		}), nil
	}
	return nil, nil
}

func (t Time) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	u := y.(Time)
	if (t.tz == nil) != (u.tz == nil) {
		if op == syntax.EQL || op == syntax.NEQ {
			return op == syntax.NEQ, nil
		}
		return false, core.Errorf("TypeError", "can't compare offset-naive and offset-aware times")
	}
	a, b := t.us64(), u.us64()
	if t.tz != nil {
		a -= t.tz.offUS()
		b -= u.tz.offUS()
	}
	return cmpOp(op, cmp64(a, b)), nil
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Timezone is datetime.timezone: a fixed offset from UTC and a name.
type Timezone struct {
	off     Timedelta
	tzname  string
	hasName bool
}

var utc = &Timezone{}

func tzValue(tz *Timezone) starlark.Value {
	if tz == nil {
		return starlark.None
	}
	return tz
}

func newTimezone(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var off starlark.Value
	var name starlark.Value = starlark.None
	if err := core.Unpack("timezone", args, kwargs, "offset", &off, "name?", &name); err != nil {
		return nil, err
	}
	td, ok := off.(Timedelta)
	if !ok {
		return nil, core.Errorf("TypeError", "timezone() argument 1 must be datetime.timedelta, not %s", core.TypeName(off))
	}
	if td.days < -1 || td.days >= 1 || (td.days == -1 && td.us == 0) {
		return nil, core.Errorf("ValueError", "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not %s.", td.Repr())
	}
	tz := &Timezone{off: td}
	switch n := name.(type) {
	case starlark.NoneType:
	case starlark.String:
		tz.tzname, tz.hasName = string(n), true
	default:
		return nil, core.Errorf("TypeError", "timezone() argument 2 must be str, not %s", core.TypeName(name))
	}
	if !tz.hasName && td.days == 0 && td.us == 0 {
		return utc, nil
	}
	return tz, nil
}

func (z *Timezone) offUS() int64 { return z.off.days*usPerDay + z.off.us }

// offsetString is +HH:MM[:SS[.ffffff]] (sep ":" ) or +HHMM (sep "").
func (z *Timezone) offsetString(sep string) string {
	us := z.offUS()
	sign := "+"
	if us < 0 {
		sign, us = "-", -us
	}
	h, m, s, f := us/3600e6, us/60e6%60, us/1e6%60, us%1e6
	out := fmt.Sprintf("%s%02d%s%02d", sign, h, sep, m)
	if s != 0 || f != 0 {
		out += fmt.Sprintf("%s%02d", sep, s)
		if f != 0 {
			out += fmt.Sprintf(".%06d", f)
		}
	}
	return out
}

func (z *Timezone) name() string {
	if z.hasName {
		return z.tzname
	}
	if z.offUS() == 0 {
		return "UTC"
	}
	return "UTC" + z.offsetString(":")
}

func (z *Timezone) String() string { return z.name() }
func (z *Timezone) Type() string   { return "timezone" }
func (z *Timezone) Freeze()        {}
func (z *Timezone) Truth() starlark.Bool {
	return true
}
func (z *Timezone) Hash() (uint32, error) { return z.off.Hash() }

func (z *Timezone) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	u := y.(*Timezone)
	switch op {
	case syntax.EQL:
		return z.offUS() == u.offUS(), nil
	case syntax.NEQ:
		return z.offUS() != u.offUS(), nil
	}
	return false, core.Errorf("TypeError", "'%s' not supported between instances of 'datetime.timezone' and 'datetime.timezone'", op)
}

func (z *Timezone) AttrNames() []string { return []string{"tzname", "utcoffset"} }

func (z *Timezone) Attr(name string) (starlark.Value, error) {
	switch name {
	case "utcoffset", "tzname":
		return method(name, z, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var dt starlark.Value
			if err := core.Unpack(name, args, kwargs, "dt", &dt); err != nil {
				return nil, err
			}
			if name == "tzname" {
				return starlark.String(z.name()), nil
			}
			return z.off, nil
		}), nil
	}
	return nil, nil
}
