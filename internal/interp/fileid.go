package interp

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/hooks"
)

// Events that identify files by device and inode, so that
// `spython-admin report` matches code a run wrote and then ran whatever
// paths named it (/proc/self/cwd/x.star, a symlinked directory, a
// relative path after chdir).
const (
	// EventCodeFile follows spython.open_code for a file that runs:
	// (path, dev, ino).
	EventCodeFile = "spython.code_file"
	// EventFileWritten follows a write the script made through spython
	// (open for writing, os.rename/replace, shutil copy and move), once
	// it happened: (path, dev, ino) of the file written.
	EventFileWritten = "spython.file_written"
)

type fileID struct{ dev, ino uint64 }

func (id fileID) args(path string) starlark.Tuple {
	return starlark.Tuple{starlark.String(path), starlark.MakeUint64(id.dev), starlark.MakeUint64(id.ino)}
}

// writeDest says, for a library function that writes a file, which
// argument names the file written (position, keyword).
var writeDest = map[string]struct {
	pos int
	kw  string
}{
	"open":            {0, "file"},
	"os.rename":       {1, "dst"},
	"os.replace":      {1, "dst"},
	"shutil.copyfile": {1, "dst"},
	"shutil.copy":     {1, "dst"},
	"shutil.copy2":    {1, "dst"},
	"shutil.move":     {1, "dst"},
}

// recordWrites wraps the writing functions of v (the open builtin, the os
// and shutil modules) so that a write that happened is followed by
// spython.file_written with the file's device and inode.
func (r *runner) recordWrites(name string, v starlark.Value) starlark.Value {
	switch v := v.(type) {
	case *starlark.Builtin:
		if _, ok := writeDest[name]; ok && v.Receiver() == nil {
			return r.writeRecorder(name, v)
		}
	case *starlarkstruct.Module:
		var members starlark.StringDict
		for k, x := range v.Members {
			if b, ok := x.(*starlark.Builtin); ok {
				if _, ok := writeDest[name+"."+k]; ok {
					if members == nil {
						members = make(starlark.StringDict, len(v.Members))
						for k2, x2 := range v.Members {
							members[k2] = x2
						}
					}
					members[k] = r.writeRecorder(name+"."+k, b)
				}
			}
		}
		if members != nil {
			return &starlarkstruct.Module{Name: v.Name, Members: members}
		}
	}
	return v
}

func (r *runner) writeRecorder(name string, fn *starlark.Builtin) *starlark.Builtin {
	dest := writeDest[name]
	return starlark.NewBuiltin(fn.Name(), func(thread *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		res, err := fn.CallInternal(thread, args, kwargs)
		if err != nil {
			return res, err
		}
		var path starlark.Value
		if dest.pos < len(args) {
			path = args[dest.pos]
		}
		mode := "r"
		if name == "open" && len(args) > 1 {
			if m, ok := args[1].(starlark.String); ok {
				mode = string(m)
			}
		}
		for _, kv := range kwargs {
			k, _ := starlark.AsString(kv[0])
			switch {
			case k == dest.kw:
				path = kv[1]
			case k == "mode" && name == "open":
				if m, ok := kv[1].(starlark.String); ok {
					mode = string(m)
				}
			}
		}
		if name == "open" && !strings.ContainsAny(mode, "wax+") {
			return res, nil
		}
		p, ok := starlark.AsString(path)
		if !ok {
			if b, isBytes := path.(starlark.Bytes); isBytes {
				p, ok = string(b), true
			}
		}
		if !ok || p == "" {
			return res, nil
		}
		if name != "open" && name != "os.rename" && name != "os.replace" {
			if st, err := os.Stat(p); err == nil && st.IsDir() {
				if src, ok := starlark.AsString(args[0]); ok {
					p = filepath.Join(p, filepath.Base(src)) // copy/move into a directory
				}
			}
		}
		var st syscall.Stat_t
		if syscall.Stat(p, &st) != nil {
			return res, nil
		}
		r.wroteFiles.Store(true)
		if aerr := r.hooks.AuditLaunchers(EventFileWritten, fileID{dev: st.Dev, ino: st.Ino}.args(p)); aerr != nil && hooks.IsFatal(aerr) {
			return nil, aerr // a failing log
		}
		return res, nil
	})
}
