package stdlib

import (
	"strconv"
	"strings"
	"time"
)

// strftime formats t with C's % directives in the C locale, as Python's
// time.strftime does on glibc. An unknown directive is copied as is.
func strftime(format string, t time.Time) string {
	var b strings.Builder
	b.Grow(len(format) + 16)
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		if !appendDirective(&b, format[i], t) {
			b.WriteByte('%')
			b.WriteByte(format[i])
		}
	}
	return b.String()
}

func pad(b *strings.Builder, n, width int, fill byte) {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b.WriteByte(fill)
	}
	b.WriteString(s)
}

func appendDirective(b *strings.Builder, d byte, t time.Time) bool {
	switch d {
	case 'a':
		b.WriteString(t.Weekday().String()[:3])
	case 'A':
		b.WriteString(t.Weekday().String())
	case 'b', 'h':
		b.WriteString(t.Month().String()[:3])
	case 'B':
		b.WriteString(t.Month().String())
	case 'c':
		b.WriteString(strftime("%a %b %e %H:%M:%S %Y", t))
	case 'C':
		pad(b, t.Year()/100, 2, '0')
	case 'd':
		pad(b, t.Day(), 2, '0')
	case 'D', 'x':
		b.WriteString(strftime("%m/%d/%y", t))
	case 'e':
		pad(b, t.Day(), 2, ' ')
	case 'F':
		b.WriteString(strftime("%Y-%m-%d", t))
	case 'G':
		y, _ := t.ISOWeek()
		pad(b, y, 4, '0')
	case 'g':
		y, _ := t.ISOWeek()
		pad(b, y%100, 2, '0')
	case 'H':
		pad(b, t.Hour(), 2, '0')
	case 'I':
		pad(b, hour12(t), 2, '0')
	case 'j':
		pad(b, t.YearDay(), 3, '0')
	case 'k':
		pad(b, t.Hour(), 2, ' ')
	case 'l':
		pad(b, hour12(t), 2, ' ')
	case 'm':
		pad(b, int(t.Month()), 2, '0')
	case 'M':
		pad(b, t.Minute(), 2, '0')
	case 'n':
		b.WriteByte('\n')
	case 'p':
		if t.Hour() < 12 {
			b.WriteString("AM")
		} else {
			b.WriteString("PM")
		}
	case 'r':
		b.WriteString(strftime("%I:%M:%S %p", t))
	case 'R':
		b.WriteString(strftime("%H:%M", t))
	case 's':
		b.WriteString(strconv.FormatInt(t.Unix(), 10))
	case 'S':
		pad(b, t.Second(), 2, '0')
	case 't':
		b.WriteByte('\t')
	case 'T', 'X':
		b.WriteString(strftime("%H:%M:%S", t))
	case 'u':
		pad(b, (int(t.Weekday())+6)%7+1, 1, '0')
	case 'U':
		pad(b, (t.YearDay()-1+7-int(t.Weekday()))/7, 2, '0')
	case 'V':
		_, w := t.ISOWeek()
		pad(b, w, 2, '0')
	case 'w':
		pad(b, int(t.Weekday()), 1, '0')
	case 'W':
		pad(b, (t.YearDay()-1+7-(int(t.Weekday())+6)%7)/7, 2, '0')
	case 'y':
		pad(b, t.Year()%100, 2, '0')
	case 'Y':
		pad(b, t.Year(), 1, '0')
	case 'z':
		b.WriteString(t.Format("-0700"))
	case 'Z':
		name, _ := t.Zone()
		b.WriteString(name)
	case '%':
		b.WriteByte('%')
	default:
		return false
	}
	return true
}

func hour12(t time.Time) int {
	h := t.Hour() % 12
	if h == 0 {
		h = 12
	}
	return h
}
