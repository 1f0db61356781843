package archive

import (
	"bytes"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// BytesFile is a read-only binary file object over bytes in memory
// (TarFile.extractfile, ZipFile.open): read(size=-1), readline(),
// readlines(), close(), iteration by lines.
type BytesFile struct {
	name string
	r    *bytes.Reader
}

// NewBytesFile returns a file object reading data.
func NewBytesFile(name string, data []byte) *BytesFile {
	return &BytesFile{name: name, r: bytes.NewReader(data)}
}

func (f *BytesFile) String() string        { return "<ExFileObject name=" + core.Quote(f.name) + ">" }
func (f *BytesFile) Type() string          { return "ExFileObject" }
func (f *BytesFile) Freeze()               {}
func (f *BytesFile) Truth() starlark.Bool  { return true }
func (f *BytesFile) Hash() (uint32, error) { return starlark.String(f.name).Hash() }
func (f *BytesFile) AttrNames() []string {
	return []string{"close", "name", "read", "readline", "readlines"}
}

func (f *BytesFile) line() []byte {
	var out []byte
	for {
		c, err := f.r.ReadByte()
		if err != nil {
			return out
		}
		out = append(out, c)
		if c == '\n' {
			return out
		}
	}
}

func (f *BytesFile) Iterate() starlark.Iterator { return &bytesIter{f} }

type bytesIter struct{ f *BytesFile }

func (it *bytesIter) Next(p *starlark.Value) bool {
	l := it.f.line()
	if len(l) == 0 {
		return false
	}
	*p = starlark.Bytes(l)
	return true
}
func (it *bytesIter) Done() {}

func (f *BytesFile) Attr(name string) (starlark.Value, error) {
	var fn core.Func
	switch name {
	case "name":
		return starlark.String(f.name), nil
	case "read":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			size := -1
			if err := core.Unpack("read", args, kwargs, "size?", &size); err != nil {
				return nil, err
			}
			if size < 0 || size > f.r.Len() {
				size = f.r.Len()
			}
			buf := make([]byte, size)
			n, _ := f.r.Read(buf)
			return starlark.Bytes(buf[:n]), nil
		}
	case "readline":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bytes(f.line()), nil
		}
	case "readlines":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var out []starlark.Value
			for l := f.line(); len(l) > 0; l = f.line() {
				out = append(out, starlark.Bytes(l))
			}
			return starlark.NewList(out), nil
		}
	case "close":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(f), nil
}
