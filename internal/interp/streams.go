package interp

import (
	"bufio"
	"context"
	"io"
	"os"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/pyfmt"
)

// stream is sys.stdout, sys.stderr or sys.stdin: a small file-like object.
// Writes go straight to the run's (limited, unbuffered) writer, so flush
// has nothing to do; reads honour the run's context.
type stream struct {
	name string // <stdout>, <stderr>, <stdin>
	w    io.Writer
	in   *bufio.Reader
	ctx  context.Context
	fd   int
}

var (
	_ starlark.HasAttrs = (*stream)(nil)
	_ starlark.Iterable = (*stream)(nil)
)

func (s *stream) String() string        { return "<_io.TextIOWrapper name='" + s.name + "' encoding='utf-8'>" }
func (s *stream) Type() string          { return "TextIOWrapper" }
func (s *stream) Freeze()               {}
func (s *stream) Truth() starlark.Bool  { return true }
func (s *stream) Hash() (uint32, error) { return starlark.String(s.name).Hash() }

func (s *stream) AttrNames() []string {
	if s.in != nil {
		return []string{"fileno", "isatty", "name", "read", "readline", "readlines"}
	}
	return []string{"fileno", "flush", "isatty", "name", "write"}
}

func (s *stream) Attr(name string) (starlark.Value, error) {
	fn := func(f func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) starlark.Value {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return f(args, kwargs)
		})
	}
	switch name {
	case "name":
		return starlark.String(s.name), nil
	case "fileno":
		return fn(func(starlark.Tuple, []starlark.Tuple) (starlark.Value, error) { return starlark.MakeInt(s.fd), nil }), nil
	case "isatty":
		return fn(func(starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			fi, err := []*os.File{os.Stdin, os.Stdout, os.Stderr}[s.fd].Stat()
			return starlark.Bool(err == nil && fi.Mode()&os.ModeCharDevice != 0), nil
		}), nil
	}
	if s.in == nil {
		switch name {
		case "write":
			return fn(s.write), nil
		case "flush":
			return fn(func(starlark.Tuple, []starlark.Tuple) (starlark.Value, error) { return starlark.None, nil }), nil
		}
		return nil, nil
	}
	switch name {
	case "readline":
		return fn(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			line, err := s.readLine()
			if err != nil {
				return nil, err
			}
			return starlark.String(line), nil
		}), nil
	case "read":
		return fn(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var b strings.Builder
			for {
				line, err := s.readLine()
				if err != nil {
					return nil, err
				}
				if line == "" {
					return starlark.String(b.String()), nil
				}
				b.WriteString(line)
			}
		}), nil
	case "readlines":
		return fn(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var lines []starlark.Value
			for {
				line, err := s.readLine()
				if err != nil {
					return nil, err
				}
				if line == "" {
					return starlark.NewList(lines), nil
				}
				lines = append(lines, starlark.String(line))
			}
		}), nil
	}
	return nil, nil
}

func (s *stream) write(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 || len(kwargs) != 0 {
		return nil, pyerr.New("TypeError", "write() takes exactly one argument (%d given)", len(args)+len(kwargs))
	}
	str, ok := args[0].(starlark.String)
	if !ok {
		return nil, pyerr.New("TypeError", "write() argument must be str, not %s", pyType(args[0]))
	}
	if _, err := io.WriteString(s.w, string(str)); err != nil {
		return nil, pyerr.FromOS(err)
	}
	return starlark.MakeInt(len([]rune(string(str)))), nil
}

// readLine returns the next line with its newline, "" at end of input. The
// read runs aside so that a limit or signal ends the run while it waits.
func (s *stream) readLine() (string, error) {
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := s.in.ReadString('\n')
		ch <- result{line, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil && r.err != io.EOF {
			return "", pyerr.FromOS(r.err)
		}
		return r.line, nil
	case <-s.ctx.Done():
		return "", context.Cause(s.ctx)
	}
}

func (s *stream) Iterate() starlark.Iterator { return &lineIter{s: s} }

type lineIter struct {
	s   *stream
	err error
}

func (it *lineIter) Next(p *starlark.Value) bool {
	line, err := it.s.readLine()
	if err != nil {
		it.err = err
		return false
	}
	if line == "" {
		return false
	}
	*p = starlark.String(line)
	return true
}
func (it *lineIter) Done()      {}
func (it *lineIter) Err() error { return it.err }

func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.NoneType:
		return "NoneType"
	case starlark.String:
		return "str"
	}
	return v.Type()
}

// pyStr is str(v) as Python renders it.
func pyStr(v starlark.Value) string { return pyfmt.Str(v) }
