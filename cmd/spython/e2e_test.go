package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/sys/unix"

	"github.com/spython-dev/spython/internal/jsonschema"
	"github.com/spython-dev/spython/internal/record"
	"github.com/spython-dev/spython/internal/sandbox"
)

// binDir holds bin/spython, bin/spython-dev and bin/spython-admin built
// once for the end-to-end tests.
var binDir string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "spython-e2e-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	builds := [][]string{
		{"-o", filepath.Join(dir, "spython"), "."},
		{"-tags", "spython_dev", "-o", filepath.Join(dir, "spython-dev"), "."},
		{"-o", filepath.Join(dir, "spython-admin"), "../spython-admin"},
	}
	// Each testdata/policies/NAME.json becomes bin spython-NAME: a site
	// policy build, made the way `make POLICY=file` makes one (the policy
	// generator's Go file, tag spython_site) but with the file supplied
	// through -overlay so the source tree is not touched.
	policies, _ := filepath.Glob("testdata/policies/*.json")
	policygen := filepath.Join(dir, "policygen")
	if len(policies) > 0 {
		goBuild("-o", policygen, "../../internal/policy/gen")
	}
	site, _ := filepath.Abs("../../internal/policy/compiledin_site.go")
	setupLogDirs(dir)
	for _, p := range policies {
		name := "spython-" + strings.TrimSuffix(filepath.Base(p), ".json")
		abs, _ := filepath.Abs(p)
		// @BIN@ in a policy is this test binary's own directory (for a
		// chain key path no other test process shares, the log
		// directories and system policy of setupLogDirs).
		if data, err := os.ReadFile(abs); err == nil && bytes.Contains(data, []byte("@BIN@")) {
			abs = filepath.Join(dir, name+".json")
			if err := os.WriteFile(abs, bytes.ReplaceAll(data, []byte("@BIN@"), []byte(dir)), 0o600); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		code := filepath.Join(dir, name+".go")
		overlay := filepath.Join(dir, name+".overlay")
		data, _ := json.Marshal(map[string]any{"Replace": map[string]string{site: code}})
		if err := os.WriteFile(overlay, data, 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		buildStep(exec.Command(policygen, "-tag", "spython_site", "-o", code, abs))
		builds = append(builds, []string{"-overlay", overlay, "-tags", "spython_site", "-o", filepath.Join(dir, name), "."})
	}
	for _, args := range builds {
		goBuild(args...)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// setupLogDirs makes the log directories the logdir policies name, as a
// package would: $BIN/logs and $BIN/syslogs, mode 1733 (0700 when not
// root, so that they still are the user's own), and the system policy
// $BIN/system/policy.json of spython-syspolicy, which moves its logs to
// $BIN/syslogs (amendment 1). $BIN becomes reachable by other users, for
// the tests that run spython as another uid.
func setupLogDirs(dir string) {
	mode := uint32(0o700)
	if os.Geteuid() == 0 {
		mode = 0o1733
	}
	check := func(err error) {
		if err != nil {
			fmt.Fprintln(os.Stderr, "setting up log directories:", err)
			os.Exit(1)
		}
	}
	check(os.Chmod(dir, 0o755))
	for _, d := range []string{"logs", "syslogs"} {
		check(os.Mkdir(filepath.Join(dir, d), 0o700))
		check(syscall.Chmod(filepath.Join(dir, d), mode))
	}
	check(os.Mkdir(filepath.Join(dir, "system"), 0o755))
	doc := `{"name": "site-system", "log": {"dir": "` + filepath.Join(dir, "syslogs") + `"}}`
	check(os.WriteFile(filepath.Join(dir, "system", "policy.json"), []byte(doc), 0o644))
}

// goBuild builds a test binary as the Makefile does: static, sandboxable.
func goBuild(args ...string) {
	cmd := exec.Command("go", append([]string{"build"}, args...)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	buildStep(cmd)
}

// buildStep runs a TestMain build step; a failure ends the test binary.
func buildStep(cmd *exec.Cmd) {
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building test binaries:", err)
		os.Exit(1)
	}
}

// TestScripts runs every testdata/script/*.txtar against the real binaries.
func TestScripts(t *testing.T) {
	// A loopback HTTP server for urlopen tests; scripts get its URL as an
	// argument ($HTTP_URL), never through their environment.
	srv := httptest.NewServer(http.HandlerFunc(serveTestHTTP))
	t.Cleanup(srv.Close) // after the parallel scripts, not when Run returns
	// An https server whose certificate no system CA signed.
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(serveTestHTTP))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("PATH", binDir+string(os.PathListSeparator)+env.Getenv("PATH"))
			env.Setenv("BIN", binDir)
			env.Setenv("LOGDIR", filepath.Join(binDir, "logs"))
			env.Setenv("SYSLOGDIR", filepath.Join(binDir, "syslogs"))
			env.Setenv("HTTP_URL", srv.URL)
			env.Setenv("HTTPS_URL", tlsSrv.URL)
			env.Defer(func() { checkAllLogs(env.T(), env.WorkDir) })
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			case "landlock":
				return sandbox.ABI() > 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"logrec":   cmdLogrec,
			"logorder": cmdLogorder,
			"logcheck": cmdLogcheck,
			"waitfile": cmdWaitfile,
			"logpath":  cmdLogpath, // logdir_test.go
			"waitlog":  cmdWaitlog,
			"mkfifo":   cmdMkfifo,
			"sendsig":  cmdSendsig,
			"logpid":   cmdLogpid,  // e2e_hardening_test.go
			"pidgone":  cmdPidgone, // e2e_hardening_test.go
			"secbits":  cmdSecbits, // integrity_secbits_test.go
		},
	})
}

// readRecords parses a JSON-lines log.
func readRecords(ts *testscript.TestScript, name string) []map[string]any {
	data, err := os.ReadFile(ts.MkAbs(name))
	ts.Check(err)
	var recs []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		var r map[string]any
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		if err := dec.Decode(&r); err != nil {
			ts.Fatalf("%s:%d: not JSON: %v", name, n, err)
		}
		recs = append(recs, r)
	}
	return recs
}

// field returns a record field as text for comparison: strings as they are,
// anything else as JSON. "args" is short for spython.args; args.N indexes it.
func field(r map[string]any, key string) (string, bool) {
	var v any
	switch {
	case key == "args":
		v = r["spython.args"]
	case strings.HasPrefix(key, "args."):
		// args.N, or args.N.field for an object argument.
		idx, sub, _ := strings.Cut(strings.TrimPrefix(key, "args."), ".")
		i, err := strconv.Atoi(idx)
		arr, ok := r["spython.args"].([]any)
		if err != nil || !ok || i >= len(arr) {
			return "", false
		}
		v = arr[i]
		if sub != "" {
			obj, ok := v.(map[string]any)
			if !ok {
				return "", false
			}
			if v, ok = obj[sub]; !ok {
				return "", false
			}
		}
	case key == "action":
		v = r["event.action"]
	case key == "type":
		// The decision (allowed, denied, would_deny) is spython.decision;
		// event.type is the ECS array derived from it.
		v = r["spython.decision"]
	case key == "reason":
		v = r["event.reason"]
	default:
		var ok bool
		if v, ok = r[key]; !ok {
			return "", false
		}
	}
	if s, ok := v.(string); ok {
		return s, true
	}
	b, _ := json.Marshal(v)
	return string(b), true
}

var condRE = regexp.MustCompile(`^([^=~!]+)(=|~|!=)(.*)$`)

func matches(ts *testscript.TestScript, r map[string]any, conds []string) bool {
	for _, c := range conds {
		m := condRE.FindStringSubmatch(c)
		if m == nil {
			ts.Fatalf("bad condition %q: want key=value, key~regexp or key!=value", c)
		}
		got, ok := field(r, m[1])
		switch m[2] {
		case "=":
			if !ok || got != m[3] {
				return false
			}
		case "!=":
			if ok && got == m[3] {
				return false
			}
		case "~":
			if !ok || !regexp.MustCompile(m[3]).MatchString(got) {
				return false
			}
		}
	}
	return true
}

// logrec [-count N] LOG COND... asserts that a record (or exactly N) of LOG
// satisfies every COND: key=value, key!=value or key~regexp, where key is a
// field name, or action, type, reason, args or args.N.
func cmdLogrec(ts *testscript.TestScript, neg bool, args []string) {
	want := -1
	if len(args) > 1 && args[0] == "-count" {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		want, args = n, args[2:]
	}
	if len(args) < 1 {
		ts.Fatalf("usage: logrec [-count N] LOG COND...")
	}
	n := 0
	for _, r := range readRecords(ts, args[0]) {
		if matches(ts, r, args[1:]) {
			n++
		}
	}
	switch {
	case neg && n > 0:
		ts.Fatalf("%s: %d record(s) match %q, want none", args[0], n, args[1:])
	case !neg && want >= 0 && n != want:
		ts.Fatalf("%s: %d record(s) match %q, want %d", args[0], n, args[1:], want)
	case !neg && n == 0:
		ts.Fatalf("%s: no record matches %q", args[0], args[1:])
	}
}

// logorder LOG ACTION... asserts the actions occur in this order (other
// records may come between them).
func cmdLogorder(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: logorder LOG ACTION...")
	}
	want := args[1:]
	i := 0
	for _, r := range readRecords(ts, args[0]) {
		if i < len(want) && r["event.action"] == want[i] {
			i++
		}
	}
	if ok := i == len(want); ok == neg {
		ts.Fatalf("%s: actions %q in order: %v (matched %d)", args[0], want, ok, i)
	}
}

// recordSchema is docs/record.schema.json, compiled once.
var recordSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	data, err := os.ReadFile("../../docs/record.schema.json")
	if err != nil {
		return nil, err
	}
	return jsonschema.Compile(data)
})

// checkRecord validates one record line against the schema (which holds
// the spec's required fields and the ECS names, types and values) and
// checks it has no duplicate JSON name at any depth.
func checkRecord(line []byte) error {
	s, err := recordSchema()
	if err != nil {
		return fmt.Errorf("docs/record.schema.json: %v", err)
	}
	if err := jsonschema.NoDuplicateNames(line); err != nil {
		return err
	}
	return s.Validate(line)
}

// checkAllLogs is run after every script: each line of every *.log file
// in the work directory that is a spython record (a JSON object with
// event.hash) must validate. Lines that are not records (a tampered or
// cut log, a script's own data) are left to the scripts that made them.
func checkAllLogs(t testscript.T, dir string) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".log") || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		for n, line := range bytes.Split(data, []byte("\n")) {
			var r map[string]json.RawMessage
			if json.Unmarshal(line, &r) != nil || r["event.hash"] == nil {
				continue
			}
			if err := checkRecord(line); err != nil {
				rel, _ := filepath.Rel(dir, path)
				t.Fatal(fmt.Sprintf("%s:%d: %v\n%s", rel, n+1, err, line))
			}
		}
		return nil
	})
}

// logcheck LOG checks every record against docs/record.schema.json and for
// duplicate JSON names, that sequence numbers run 0, 1, 2 … within each
// run, that event.hash is the last field, and that the SHA-256 chain holds
// across the whole file.
func cmdLogcheck(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: logcheck LOG")
	}
	err := checkLog(ts.MkAbs(args[0]))
	if (err == nil) == neg {
		ts.Fatalf("logcheck %s: %v", args[0], err)
	}
}

var tsRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)

func checkLog(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	prev, runID := "", ""
	var seq int64
	for n, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) == 0 {
			break
		}
		var r map[string]any
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&r); err != nil {
			return fmt.Errorf("line %d: %v", n+1, err)
		}
		if err := checkRecord(line); err != nil {
			return fmt.Errorf("line %d: %v", n+1, err)
		}
		if !tsRE.MatchString(r["@timestamp"].(string)) {
			return fmt.Errorf("line %d: bad @timestamp %v", n+1, r["@timestamp"])
		}
		if id := r["spython.run.id"].(string); id != runID {
			runID, seq = id, 0
			if _, ok := r["spython.chain.alg"]; !ok {
				return fmt.Errorf("line %d: first record of a run lacks spython.chain.alg", n+1)
			}
		}
		if got, _ := r["event.sequence"].(json.Number).Int64(); got != seq {
			return fmt.Errorf("line %d: event.sequence %d, want %d", n+1, got, seq)
		}
		seq++
		i := bytes.LastIndex(line, []byte(`"event.hash":"`))
		if i < 0 || !bytes.HasSuffix(line, []byte("\"}\n")) || len(line)-i != len(`"event.hash":"`)+64+3 {
			return fmt.Errorf("line %d: event.hash is not the last field", n+1)
		}
		want := record.Sum(nil, prev, line[:i])
		got := r["event.hash"].(string)
		if got != want {
			return fmt.Errorf("line %d: event.hash %s, want %s", n+1, got, want)
		}
		prev = got
	}
	return nil
}

// waitfile PATH waits (up to a minute) until PATH exists and is not empty: a way to sync
// with a background process, not a timing assertion.
func cmdWaitfile(ts *testscript.TestScript, neg bool, args []string) {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		// Non-empty: a shell's `echo $$ > f` creates the file before it
		// writes the pid.
		if st, err := os.Stat(ts.MkAbs(args[0])); err == nil && st.Size() > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	ts.Fatalf("%s did not appear", args[0])
}

// mkfifo PATH creates a named pipe.
func cmdMkfifo(ts *testscript.TestScript, neg bool, args []string) {
	ts.Check(syscall.Mkfifo(ts.MkAbs(args[0]), 0o600))
}

// sendsig SIGNAL PIDFILE sends a signal to the pid written in PIDFILE.
func cmdSendsig(ts *testscript.TestScript, neg bool, args []string) {
	sig := unix.SignalNum("SIG" + args[0])
	if sig == 0 {
		ts.Fatalf("unknown signal %s", args[0])
	}
	data, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	ts.Check(err)
	ts.Check(syscall.Kill(pid, sig))
}

// waitlog LOG COND... waits (up to a minute) until a record of LOG matches:
// a way to sync with a background spython, not a timing assertion.
func cmdWaitlog(ts *testscript.TestScript, neg bool, args []string) {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(ts.MkAbs(args[0])); err == nil {
			for _, line := range bytes.Split(data, []byte("\n")) {
				var r map[string]any
				if json.Unmarshal(line, &r) == nil && matches(ts, r, args[1:]) {
					return
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	ts.Fatalf("%s: no record matching %q appeared", args[0], args[1:])
}

// serveTestHTTP is the loopback server: /payload returns a base64-encoded
// script (the seed threat), /echo echoes the method and body, and anything
// else says hello.
func serveTestHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/payload":
		w.Write([]byte(base64.StdEncoding.EncodeToString([]byte("print(\"payload ran\")\n"))))
	case "/echo":
		body := make([]byte, 1024)
		n, _ := r.Body.Read(body)
		fmt.Fprintf(w, "%s %s", r.Method, body[:n])
	case "/headers":
		// What the server received, for the redaction tests: the real
		// values, whatever the log says.
		fmt.Fprintf(w, "auth=%s cookie=%s", r.Header.Get("Authorization"), r.Header.Get("Cookie"))
	case "/missing":
		http.NotFound(w, r)
	default:
		w.Write([]byte("hello from loopback"))
	}
}
