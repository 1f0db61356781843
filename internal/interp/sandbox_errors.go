package interp

import (
	"errors"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
)

// wrapDenials wraps the library's builtins (recursively through modules)
// so that a permission error from the kernel, when Landlock restricts the
// run, is logged as spython.sandbox_denied (function, error) (spython.decision
// denied) after the allowed event of the operation itself. The script
// still gets the error unchanged: a PermissionError it may catch. EACCES
// cannot say who refused: a file's own mode bits look the same, so the
// record says "the kernel refused", not "Landlock refused".
func (r *runner) wrapDenials(v starlark.Value, depth int) starlark.Value {
	switch v := v.(type) {
	case *starlark.Builtin:
		if v.Receiver() != nil {
			return v
		}
		fn := v
		return starlark.NewBuiltin(fn.Name(), func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			res, err := fn.CallInternal(thread, args, kwargs) // no extra frame in tracebacks
			if err != nil && isPermission(err) && !hooks.IsFatal(err) && r.fatalCause() == nil {
				if aerr := r.audit(thread, policy.EventSandboxDenied, starlark.Tuple{starlark.String(fn.Name()), starlark.String(err.Error())}); aerr != nil && hooks.IsFatal(aerr) {
					return nil, aerr
				}
			}
			return res, err
		})
	case *starlarkstruct.Module:
		if depth > 2 {
			return v
		}
		m := &starlarkstruct.Module{Name: v.Name, Members: make(starlark.StringDict, len(v.Members))}
		for k, x := range v.Members {
			m.Members[k] = r.wrapDenials(x, depth+1)
		}
		return m
	}
	return v
}

// isPermission reports an EACCES or EPERM from the kernel (not a denial by
// an audit hook, which is already logged).
func isPermission(err error) bool {
	var denied *hooks.DeniedError
	if errors.As(err, &denied) {
		return false
	}
	return errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM)
}
