// Package csv is Python's csv module for spython scripts: reader, writer,
// DictReader and DictWriter over file objects (from open) and lists of
// str. It raises no event of its own: files are opened by the script, and
// writing calls the file's write method.
package csv

import (
	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Quoting styles, as csv.QUOTE_*.
const (
	quoteMinimal = iota
	quoteAll
	quoteNonnumeric
	quoteNone
)

// dialect holds the formatting parameters; 0 means "not set" for the
// optional characters.
type dialect struct {
	delimiter        rune
	quotechar        rune
	escapechar       rune
	doublequote      bool
	skipinitialspace bool
	lineterminator   string
	quoting          int
	strict           bool
}

var dialects = map[string]dialect{
	"excel":     {delimiter: ',', quotechar: '"', doublequote: true, lineterminator: "\r\n"},
	"excel-tab": {delimiter: '\t', quotechar: '"', doublequote: true, lineterminator: "\r\n"},
	"unix":      {delimiter: ',', quotechar: '"', doublequote: true, lineterminator: "\n", quoting: quoteAll},
}

const fieldLimit = 131072

func csvErr(format string, args ...any) error { return core.Errorf("Error", format, args...) }

// charParam parses a one-character parameter; None allowed when optional.
func charParam(name string, v starlark.Value, optional bool) (rune, error) {
	if v == starlark.None && optional {
		return 0, nil
	}
	s, ok := v.(starlark.String)
	if !ok {
		if optional {
			return 0, core.Errorf("TypeError", "\"%s\" must be string or None, not %s", name, core.TypeName(v))
		}
		return 0, core.Errorf("TypeError", "\"%s\" must be string, not %s", name, core.TypeName(v))
	}
	r := []rune(string(s))
	if len(r) != 1 {
		return 0, core.Errorf("TypeError", "\"%s\" must be a 1-character string", name)
	}
	return r[0], nil
}

// parseDialect builds the dialect from dialect= and the format keywords;
// rest are the keywords it did not consume.
func parseDialect(fn string, dv starlark.Value, kwargs []starlark.Tuple) (dialect, error) {
	d := dialects["excel"]
	if dv != nil {
		name, ok := dv.(starlark.String)
		if !ok {
			return d, core.Errorf("TypeError", "%s: dialect must be a dialect name", fn)
		}
		dd, ok := dialects[string(name)]
		if !ok {
			return d, csvErr("unknown dialect")
		}
		d = dd
	}
	quotingSet := false
	for _, kv := range kwargs {
		k, v := string(kv[0].(starlark.String)), kv[1]
		var err error
		switch k {
		case "delimiter":
			d.delimiter, err = charParam(k, v, false)
		case "quotechar":
			d.quotechar, err = charParam(k, v, true)
		case "escapechar":
			d.escapechar, err = charParam(k, v, true)
		case "doublequote":
			d.doublequote = bool(v.Truth())
		case "skipinitialspace":
			d.skipinitialspace = bool(v.Truth())
		case "strict":
			d.strict = bool(v.Truth())
		case "lineterminator":
			s, ok := v.(starlark.String)
			if !ok {
				return d, core.Errorf("TypeError", "\"lineterminator\" must be a string, not %s", core.TypeName(v))
			}
			d.lineterminator = string(s)
		case "quoting":
			i, ok := v.(starlark.Int)
			n, ok2 := i.Int64()
			if !ok || !ok2 {
				return d, core.Errorf("TypeError", "\"quoting\" must be an integer, not %s", core.TypeName(v))
			}
			if n < 0 || n > 3 {
				return d, core.Errorf("TypeError", "bad \"quoting\" value")
			}
			d.quoting, quotingSet = int(n), true
		default:
			return d, core.Errorf("TypeError", "'%s' is an invalid keyword argument for this function", k)
		}
		if err != nil {
			return d, err
		}
	}
	if d.quotechar == 0 && !quotingSet {
		// CPython: quotechar=None alone means no quoting.
		d.quoting = quoteNone
	}
	if d.quotechar == 0 && d.quoting != quoteNone {
		return d, core.Errorf("TypeError", "quotechar must be set if quoting enabled")
	}
	return d, nil
}

// Module returns the csv module.
func Module() starlark.Value {
	return core.Module("csv", map[string]core.Func{
		"reader":        reader,
		"writer":        writer,
		"DictReader":    dictReader,
		"DictWriter":    dictWriter,
		"list_dialects": listDialects,
		"field_size_limit": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := core.Unpack(b.Name(), args, kwargs); err != nil {
				return nil, err
			}
			return starlark.MakeInt(fieldLimit), nil
		},
	}, starlark.StringDict{
		"QUOTE_MINIMAL":    starlark.MakeInt(quoteMinimal),
		"QUOTE_ALL":        starlark.MakeInt(quoteAll),
		"QUOTE_NONNUMERIC": starlark.MakeInt(quoteNonnumeric),
		"QUOTE_NONE":       starlark.MakeInt(quoteNone),
	})
}

func listDialects(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.NewList([]starlark.Value{starlark.String("excel"), starlark.String("excel-tab"), starlark.String("unix")}), nil
}

// splitArgs separates the first positional argument (the file or list),
// dialect= and the format keywords.
func splitArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple, first string, named ...string) (starlark.Value, starlark.Value, map[string]starlark.Value, []starlark.Tuple, error) {
	var src, dv starlark.Value
	extra := map[string]starlark.Value{}
	var rest []starlark.Tuple
	pos := append([]string{first}, named...)
	pos = append(pos, "dialect")
	if len(args) > len(pos) {
		return nil, nil, nil, nil, core.Errorf("TypeError", "%s() takes at most %d positional arguments (%d given)", fn, len(pos), len(args))
	}
	set := func(name string, v starlark.Value) error {
		switch {
		case name == first:
			if src != nil {
				return core.Errorf("TypeError", "%s() got multiple values for argument '%s'", fn, name)
			}
			src = v
		case name == "dialect":
			dv = v
		default:
			extra[name] = v
		}
		return nil
	}
	for i, a := range args {
		if err := set(pos[i], a); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		isNamed := k == first || k == "dialect"
		for _, n := range named {
			isNamed = isNamed || k == n
		}
		if isNamed {
			if err := set(k, kv[1]); err != nil {
				return nil, nil, nil, nil, err
			}
			continue
		}
		rest = append(rest, kv)
	}
	if src == nil {
		return nil, nil, nil, nil, core.Errorf("TypeError", "%s() missing required argument '%s' (pos 1)", fn, first)
	}
	return src, dv, extra, rest, nil
}
