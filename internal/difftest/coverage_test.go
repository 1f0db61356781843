package difftest

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// osCoverage is the checklist of issue 13 (and spec §6) for os, os.path and
// shutil: every function and each fix the issue names, with the pairs that
// call it. TestOSCoverage fails when a listed pair stops calling it (or
// goes away), so coverage cannot drop silently. testdata/diff/README.md
// describes the checklist.
var osCoverage = []struct {
	what  string // the function (os.X, os.path.X, shutil.X) or a fix
	re    string // what a pair's .star and .py must contain; "" derives it from what
	pairs []string
}{
	// os: spec §6.
	{"os.getcwd", "", []string{"os_cwd"}},
	{"os.chdir", "", []string{"os_cwd"}},
	{"os.listdir", "", []string{"os_cwd", "os_mkdir"}},
	{"os.walk", "", []string{"os_walk"}},
	{"os.mkdir", "", []string{"os_mkdir", "os_mkdir_errors"}},
	{"os.makedirs", "", []string{"os_mkdir", "os_mkdir_errors"}},
	{"os.remove", "", []string{"os_remove"}},
	{"os.rmdir", "", []string{"os_remove", "os_mkdir"}},
	{"os.rename", "", []string{"os_rename", "os_rename_errors"}},
	{"os.chmod", "", []string{"os_chmod", "os_misc"}},
	{"os.getenv", "", []string{"os_environ", "os_putenv"}},
	{"os.environ", "", []string{"os_environ", "os_putenv"}},
	{"os.putenv", "", []string{"os_environ", "os_putenv"}},
	{"os.unsetenv", "", []string{"os_environ", "os_putenv"}},
	{"os.system", "", []string{"os_system"}},
	{"os.kill", "", []string{"os_system"}},
	{"os.getpid", "", []string{"os_system"}},
	{"os.strerror", "", []string{"os_errno"}},
	{"os.getuid", "", []string{"os_misc", "os_chown"}},
	{"os.symlink", "", []string{"os_symlink", "os_scandir"}},
	// os: issue 13.
	{"os.stat", "", []string{"os_stat"}},
	{"os.lstat", "", []string{"os_stat", "os_symlink"}},
	{"os.scandir", "", []string{"os_scandir", "os_scandir_errors"}},
	{"os.unlink", "", []string{"os_links", "os_remove"}},
	{"os.replace", "", []string{"os_links", "os_rename_errors"}},
	{"os.chown", "", []string{"os_chown"}},
	{"os.link", "", []string{"os_links"}},
	{"os.readlink", "", []string{"os_stat", "os_symlink"}},
	{"os.utime", "", []string{"os_times"}},
	{"os.access", "", []string{"os_misc", "os_chmod"}},
	{"os.umask", "", []string{"os_misc", "os_mkdir_errors"}},
	{"os.truncate", "", []string{"os_times"}},
	{"os.getgid", "", []string{"os_misc"}},
	{"os.geteuid", "", []string{"os_misc"}},
	{"os.getegid", "", []string{"os_misc"}},
	{"os.getlogin", "", []string{"os_misc"}},
	{"os.cpu_count", "", []string{"os_misc"}},
	{"os.removedirs", "", []string{"os_removedirs"}},
	{"os.sep", "", []string{"os_misc"}},
	{"os.linesep", "", []string{"os_misc"}},
	{"os.devnull", "", []string{"os_misc"}},
	{"os.name", "", []string{"os_misc"}},
	{"os.environ assignment (os.putenv)", `os\.environ\[[^]]+\] = `, []string{"os_environ", "os_putenv"}},
	{"os.fspath", "", []string{"os_misc"}},
	// os.path: spec §6.
	{"os.path.join", "", []string{"ospath_basic"}},
	{"os.path.exists", "", []string{"ospath_basic", "ospath_fs"}},
	{"os.path.isfile", "", []string{"ospath_basic"}},
	{"os.path.isdir", "", []string{"ospath_basic"}},
	{"os.path.basename", "", []string{"ospath_basic"}},
	{"os.path.dirname", "", []string{"ospath_basic"}},
	{"os.path.abspath", "", []string{"ospath_basic"}},
	{"os.path.getsize", "", []string{"ospath_basic"}},
	{"os.path.splitext", "", []string{"ospath_basic"}},
	// os.path: issue 13.
	{"os.path.normpath", "", []string{"ospath_strings"}},
	{"os.path.realpath", "", []string{"ospath_fs"}},
	{"os.path.expanduser", "", []string{"ospath_expand"}},
	{"os.path.expandvars", "", []string{"ospath_expand"}},
	{"os.path.islink", "", []string{"ospath_fs"}},
	{"os.path.lexists", "", []string{"ospath_fs"}},
	{"os.path.split", "", []string{"ospath_strings"}},
	{"os.path.relpath", "", []string{"ospath_strings"}},
	{"os.path.isabs", "", []string{"ospath_strings"}},
	{"os.path.getmtime", "", []string{"ospath_fs", "os_times"}},
	{"os.path.getatime", "", []string{"ospath_fs", "os_times"}},
	{"os.path.getctime", "", []string{"ospath_fs"}},
	{"os.path.samefile", "", []string{"ospath_fs"}},
	{"os.path.commonpath", "", []string{"ospath_strings"}},
	{"os.path.sep", "", []string{"os_misc"}},
	// shutil: spec §6.
	{"shutil.copyfile", "", []string{"shutil_copyfile"}},
	{"shutil.move", "", []string{"shutil_move"}},
	{"shutil.rmtree", "", []string{"shutil_rmtree", "shutil_tree", "shutil_rmtree_onerror"}},
	// shutil: issue 13.
	{"shutil.copy", "", []string{"shutil_copy", "shutil_copyfile"}},
	{"shutil.copy2", "", []string{"shutil_copy", "shutil_copyfile"}},
	{"shutil.copytree", "", []string{"shutil_tree", "shutil_errors"}},
	{"shutil.copymode", "", []string{"shutil_copy", "shutil_errors"}},
	{"shutil.copystat", "", []string{"shutil_copy", "shutil_errors"}},
	{"shutil.which", "", []string{"shutil_misc", "shutil_errors"}},
	{"shutil.disk_usage", "", []string{"shutil_misc"}},
	{"shutil.chown", "", []string{"shutil_misc"}},
	{"shutil.copyfileobj", "", []string{"shutil_copy"}},
	{"shutil.ignore_patterns", "", []string{"shutil_tree"}},
	{"shutil.move of a directory across file systems", `shutil\.move\("tree", base\)`, []string{"shutil_move_xdev"}},
	// The fixes issue 13 lists (the reported label is what is checked).
	{"os.rename of a directory onto an empty directory replaces it", `"dir onto empty dir"`, []string{"os_rename"}},
	{"os.rename of a file onto a directory is IsADirectoryError", `"file onto dir"`, []string{"os_rename"}},
	{"os.putenv/os.unsetenv event values", `os\.unsetenv\(b"DT_Q"\)`, []string{"os_putenv"}},
	{"os.walk raises os.scandir per directory", `os\.walk\("t"`, []string{"os_walk", "os_walk_events"}},
	{"shutil.rmtree raises os.scandir/os.remove/os.rmdir", `shutil\.rmtree\("t"\)`, []string{"shutil_rmtree"}},
}

// callRE is the pattern a pair must contain for function what: os.path
// functions may be called through a `p = os.path` alias.
func callRE(what string) string {
	if fn, ok := strings.CutPrefix(what, "os.path."); ok {
		return `(\bos\.path|\bp)\.` + regexp.QuoteMeta(fn) + `\b`
	}
	return `\b` + regexp.QuoteMeta(what) + `\b`
}

func TestOSCoverage(t *testing.T) {
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(pairDir, name))
		if err != nil {
			t.Errorf("checklist: %v", err)
		}
		return string(data)
	}
	for _, c := range osCoverage {
		re := c.re
		if re == "" {
			re = callRE(c.what)
		}
		rx := regexp.MustCompile(re)
		if len(c.pairs) == 0 {
			t.Errorf("checklist: %s has no pair", c.what)
		}
		for _, p := range c.pairs {
			for _, ext := range []string{".star", ".py"} {
				if !rx.MatchString(read(p + ext)) {
					t.Errorf("checklist: %s%s does not call %s (/%s/): update the pair or the checklist in coverage_test.go", p, ext, c.what, re)
				}
			}
		}
	}
}

// osErrorCases are the error kinds issue 13 asks the os/os.path/shutil
// pairs to show (missing file, permission denied, is-a-directory, file
// exists, not-a-directory, a directory not empty): each must be reported
// (as a difftest.value) by CPython in at least one os_/ospath_/shutil_
// pair. TestDifferential checks it when it ran every pair.
var osErrorCases = []string{
	"FileNotFoundError",
	"PermissionError",
	"IsADirectoryError",
	"FileExistsError",
	"NotADirectoryError",
	"[Errno 39] Directory not empty",
}

var (
	seenMu     sync.Mutex
	seenErrors = map[string][]string{} // error case → pairs whose CPython run reported it
)

// noteErrorCases records which error cases the CPython run of an os,
// os.path or shutil pair reported.
func noteErrorCases(name string, evs []event) {
	if !strings.HasPrefix(name, "os_") && !strings.HasPrefix(name, "ospath_") && !strings.HasPrefix(name, "shutil_") {
		return
	}
	seenMu.Lock()
	defer seenMu.Unlock()
	for _, e := range evs {
		if e.Action != "difftest.value" {
			continue
		}
		s := e.String()
		for _, c := range osErrorCases {
			if strings.Contains(s, c) {
				seenErrors[c] = append(seenErrors[c], name)
			}
		}
	}
}

// checkErrorCases fails t when a run of every pair did not show each error
// case; a run of some pairs only (-run) is not judged.
func checkErrorCases(t *testing.T, ran, all int) {
	if ran < all {
		return
	}
	seenMu.Lock()
	defer seenMu.Unlock()
	var missing []string
	for _, c := range osErrorCases {
		if len(seenErrors[c]) == 0 {
			missing = append(missing, c)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("checklist: no os/os.path/shutil pair reports %s", strings.Join(missing, ", "))
	}
}
