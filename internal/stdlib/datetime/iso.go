package datetime

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// ISO 8601 parsing as CPython 3.11's fromisoformat: extended and basic
// dates (YYYY-MM-DD, YYYYMMDD), ISO week dates (YYYY-Www[-D]), any one
// separator character, HH[:MM[:SS[.f+]]] (or basic HHMMSS), a fraction of
// 1 or more digits (beyond 6 ignored) with '.' or ',', and Z or ±HH[:MM...]
// offsets.

func isoErr(s string) error {
	return core.Errorf("ValueError", "Invalid isoformat string: %s", core.Quote(s))
}

func digits(s string, n int) (int, bool) {
	if len(s) < n {
		return 0, false
	}
	v := 0
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// parseISODate parses the whole of s as a date; range errors are CPython's.
func parseISODate(s string) (Date, bool, error) {
	y, ok := digits(s, 4)
	if !ok || len(s) < 7 {
		return Date{}, false, nil
	}
	rest := s[4:]
	ext := rest[0] == '-'
	if ext {
		rest = rest[1:]
	}
	if rest != "" && rest[0] == 'W' {
		rest = rest[1:]
		w, ok := digits(rest, 2)
		if !ok {
			return Date{}, false, nil
		}
		rest = rest[2:]
		wd := 1
		if rest != "" {
			if ext {
				if rest[0] != '-' {
					return Date{}, false, nil
				}
				rest = rest[1:]
			}
			if len(rest) != 1 {
				return Date{}, false, nil
			}
			wd, ok = digits(rest, 1)
			if !ok {
				return Date{}, false, nil
			}
		}
		if w < 1 || w > 53 || wd < 1 || wd > 7 || y < minYear || y > maxYear {
			return Date{}, false, nil
		}
		if w == 53 {
			// Only years starting on a Thursday (or leap years on Wednesday) have week 53.
			first := (ordinal(y, 1, 1) + 6) % 7
			if !(first == 3 || (first == 2 && isLeap(y))) {
				return Date{}, false, nil
			}
		}
		d, err := dateFromOrd(isoWeek1Monday(y) + int64(w-1)*7 + int64(wd-1))
		return d, err == nil, err
	}
	m, ok := digits(rest, 2)
	if !ok {
		return Date{}, false, nil
	}
	rest = rest[2:]
	if ext {
		if rest == "" || rest[0] != '-' {
			return Date{}, false, nil
		}
		rest = rest[1:]
	}
	d, ok := digits(rest, 2)
	if !ok || len(rest) != 2 {
		return Date{}, false, nil
	}
	return Date{y, m, d}, true, checkDate(y, m, d)
}

// dateLen finds where the date part of a datetime string ends.
func dateLen(s string) int {
	if len(s) < 7 {
		return len(s)
	}
	ext := s[4] == '-'
	week := (ext && s[5] == 'W') || s[4] == 'W'
	switch {
	case week && ext:
		// YYYY-Www or YYYY-Www-D
		if len(s) > 8 && s[8] == '-' {
			return min(10, len(s))
		}
		return 8
	case week:
		if len(s) > 7 && s[7] >= '0' && s[7] <= '9' {
			return 8
		}
		return 7
	case ext:
		return min(10, len(s))
	}
	return min(8, len(s))
}

// parseISOTime parses a time with an optional offset.
func parseISOTime(s string) (Time, bool, error) {
	var t Time
	body, tzs, hasTZ := s, "", false
	if i := strings.IndexAny(s, "Z+-"); i >= 0 {
		body, tzs, hasTZ = s[:i], s[i:], true
	}
	vals, ok := parseHMS(body)
	if !ok {
		return t, false, nil
	}
	t.h, t.mi, t.s, t.us = vals[0], vals[1], vals[2], vals[3]
	if hasTZ {
		if tzs == "Z" {
			t.tz = utc
		} else {
			sign := int64(1)
			if tzs[0] == '-' {
				sign = -1
			}
			ov, ok := parseHMS(tzs[1:])
			if !ok {
				return t, false, nil
			}
			us := sign * (int64(ov[0])*3600*usPerSec + int64(ov[1])*60*usPerSec + int64(ov[2])*usPerSec + int64(ov[3]))
			if us == 0 {
				t.tz = utc
			} else {
				if us <= -usPerDay || us >= usPerDay {
					return t, true, core.Errorf("ValueError", "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not %s.", tdFromUS(us).Repr())
				}
				t.tz = &Timezone{off: tdFromUS(us)}
			}
		}
	}
	return t, true, checkTime(t.h, t.mi, t.s, t.us)
}

// parseHMS parses HH[:MM[:SS[.f]]] or HH[MM[SS[.f]]].
func parseHMS(s string) ([4]int, bool) {
	var v [4]int
	colon := len(s) > 2 && s[2] == ':'
	for i := 0; i < 3; i++ {
		n, ok := digits(s, 2)
		if !ok {
			return v, false
		}
		v[i] = n
		s = s[2:]
		if s == "" {
			return v, true
		}
		if i < 2 && s[0] != '.' && s[0] != ',' {
			if colon {
				if s[0] != ':' {
					return v, false
				}
				s = s[1:]
			}
			continue
		}
		break
	}
	if s == "" || (s[0] != '.' && s[0] != ',') {
		return v, false
	}
	s = s[1:]
	if s == "" {
		return v, false
	}
	frac := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return v, false
		}
		if i < 6 {
			frac = frac*10 + int(c-'0')
		}
	}
	for i := len(s); i < 6; i++ {
		frac *= 10
	}
	v[3] = frac
	return v, true
}

func isoArg(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	var v starlark.Value
	if err := core.Unpack(fn, args, kwargs, "date_string", &v); err != nil {
		return "", err
	}
	s, ok := v.(starlark.String)
	if !ok {
		return "", core.Errorf("TypeError", "fromisoformat: argument must be str")
	}
	return string(s), nil
}

func dateFromISO(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s, err := isoArg("fromisoformat", args, kwargs)
	if err != nil {
		return nil, err
	}
	d, ok, err := parseISODate(s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, isoErr(s)
	}
	return d, nil
}

func dtFromISO(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s, err := isoArg("fromisoformat", args, kwargs)
	if err != nil {
		return nil, err
	}
	n := dateLen(s)
	d, ok, err := parseISODate(s[:n])
	if !ok || err != nil {
		if err == nil {
			err = isoErr(s)
		}
		return nil, err
	}
	dt := DateTime{d: d}
	if rest := s[n:]; rest != "" {
		_, size := firstRune(rest)
		if len(rest) == size {
			return nil, isoErr(s)
		}
		t, ok, err := parseISOTime(rest[size:])
		if !ok {
			return nil, isoErr(s)
		}
		if err != nil {
			return nil, err
		}
		dt.t = t
	}
	return dt, nil
}

func timeFromISO(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s, err := isoArg("fromisoformat", args, kwargs)
	if err != nil {
		return nil, err
	}
	body := strings.TrimPrefix(s, "T")
	t, ok, err := parseISOTime(body)
	if !ok {
		return nil, isoErr(s)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		_ = i
		return r, len(string(r))
	}
	return 0, 0
}
