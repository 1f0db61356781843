package stdlib

import (
	"math"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/pyerr"
)

// monoStart is monotonic()'s reference point (Python's is unspecified too).
var monoStart = time.Now()

func (l *sysLib) timeModule() *starlarkstruct.Module {
	m := l.timeMore()
	m["time"] = l.builtin("time.time", l.timeTime)
	m["monotonic"] = l.builtin("time.monotonic", l.timeMonotonic)
	m["sleep"] = l.builtin("time.sleep", l.timeSleep)
	m["strftime"] = l.builtin("time.strftime", l.timeStrftime)
	return &starlarkstruct.Module{Name: "time", Members: m}
}

func (l *sysLib) timeTime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := l.unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Float(float64(time.Now().UnixNano()) / 1e9), nil
}

func (l *sysLib) timeMonotonic(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := l.unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Float(time.Since(monoStart).Seconds()), nil
}

// sleep(secs) raises time.sleep (secs) with secs as given, before checking
// it (as CPython does), then waits; a cancelled run ends the wait.
func (l *sysLib) timeSleep(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var secsV starlark.Value
	if err := l.unpack(b.Name(), args, kwargs, "secs", &secsV); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "time.sleep", secsV); err != nil {
		return nil, err
	}
	secs, ok := starlark.AsFloat(secsV)
	if !ok {
		return nil, pyerr.New("TypeError", "'%s' object cannot be interpreted as an integer", pyTypeName(secsV))
	}
	switch {
	case math.IsNaN(secs):
		return nil, pyerr.New("ValueError", "Invalid value NaN (not a number)")
	case secs < 0:
		return nil, pyerr.New("ValueError", "sleep length must be non-negative")
	case secs >= float64(math.MaxInt64)/1e9:
		return nil, pyerr.New("OverflowError", "sleep length is too large")
	}
	ctx := l.ctx()
	if err := l.ctxErr(); err != nil {
		return nil, err
	}
	t := time.NewTimer(secondsToDuration(secs))
	defer t.Stop()
	select {
	case <-t.C:
		return starlark.None, nil
	case <-ctx.Done():
		return nil, l.ctxErr()
	}
}

// strftime(format, t=None) formats t: a struct_time or 9-tuple (as
// CPython), or seconds since the epoch (spython's earlier form), in local
// time; None: now.
func (l *sysLib) timeStrftime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var format string
	var tv starlark.Value = starlark.None
	kwargs = aliasKwarg(kwargs, "fmt", "format")
	if err := l.unpack(b.Name(), args, kwargs, "format", &format, "t?", &tv); err != nil {
		return nil, err
	}
	t, err := timeOf(b.Name(), tv)
	if err != nil {
		return nil, err
	}
	return starlark.String(strftime(format, t)), nil
}
