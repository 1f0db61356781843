package stdlib

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/pyerr"
)

// popen is a subprocess.Popen object. A goroutine reaps the child as soon
// as it exits (so no zombie outlives the run); returncode is set, as in
// CPython, only once poll(), wait() or communicate() has seen the exit.
type popen struct {
	l       *sysLib
	cmd     *exec.Cmd
	pid     int
	argsV   starlark.Value
	exe     string
	evArgs  starlark.Value
	text    textMode
	done    chan struct{}
	waitErr error

	stdin, stdout, stderr *pipeFile

	rc   starlark.Value // nil until the exit is seen
	comm *commState
}

var _ starlark.HasAttrs = (*popen)(nil)

func (p *popen) String() string {
	return fmt.Sprintf("<Popen: returncode: %s args: %s>", p.rcString(), pyRepr(p.argsV))
}
func (p *popen) Type() string          { return "Popen" }
func (p *popen) Freeze()               {}
func (p *popen) Truth() starlark.Bool  { return starlark.True }
func (p *popen) Hash() (uint32, error) { return uint32(p.pid), nil }

func (p *popen) rcString() string {
	if p.rc == nil {
		return "None"
	}
	return p.rc.String()
}

var popenAttrs = []string{"args", "communicate", "kill", "pid", "poll", "returncode", "send_signal", "stderr", "stdin", "stdout", "terminate", "wait"}

func (p *popen) AttrNames() []string { return popenAttrs }

func (p *popen) Attr(name string) (starlark.Value, error) {
	switch name {
	case "args":
		return p.argsV, nil
	case "pid":
		return starlark.MakeInt(p.pid), nil
	case "returncode":
		if p.rc == nil {
			return starlark.None, nil
		}
		return p.rc, nil
	case "stdin", "stdout", "stderr":
		f := map[string]*pipeFile{"stdin": p.stdin, "stdout": p.stdout, "stderr": p.stderr}[name]
		if f == nil {
			return starlark.None, nil
		}
		return f, nil
	}
	var fn builtinFunc
	switch name {
	case "poll":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			p.poll()
			return p.Attr("returncode")
		}
	case "wait":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			timeoutV := starlark.Value(starlark.None)
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &timeoutV); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			timeout, err := timeoutArg(b.Name(), timeoutV)
			if err != nil {
				return nil, err
			}
			if err := p.wait(timeout, timeoutV); err != nil {
				return nil, err
			}
			return p.rc, nil
		}
	case "communicate":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var input optStrArg
			timeoutV := starlark.Value(starlark.None)
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "input?", &input, "timeout?", &timeoutV); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			timeout, err := timeoutArg(b.Name(), timeoutV)
			if err != nil {
				return nil, err
			}
			var in *strArg
			if input.set {
				in = &input.strArg
			}
			out, errOut, err := p.communicate(thread, in, timeout, timeoutV, true)
			if err != nil {
				return nil, err
			}
			return starlark.Tuple{out, errOut}, nil
		}
	case "kill", "terminate", "send_signal":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			sig := map[string]int{"kill": int(syscall.SIGKILL), "terminate": int(syscall.SIGTERM)}[name]
			if name == "send_signal" {
				if err := starlark.UnpackArgs(b.Name(), args, kwargs, "sig", &sig); err != nil {
					return nil, pyerr.New("TypeError", "%s", err.Error())
				}
			} else if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			return starlark.None, p.signal(thread, syscall.Signal(sig), false)
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(p), nil
}

// poll records the return code if the child has exited.
func (p *popen) poll() {
	select {
	case <-p.done:
		p.rc = starlark.MakeInt(p.returnCode())
	default:
	}
}

// returnCode is Python's returncode: the exit status, or -N for signal N.
// Only valid once done is closed.
func (p *popen) returnCode() int {
	ps := p.cmd.ProcessState
	if ps == nil {
		return -1
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -int(ws.Signal())
	}
	return ps.ExitCode()
}

// signal is CPython's send_signal: nothing when the child has been seen
// to exit; else os.kill (pid, sig), then the signal. With group, the
// whole process group is killed (run's timeout: nothing it started may
// outlive it).
func (p *popen) signal(thread *starlark.Thread, sig syscall.Signal, group bool) error {
	p.poll()
	if p.rc != nil {
		return nil
	}
	if err := p.l.audit(thread, "os.kill", starlark.MakeInt(p.pid), starlark.MakeInt(int(sig))); err != nil {
		return err
	}
	if group {
		_ = syscall.Kill(-p.pid, sig)
		return nil
	}
	// Through the pidfd os/exec holds: never a recycled pid.
	if err := p.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return osError(err)
	}
	return nil
}

func (p *popen) killGroup(thread *starlark.Thread) error {
	return p.signal(thread, syscall.SIGKILL, true)
}

func (p *popen) timeoutErr(timeoutV starlark.Value) error {
	return pyerr.New("TimeoutExpired", "Command %s timed out after %s seconds", pyReprArgs(p.argsV), timeoutV.String())
}

// wait waits for the child (timeout < 0: no limit); a cancelled run ends
// the wait with the run's cause.
func (p *popen) wait(timeout time.Duration, timeoutV starlark.Value) error {
	var tc <-chan time.Time
	if timeout >= 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		tc = t.C
	}
	select {
	case <-p.done:
	case <-tc:
		return p.timeoutErr(timeoutV)
	case <-p.l.ctx().Done():
		<-p.done // the command's Cancel kills the group
		return p.l.ctxErr()
	}
	p.rc = starlark.MakeInt(p.returnCode())
	return nil
}

// commState is one communication with the child: started once, so that a
// communicate() retried after TimeoutExpired goes on collecting the same
// output, as in CPython.
type commState struct {
	wg       sync.WaitGroup
	out, err bytes.Buffer
	rerr     [2]error
	finished chan struct{}
}

// communicate writes input (if any) to stdin and closes it, reads stdout
// and stderr to the end, and waits for the child. event says whether the
// input event is still to be raised (Popen.communicate; run raised it
// before the child started).
func (p *popen) communicate(thread *starlark.Thread, input *strArg, timeout time.Duration, timeoutV starlark.Value, event bool) (starlark.Value, starlark.Value, error) {
	if p.comm == nil {
		if input != nil && p.stdin != nil && event {
			if err := p.l.audit(thread, EventSubprocessInput, input.raw(), starlark.String(p.exe), p.evArgs); err != nil {
				return nil, nil, err
			}
		}
		c := &commState{finished: make(chan struct{})}
		p.comm = c
		if p.stdin != nil && !p.stdin.closed {
			w := p.stdin
			w.closed = true
			var data string
			if input != nil {
				data = input.s
			}
			go func() {
				_, _ = io.WriteString(w.w, data) // EPIPE: the child did not read it all, as CPython ignores
				w.w.Close()
			}()
		}
		for i, pf := range []*pipeFile{p.stdout, p.stderr} {
			if pf == nil || pf.closed {
				continue
			}
			buf := &c.out
			if i == 1 {
				buf = &c.err
			}
			c.wg.Add(1)
			go func(i int, pf *pipeFile) {
				defer c.wg.Done()
				_, c.rerr[i] = io.Copy(buf, pf.reader())
			}(i, pf)
		}
		go func() {
			c.wg.Wait()
			close(c.finished)
		}()
	}
	c := p.comm
	var tc <-chan time.Time
	if timeout >= 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		tc = t.C
	}
	ctx := p.l.ctx()
	// The child's exit first, then its output: a descendant may hold the
	// pipes open after the child exits; it gets waitDelay, then the pipes
	// are closed (the run must end), as os/exec's WaitDelay.
	select {
	case <-p.done:
	case <-tc:
		return nil, nil, p.timeoutErr(timeoutV)
	case <-ctx.Done():
		<-p.done
		p.closePipes()
		return nil, nil, p.l.ctxErr()
	}
	grace := time.NewTimer(waitDelay)
	defer grace.Stop()
	select {
	case <-c.finished:
	case <-tc:
		return nil, nil, p.timeoutErr(timeoutV)
	case <-grace.C:
		p.closePipes()
		<-c.finished
	case <-ctx.Done():
		p.closePipes()
		return nil, nil, p.l.ctxErr()
	}
	p.rc = starlark.MakeInt(p.returnCode())
	var outs [2]starlark.Value
	for i, pf := range []*pipeFile{p.stdout, p.stderr} {
		outs[i] = starlark.None
		if pf == nil {
			continue
		}
		buf := &c.out
		if i == 1 {
			buf = &c.err
		}
		v, err := decodeOutput(buf.Bytes(), p.text)
		if err != nil {
			return nil, nil, err
		}
		outs[i] = v
		pf.closed = true
		pf.r.Close()
	}
	return outs[0], outs[1], nil
}

// closePipes closes every pipe end spython holds.
func (p *popen) closePipes() {
	for _, pf := range []*pipeFile{p.stdin, p.stdout, p.stderr} {
		if pf == nil {
			continue
		}
		if pf.r != nil {
			pf.r.Close()
		}
		if pf.w != nil {
			pf.w.Close()
		}
	}
}

// decodeOutput is the child's output as CPython returns it: bytes, or in
// text mode str decoded as UTF-8 (errors="strict": UnicodeDecodeError;
// "replace": U+FFFD per bad byte; otherwise the bytes are kept) with
// universal newlines ("\r\n" and "\r" read as "\n").
func decodeOutput(data []byte, m textMode) (starlark.Value, error) {
	if !m.text {
		return starlark.Bytes(data), nil
	}
	s := string(data)
	if !utf8.ValidString(s) {
		switch m.errors {
		case "strict":
			i := 0
			for i < len(s) {
				r, n := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && n == 1 {
					break
				}
				i += n
			}
			return nil, pyerr.New("UnicodeDecodeError", "'utf-8' codec can't decode byte 0x%02x in position %d: invalid start byte", s[i], i)
		case "replace":
			var b strings.Builder
			for i := 0; i < len(s); {
				r, n := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && n == 1 {
					b.WriteRune(utf8.RuneError)
				} else {
					b.WriteString(s[i : i+n])
				}
				i += n
			}
			s = b.String()
		}
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return starlark.String(s), nil
}

// pipeFile is Popen's stdin, stdout or stderr: a pipe to or from the
// child, in text or binary mode as the Popen.
type pipeFile struct {
	p      *popen
	name   string
	r      *os.File
	w      *os.File
	br     *bufio.Reader
	closed bool
}

var (
	_ starlark.HasAttrs = (*pipeFile)(nil)
	_ starlark.Iterable = (*pipeFile)(nil)
)

func (f *pipeFile) String() string {
	kind := "_io.BufferedReader"
	if f.w != nil {
		kind = "_io.BufferedWriter"
	}
	if f.p.text.text {
		kind = "_io.TextIOWrapper"
	}
	return "<" + kind + " name=" + pyQuote(f.name) + ">"
}
func (f *pipeFile) Type() string         { return "file" }
func (f *pipeFile) Freeze()              {}
func (f *pipeFile) Truth() starlark.Bool { return starlark.True }
func (f *pipeFile) Hash() (uint32, error) {
	return 0, pyerr.New("TypeError", "unhashable type: 'file'")
}
func (f *pipeFile) AttrNames() []string {
	return []string{"close", "closed", "flush", "read", "readline", "readlines", "write"}
}

func (f *pipeFile) reader() *bufio.Reader {
	if f.br == nil {
		f.br = bufio.NewReader(f.r)
	}
	return f.br
}

func (f *pipeFile) Attr(name string) (starlark.Value, error) {
	if name == "closed" {
		return starlark.Bool(f.closed), nil
	}
	var fn builtinFunc
	noArgs := func(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) error {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return pyerr.New("TypeError", "%s", err.Error())
		}
		return nil
	}
	switch name {
	case "read":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			size := -1
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "size?", &size); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			if err := f.check(true); err != nil {
				return nil, err
			}
			var data []byte
			var err error
			if size < 0 {
				data, err = io.ReadAll(f.reader())
			} else {
				data, err = io.ReadAll(io.LimitReader(f.reader(), int64(size)))
			}
			if err != nil {
				return nil, osError(err)
			}
			return decodeOutput(data, f.p.text)
		}
	case "readline":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			if err := f.check(true); err != nil {
				return nil, err
			}
			line, err := f.reader().ReadBytes('\n')
			if err != nil && err != io.EOF {
				return nil, osError(err)
			}
			return decodeOutput(line, f.p.text)
		}
	case "readlines":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			if err := f.check(true); err != nil {
				return nil, err
			}
			var lines []starlark.Value
			for {
				line, err := f.reader().ReadBytes('\n')
				if len(line) > 0 {
					v, derr := decodeOutput(line, f.p.text)
					if derr != nil {
						return nil, derr
					}
					lines = append(lines, v)
				}
				if err == io.EOF {
					return starlark.NewList(lines), nil
				}
				if err != nil {
					return nil, osError(err)
				}
			}
		}
	case "write":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s strArg
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &s); err != nil {
				return nil, pyerr.New("TypeError", "%s", err.Error())
			}
			if err := f.check(false); err != nil {
				return nil, err
			}
			if err := f.p.l.audit(thread, EventSubprocessInput, s.raw(), starlark.String(f.p.exe), f.p.evArgs); err != nil {
				return nil, err
			}
			if _, err := io.WriteString(f.w, s.s); err != nil {
				return nil, osError(err)
			}
			n := len(s.s)
			if _, isStr := args[0].(starlark.String); isStr && f.p.text.text {
				n = utf8.RuneCountInString(s.s)
			}
			return starlark.MakeInt(n), nil
		}
	case "flush":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, noArgs(b, args, kwargs)
		}
	case "close":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			if !f.closed {
				f.closed = true
				if f.r != nil {
					f.r.Close()
				}
				if f.w != nil {
					f.w.Close()
				}
			}
			return starlark.None, nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(f), nil
}

func (f *pipeFile) check(reading bool) error {
	if f.closed {
		return pyerr.New("ValueError", "I/O operation on closed file.")
	}
	if reading && f.r == nil {
		return pyerr.New("UnsupportedOperation", "not readable")
	}
	if !reading && f.w == nil {
		return pyerr.New("UnsupportedOperation", "not writable")
	}
	return nil
}

// Iterate yields lines, as `for line in p.stdout` does in Python.
func (f *pipeFile) Iterate() starlark.Iterator { return &pipeIter{f} }

type pipeIter struct{ f *pipeFile }

func (it *pipeIter) Next(v *starlark.Value) bool {
	if it.f.closed || it.f.r == nil {
		return false
	}
	line, err := it.f.reader().ReadBytes('\n')
	if len(line) == 0 || err != nil && err != io.EOF {
		return false
	}
	d, derr := decodeOutput(line, it.f.p.text)
	if derr != nil {
		return false
	}
	*v = d
	return true
}
func (it *pipeIter) Done() {}
