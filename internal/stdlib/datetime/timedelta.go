package datetime

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

const (
	usPerSec = int64(1_000_000)
	usPerDay = 86400 * usPerSec
	maxDays  = 999_999_999
)

// Timedelta is datetime.timedelta: days, seconds (0..86399) and
// microseconds (0..999999), normalised as CPython does.
type Timedelta struct {
	days int64
	us   int64 // microseconds within the day, 0 <= us < usPerDay
}

var (
	_ starlark.HasBinary  = Timedelta{}
	_ starlark.HasUnary   = Timedelta{}
	_ starlark.Comparable = Timedelta{}
	_ starlark.HasAttrs   = Timedelta{}
)

// tdFromBig normalises a total in microseconds; OverflowError outside
// CPython's range.
func tdFromBig(total *big.Int) (Timedelta, error) {
	d, m := new(big.Int).DivMod(total, big.NewInt(usPerDay), new(big.Int))
	if !d.IsInt64() || d.Int64() > maxDays || d.Int64() < -maxDays {
		return Timedelta{}, core.Errorf("OverflowError", "days=%s; must have magnitude <= 999999999", d.String())
	}
	return Timedelta{days: d.Int64(), us: m.Int64()}, nil
}

func tdFromUS(us int64) Timedelta {
	d := floorDiv(us, usPerDay)
	return Timedelta{days: d, us: us - d*usPerDay}
}

func (t Timedelta) big() *big.Int {
	b := big.NewInt(t.days)
	b.Mul(b, big.NewInt(usPerDay))
	return b.Add(b, big.NewInt(t.us))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// newTimedelta is timedelta(days=0, seconds=0, microseconds=0,
// milliseconds=0, minutes=0, hours=0, weeks=0).
func newTimedelta(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var vals [7]starlark.Value
	if err := core.Unpack("timedelta", args, kwargs, "days?", &vals[0], "seconds?", &vals[1], "microseconds?", &vals[2],
		"milliseconds?", &vals[3], "minutes?", &vals[4], "hours?", &vals[5], "weeks?", &vals[6]); err != nil {
		return nil, err
	}
	// Microseconds per unit, in the parameter order above.
	units := [7]int64{usPerDay, usPerSec, 1, 1000, 60 * usPerSec, 3600 * usPerSec, 7 * usPerDay}
	total := new(big.Int)
	frac := 0.0 // fractional microseconds from float arguments, rounded once at the end
	for i, v := range vals {
		switch v := v.(type) {
		case nil:
		case starlark.Int:
			total.Add(total, new(big.Int).Mul(v.BigInt(), big.NewInt(units[i])))
		case starlark.Float:
			f := float64(v)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, core.Errorf("ValueError", "cannot convert float %s to integer", v.String())
			}
			whole, fr := math.Modf(f)
			bf := new(big.Float).SetFloat64(whole)
			bi, _ := bf.Int(nil)
			total.Add(total, bi.Mul(bi, big.NewInt(units[i])))
			frac += fr * float64(units[i])
		default:
			return nil, core.Errorf("TypeError", "unsupported type for timedelta %s component: %s", paramNames[i], core.TypeName(v))
		}
	}
	if frac != 0 {
		// Round the fractional microseconds half to even on the whole
		// total, as CPython does.
		w := math.Floor(frac)
		fr := frac - w
		total.Add(total, big.NewInt(int64(w)))
		if fr > 0.5 || (fr == 0.5 && total.Bit(0) == 1) {
			total.Add(total, big.NewInt(1))
		}
	}
	return tdFromBig(total)
}

var paramNames = [7]string{"days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"}

func (t Timedelta) parts() (days, secs, us int64) { return t.days, t.us / usPerSec, t.us % usPerSec }

func (t Timedelta) String() string {
	days, secs, us := t.parts()
	var b strings.Builder
	if days != 0 {
		plural := ""
		if days != 1 && days != -1 {
			plural = "s"
		}
		fmt.Fprintf(&b, "%d day%s, ", days, plural)
	}
	fmt.Fprintf(&b, "%d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	if us != 0 {
		fmt.Fprintf(&b, ".%06d", us)
	}
	return b.String()
}

// Repr is CPython's repr(): datetime.timedelta(days=1, seconds=5).
func (t Timedelta) Repr() string {
	days, secs, us := t.parts()
	var parts []string
	if days != 0 {
		parts = append(parts, fmt.Sprintf("days=%d", days))
	}
	if secs != 0 {
		parts = append(parts, fmt.Sprintf("seconds=%d", secs))
	}
	if us != 0 {
		parts = append(parts, fmt.Sprintf("microseconds=%d", us))
	}
	if len(parts) == 0 {
		parts = []string{"0"}
	}
	return "datetime.timedelta(" + strings.Join(parts, ", ") + ")"
}

func (t Timedelta) Type() string         { return "timedelta" }
func (t Timedelta) Freeze()              {}
func (t Timedelta) Truth() starlark.Bool { return t.days != 0 || t.us != 0 }
func (t Timedelta) Hash() (uint32, error) {
	return uint32(t.days*2654435761) ^ uint32(t.us) ^ uint32(t.us>>32), nil
}

func (t Timedelta) AttrNames() []string {
	return []string{"days", "microseconds", "seconds", "total_seconds"}
}

func (t Timedelta) Attr(name string) (starlark.Value, error) {
	days, secs, us := t.parts()
	switch name {
	case "days":
		return starlark.MakeInt64(days), nil
	case "seconds":
		return starlark.MakeInt64(secs), nil
	case "microseconds":
		return starlark.MakeInt64(us), nil
	case "total_seconds":
		return method("total_seconds", t, func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack("total_seconds", args, kwargs); err != nil {
				return nil, err
			}
			f, _ := new(big.Float).Quo(new(big.Float).SetInt(t.big()), big.NewFloat(1e6)).Float64()
			return starlark.Float(f), nil
		}), nil
	}
	return nil, nil
}

func (t Timedelta) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return cmpOp(op, t.big().Cmp(y.(Timedelta).big())), nil
}

func cmpOp(op syntax.Token, c int) bool {
	switch op {
	case syntax.EQL:
		return c == 0
	case syntax.NEQ:
		return c != 0
	case syntax.LT:
		return c < 0
	case syntax.LE:
		return c <= 0
	case syntax.GT:
		return c > 0
	case syntax.GE:
		return c >= 0
	}
	return false
}

func (t Timedelta) Unary(op syntax.Token) (starlark.Value, error) {
	switch op {
	case syntax.MINUS:
		return tdFromBig(new(big.Int).Neg(t.big()))
	case syntax.PLUS:
		return t, nil
	}
	return nil, nil
}

func (t Timedelta) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch y := y.(type) {
	case Timedelta:
		a, b := t.big(), y.big()
		if side == starlark.Right {
			a, b = b, a
		}
		switch op {
		case syntax.PLUS:
			return tdFromBig(new(big.Int).Add(a, b))
		case syntax.MINUS:
			return tdFromBig(new(big.Int).Sub(a, b))
		case syntax.SLASH:
			if b.Sign() == 0 {
				return nil, core.Errorf("ZeroDivisionError", "division by zero")
			}
			f, _ := new(big.Float).Quo(new(big.Float).SetInt(a), new(big.Float).SetInt(b)).Float64()
			return starlark.Float(f), nil
		case syntax.SLASHSLASH:
			if b.Sign() == 0 {
				return nil, core.Errorf("ZeroDivisionError", "integer division or modulo by zero")
			}
			return starlark.MakeBigInt(floorBig(a, b)), nil
		case syntax.PERCENT:
			if b.Sign() == 0 {
				return nil, core.Errorf("ZeroDivisionError", "integer division or modulo by zero")
			}
			q := floorBig(a, b)
			r := new(big.Int).Sub(a, new(big.Int).Mul(q, b))
			return tdFromBig(r)
		}
	case starlark.Int:
		switch {
		case op == syntax.STAR:
			return tdFromBig(new(big.Int).Mul(t.big(), y.BigInt()))
		case (op == syntax.SLASHSLASH || op == syntax.SLASH) && side == starlark.Left:
			if y.Sign() == 0 {
				return nil, core.Errorf("ZeroDivisionError", "integer division or modulo by zero")
			}
			if op == syntax.SLASHSLASH {
				return tdFromBig(floorBig(t.big(), y.BigInt()))
			}
			return tdFromBig(roundHalfEvenDiv(t.big(), y.BigInt()))
		}
	case starlark.Float:
		f := float64(y)
		switch {
		case op == syntax.STAR:
			return tdFromBig(roundFloat(new(big.Float).Mul(new(big.Float).SetInt(t.big()), big.NewFloat(f))))
		case op == syntax.SLASH && side == starlark.Left:
			if f == 0 {
				return nil, core.Errorf("ZeroDivisionError", "division by zero")
			}
			return tdFromBig(roundFloat(new(big.Float).Quo(new(big.Float).SetInt(t.big()), big.NewFloat(f))))
		}
	}
	return nil, nil
}

// floorBig is Python's a // b.
func floorBig(a, b *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(a, b, new(big.Int))
	if r.Sign() != 0 && (r.Sign() < 0) != (b.Sign() < 0) {
		q.Sub(q, big.NewInt(1))
	}
	return q
}

// roundHalfEvenDiv is a / b rounded half to even, as CPython's
// timedelta / int.
func roundHalfEvenDiv(a, b *big.Int) *big.Int {
	q := floorBig(a, b)
	r := new(big.Int).Sub(a, new(big.Int).Mul(q, b))
	twice := new(big.Int).Mul(r, big.NewInt(2))
	bb := new(big.Int).Abs(b)
	twice.Abs(twice)
	c := twice.Cmp(bb)
	if c > 0 || (c == 0 && q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// roundFloat rounds half to even to an integer.
func roundFloat(f *big.Float) *big.Int {
	i, _ := f.Int(nil) // truncated
	fr := new(big.Float).Sub(f, new(big.Float).SetInt(i))
	half := big.NewFloat(0.5)
	abs := new(big.Float).Abs(fr)
	c := abs.Cmp(half)
	if c > 0 || (c == 0 && i.Bit(0) == 1) {
		if fr.Sign() > 0 {
			i.Add(i, big.NewInt(1))
		} else {
			i.Sub(i, big.NewInt(1))
		}
	}
	return i
}

// method binds a Go closure as a bound method of recv.
func method(name string, recv starlark.Value, fn func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return fn(args, kwargs)
	}).BindReceiver(recv)
}
