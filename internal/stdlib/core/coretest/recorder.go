package coretest

import (
	"slices"
	"sync"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/pyerr"
)

// Event is one event a Recorder saw, with its arguments' repr when it was
// raised (a socket's repr changes as it is bound and connected).
type Event struct {
	Name string
	Args starlark.Tuple
	Repr string
}

// Recorder is an audit hook for tests: it records every event and denies
// the one named Deny, as the launcher's hook would.
type Recorder struct {
	mu      sync.Mutex
	Events  []Event
	Deny    string
	OnEvent func(name string) // called after an event is recorded
}

// Audit is the hook (a core.Env's Audit).
func (r *Recorder) Audit(thread *starlark.Thread, event string, args starlark.Tuple) error {
	r.mu.Lock()
	r.Events = append(r.Events, Event{event, args, args.String()})
	r.mu.Unlock()
	if r.OnEvent != nil {
		r.OnEvent(event)
	}
	if event == r.Deny {
		return &hooks.DeniedError{Event: event, Reason: "test"}
	}
	return nil
}

// Names are the events' names, in order.
func (r *Recorder) Names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.Events {
		out = append(out, e.Name)
	}
	return out
}

// Reprs are the events as "name repr(args)", as raised.
func (r *Recorder) Reprs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.Events {
		out = append(out, e.Name+" "+e.Repr)
	}
	return out
}

// KindOf is the Python class of err ("" for nil).
func KindOf(err error) string {
	if err == nil {
		return ""
	}
	k, _ := pyerr.KindOf(err)
	return k
}

// CheckCatalog checks that the events a call raised are listed for it in
// the library's catalogue (stdlib.Events and stdlib.Pure).
func CheckCatalog(t *testing.T, events map[string][]string, pure map[string]string, name string, got []string) {
	t.Helper()
	want, listed := events[name]
	if _, isPure := pure[name]; isPure {
		if len(got) > 0 {
			t.Errorf("%s is listed as pure but raised %q", name, got)
		}
		return
	}
	if !listed {
		t.Errorf("%s is in neither Events nor Pure", name)
	}
	for _, e := range got {
		if !slices.Contains(want, e) {
			t.Errorf("%s raised %q, not listed in Events[%q] = %q", name, e, name, want)
		}
	}
}
