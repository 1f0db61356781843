package audit

import (
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/cwd"
)

// reasonProtected is event.reason for an attempt on the run's own log.
const reasonProtected = "protected: the audit log cannot be modified by the script"

// logPathArgs lists, for each event that can modify a file, which
// arguments are paths it modifies, and whether a directory argument
// modifies everything below it.
var logPathArgs = map[string]struct {
	idx  []int
	tree bool
}{
	"open":            {idx: []int{0}},
	"os.remove":       {idx: []int{0}},
	"os.rename":       {idx: []int{0, 1}, tree: true},
	"os.chmod":        {idx: []int{0}, tree: true}, // a directory above the log too
	"os.rmdir":        {idx: []int{0}, tree: true},
	"os.truncate":     {idx: []int{0}},
	"os.chown":        {idx: []int{0}},
	"os.utime":        {idx: []int{0}},
	"os.symlink":      {idx: []int{1}},
	"os.link":         {idx: []int{0, 1}}, // a second name for the log, or a file linked over it
	"os.setxattr":     {idx: []int{0}},
	"os.removexattr":  {idx: []int{0}},
	"shutil.copyfile": {idx: []int{1}},
	"shutil.copymode": {idx: []int{1}},
	"shutil.copystat": {idx: []int{1}},
	"shutil.copytree": {idx: []int{1}},
	"shutil.chown":    {idx: []int{0}},
	"shutil.move":     {idx: []int{0, 1}, tree: true},
	"shutil.rmtree":   {idx: []int{0}, tree: true},
}

// reasonSecret is event.reason for an attempt to read the chain key.
const reasonSecret = "protected: the log chain key cannot be read by the script"

// secretPathArgs lists the events whose arguments may read or move a file,
// by the index of the path argument.
var secretPathArgs = map[string][]int{
	"open":            {0},
	"shutil.copyfile": {0},
	"shutil.move":     {0},
	"os.rename":       {0},
	"os.chmod":        {0},
	"os.remove":       {0},
	"os.link":         {0},
	"shutil.copymode": {0},
	"shutil.copystat": {0},
	"shutil.copytree": {0},
}

// touchesSecret reports whether event would read, move or change a file
// the script must never see (the HMAC chain key): with it, a script could
// forge records that verify.
func (l *Logger) touchesSecret(event string, args starlark.Tuple) bool {
	if len(l.secrets) == 0 {
		return false
	}
	if startsChild(event) {
		return l.commandNamesSecret(args)
	}
	for _, i := range secretPathArgs[event] {
		if i >= len(args) {
			continue
		}
		p, ok := args[i].(starlark.String)
		if !ok {
			continue
		}
		var st unix.Stat_t
		if unix.Stat(string(p), &st) != nil {
			continue
		}
		for _, s := range l.secrets {
			if st.Dev == s.dev && st.Ino == s.ino {
				return true
			}
		}
	}
	return false
}

// startsChild reports whether event starts a process outside spython's
// hooks (or hands it data): its command line, environment and stdin are
// all it gets from the script.
func startsChild(event string) bool {
	return event == "os.system" || strings.HasPrefix(event, "subprocess.") ||
		event == "spython.subprocess_input" || // data for a child's stdin
		strings.HasPrefix(event, "os.exec") || strings.HasPrefix(event, "os.spawn") ||
		strings.HasPrefix(event, "os.posix_spawn")
}

// commandNamesSecret reports whether anything handed to a child process
// (command line, cwd, environment, stdin data: every argument, nested
// containers included) names a secret file, by its path, its file name, or
// another path to the same inode. A child is outside spython's hooks, so a
// command that would read the chain key must be refused before it starts.
// A command that reaches the key without naming it (a glob such as
// /etc/sp*/*, a decoded string) is not caught here: the sandbox keeps the
// key's directory out of reach, and forward-secure sealing limits what a
// stolen key is worth (docs/threat-model.md).
func (l *Logger) commandNamesSecret(args starlark.Tuple) bool {
	var names func(v starlark.Value, depth int) bool
	names = func(v starlark.Value, depth int) bool {
		if depth > 16 {
			return false
		}
		switch v := v.(type) {
		case starlark.String:
			return l.namesSecret(string(v))
		case starlark.Bytes:
			return l.namesSecret(string(v))
		case starlark.Indexable: // list, tuple
			for i := 0; i < v.Len(); i++ {
				if names(v.Index(i), depth+1) {
					return true
				}
			}
		case *starlark.Dict: // env
			for _, kv := range v.Items() {
				if names(kv[0], depth+1) || names(kv[1], depth+1) {
					return true
				}
			}
		}
		return false
	}
	for _, a := range args {
		if names(a, 0) {
			return true
		}
	}
	return false
}

// namesSecret reports whether s mentions a secret file: its file name or
// its path anywhere in s, or s is a path to it.
func (l *Logger) namesSecret(s string) bool {
	for _, sec := range l.secrets {
		if sec.base != "" && strings.Contains(s, sec.base) || sec.path != "" && strings.Contains(s, sec.path) {
			return true
		}
	}
	if len(s) > 4096 || strings.ContainsRune(s, 0) {
		return false
	}
	var st unix.Stat_t
	if unix.Stat(s, &st) != nil {
		return false
	}
	for _, sec := range l.secrets {
		if st.Dev == sec.dev && st.Ino == sec.ino {
			return true
		}
	}
	return false
}

type fileID struct {
	dev, ino   uint64
	path, base string
}

// secretIDs identifies the secret files by inode, so that any name for them
// (a symlink, a hard link, a relative path) is caught.
func secretIDs(paths []string) []fileID {
	var ids []fileID
	for _, p := range paths {
		var st unix.Stat_t
		if p != "" && unix.Stat(p, &st) == nil {
			ids = append(ids, fileID{dev: st.Dev, ino: st.Ino, path: p, base: filepath.Base(p)})
		}
	}
	return ids
}

// touchesLog reports whether event would modify the run's log file. It
// compares inodes, so another name for the same file (a hard link, a
// symlink, a relative path after chdir) is caught too.
func (l *Logger) touchesLog(event string, args starlark.Tuple) (string, bool) {
	if event == "subprocess.Popen" || event == "os.system" || event == "spython.subprocess_input" {
		return l.commandNamesLog(args)
	}
	spec, ok := logPathArgs[event]
	if !ok {
		return "", false
	}
	if event == "open" && !openWrites(args) {
		return "", false
	}
	for _, i := range spec.idx {
		if i >= len(args) {
			continue
		}
		p, ok := args[i].(starlark.String)
		if !ok {
			continue
		}
		if l.isLog(string(p)) || spec.tree && l.containsLog(string(p)) {
			return reasonProtected, true
		}
	}
	return "", false
}

// openWrites reports whether open (path, mode, flags) may modify the file.
func openWrites(args starlark.Tuple) bool {
	if len(args) < 2 {
		return false
	}
	mode, ok := args[1].(starlark.String)
	if !ok {
		return true // unknown mode: assume the worst
	}
	return strings.ContainsAny(string(mode), "wax+")
}

func (l *Logger) isLog(path string) bool {
	var st unix.Stat_t
	if unix.Stat(path, &st) == nil && l.file.SameFile(&st) {
		return true
	}
	if unix.Lstat(path, &st) == nil && l.file.SameFile(&st) {
		return true
	}
	abs, err := cwd.Abs(path)
	return err == nil && abs == l.file.Path()
}

func (l *Logger) containsLog(dir string) bool {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	real, err = cwd.Abs(real)
	if err != nil {
		return false
	}
	logDir, err := filepath.EvalSymlinks(filepath.Dir(l.file.Path()))
	if err != nil {
		return false
	}
	return logDir == real || strings.HasPrefix(logDir, real+string(os.PathSeparator)) || real == "/"
}

// commandNamesLog reports whether a command line (os.system's command,
// subprocess.Popen's executable and args, or the data written to a
// child's stdin, spython.subprocess_input: a shell reads its program
// there) names the run's log. A child
// process is outside spython's hooks, so the only chance to stop it from
// truncating or removing the log is before it starts: any argument that
// mentions the log's file name is refused, reading included. A command
// that reaches the log without naming it (a glob, a variable) is not
// caught here; see docs/threat-model.md.
func (l *Logger) commandNamesLog(args starlark.Tuple) (string, bool) {
	base := filepath.Base(l.file.Path())
	var names func(v starlark.Value) bool
	names = func(v starlark.Value) bool {
		switch v := v.(type) {
		case starlark.String:
			return strings.Contains(string(v), base) || l.isLog(string(v))
		case starlark.Bytes:
			return strings.Contains(string(v), base)
		case *starlark.List:
			for i := 0; i < v.Len(); i++ {
				if names(v.Index(i)) {
					return true
				}
			}
		case starlark.Tuple:
			for _, x := range v {
				if names(x) {
					return true
				}
			}
		}
		return false
	}
	for i, a := range args {
		if i > 1 { // cwd and env are not the command
			break
		}
		if names(a) {
			return reasonProtected, true
		}
	}
	return "", false
}
