package audit

import (
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"
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
	"os.chmod":        {idx: []int{0}},
	"os.rmdir":        {idx: []int{0}, tree: true},
	"os.truncate":     {idx: []int{0}},
	"os.chown":        {idx: []int{0}},
	"os.utime":        {idx: []int{0}},
	"os.symlink":      {idx: []int{1}},
	"shutil.copyfile": {idx: []int{1}},
	"shutil.move":     {idx: []int{0, 1}, tree: true},
	"shutil.rmtree":   {idx: []int{0}, tree: true},
}

// touchesLog reports whether event would modify the run's log file. It
// compares inodes, so another name for the same file (a hard link, a
// symlink, a relative path after chdir) is caught too.
func (l *Logger) touchesLog(event string, args starlark.Tuple) (string, bool) {
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
	abs, err := filepath.Abs(path)
	return err == nil && abs == l.file.Path()
}

func (l *Logger) containsLog(dir string) bool {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	real, err = filepath.Abs(real)
	if err != nil {
		return false
	}
	logDir, err := filepath.EvalSymlinks(filepath.Dir(l.file.Path()))
	if err != nil {
		return false
	}
	return logDir == real || strings.HasPrefix(logDir, real+string(os.PathSeparator)) || real == "/"
}
