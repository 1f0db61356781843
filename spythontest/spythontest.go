// Package spythontest runs scripts under spython from Go tests and hands
// back what happened: the exit code, the output, and the audit records of
// that run, typed.
//
//	res := spythontest.Run(t, "testdata/job.star", spythontest.Options{Args: []string{"--dry-run"}})
//	if res.Exit != 0 || len(res.Denied()) > 0 { … }
//	for _, r := range res.Events("open") { … r.Args[0] … }
//
// Each run happens in a private directory of its own (the script, and the
// .star files beside it, are copied there), so source trees may be
// read-only (the module cache) and runs may go in parallel: every Result
// holds the records of its own run only, from the log spython wrote beside
// the copy.
//
// The spython binaries are built from this module's source on first use,
// once per test process and build (go build, so the Go build cache makes it
// quick after the first time): the developer build by default (script
// audit hooks and dynamic code allowed, as test suites want), the
// production build on request, or a site policy compiled in for the test
// (Options.Limits, Options.Policy), the way `make POLICY=file` builds one.
// SPYTHONTEST_BIN_DIR names a directory holding prebuilt spython and
// spython-dev binaries to use instead (for example an installed package's);
// it is ignored for site policies.
package spythontest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Build selects the compiled-in policy of the spython binary.
type Build string

const (
	// Developer is bin/spython-dev: the production rules, but script audit
	// hooks (sys.addaudithook) and dynamic code are allowed and logged.
	Developer Build = "developer"
	// Production is bin/spython: the policy every server runs.
	Production Build = "production"
)

// Limits are resource limits for a run (docs/policy.md "limits"); zero
// fields mean no limit.
type Limits struct {
	Steps      int64         // go.starlark.net execution steps
	WallTime   time.Duration // wall-clock time
	MemoryMB   int           // heap
	OutputSize int64         // bytes of stdout
}

// Options configure one run. The zero value runs the developer build with
// no arguments, empty stdin and a minimal environment.
type Options struct {
	Build Build    // Developer (default) or Production
	Args  []string // sys.argv[1:]
	Stdin io.Reader
	// Env is the child's environment, added to a minimal one (PATH from
	// this process, HOME and TMPDIR the run's directory). spython itself
	// ignores PYTHON* and SPYTHON* variables: the environment never changes
	// its policy.
	Env []string
	// Files are extra files written into the run's directory before the
	// run, by path relative to it (helpers for load(), input data).
	Files map[string]string
	// Limits, when set, runs a site-policy build: Build's compiled-in policy
	// with these limits.
	Limits *Limits
	// Policy, when set, is a whole site policy document (JSON, the format of
	// internal/policy/builtin/*.json) compiled in for the test; it overrides
	// Build and Limits.
	Policy []byte
	// Timeout ends a run that takes longer (default 2 minutes), so that a
	// test never hangs; the Result then has Exit -1.
	Timeout time.Duration
}

// Result is what one run did.
type Result struct {
	Exit    int      // the exit code (spec §2); -1 if the run was killed on Timeout
	Stdout  string   //
	Stderr  string   //
	Records []Record // the run's audit records, in order
	Dir     string   // the run's directory: the script copy, its log, files it wrote
	LogPath string   // the log spython wrote (Dir/<script>.log)
}

// Record is one audit record (docs/log-format.md, docs/record.schema.json).
type Record struct {
	Timestamp  string   `json:"@timestamp"`
	Sequence   int64    `json:"event.sequence"`
	Action     string   `json:"event.action"`
	Decision   string   `json:"spython.decision"` // allowed, denied, would_deny
	Reason     string   `json:"event.reason"`
	Args       []any    `json:"spython.args"` // JSON values: string, float64, bool, nil, []any, map[string]any
	ArgsText   string   `json:"spython.args_text"`
	Location   string   `json:"spython.location"`     // file:line:col
	File       string   `json:"log.origin.file.name"` //
	Line       int      `json:"log.origin.file.line"` //
	RunID      string   `json:"spython.run.id"`
	ScriptPath string   `json:"spython.script.path"` // "" for a refused invocation
	PID        int      `json:"process.pid"`
	UserID     string   `json:"user.id"`
	Policy     string   `json:"spython.policy"` // first record of a run
	Kind       string   `json:"event.kind"`
	Category   []string `json:"event.category"`
	Type       []string `json:"event.type"`
	Outcome    string   `json:"event.outcome"`
	Hash       string   `json:"event.hash"`
	// Raw is the line as spython wrote it, without the newline.
	Raw string `json:"-"`
}

// Arg returns argument i, or nil when there is none.
func (r Record) Arg(i int) any {
	if i < 0 || i >= len(r.Args) {
		return nil
	}
	return r.Args[i]
}

// Events returns the records whose event.action is one of actions (all
// records when none is given).
func (res *Result) Events(actions ...string) []Record {
	var out []Record
	for _, r := range res.Records {
		if len(actions) == 0 || contains(actions, r.Action) {
			out = append(out, r)
		}
	}
	return out
}

// Denied returns the records of denied operations.
func (res *Result) Denied() []Record { return res.decided("denied") }

// WouldDeny returns the would-be denials of a report-only policy.
func (res *Result) WouldDeny() []Record { return res.decided("would_deny") }

func (res *Result) decided(d string) []Record {
	var out []Record
	for _, r := range res.Records {
		if r.Decision == d {
			out = append(out, r)
		}
	}
	return out
}

// RunEnd returns the run's final record, spython.run_end (exit_code,
// reason), or nil if the log has none.
func (res *Result) RunEnd() *Record {
	for i := len(res.Records) - 1; i >= 0; i-- {
		if res.Records[i].Action == "spython.run_end" {
			return &res.Records[i]
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Run runs script (a path) under spython in a directory of its own under
// t.TempDir() and returns the result. A failure to set up or run spython
// at all (not a script error: that is Result.Exit) fails the test.
func Run(t testing.TB, script string, opt Options) *Result {
	t.Helper()
	res, err := run(script, "", t.TempDir(), opt)
	if err != nil {
		t.Fatalf("spythontest: %v", err)
	}
	return res
}

// RunSource is Run for a script given as source text (named main.star).
func RunSource(t testing.TB, src string, opt Options) *Result {
	t.Helper()
	res, err := run("main.star", src, t.TempDir(), opt)
	if err != nil {
		t.Fatalf("spythontest: %v", err)
	}
	return res
}

// Exec is Run without a testing.TB: the run's directory is removed before
// it returns (Result.Dir and LogPath then name files that are gone).
func Exec(script string, opt Options) (*Result, error) {
	return execIn(script, "", opt)
}

// ExecSource is Exec for source text (named main.star).
func ExecSource(src string, opt Options) (*Result, error) {
	return execIn("main.star", src, opt)
}

func execIn(script, src string, opt Options) (*Result, error) {
	dir, err := os.MkdirTemp("", "spythontest-run-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	return run(script, src, dir, opt)
}

// maxCopy bounds what is copied from a script's directory.
const maxCopy = 64 << 20

func run(script, src, base string, opt Options) (*Result, error) {
	bin, err := binary(opt)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(base, "run")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	name := filepath.Base(script)
	if src != "" {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			return nil, err
		}
	} else if err := copyStarTree(filepath.Dir(script), dir); err != nil {
		return nil, err
	} else if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
		return nil, fmt.Errorf("script %s: %w", script, err)
	}
	for rel, data := range opt.Files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			return nil, fmt.Errorf("option Files: %q is outside the run's directory", rel)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			return nil, err
		}
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{name}, opt.Args...)...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TMPDIR=" + dir}, opt.Env...)
	cmd.Stdin = opt.Stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	res := &Result{Dir: dir, LogPath: filepath.Join(dir, name+".log")}
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		res.Exit = -1
	case errors.As(err, &ee):
		res.Exit = ee.ExitCode()
		if res.Exit < 0 { // killed by a signal spython did not handle
			res.Exit = -1
		}
	case err != nil:
		return nil, err
	}
	res.Stdout, res.Stderr = stdout.String(), stderr.String()
	if res.Records, err = ReadLog(res.LogPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return res, nil
}

// ReadLog parses a spython log file into records.
func ReadLog(path string) ([]Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseLog(data)
}

// ParseLog parses JSON Lines records (a log file's bytes).
func ParseLog(data []byte) ([]Record, error) {
	var out []Record
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return out, fmt.Errorf("line %d: %w", n, err)
		}
		r.Raw = sc.Text()
		out = append(out, r)
	}
	return out, sc.Err()
}

// copyStarTree copies the regular .star files under src (the script's
// directory, for load()) into dst, keeping relative paths; hidden
// directories are skipped.
func copyStarTree(src, dst string) error {
	total := 0
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != src && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(p, ".star") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if total += len(data); total > maxCopy {
			return fmt.Errorf("more than %d MiB of .star files under %s", maxCopy>>20, src)
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o600)
	})
}

// The binaries, built once per process and key.
var (
	buildMu  sync.Mutex
	built    = map[string]*buildResult{}
	buildDir string
)

type buildResult struct {
	once sync.Once
	path string
	err  error
}

// binary returns the spython binary for opt, building it on first use.
func binary(opt Options) (string, error) {
	b := opt.Build
	if b == "" {
		b = Developer
	}
	if b != Developer && b != Production {
		return "", fmt.Errorf("unknown build %q", b)
	}
	policy := opt.Policy
	if policy == nil && opt.Limits != nil {
		var err error
		if policy, err = withLimits(b, *opt.Limits); err != nil {
			return "", err
		}
	}
	if policy == nil {
		if dir := os.Getenv("SPYTHONTEST_BIN_DIR"); dir != "" {
			name := "spython"
			if b == Developer {
				name = "spython-dev"
			}
			return filepath.Join(dir, name), nil
		}
	}
	key := string(b)
	if policy != nil {
		sum := sha256.Sum256(policy)
		key = "site-" + hex.EncodeToString(sum[:8])
	}
	buildMu.Lock()
	r := built[key]
	if r == nil {
		r = &buildResult{}
		built[key] = r
	}
	buildMu.Unlock()
	r.once.Do(func() { r.path, r.err = build(key, b, policy) })
	return r.path, r.err
}

const pkg = "github.com/spython-dev/spython"

// build compiles cmd/spython as the Makefile does (static; a site policy
// through the policy generator, supplied with -overlay so that the module's
// source, perhaps read-only in the module cache, is not touched).
func build(key string, b Build, policy []byte) (string, error) {
	buildMu.Lock()
	if buildDir == "" {
		d, err := os.MkdirTemp("", fmt.Sprintf("spythontest-bin-%d-", os.Getpid()))
		if err != nil {
			buildMu.Unlock()
			return "", err
		}
		buildDir = d
		removeStaleBuildDirs(d)
	}
	dir := buildDir
	buildMu.Unlock()
	out := filepath.Join(dir, "spython-"+key)
	args := []string{"build", "-trimpath", "-o", out}
	switch {
	case policy != nil:
		modDir, err := goCmd("list", "-m", "-f", "{{.Dir}}", pkg)
		if err != nil {
			return "", err
		}
		doc := filepath.Join(dir, key+".json")
		code := filepath.Join(dir, key+".go")
		overlay := filepath.Join(dir, key+".overlay")
		gen := filepath.Join(dir, "policygen")
		if err := os.WriteFile(doc, policy, 0o600); err != nil {
			return "", err
		}
		if _, err := os.Stat(gen); err != nil {
			if _, err := goCmd("build", "-o", gen, pkg+"/internal/policy/gen"); err != nil {
				return "", err
			}
		}
		if msg, err := exec.Command(gen, "-tag", "spython_site", "-o", code, doc).CombinedOutput(); err != nil {
			return "", fmt.Errorf("site policy: %v: %s", err, msg)
		}
		site := filepath.Join(strings.TrimSpace(modDir), "internal", "policy", "compiledin_site.go")
		data, _ := json.Marshal(map[string]any{"Replace": map[string]string{site: code}})
		if err := os.WriteFile(overlay, data, 0o600); err != nil {
			return "", err
		}
		args = append(args, "-overlay", overlay, "-tags", "spython_site")
	case b == Developer:
		args = append(args, "-tags", "spython_dev")
	}
	if _, err := goCmd(append(args, pkg+"/cmd/spython")...); err != nil {
		return "", err
	}
	return out, nil
}

func goCmd(args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// removeStaleBuildDirs removes the binaries of test processes that are
// gone (a library has no hook at process exit).
func removeStaleBuildDirs(keep string) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "spythontest-bin-*-*"))
	for _, d := range dirs {
		var pid int
		fmt.Sscanf(filepath.Base(d), "spythontest-bin-%d-", &pid)
		if d == keep || pid <= 0 {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); errors.Is(err, fs.ErrNotExist) {
			os.RemoveAll(d)
		}
	}
}

// withLimits is Build's compiled-in policy document with limits set.
func withLimits(b Build, l Limits) ([]byte, error) {
	modDir, err := goCmd("list", "-m", "-f", "{{.Dir}}", pkg)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(modDir), "internal", "policy", "builtin", string(b)+".json"))
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	limits := map[string]any{}
	if l.Steps > 0 {
		limits["steps"] = l.Steps
	}
	if l.WallTime > 0 {
		limits["wall_time"] = l.WallTime.String()
	}
	if l.MemoryMB > 0 {
		limits["memory_mb"] = l.MemoryMB
	}
	if l.OutputSize > 0 {
		limits["output_size"] = l.OutputSize
	}
	doc["limits"] = limits
	doc["name"] = fmt.Sprint(doc["name"]) + "-spythontest"
	return json.Marshal(doc)
}
