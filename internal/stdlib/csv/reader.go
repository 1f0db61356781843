package csv

import (
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

type state int

const (
	startRecord state = iota
	startField
	escapedChar
	inField
	inQuotedField
	escapeInQuotedField
	quoteInQuotedField
	eatCRNL
	afterEscapedCRNL
)

// eol stands for the end of an input line, as in CPython's _csv.c.
const eol rune = -2

// parser is CPython's reader state machine.
type parser struct {
	d       dialect
	state   state
	fields  []starlark.Value
	field   strings.Builder
	flen    int
	numeric bool
}

func (p *parser) saveField() error {
	s := p.field.String()
	var v starlark.Value = starlark.String(s)
	if p.numeric {
		p.numeric = false
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil && !isInfNan(s) {
			return core.Errorf("ValueError", "could not convert string to float: %s", core.Quote(s))
		}
		v = starlark.Float(f)
	}
	p.fields = append(p.fields, v)
	p.field.Reset()
	p.flen = 0
	return nil
}

func isInfNan(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan", "+nan", "-nan":
		return true
	}
	return false
}

func (p *parser) addChar(c rune) error {
	if p.flen >= fieldLimit {
		return csvErr("field larger than field limit (%d)", fieldLimit)
	}
	p.field.WriteRune(c)
	p.flen++
	return nil
}

func (p *parser) endOrCRNL(c rune) state {
	if c == eol {
		return startRecord
	}
	return eatCRNL
}

func (p *parser) process(c rune) error {
	d := &p.d
	isQuote := func(c rune) bool { return d.quotechar != 0 && c == d.quotechar }
	isEsc := func(c rune) bool { return d.escapechar != 0 && c == d.escapechar }
	switch p.state {
	case startRecord:
		if c == eol {
			return nil
		}
		if c == '\n' || c == '\r' {
			p.state = eatCRNL
			return nil
		}
		p.state = startField
		fallthrough
	case startField:
		switch {
		case c == '\n' || c == '\r' || c == eol:
			if err := p.saveField(); err != nil {
				return err
			}
			p.state = p.endOrCRNL(c)
		case isQuote(c) && d.quoting != quoteNone:
			p.state = inQuotedField
		case isEsc(c):
			p.state = escapedChar
		case c == ' ' && d.skipinitialspace:
		case c == d.delimiter:
			return p.saveField()
		default:
			if d.quoting == quoteNonnumeric {
				p.numeric = true
			}
			if err := p.addChar(c); err != nil {
				return err
			}
			p.state = inField
		}
	case escapedChar:
		if c == '\n' || c == '\r' {
			if err := p.addChar(c); err != nil {
				return err
			}
			p.state = afterEscapedCRNL
			return nil
		}
		if c == eol {
			c = '\n'
		}
		if err := p.addChar(c); err != nil {
			return err
		}
		p.state = inField
	case afterEscapedCRNL, inField:
		if p.state == afterEscapedCRNL && c == eol {
			return nil
		}
		switch {
		case c == '\n' || c == '\r' || c == eol:
			if err := p.saveField(); err != nil {
				return err
			}
			p.state = p.endOrCRNL(c)
		case isEsc(c):
			p.state = escapedChar
		case c == d.delimiter:
			if err := p.saveField(); err != nil {
				return err
			}
			p.state = startField
		default:
			p.state = inField
			return p.addChar(c)
		}
	case inQuotedField:
		switch {
		case c == eol:
		case isEsc(c):
			p.state = escapeInQuotedField
		case isQuote(c) && d.quoting != quoteNone:
			if d.doublequote {
				p.state = quoteInQuotedField
			} else {
				p.state = inField
			}
		default:
			return p.addChar(c)
		}
	case escapeInQuotedField:
		if c == eol {
			c = '\n'
		}
		p.state = inQuotedField
		return p.addChar(c)
	case quoteInQuotedField:
		switch {
		case d.quoting != quoteNone && isQuote(c):
			p.state = inQuotedField
			return p.addChar(c)
		case c == d.delimiter:
			if err := p.saveField(); err != nil {
				return err
			}
			p.state = startField
		case c == '\n' || c == '\r' || c == eol:
			if err := p.saveField(); err != nil {
				return err
			}
			p.state = p.endOrCRNL(c)
		case !d.strict:
			p.state = inField
			return p.addChar(c)
		default:
			return csvErr("'%c' expected after '%c'", d.delimiter, d.quotechar)
		}
	case eatCRNL:
		switch {
		case c == '\n' || c == '\r':
		case c == eol:
			p.state = startRecord
		default:
			return csvErr("new-line character seen in unquoted field - do you need to open the file in universal-newline mode?")
		}
	}
	return nil
}

// parseAll reads every row of src (an iterable of str). It reads eagerly:
// a Starlark iterator cannot fail, so a malformed row is an error of the
// call that reads, with the row's line number.
func parseAll(src starlark.Value, d dialect) ([]*starlark.List, int, error) {
	it, ok := src.(starlark.Iterable)
	if !ok {
		return nil, 0, core.Errorf("TypeError", "argument 1 must be an iterator")
	}
	iter := it.Iterate()
	defer iter.Done()
	p := &parser{d: d}
	var rows []*starlark.List
	lineNum := 0
	var line starlark.Value
	for {
		p.fields = nil
		p.state = startRecord
		p.field.Reset()
		p.flen, p.numeric = 0, false
		for {
			if !iter.Next(&line) {
				if p.flen != 0 || p.state == inQuotedField {
					if d.strict {
						return nil, lineNum, csvErr("unexpected end of data")
					}
					if err := p.saveField(); err != nil {
						return nil, lineNum, err
					}
					rows = append(rows, starlark.NewList(p.fields))
				}
				return rows, lineNum, nil
			}
			s, ok := line.(starlark.String)
			if !ok {
				return nil, lineNum, csvErr("iterator should return strings, not %s (the file should be opened in text mode)", core.TypeName(line))
			}
			lineNum++
			for _, c := range string(s) {
				if err := p.process(c); err != nil {
					return nil, lineNum, err
				}
			}
			if err := p.process(eol); err != nil {
				return nil, lineNum, err
			}
			if p.state == startRecord {
				break
			}
		}
		rows = append(rows, starlark.NewList(p.fields))
	}
}

// rowsValue is what csv.reader and csv.DictReader return: an iterable of
// the rows, with line_num (and fieldnames for DictReader).
type rowsValue struct {
	typ        string
	rows       []starlark.Value
	lineNum    int
	fieldnames starlark.Value // DictReader only
}

func (r *rowsValue) String() string       { return "<_csv." + r.typ + " object>" }
func (r *rowsValue) Type() string         { return r.typ }
func (r *rowsValue) Freeze()              {}
func (r *rowsValue) Truth() starlark.Bool { return true }
func (r *rowsValue) Hash() (uint32, error) {
	return 0, core.Errorf("TypeError", "unhashable type: '%s'", r.typ)
}
func (r *rowsValue) Iterate() starlark.Iterator {
	return starlark.NewList(r.rows).Iterate()
}

func (r *rowsValue) AttrNames() []string {
	if r.fieldnames != nil {
		return []string{"fieldnames", "line_num"}
	}
	return []string{"line_num"}
}

func (r *rowsValue) Attr(name string) (starlark.Value, error) {
	switch name {
	case "line_num":
		return starlark.MakeInt(r.lineNum), nil
	case "fieldnames":
		if r.fieldnames != nil {
			return r.fieldnames, nil
		}
	}
	return nil, nil
}

// reader(csvfile, dialect='excel', **fmtparams)
func reader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	src, dv, _, rest, err := splitArgs("reader", args, kwargs, "csvfile")
	if err != nil {
		return nil, err
	}
	d, err := parseDialect("reader", dv, rest)
	if err != nil {
		return nil, err
	}
	rows, n, err := parseAll(src, d)
	if err != nil {
		return nil, err
	}
	out := &rowsValue{typ: "reader", lineNum: n}
	for _, r := range rows {
		out.rows = append(out.rows, r)
	}
	return out, nil
}

// DictReader(f, fieldnames=None, restkey=None, restval=None, dialect='excel', **fmtparams)
func dictReader(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	src, dv, extra, rest, err := splitArgs("DictReader", args, kwargs, "f", "fieldnames", "restkey", "restval")
	if err != nil {
		return nil, err
	}
	d, err := parseDialect("DictReader", dv, rest)
	if err != nil {
		return nil, err
	}
	rows, n, err := parseAll(src, d)
	if err != nil {
		return nil, err
	}
	var names []starlark.Value
	fn := extra["fieldnames"]
	if fn != nil && fn != starlark.None {
		it, ok := fn.(starlark.Iterable)
		if !ok {
			return nil, core.Errorf("TypeError", "'%s' object is not iterable", core.TypeName(fn))
		}
		names = iterList(it)
	} else {
		for len(rows) > 0 && rows[0].Len() == 0 {
			rows = rows[1:]
		}
		if len(rows) > 0 {
			names = iterList(rows[0])
			rows = rows[1:]
		}
	}
	restkey := extra["restkey"]
	if restkey == nil {
		restkey = starlark.None
	}
	restval := extra["restval"]
	if restval == nil {
		restval = starlark.None
	}
	out := &rowsValue{typ: "DictReader", lineNum: n, fieldnames: starlark.NewList(names)}
	if len(names) == 0 && fn == nil {
		out.fieldnames = starlark.None
	}
	for _, r := range rows {
		if r.Len() == 0 {
			continue // Python's DictReader skips empty rows
		}
		dict := starlark.NewDict(len(names))
		for i, k := range names {
			if i < r.Len() {
				if err := dict.SetKey(k, r.Index(i)); err != nil {
					return nil, err
				}
			} else if err := dict.SetKey(k, restval); err != nil {
				return nil, err
			}
		}
		if r.Len() > len(names) {
			var more []starlark.Value
			for i := len(names); i < r.Len(); i++ {
				more = append(more, r.Index(i))
			}
			if err := dict.SetKey(restkey, starlark.NewList(more)); err != nil {
				return nil, err
			}
		}
		out.rows = append(out.rows, dict)
	}
	return out, nil
}

func iterList(it starlark.Iterable) []starlark.Value {
	var out []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		out = append(out, x)
	}
	return out
}
