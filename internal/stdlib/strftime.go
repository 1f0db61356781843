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
		if k == len(format) {
			b.WriteString(format[i:])
			break
		}
		var d strings.Builder
		if !appendDirective(&d, format[k], t) {
			b.WriteString(format[i : k+1])
			i = k
			continue
		}
		b.WriteString(applyFlags(d.String(), format[k], flags, width))
		i = k
	}
	return b.String()
}

// applyFlags is glibc's treatment of a conversion's flags and width.
func applyFlags(s string, conv byte, flags string, width int) string {
	if flags == "" && width == 0 {
		return s
	}
	numeric := s != "" && strings.Trim(s, " 0123456789+-") == "" && strings.IndexByte("aAbBhpPZcxXrRTDF", conv) < 0
	for _, f := range flags {
		switch f {
		case '^':
			s = strings.ToUpper(s)
		case '#':
			if conv == 'p' || conv == 'Z' {
				s = strings.ToLower(s)
			} else {
				s = strings.ToUpper(s)
			}
		}
	}
	pad := byte(0)
	if numeric {
		switch {
		case strings.ContainsRune(flags, '-'):
			s = strings.TrimLeft(s, " 0")
			if s == "" {
				s = "0"
			}
			return s
		case strings.ContainsRune(flags, '_'):
			t := strings.TrimLeft(s, "0")
			if t == "" {
				t = "0"
			}
			s = strings.Repeat(" ", len(s)-len(t)) + strings.TrimLeft(t, " ")
			s = strings.Repeat(" ", max(0, len(t)-len(strings.TrimLeft(t, " ")))) + s
			pad = ' '
		case strings.ContainsRune(flags, '0'):
			s = strings.ReplaceAll(s, " ", "0")
			pad = '0'
		default:
			pad = '0'
			if strings.HasPrefix(s, " ") {
				pad = ' '
			}
		}
	} else if strings.ContainsRune(flags, '0') {
		pad = '0'
	} else {
		pad = ' '
	}
	if strings.ContainsRune(flags, '-') {
		return s
	}
	for len(s) < width {
		s = string(pad) + s
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
	case 'P': // GNU: am/pm in lower case
		if t.Hour() < 12 {
			b.WriteString("am")
		} else {
			b.WriteString("pm")
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
