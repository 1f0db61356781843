package interp

import (
	"context"
	"os"
	"slices"
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/sigwatch"
)

// selfSignalWait bounds how long os.kill waits for a signal it sent to
// spython itself to stop the run.
const selfSignalWait = time.Second

// awaitOwnSignal wraps os.kill in the os module so that a signal the
// script sends to its own process (os.kill(os.getpid(), 6), or to its
// process group) ends the run before the next statement: the signal is
// delivered asynchronously, through os/signal, and without the wait the
// script could finish first and the run end as "finished", exit 0.
func (r *runner) awaitOwnSignal(v starlark.Value) starlark.Value {
	m, ok := v.(*starlarkstruct.Module)
	if !ok {
		return v
	}
	kill, ok := m.Members["kill"].(*starlark.Builtin)
	if !ok {
		return v
	}
	members := make(starlark.StringDict, len(m.Members))
	for k, x := range m.Members {
		members[k] = x
	}
	members["kill"] = starlark.NewBuiltin(kill.Name(), func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		res, err := kill.CallInternal(thread, args, kwargs)
		if err != nil || len(args) != 2 || !targetsSelf(args[0], args[1]) {
			return res, err
		}
		ctx := r.cfg.Context
		select {
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		case <-time.After(selfSignalWait):
			return res, nil
		}
	})
	return &starlarkstruct.Module{Name: m.Name, Members: members}
}

// targetsSelf reports whether kill(pid, sig) reaches this process with a
// signal that ends the run.
func targetsSelf(pidv, sigv starlark.Value) bool {
	var pid, sig int
	if err := starlark.AsInt(pidv, &pid); err != nil {
		return false
	}
	if err := starlark.AsInt(sigv, &sig); err != nil {
		return false
	}
	if !slices.Contains(sigwatch.Stop, syscall.Signal(sig)) {
		return false
	}
	return pid == os.Getpid() || pid == 0 || pid == -1 || pid == -syscall.Getpgrp()
}
