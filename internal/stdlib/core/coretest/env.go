package coretest

import (
	"os"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/stdlib/core"
)

// EventEnv is a core.Env for the archive modules' tests: every event is
// appended to events as "name (args)", and OpenOS raises open (path,
// mode) then opens the file directly ("rb" reads, anything else creates).
func EventEnv(events *[]string) *core.Env {
	env := &core.Env{}
	env.Audit = func(thread *starlark.Thread, event string, args starlark.Tuple) error {
		*events = append(*events, event+" "+args.String())
		return nil
	}
	env.OpenOS = func(thread *starlark.Thread, path, mode string) (*os.File, error) {
		if err := env.Raise(thread, "open", starlark.String(path), starlark.String(mode)); err != nil {
			return nil, err
		}
		if mode == "rb" {
			return os.Open(path)
		}
		return os.Create(path)
	}
	return env
}
