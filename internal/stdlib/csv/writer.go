package csv

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// csvWriter is what csv.writer and csv.DictWriter return. Each row is
// formatted whole, then written with one call of the file's write method.
type csvWriter struct {
	typ        string
	f          starlark.Value
	d          dialect
	fieldnames []starlark.Value // DictWriter
	restval    starlark.Value
	ignore     bool // extrasaction == "ignore"
}

func (w *csvWriter) String() string       { return "<_csv." + w.typ + " object>" }
func (w *csvWriter) Type() string         { return w.typ }
func (w *csvWriter) Freeze()              {}
func (w *csvWriter) Truth() starlark.Bool { return true }
func (w *csvWriter) Hash() (uint32, error) {
	return 0, core.Errorf("TypeError", "unhashable type: '%s'", w.typ)
}

func (w *csvWriter) AttrNames() []string {
	if w.typ == "DictWriter" {
		return []string{"fieldnames", "writeheader", "writerow", "writerows"}
	}
	return []string{"writerow", "writerows"}
}

func (w *csvWriter) Attr(name string) (starlark.Value, error) {
	var fn core.Func
	switch name {
	case "writerow":
		fn = w.writerow
	case "writerows":
		fn = w.writerows
	case "writeheader":
		if w.typ != "DictWriter" {
			return nil, nil
		}
		fn = w.writeheader
	case "fieldnames":
		if w.typ == "DictWriter" {
			return starlark.NewList(w.fieldnames), nil
		}
		return nil, nil
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(w), nil
}

// isNumber is Python's PyNumber_Check for the values a script has.
func isNumber(v starlark.Value) bool {
	switch v.(type) {
	case starlark.Int, starlark.Float, starlark.Bool:
		return true
	}
	return false
}

// formatRow joins fields as CPython's writer does.
func (w *csvWriter) formatRow(row starlark.Value) (string, error) {
	it, ok := row.(starlark.Iterable)
	if s, isStr := row.(starlark.String); isStr {
		// A str is a sequence of one-character fields in Python.
		var chars []starlark.Value
		for _, r := range string(s) {
			chars = append(chars, starlark.String(string(r)))
		}
		it, ok = starlark.NewList(chars), true
	}
	if !ok {
		return "", csvErr("iterable expected, not %s", core.TypeName(row))
	}
	d := &w.d
	var b strings.Builder
	n := 0
	for _, f := range iterList(it) {
		if n > 0 {
			b.WriteRune(d.delimiter)
		}
		n++
		quoted := false
		switch d.quoting {
		case quoteNonnumeric:
			quoted = !isNumber(f)
		case quoteAll:
			quoted = true
		}
		s := ""
		if f != starlark.None {
			s = core.PyStr(f)
		}
		if err := w.appendField(&b, s, quoted); err != nil {
			return "", err
		}
	}
	if n == 1 && b.Len() == 0 {
		// A single empty field must be quoted, or the row would read back as [].
		if d.quoting == quoteNone {
			return "", csvErr("single empty field record must be quoted")
		}
		b.WriteRune(d.quotechar)
		b.WriteRune(d.quotechar)
	}
	b.WriteString(d.lineterminator)
	return b.String(), nil
}

func (w *csvWriter) appendField(b *strings.Builder, s string, quoted bool) error {
	d := &w.d
	var body strings.Builder
	for _, c := range s {
		wantEscape := false
		if c == d.delimiter || (d.escapechar != 0 && c == d.escapechar) || (d.quotechar != 0 && c == d.quotechar) ||
			strings.ContainsRune(d.lineterminator, c) {
			if d.quoting == quoteNone {
				wantEscape = true
			} else {
				if d.quotechar != 0 && c == d.quotechar {
					if d.doublequote {
						body.WriteRune(d.quotechar)
					} else {
						wantEscape = true
					}
				} else if d.escapechar != 0 && c == d.escapechar {
					wantEscape = true
				}
				if !wantEscape {
					quoted = true
				}
			}
			if wantEscape {
				if d.escapechar == 0 {
					return csvErr("need to escape, but no escapechar set")
				}
				body.WriteRune(d.escapechar)
			}
		}
		body.WriteRune(c)
	}
	if quoted {
		b.WriteRune(d.quotechar)
	}
	b.WriteString(body.String())
	if quoted {
		b.WriteRune(d.quotechar)
	}
	return nil
}

func (w *csvWriter) write(thread *starlark.Thread, line string) (starlark.Value, error) {
	return core.CallMethod(thread, w.f, "write", starlark.String(line))
}

func (w *csvWriter) dictRow(row starlark.Value) (starlark.Value, error) {
	m, ok := row.(starlark.Mapping)
	if !ok {
		return nil, core.Errorf("AttributeError", "'%s' object has no attribute 'keys'", core.TypeName(row))
	}
	if !w.ignore {
		if it, ok := row.(starlark.IterableMapping); ok {
			var wrong []string
			for _, k := range iterList(it) {
				found := false
				for _, f := range w.fieldnames {
					if eq, _ := starlark.Equal(k, f); eq {
						found = true
						break
					}
				}
				if !found {
					wrong = append(wrong, pyRepr(k))
				}
			}
			if len(wrong) > 0 {
				return nil, core.Errorf("ValueError", "dict contains fields not in fieldnames: %s", strings.Join(wrong, ", "))
			}
		}
	}
	vals := make([]starlark.Value, len(w.fieldnames))
	for i, k := range w.fieldnames {
		v, found, err := m.Get(k)
		if err != nil {
			return nil, err
		}
		if !found {
			v = w.restval
		}
		vals[i] = v
	}
	return starlark.NewList(vals), nil
}

func pyRepr(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return core.Quote(string(s))
	}
	return core.PyStr(v)
}

func (w *csvWriter) writerow(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var row starlark.Value
	if err := core.Unpack("writerow", args, kwargs, "row", &row); err != nil {
		return nil, err
	}
	if w.typ == "DictWriter" {
		r, err := w.dictRow(row)
		if err != nil {
			return nil, err
		}
		row = r
	}
	line, err := w.formatRow(row)
	if err != nil {
		return nil, err
	}
	return w.write(thread, line)
}

func (w *csvWriter) writerows(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var rows starlark.Iterable
	if err := core.Unpack("writerows", args, kwargs, "rows", &rows); err != nil {
		return nil, err
	}
	for _, row := range iterList(rows) {
		if _, err := w.writerow(thread, b, starlark.Tuple{row}, nil); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func (w *csvWriter) writeheader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack("writeheader", args, kwargs); err != nil {
		return nil, err
	}
	line, err := w.formatRow(starlark.NewList(w.fieldnames))
	if err != nil {
		return nil, err
	}
	return w.write(thread, line)
}

// writer(csvfile, dialect='excel', **fmtparams)
func writer(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, dv, _, rest, err := splitArgs("writer", args, kwargs, "csvfile")
	if err != nil {
		return nil, err
	}
	d, err := parseDialect("writer", dv, rest)
	if err != nil {
		return nil, err
	}
	if ha, ok := f.(starlark.HasAttrs); !ok || !hasAttr(ha, "write") {
		return nil, core.Errorf("TypeError", "argument 1 must have a \"write\" method")
	}
	return &csvWriter{typ: "writer", f: f, d: d}, nil
}

func hasAttr(ha starlark.HasAttrs, name string) bool {
	v, err := ha.Attr(name)
	return err == nil && v != nil
}

// DictWriter(f, fieldnames, restval=”, extrasaction='raise', dialect='excel', **fmtparams)
func dictWriter(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, dv, extra, rest, err := splitArgs("DictWriter", args, kwargs, "f", "fieldnames", "restval", "extrasaction")
	if err != nil {
		return nil, err
	}
	fn, ok := extra["fieldnames"]
	if !ok {
		return nil, core.Errorf("TypeError", "DictWriter.__init__() missing 1 required positional argument: 'fieldnames'")
	}
	it, ok := fn.(starlark.Iterable)
	if !ok {
		return nil, core.Errorf("TypeError", "'%s' object is not iterable", core.TypeName(fn))
	}
	w := &csvWriter{typ: "DictWriter", f: f, fieldnames: iterList(it), restval: starlark.String("")}
	if v, ok := extra["restval"]; ok {
		w.restval = v
	}
	if v, ok := extra["extrasaction"]; ok {
		s, _ := v.(starlark.String)
		switch strings.ToLower(string(s)) {
		case "raise":
		case "ignore":
			w.ignore = true
		default:
			return nil, core.Errorf("ValueError", "extrasaction (%s) must be 'raise' or 'ignore'", core.PyStr(v))
		}
	}
	w.d, err = parseDialect("writer", dv, rest)
	if err != nil {
		return nil, err
	}
	if ha, ok := f.(starlark.HasAttrs); !ok || !hasAttr(ha, "write") {
		return nil, core.Errorf("TypeError", "argument 1 must have a \"write\" method")
	}
	return w, nil
}
