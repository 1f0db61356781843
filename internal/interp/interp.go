package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/cwd"
	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/pycompat"
	"github.com/spython-dev/spython/internal/stdlib"
)

// FileOptions is the Python-like dialect every script is compiled with.
var FileOptions = &syntax.FileOptions{
	Set:             true,
	While:           true,
	TopLevelControl: true,
	GlobalReassign:  true,
	Recursion:       true,
}

// Config describes one run.
type Config struct {
	Policy   *policy.Policy
	Hooks    *hooks.Registry // sealed, with the launcher's hooks
	Script   string          // the script path as given (sys.argv[0])
	Args     []string        // sys.argv[1:]
	Stdout   io.Writer
	Stderr   io.Writer
	Stdin    io.Reader // sys.stdin; nil: the process's standard input
	Verifier Verifier  // nil: no integrity backend
	// Version and Executable are shown as sys.version and sys.executable.
	Version    string
	Executable string
	// Context ends blocking builtins when cancelled (limits, signals).
	Context context.Context
	// Sandboxed says Landlock restricts the process: a permission error
	// from the library is then logged as spython.sandbox_denied.
	Sandboxed bool
	// OnStop, when set, is called once when a fatal cause (a limit, a
	// signal) stops the run, with the Result the run will end with; the
	// launcher uses it to end the run itself if the script does not unwind
	// in time (a builtin that ignores cancellation).
	OnStop func(Result)
}

// Outcome classifies how a run ended.
type Outcome int

const (
	Finished    Outcome = iota // the script finished
	Exited                     // sys.exit
	Failed                     // an uncaught error
	Refused                    // open_code refused the script
	LogFailed                  // the audit log failed
	LimitHit                   // a resource limit
	Signalled                  // a terminating signal
	NotFound                   // the script could not be opened
	CompileFail                // the script did not compile
)

// Result is how a run ended.
type Result struct {
	Outcome Outcome
	Code    int    // the exit code the launcher should use
	Reason  string // for spython.run_end
	Err     error
}

type runner struct {
	cfg         Config
	thread      *starlark.Thread
	cancel      context.CancelCauseFunc
	stopped     atomic.Pointer[error] // the fatal cause set by Stop, or errRunOver
	endMu       sync.Mutex            // orders stop, limitHit and the run's own end
	wroteFiles  atomic.Bool           // spython.file_written was recorded (fileid.go)
	limits      limitState            // memory and output limits (limits_*.go)
	policy      *policy.Policy
	hooks       *hooks.Registry
	verifier    Verifier
	predeclared starlark.StringDict              // the values made so far
	builders    map[string]func() starlark.Value // how to make each predeclared name
	modules     map[string]*module               // load cache, by absolute path
	roots       []string                         // directories code may be loaded from
}

type module struct {
	globals starlark.StringDict
	err     error
	loading bool
}

// Runner runs one script. Stop may be called from any goroutine.
type Runner struct{ r *runner }

// New prepares a run; nothing is read until Run.
func New(cfg Config) *Runner {
	r := &runner{
		policy:   cfg.Policy,
		hooks:    cfg.Hooks,
		verifier: cfg.Verifier,
		modules:  make(map[string]*module),
	}
	parent := cfg.Context
	if parent == nil {
		parent = context.Background()
	}
	// WithCancelCause: blocking builtins return the cause (a limit or a
	// signal), which is fatal, rather than a bare "context canceled".
	cfg.Context, r.cancel = context.WithCancelCause(parent)
	cfg.Stdout, cfg.Stderr = r.limitOutput(cfg.Policy.Limits.OutputSize, cfg.Stdout, cfg.Stderr)
	r.cfg = cfg
	r.thread = &starlark.Thread{Name: "main", Load: r.load}
	r.builders = r.predeclaredBuilders(cfg)
	r.predeclared = make(starlark.StringDict, 8)
	r.setLimits()
	if r.limits.memory != nil {
		r.predeclared[repeatName] = starlark.NewBuiltin(repeatName, r.repeat)
	}
	return &Runner{r}
}

// Stop ends the run with a fatal error (a limit, a signal): the Starlark
// thread is cancelled, blocking builtins return, and try_call no longer
// catches anything. The first cause wins.
func (x *Runner) Stop(cause error) { x.r.stop(cause) }

func (r *runner) stop(cause error) {
	r.endMu.Lock()
	defer r.endMu.Unlock()
	r.stopLocked(cause)
}

// errRunOver marks a run whose end is decided (the script returned): a
// limit or a signal after it changes nothing, so a run is never both
// "finished" and stopped.
var errRunOver = errors.New("run over")

// stopLocked sets the fatal cause, unless one is set or the run is over,
// and cancels the thread. r.endMu is held.
func (r *runner) stopLocked(cause error) {
	if !r.stopped.CompareAndSwap(nil, &cause) {
		return
	}
	r.thread.Cancel(cause.Error())
	r.cancel(cause)
	if r.cfg.OnStop != nil {
		r.cfg.OnStop(classify(cause))
	}
}

// fatalCause returns the error given to Stop, or nil.
func (r *runner) fatalCause() error {
	if p := r.stopped.Load(); p != nil && *p != errRunOver {
		return *p
	}
	return nil
}

// Run runs the script and reports how it ended.
func (x *Runner) Run() Result {
	r := x.r
	defer r.cancel(nil)
	defer r.releaseLimits()
	cfg := r.cfg
	thread := r.thread

	abs, err := cwd.Abs(cfg.Script)
	if err != nil {
		return r.result(fmt.Errorf("script path %q: %w", cfg.Script, err))
	}
	for _, root := range append([]string{filepath.Dir(abs)}, r.policy.ModulePath...) {
		if real, err := filepath.EvalSymlinks(root); err == nil {
			root = real
		}
		r.roots = append(r.roots, root)
	}
	if err := r.audit(thread, "spython.run_file", starlark.Tuple{starlark.String(cfg.Script)}); err != nil {
		return r.result(err)
	}
	return r.result(r.execScript(thread, abs))
}

// execScript runs the script; a Go panic that no builtin's own recover
// caught (a method of a value, go.starlark.net itself) ends the run as an
// uncaught SystemError rather than crash the launcher.
func (r *runner) execScript(thread *starlark.Thread, abs string) (err error) {
	defer recoverPanic("", &err)
	_, err = r.execFile(thread, abs)
	return err
}

// Run is New(cfg).Run().
func Run(cfg Config) Result { return New(cfg).Run() }

func (r *runner) audit(thread *starlark.Thread, event string, args starlark.Tuple) error {
	return r.hooks.Audit(thread, event, args)
}

// execFile runs one file through open_code, compile and exec.
func (r *runner) execFile(thread *starlark.Thread, path string) (starlark.StringDict, error) {
	data, err := r.openCode(thread, path)
	if err != nil {
		return nil, err
	}
	if err := r.audit(thread, "compile", starlark.Tuple{starlark.None, starlark.String(path)}); err != nil {
		return nil, err
	}
	prog, err := r.compile(thread, path, data)
	if err != nil {
		return nil, err
	}
	if err := r.audit(thread, "exec", starlark.Tuple{starlark.String(path)}); err != nil {
		return nil, err
	}
	return prog.Init(thread, r.predeclared)
}

// CompileError is a script that does not compile (syntax, undefined or
// disallowed names).
type CompileError struct{ Err error }

func (e *CompileError) Error() string { return e.Err.Error() }
func (e *CompileError) Unwrap() error { return e.Err }
func (e *CompileError) Kind() string  { return "SyntaxError" }

// compile parses and resolves src, enforcing the policy's predeclared names,
// raises import (module, None) for each predeclared module referenced, and
// makes the predeclared values the program will need.
func (r *runner) compile(thread *starlark.Thread, filename string, src []byte) (*starlark.Program, error) {
	// Python-only forms: supported ones are rewritten (positions kept),
	// the others fail here with what to write instead.
	src, marks, err := pycompat.Prepare(filename, src, func(name string) bool {
		return slices.Contains(stdlib.ModuleNames, name)
	})
	if err != nil {
		return nil, &CompileError{err}
	}
	f, err := FileOptions.Parse(filename, src, 0)
	if err != nil {
		return nil, &CompileError{pycompat.ExplainParseError(err)}
	}
	pycompat.Rewrite(f, marks)
	if r.limits.memory != nil {
		checkRepeats(f)
	}
	var referenced []string
	isPredeclared := func(name string) bool {
		if name == repeatName {
			return r.limits.memory != nil
		}
		if slices.Contains(pycompat.Hidden, name) {
			if !slices.Contains(referenced, name) {
				referenced = append(referenced, name)
			}
			return true
		}
		if !r.isPredeclared(name) || !r.policy.AllowsName(name) {
			return false
		}
		if !slices.Contains(referenced, name) {
			referenced = append(referenced, name)
		}
		return true
	}
	prog, err := starlark.FileProgram(f, isPredeclared)
	if err != nil {
		return nil, r.explainResolveErrors(thread, err)
	}
	if denied := r.deniedUniversals(f); len(denied) > 0 {
		return nil, r.denyNames(thread, denied)
	}
	for _, name := range referenced {
		if slices.Contains(stdlib.ModuleNames, name) {
			if err := r.audit(thread, policy.EventImport, starlark.Tuple{starlark.String(name), starlark.None}); err != nil {
				return nil, err
			}
		}
	}
	// After the import events, as in Python: a module is made only once
	// its import was allowed.
	r.ensurePredeclared(referenced)
	return prog, nil
}

// explainResolveErrors turns "undefined: os" for a name the policy denies
// into a logged denial and a clear message.
func (r *runner) explainResolveErrors(thread *starlark.Thread, err error) error {
	var list resolve.ErrorList
	if !errors.As(err, &list) {
		return &CompileError{err}
	}
	var denied []string
	for _, e := range list {
		name, ok := cutPrefix(e.Msg, "undefined: ")
		if ok && r.isPredeclared(name) && !r.policy.AllowsName(name) && !slices.Contains(denied, name) {
			denied = append(denied, name)
		}
	}
	if len(denied) == 0 {
		return &CompileError{err}
	}
	return r.denyNames(thread, denied)
}

// denyNames raises the event for each denied name (which the launcher logs
// as denied) and returns the compile error.
func (r *runner) denyNames(thread *starlark.Thread, names []string) error {
	for _, name := range names {
		event := policy.EventReference
		if slices.Contains(stdlib.ModuleNames, name) {
			event = policy.EventImport
		}
		if err := r.audit(thread, event, starlark.Tuple{starlark.String(name), starlark.None}); err != nil && hooks.IsFatal(err) {
			return err
		}
	}
	return &CompileError{fmt.Errorf("%s not allowed by policy %s", quoteNames(names), r.policy.Name)}
}

// deniedUniversals finds references to Starlark's universal names (len,
// str, ...) that the policy does not allow.
func (r *runner) deniedUniversals(f *syntax.File) []string {
	var denied []string
	syntax.Walk(f, func(n syntax.Node) bool {
		id, ok := n.(*syntax.Ident)
		if !ok {
			return true
		}
		if b, ok := id.Binding.(*resolve.Binding); ok && b.Scope == resolve.Universal &&
			!r.policy.AllowsName(id.Name) && !slices.Contains(denied, id.Name) {
			denied = append(denied, id.Name)
		}
		return true
	})
	return denied
}

func quoteNames(names []string) string {
	if len(names) == 1 {
		return "name " + strconv.Quote(names[0]) + " is"
	}
	s := "names"
	for i, n := range names {
		if i > 0 {
			s += ","
		}
		s += " " + strconv.Quote(n)
	}
	return s + " are"
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return "", false
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// result classifies the error that ended the run. It decides the end: a
// limit or signal that comes later is ignored; one that came first (its
// record written under r.endMu) is the run's end.
func (r *runner) result(err error) Result {
	r.endMu.Lock()
	r.stopped.CompareAndSwap(nil, &errRunOver)
	cause := r.fatalCause()
	r.endMu.Unlock()
	if cause != nil {
		err = cause // a cancelled thread's own error only says "cancelled"
	}
	return classify(err)
}

// classify maps the error that ended a run to its Result.
func classify(err error) Result {
	if err == nil {
		return Result{Outcome: Finished, Code: 0, Reason: "finished"}
	}
	var (
		exit    *ExitError
		limit   *LimitError
		sig     *SignalError
		refused *CodeRefusedError
		logErr  interface{ Fatal() bool }
		compile *CompileError
	)
	switch {
	case errors.As(err, &exit):
		return Result{Outcome: Exited, Code: exit.Code, Reason: "sys.exit", Err: err}
	case errors.As(err, &limit):
		return Result{Outcome: LimitHit, Code: 5, Reason: "limit: " + limit.Limit, Err: err}
	case errors.As(err, &sig):
		return Result{Outcome: Signalled, Code: 128 + sig.Signo, Reason: "signal: " + sig.Name, Err: err}
	case errors.As(err, &logErr) && logErr.Fatal():
		return Result{Outcome: LogFailed, Code: 3, Reason: "audit log failed", Err: err}
	case errors.As(err, &refused) && !isNested(err):
		// The script itself (not a module it loads) was refused.
		if refused.Reason == "no such file" {
			return Result{Outcome: NotFound, Code: 2, Reason: "script not found", Err: err}
		}
		return Result{Outcome: Refused, Code: 4, Reason: "open_code refused the script", Err: err}
	case errors.As(err, &compile) && !isNested(err):
		return Result{Outcome: CompileFail, Code: 1, Reason: "compile error", Err: err}
	}
	return Result{Outcome: Failed, Code: 1, Reason: "uncaught error", Err: err}
}

// isNested reports whether err arose inside running code (a load or a
// dynamic exec) rather than from opening or compiling the script itself.
func isNested(err error) bool {
	var ev *starlark.EvalError
	return errors.As(err, &ev)
}
