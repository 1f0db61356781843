// Package difftest is the differential test against CPython: each pair
// testdata/diff/NAME.py and NAME.star runs under CPython 3.11 with an audit
// hook (testdata/diff/pyhook.py) and under spython-dev, and the two event
// streams must agree call by call: names, order, arguments, and the values
// the scripts report with sys.audit("difftest.value", label, value).
// testdata/diff/README.md says how to add a pair and lists the intended
// differences, the only allowances the comparison makes.
package difftest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spython-dev/spython/internal/record"
)

const pairDir = "../../testdata/diff"

var (
	buildOnce sync.Once
	spyDev    string
	buildErr  error
)

// python3 returns the CPython interpreter to compare against, or skips.
func python3(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("difftest: SKIPPED: python3 is not on PATH")
	}
	out, err := exec.Command(py, "-I", "-c", "import sys; print(sys.version_info >= (3, 11))").Output()
	if err != nil || strings.TrimSpace(string(out)) != "True" {
		t.Skipf("difftest: SKIPPED: %s is not CPython >= 3.11", py)
	}
	return py
}

// spythonDev builds bin/spython-dev once into a temporary directory.
func spythonDev(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "spython-difftest")
		if err != nil {
			buildErr = err
			return
		}
		spyDev = filepath.Join(dir, "spython-dev")
		cmd := exec.Command("go", "build", "-tags", "spython_dev", "-o", spyDev, "./cmd/spython")
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build spython-dev: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return spyDev
}

// event is one audit event: its name and its arguments in the log's JSON
// form.
type event struct {
	Action string `json:"action"`
	Args   []any  `json:"args"`
}

func (e event) String() string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(e.Args)
	return e.Action + " " + strings.TrimSpace(b.String())
}

func TestDifferential(t *testing.T) {
	py := python3(t)
	stars, err := filepath.Glob(filepath.Join(pairDir, "*.star"))
	if err != nil {
		t.Fatal(err)
	}
	pys, _ := filepath.Glob(filepath.Join(pairDir, "*.py"))
	for _, p := range pys {
		if filepath.Base(p) == "pyhook.py" {
			continue
		}
		if _, err := os.Stat(strings.TrimSuffix(p, ".py") + ".star"); err != nil {
			t.Errorf("%s has no .star pair", p)
		}
	}
	if len(stars) == 0 {
		t.Fatal("no pairs in " + pairDir)
	}
	dev := spythonDev(t)
	hook, _ := filepath.Abs(filepath.Join(pairDir, "pyhook.py"))
	// A loopback HTTP server for the urlopen pairs, the same for both
	// runs of a pair (its URL is in $DIFFTEST_HTTP).
	srv := httptest.NewServer(http.HandlerFunc(serveDiffHTTP))
	t.Cleanup(srv.Close)
	httpURL = srv.URL
	// The error cases the os/os.path/shutil pairs must show (coverage_test.go),
	// judged once every pair ran.
	var ran atomic.Int32
	t.Cleanup(func() { checkErrorCases(t, int(ran.Load()), len(stars)) })
	for _, star := range stars {
		name := strings.TrimSuffix(filepath.Base(star), ".star")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runPair(t, py, dev, hook, name)
			ran.Add(1)
		})
	}
}

// httpURL is the test HTTP server's URL, given to both runs.
var httpURL string

// serveDiffHTTP answers the urlopen pairs with fixed responses (no Date
// header, so that a reported header is the same in both runs).
func serveDiffHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header()["Date"] = nil
	switch r.URL.Path {
	case "/hello":
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
		_, _ = io.WriteString(w, "hello from loopback")
	case "/redir":
		// Read the body before answering: a response that races the
		// request's body makes whether the body is sent (and audited as
		// http.client.send) depend on timing, in either interpreter.
		_, _ = io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, "/hello", http.StatusFound)
	case "/redir301", "/redir303", "/redir307":
		_, _ = io.Copy(io.Discard, r.Body)
		code := map[string]int{"/redir301": 301, "/redir303": 303, "/redir307": 307}[r.URL.Path]
		http.Redirect(w, r, "/echo?from="+r.URL.Path[1:], code)
	case "/fail":
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("X-Why", "broken")
		http.Error(w, "it broke", http.StatusInternalServerError)
	case "/headers":
		// The request's headers (not the User-Agent, which differs:
		// intended difference 8), sorted; the body is read first, as for
		// /redir.
		_, _ = io.Copy(io.Discard, r.Body)
		var lines []string
		for k, v := range r.Header {
			if k != "User-Agent" {
				lines = append(lines, k+": "+strings.Join(v, ","))
			}
		}
		sort.Strings(lines)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Request-Method", r.Method)
		_, _ = io.WriteString(w, strings.Join(lines, "\n"))
	case "/echo":
		body, _ := io.ReadAll(r.Body)
		_, _ = io.WriteString(w, r.Method+" "+r.Header.Get("Content-Type")+" "+r.Header.Get("X-Test")+" "+r.Header.Get("X-Added")+" "+string(body)+r.URL.RawQuery)
	default:
		http.NotFound(w, r)
	}
}

// env is the environment both interpreters get: the same for both, and a
// time zone with daylight saving time so that local-time functions are
// compared on something other than UTC.
func env(home string) []string {
	return []string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=" + home,
		"LANG=C.UTF-8",
		"LC_ALL=C.UTF-8",
		"TZ=America/New_York",
		"USER=difftest",
		"LOGNAME=difftest",
		"DIFFTEST=1",
		"DIFFTEST_HTTP=" + httpURL,
	}
}

// runPair runs NAME.py and NAME.star in turn in the same (emptied) working
// directory, so that absolute paths are the same in both runs.
func runPair(t *testing.T, py, dev, hook, name string) {
	tmp := t.TempDir()
	work := filepath.Join(tmp, "w")
	for _, ext := range []string{".py", ".star"} {
		data, err := os.ReadFile(filepath.Join(pairDir, name+ext))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, name+ext), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fresh := func() {
		_ = filepath.WalkDir(work, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = os.Chmod(p, 0o755) // a pair may leave a read-only directory
			}
			return nil
		})
		if err := os.RemoveAll(work); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(work, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	fresh()
	evPath := filepath.Join(tmp, name+".events")
	pyOut := run(t, work, py, "-I", hook, "../"+name+".py", evPath)
	cpy := dropPipeOpens(readPyEvents(t, evPath))
	noteErrorCases(name, cpy)

	fresh()
	spyOut := run(t, work, dev, "../"+name+".star")
	spy := readLog(t, filepath.Join(tmp, name+".star.log"), filepath.Join(tmp, name+".star"))

	if msg := compare(cpy, spy); msg != "" {
		t.Errorf("%s: events differ: %s\n--- CPython (stdout/stderr)\n%s--- spython (stdout/stderr)\n%s--- CPython events\n%s--- spython events\n%s",
			name, msg, pyOut, spyOut, listing(cpy), listing(spy))
	}
}

// run runs a script with a time bound and returns its output; a failing
// script fails the test (a pair must run to the end in both).
func run(t *testing.T, dir, prog string, args ...string) string {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	cmd.Env = env(dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(prog), strings.Join(args, " "), err, out.String())
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("%s %s: timed out\n%s", filepath.Base(prog), strings.Join(args, " "), out.String())
	}
	return out.String()
}

func readPyEvents(t *testing.T, path string) []event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var evs []event
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var e event
		d := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		d.UseNumber()
		if err := d.Decode(&e); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		evs = append(evs, e)
	}
	return evs
}

// readLog reads spython's log: the script's own events, which follow the
// exec of the script and precede spython.run_end. spython.* events are
// spython's own and have no CPython counterpart.
func readLog(t *testing.T, path, script string) []event {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var evs []event
	started := false
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var rec map[string]any
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		if err := d.Decode(&rec); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		action, _ := field(rec, record.FieldAction).(string)
		args, _ := field(rec, record.FieldArgs).([]any)
		if !started {
			started = action == "exec" && len(args) == 1 && args[0] == script
			continue
		}
		if strings.HasPrefix(action, "spython.") {
			continue
		}
		if action == "time.sleep" {
			// Intended difference 14: the spec's time.sleep event, which
			// CPython raises from 3.12 only.
			continue
		}
		evs = append(evs, event{action, args})
	}
	if !started {
		t.Fatalf("%s: no exec (%s) record", path, script)
	}
	return evs
}

// field finds a dotted ECS field either flat ("event.action": …) or
// nested ({"event": {"action": …}}).
func field(rec map[string]any, name string) any {
	if v, ok := rec[name]; ok {
		return v
	}
	head, rest, ok := strings.Cut(name, ".")
	if !ok {
		return nil
	}
	sub, _ := rec[head].(map[string]any)
	if sub == nil {
		return nil
	}
	return field(sub, rest)
}

// dropPipeOpens removes CPython's open events for a descriptor (a
// subprocess pipe wrapped in a file object): intended difference 9.
func dropPipeOpens(evs []event) []event {
	out := evs[:0]
	for _, e := range evs {
		if e.Action == "open" && len(e.Args) > 0 {
			if _, isFD := e.Args[0].(json.Number); isFD {
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

// oNonblock is Linux's O_NONBLOCK (04000).
const oNonblock = 0o4000

// compare returns "" when the streams agree, allowing only the intended
// differences listed in testdata/diff/README.md.
func compare(cpy, spy []event) string {
	n := max(len(cpy), len(spy))
	for i := 0; i < n; i++ {
		if i >= len(cpy) {
			return fmt.Sprintf("#%d: spython raises %s, CPython nothing more", i, spy[i])
		}
		if i >= len(spy) {
			return fmt.Sprintf("#%d: CPython raises %s, spython nothing more", i, cpy[i])
		}
		c, s := normaliseBoth(cpy[i]), normaliseBoth(normalise(spy[i]))
		if c.Action != s.Action {
			return fmt.Sprintf("#%d: CPython raises %s, spython %s", i, c, s)
		}
		if c.Action == "exec" && len(c.Args) == 1 && len(s.Args) == 1 {
			// Intended difference 3: CPython's exec carries a code object,
			// spython's the source (see README.md).
			if m, ok := c.Args[0].(map[string]any); ok && m["code"] != nil {
				continue
			}
		}
		if c.Action == "os.kill" && len(c.Args) == 2 && len(s.Args) == 2 {
			// Intended difference 10: process ids differ from run to run.
			if positive(c.Args[0]) && positive(s.Args[0]) && equal(c.Args[1], s.Args[1]) {
				continue
			}
		}
		if !equal(c.Args, s.Args) {
			return fmt.Sprintf("#%d: %s: CPython args %s, spython %s", i, c.Action, c, s)
		}
	}
	return ""
}

// socketFD is the descriptor in a socket's repr (intended difference 7).
var socketFD = regexp.MustCompile(`^(<socket\.socket (?:\[closed\] )?fd=)[0-9]+,`)

// normaliseBoth applies the intended differences that concern both sides.
func normaliseBoth(e event) event {
	args := append([]any(nil), e.Args...)
	for i, a := range args {
		if s, ok := a.(string); ok && strings.HasPrefix(s, "<socket.socket ") {
			args[i] = socketFD.ReplaceAllString(s, "${1}N,")
		}
	}
	if e.Action == "http.client.send" && len(args) == 2 {
		args[1] = canonicalHead(args[1])
	}
	e.Args = args
	return e
}

// canonicalHead is intended difference 8: a request head (request line
// and headers, up to the blank line) with its header lines sorted and the
// User-Agent line dropped; a body is left as it is.
func canonicalHead(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	b64, _ := m["bytes_b64"].(string)
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !bytes.HasSuffix(raw, []byte("\r\n\r\n")) {
		return v
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\r\n\r\n"), "\r\n")
	if !strings.HasSuffix(lines[0], " HTTP/1.1") {
		return v
	}
	var hdrs []string
	for _, l := range lines[1:] {
		if !strings.HasPrefix(strings.ToLower(l), "user-agent:") {
			hdrs = append(hdrs, l)
		}
	}
	sort.Strings(hdrs)
	return lines[0] + "\n" + strings.Join(hdrs, "\n")
}

func positive(v any) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	i, err := n.Int64()
	return err == nil && i > 0
}

// normalise applies the intended differences that are per event.
func normalise(e event) event {
	if e.Action == "open" && len(e.Args) == 3 {
		// Intended difference 1: spython opens with O_NONBLOCK (cleared
		// right after open(2)) so that a FIFO cannot block the open.
		if n, ok := e.Args[2].(json.Number); ok {
			if v, err := n.Int64(); err == nil {
				args := append([]any(nil), e.Args...)
				args[2] = json.Number(fmt.Sprint(v &^ oNonblock))
				e.Args = args
			}
		}
	}
	return e
}

// equal compares JSON values: numbers by value (1 and 1.0 are equal), and
// CPython bytes equal to spython str of the same UTF-8 (intended
// difference 2).
func equal(c, s any) bool {
	switch c := c.(type) {
	case json.Number:
		sn, ok := s.(json.Number)
		if !ok {
			return false
		}
		if c == sn {
			return true
		}
		cf, err1 := c.Float64()
		sf, err2 := sn.Float64()
		return err1 == nil && err2 == nil && cf == sf
	case []any:
		sl, ok := s.([]any)
		if !ok || len(c) != len(sl) {
			return false
		}
		for i := range c {
			if !equal(c[i], sl[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		if b64, ok := c["bytes_b64"].(string); ok && len(c) == 1 {
			if ss, ok := s.(string); ok {
				raw, err := base64.StdEncoding.DecodeString(b64)
				return err == nil && string(raw) == ss
			}
		}
		sm, ok := s.(map[string]any)
		if !ok || len(c) != len(sm) {
			return false
		}
		for k, v := range c {
			sv, ok := sm[k]
			if !ok || !equal(v, sv) {
				return false
			}
		}
		return true
	case string:
		if ss, ok := s.(string); ok && strings.Contains(ss, "<redacted:") {
			return redactedMatch(c, ss)
		}
		// Intended difference 13: tempfile's random names.
		if ss, ok := s.(string); ok && tempName.MatchString(c) {
			return tempName.ReplaceAllString(c, "tmp?") == tempName.ReplaceAllString(ss, "tmp?")
		}
		// Intended difference 6: objects (functions, methods) are logged
		// as their repr, which cannot match CPython's (an address).
		if ss, ok := s.(string); ok && strings.HasPrefix(c, "<") && strings.HasSuffix(c, ">") && strings.Contains(c, " at 0x") {
			return strings.HasPrefix(ss, "<") && strings.HasSuffix(ss, ">")
		}
		return c == s
	default:
		return c == s
	}
}

func listing(evs []event) string {
	var b strings.Builder
	for i, e := range evs {
		fmt.Fprintf(&b, "%3d %s\n", i, e)
	}
	return b.String()
}

// tempName is a name tempfile makes with its default prefix: "tmp" and 8
// random characters of CPython's alphabet (intended difference 13).
var tempName = regexp.MustCompile(`tmp[a-z0-9_]{8}`)

// redactedMarker is spython's replacement of a secret in a record (spec
// amendment 3): intended difference 12.
var redactedMarker = regexp.MustCompile(`<redacted:[a-z0-9]+:[0-9a-f]+>`)

// redactedMatch reports whether CPython's string c equals spython's s
// once each redaction marker in s stands for some non-empty text.
func redactedMatch(c, s string) bool {
	parts := redactedMarker.Split(s, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	re, err := regexp.Compile("^" + strings.Join(parts, ".+?") + "$")
	return err == nil && re.MatchString(c)
}
