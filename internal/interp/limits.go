package interp

import (
	"strconv"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
)

// EventLimit is raised (to the launcher's hooks only: the script's thread
// is being stopped) when a resource limit is hit.
const EventLimit = "spython.limit"

// setLimits arms the policy's step and wall-time limits.
func (r *runner) setLimits() {
	lim := r.policy.Limits
	if lim.Steps > 0 {
		r.thread.SetMaxExecutionSteps(lim.Steps)
		r.thread.OnMaxSteps = func(*starlark.Thread) {
			r.limitHit("steps", strconv.FormatUint(lim.Steps, 10))
		}
	}
	if lim.WallTime > 0 {
		d := time.Duration(lim.WallTime)
		t := time.AfterFunc(d, func() { r.limitHit("wall_time", d.String()) })
		go func() { <-r.cfg.Context.Done(); t.Stop() }()
	}
}

// limitHit logs spython.limit (kind, value) and stops the run.
func (r *runner) limitHit(kind, value string) {
	if r.fatalCause() != nil {
		return
	}
	err := r.hooks.AuditLaunchers(EventLimit, starlark.Tuple{starlark.String(kind), starlark.String(value)})
	if err != nil && hooks.IsFatal(err) {
		r.stop(err)
		return
	}
	r.stop(&LimitError{Limit: kind, Value: value})
}
