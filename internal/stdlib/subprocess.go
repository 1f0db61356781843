package stdlib

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

// The special values of stdin=, stdout= and stderr=, as in CPython.
const (
	subPIPE    = -1
	subSTDOUT  = -2
	subDEVNULL = -3
)

// EventSubprocessInput is raised before data is written to a child's
// stdin (run(input=…), Popen.communicate(input), Popen.stdin.write): data
// fed to a shell or an interpreter is code, recorded like dynamic code
// (whole up to 1 MiB, as text) and checked against the log's protection
// like a command line. Arguments: (data, executable, args).
const EventSubprocessInput = "spython.subprocess_input"

func (l *sysLib) subprocessModule() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "subprocess", Members: starlark.StringDict{
		"run":             l.builtin("subprocess.run", l.subprocessRun),
		"call":            l.builtin("subprocess.call", l.subprocessCall),
		"check_call":      l.builtin("subprocess.check_call", l.subprocessCall),
		"check_output":    l.builtin("subprocess.check_output", l.subprocessRun),
		"getoutput":       l.builtin("subprocess.getoutput", l.subprocessGetoutput),
		"getstatusoutput": l.builtin("subprocess.getstatusoutput", l.subprocessGetoutput),
		"Popen":           l.builtin("subprocess.Popen", l.subprocessPopen),
		"PIPE":            starlark.MakeInt(subPIPE),
		"STDOUT":          starlark.MakeInt(subSTDOUT),
		"DEVNULL":         starlark.MakeInt(subDEVNULL),
	}}
}

// waitDelay bounds how long a killed child's descendants may keep its
// output pipes open before spython stops reading them, so a cancelled run
// always ends.
const waitDelay = 5 * time.Second

// command builds a child in its own process group, killed as a group when
// ctx is done (a resource limit, or a signal to the launcher). Its stdin
// is /dev/null unless the caller sets one.
func (l *sysLib) command(argv []string, ctx context.Context) *exec.Cmd {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.SysProcAttr = childProcAttr()
	cmd.Cancel = func() error {
		// The child leads its group: kill it and everything it started.
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = waitDelay
	return cmd
}

// popenArgs are the parameters Popen, run, call, check_call and
// check_output share.
type popenArgs struct {
	argsV                 starlark.Value
	executable            optStrArg
	stdin, stdout, stderr starlark.Value
	cwd                   optStrArg
	envV                  starlark.Value
	shell                 bool
	text                  textMode
}

// textMode is text=, universal_newlines=, encoding= and errors=.
type textMode struct {
	text     bool
	encoding string
	errors   string
}

func (a *popenArgs) pairs() []any {
	a.stdin, a.stdout, a.stderr, a.envV = starlark.None, starlark.None, starlark.None, starlark.None
	return []any{"executable?", &a.executable, "stdin?", &a.stdin, "stdout?", &a.stdout, "stderr?", &a.stderr,
		"shell?", &a.shell, "cwd?", &a.cwd, "env?", &a.envV}
}

// textPairs unpacks text=, universal_newlines=, encoding=, errors=.
type textPairs struct {
	text, universal starlark.Value
	encoding        optStrArg
	errors          optStrArg
}

func (t *textPairs) pairs() []any {
	t.text, t.universal = starlark.None, starlark.None
	return []any{"text?", &t.text, "universal_newlines?", &t.universal, "encoding?", &t.encoding, "errors?", &t.errors}
}

func (t *textPairs) mode(fn string) (textMode, error) {
	m := textMode{encoding: "utf-8", errors: "strict"}
	m.text = bool(t.text.Truth()) || bool(t.universal.Truth()) || t.encoding.set || t.errors.set
	if t.encoding.set {
		switch strings.ToLower(strings.ReplaceAll(t.encoding.s, "_", "-")) {
		case "utf-8", "utf8", "ascii", "us-ascii":
			m.encoding = t.encoding.s
		default:
			return m, pyerr.New("LookupError", "%s: unsupported encoding: %s (spython decodes UTF-8 only)", fn, t.encoding.s)
		}
	}
	if t.errors.set {
		m.errors = t.errors.s
	}
	return m, nil
}

// subprocessPopen is subprocess.Popen(args, bufsize=-1, executable=None,
// stdin=None, stdout=None, stderr=None, ..., cwd=None, env=None, ...).
func (l *sysLib) subprocessPopen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a popenArgs
	var tp textPairs
	bufsize := -1
	closeFDs := true
	pairs := append([]any{"args", &a.argsV, "bufsize?", &bufsize}, a.pairs()...)
	pairs = append(pairs, tp.pairs()...)
	pairs = append(pairs, "close_fds?", &closeFDs)
	if err := l.unpack(b.Name(), args, kwargs, pairs...); err != nil {
		return nil, err
	}
	var err error
	if a.text, err = tp.mode(b.Name()); err != nil {
		return nil, err
	}
	return l.startPopen(thread, b.Name(), &a, nil)
}

// startPopen raises subprocess.Popen (executable, args, cwd, env) (and,
// when input is given, spython.subprocess_input) and starts the child.
func (l *sysLib) startPopen(thread *starlark.Thread, fn string, a *popenArgs, input *strArg) (*popen, error) {
	argv, err := commandArgs(fn, a.argsV, a.shell)
	if err != nil {
		return nil, err
	}
	environ, err := envArg(fn, a.envV)
	if err != nil {
		return nil, err
	}
	if err := checkPath(fn, append(argv, a.cwd.s, a.executable.s)...); err != nil {
		return nil, err
	}
	streams := [3]starlark.Value{a.stdin, a.stdout, a.stderr}
	for i, v := range streams {
		if err := checkStream(fn, i, v); err != nil {
			return nil, err
		}
	}
	exe := argv[0]
	if a.executable.set {
		exe = a.executable.s
	}
	argvList := make([]starlark.Value, len(argv))
	for i, s := range argv {
		argvList[i] = starlark.String(s)
	}
	var evArgs starlark.Value = starlark.NewList(argvList)
	// DEVNULL: CPython opens os.devnull once per Popen (raising open)
	// before it raises subprocess.Popen.
	var devnull *os.File
	for _, v := range streams {
		if n, ok := v.(starlark.Int); ok && n == starlark.MakeInt(subDEVNULL) && devnull == nil {
			flags := unix.O_RDWR | unix.O_CLOEXEC
			if err := l.audit(thread, "open", starlark.String(os.DevNull), starlark.None, starlark.MakeInt(flags)); err != nil {
				return nil, err
			}
			f, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
			if err != nil {
				return nil, osError(err)
			}
			devnull = f
			defer f.Close()
		}
	}
	if err := l.audit(thread, "subprocess.Popen", starlark.String(exe), evArgs, a.cwd.value(), a.envV); err != nil {
		return nil, err
	}
	if input != nil {
		if err := l.audit(thread, EventSubprocessInput, input.raw(), starlark.String(exe), evArgs); err != nil {
			return nil, err
		}
	}
	p := &popen{l: l, argsV: a.argsV, exe: exe, evArgs: evArgs, text: a.text, done: make(chan struct{})}
	cmdArgv := append([]string{exe}, argv[1:]...)
	cmd := l.command(cmdArgv, l.ctx())
	cmd.Args = argv // argv[0] as given, the program from executable= (as CPython)
	cmd.Env = environ
	if a.cwd.set {
		cmd.Dir = a.cwd.s
	}
	// Our ends of the pipes, and the child's ends to close after start.
	var childEnds []*os.File
	defer func() {
		for _, f := range childEnds {
			f.Close()
		}
	}()
	fail := func(err error) (*popen, error) {
		p.closePipes()
		return nil, err
	}
	for i, v := range streams {
		var target *os.File
		switch v := v.(type) {
		case starlark.NoneType:
			switch i {
			case 1:
				target = osFile(childStream(l.stdout()))
			case 2:
				target = osFile(childStream(l.stderr()))
			}
		case starlark.Int:
			n, _ := v.Int64()
			switch n {
			case subPIPE:
				r, w, err := os.Pipe()
				if err != nil {
					return fail(osError(err))
				}
				if i == 0 {
					target, childEnds = r, append(childEnds, r)
					p.stdin = &pipeFile{p: p, name: "stdin", w: w}
				} else {
					target, childEnds = w, append(childEnds, w)
					pf := &pipeFile{p: p, name: [3]string{"", "stdout", "stderr"}[i], r: r}
					if i == 1 {
						p.stdout = pf
					} else {
						p.stderr = pf
					}
				}
			case subDEVNULL:
				target = devnull
			case subSTDOUT:
				// stderr=STDOUT: set below, once stdout is known.
			}
		case *sysFile:
			target = v.f.File()
		}
		switch i {
		case 0:
			if target != nil {
				cmd.Stdin = target
			}
		case 1:
			if target != nil {
				cmd.Stdout = target
			} else if v == starlark.None {
				cmd.Stdout = childStream(l.stdout())
			}
		case 2:
			if n, ok := v.(starlark.Int); ok && n == starlark.MakeInt(subSTDOUT) {
				cmd.Stderr = cmd.Stdout
			} else if target != nil {
				cmd.Stderr = target
			} else if v == starlark.None {
				cmd.Stderr = childStream(l.stderr())
			}
		}
	}
	if err := cmd.Start(); err != nil {
		return fail(startError(argv[0], a.cwd, err))
	}
	p.cmd = cmd
	p.pid = cmd.Process.Pid
	go func() {
		p.waitErr = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// osFile is the *os.File behind w, or nil (then os/exec copies through a
// pipe of its own).
func osFile(w any) *os.File {
	f, _ := w.(*os.File)
	return f
}

func checkStream(fn string, i int, v starlark.Value) error {
	name := [3]string{"stdin", "stdout", "stderr"}[i]
	switch v := v.(type) {
	case starlark.NoneType:
		return nil
	case *sysFile:
		if v.closed {
			// CPython's fileno() of the closed file, before any event.
			return pyerr.New("ValueError", "I/O operation on closed file")
		}
		return nil
	case starlark.Int:
		n, ok := v.Int64()
		if ok && (n == subPIPE || n == subDEVNULL || n == subSTDOUT && i == 2) {
			return nil
		}
	}
	return pyerr.New("TypeError", "%s: %s must be None, PIPE, DEVNULL%s or an open file, not %s", fn, name,
		map[bool]string{true: ", STDOUT", false: ""}[i == 2], v.String())
}

// raw is the argument as given (str or bytes), the form the input event
// logs.
func (a *strArg) raw() starlark.Value { return starlark.String(a.s) }

// subprocessRun is run(args, *, stdin=None, input=None, stdout=None,
// stderr=None, capture_output=False, shell=False, cwd=None, timeout=None,
// check=False, encoding=None, errors=None, text=None, env=None,
// universal_newlines=None, executable=None) → CompletedProcess; and
// check_output (stdout piped, check=True, the output returned).
func (l *sysLib) subprocessRun(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	checkOutput := b.Name() == "subprocess.check_output"
	var a popenArgs
	var tp textPairs
	var capture, check bool
	var input optStrArg
	timeoutV := starlark.Value(starlark.None)
	pairs := append([]any{"args", &a.argsV}, a.pairs()...)
	pairs = append(pairs, tp.pairs()...)
	pairs = append(pairs, "input?", &input, "timeout?", &timeoutV)
	if !checkOutput {
		pairs = append(pairs, "capture_output?", &capture, "check?", &check)
	}
	if err := l.unpack(b.Name(), args, kwargs, pairs...); err != nil {
		return nil, err
	}
	var err error
	if a.text, err = tp.mode(b.Name()); err != nil {
		return nil, err
	}
	if checkOutput {
		check = true
		if a.stdout != starlark.None {
			return nil, pyerr.New("ValueError", "stdout argument not allowed, it will be overridden.")
		}
		a.stdout = starlark.MakeInt(subPIPE)
	}
	if capture {
		if a.stdout != starlark.None || a.stderr != starlark.None {
			return nil, pyerr.New("ValueError", "stdout and stderr arguments may not be used with capture_output.")
		}
		a.stdout, a.stderr = starlark.MakeInt(subPIPE), starlark.MakeInt(subPIPE)
	}
	if input.set {
		if a.stdin != starlark.None {
			return nil, pyerr.New("ValueError", "stdin and input arguments may not both be used.")
		}
		a.stdin = starlark.MakeInt(subPIPE)
	}
	timeout, err := timeoutArg(b.Name(), timeoutV)
	if err != nil {
		return nil, err
	}
	var in *strArg
	if input.set {
		in = &input.strArg
	}
	p, err := l.startPopen(thread, b.Name(), &a, in)
	if err != nil {
		return nil, err
	}
	out, errOut, err := p.communicate(thread, in, timeout, timeoutV, false)
	if err != nil {
		if pyKind(err) == "TimeoutExpired" {
			// As CPython: kill the child (raising os.kill), collect it,
			// then report the timeout. The whole group is killed.
			if kerr := p.killGroup(thread); kerr != nil {
				return nil, kerr
			}
			<-p.done
		}
		return nil, err
	}
	code := p.returnCode()
	if check && code != 0 {
		return nil, pyerr.New("CalledProcessError", "Command %s %s", pyReprArgs(a.argsV), exitDescription(code))
	}
	if checkOutput {
		return out, nil
	}
	return starlarkstruct.FromStringDict(starlark.String("CompletedProcess"), starlark.StringDict{
		"args":       a.argsV,
		"returncode": starlark.MakeInt(code),
		"stdout":     out,
		"stderr":     errOut,
	}), nil
}

// subprocessCall is call(args, *, timeout=None, ...) → the return code,
// and check_call (CalledProcessError unless 0).
func (l *sysLib) subprocessCall(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a popenArgs
	var tp textPairs
	timeoutV := starlark.Value(starlark.None)
	pairs := append([]any{"args", &a.argsV}, a.pairs()...)
	pairs = append(pairs, tp.pairs()...)
	pairs = append(pairs, "timeout?", &timeoutV)
	if err := l.unpack(b.Name(), args, kwargs, pairs...); err != nil {
		return nil, err
	}
	var err error
	if a.text, err = tp.mode(b.Name()); err != nil {
		return nil, err
	}
	timeout, err := timeoutArg(b.Name(), timeoutV)
	if err != nil {
		return nil, err
	}
	p, err := l.startPopen(thread, b.Name(), &a, nil)
	if err != nil {
		return nil, err
	}
	if err := p.wait(timeout, timeoutV); err != nil {
		if pyKind(err) == "TimeoutExpired" {
			if kerr := p.killGroup(thread); kerr != nil {
				return nil, kerr
			}
			<-p.done
		}
		return nil, err
	}
	code := p.returnCode()
	if b.Name() == "subprocess.check_call" {
		if code != 0 {
			return nil, pyerr.New("CalledProcessError", "Command %s %s", pyReprArgs(a.argsV), exitDescription(code))
		}
		return starlark.MakeInt(0), nil
	}
	return starlark.MakeInt(code), nil
}

// subprocessGetoutput is getoutput(cmd) → output, and getstatusoutput(cmd)
// → (exitcode, output): cmd runs with the shell, stderr into stdout, as
// text; one trailing newline is removed.
func (l *sysLib) subprocessGetoutput(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cmdV starlark.Value
	if err := l.unpack(b.Name(), args, kwargs, "cmd", &cmdV); err != nil {
		return nil, err
	}
	a := popenArgs{argsV: cmdV, shell: true, stdin: starlark.None, stdout: starlark.MakeInt(subPIPE),
		stderr: starlark.MakeInt(subSTDOUT), envV: starlark.None, text: textMode{text: true, encoding: "utf-8", errors: "strict"}}
	p, err := l.startPopen(thread, b.Name(), &a, nil)
	if err != nil {
		return nil, err
	}
	out, _, err := p.communicate(thread, nil, -1, starlark.None, false)
	if err != nil {
		return nil, err
	}
	s := string(out.(starlark.String))
	s = strings.TrimSuffix(s, "\n")
	if b.Name() == "subprocess.getoutput" {
		return starlark.String(s), nil
	}
	return starlark.Tuple{starlark.MakeInt(p.returnCode()), starlark.String(s)}, nil
}

// commandArgs is the argv CPython would build: with shell, /bin/sh -c
// followed by the command (and any extra arguments); a str without shell
// is the program name alone.
func commandArgs(fn string, v starlark.Value, shell bool) ([]string, error) {
	var argv []string
	switch v := v.(type) {
	case starlark.String, starlark.Bytes:
		var s strArg
		_ = s.Unpack(v)
		argv = []string{s.s}
	case starlark.Indexable:
		for i := 0; i < v.Len(); i++ {
			var s strArg
			if err := s.Unpack(v.Index(i)); err != nil {
				return nil, pyerr.New("TypeError", "%s: args[%d]: %s", fn, i, err)
			}
			argv = append(argv, s.s)
		}
	default:
		return nil, pyerr.New("TypeError", "%s: args must be a str or a list of str, not %s", fn, v.Type())
	}
	if len(argv) == 0 {
		return nil, pyerr.New("IndexError", "%s: args is empty", fn)
	}
	if shell {
		argv = append([]string{"/bin/sh", "-c"}, argv...)
	}
	return argv, nil
}

// envArg turns env= into the child's whole environment (nil: inherit).
func envArg(fn string, v starlark.Value) ([]string, error) {
	if v == starlark.None {
		return nil, nil
	}
	d, ok := v.(*starlark.Dict)
	if !ok {
		return nil, pyerr.New("TypeError", "%s: env must be a dict or None, not %s", fn, v.Type())
	}
	env := make([]string, 0, d.Len())
	for _, kv := range d.Items() {
		var k, val strArg
		if k.Unpack(kv[0]) != nil || val.Unpack(kv[1]) != nil {
			return nil, pyerr.New("TypeError", "%s: env keys and values must be str", fn)
		}
		if err := checkEnvName(fn, k.s, &val.s); err != nil {
			return nil, err
		}
		env = append(env, k.s+"="+val.s)
	}
	return env, nil
}

// timeoutArg returns -1 for None.
func timeoutArg(fn string, v starlark.Value) (time.Duration, error) {
	if v == starlark.None {
		return -1, nil
	}
	secs, ok := starlark.AsFloat(v)
	if !ok {
		return 0, pyerr.New("TypeError", "%s: timeout must be a number or None, not %s", fn, v.Type())
	}
	if math.IsNaN(secs) {
		return 0, pyerr.New("ValueError", "%s: timeout is NaN", fn)
	}
	return core.SecondsToDuration(secs), nil
}

// startError is a child that could not be started. A missing program is
// FileNotFoundError naming the program, as in Python; when the working
// directory is what failed, the error names the directory (CPython learns
// which step failed from the child; Go does not say, so the directory is
// checked).
func startError(prog string, cwd optStrArg, err error) error {
	if cwd.set {
		var st unix.Stat_t
		if serr := unix.Stat(cwd.s, &st); serr != nil {
			return pathErr("chdir", cwd.s, serr)
		} else if st.Mode&unix.S_IFMT != unix.S_IFDIR {
			return pathErr("chdir", cwd.s, unix.ENOTDIR)
		} else if aerr := unix.Access(cwd.s, unix.X_OK); aerr != nil {
			return pathErr("chdir", cwd.s, aerr)
		}
	}
	if errors.Is(err, exec.ErrNotFound) {
		return pathErr("exec", prog, unix.ENOENT) // as CPython: the program is the filename
	}
	var pe *exec.Error
	if errors.As(err, &pe) {
		return osError(pe.Err)
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return pathErr("exec", prog, errno)
	}
	return osError(err)
}

func exitDescription(code int) string {
	if code < 0 {
		return fmt.Sprintf("died with <Signals.%s: %d>.", signalName(-code), -code)
	}
	return fmt.Sprintf("returned non-zero exit status %d.", code)
}

// signalName is Python's signal.Signals name (SIGKILL, …).
func signalName(n int) string {
	names := map[int]string{1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT",
		7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE",
		14: "SIGALRM", 15: "SIGTERM"}
	if s, ok := names[n]; ok {
		return s
	}
	return "SIG" + strconv.Itoa(n)
}

// pyReprArgs is Python's repr of the args value inside quotes, as in
// "Command '['false']' returned …".
func pyReprArgs(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return "'" + string(s) + "'" // CPython formats str(cmd)
	}
	return "'" + pyRepr(v) + "'"
}

// pyRepr is Python's repr of str, bytes, numbers, None, bools, lists and
// tuples (what command lines are made of).
func pyRepr(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return pyQuote(string(v))
	case starlark.Bytes:
		return "b" + pyQuote(string(v))
	case starlark.NoneType:
		return "None"
	case starlark.Bool:
		if v {
			return "True"
		}
		return "False"
	case *starlark.List:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = pyRepr(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case starlark.Tuple:
		parts := make([]string, len(v))
		for i := range parts {
			parts[i] = pyRepr(v[i])
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return v.String()
}
