package interp

import (
	"strconv"
	"sync/atomic"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
)

// EventLimit is raised (to the launcher's hooks only: the script's thread
// is being stopped) when a resource limit is hit.
const EventLimit = "spython.limit"

// Limit kinds, as logged in spython.limit (kind, value) and run_end.
const (
	LimitSteps    = "steps"
	LimitWallTime = "wall_time"
	LimitMemory   = "memory"
	LimitOutput   = "output_size"
)

// checkpointSteps is how often (in Starlark steps) the script's own thread
// checks the memory limit, so that an allocation loop is stopped even
// before the watchdog goroutine samples.
const checkpointSteps = 1 << 16

// limitState is the per-run state of the memory and output limits.
type limitState struct {
	steps  uint64       // the policy's step limit, 0 for none
	memory *memoryWatch // nil without a memory limit
	output *outputLimit // nil without an output limit
	hit    atomic.Bool  // a limit was logged: later ones are not
}

// setLimits arms the policy's step, wall-time and memory limits (the output
// limit wraps the streams in New).
func (r *runner) setLimits() {
	lim := r.policy.Limits
	r.limits.steps = lim.Steps
	if lim.MemoryMB > 0 {
		r.limits.memory = r.watchMemory(lim.MemoryMB)
	}
	if lim.Steps > 0 || r.limits.memory != nil {
		r.thread.OnMaxSteps = r.onCheckpoint
		r.thread.SetMaxExecutionSteps(r.nextCheckpoint(0))
	}
	if lim.WallTime > 0 {
		d := time.Duration(lim.WallTime)
		t := time.AfterFunc(d, func() { r.limitHit(LimitWallTime, d.String()) })
		go func() { <-r.cfg.Context.Done(); t.Stop() }()
	}
}

// nextCheckpoint is the step count at which OnMaxSteps fires next: the step
// limit itself, or earlier when the memory limit wants a look.
func (r *runner) nextCheckpoint(now uint64) uint64 {
	next := r.limits.steps
	if r.limits.memory != nil {
		if c := now + checkpointSteps; next == 0 || c < next {
			next = c
		}
	}
	return next
}

// onCheckpoint runs on the script's thread at each checkpoint.
func (r *runner) onCheckpoint(thread *starlark.Thread) {
	steps := thread.ExecutionSteps()
	if r.limits.steps > 0 && steps >= r.limits.steps {
		r.limitHit(LimitSteps, strconv.FormatUint(r.limits.steps, 10))
		return
	}
	if m := r.limits.memory; m != nil && m.over() {
		r.limitHit(LimitMemory, m.value())
		return
	}
	thread.SetMaxExecutionSteps(r.nextCheckpoint(steps))
}

// releaseLimits undoes process-wide settings made for the run.
func (r *runner) releaseLimits() {
	if m := r.limits.memory; m != nil {
		m.release()
	}
}

// limitHit logs spython.limit (kind, value) and stops the run. It may be
// called from any goroutine; only the first cause is logged, and none
// once the run's end is decided (result), so the limit's record is never
// followed by "finished".
func (r *runner) limitHit(kind, value string) {
	r.endMu.Lock()
	defer r.endMu.Unlock()
	if r.stopped.Load() != nil || !r.limits.hit.CompareAndSwap(false, true) {
		return
	}
	var cause error = &LimitError{Limit: kind, Value: value}
	err := r.hooks.AuditLaunchers(EventLimit, starlark.Tuple{starlark.String(kind), starlark.String(value)})
	if err != nil && hooks.IsFatal(err) {
		cause = err
	}
	r.stopLocked(cause)
}
