// Package stdlib is the Python-shaped standard library scripts see: open,
// os, os.path, shutil, subprocess, urllib.request, socket, time, json,
// base64, hashlib, re and math. Every function that touches the system
// raises the CPython-named audit event, with CPython's argument schema,
// before it acts; when a hook fails the event, the action does not happen.
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
// building the others is start-up time spent on cold code.
func Builders(env *Env) map[string]func() starlark.Value {
	b := make(map[string]func() starlark.Value, 16)
	system := systemBuilders(env, b) // open, os, os.path, shutil, subprocess
	dataBuilders(env, b)             // base64, math
	moduleBuilders(env, system, b)   // the per-package modules (modules.go)
	return b
}

// ModuleNames lists the predeclared names that are modules (raising
// import (module, None) when referenced), as opposed to plain builtins.
var ModuleNames = []string{
	"sys", "os", "shutil", "subprocess",
	"json", "base64", "re", "math",
	// the per-package modules (modules.go)
	"urllib", "socket", "time", "hashlib", "datetime", "csv", "fnmatch", "glob", "tempfile", "configparser", "gzip", "tarfile",
	"pwd", "grp", "getpass", "platform", "string", "logging", "zipfile", "argparse", "errno",
}
