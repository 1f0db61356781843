package stdlib

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
)

func (l *sysLib) subprocessModule() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "subprocess", Members: starlark.StringDict{
		"run": l.builtin("subprocess.run", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return l.subprocessRun(thread, b, args, kwargs, false)
		}),
		"check_output": l.builtin("subprocess.check_output", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			res, err := l.subprocessRun(thread, b, args, kwargs, true)
			if err != nil {
				return nil, err
			}
			return res.(*starlarkstruct.Struct).Attr("stdout")
		}),
	}}
}

// waitDelay bounds how long a finished or killed child's descendants may
// keep its output pipes open before they are closed, so a cancelled run
// always ends.
const waitDelay = 5 * time.Second

// command builds a child in its own process group, killed as a group when
// ctx is done (a timeout, a resource limit, or a signal to the launcher).
// Its stdin is /dev/null unless the caller sets one.
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

// subprocessRun is subprocess.run, or check_output when checkOutput is set
// (stdout captured, check=True, no capture_output or check parameters).
func (l *sysLib) subprocessRun(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, checkOutput bool) (starlark.Value, error) {
	var (
		argsV         starlark.Value
		capture       bool
		check         bool
		shell         bool
		cwd           optStrArg
		envV          starlark.Value = starlark.None
		timeoutV      starlark.Value = starlark.None
		input         optStrArg
		cwdV          starlark.Value = starlark.None
		cwdArgPresent bool
	)
	pairs := []any{"args", &argsV}
	if !checkOutput {
		pairs = append(pairs, "capture_output?", &capture, "check?", &check)
	}
	pairs = append(pairs, "shell?", &shell, "cwd?", &cwd, "env?", &envV, "timeout?", &timeoutV, "input?", &input)
	if err := l.unpack(b.Name(), args, kwargs, pairs...); err != nil {
		return nil, err
	}
	if checkOutput {
		check = true
	}
	if cwd.set {
		cwdV, cwdArgPresent = starlark.String(cwd.s), true
	}
	argv, err := commandArgs(b.Name(), argsV, shell)
	if err != nil {
		return nil, err
	}
	environ, err := envArg(b.Name(), envV)
	if err != nil {
		return nil, err
	}
	timeout, err := timeoutArg(b.Name(), timeoutV)
	if err != nil {
		return nil, err
	}
	if err := checkPath(b.Name(), append(argv, cwd.s)...); err != nil {
		return nil, err
	}
	argvList := make([]starlark.Value, len(argv))
	for i, a := range argv {
		argvList[i] = starlark.String(a)
	}
	if err := l.audit(thread, "subprocess.Popen", starlark.String(argv[0]), starlark.NewList(argvList), cwdV, envV); err != nil {
		return nil, err
	}

	ctx, cancel := l.ctx(), context.CancelFunc(func() {})
	if timeout >= 0 {
		ctx, cancel = context.WithTimeout(ctx, timeout)
	}
	defer cancel()
	cmd := l.command(argv, ctx)
	if cwdArgPresent {
		cmd.Dir = cwd.s
	}
	cmd.Env = environ
	if input.set {
		cmd.Stdin = strings.NewReader(input.s)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = childStream(l.stdout()), childStream(l.stderr())
	if capture || checkOutput {
		cmd.Stdout = &stdout
	}
	if capture {
		cmd.Stderr = &stderr
	}
	runErr := cmd.Run()
	if cerr := l.ctxErr(); cerr != nil {
		return nil, cerr // the run is ending: the child has been killed
	}
	if runErr != nil && ctx.Err() != nil {
		return nil, pyerr.New("TimeoutError", "Command %s timed out after %s seconds", pyArgs(argsV), timeoutV.String())
	}
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) && !errors.Is(runErr, exec.ErrWaitDelay) {
		return nil, startError(argv[0], runErr)
	}
	code := returnCode(cmd)
	if check && code != 0 {
		return nil, pyerr.New("CalledProcessError", "Command %s %s", pyArgs(argsV), exitDescription(code))
	}
	res := starlark.StringDict{
		"args":       argsV,
		"returncode": starlark.MakeInt(code),
		"stdout":     starlark.None,
		"stderr":     starlark.None,
	}
	if capture || checkOutput {
		res["stdout"] = starlark.String(stdout.String())
	}
	if capture {
		res["stderr"] = starlark.String(stderr.String())
	}
	return starlarkstruct.FromStringDict(starlark.String("CompletedProcess"), res), nil
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
	return secondsToDuration(secs), nil
}

// secondsToDuration clamps to what a Duration holds.
func secondsToDuration(secs float64) time.Duration {
	switch {
	case secs <= 0:
		return 0
	case secs >= math.MaxInt64/float64(time.Second):
		return math.MaxInt64
	}
	return time.Duration(secs * float64(time.Second))
}

// startError is a child that could not be started: a missing program is
// FileNotFoundError, as in Python.
func startError(prog string, err error) error {
	if errors.Is(err, exec.ErrNotFound) {
		return pyerr.New("FileNotFoundError", "[Errno 2] No such file or directory: %s", pyQuote(prog))
	}
	var pe *exec.Error
	if errors.As(err, &pe) {
		return osError(pe.Err)
	}
	return osError(err)
}

// returnCode is Python's returncode: the exit status, or -N for signal N.
func returnCode(cmd *exec.Cmd) int {
	if cmd.ProcessState == nil {
		return -1
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -int(ws.Signal())
	}
	return cmd.ProcessState.ExitCode()
}

func exitDescription(code int) string {
	if code < 0 {
		return fmt.Sprintf("died with signal %d.", -code)
	}
	return fmt.Sprintf("returned non-zero exit status %d.", code)
}

func pyArgs(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return pyQuote(string(s))
	}
	return "'" + v.String() + "'"
}
