// Package stdlib is the Python-shaped standard library scripts see. This
// package is the system core: open() and its file objects, os, os.path,
// shutil and subprocess, which share one sysLib (its audit and the thread
// os.environ[k] = v needs) and the log's self-protection. Every other
// module is one package of its own, internal/stdlib/<module>/ (json, re,
// base64, math, time, socket, urllib, ...), around internal/stdlib/core,
// and is registered here (modules.go). Every function that touches the
// system raises the CPython-named audit event, with CPython's argument
// schema, before it acts; when a hook fails the event, the action does
// not happen.
package stdlib

import (
	"context"
	"io"

	"go.starlark.net/starlark"
)

// Env is what the library needs from the interpreter.
type Env struct {
	// Audit raises an event to every hook; a non-nil error means the
	// action must not happen and the error must be returned to the script.
	Audit func(thread *starlark.Thread, event string, args starlark.Tuple) error
	// Stdout and Stderr are the script's standard streams.
	Stdout, Stderr io.Writer
	// Context is cancelled when the run must end (resource limit, signal);
	// blocking calls (sleep, subprocess, urlopen) honour it.
	Context context.Context
	// Sys returns the script's sys module (argparse reads sys.argv and
	// ends the run through sys.exit); nil when there is none.
	Sys func() starlark.Value
	// ExtractLimit bounds one archive extraction or decompression, in
	// bytes (the policy's limits.extract_size; 0: the default, 1 GiB).
	ExtractLimit int64
}

// Modules returns the predeclared modules and builtins the library
// provides, keyed by their predeclared name.
func Modules(env *Env) starlark.StringDict {
	d := starlark.StringDict{}
	buildInto(d, Builders(env))
	return d
}

// buildInto makes every value of b into d.
func buildInto(d starlark.StringDict, b map[string]func() starlark.Value) {
	for name, build := range b {
		d[name] = build()
	}
}

// Builders returns, for each predeclared name the library provides, the
// function that makes its value. The interpreter builds only the names a
// file references: most scripts use two or three of the modules, and
// building the others is start-up time spent on cold code. The system
// core (open, os, os.path, shutil, subprocess) is this package's
// (system.go); every other module is its own package, registered in
// modules.go.
func Builders(env *Env) map[string]func() starlark.Value {
	b := make(map[string]func() starlark.Value, 16)
	system := systemBuilders(env, b) // the system core: open, os, os.path, shutil, subprocess
	moduleBuilders(env, system, b)   // one package per module (modules.go)
	return b
}

// ModuleNames lists the predeclared names that are modules (raising
// import (module, None) when referenced), as opposed to plain builtins:
// sys (the interpreter's), the system core's modules (this package; open
// is a builtin), and the modules in their own packages (modules.go).
var ModuleNames = []string{
	"sys",
	// the system core (system.go)
	"os", "shutil", "subprocess",
	// one package per module (modules.go)
	"json", "base64", "re", "math",
	"urllib", "socket", "time", "hashlib", "datetime", "csv", "fnmatch", "glob", "tempfile", "configparser", "gzip", "tarfile",
	"pwd", "grp", "getpass", "platform", "string", "logging", "zipfile", "argparse", "errno",
}
