package hooks

import (
	"errors"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
)

// Hook is a launcher hook. It sees every event before any script hook and
// returns a non-nil error to deny it.
type Hook interface {
	Audit(thread *starlark.Thread, event string, args starlark.Tuple) error
}

// FailureRecorder is implemented by launcher hooks that want to record a
// script hook's failure of an event the launcher allowed.
type FailureRecorder interface {
	ScriptHookFailed(thread *starlark.Thread, event string, args starlark.Tuple, err error) error
}

// EventAddAuditHook is raised by AddScriptHook before adding anything.
const EventAddAuditHook = "sys.addaudithook"

// ErrSealed is returned when a launcher hook is added after Seal.
var ErrSealed = errors.New("hooks: the launcher hook list is sealed")

// Registry is an ordered, sealable list of audit hooks. The zero value is
// an empty, unsealed registry.
type Registry struct {
	mu       sync.Mutex // serialises additions
	launcher []Hook     // fixed once sealed
	sealed   atomic.Bool
	script   atomic.Pointer[[]starlark.Callable] // copy-on-write
	inScript atomic.Bool                         // a script hook is running
}

// AddLauncher appends a launcher hook. It fails after Seal.
func (r *Registry) AddLauncher(h Hook) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sealed.Load() {
		return ErrSealed
	}
	r.launcher = append(r.launcher, h)
	return nil
}

// Seal closes the launcher hook list. It cannot be undone.
func (r *Registry) Seal() {
	r.mu.Lock()
	r.sealed.Store(true)
	r.mu.Unlock()
}

// Sealed reports whether Seal has been called.
func (r *Registry) Sealed() bool { return r.sealed.Load() }

// Audit raises event with args to every hook in order and returns the first
// error. Events raised while a script hook runs reach the launcher hooks but
// not the script hooks again, so a hook that audits cannot recurse forever.
// Without a thread (events about the run itself) only launcher hooks run.
func (r *Registry) Audit(thread *starlark.Thread, event string, args starlark.Tuple) error {
	for _, h := range r.launcher {
		if err := h.Audit(thread, event, args); err != nil {
			return err
		}
	}
	hs := r.script.Load()
	if hs == nil || len(*hs) == 0 || r.inScript.Load() || thread == nil {
		return nil
	}
	return r.runScriptHooks(thread, *hs, event, args)
}

func (r *Registry) runScriptHooks(thread *starlark.Thread, hs []starlark.Callable, event string, args starlark.Tuple) error {
	r.inScript.Store(true)
	defer r.inScript.Store(false)
	if args == nil {
		args = starlark.Tuple{}
	}
	call := starlark.Tuple{starlark.String(event), args}
	for _, fn := range hs {
		if _, err := starlark.Call(thread, fn, call, nil); err != nil {
			for _, h := range r.launcher {
				if fr, ok := h.(FailureRecorder); ok {
					if lerr := fr.ScriptHookFailed(thread, event, args, err); lerr != nil {
						return lerr
					}
				}
			}
			return err
		}
	}
	return nil
}

// AddScriptHook implements sys.addaudithook: it first raises
// sys.addaudithook (no arguments) to the existing hooks. If a hook fails
// with a catchable error the new hook is silently not added and nil is
// returned; a fatal error is returned.
func (r *Registry) AddScriptHook(thread *starlark.Thread, fn starlark.Callable) error {
	if err := r.Audit(thread, EventAddAuditHook, nil); err != nil {
		if IsFatal(err) {
			return err
		}
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var next []starlark.Callable
	if cur := r.script.Load(); cur != nil {
		next = append(next, *cur...)
	}
	next = append(next, fn)
	r.script.Store(&next)
	return nil
}

// AuditLaunchers raises an event to the launcher hooks only, from any
// goroutine: for events about the run itself (a limit hit, a signal) that
// arrive while the script's thread is being stopped and cannot run hooks.
func (r *Registry) AuditLaunchers(event string, args starlark.Tuple) error {
	for _, h := range r.launcher {
		if err := h.Audit(nil, event, args); err != nil {
			return err
		}
	}
	return nil
}
