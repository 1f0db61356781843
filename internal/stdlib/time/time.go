// Package timemod is Python's time module (the directory is
// internal/stdlib/time; the package is named timemod so that it does not
// shadow the standard library's time). Its one event is time.sleep
// (secs), raised through core.Env before the argument is checked, as
// CPython does; everything else reads clocks and the time zone, or
// formats in memory, and raises none, as in CPython.
package timemod

import (
	"math"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// monoStart is monotonic()'s reference point (Python's is unspecified too).
var monoStart = time.Now()

// Module is the time module; env raises time.sleep's event and ends a
// sleep when the run is cancelled.
func Module(env *core.Env) starlark.Value {
	fns := map[string]core.Func{
		"time":         timeTime,
		"monotonic":    timeMonotonic,
		"sleep":        sleep(env),
		"strftime":     timeStrftime,
		"localtime":    timeLocaltime,
		"gmtime":       timeLocaltime,
		"mktime":       timeMktime,
		"strptime":     timeStrptime,
		"perf_counter": timePerfCounter,
		"time_ns":      timeNs,
		"ctime":        timeCtime,
		"asctime":      timeAsctime,
		"struct_time":  timeStructTime,
	}
	return core.Module("time", fns, zoneConsts())
}

func timeTime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Float(float64(time.Now().UnixNano()) / 1e9), nil
}

func timeMonotonic(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := core.Unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Float(time.Since(monoStart).Seconds()), nil
}

// sleep(secs) raises time.sleep (secs) with secs as given, before checking
// it (as CPython does), then waits; a cancelled run ends the wait.
func sleep(env *core.Env) core.Func {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var secsV starlark.Value
		if err := core.Unpack(b.Name(), args, kwargs, "secs", &secsV); err != nil {
			return nil, err
		}
		if err := env.Raise(thread, "time.sleep", secsV); err != nil {
			return nil, err
		}
		secs, ok := starlark.AsFloat(secsV)
		if !ok {
			return nil, core.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", core.TypeName(secsV))
		}
		switch {
		case math.IsNaN(secs):
			return nil, core.Errorf("ValueError", "Invalid value NaN (not a number)")
		case secs < 0:
			return nil, core.Errorf("ValueError", "sleep length must be non-negative")
		case secs >= float64(math.MaxInt64)/1e9:
			return nil, core.Errorf("OverflowError", "sleep length is too large")
		}
		if err := env.Cancelled(); err != nil {
			return nil, err
		}
		t := time.NewTimer(core.SecondsToDuration(secs))
		defer t.Stop()
		select {
		case <-t.C:
			return starlark.None, nil
		case <-env.Ctx().Done():
			return nil, env.Cancelled()
		}
	}
}

// strftime(format, t=None) formats t: a struct_time or 9-tuple (as
// CPython), or seconds since the epoch (spython's earlier form), in local
// time; None: now.
func timeStrftime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var format string
	var tv starlark.Value = starlark.None
	kwargs = core.AliasKwarg(kwargs, "fmt", "format")
	if err := core.Unpack(b.Name(), args, kwargs, "format", &format, "t?", &tv); err != nil {
		return nil, err
	}
	t, err := timeOf(b.Name(), tv)
	if err != nil {
		return nil, err
	}
	return starlark.String(strftime(format, t)), nil
}
