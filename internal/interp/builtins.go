package interp

import (
	"bufio"
	"io"
	"os"
	"runtime"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/pycompat"
	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib"
)

// predeclaredBuilders says how to make each name every file may see:
// spython's builtins, sys, and the standard library. A value is made when
// a file first references its name (ensurePredeclared), so a script pays
// start-up time only for the modules it uses.
func (r *runner) predeclaredBuilders(cfg Config) map[string]func() starlark.Value {
	env := &stdlib.Env{
		Audit:   r.audit,
		Stdout:  cfg.Stdout,
		Stderr:  cfg.Stderr,
		Context: cfg.Context,
		// Archive extraction and decompression are bounded by the policy.
		ExtractLimit: cfg.Policy.Limits.ExtractSize,
		// argparse reads sys.argv and ends the run through sys.exit: the
		// script's own sys module, made once.
		Sys: r.sysValue,
	}
	b := stdlib.Builders(env)
	if cfg.Sandboxed {
		for name, build := range b {
			b[name] = func() starlark.Value { return r.wrapDenials(build(), 0) }
		}
	}
	for name, build := range pycompat.Builtins() {
		b[name] = build
	}
	b["print"] = func() starlark.Value { return starlark.NewBuiltin("print", r.print) }
	b["try_call"] = func() starlark.Value { return starlark.NewBuiltin("try_call", r.tryCall) }
	b["exec"] = func() starlark.Value { return starlark.NewBuiltin("exec", r.exec) }
	b["eval"] = func() starlark.Value { return starlark.NewBuiltin("eval", r.eval) }
	b["sys"] = func() starlark.Value { return r.sysModule(cfg) }
	if build, ok := b["os"]; ok {
		b["os"] = func() starlark.Value { return r.awaitOwnSignal(build()) }
	}
	for _, name := range []string{"open", "os", "shutil"} {
		if build, ok := b[name]; ok {
			b[name] = func() starlark.Value { return r.recordWrites(name, build()) }
		}
	}
	// A Go panic in any of them is an error for the script, not a crash
	// of the launcher without a final record.
	for name, build := range b {
		b[name] = func() starlark.Value { return recoverBuiltins(build(), 0) }
	}
	return b
}

// sysValue is the script's sys module (the one the script sees when it
// references sys), for library code that uses it as CPython's does.
func (r *runner) sysValue() starlark.Value {
	r.ensurePredeclared([]string{"sys"})
	return r.predeclared["sys"]
}

// isPredeclared reports whether name is one of the names files may see
// (before the policy's say).
func (r *runner) isPredeclared(name string) bool {
	_, ok := r.builders[name]
	return ok
}

// ensurePredeclared makes the values of names that are not made yet. Every
// file calls it for the names it references before it runs, so
// r.predeclared holds each value a program can reach.
func (r *runner) ensurePredeclared(names []string) {
	for _, name := range names {
		if _, ok := r.predeclared[name]; !ok {
			r.predeclared[name] = r.builders[name]()
		}
	}
}

// print(*args, sep=" ", end="\n", file=None, flush=False) writes the
// arguments as Python's str() renders them, to sys.stdout or to file (any
// object with a write method, as in Python).
func (r *runner) print(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sep, end := " ", "\n"
	var file starlark.Value = starlark.None
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		var dst *string
		switch k {
		case "sep":
			dst = &sep
		case "end":
			dst = &end
		case "file":
			file = kv[1]
			continue
		case "flush":
			continue // writes are unbuffered
		default:
			return nil, pyerr.New("TypeError", "'%s' is an invalid keyword argument for print()", k)
		}
		switch v := kv[1].(type) {
		case starlark.String:
			*dst = string(v)
		case starlark.NoneType:
		default:
			return nil, pyerr.New("TypeError", "%s must be None or a string, not %s", k, pyType(v))
		}
	}
	var buf strings.Builder
	for i, v := range args {
		if i > 0 {
			buf.WriteString(sep)
		}
		buf.WriteString(pyStr(v))
	}
	buf.WriteString(end)
	var w io.Writer = r.cfg.Stdout
	switch f := file.(type) {
	case starlark.NoneType:
	case *stream:
		if f.w == nil {
			return nil, pyerr.New("UnsupportedOperation", "not writable")
		}
		w = f.w
	default:
		// Any object with a write method, as in Python.
		ha, ok := file.(starlark.HasAttrs)
		var write starlark.Value
		if ok {
			write, _ = ha.Attr("write")
		}
		if write == nil {
			return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'write'", pyType(file))
		}
		if _, err := starlark.Call(thread, write, starlark.Tuple{starlark.String(buf.String())}, nil); err != nil {
			return nil, err
		}
		return starlark.None, nil
	}
	if _, err := io.WriteString(w, buf.String()); err != nil {
		return nil, pyerr.FromOS(err)
	}
	return starlark.None, nil
}

// tryCall(fn, *args, **kwargs) returns (value, None) or (None, error). Fatal
// errors (sys.exit, limits, a failing log) are not caught.
func (r *runner) tryCall(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 1 {
		return nil, pyerr.New("TypeError", "try_call() missing required argument 'fn'")
	}
	fn, ok := args[0].(starlark.Callable)
	if !ok {
		return nil, pyerr.New("TypeError", "try_call() argument 'fn' must be callable, not %s", args[0].Type())
	}
	v, err := safeCall(thread, fn, args[1:], kwargs)
	if err == nil {
		return starlark.Tuple{v, starlark.None}, nil
	}
	if hooks.IsFatal(err) || r.fatalCause() != nil {
		return nil, err
	}
	return starlark.Tuple{starlark.None, newErrorValueOf(err)}, nil
}

// safeCall is starlark.Call that turns a Go panic in the callee (a method
// of a value, one of go.starlark.net's builtins) into a *PanicError, which
// try_call then catches like any other error. starlark.Call pops its
// frames with defer, so the thread is consistent after the panic.
func safeCall(thread *starlark.Thread, fn starlark.Callable, args starlark.Tuple, kwargs []starlark.Tuple) (v starlark.Value, err error) {
	defer recoverPanic("", &err)
	return starlark.Call(thread, fn, args, kwargs)
}

// exec(source) compiles and runs dynamic code in a fresh module.
func (r *runner) exec(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	src, err := sourceArg(b.Name(), args, kwargs)
	if err != nil {
		return nil, err
	}
	prog, err := r.compileDynamic(thread, src.text, src.value, false)
	if err != nil {
		return nil, err
	}
	if _, err := prog.Init(thread, r.predeclared); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// eval(expr) compiles and evaluates one expression.
func (r *runner) eval(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	src, err := sourceArg(b.Name(), args, kwargs)
	if err != nil {
		return nil, err
	}
	prog, err := r.compileDynamic(thread, src.text, src.value, true)
	if err != nil {
		return nil, err
	}
	g, err := prog.Init(thread, r.predeclared)
	if err != nil {
		return nil, err
	}
	return g["__eval_result__"], nil
}

type source struct {
	text  string         // the code
	value starlark.Value // as given, for the events
}

func sourceArg(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (source, error) {
	param := "source" // exec(source)
	if fn == "eval" {
		param = "expr" // eval(expr)
	}
	var v starlark.Value
	if err := starlark.UnpackArgs(fn, args, kwargs, param, &v); err != nil {
		return source{}, pyerr.New("TypeError", "%s", err.Error())
	}
	switch v := v.(type) {
	case starlark.String:
		return source{string(v), v}, nil
	case starlark.Bytes:
		return source{string(v), v}, nil
	}
	return source{}, pyerr.New("TypeError", "%s() arg 1 must be a string or bytes, not %s", fn, v.Type())
}

// compileDynamic raises compile (source, filename) and exec (source) around
// compiling dynamic code; the policy decides whether it may run. The
// events carry the source as given (the log renders it as text).
//
// For eval (expr), the source must be one expression: it is parsed as such
// first, and only then wrapped in an assignment to be compiled, so that no
// statement can ride along inside the parentheses.
func (r *runner) compileDynamic(thread *starlark.Thread, text string, shown starlark.Value, expr bool) (*starlark.Program, error) {
	// CPython's name for every piece of dynamic code (docs/events.md).
	const name = "<string>"
	if err := r.audit(thread, "compile", starlark.Tuple{shown, starlark.String(name)}); err != nil {
		return nil, err
	}
	if expr {
		if _, err := FileOptions.ParseExpr(name, text, 0); err != nil {
			return nil, &CompileError{err}
		}
		text = "__eval_result__ = (" + text + "\n)\n"
	}
	prog, err := r.compile(thread, name, []byte(text))
	if err != nil {
		return nil, err
	}
	if err := r.audit(thread, "exec", starlark.Tuple{shown}); err != nil {
		return nil, err
	}
	return prog, nil
}

// sysModule returns the sys module of the run.
func (r *runner) sysModule(cfg Config) starlark.Value {
	argv := make([]starlark.Value, 0, 1+len(cfg.Args))
	argv = append(argv, starlark.String(cfg.Script))
	for _, a := range cfg.Args {
		argv = append(argv, starlark.String(a))
	}
	exe := cfg.Executable
	if exe == "" {
		exe, _ = os.Executable()
	}
	argvList := starlark.NewList(argv)
	var stdin io.Reader = os.Stdin
	if cfg.Stdin != nil {
		stdin = cfg.Stdin
	}
	return &starlarkstruct.Module{
		Name: "sys",
		Members: starlark.StringDict{
			"argv":         argvList,
			"audit":        starlark.NewBuiltin("sys.audit", r.sysAudit),
			"addaudithook": starlark.NewBuiltin("sys.addaudithook", r.sysAddAuditHook),
			"exit":         starlark.NewBuiltin("sys.exit", sysExit),
			"platform":     starlark.String(runtime.GOOS),
			"version":      starlark.String("spython " + cfg.Version + " (Starlark, " + runtime.Version() + ")"),
			"executable":   starlark.String(exe),
			"stdout":       &stream{name: "<stdout>", w: cfg.Stdout, ctx: cfg.Context, fd: 1},
			"stderr":       &stream{name: "<stderr>", w: cfg.Stderr, ctx: cfg.Context, fd: 2},
			"stdin":        &stream{name: "<stdin>", in: bufio.NewReader(stdin), ctx: cfg.Context, fd: 0},
		},
	}
}

// reservedPrefix starts the names of the launcher's own events.
const reservedPrefix = "spython."

// sys.audit(event, *args): event must be a str without NUL, checked even
// when no hooks are installed; no keyword arguments.
func (r *runner) sysAudit(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.New("TypeError", "audit() takes no keyword arguments")
	}
	if len(args) < 1 {
		return nil, pyerr.New("TypeError", "audit() missing 1 required positional argument: 'event'")
	}
	event, ok := args[0].(starlark.String)
	if !ok {
		return nil, pyerr.New("TypeError", "expected str for argument 'event', not %s", args[0].Type())
	}
	if strings.IndexByte(string(event), 0) >= 0 {
		return nil, pyerr.New("ValueError", "embedded null character")
	}
	if strings.HasPrefix(string(event), reservedPrefix) {
		// The launcher's own events are its testimony about the run; a
		// script must not be able to write them (a forged run_end would
		// make a verifier see a run boundary). The attempt is logged.
		if err := r.audit(thread, policy.EventReserved, starlark.Tuple{event}); err != nil {
			return nil, err
		}
		return nil, pyerr.New("PermissionError", "audit event names starting with %q are reserved for spython", reservedPrefix)
	}
	if err := r.audit(thread, string(event), args[1:]); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// sys.addaudithook(hook) adds a script hook if every existing hook allows
// the sys.addaudithook event; otherwise it silently adds nothing.
func (r *runner) sysAddAuditHook(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Value
	if err := starlark.UnpackPositionalArgs("addaudithook", args, kwargs, 1, &fn); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	c, ok := fn.(starlark.Callable)
	if !ok {
		return nil, pyerr.New("TypeError", "addaudithook() argument must be callable, not %s", fn.Type())
	}
	if err := r.hooks.AddScriptHook(thread, c); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// sys.exit(code=0): an int is the exit code; None is 0; anything else is
// printed to stderr and the code is 1, as in Python.
func sysExit(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code starlark.Value = starlark.None
	if err := starlark.UnpackArgs("exit", args, kwargs, "code?", &code); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	switch c := code.(type) {
	case starlark.NoneType:
		return nil, &ExitError{Code: 0}
	case starlark.Int:
		n, ok := c.Int64()
		if !ok {
			n = 1
		}
		return nil, &ExitError{Code: int(n & 0xff)}
	case starlark.Bool:
		if c {
			return nil, &ExitError{Code: 1}
		}
		return nil, &ExitError{Code: 0}
	case starlark.String:
		return nil, &ExitError{Code: 1, Message: string(c)}
	}
	return nil, &ExitError{Code: 1, Message: code.String()}
}
