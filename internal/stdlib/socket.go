package stdlib

import (
	"os"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// socketModule is socket: only gethostname. Network access is
// urllib.request's (which raises socket.getaddrinfo and socket.connect).
func (l *sysLib) socketModule() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "socket", Members: starlark.StringDict{
		"gethostname": l.builtin("socket.gethostname", l.socketGethostname),
	}}
}

func (l *sysLib) socketGethostname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := l.unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "socket.gethostname"); err != nil {
		return nil, err
	}
	name, err := os.Hostname()
	if err != nil {
		return nil, osError(err)
	}
	return starlark.String(name), nil
}
