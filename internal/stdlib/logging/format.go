package logging

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
	"github.com/spython-dev/spython/internal/stdlib/datetime"
)

func strftime(format string, t time.Time) string { return datetime.Strftime(format, t) }

// formatRecord applies a %-style format: %(key)[flags][width][.prec]conv
// with conv one of s r d i f e g x o c, and %%.
func formatRecord(format string, rec map[string]starlark.Value) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		if i+1 >= len(format) || format[i+1] != '(' {
			return "", core.Errorf("ValueError", "Invalid format %s for '%%' style", core.Quote(format))
		}
		end := strings.IndexByte(format[i:], ')')
		if end < 0 {
			return "", core.Errorf("ValueError", "Invalid format %s for '%%' style", core.Quote(format))
		}
		key := format[i+2 : i+end]
		j := i + end + 1
		spec := ""
		for j < len(format) && strings.IndexByte("-+ #0123456789.", format[j]) >= 0 {
			spec += string(format[j])
			j++
		}
		if j >= len(format) {
			return "", core.Errorf("ValueError", "incomplete format")
		}
		conv := format[j]
		i = j
		v, ok := rec[key]
		if !ok {
			return "", core.Errorf("ValueError", "Formatting field not found in record: %s", core.Quote(key))
		}
		s, err := convert(spec, conv, v)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

func convert(spec string, conv byte, v starlark.Value) (string, error) {
	switch conv {
	case 's':
		return fmt.Sprintf("%"+spec+"s", core.PyStr(v)), nil
	case 'r':
		if s, ok := v.(starlark.String); ok {
			return fmt.Sprintf("%"+spec+"s", core.Quote(string(s))), nil
		}
		return fmt.Sprintf("%"+spec+"s", core.PyStr(v)), nil
	case 'd', 'i':
		switch v := v.(type) {
		case starlark.Int:
			n, _ := v.Int64()
			return fmt.Sprintf("%"+spec+"d", n), nil
		case starlark.Float:
			return fmt.Sprintf("%"+spec+"d", int64(v)), nil
		}
	case 'f', 'F', 'e', 'E', 'g', 'G':
		if f, ok := starlark.AsFloat(v); ok {
			if !strings.Contains(spec, ".") && (conv == 'f' || conv == 'F' || conv == 'e' || conv == 'E') {
				spec += ".6"
			}
			return fmt.Sprintf("%"+spec+string(conv), f), nil
		}
	case 'x', 'X', 'o':
		if n, ok := v.(starlark.Int); ok {
			i, _ := n.Int64()
			return fmt.Sprintf("%"+spec+string(conv), i), nil
		}
	case 'c':
		if n, ok := v.(starlark.Int); ok {
			i, _ := n.Int64()
			return string(rune(i)), nil
		}
	default:
		return "", core.Errorf("ValueError", "unsupported format character %s (0x%s)", core.Quote(string(conv)), strconv.FormatInt(int64(conv), 16))
	}
	return "", core.Errorf("TypeError", "%%%c format: a number is required, not %s", conv, core.TypeName(v))
}
