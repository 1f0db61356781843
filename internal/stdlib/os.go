package stdlib

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/spython-dev/spython/internal/cwd"
	"github.com/spython-dev/spython/internal/pyerr"
	"github.com/spython-dev/spython/internal/stdlib/core"
)

func (l *sysLib) osModule() *starlarkstruct.Module {
	fns := map[string]builtinFunc{
		"getcwd":   l.osGetcwd,
		"chdir":    l.osChdir,
		"listdir":  l.osListdir,
		"walk":     l.osWalk,
		"mkdir":    l.osMkdir,
		"makedirs": l.osMakedirs,
		"remove":   l.osRemove,
		"rmdir":    l.osRmdir,
		"rename":   l.osRename,
		"chmod":    l.osChmod,
		"getenv":   nil, // set below: it closes over environ
		"putenv":   l.osPutenv,
		"unsetenv": l.osUnsetenv,
		"system":   l.osSystem,
		"kill":     l.osKill,
		"getpid":   l.osGetpid,
		"strerror": osStrerror,
		"getuid":   l.osGetuid,
		"symlink":  l.osSymlink,
	}
	for name, fn := range l.osMoreFuncs() {
		fns[name] = fn
	}
	environ := newEnviron(l)
	fns["getenv"] = func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var key strArg
		var def starlark.Value = starlark.None
		if err := l.unpack(b.Name(), args, kwargs, "key", &key, "default?", &def); err != nil {
			return nil, err
		}
		v, found, _ := environ.d.Get(starlark.String(key.s))
		if !found {
			return def, nil
		}
		return v, nil
	}
	members := osConstants()
	members["environ"] = environ
	members["path"] = l.osPathModule()
	for name, fn := range fns {
		members[name] = l.builtin("os."+name, fn)
	}
	return &starlarkstruct.Module{Name: "os", Members: members}
}

// unpackPath is unpack for the functions that take paths, followed by the
// checks CPython makes before their event: every *_dir_fd parameter must
// be None (spython has no descriptors), then no path may hold a NUL.
func (l *sysLib) unpackPath(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	if err := l.unpack(fn, args, kwargs, pairs...); err != nil {
		return err
	}
	var paths []string
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		switch p := pairs[i+1].(type) {
		case *starlark.Value:
			if strings.HasSuffix(strings.TrimSuffix(name, "?"), "dir_fd") {
				if err := l.noDirFD(fn, *p); err != nil {
					return err
				}
			}
		case *strArg:
			paths = append(paths, p.s)
		case *optStrArg:
			paths = append(paths, p.s)
		case *pathOf:
			paths = append(paths, p.s)
		}
	}
	return checkPath(fn, paths...)
}

func (l *sysLib) osGetcwd(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := l.unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	wd, err := cwd.Get()
	if err != nil {
		return nil, osError(err)
	}
	return starlark.String(wd), nil
}

func (l *sysLib) osGetpid(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := l.unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt(os.Getpid()), nil
}

// osStrerror is os.strerror(code): C's message for an error number.
func osStrerror(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &code); err != nil {
		return nil, pyerr.New("TypeError", "%s", err.Error())
	}
	return starlark.String(core.Strerror(syscall.Errno(code))), nil
}

func (l *sysLib) osGetuid(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := l.unpack(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	return starlark.MakeInt(os.Getuid()), nil
}

func (l *sysLib) osChdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "os.chdir", path.value()); err != nil {
		return nil, err
	}
	return starlark.None, osError(os.Chdir(path.s))
}

// listdir(path=None): the event carries None when no path is given, as in
// CPython; the names are sorted.
func (l *sysLib) osListdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path optStrArg
	if err := l.unpackPath(b.Name(), args, kwargs, "path?", &path); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "os.listdir", path.value()); err != nil {
		return nil, err
	}
	dir := path.s
	if !path.set {
		dir = "."
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, osError(err)
	}
	names := make([]starlark.Value, len(ents))
	for i, e := range ents {
		names[i] = l.sameType(path.set, args, e.Name())
	}
	return starlark.NewList(names), nil
}

// argValue is argument i, given by position or by name (nil if absent).
func argValue(args starlark.Tuple, kwargs []starlark.Tuple, i int, name string) starlark.Value {
	if i < len(args) {
		return args[i]
	}
	for _, kv := range kwargs {
		if k, ok := kv[0].(starlark.String); ok && string(k) == name {
			return kv[1]
		}
	}
	return nil
}

// sameType returns name as bytes when the path argument was bytes, as
// Python does.
func (l *sysLib) sameType(given bool, args starlark.Tuple, name string) starlark.Value {
	if given && len(args) > 0 {
		if _, ok := args[0].(starlark.Bytes); ok {
			return starlark.Bytes(name)
		}
	}
	return starlark.String(name)
}

func (l *sysLib) osMkdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	mode := 0o777
	var dirFD starlark.Value
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "mode?", &mode, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	return starlark.None, l.mkdir(thread, path.s, mode)
}

func (l *sysLib) mkdir(thread *starlark.Thread, path string, mode int) error {
	if err := l.audit(thread, "os.mkdir", starlark.String(path), starlark.MakeInt(mode), starlark.MakeInt(-1)); err != nil {
		return err
	}
	return osError(os.Mkdir(path, fs.FileMode(mode)&fs.ModePerm))
}

// makedirs(name, mode=0o777, exist_ok=False) follows CPython: each missing
// parent, then the leaf, is created with mkdir and raises os.mkdir.
func (l *sysLib) osMakedirs(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	mode := 0o777
	existOK := false
	if err := l.unpackPath(b.Name(), args, kwargs, "name", &path, "mode?", &mode, "exist_ok?", &existOK); err != nil {
		return nil, err
	}
	return starlark.None, l.makedirs(thread, path.s, mode, existOK)
}

func (l *sysLib) makedirs(thread *starlark.Thread, name string, mode int, existOK bool) error {
	head, tail := pySplit(name)
	if tail == "" {
		head, tail = pySplit(head)
	}
	if head != "" && tail != "" && !exists(head) {
		err := l.makedirs(thread, head, 0o777, existOK)
		if err != nil && pyKind(err) != "FileExistsError" {
			return err
		}
		if tail == "." {
			return nil
		}
	}
	err := l.mkdir(thread, name, mode)
	if err != nil && existOK && pyKind(err) == "FileExistsError" && isDir(name) {
		return nil
	}
	return err
}

func pyKind(err error) string {
	k, _ := pyerr.KindOf(err)
	return k
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func (l *sysLib) osRemove(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var dirFD starlark.Value
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	return starlark.None, l.remove(thread, path.s)
}

// remove unlinks a file; unlike Go's os.Remove it never removes a
// directory (Python raises IsADirectoryError).
func (l *sysLib) remove(thread *starlark.Thread, path string) error {
	if err := l.audit(thread, "os.remove", starlark.String(path), starlark.MakeInt(-1)); err != nil {
		return err
	}
	if err := syscall.Unlink(path); err != nil {
		return pathErr("remove", path, err)
	}
	return nil
}

func (l *sysLib) osRmdir(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var dirFD starlark.Value
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	return starlark.None, l.rmdir(thread, path.s)
}

func (l *sysLib) osRename(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst strArg
	var srcFD, dstFD starlark.Value
	if err := l.unpackPath(b.Name(), args, kwargs, "src", &src, "dst", &dst, "src_dir_fd?", &srcFD, "dst_dir_fd?", &dstFD); err != nil {
		return nil, err
	}
	return starlark.None, l.rename(thread, src.s, dst.s)
}

func (l *sysLib) rename(thread *starlark.Thread, src, dst string) error {
	if err := l.audit(thread, "os.rename", starlark.String(src), starlark.String(dst), starlark.MakeInt(-1), starlark.MakeInt(-1)); err != nil {
		return err
	}
	// rename(2) itself, not os.Rename: Go's refuses to replace an empty
	// directory, which rename(2) and Python do.
	if err := syscall.Rename(src, dst); err != nil {
		return osError(&os.LinkError{Op: "rename", Old: src, New: dst, Err: err})
	}
	return nil
}

func (l *sysLib) osChmod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path strArg
	var mode int
	var dirFD starlark.Value
	if err := l.unpackPath(b.Name(), args, kwargs, "path", &path, "mode", &mode, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	return starlark.None, l.chmod(thread, path.s, mode)
}

func (l *sysLib) chmod(thread *starlark.Thread, path string, mode int) error {
	if err := l.audit(thread, "os.chmod", starlark.String(path), starlark.MakeInt(mode), starlark.MakeInt(-1)); err != nil {
		return err
	}
	if err := syscall.Chmod(path, uint32(mode)&0o7777); err != nil {
		return pathErr("chmod", path, err)
	}
	return nil
}

func (l *sysLib) osSymlink(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, dst strArg
	isDir := false
	var dirFD starlark.Value
	if err := l.unpackPath(b.Name(), args, kwargs, "src", &src, "dst", &dst, "target_is_directory?", &isDir, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "os.symlink", src.value(), dst.value(), starlark.MakeInt(-1)); err != nil {
		return nil, err
	}
	return starlark.None, osError(os.Symlink(src.s, dst.s))
}

// checkEnvName refuses what CPython refuses before raising os.putenv: a
// NUL in the key or value, then a name with "=". An empty name is
// setenv(3)'s EINVAL, after the event, as in CPython. os.unsetenv checks
// only for NUL (value nil): a bad name is unsetenv(3)'s EINVAL.
func checkEnvName(_, key string, value *string) error {
	if strings.IndexByte(key, 0) >= 0 || value != nil && strings.IndexByte(*value, 0) >= 0 {
		return pyerr.New("ValueError", "embedded null byte")
	}
	if value != nil && strings.ContainsRune(key, '=') {
		return pyerr.New("ValueError", "illegal environment variable name")
	}
	return nil
}

func (l *sysLib) osPutenv(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key, value strArg
	if err := l.unpack(b.Name(), args, kwargs, "key", &key, "value", &value); err != nil {
		return nil, err
	}
	if err := checkEnvName(b.Name(), key.s, &value.s); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "os.putenv", key.value(), value.value()); err != nil {
		return nil, err
	}
	return starlark.None, osError(os.Setenv(key.s, value.s))
}

// unsetenv is unsetenv(3): a name that is empty or has a "=" is EINVAL
// (Go's os.Unsetenv would accept it).
func unsetenv(key string) error {
	if key == "" || strings.ContainsRune(key, '=') {
		return osError(syscall.EINVAL)
	}
	return osError(os.Unsetenv(key))
}

func (l *sysLib) osUnsetenv(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key strArg
	if err := l.unpack(b.Name(), args, kwargs, "key", &key); err != nil {
		return nil, err
	}
	if err := checkEnvName(b.Name(), key.s, nil); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "os.unsetenv", key.value()); err != nil {
		return nil, err
	}
	return starlark.None, unsetenv(key.s)
}

// system(command) runs /bin/sh -c command with the script's stdout and
// stderr and returns the wait status, as CPython does (exit code << 8, or
// the signal number).
func (l *sysLib) osSystem(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var command strArg
	if err := l.unpackPath(b.Name(), args, kwargs, "command", &command); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "os.system", command.value()); err != nil {
		return nil, err
	}
	cmd := l.command([]string{"/bin/sh", "-c", command.s}, l.ctx())
	cmd.Stdout, cmd.Stderr = childStream(l.stdout()), childStream(l.stderr())
	err := cmd.Run()
	if cerr := l.ctxErr(); cerr != nil {
		return nil, cerr
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return nil, osError(err)
	}
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return starlark.MakeInt(int(ws)), nil
}

func (l *sysLib) osKill(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pid, sig int
	if err := l.unpack(b.Name(), args, kwargs, "pid", &pid, "signal", &sig); err != nil {
		return nil, err
	}
	if err := l.audit(thread, "os.kill", starlark.MakeInt(pid), starlark.MakeInt(sig)); err != nil {
		return nil, err
	}
	if err := syscall.Kill(pid, syscall.Signal(sig)); err != nil {
		return nil, osError(err)
	}
	return starlark.None, nil
}

// walk(top, topdown=True, onerror=None, followlinks=False) raises os.walk
// once and returns the whole walk as a list of (dirpath, dirnames,
// filenames) tuples; names are in directory order, as CPython's. Because the list is built up front,
// editing dirnames does not prune the walk as it does in Python. With
// followlinks, a directory already visited is not entered again, so a
// symlink loop cannot make the walk endless.
func (l *sysLib) osWalk(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var top strArg
	topdown, followlinks := true, false
	var onerror starlark.Value = starlark.None
	if err := l.unpackPath(b.Name(), args, kwargs, "top", &top, "topdown?", &topdown, "onerror?", &onerror, "followlinks?", &followlinks); err != nil {
		return nil, err
	}
	if _, ok := onerror.(starlark.Callable); onerror != starlark.None && !ok {
		return nil, pyerr.New("TypeError", "%s: onerror must be callable or None, not %s", b.Name(), onerror.Type())
	}
	if err := l.audit(thread, "os.walk", top.value(), starlark.Bool(topdown), onerror, starlark.Bool(followlinks)); err != nil {
		return nil, err
	}
	w := &walker{l: l, thread: thread, topdown: topdown, follow: followlinks, onerror: onerror, seen: map[[2]uint64]bool{}}
	_, w.bytes = argValue(args, kwargs, 0, "top").(starlark.Bytes)
	if err := w.walk(top.s); err != nil {
		return nil, err
	}
	return starlark.NewList(w.out), nil
}

type walker struct {
	l       *sysLib
	thread  *starlark.Thread
	topdown bool
	follow  bool
	onerror starlark.Value
	seen    map[[2]uint64]bool
	out     []starlark.Value
	bytes   bool // top was bytes: so are the paths and names, as in CPython
}

// str is s as the walk returns it: bytes when top was bytes.
func (w *walker) str(s string) starlark.Value {
	if w.bytes {
		return starlark.Bytes(s)
	}
	return starlark.String(s)
}

func (w *walker) walk(dir string) error {
	if w.follow {
		var st syscall.Stat_t
		if syscall.Stat(dir, &st) == nil {
			key := [2]uint64{uint64(st.Dev), st.Ino}
			if w.seen[key] {
				return nil
			}
			w.seen[key] = true
		}
	}
	// os.scandir (dir) for each directory, as CPython's walk raises it.
	if err := w.l.audit(w.thread, "os.scandir", starlark.String(dir)); err != nil {
		if isFatal(err) {
			return err
		}
		return w.fail(err)
	}
	// Directory order, as CPython's scandir: the walk then descends (and
	// raises os.scandir) in the same order.
	f, err := os.Open(dir)
	if err != nil {
		return w.fail(err)
	}
	ents, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return w.fail(err)
	}
	var dirs, files []starlark.Value
	var sub []string
	for _, e := range ents {
		full := pyJoin(dir, e.Name())
		isDir := e.IsDir()
		isLink := e.Type()&fs.ModeSymlink != 0
		if isLink {
			st, err := os.Stat(full)
			isDir = err == nil && st.IsDir()
		}
		if !isDir {
			files = append(files, w.str(e.Name()))
			continue
		}
		dirs = append(dirs, w.str(e.Name()))
		if !isLink || w.follow {
			sub = append(sub, pyJoin(dir, e.Name()))
		}
	}
	entry := starlark.Tuple{w.str(dir), starlark.NewList(dirs), starlark.NewList(files)}
	if w.topdown {
		w.out = append(w.out, entry)
	}
	for _, s := range sub {
		if err := w.walk(s); err != nil {
			return err
		}
	}
	if !w.topdown {
		w.out = append(w.out, entry)
	}
	return nil
}

// fail reports a listing error to onerror, as Python's walk does; with no
// onerror it is ignored.
func (w *walker) fail(err error) error {
	fn, ok := w.onerror.(starlark.Callable)
	if !ok {
		return nil
	}
	_, cerr := starlark.Call(w.thread, fn, starlark.Tuple{errorValue(err)}, nil)
	return cerr
}

// errorValue is an error as a value for a Python-style error callback
// (os.walk's onerror, shutil.rmtree's): kind, msg and filename.
func errorValue(err error) starlark.Value {
	kind, msg := pyerr.KindOf(osError(err))
	filename := starlark.Value(starlark.None)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		filename = starlark.String(pe.Path)
	}
	return starlarkstruct.FromStringDict(starlark.String(kind), starlark.StringDict{
		"kind": starlark.String(kind), "msg": starlark.String(msg), "filename": filename,
	})
}
