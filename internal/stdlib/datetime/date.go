package datetime

import (
	"fmt"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

const (
	minYear = 1
	maxYear = 9999
)

var daysInMonthTab = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(y, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return daysInMonthTab[m]
}

// ordinal is the proleptic Gregorian ordinal, 0001-01-01 being 1.
func ordinal(y, m, d int) int64 {
	yy := int64(y - 1)
	days := yy*365 + yy/4 - yy/100 + yy/400
	for i := 1; i < m; i++ {
		days += int64(daysInMonthTab[i])
	}
	if m > 2 && isLeap(y) {
		days++
	}
	return days + int64(d)
}

// fromOrdinal is the inverse of ordinal (n >= 1).
func fromOrdinal(n int64) (y, m, d int) {
	t := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n-1))
	return t.Year(), int(t.Month()), t.Day()
}

const maxOrdinal = 3652059 // 9999-12-31

// checkDate validates fields with CPython's messages.
func checkDate(y, m, d int) error {
	if y < minYear || y > maxYear {
		return core.Errorf("ValueError", "year %d is out of range", y)
	}
	if m < 1 || m > 12 {
		return core.Errorf("ValueError", "month must be in 1..12")
	}
	if d < 1 || d > daysInMonth(y, m) {
		return core.Errorf("ValueError", "day is out of range for month")
	}
	return nil
}

// Date is datetime.date.
type Date struct{ y, m, d int }

var (
	_ starlark.HasBinary  = Date{}
	_ starlark.Comparable = Date{}
	_ starlark.HasAttrs   = Date{}
)

func newDate(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var y, m, d int
	if err := core.Unpack("date", args, kwargs, "year", &y, "month", &m, "day", &d); err != nil {
		return nil, err
	}
	if err := checkDate(y, m, d); err != nil {
		return nil, err
	}
	return Date{y, m, d}, nil
}

func (d Date) ord() int64           { return ordinal(d.y, d.m, d.d) }
func (d Date) String() string       { return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d) }
func (d Date) Repr() string         { return fmt.Sprintf("datetime.date(%d, %d, %d)", d.y, d.m, d.d) }
func (d Date) Type() string         { return "date" }
func (d Date) Freeze()              {}
func (d Date) Truth() starlark.Bool { return true }
func (d Date) Hash() (uint32, error) {
	return uint32(d.ord() * 2654435761), nil
}
func (d Date) weekday() int { return int((d.ord() + 6) % 7) }

func dateFromOrd(n int64) (Date, error) {
	if n < 1 || n > maxOrdinal {
		return Date{}, core.Errorf("OverflowError", "date value out of range")
	}
	y, m, dd := fromOrdinal(n)
	return Date{y, m, dd}, nil
}

var dateAttrs = []string{"ctime", "day", "isocalendar", "isoformat", "isoweekday", "month", "replace", "strftime", "timetuple", "toordinal", "weekday", "year"}

func (d Date) AttrNames() []string { return dateAttrs }

func (d Date) Attr(name string) (starlark.Value, error) {
	switch name {
	case "year":
		return starlark.MakeInt(d.y), nil
	case "month":
		return starlark.MakeInt(d.m), nil
	case "day":
		return starlark.MakeInt(d.d), nil
	case "replace":
		return method(name, d, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			y, m, dd := d.y, d.m, d.d
			if err := core.Unpack("replace", args, kwargs, "year?", &y, "month?", &m, "day?", &dd); err != nil {
				return nil, err
			}
			if err := checkDate(y, m, dd); err != nil {
				return nil, err
			}
			return Date{y, m, dd}, nil
		}), nil
	}
	return commonAttr(name, d, d, Time{}, false)
}

// commonAttr gives date and datetime the methods they share; dt is the
// receiver, naive reports whether %z/%Z have a zone to print.
func commonAttr(name string, recv starlark.Value, d Date, t Time, isDT bool) (starlark.Value, error) {
	noArgs := func(fn func() starlark.Value) *starlark.Builtin {
		return method(name, recv, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(name, args, kwargs); err != nil {
				return nil, err
			}
			return fn(), nil
		})
	}
	switch name {
	case "weekday":
		return noArgs(func() starlark.Value { return starlark.MakeInt(d.weekday()) }), nil
	case "isoweekday":
		return noArgs(func() starlark.Value { return starlark.MakeInt(d.weekday() + 1) }), nil
	case "toordinal":
		return noArgs(func() starlark.Value { return starlark.MakeInt64(d.ord()) }), nil
	case "isocalendar":
		return noArgs(func() starlark.Value {
			y, w, wd := isoCalendar(d)
			return starlark.Tuple{starlark.MakeInt(y), starlark.MakeInt(w), starlark.MakeInt(wd)}
		}), nil
	case "timetuple":
		return noArgs(func() starlark.Value {
			yday := d.ord() - ordinal(d.y, 1, 1) + 1
			return starlark.Tuple{starlark.MakeInt(d.y), starlark.MakeInt(d.m), starlark.MakeInt(d.d),
				starlark.MakeInt(t.h), starlark.MakeInt(t.mi), starlark.MakeInt(t.s),
				starlark.MakeInt(d.weekday()), starlark.MakeInt64(yday), starlark.MakeInt(-1)}
		}), nil
	case "ctime":
		return noArgs(func() starlark.Value { return starlark.String(strftime("%a %b %e %H:%M:%S %Y", d, t, isDT)) }), nil
	case "isoformat":
		if !isDT {
			return noArgs(func() starlark.Value { return starlark.String(d.String()) }), nil
		}
	case "strftime":
		return method(name, recv, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var format string
			if err := core.Unpack("strftime", args, kwargs, "format", &format); err != nil {
				return nil, err
			}
			return starlark.String(strftime(format, d, t, isDT)), nil
		}), nil
	}
	return nil, nil
}

// isoCalendar is date.isocalendar().
func isoCalendar(d Date) (year, week, weekday int) {
	y := d.y
	week1 := isoWeek1Monday(y)
	today := d.ord()
	w := floorDiv(today-week1, 7)
	if w < 0 {
		y--
		week1 = isoWeek1Monday(y)
		w = floorDiv(today-week1, 7)
	} else if w >= 52 && today >= isoWeek1Monday(y+1) {
		y++
		w = 0
	}
	return y, int(w) + 1, d.weekday() + 1
}

func isoWeek1Monday(y int) int64 {
	first := ordinal(y, 1, 1)
	wd := (first + 6) % 7
	mon := first - wd
	if wd > 3 {
		mon += 7
	}
	return mon
}

func (d Date) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	a, b := d.ord(), y.(Date).ord()
	c := 0
	if a < b {
		c = -1
	} else if a > b {
		c = 1
	}
	return cmpOp(op, c), nil
}

func (d Date) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch y := y.(type) {
	case Timedelta:
		switch {
		case op == syntax.PLUS:
			return dateFromOrd(d.ord() + y.days)
		case op == syntax.MINUS && side == starlark.Left:
			return dateFromOrd(d.ord() - y.days)
		}
	case Date:
		if op == syntax.MINUS {
			a, b := d.ord(), y.ord()
			if side == starlark.Right {
				a, b = b, a
			}
			return tdFromUS((a - b) * usPerDay), nil
		}
	}
	return nil, nil
}
