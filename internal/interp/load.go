package interp

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
)

// load implements load("helper.star", ...): the module is found relative
// to the loading file's directory, then in the policy's module path, and
// runs through open_code like the script. A file loaded twice is one
// module; a cycle is an error.
func (r *runner) load(thread *starlark.Thread, name string) (starlark.StringDict, error) {
	// Judge and open the real path: a symlinked directory on the way must
	// not lead outside the roots (O_NOFOLLOW covers only the last name).
	path := realPath(r.findModule(thread, name))
	if err := r.audit(thread, policy.EventImport, starlark.Tuple{starlark.String(name), starlark.String(path)}); err != nil {
		return nil, err
	}
	if !r.underRoot(path) {
		return nil, r.refuse(thread, path, "outside the script's directory and the policy's module path")
	}
	if m, ok := r.modules[path]; ok {
		if m.loading {
			return nil, errors.New("cycle in load graph")
		}
		return m.globals, m.err
	}
	m := &module{loading: true}
	r.modules[path] = m
	m.globals, m.err = r.execFile(thread, path)
	m.loading = false
	if m.err != nil && hooks.IsFatal(m.err) {
		return nil, m.err
	}
	return m.globals, m.err
}

// findModule resolves a load() name to an absolute, cleaned path.
func (r *runner) findModule(thread *starlark.Thread, name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	dir := r.roots[0]
	if from := thread.CallFrame(0).Pos.Filename(); filepath.IsAbs(from) {
		dir = filepath.Dir(from)
	}
	first := filepath.Join(dir, name)
	if _, err := os.Lstat(first); err == nil {
		return first
	}
	for _, root := range r.policy.ModulePath {
		p := filepath.Join(root, name)
		if _, err := os.Lstat(p); err == nil {
			return p
		}
	}
	return first
}

// realPath resolves the symlinks in p's directory part; the file name is
// left alone for open_code's O_NOFOLLOW to judge.
func realPath(p string) string {
	dir, err := filepath.EvalSymlinks(filepath.Dir(p))
	if err != nil {
		return p // does not exist: open_code will refuse it
	}
	return filepath.Join(dir, filepath.Base(p))
}

// underRoot reports whether path lies inside the script's directory or a
// module path directory. Both path and roots are real paths.
func (r *runner) underRoot(path string) bool {
	for _, root := range r.roots {
		if path == root || strings.HasPrefix(path, root+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// refuse raises the open_code refusal events for a file that is not even
// opened, and returns the refusal.
func (r *runner) refuse(thread *starlark.Thread, path, reason string) error {
	if err := r.audit(thread, policy.EventOpenCode, starlark.Tuple{starlark.String(path), starlark.False}); err != nil && hooks.IsFatal(err) {
		return err
	}
	if err := r.audit(thread, policy.EventIntegrityFailure, starlark.Tuple{starlark.String(path), starlark.String(reason)}); err != nil && hooks.IsFatal(err) {
		return err
	}
	return &CodeRefusedError{Path: path, Reason: reason}
}
