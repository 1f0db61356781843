package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spython-dev/spython/internal/logverify"
)

// The fleet path, end to end: spython-rsyslog (testdata/policies/rsyslog.json:
// a required TCP sink at 127.0.0.1:51514 receiving every record) sends to a
// local rsyslog forwarder, which relays through its disk-assisted queue to a
// collector rsyslog; the collector's file must hold the records byte for
// byte, verify on its own, and serve as anchors for the local log. Both
// rsyslog instances run from deploy/rsyslog's configuration files with
// only addresses and paths changed, with their own work and pid files.

const (
	forwarderAddr = "127.0.0.1:51514" // fixed: compiled into spython-rsyslog
	rsyslogKey    = "/tmp/spython-rsyslog-test.key"
)

func rsyslogd(t *testing.T) string {
	bin, err := exec.LookPath("rsyslogd")
	if err != nil {
		if _, err := os.Stat("/usr/sbin/rsyslogd"); err != nil {
			t.Skip("rsyslogd is not installed (scripts/setup.sh installs Debian's rsyslog and rsyslog-relp as root): skipping the fleet-path test")
		}
		bin = "/usr/sbin/rsyslogd"
	}
	// The configurations forward over RELP: without Debian's rsyslog-relp
	// (omrelp, imrelp) rsyslogd would start and drop every record.
	probe := filepath.Join(t.TempDir(), "probe.conf")
	os.WriteFile(probe, []byte("module(load=\"omrelp\")\nmodule(load=\"imrelp\")\naction(type=\"omfile\" file=\"/dev/null\")\n"), 0o600)
	if out, err := exec.Command(bin, "-N1", "-f", probe).CombinedOutput(); err != nil {
		t.Skipf("rsyslogd lacks the RELP modules (Debian package rsyslog-relp, installed by scripts/setup.sh as root): skipping the fleet-path test: %v\n%s", err, out)
	}
	return bin
}

type rsyslogInstance struct {
	t    *testing.T
	bin  string
	conf string
	dir  string
	addr string
	cmd  *exec.Cmd
}

func (r *rsyslogInstance) start() {
	r.t.Helper()
	cmd := exec.Command(r.bin, "-n", "-f", r.conf, "-i", filepath.Join(r.dir, "pid"))
	out, err := os.OpenFile(filepath.Join(r.dir, "rsyslogd.out"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		r.t.Fatal(err)
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	r.cmd = cmd
	r.t.Cleanup(r.stop)
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("tcp", r.addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			msg, _ := os.ReadFile(out.Name())
			r.t.Fatalf("rsyslogd %s did not listen on %s: %v\n%s", r.conf, r.addr, err, msg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *rsyslogInstance) stop() {
	if r.cmd == nil {
		return
	}
	// SIGTERM is rsyslog's orderly shutdown: it saves its queue to disk.
	r.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { r.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		r.cmd.Process.Kill()
		<-done
	}
	r.cmd = nil
}

// configure copies a deploy/rsyslog file with its addresses and paths
// replaced, behind a global() block for this instance.
func configure(t *testing.T, name, dir string, replace ...string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "deploy", "rsyslog", name))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for i := 0; i < len(replace); i += 2 {
		if !strings.Contains(text, replace[i]) {
			t.Fatalf("%s no longer contains %q", name, replace[i])
		}
		text = strings.ReplaceAll(text, replace[i], replace[i+1])
	}
	work := filepath.Join(dir, "work")
	if err := os.MkdirAll(work, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "rsyslog.conf")
	text = fmt.Sprintf("global(workDirectory=%q maxMessageSize=\"16m\")\n", work) + text
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return conf
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitCollected waits (a sync, not a timing assertion) until the
// collector's file holds want bytes.
func waitCollected(t *testing.T, dir string, want []byte) []byte {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var got []byte
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.log"))
		if len(files) == 1 {
			got, _ = os.ReadFile(files[0])
			if len(got) >= len(want) {
				return got
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the collector holds %d of %d bytes after a minute:\n%s", len(got), len(want), got)
	return nil
}

func TestRsyslogFleet(t *testing.T) {
	bin := rsyslogd(t)
	if c, err := net.Dial("tcp", forwarderAddr); err == nil {
		c.Close()
		t.Fatalf("%s is already in use: the test needs it for its local rsyslog", forwarderAddr)
	}
	tmp := t.TempDir()
	collectorAddr := freePort(t)
	_, collectorPort, _ := net.SplitHostPort(collectorAddr)
	collected := filepath.Join(tmp, "collected")

	colDir := filepath.Join(tmp, "collector")
	os.MkdirAll(colDir, 0o700)
	collector := &rsyslogInstance{t: t, bin: bin, dir: colDir, addr: collectorAddr,
		conf: configure(t, "spython-collector.conf", colDir,
			`input(type="imrelp" port="2514"`, `input(type="imrelp" address="127.0.0.1" port="`+collectorPort+`"`,
			"/var/log/spython", collected)}
	fwdDir := filepath.Join(tmp, "forwarder")
	os.MkdirAll(fwdDir, 0o700)
	forwarder := &rsyslogInstance{t: t, bin: bin, dir: fwdDir, addr: forwarderAddr,
		conf: configure(t, "spython-forward.conf", fwdDir,
			"collector.example.net", "127.0.0.1",
			`port="2514"`, `port="`+collectorPort+`"`)}
	collector.start()
	forwarder.start()

	// As root, chain with HMAC from the policy's root-only key file.
	var key []byte
	if os.Geteuid() == 0 {
		key = []byte("rsyslog-test-key-0123456789abcdef")
		if err := os.WriteFile(rsyslogKey, key, 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chmod(rsyslogKey, 0o600)
		defer os.Remove(rsyslogKey)
	}

	work := filepath.Join(tmp, "jobs")
	os.MkdirAll(work, 0o700)
	script := filepath.Join(work, "job.star")
	src := "print('hi')\nprint(try_call(os.system, 'id')[1])\nf = open('out.txt', 'w')\nf.write('é\\u2028\"x\"')\nf.close()\n"
	if err := os.WriteFile(script, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	logPath := script + ".log"
	spython := filepath.Join(binDir, "spython-rsyslog")
	run := func(wantCode int) string {
		t.Helper()
		cmd := exec.Command(spython, script)
		cmd.Dir = work
		out, err := cmd.CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != wantCode {
			t.Fatalf("spython-rsyslog exit %d, want %d:\n%s", code, wantCode, out)
		}
		return string(out)
	}
	run(0)
	run(0)
	local, _ := os.ReadFile(logPath)
	got := waitCollected(t, collected, local)
	if !bytes.Equal(got, local) {
		t.Fatalf("the collector's copy differs from the local log:\n--- local\n%s--- collected\n%s", local, got)
	}
	verify := func(name string, data []byte, anchors []byte) *logverify.Result {
		t.Helper()
		opt := logverify.Options{Key: key}
		if anchors != nil {
			as, err := logverify.ReadAnchors(bytes.NewReader(anchors))
			if err != nil {
				t.Fatal(err)
			}
			opt.Anchors = as
		}
		res, err := logverify.Verify(bytes.NewReader(data), opt)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := verify("collected", got, nil); res.Break != nil || res.Runs != 2 {
		t.Fatalf("collected copy: %v, %d runs", res.Break, res.Runs)
	} else if key != nil && res.Algs["hmac-sha256"] != 2 {
		t.Errorf("runs by algorithm %v, want 2 hmac-sha256", res.Algs)
	}
	if res := verify("local", local, got); res.Break != nil || res.AnchorsMatched != res.Records {
		t.Fatalf("local log with anchors: %v, %d of %d anchored", res.Break, res.AnchorsMatched, res.Records)
	}
	// Cutting the local log's tail is caught by the collector's anchors.
	lines := bytes.SplitAfter(local, []byte("\n")) // the last element is empty
	kept := len(lines) - 3                         // drop the last two records
	cut := bytes.Join(lines[:kept], nil)
	if res := verify("cut", cut, got); res.Break == nil || res.Break.Kind != logverify.KindTruncated || res.Break.Line != kept+1 {
		t.Errorf("truncated log: %v, want a truncation at line %d", res.Break, kept+1)
	}

	// The collector goes away: the forwarder queues (disk-assisted) and
	// delivers when it is back; spython does not notice.
	collector.stop()
	run(0)
	local, _ = os.ReadFile(logPath)
	collector.start()
	got = waitCollected(t, collected, local)
	if !bytes.Equal(got, local) {
		t.Fatalf("after the collector's outage the copies differ:\n--- local\n%s--- collected\n%s", local, got)
	}

	// A 4 MiB record (dynamic code is logged whole up to 1 MiB of source;
	// control characters escape to 6 bytes each) arrives intact, and so does
	// the record after it on the same connection.
	big := filepath.Join(work, "big.star")
	bigSrc := "src = '#' + '\\x01' * 720000\nprint(try_call(exec, src)[1] != None)\nprint('after')\n"
	if err := os.WriteFile(big, []byte(bigSrc), 0o600); err != nil {
		t.Fatal(err)
	}
	bigCmd := exec.Command(spython, big)
	bigCmd.Dir = work
	if out, err := bigCmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "after") {
		t.Fatalf("big.star: %v\n%s", err, out)
	}
	bigLocal, _ := os.ReadFile(big + ".log")
	largest := 0
	for _, l := range bytes.SplitAfter(bigLocal, []byte("\n")) {
		largest = max(largest, len(l))
	}
	if largest < 4<<20 {
		t.Fatalf("the largest record of big.star.log has %d bytes, want at least 4 MiB", largest)
	}
	// The collector's file for this host now also holds big.star's run,
	// byte for byte, after job.star's.
	want := append(append([]byte(nil), local...), bigLocal...)
	got = waitCollected(t, collected, want)
	if !bytes.Equal(got, want) {
		t.Fatalf("the 4 MiB record's run did not arrive intact: collected %d bytes, want %d", len(got), len(want))
	}
	if res := verify("big", bigLocal, got[len(local):]); res.Break != nil || res.AnchorsMatched != res.Records {
		t.Fatalf("big.star.log against the collected copy: %v, %d of %d anchored", res.Break, res.AnchorsMatched, res.Records)
	}

	// The forwarder goes away: the required sink fails and spython fails
	// closed with exit 3 before the script runs.
	forwarder.stop()
	out := run(3)
	if !strings.Contains(out, "required log sink") || strings.Contains(out, "hi\n") {
		t.Errorf("required sink down: output %q", out)
	}
}
