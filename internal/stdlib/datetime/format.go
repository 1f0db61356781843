package datetime

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

var (
	dayNames   = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// strftime formats as CPython does on glibc in the C locale: Python
// handles %f, %z and %Z, the C library the rest (including the '-' no-pad
// flag and composites %c %x %X %D %F %T %R %r). An unknown directive is
// copied as is.
func strftime(format string, d Date, t Time, hasTime bool) string {
	var b strings.Builder
	wd := d.weekday() // Monday = 0
	yday := int(d.ord() - ordinal(d.y, 1, 1))
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 >= len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		pad := byte(0) // 0: default
		if format[i] == '-' || format[i] == '_' || format[i] == '0' {
			if i+1 < len(format) {
				pad = format[i]
				i++
			}
		}
		num := func(v, width int, def byte) {
			p := def
			if pad != 0 {
				p = pad
			}
			switch p {
			case '-':
				fmt.Fprintf(&b, "%d", v)
			case '_':
				fmt.Fprintf(&b, "%*d", width, v)
			default:
				fmt.Fprintf(&b, "%0*d", width, v)
			}
		}
		h12 := t.h % 12
		if h12 == 0 {
			h12 = 12
		}
		switch format[i] {
		case 'a':
			b.WriteString(dayNames[wd][:3])
		case 'A':
			b.WriteString(dayNames[wd])
		case 'b', 'h':
			b.WriteString(monthNames[d.m-1][:3])
		case 'B':
			b.WriteString(monthNames[d.m-1])
		case 'c':
			b.WriteString(strftime("%a %b %e %H:%M:%S %Y", d, t, hasTime))
		case 'C':
			num(d.y/100, 1, '0')
		case 'd':
			num(d.d, 2, '0')
		case 'D':
			b.WriteString(strftime("%m/%d/%y", d, t, hasTime))
		case 'e':
			num(d.d, 2, '_')
		case 'f':
			fmt.Fprintf(&b, "%06d", t.us)
		case 'F':
			b.WriteString(strftime("%Y-%m-%d", d, t, hasTime))
		case 'G':
			y, _, _ := isoCalendar(d)
			fmt.Fprintf(&b, "%d", y)
		case 'g':
			y, _, _ := isoCalendar(d)
			num(y%100, 2, '0')
		case 'H':
			num(t.h, 2, '0')
		case 'I':
			num(h12, 2, '0')
		case 'j':
			num(yday+1, 3, '0')
		case 'k':
			num(t.h, 2, '_')
		case 'l':
			num(h12, 2, '_')
		case 'm':
			num(d.m, 2, '0')
		case 'M':
			num(t.mi, 2, '0')
		case 'n':
			b.WriteByte('\n')
		case 'p':
			if t.h < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		case 'r':
			b.WriteString(strftime("%I:%M:%S %p", d, t, hasTime))
		case 'R':
			b.WriteString(strftime("%H:%M", d, t, hasTime))
		case 'S':
			num(t.s, 2, '0')
		case 't':
			b.WriteByte('\t')
		case 'T', 'X':
			b.WriteString(strftime("%H:%M:%S", d, t, hasTime))
		case 'u':
			num(wd+1, 1, '0')
		case 'U':
			num((yday+7-(wd+1)%7)/7, 2, '0')
		case 'V':
			_, w, _ := isoCalendar(d)
			num(w, 2, '0')
		case 'w':
			num((wd+1)%7, 1, '0')
		case 'W':
			num((yday+7-wd)/7, 2, '0')
		case 'x':
			b.WriteString(strftime("%m/%d/%y", d, t, hasTime))
		case 'y':
			num(d.y%100, 2, '0')
		case 'Y':
			num(d.y, 1, '0')
		case 'z':
			if t.tz != nil {
				b.WriteString(t.tz.offsetString(""))
			}
		case 'Z':
			if t.tz != nil {
				b.WriteString(t.tz.name())
			}
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			if pad != 0 {
				b.WriteByte(pad)
			}
			b.WriteByte(format[i])
		}
	}
	return b.String()
}

// strptime directives: the patterns of CPython's _strptime (C locale).
var strptimeRE = map[byte]string{
	'd': `(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])`,
	'f': `(?P<f>[0-9]{1,6})`,
	'H': `(?P<H>2[0-3]|[0-1]\d|\d)`,
	'I': `(?P<I>1[0-2]|0[1-9]|[1-9])`,
	'G': `(?P<G>\d\d\d\d)`,
	'j': `(?P<j>36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])`,
	'm': `(?P<m>1[0-2]|0[1-9]|[1-9])`,
	'M': `(?P<M>[0-5]\d|\d)`,
	'S': `(?P<S>6[0-1]|[0-5]\d|\d)`,
	'U': `(?P<U>5[0-3]|[0-4]\d|\d)`,
	'w': `(?P<w>[0-6])`,
	'W': `(?P<W>5[0-3]|[0-4]\d|\d)`,
	'u': `(?P<u>[1-7])`,
	'V': `(?P<V>5[0-3]|0[1-9]|[1-4]\d|\d)`,
	'y': `(?P<y>\d\d)`,
	'Y': `(?P<Y>\d\d\d\d)`,
	'z': `(?P<z>[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|Z)`,
	'A': `(?P<A>monday|tuesday|wednesday|thursday|friday|saturday|sunday)`,
	'a': `(?P<a>mon|tue|wed|thu|fri|sat|sun)`,
	'B': `(?P<B>january|february|march|april|may|june|july|august|september|october|november|december)`,
	'b': `(?P<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)`,
	'p': `(?P<p>am|pm)`,
	'Z': `(?P<Z>utc|gmt)`,
	'%': `%`,
}

// strptimeComposite expands to other directives, as in the C locale.
var strptimeComposite = map[byte]string{'c': "%a %b %d %H:%M:%S %Y", 'x': "%m/%d/%y", 'X': "%H:%M:%S"}

var (
	reCacheMu sync.Mutex
	reCache   = map[string]*regexp.Regexp{}
)

func strptimePattern(format string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				j := i
				for j < len(format) && strings.IndexByte(" \t\n\r\f\v", format[j]) >= 0 {
					j++
				}
				b.WriteString(`\s+`)
				i = j - 1
				continue
			}
			b.WriteString(regexp.QuoteMeta(string(c)))
			continue
		}
		if i+1 >= len(format) {
			return "", core.Errorf("ValueError", "stray %% in format %s", core.Quote(format))
		}
		i++
		d := format[i]
		if comp, ok := strptimeComposite[d]; ok {
			p, err := strptimePattern(comp)
			if err != nil {
				return "", err
			}
			b.WriteString(p)
			continue
		}
		p, ok := strptimeRE[d]
		if !ok {
			return "", core.Errorf("ValueError", "%s is a bad directive in format %s", core.Quote(string(d)), core.Quote(format))
		}
		b.WriteString(p)
	}
	return b.String(), nil
}

func compileStrptime(format string) (*regexp.Regexp, error) {
	reCacheMu.Lock()
	defer reCacheMu.Unlock()
	if re, ok := reCache[format]; ok {
		return re, nil
	}
	p, err := strptimePattern(format)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile("(?i)^(?:" + p + ")")
	if err != nil {
		// Go refuses a repeated group name, which CPython's re also refuses.
		return nil, core.Errorf("error", "%s", err)
	}
	if len(reCache) > 256 {
		clear(reCache)
	}
	reCache[format] = re
	return re, nil
}

func indexOf(list []string, s string, n int) int {
	for i, x := range list {
		if n > 0 {
			x = x[:n]
		}
		if strings.EqualFold(x, s) {
			return i
		}
	}
	return -1
}

// parseStrptime is datetime.strptime.
func parseStrptime(s, format string) (DateTime, error) {
	re, err := compileStrptime(format)
	if err != nil {
		return DateTime{}, err
	}
	m := re.FindStringSubmatchIndex(s)
	if m == nil {
		return DateTime{}, core.Errorf("ValueError", "time data %s does not match format %s", core.Quote(s), core.Quote(format))
	}
	if m[1] != len(s) {
		return DateTime{}, core.Errorf("ValueError", "unconverted data remains: %s", s[m[1]:])
	}
	g := map[string]string{}
	for i, name := range re.SubexpNames() {
		if name != "" && m[2*i] >= 0 {
			g[name] = s[m[2*i]:m[2*i+1]]
		}
	}
	atoi := func(k string) int { v, _ := strconv.Atoi(strings.TrimSpace(g[k])); return v }
	year, month, day := 1900, 1, 1
	var dt DateTime
	weekday, julian := -1, -1
	if _, ok := g["y"]; ok {
		year = atoi("y")
		if year <= 68 {
			year += 2000
		} else {
			year += 1900
		}
	}
	if _, ok := g["Y"]; ok {
		year = atoi("Y")
	}
	if v, ok := g["m"]; ok {
		month, _ = strconv.Atoi(v)
	}
	if v, ok := g["B"]; ok {
		month = indexOf(monthNames, v, 0) + 1
	}
	if v, ok := g["b"]; ok {
		month = indexOf(monthNames, v, 3) + 1
	}
	if _, ok := g["d"]; ok {
		day = atoi("d")
	}
	if _, ok := g["H"]; ok {
		dt.t.h = atoi("H")
	}
	if _, ok := g["I"]; ok {
		h := atoi("I")
		ampm := strings.ToLower(g["p"])
		switch {
		case ampm == "" || ampm == "am":
			if h == 12 {
				h = 0
			}
		case h != 12:
			h += 12
		}
		dt.t.h = h
	}
	if _, ok := g["M"]; ok {
		dt.t.mi = atoi("M")
	}
	if _, ok := g["S"]; ok {
		dt.t.s = atoi("S")
	}
	if v, ok := g["f"]; ok {
		f, _ := strconv.Atoi(v + strings.Repeat("0", 6-len(v)))
		dt.t.us = f
	}
	if v, ok := g["A"]; ok {
		weekday = indexOf(dayNames, v, 0)
	}
	if v, ok := g["a"]; ok {
		weekday = indexOf(dayNames, v, 3)
	}
	if _, ok := g["w"]; ok {
		weekday = (atoi("w") + 6) % 7
	}
	if _, ok := g["u"]; ok {
		weekday = atoi("u") - 1
	}
	if _, ok := g["j"]; ok {
		julian = atoi("j")
	}
	if v, ok := g["z"]; ok {
		tz, err := parseStrptimeZ(v)
		if err != nil {
			return DateTime{}, err
		}
		dt.t.tz = tz
	}
	if _, ok := g["G"]; ok {
		if _, ok := g["j"]; ok {
			return DateTime{}, core.Errorf("ValueError", "Day of the year directive '%%j' is not compatible with ISO year directive '%%G'. Use '%%Y' instead.")
		}
		if _, ok := g["V"]; !ok || weekday == -1 {
			return DateTime{}, core.Errorf("ValueError", "ISO year directive '%%G' must be used with the ISO week directive '%%V' and a weekday directive ('%%A', '%%a', '%%w', or '%%u').")
		}
	}
	_, hasU := g["U"]
	_, hasW := g["W"]
	if julian == -1 && weekday != -1 && (hasU || hasW) {
		// Week of the year with a weekday: compute the day of the year.
		weekNo := atoi("U")
		if hasW {
			weekNo = atoi("W")
		}
		firstWD := int((ordinal(year, 1, 1) + 6) % 7) // Monday = 0
		dow := weekday
		if !hasW {
			firstWD, dow = (firstWD+1)%7, (dow+1)%7
		}
		if weekNo == 0 {
			julian = 1 + dow - firstWD
		} else {
			julian = 1 + (7-firstWD)%7 + 7*(weekNo-1) + dow
		}
	}
	if _, ok := g["G"]; ok && weekday != -1 {
		if _, ok := g["V"]; ok {
			iy := atoi("G")
			o := isoWeek1Monday(iy) + int64(atoi("V")-1)*7 + int64(weekday)
			d, err := dateFromOrd(o)
			if err != nil {
				return DateTime{}, err
			}
			year, month, day = d.y, d.m, d.d
			julian = -1
		}
	}
	if julian != -1 {
		d, err := dateFromOrd(ordinal(year, 1, 1) + int64(julian) - 1)
		if err != nil {
			return DateTime{}, err
		}
		year, month, day = d.y, d.m, d.d
	}
	if err := checkDate(year, month, day); err != nil {
		return DateTime{}, err
	}
	dt.d = Date{year, month, day}
	return dt, nil
}

func parseStrptimeZ(z string) (*Timezone, error) {
	if strings.EqualFold(z, "z") {
		return utc, nil
	}
	sign := int64(1)
	if z[0] == '-' {
		sign = -1
	}
	body := strings.ReplaceAll(z[1:], ":", "")
	h, _ := strconv.Atoi(body[0:2])
	m, _ := strconv.Atoi(body[2:4])
	s, us := 0, 0
	if len(body) >= 6 {
		s, _ = strconv.Atoi(body[4:6])
		if len(body) > 7 {
			frac := body[7:]
			us, _ = strconv.Atoi(frac + strings.Repeat("0", 6-len(frac)))
		}
	}
	off := sign * ((int64(h)*3600+int64(m)*60+int64(s))*usPerSec + int64(us))
	if off == 0 {
		return utc, nil
	}
	return &Timezone{off: tdFromUS(off)}, nil
}

func dtStrptime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, format string
	if err := core.Unpack("strptime", args, kwargs, "date_string", &s, "format", &format); err != nil {
		return nil, err
	}
	dt, err := parseStrptime(s, format)
	if err != nil {
		return nil, err
	}
	return dt, nil
}

// Strftime formats a Go time as CPython's time.strftime would in the C
// locale (logging's datefmt uses it).
func Strftime(format string, t time.Time) string {
	name, off := t.Zone()
	tz := &Timezone{off: tdFromUS(int64(off) * usPerSec), tzname: name, hasName: true}
	dt := fromTime(t, tz)
	return strftime(format, dt.d, dt.t, true)
}
