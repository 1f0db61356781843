// Package logging is Python's logging module for spython scripts:
// basicConfig(level, format, datefmt, filename, filemode, force), getLogger,
// the level constants, and debug/info/warning/error/critical/exception/log
// at module level and on loggers, with %-style formats (asctime,
// levelname, levelno, name, message, created, msecs, process, …). A
// filename is opened with the script's open (event open) when basicConfig
// is called, as CPython's FileHandler does; records go to it or to stderr.
package logging

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// Levels, as CPython's.
const (
	NOTSET   = 0
	DEBUG    = 10
	INFO     = 20
	WARNING  = 30
	ERROR    = 40
	CRITICAL = 50
)

var levelNames = map[int]string{NOTSET: "NOTSET", DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARNING", ERROR: "ERROR", CRITICAL: "CRITICAL"}

// Now is the clock; tests replace it.
var Now = time.Now

const defaultFormat = "%(levelname)s:%(name)s:%(message)s"

// handler is where records go: the file or stream and its formatter.
type handler struct {
	w       func(thread *starlark.Thread, s string) error
	format  string
	datefmt string
}

type lib struct {
	env     *core.Env
	loggers map[string]*Logger
	root    *Logger
	start   time.Time
}

// Module returns the logging module (one logger tree per run).
func Module(env *core.Env) starlark.Value {
	l := &lib{env: env, loggers: map[string]*Logger{}, start: Now()}
	l.root = &Logger{lib: l, name: "root", level: WARNING}
	level := func(name string, n int) core.Func {
		return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return l.moduleLog(thread, name, n, args, kwargs)
		}
	}
	return core.Module("logging", map[string]core.Func{
		"basicConfig":  l.basicConfig,
		"getLogger":    l.getLogger,
		"getLevelName": getLevelName,
		"debug":        level("debug", DEBUG),
		"info":         level("info", INFO),
		"warning":      level("warning", WARNING),
		"error":        level("error", ERROR),
		"exception":    level("exception", ERROR),
		"critical":     level("critical", CRITICAL),
		"log": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) < 1 {
				return nil, core.Errorf("TypeError", "log() missing 1 required positional argument: 'level'")
			}
			n, err := levelArg(args[0])
			if err != nil {
				return nil, err
			}
			return l.moduleLog(thread, "log", n, args[1:], kwargs)
		},
		"shutdown": func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		},
	}, starlark.StringDict{
		"NOTSET": starlark.MakeInt(NOTSET), "DEBUG": starlark.MakeInt(DEBUG), "INFO": starlark.MakeInt(INFO),
		"WARNING": starlark.MakeInt(WARNING), "WARN": starlark.MakeInt(WARNING), "ERROR": starlark.MakeInt(ERROR),
		"CRITICAL": starlark.MakeInt(CRITICAL), "FATAL": starlark.MakeInt(CRITICAL),
		"BASIC_FORMAT": starlark.String(defaultFormat),
	})
}

func levelArg(v starlark.Value) (int, error) {
	switch v := v.(type) {
	case starlark.Int:
		n, _ := v.Int64()
		return int(n), nil
	case starlark.String:
		for n, name := range levelNames {
			if name == string(v) {
				return n, nil
			}
		}
		if v == "WARN" {
			return WARNING, nil
		}
		if v == "FATAL" {
			return CRITICAL, nil
		}
		return 0, core.Errorf("ValueError", "Unknown level: %s", core.Quote(string(v)))
	}
	return 0, core.Errorf("TypeError", "Level not an integer or a valid string: %s", v.String())
}

func levelName(n int) string {
	if s, ok := levelNames[n]; ok {
		return s
	}
	return fmt.Sprintf("Level %d", n)
}

func getLevelName(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := core.Unpack(b.Name(), args, kwargs, "level", &v); err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case starlark.Int:
		n, _ := v.Int64()
		return starlark.String(levelName(int(n))), nil
	case starlark.String:
		n, err := levelArg(v)
		if err != nil {
			return starlark.String("Level " + string(v)), nil
		}
		return starlark.MakeInt(n), nil
	}
	return starlark.String("Level " + v.String()), nil
}

// basicConfig(**kwargs): level, format, datefmt, filename, filemode,
// style ('%' only), force; a no-op when the root logger has a handler
// (unless force), as CPython.
func (l *lib) basicConfig(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, core.Errorf("TypeError", "basicConfig() takes 0 positional arguments but %d were given", len(args))
	}
	format, datefmt, filename, filemode, style := defaultFormat, "", "", "a", "%"
	var level starlark.Value
	var force bool
	var stream starlark.Value
	var unknown []string
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		v := kv[1]
		s, isStr := v.(starlark.String)
		switch k {
		case "format":
			format = string(s)
		case "datefmt":
			datefmt = string(s)
		case "filename":
			filename = string(s)
		case "filemode":
			filemode = string(s)
		case "style":
			style = string(s)
		case "level":
			level = v
		case "force":
			force = bool(v.Truth())
		case "stream":
			stream = v
		default:
			unknown = append(unknown, k)
		}
		if !isStr && (k == "format" || k == "datefmt" || k == "filename" || k == "filemode" || k == "style") && v != starlark.None {
			return nil, core.Errorf("TypeError", "%s must be a str", k)
		}
	}
	if style != "%" {
		return nil, core.Errorf("ValueError", "spython's logging supports only style '%%'")
	}
	if filename != "" && stream != nil && stream != starlark.None {
		return nil, core.Errorf("ValueError", "'stream' and 'filename' should not be specified together")
	}
	if l.root.handler != nil && !force {
		return starlark.None, nil // CPython checks nothing more then
	}
	if len(unknown) > 0 {
		return nil, core.Errorf("ValueError", "Unrecognised argument(s): %s", strings.Join(unknown, ", "))
	}
	h := &handler{format: format, datefmt: datefmt}
	switch {
	case filename != "":
		// CPython's FileHandler opens os.path.abspath(filename).
		if abs, err := filepath.Abs(filename); err == nil {
			filename = abs
		}
		f, err := l.env.OpenFile(thread, filename, filemode)
		if err != nil {
			return nil, err
		}
		h.w = func(thread *starlark.Thread, s string) error {
			_, err := core.CallMethod(thread, f, "write", starlark.String(s))
			return err
		}
	case stream != nil && stream != starlark.None:
		h.w = func(thread *starlark.Thread, s string) error {
			_, err := core.CallMethod(thread, stream, "write", starlark.String(s))
			return err
		}
	default:
		h.w = func(thread *starlark.Thread, s string) error {
			_, err := io.WriteString(l.env.StderrW(), s)
			return err
		}
	}
	l.root.handler = h
	if level != nil {
		n, err := levelArg(level)
		if err != nil {
			return nil, err
		}
		l.root.level = n
	}
	return starlark.None, nil
}

func (l *lib) logger(name string) *Logger {
	if name == "" || name == "root" {
		return l.root
	}
	if lg, ok := l.loggers[name]; ok {
		return lg
	}
	lg := &Logger{lib: l, name: name, level: NOTSET}
	l.loggers[name] = lg
	return lg
}

func (l *lib) getLogger(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value = starlark.None
	if err := core.Unpack(b.Name(), args, kwargs, "name?", &name); err != nil {
		return nil, err
	}
	switch v := name.(type) {
	case starlark.NoneType:
		return l.root, nil
	case starlark.String:
		return l.logger(string(v)), nil
	}
	return nil, core.Errorf("TypeError", "A logger name must be a string")
}

// moduleLog is logging.info(...) etc.: configure the root logger with
// defaults first when it has no handler, as CPython.
func (l *lib) moduleLog(thread *starlark.Thread, fn string, level int, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if l.root.handler == nil {
		if _, err := l.basicConfig(thread, nil, nil, nil); err != nil {
			return nil, err
		}
	}
	return l.root.log(thread, fn, level, args, kwargs)
}

// Logger is logging.Logger.
type Logger struct {
	lib     *lib
	name    string
	level   int
	handler *handler // root only
}

func (lg *Logger) String() string {
	return fmt.Sprintf("<Logger %s (%s)>", lg.name, levelName(lg.effective()))
}
func (lg *Logger) Type() string          { return "Logger" }
func (lg *Logger) Freeze()               {}
func (lg *Logger) Truth() starlark.Bool  { return true }
func (lg *Logger) Hash() (uint32, error) { return starlark.String(lg.name).Hash() }

// effective is getEffectiveLevel: the first level set up the dotted
// hierarchy, then the root's.
func (lg *Logger) effective() int {
	if lg.level != NOTSET || lg == lg.lib.root {
		return lg.level
	}
	name := lg.name
	for {
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			return lg.lib.root.level
		}
		name = name[:i]
		if p, ok := lg.lib.loggers[name]; ok && p.level != NOTSET {
			return p.level
		}
	}
}

var loggerAttrs = []string{"critical", "debug", "error", "exception", "getEffectiveLevel", "info", "isEnabledFor", "level", "log", "name", "setLevel", "warning"}

func (lg *Logger) AttrNames() []string { return loggerAttrs }

func (lg *Logger) Attr(name string) (starlark.Value, error) {
	var fn core.Func
	lvl := map[string]int{"debug": DEBUG, "info": INFO, "warning": WARNING, "error": ERROR, "exception": ERROR, "critical": CRITICAL}
	switch name {
	case "name":
		return starlark.String(lg.name), nil
	case "level":
		return starlark.MakeInt(lg.level), nil
	case "debug", "info", "warning", "error", "exception", "critical":
		n := lvl[name]
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return lg.log(thread, name, n, args, kwargs)
		}
	case "log":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) < 1 {
				return nil, core.Errorf("TypeError", "log() missing 1 required positional argument: 'level'")
			}
			n, err := levelArg(args[0])
			if err != nil {
				return nil, err
			}
			return lg.log(thread, "log", n, args[1:], kwargs)
		}
	case "setLevel":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := core.Unpack("setLevel", args, kwargs, "level", &v); err != nil {
				return nil, err
			}
			n, err := levelArg(v)
			if err != nil {
				return nil, err
			}
			lg.level = n
			return starlark.None, nil
		}
	case "getEffectiveLevel":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(lg.effective()), nil
		}
	case "isEnabledFor":
		fn = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var n int
			if err := core.Unpack("isEnabledFor", args, kwargs, "level", &n); err != nil {
				return nil, err
			}
			return starlark.Bool(n >= lg.effective()), nil
		}
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(lg), nil
}

// log formats and emits one record when level is enabled.
func (lg *Logger) log(thread *starlark.Thread, fn string, level int, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 1 {
		return nil, core.Errorf("TypeError", "%s() missing 1 required positional argument: 'msg'", fn)
	}
	for _, kv := range kwargs {
		switch string(kv[0].(starlark.String)) {
		case "exc_info", "stack_info", "stacklevel", "extra":
		default:
			return nil, core.Errorf("TypeError", "%s() got an unexpected keyword argument '%s'", fn, kv[0].(starlark.String))
		}
	}
	if level < lg.effective() {
		return starlark.None, nil
	}
	msg := core.PyStr(args[0])
	if len(args) > 1 {
		operand := starlark.Value(starlark.Tuple(args[1:]))
		if len(args) == 2 {
			if d, ok := args[1].(*starlark.Dict); ok {
				operand = d
			}
		}
		v, err := starlark.Binary(syntax.PERCENT, starlark.String(msg), operand)
		if err != nil {
			// CPython prints "--- Logging error ---" to stderr and goes on.
			fmt.Fprintf(lg.lib.env.StderrW(), "--- Logging error ---\n%v\nMessage: %s\nArguments: %s\n", err, core.Quote(msg), starlark.Tuple(args[1:]).String())
			return starlark.None, nil
		}
		msg = core.Str(v)
	}
	h := lg.lib.root.handler
	now := Now()
	rec := map[string]starlark.Value{
		"name":            starlark.String(lg.name),
		"levelname":       starlark.String(levelName(level)),
		"levelno":         starlark.MakeInt(level),
		"message":         starlark.String(msg),
		"msg":             starlark.String(core.PyStr(args[0])),
		"created":         starlark.Float(float64(now.UnixNano()) / 1e9),
		"msecs":           starlark.Float(float64(now.Nanosecond()/1e6) + 0.0),
		"relativeCreated": starlark.Float(float64(now.Sub(lg.lib.start).Nanoseconds()) / 1e6),
		"process":         starlark.MakeInt(os.Getpid()),
		"processName":     starlark.String("MainProcess"),
		"thread":          starlark.MakeInt(0),
		"threadName":      starlark.String("MainThread"),
		"pathname":        starlark.String(""),
		"filename":        starlark.String(""),
		"module":          starlark.String(""),
		"funcName":        starlark.String(""),
		"lineno":          starlark.MakeInt(0),
	}
	if thread != nil && thread.CallStackDepth() > 1 {
		if pos := thread.CallFrame(1).Pos; pos.IsValid() {
			rec["pathname"] = starlark.String(pos.Filename())
			base := pos.Filename()[strings.LastIndexByte(pos.Filename(), '/')+1:]
			rec["filename"] = starlark.String(base)
			rec["module"] = starlark.String(strings.TrimSuffix(base, ".star"))
			rec["lineno"] = starlark.MakeInt(int(pos.Line))
			rec["funcName"] = starlark.String(thread.CallFrame(1).Name)
		}
	}
	if h == nil {
		// CPython's last resort: WARNING and above, the bare message, stderr.
		if level >= WARNING {
			_, err := io.WriteString(lg.lib.env.StderrW(), msg+"\n")
			return starlark.None, err
		}
		return starlark.None, nil
	}
	if strings.Contains(h.format, "%(asctime)") {
		rec["asctime"] = starlark.String(asctime(now, h.datefmt))
	}
	line, err := formatRecord(h.format, rec)
	if err != nil {
		return nil, err
	}
	if fn == "exception" {
		// No exception is being handled in Starlark: CPython prints this.
		line += "\nNoneType: None"
	}
	if err := h.w(thread, line+"\n"); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// asctime is Formatter.formatTime: "%Y-%m-%d %H:%M:%S,mmm" by default,
// else strftime(datefmt) in local time.
func asctime(t time.Time, datefmt string) string {
	t = t.In(time.Local)
	if datefmt == "" {
		return t.Format("2006-01-02 15:04:05") + fmt.Sprintf(",%03d", t.Nanosecond()/1e6)
	}
	return strftime(datefmt, t)
}
