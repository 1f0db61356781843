package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/hooks"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/record"
	"github.com/spython-dev/spython/internal/sink"
)

func newLogger(t *testing.T, doc string) (*Logger, string) {
	t.Helper()
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "job.star.log")
	f, err := sink.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	l := New(Config{Policy: p, File: f, Run: record.Run{ID: "r", ScriptPath: filepath.Join(dir, "job.star")}})
	return l, path
}

func lastRecord(t *testing.T, path string) map[string]any {
	t.Helper()
	data, _ := os.ReadFile(path)
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	var r map[string]any
	if err := json.Unmarshal(lines[len(lines)-1], &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDenialIsLoggedBeforeItTakesEffect(t *testing.T) {
	l, path := newLogger(t, `{"name":"t","deny":[{"event":"os.system","reason":"no shell"}]}`)
	err := l.Audit(nil, "os.system", starlark.Tuple{starlark.String("id")})
	var denied *hooks.DeniedError
	if !errors.As(err, &denied) || denied.Reason != "no shell" {
		t.Fatalf("err = %v", err)
	}
	r := lastRecord(t, path)
	if r["event.action"] != "os.system" || r["spython.decision"] != "denied" || r["event.reason"] != "no shell" {
		t.Errorf("record = %v", r)
	}
	if err := l.Audit(nil, "open", starlark.Tuple{starlark.String("/tmp/x"), starlark.String("r"), starlark.MakeInt(0)}); err != nil {
		t.Errorf("allowed event: %v", err)
	}
	if r := lastRecord(t, path); r["spython.decision"] != "allowed" || r["event.sequence"] != float64(1) {
		t.Errorf("record = %v", r)
	}
}

func TestTheLogIsProtected(t *testing.T) {
	l, path := newLogger(t, `{"name":"t","report_only":true}`)
	dir := filepath.Dir(path)
	link := filepath.Join(dir, "alias")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	s := func(x string) starlark.Value { return starlark.String(x) }
	tests := []struct {
		event  string
		args   starlark.Tuple
		denied bool
	}{
		{"open", starlark.Tuple{s(path), s("w"), starlark.MakeInt(0)}, true},
		{"open", starlark.Tuple{s("job.star.log"), s("a"), starlark.MakeInt(0)}, true},
		{"open", starlark.Tuple{s(link), s("r+"), starlark.MakeInt(0)}, true},
		{"open", starlark.Tuple{s(path), s("r"), starlark.MakeInt(0)}, false},
		{"os.remove", starlark.Tuple{s(path)}, true},
		{"os.rename", starlark.Tuple{s("other"), s(path)}, true},
		{"os.rename", starlark.Tuple{s(dir), s("/tmp/elsewhere")}, true},
		{"os.chmod", starlark.Tuple{s(link), starlark.MakeInt(0o777)}, true},
		{"shutil.rmtree", starlark.Tuple{s(dir)}, true},
		{"shutil.copyfile", starlark.Tuple{s("/etc/hosts"), s(path)}, true},
		{"shutil.copyfile", starlark.Tuple{s(path), s("/tmp/copy")}, false},
		{"os.remove", starlark.Tuple{s(filepath.Join(dir, "other"))}, false},
		{"subprocess.Popen", starlark.Tuple{s("/usr/bin/truncate"), starlark.NewList([]starlark.Value{s("truncate"), s("-s0"), s("job.star.log")}), starlark.None, starlark.None}, true},
		{"os.system", starlark.Tuple{s("rm -f " + path)}, true},
		{"subprocess.Popen", starlark.Tuple{s("/bin/ls"), starlark.NewList([]starlark.Value{s("ls"), s(dir)}), s(dir), starlark.None}, false},
	}
	for _, tt := range tests {
		err := l.Audit(nil, tt.event, tt.args)
		if (err != nil) != tt.denied {
			t.Errorf("%s%v: err = %v, want denied %v", tt.event, tt.args, err, tt.denied)
		}
		if r := lastRecord(t, path); tt.denied && (r["spython.decision"] != "denied" || !strings.HasPrefix(r["event.reason"].(string), "protected:")) {
			t.Errorf("%s%v: record %v", tt.event, tt.args, r)
		}
	}
}

func TestAFailingLogIsFatalAndStaysFailed(t *testing.T) {
	l, _ := newLogger(t, `{"name":"t"}`)
	l.file.Close() // every write now fails
	err := l.Audit(nil, "open", nil)
	if !hooks.IsFatal(err) {
		t.Fatalf("err = %v, want fatal", err)
	}
	var le *LogError
	if !errors.As(err, &le) {
		t.Fatalf("err = %T", err)
	}
	if err := l.Audit(nil, "anything", nil); !hooks.IsFatal(err) {
		t.Errorf("a later event proceeded after the log failed: %v", err)
	}
}

func TestEndWritesRunEndOnce(t *testing.T) {
	l, path := newLogger(t, `{"name":"t"}`)
	l.now = func() time.Time { return time.Unix(0, 0) }
	if err := l.End(7, "sys.exit"); err != nil {
		t.Fatal(err)
	}
	if err := l.End(1, "again"); err != nil {
		t.Fatal(err)
	}
	r := lastRecord(t, path)
	if r["event.action"] != "spython.run_end" || r["spython.args"].([]any)[0] != float64(7) {
		t.Errorf("record = %v", r)
	}
	data, _ := os.ReadFile(path)
	if n := bytes.Count(data, []byte("spython.run_end")); n != 1 {
		t.Errorf("%d run_end records", n)
	}
}

func TestTheChainKeyIsProtected(t *testing.T) {
	p, _ := policy.Parse([]byte(`{"name":"t"}`))
	dir := t.TempDir()
	key := filepath.Join(dir, "chain.key")
	os.WriteFile(key, []byte("0123456789abcdef"), 0o600)
	os.Symlink(key, filepath.Join(dir, "alias"))
	f, _ := sink.OpenFile(filepath.Join(dir, "job.star.log"))
	l := New(Config{Policy: p, File: f, Secrets: []string{key}})
	s := func(x string) starlark.Value { return starlark.String(x) }
	tests := []struct {
		event  string
		args   starlark.Tuple
		denied bool
	}{
		{"open", starlark.Tuple{s(key), s("r"), starlark.MakeInt(0)}, true},
		{"open", starlark.Tuple{s(filepath.Join(dir, "alias")), s("rb"), starlark.MakeInt(0)}, true},
		{"shutil.copyfile", starlark.Tuple{s(key), s("/tmp/stolen")}, true},
		{"open", starlark.Tuple{s("/etc/hostname"), s("r"), starlark.MakeInt(0)}, false},
	}
	for _, tt := range tests {
		if err := l.Audit(nil, tt.event, tt.args); (err != nil) != tt.denied {
			t.Errorf("%s%v: err = %v, want denied %v", tt.event, tt.args, err, tt.denied)
		}
	}
}

// TestReadyGatesFirstRecord: no record is written before Config.Ready is
// closed (the launcher's signal handlers are in place), and the record
// waiting for it is written once it is.
func TestReadyGatesFirstRecord(t *testing.T) {
	p, err := policy.Parse([]byte(`{"name": "t"}`))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "job.star.log")
	f, err := sink.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	l := New(Config{Policy: p, File: f, Run: record.Run{ID: "r", ScriptPath: "/job.star"}, Ready: ready})
	done := make(chan error, 1)
	go func() { done <- l.Emit("spython.test", "allowed", "", starlark.Tuple{}) }()
	time.Sleep(20 * time.Millisecond) // let the write reach the gate
	if data, _ := os.ReadFile(path); len(data) != 0 {
		t.Fatalf("record written before Ready: %q", data)
	}
	close(ready)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if rec := lastRecord(t, path); rec["event.action"] != "spython.test" {
		t.Fatalf("after Ready: last record %v, want spython.test", rec)
	}
	if err := l.End(0, ""); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentEndWritesOneRunEnd: the normal finish and the signal path
// ending a run at once write one spython.run_end, never two.
func TestConcurrentEndWritesOneRunEnd(t *testing.T) {
	for i := 0; i < 20; i++ {
		l, path := newLogger(t, `{"name":"t"}`)
		// A slow clock widens the window between the check and the write.
		l.now = func() time.Time { time.Sleep(time.Millisecond); return time.Unix(0, 0) }
		start := make(chan struct{})
		done := make(chan struct{})
		for g := 0; g < 4; g++ {
			go func() {
				<-start
				l.End(g, "racer")
				done <- struct{}{}
			}()
		}
		close(start)
		for g := 0; g < 4; g++ {
			<-done
		}
		data, _ := os.ReadFile(path)
		if n := bytes.Count(data, []byte("spython.run_end")); n != 1 {
			t.Fatalf("round %d: %d run_end records", i, n)
		}
	}
}
