package stdlib

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/sink"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// openMode is a parsed Python open() mode.
type openMode struct {
	raw    string // CPython's FileIO mode ("r", "w+", ...): what the event carries
	flags  int    // the open(2) flags used, also in the event
	binary bool
	read   bool
	write  bool
}

// parseMode validates mode as io.open does and computes the flags.
// O_NONBLOCK keeps open(2) of a FIFO from blocking; it is cleared after.
func parseMode(mode string) (openMode, error) {
	var m openMode
	var create, reading, writing, appending, plus, text bool
	for i, c := range mode {
		if strings.ContainsRune(mode[i+1:], c) || !strings.ContainsRune("xrwab+t", c) {
			return m, pyerr.New("ValueError", "invalid mode: %s", pyQuote(mode))
		}
		switch c {
		case 'x':
			create = true
		case 'r':
			reading = true
		case 'w':
			writing = true
		case 'a':
			appending = true
		case '+':
			plus = true
		case 'b':
			m.binary = true
		case 't':
			text = true
		}
	}
	n := 0
	for _, b := range []bool{create, reading, writing, appending} {
		if b {
			n++
		}
	}
	if n != 1 {
		return m, pyerr.New("ValueError", "must have exactly one of create/read/write/append mode")
	}
	if text && m.binary {
		return m, pyerr.New("ValueError", "can't have text and binary mode at once")
	}
	flags := 0
	switch {
	case create:
		m.raw, flags = "x", unix.O_EXCL|unix.O_CREAT
	case reading:
		m.raw = "r"
	case writing:
		m.raw, flags = "w", unix.O_CREAT|unix.O_TRUNC
	case appending:
		m.raw, flags = "a", unix.O_APPEND|unix.O_CREAT
	}
	m.read, m.write = reading || plus, !reading || plus
	switch {
	case m.read && m.write:
		flags |= unix.O_RDWR
	case m.read:
		flags |= unix.O_RDONLY
	default:
		flags |= unix.O_WRONLY
	}
	if plus {
		m.raw += "+"
	}
	m.flags = flags | unix.O_CLOEXEC | unix.O_NONBLOCK
	return m, nil
}

// open(path, mode="r") raises open (path, mode, flags) and returns a file.
func (l *sysLib) open(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	mode := "r"
	buffering := -1
	var encoding, errorsV, newline starlark.Value = starlark.None, starlark.None, starlark.None
	kwargs = core.AliasKwarg(kwargs, "path", "file")
	if err := l.unpack(b.Name(), args, kwargs, "file", &path, "mode?", &mode, "buffering?", &buffering,
		"encoding?", &encoding, "errors?", &errorsV, "newline?", &newline); err != nil {
		return nil, err
	}
	if err := textOptions(mode, encoding, errorsV, newline); err != nil {
		return nil, err
	}
	if err := checkPath(b.Name(), path.s); err != nil {
		return nil, err
	}
	m, err := parseMode(mode)
	if err != nil {
		return nil, err
	}
	f, err := l.openFile(thread, path.s, mode, m)
	if err != nil {
		return nil, err
	}
	if err := checkEncoding(encoding, newline); err != nil {
		f.f.Close()
		return nil, err
	}
	if n, ok := newline.(starlark.String); ok {
		f.nl = newlineModes[string(n)]
	}
	return f, nil
}

// newlineMode is a text file's newline= (io.TextIOWrapper): the zero
// value is None, universal newlines.
type newlineMode int

const (
	nlUniversal newlineMode = iota // None: "\r\n" and "\r" read as "\n"
	nlKeep                         // "": any ending ends a line, kept as is
	nlLF                           // "\n"
	nlCR                           // "\r": read: only "\r" ends a line; write: "\n" → "\r"
	nlCRLF                         // "\r\n"
)

var newlineModes = map[string]newlineMode{"": nlKeep, "\n": nlLF, "\r": nlCR, "\r\n": nlCRLF}

// openFile raises the open event and opens the file; shutil uses it too,
// as CPython's shutil calls open().
func (l *sysLib) openFile(thread *starlark.Thread, path, mode string, m openMode) (*sysFile, error) {
	if err := l.audit(thread, "open", starlark.String(path), starlark.String(m.raw), starlark.MakeInt(m.flags)); err != nil {
		return nil, err
	}
	fd, st, err := openFD(path, m.flags)
	if err != nil {
		return nil, pathErr("open", path, err)
	}
	if m.flags&unix.O_APPEND != 0 {
		// As CPython's FileIO: an append-mode file starts at its end, so
		// that tell() is the size before the first write.
		if _, err := unix.Seek(fd, 0, io.SeekEnd); err != nil && err != unix.ESPIPE {
			unix.Close(fd)
			return nil, pathErr("open", path, err)
		}
	}
	regular := st.Mode&unix.S_IFMT == unix.S_IFREG
	f := newFDFile(fd, path, regular)
	sf := &sysFile{name: path, mode: mode, m: m, f: f, br: bufio.NewReader(f), sizeAtOpen: -1}
	if regular && m.flags&unix.O_APPEND == 0 {
		sf.sizeAtOpen = st.Size
	}
	return sf, nil
}

// openFD opens path, refuses a directory, as Python does
// (IsADirectoryError), and restores blocking mode except on a regular file
// (fdFile says why). It returns the file's fstat.
func openFD(path string, flags int) (int, unix.Stat_t, error) {
	var st unix.Stat_t
	// The file may be a log with a write lease on it (this run's own, or
	// another run's): the first open starts the lease break and fails with
	// EWOULDBLOCK because of O_NONBLOCK; the holder lets go shortly.
	fd, err := sink.RetryLeaseBreak(func() (int, error) {
		for {
			fd, err := unix.Open(path, flags, 0o666)
			if err != unix.EINTR {
				return fd, err
			}
		}
	})
	if err != nil {
		return -1, st, err
	}
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, st, err
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		unix.Close(fd)
		return -1, st, unix.EISDIR
	case unix.S_IFREG:
	default:
		// One F_SETFL with the flags open(2) kept (it ignores the access
		// mode and creation flags), not F_GETFL then F_SETFL.
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETFL, flags&^unix.O_NONBLOCK); err != nil {
			unix.Close(fd)
			return -1, st, err
		}
	}
	return fd, st, nil
}

// sysFile is the file object open() returns. Reads are buffered; writes go
// straight to the descriptor, so nothing is lost if the run is killed.
type sysFile struct {
	name, mode string
	m          openMode
	f          *fdFile
	br         *bufio.Reader
	sizeAtOpen int64 // a regular file's size when opened, -1 once anything moved or changed it

	nl     newlineMode // text mode only
	closed bool
}

var (
	_ starlark.HasAttrs = (*sysFile)(nil)
	_ starlark.Iterable = (*sysFile)(nil)
)

func (f *sysFile) String() string {
	kind := "_io.TextIOWrapper"
	if f.m.binary {
		kind = "_io.BufferedReader"
		if f.m.write {
			kind = "_io.BufferedWriter"
		}
	}
	return "<" + kind + " name=" + pyQuote(f.name) + " mode=" + pyQuote(f.mode) + ">"
}
func (f *sysFile) Type() string          { return "file" }
func (f *sysFile) Freeze()               {}
func (f *sysFile) Truth() starlark.Bool  { return starlark.True }
func (f *sysFile) Hash() (uint32, error) { return 0, pyerr.New("TypeError", "unhashable type: 'file'") }

var fileAttrs = []string{"close", "closed", "fileno", "flush", "mode", "name", "read", "readable", "readline", "readlines", "seek", "seekable", "tell", "truncate", "writable", "write"}

func (f *sysFile) AttrNames() []string { return fileAttrs }

func (f *sysFile) Attr(name string) (starlark.Value, error) {
	var fn builtinFunc
	switch name {
	case "name":
		return starlark.String(f.name), nil
	case "mode":
		return starlark.String(f.modeAttr()), nil
	case "closed":
		return starlark.Bool(f.closed), nil
	case "read":
		fn = f.read
	case "readline":
		fn = f.readline
	case "readlines":
		fn = f.readlines
	case "write":
		fn = f.write
	case "flush":
		fn = f.flush
	case "close":
		fn = f.close
	case "seek":
		fn = f.seek
	case "tell":
		fn = f.tell
	case "truncate":
		fn = f.truncate
	case "fileno", "readable", "writable", "seekable":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			if f.closed {
				return nil, pyerr.New("ValueError", "I/O operation on closed file.")
			}
			switch name {
			case "fileno":
				return starlark.MakeInt(int(f.f.Fd())), nil
			case "readable":
				return starlark.Bool(f.m.read), nil
			case "writable":
				return starlark.Bool(f.m.write), nil
			}
			_, err := f.f.Seek(0, io.SeekCurrent)
			return starlark.Bool(err == nil), nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(f), nil
}

// modeAttr is the mode attribute: the mode given in text mode; in binary
// mode the raw FileIO's, as CPython ("r+b" and "w+b" are "rb+").
func (f *sysFile) modeAttr() string {
	if !f.m.binary {
		return f.mode
	}
	s := f.m.raw[:1]
	if s == "w" && f.m.read {
		s = "r"
	}
	s += "b"
	if f.m.read && f.m.write {
		s += "+"
	}
	return s
}

func (f *sysFile) check(reading bool) error {
	if f.closed {
		return pyerr.New("ValueError", "I/O operation on closed file.")
	}
	if reading && !f.m.read {
		return pyerr.New("UnsupportedOperation", "not readable")
	}
	if !reading && !f.m.write {
		return pyerr.New("UnsupportedOperation", "not writable")
	}
	return nil
}

func (f *sysFile) wrap(data []byte) starlark.Value {
	if f.m.binary {
		return starlark.Bytes(data)
	}
	return starlark.String(data)
}

// read(size=-1): size counts bytes in binary mode, characters in text mode.
func (f *sysFile) read(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size := -1
	var sizeV starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &sizeV); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	if sizeV != starlark.None {
		if err := starlark.AsInt(sizeV, &size); err != nil {
			return nil, pyerr.New("TypeError", "read: size must be an int or None, not %s", sizeV.Type())
		}
	}
	if err := f.check(true); err != nil {
		return nil, err
	}
	if size < 0 {
		s, err := f.readAll()
		if err != nil {
			return nil, pathErr("read", f.name, err)
		}
		if f.m.binary {
			return starlark.Bytes(s), nil
		}
		if f.nl == nlUniversal && strings.IndexByte(s, '\r') >= 0 {
			s = universal(s)
		}
		return starlark.String(s), nil
	}
	var data []byte
	var err error
	switch {
	case f.m.binary:
		f.sizeAtOpen = -1
		data, err = io.ReadAll(io.LimitReader(f.br, int64(size)))
	default:
		data, err = f.readChars(size)
	}
	if err != nil {
		return nil, pathErr("read", f.name, err)
	}
	return f.wrap(data), nil
}

// readAll reads the rest of the file into one buffer sized from fstat, so
// that a large file is copied once into the string, not grown and copied
// again. The copy goes through a pooled buffer: bufio's WriteTo would go
// through io.Copy, which allocates (and zeroes) a new 32 KiB buffer per call,
// the main cost of reading a small file.
func (f *sysFile) readAll() (string, error) {
	var sb strings.Builder
	switch {
	case f.sizeAtOpen >= 0:
		// Nothing read, written or moved yet: the size open() saw, without
		// two more system calls (the common open(p).read()).
		sb.Grow(int(f.sizeAtOpen) + 1)
	default:
		var st unix.Stat_t
		if unix.Fstat(int(f.f.Fd()), &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
			if off, err := f.f.Seek(0, io.SeekCurrent); err == nil && st.Size >= off {
				sb.Grow(int(st.Size-off) + f.br.Buffered() + 1)
			}
		}
	}
	f.sizeAtOpen = -1
	bp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bp)
	// Hide bufio's WriteTo, or CopyBuffer would use it and ignore the buffer.
	_, err := io.CopyBuffer(&sb, struct{ io.Reader }{f.br}, *bp)
	return sb.String(), err
}

var readBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// readChars reads up to n UTF-8 characters; an invalid byte counts as one.
func (f *sysFile) readChars(n int) ([]byte, error) {
	f.sizeAtOpen = -1 // readAll's size hint no longer holds
	var out []byte
	for i := 0; i < n; i++ {
		r, size, err := f.br.ReadRune()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, err
		}
		if r == utf8.RuneError && size == 1 {
			_ = f.br.UnreadRune()
			c, _ := f.br.ReadByte()
			out = append(out, c)
			continue
		}
		if r == '\r' && f.nl == nlUniversal {
			f.skipLF()
			r = '\n'
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// skipLF consumes a "\n" that follows a "\r" just read, so that "\r\n"
// is one line ending even across the read buffer's boundary.
func (f *sysFile) skipLF() bool {
	if next, err := f.br.Peek(1); err == nil && next[0] == '\n' {
		_, _ = f.br.Discard(1)
		return true
	}
	return false
}

// universal translates "\r\n" and "\r" to "\n" (newline=None on read).
func universal(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// readLine reads one line: in binary mode up to "\n"; in text mode up
// to the ending newline= names, translated as CPython's TextIOWrapper does.
func (f *sysFile) readLine() ([]byte, error) {
	f.sizeAtOpen = -1 // readAll's size hint no longer holds
	var line []byte
	var err error
	switch {
	case f.m.binary || f.nl == nlLF:
		line, err = f.br.ReadBytes('\n')
	case f.nl == nlCR:
		line, err = f.br.ReadBytes('\r')
	case f.nl == nlCRLF:
		for {
			var part []byte
			part, err = f.br.ReadBytes('\n')
			line = append(line, part...)
			if err != nil || bytes.HasSuffix(line, []byte("\r\n")) {
				break
			}
		}
	default:
		return f.readLineAny()
	}
	if err == io.EOF {
		err = nil
	}
	return line, err
}

// readLineAny reads a line ended by "\n", "\r\n" or "\r" (newline=None
// or ""); with None the ending is returned as "\n".
func (f *sysFile) readLineAny() ([]byte, error) {
	f.sizeAtOpen = -1 // readAll's size hint no longer holds
	var line []byte
	for {
		if _, err := f.br.Peek(1); err != nil {
			if err == io.EOF {
				err = nil
			}
			return line, err
		}
		chunk, _ := f.br.Peek(f.br.Buffered())
		i := bytes.IndexAny(chunk, "\r\n")
		if i < 0 {
			line = append(line, chunk...)
			_, _ = f.br.Discard(len(chunk))
			continue
		}
		line = append(line, chunk[:i]...)
		c := chunk[i]
		_, _ = f.br.Discard(i + 1)
		switch {
		case c == '\n' || f.nl == nlUniversal:
			f.crlf(c)
			line = append(line, '\n')
		case f.skipLF():
			line = append(line, '\r', '\n')
		default:
			line = append(line, '\r')
		}
		return line, nil
	}
}

// crlf swallows the "\n" of a "\r\n" whose "\r" was just read.
func (f *sysFile) crlf(c byte) {
	if c == '\r' {
		f.skipLF()
	}
}

// readLineN is readline(size): at most size characters of the line.
func (f *sysFile) readLineN(size int) ([]byte, error) {
	f.sizeAtOpen = -1 // readAll's size hint no longer holds
	if f.m.binary {
		var line []byte
		for len(line) < size {
			c, err := f.br.ReadByte()
			if err == io.EOF {
				break
			}
			if err != nil {
				return line, err
			}
			line = append(line, c)
			if c == '\n' {
				break
			}
		}
		return line, nil
	}
	var line []byte
	for n := 0; n < size; n++ {
		c, err := f.readChars(1)
		if err != nil || len(c) == 0 {
			return line, err
		}
		line = append(line, c...)
		switch f.nl {
		case nlUniversal, nlLF:
			if c[0] == '\n' {
				return line, nil
			}
		case nlCR:
			if c[0] == '\r' {
				return line, nil
			}
		case nlCRLF:
			if bytes.HasSuffix(line, []byte("\r\n")) {
				return line, nil
			}
		case nlKeep:
			if c[0] == '\r' && n+1 < size && f.skipLF() {
				return append(line, '\n'), nil
			}
			if c[0] == '\r' || c[0] == '\n' {
				return line, nil
			}
		}
	}
	return line, nil
}

// readline(size=-1) reads one line, of at most size characters (bytes in
// binary mode).
func (f *sysFile) readline(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sizeV starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &sizeV); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	size := -1
	if sizeV != starlark.None {
		if err := starlark.AsInt(sizeV, &size); err != nil {
			return nil, pyerr.New("TypeError", "argument should be integer or None, not '%s'", sizeV.Type())
		}
	}
	if err := f.check(true); err != nil {
		return nil, err
	}
	var line []byte
	var err error
	if size < 0 {
		line, err = f.readLine()
	} else {
		line, err = f.readLineN(size)
	}
	if err != nil {
		return nil, pathErr("read", f.name, err)
	}
	return f.wrap(line), nil
}

func (f *sysFile) readlines(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	if err := f.check(true); err != nil {
		return nil, err
	}
	var lines []starlark.Value
	for {
		line, err := f.readLine()
		if err != nil {
			return nil, pathErr("read", f.name, err)
		}
		if len(line) == 0 {
			return starlark.NewList(lines), nil
		}
		lines = append(lines, f.wrap(line))
	}
}

// write(s) writes str (as UTF-8) in text mode, where bytes are a
// TypeError as in CPython, and bytes or str in binary mode (spec §6: where
// Python insists on bytes spython also accepts a str). It returns the
// number of characters (text) or bytes (binary) given.
func (f *sysFile) write(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f.sizeAtOpen = -1 // readAll's size hint no longer holds
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	var s strArg
	switch v := v.(type) {
	case starlark.String:
		s.s = string(v)
	case starlark.Bytes:
		if !f.m.binary {
			return nil, pyerr.New("TypeError", "write() argument must be str, not bytes")
		}
		s.s = string(v)
	default:
		if !f.m.binary {
			return nil, pyerr.New("TypeError", "write() argument must be str, not %s", v.Type())
		}
		return nil, pyerr.New("TypeError", "a bytes-like object is required, not '%s'", v.Type())
	}
	if err := f.check(false); err != nil {
		return nil, err
	}
	n := len(s.s)
	if !f.m.binary {
		n = utf8.RuneCountInString(s.s)
		switch f.nl {
		case nlCR:
			s.s = strings.ReplaceAll(s.s, "\n", "\r")
		case nlCRLF:
			s.s = strings.ReplaceAll(s.s, "\n", "\r\n")
		}
	}
	// Data read ahead into the buffer must not move the write position.
	if n := f.br.Buffered(); n > 0 {
		_, _ = f.f.Seek(-int64(n), io.SeekCurrent)
		f.br.Reset(f.f)
	}
	if _, err := io.WriteString(f.f, s.s); err != nil {
		return nil, osError(err)
	}
	return starlark.MakeInt(n), nil
}

// flush is a no-op check: writes are not buffered.
func (f *sysFile) flush(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	if f.closed {
		return nil, pyerr.New("ValueError", "I/O operation on closed file.")
	}
	return starlark.None, nil
}

// close may be called more than once, as in Python.
func (f *sysFile) close(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	if f.closed {
		return starlark.None, nil
	}
	f.closed = true
	if err := f.f.Close(); err != nil {
		return nil, osError(err)
	}
	return starlark.None, nil
}

// Iterate yields lines, as `for line in f` does in Python. Starlark
// iterators cannot fail: an I/O error ends the loop early (readlines()
// reports it).
func (f *sysFile) Iterate() starlark.Iterator { return &fileIter{f} }

type fileIter struct{ f *sysFile }

func (it *fileIter) Next(p *starlark.Value) bool {
	if it.f.closed || !it.f.m.read {
		return false
	}
	line, err := it.f.readLine()
	if err != nil || len(line) == 0 {
		return false
	}
	*p = it.f.wrap(line)
	return true
}
func (it *fileIter) Done() {}

// seek(offset, whence=0) moves the position (read-ahead data dropped)
// and returns it. In text mode, as CPython, only seek(0, 2), seek(0, 1)
// and absolute positions from tell() are meaningful.
func (f *sysFile) seek(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f.sizeAtOpen = -1 // readAll's size hint no longer holds
	var offset int64
	whence := 0
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &offset, &whence); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	if f.closed {
		return nil, pyerr.New("ValueError", "I/O operation on closed file.")
	}
	if whence < 0 || whence > 2 {
		return nil, pyerr.New("ValueError", "invalid whence (%d, should be 0, 1 or 2)", whence)
	}
	if !f.m.binary && whence != 0 && offset != 0 {
		return nil, pyerr.New("UnsupportedOperation", "can't do nonzero cur-relative seeks")
	}
	if whence == io.SeekCurrent {
		offset -= int64(f.br.Buffered())
	}
	pos, err := f.f.Seek(offset, whence)
	if err != nil {
		return nil, osError(err)
	}
	f.br.Reset(f.f)
	return starlark.MakeInt64(pos), nil
}

// tell() is the position, read-ahead data excluded.
func (f *sysFile) tell(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	if f.closed {
		return nil, pyerr.New("ValueError", "I/O operation on closed file.")
	}
	pos, err := f.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, osError(err)
	}
	return starlark.MakeInt64(pos - int64(f.br.Buffered())), nil
}

// truncate(size=None) cuts the file at size (default: the position) and
// returns size; the position does not move. The file was opened for
// writing, with its open event (and the log's protection) already.
func (f *sysFile) truncate(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f.sizeAtOpen = -1 // readAll's size hint no longer holds
	var sizeV starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &sizeV); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	if err := f.check(false); err != nil {
		return nil, err
	}
	pos, err := f.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, osError(err)
	}
	size := pos - int64(f.br.Buffered())
	if sizeV != starlark.None {
		if err := starlark.AsInt(sizeV, &size); err != nil {
			return nil, pyerr.New("TypeError", "truncate: size must be an int or None, not %s", sizeV.Type())
		}
	}
	if err := f.f.Truncate(size); err != nil {
		return nil, osError(err)
	}
	return starlark.MakeInt64(size), nil
}

// checkEncoding is the text layer's newline and encoding checks, which
// CPython makes after the file is opened (so after the open event).
func checkEncoding(encoding, newline starlark.Value) error {
	if n, ok := newline.(starlark.String); ok {
		switch string(n) {
		case "", "\n", "\r", "\r\n":
		default:
			return pyerr.New("ValueError", "illegal newline value: %s", string(n))
		}
	}
	if e, ok := encoding.(starlark.String); ok {
		switch strings.ToLower(strings.ReplaceAll(string(e), "_", "-")) {
		case "utf-8", "utf8", "ascii", "us-ascii", "utf-8-sig":
		default:
			return pyerr.New("LookupError", "unknown encoding: %s", string(e))
		}
	}
	return nil
}

// textOptions checks open()'s encoding=, errors= and newline= as io.open
// does: text mode only; spython reads and writes UTF-8 only.
func textOptions(mode string, encoding, errorsV, newline starlark.Value) error {
	binary := strings.ContainsRune(mode, 'b')
	for _, p := range []struct {
		name string
		v    starlark.Value
	}{{"encoding", encoding}, {"errors", errorsV}, {"newline", newline}} {
		if p.v == starlark.None {
			continue
		}
		if _, ok := p.v.(starlark.String); !ok {
			return pyerr.New("TypeError", "open() argument '%s' must be str or None, not %s", p.name, p.v.Type())
		}
		if binary {
			return pyerr.New("ValueError", "binary mode doesn't take an %s argument", p.name)
		}
	}
	return nil
}
