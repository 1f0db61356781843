// Package gzip is Python's gzip module for spython scripts: open (a file
// object reading or writing gzip data), compress and decompress. The file
// is opened with the script's open (event open); decompression is bounded
// by the extraction limit, so a small bomb cannot fill memory.
package gzip

import (
	"bufio"
	"bytes"
	gz "compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Module returns the gzip module.
func Module(env *core.Env) starlark.Value {
	l := &lib{env: env}
	return core.Module("gzip", map[string]core.Func{
		"open":       l.open,
		"compress":   compress,
		"decompress": l.decompress,
	}, nil)
}

type lib struct{ env *core.Env }

func dataArg(v starlark.Value) ([]byte, error) {
	switch v := v.(type) {
	case starlark.Bytes:
		return []byte(v), nil
	case starlark.String:
		return []byte(v), nil
	}
	return nil, core.Errorf("TypeError", "a bytes-like object is required, not '%s'", core.TypeName(v))
}

// compress(data, compresslevel=9, *, mtime=None)
func compress(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var dv, mtime starlark.Value
	level := 9
	if err := core.Unpack(b.Name(), args, kwargs, "data", &dv, "compresslevel?", &level, "mtime?", &mtime); err != nil {
		return nil, err
	}
	data, err := dataArg(dv)
	if err != nil {
		return nil, err
	}
	if level < 0 || level > 9 {
		return nil, core.Errorf("ValueError", "Invalid initialization option")
	}
	var buf bytes.Buffer
	w, _ := gz.NewWriterLevel(&buf, level)
	if n, ok := mtime.(starlark.Int); ok {
		s, _ := n.Int64()
		w.ModTime = time.Unix(s, 0)
	} else {
		w.ModTime = time.Now()
	}
	w.Write(data)
	w.Close()
	return starlark.Bytes(buf.String()), nil
}

// decompress(data): every member, concatenated, as CPython.
func (l *lib) decompress(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var dv starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "data", &dv); err != nil {
		return nil, err
	}
	data, err := dataArg(dv)
	if err != nil {
		return nil, err
	}
	out, err := l.inflate(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(out), nil
}

func (l *lib) inflate(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) > 0 && !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		return nil, core.Errorf("BadGzipFile", "Not a gzipped file (%s)", bytesRepr(magic))
	}
	zr, err := gz.NewReader(br)
	if err != nil {
		if err == io.EOF {
			return nil, nil
		}
		if err == io.ErrUnexpectedEOF {
			return nil, core.Errorf("EOFError", "Compressed file ended before the end-of-stream marker was reached")
		}
		return nil, core.Errorf("BadGzipFile", "%v", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, l.env.ExtractBound()+1))
	if err != nil {
		if err == io.ErrUnexpectedEOF {
			return nil, core.Errorf("EOFError", "Compressed file ended before the end-of-stream marker was reached")
		}
		return nil, core.Errorf("BadGzipFile", "%v", err)
	}
	if int64(len(out)) > l.env.ExtractBound() {
		return nil, core.Errorf("ExtractError", "decompression refused: the data expands beyond the limit of %d bytes", l.env.ExtractBound())
	}
	return out, nil
}

// open(filename, mode='rb', compresslevel=9, encoding=None, errors=None, newline=None)
func (l *lib) open(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var filename string
	mode := "rb"
	level := 9
	var encoding, errs, newline starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "filename", &filename, "mode?", &mode, "compresslevel?", &level,
		"encoding?", &encoding, "errors?", &errs, "newline?", &newline); err != nil {
		return nil, err
	}
	text := strings.Contains(mode, "t")
	if text && strings.Contains(mode, "b") {
		return nil, core.Errorf("ValueError", "Invalid mode: %s", core.Quote(mode))
	}
	// GzipFile adds "b" and io.open validates the result.
	gzMode := strings.ReplaceAll(mode, "t", "")
	if !strings.Contains(gzMode, "b") {
		gzMode += "b"
	}
	raw := ""
	for i, c := range gzMode {
		switch {
		case strings.ContainsRune(gzMode[i+1:], c):
			raw = "?" // a repeated letter
		case strings.ContainsRune("rwax", c):
			if raw != "" {
				raw = "?"
			} else {
				raw = string(c)
			}
		case c != 'b' && c != '+':
			raw = "?"
		}
		if raw == "?" {
			break
		}
	}
	if raw == "" || raw == "?" {
		return nil, core.Errorf("ValueError", "invalid mode: %s", core.Quote(gzMode))
	}
	f, err := l.env.OpenOS(thread, filename, raw+"b")
	if err != nil {
		return nil, err
	}
	g := &gzFile{name: filename, f: f, text: text, mode: raw}
	if raw == "r" {
		data, err := l.inflate(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		g.r = bytes.NewReader(data)
		return g, nil
	}
	g.w, _ = gz.NewWriterLevel(f, level)
	return g, nil
}

// gzFile is what gzip.open returns. Reading decompresses the whole file
// (within the limit) when it is opened.
type gzFile struct {
	name   string
	mode   string
	text   bool
	f      *os.File
	r      *bytes.Reader
	w      *gz.Writer
	closed bool
}

func (g *gzFile) String() string        { return "<gzip " + core.Quote(g.name) + ">" }
func (g *gzFile) Type() string          { return "GzipFile" }
func (g *gzFile) Freeze()               {}
func (g *gzFile) Truth() starlark.Bool  { return true }
func (g *gzFile) Hash() (uint32, error) { return starlark.String(g.name).Hash() }
func (g *gzFile) AttrNames() []string {
	return []string{"close", "closed", "name", "read", "readline", "readlines", "write"}
}

func (g *gzFile) wrap(b []byte) starlark.Value {
	if g.text {
		return starlark.String(b)
	}
	return starlark.Bytes(b)
}

func (g *gzFile) line() []byte {
	var out []byte
	for {
		c, err := g.r.ReadByte()
		if err != nil {
			return out
		}
		out = append(out, c)
		if c == '\n' {
			return out
		}
	}
}

func (g *gzFile) Iterate() starlark.Iterator {
	if g.r == nil {
		return starlark.NewList(nil).Iterate()
	}
	var lines []starlark.Value
	for l := g.line(); len(l) > 0; l = g.line() {
		lines = append(lines, g.wrap(l))
	}
	return starlark.NewList(lines).Iterate()
}

func (g *gzFile) Attr(name string) (starlark.Value, error) {
	var fn core.Func
	check := func(reading bool) error {
		if g.closed {
			return core.Errorf("ValueError", "I/O operation on closed file.")
		}
		if reading && g.r == nil {
			return core.Errorf("OSError", "[Errno 9] read() on write-only GzipFile object")
		}
		if !reading && g.w == nil {
			return core.Errorf("OSError", "[Errno 9] write() on read-only GzipFile object")
		}
		return nil
	}
	switch name {
	case "name":
		return starlark.String(g.name), nil
	case "closed":
		return starlark.Bool(g.closed), nil
	case "read":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			size := -1
			if err := core.Unpack("read", args, kwargs, "size?", &size); err != nil {
				return nil, err
			}
			if err := check(true); err != nil {
				return nil, err
			}
			if size < 0 || size > g.r.Len() {
				size = g.r.Len()
			}
			buf := make([]byte, size)
			n, _ := g.r.Read(buf)
			return g.wrap(buf[:n]), nil
		}
	case "readline":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := check(true); err != nil {
				return nil, err
			}
			return g.wrap(g.line()), nil
		}
	case "readlines":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := check(true); err != nil {
				return nil, err
			}
			var out []starlark.Value
			for l := g.line(); len(l) > 0; l = g.line() {
				out = append(out, g.wrap(l))
			}
			return starlark.NewList(out), nil
		}
	case "write":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var dv starlark.Value
			if err := core.Unpack("write", args, kwargs, "data", &dv); err != nil {
				return nil, err
			}
			if err := check(false); err != nil {
				return nil, err
			}
			data, err := dataArg(dv)
			if err != nil {
				return nil, err
			}
			if _, err := g.w.Write(data); err != nil {
				return nil, core.Errorf("OSError", "%v", err)
			}
			if g.text {
				return starlark.MakeInt(len([]rune(string(data)))), nil
			}
			return starlark.MakeInt(len(data)), nil
		}
	case "close":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if g.closed {
				return starlark.None, nil
			}
			g.closed = true
			if g.w != nil {
				err := g.w.Close()
				if e := g.f.Close(); err == nil {
					err = e
				}
				if err != nil {
					return nil, core.Errorf("OSError", "%v", err)
				}
			}
			return starlark.None, nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(g), nil
}

// bytesRepr is Python's repr of a bytes value.
func bytesRepr(b []byte) string {
	q := byte('\'')
	if bytes.IndexByte(b, '\'') >= 0 && bytes.IndexByte(b, '"') < 0 {
		q = '"'
	}
	out := []byte{'b', q}
	for _, c := range b {
		switch {
		case c == q || c == '\\':
			out = append(out, '\\', c)
		case c == '\t':
			out = append(out, `\t`...)
		case c == '\n':
			out = append(out, `\n`...)
		case c == '\r':
			out = append(out, `\r`...)
		case c < 0x20 || c >= 0x7f:
			out = append(out, fmt.Sprintf(`\x%02x`, c)...)
		default:
			out = append(out, c)
		}
	}
	return string(append(out, q))
}
