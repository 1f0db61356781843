package timemod

import (
	"strconv"
	"strings"
	"time"
)

// ctm is C's struct tm as CPython hands it to the C library's strftime:
// the fields are used as given (a tm_wday that disagrees with the date is
// formatted as given), with CPython's zero-value fixes already applied.
type ctm struct {
	year, mon, mday, hour, min, sec int // mon 1..12
	wday                            int // 0 = Sunday, as C
	yday                            int // 0-based, as C
	isdst                           int // -1, 0 or 1
	gmtoff                          int
	zone                            string // "" = none (a plain tuple)
	unix                            int64  // %s: mktime of the fields
}

// tmOfTime is t's fields in t's location.
func tmOfTime(t time.Time) ctm {
	zone, off := t.Zone()
	isdst := 0
	if t.IsDST() {
		isdst = 1
	}
	return ctm{year: t.Year(), mon: int(t.Month()), mday: t.Day(), hour: t.Hour(), min: t.Minute(), sec: t.Second(),
		wday: int(t.Weekday()), yday: t.YearDay() - 1, isdst: isdst, gmtoff: off, zone: zone, unix: t.Unix()}
}

// strftime formats tm with C's % directives in the C locale, as Python's
// time.strftime does on glibc. An unknown directive is copied as is.
func strftime(format string, tm ctm) string {
	var b strings.Builder
	b.Grow(len(format) + 16)
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b.WriteByte(c)
			continue
		}
		// glibc's flags (-, _, 0, ^, #) and field width before the
		// conversion: %-d, %_H, %^a, %10Y.
		j := i + 1
		for j < len(format) && strings.IndexByte("-_0^#", format[j]) >= 0 {
			j++
		}
		flags := format[i+1 : j]
		k := j
		for k < len(format) && format[k] >= '0' && format[k] <= '9' {
			k++
		}
		width, _ := strconv.Atoi(format[j:k])
		// The E and O modifiers mean nothing in the C locale.
		if k < len(format)-1 && (format[k] == 'E' || format[k] == 'O') {
			k++
		}
		if k == len(format) {
			b.WriteString(format[i:])
			break
		}
		var d strings.Builder
		if !appendDirective(&d, format[k], tm) {
			// glibc copies an unknown directive, padded to the width.
			b.WriteString(applyFlags(format[i:k+1], 'Q', "", width))
			i = k
			continue
		}
		b.WriteString(applyFlags(d.String(), format[k], flags, width))
		i = k
	}
	return b.String()
}

// applyFlags is glibc's treatment of a conversion's flags and width: the
// last of -, _ and 0 picks the padding (- none, _ spaces, 0 zeros) and a
// width pads to that many characters, with spaces unless 0 is given or
// the number's own padding is zeros.
func applyFlags(s string, conv byte, flags string, width int) string {
	if flags == "" && width == 0 {
		return s
	}
	numeric := s != "" && strings.Trim(s, " 0123456789+-") == "" && strings.IndexByte("aAbBhpPZcxXrRTDF", conv) < 0
	padFlag := byte(0)
	for i := range flags {
		switch f := flags[i]; f {
		case '^':
			s = strings.ToUpper(s)
		case '#':
			if conv == 'p' || conv == 'Z' {
				s = strings.ToLower(s)
			} else {
				s = strings.ToUpper(s)
			}
		case '-', '_', '0':
			padFlag = f
		}
	}
	fill := byte(' ')
	if numeric {
		digits := strings.TrimLeft(s, " 0")
		if digits == "" || digits[0] < '0' || digits[0] > '9' {
			digits = s[len(s)-max(1, len(digits)):]
		}
		lead := len(s) - len(digits)
		switch padFlag {
		case '-':
			s = digits
		case '_':
			s = strings.Repeat(" ", lead) + digits
		case '0':
			s, fill = strings.Repeat("0", lead)+digits, '0'
		default:
			if !strings.HasPrefix(s, " ") {
				fill = '0'
			}
		}
	} else if padFlag == '0' {
		fill = '0'
	}
	if len(s) < width {
		s = strings.Repeat(string(fill), width-len(s)) + s
	}
	return s
}

func pad(b *strings.Builder, n, width int, fill byte) {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b.WriteByte(fill)
	}
	b.WriteString(s)
}

var (
	cDays   = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	cMonths = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

func appendDirective(b *strings.Builder, d byte, t ctm) bool {
	day := cDays[((t.wday%7)+7)%7]
	month := cMonths[(((t.mon-1)%12)+12)%12]
	switch d {
	case 'a':
		b.WriteString(day[:3])
	case 'A':
		b.WriteString(day)
	case 'b', 'h':
		b.WriteString(month[:3])
	case 'B':
		b.WriteString(month)
	case 'c':
		b.WriteString(strftime("%a %b %e %H:%M:%S %Y", t))
	case 'C':
		pad(b, t.year/100, 2, '0')
	case 'd':
		pad(b, t.mday, 2, '0')
	case 'D', 'x':
		b.WriteString(strftime("%m/%d/%y", t))
	case 'e':
		pad(b, t.mday, 2, ' ')
	case 'F':
		b.WriteString(strftime("%Y-%m-%d", t))
	case 'G':
		y, _ := isoWeek(t)
		pad(b, y, 1, '0')
	case 'g':
		y, _ := isoWeek(t)
		pad(b, (y%100+100)%100, 2, '0')
	case 'H':
		pad(b, t.hour, 2, '0')
	case 'I':
		pad(b, hour12(t.hour), 2, '0')
	case 'j':
		pad(b, t.yday+1, 3, '0')
	case 'k':
		pad(b, t.hour, 2, ' ')
	case 'l':
		pad(b, hour12(t.hour), 2, ' ')
	case 'm':
		pad(b, t.mon, 2, '0')
	case 'M':
		pad(b, t.min, 2, '0')
	case 'n':
		b.WriteByte('\n')
	case 'p':
		if t.hour < 12 {
			b.WriteString("AM")
		} else {
			b.WriteString("PM")
		}
	case 'P': // GNU: am/pm in lower case
		if t.hour < 12 {
			b.WriteString("am")
		} else {
			b.WriteString("pm")
		}
	case 'r':
		b.WriteString(strftime("%I:%M:%S %p", t))
	case 'R':
		b.WriteString(strftime("%H:%M", t))
	case 's':
		b.WriteString(strconv.FormatInt(t.unix, 10))
	case 'S':
		pad(b, t.sec, 2, '0')
	case 't':
		b.WriteByte('\t')
	case 'T', 'X':
		b.WriteString(strftime("%H:%M:%S", t))
	case 'u':
		pad(b, (t.wday+6)%7+1, 1, '0')
	case 'U':
		pad(b, (t.yday-t.wday+7)/7, 2, '0')
	case 'V':
		_, w := isoWeek(t)
		pad(b, w, 2, '0')
	case 'w':
		pad(b, t.wday, 1, '0')
	case 'W':
		pad(b, (t.yday-(t.wday-1+7)%7+7)/7, 2, '0')
	case 'y':
		pad(b, (t.year%100+100)%100, 2, '0')
	case 'Y':
		pad(b, t.year, 1, '0')
	case 'z':
		// glibc: nothing when tm_isdst is negative (zone unknown).
		if t.isdst >= 0 {
			off, sign := t.gmtoff, byte('+')
			if off < 0 {
				off, sign = -off, '-'
			}
			b.WriteByte(sign)
			pad(b, off/3600*100+off%3600/60, 4, '0')
		}
	case 'Z':
		// glibc: a struct tm without a zone name (a plain tuple) shows
		// tzname[isdst], or nothing when tm_isdst is negative.
		switch {
		case t.zone != "":
			b.WriteString(t.zone)
		case t.isdst >= 0:
			_, _, _, names := zoneInfo()
			b.WriteString(names[min(t.isdst, 1)])
		}
	case '%':
		b.WriteByte('%')
	default:
		return false
	}
	return true
}

// isoWeek is glibc's ISO 8601 year and week from tm_year, tm_yday and
// tm_wday (not from the date).
func isoWeek(t ctm) (year, week int) {
	isoDays := func(yday, wday int) int {
		const bigEnough = (366/7 + 2) * 7
		return yday - (yday-wday+4+bigEnough)%7 + 4 - 1
	}
	leap := func(y int) int {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 1
		}
		return 0
	}
	year = t.year
	days := isoDays(t.yday, t.wday)
	if days < 0 {
		year--
		days = isoDays(t.yday+365+leap(year), t.wday)
	} else if d := isoDays(t.yday-(365+leap(year)), t.wday); d >= 0 {
		year++
		days = d
	}
	return year, days/7 + 1
}

func hour12(h int) int {
	h %= 12
	if h == 0 {
		h = 12
	}
	return h
}
