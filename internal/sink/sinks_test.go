package sink

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

const testLine = `{"@timestamp":"2026-01-02T03:04:05.000006Z","event.sequence":3,"event.action":"os.system","event.type":"denied","event.hash":"00"}` + "\n"

func TestEnabled(t *testing.T) {
	for _, tc := range []struct {
		name string
		all  bool
		meta Meta
		want bool
	}{
		{"important only, ordinary record", false, Meta{Type: "allowed"}, false},
		{"important only, important record", false, Meta{Type: "denied", Important: true}, true},
		{"all, ordinary record", true, Meta{Type: "allowed"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := []Handler{&Journald{all: tc.all}, &Syslog{all: tc.all}, NewTCP("127.0.0.1:1", tc.all)}
			for _, h := range hs {
				if got := h.Enabled(tc.meta); got != tc.want {
					t.Errorf("%T.Enabled(%+v) = %v, want %v", h, tc.meta, got, tc.want)
				}
			}
		})
	}
}

// listenGram listens on a unixgram socket in a temp dir.
func listenGram(t *testing.T) (*net.UnixConn, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sock")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: p, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, p
}

// parseJournal decodes native-protocol fields.
func parseJournal(t *testing.T, b []byte) map[string]string {
	t.Helper()
	m := map[string]string{}
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		if nl < 0 {
			t.Fatalf("unterminated field %q", b)
		}
		line := b[:nl]
		if eq := bytes.IndexByte(line, '='); eq >= 0 {
			m[string(line[:eq])] = string(line[eq+1:])
			b = b[nl+1:]
			continue
		}
		key := string(line)
		b = b[nl+1:]
		n := binary.LittleEndian.Uint64(b)
		m[key] = string(b[8 : 8+n])
		if b[8+n] != '\n' {
			t.Fatalf("binary field %s not followed by newline", key)
		}
		b = b[9+n:]
	}
	return m
}

func TestJournald(t *testing.T) {
	for _, tc := range []struct {
		name   string
		meta   Meta
		line   string
		fields map[string]string
	}{
		{"denial", Meta{Seq: 3, Action: "os.system", Type: "denied", Reason: "no shell", Important: true,
			RunID: "0123456789abcdef0123456789abcdef", ScriptPath: "/opt/jobs/a b.star", Policy: "production"}, testLine, map[string]string{
			"MESSAGE": strings.TrimSuffix(testLine, "\n"), "PRIORITY": "4", "SYSLOG_IDENTIFIER": "spython", "SYSLOG_FACILITY": "10",
			"SPYTHON_EVENT_ACTION": "os.system", "SPYTHON_DECISION": "denied", "SPYTHON_EVENT_TYPE": "denied", "SPYTHON_EVENT_SEQUENCE": "3",
			"SPYTHON_EVENT_REASON": "no shell", "SPYTHON_RUN_ID": "0123456789abcdef0123456789abcdef",
			"SPYTHON_SCRIPT_PATH": "/opt/jobs/a b.star", "SPYTHON_POLICY": "production",
		}},
		{"newline in a script path", Meta{Type: "allowed", ScriptPath: "/tmp/x\nSPYTHON_POLICY=forged.star", Policy: "production"}, "{}\n", map[string]string{
			"SPYTHON_SCRIPT_PATH": "/tmp/x\nSPYTHON_POLICY=forged.star", "SPYTHON_POLICY": "production",
		}},
		{"anchor", Meta{Seq: 63, Action: "open", Type: "allowed", Important: true, Anchor: true, Hash: strings.Repeat("ab", 32)}, "{}\n", map[string]string{
			"MESSAGE": "{}", "PRIORITY": "6", "SPYTHON_EVENT_HASH": strings.Repeat("ab", 32), "SPYTHON_EVENT_SEQUENCE": "63",
		}},
		{"newline in action", Meta{Action: "evil\nPRIORITY=0", Type: "would_deny"}, "{}\n", map[string]string{
			"SPYTHON_EVENT_ACTION": "evil\nPRIORITY=0", "PRIORITY": "5",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, p := listenGram(t)
			j, err := OpenJournald(p, false)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			if err := j.Handle(tc.meta, []byte(tc.line)); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 1<<16)
			n, err := srv.Read(buf)
			if err != nil {
				t.Fatal(err)
			}
			got := parseJournal(t, buf[:n])
			for k, v := range tc.fields {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// A record larger than a datagram travels in a sealed memfd.
func TestJournaldMemfd(t *testing.T) {
	srv, p := listenGram(t)
	j, err := OpenJournald(p, true)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	big := `{"x":"` + strings.Repeat("a", 4<<20) + `"}` + "\n"
	if err := j.Handle(Meta{Action: "compile", Type: "allowed"}, []byte(big)); err != nil {
		t.Fatal(err)
	}
	oob := make([]byte, unix.CmsgSpace(4))
	_, oobn, _, _, err := srv.ReadMsgUnix(make([]byte, 16), oob)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
	if err != nil || len(msgs) != 1 {
		t.Fatalf("control messages: %v %v", msgs, err)
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) != 1 {
		t.Fatalf("no fd passed: %v", err)
	}
	f := os.NewFile(uintptr(fds[0]), "memfd")
	defer f.Close()
	seals, err := unix.FcntlInt(f.Fd(), unix.F_GET_SEALS, 0)
	if err != nil || seals&unix.F_SEAL_WRITE == 0 {
		t.Errorf("memfd seals = %#x, %v; want F_SEAL_WRITE", seals, err)
	}
	// The descriptor shares the sender's offset (at the end); journald maps it.
	data, err := io.ReadAll(io.NewSectionReader(f, 0, 1<<30))
	if err != nil {
		t.Fatal(err)
	}
	if got := parseJournal(t, data)["MESSAGE"]; got != strings.TrimSuffix(big, "\n") {
		t.Errorf("MESSAGE has %d bytes, want %d", len(got), len(big)-1)
	}
}

var rfc5424 = regexp.MustCompile(`^<(\d+)>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z) (\S+) spython (\d+) (\S+) - (.*)$`)

func TestSyslogDatagram(t *testing.T) {
	for _, tc := range []struct {
		name  string
		meta  Meta
		pri   string
		msgid string
	}{
		{"denied is warning", Meta{Type: "denied", Time: time.Date(2026, 1, 2, 3, 4, 5, 6789, time.UTC)}, "84", "denied"},
		{"would_deny is notice", Meta{Type: "would_deny"}, "85", "would_deny"},
		{"allowed is info", Meta{Type: "allowed"}, "86", "allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, p := listenGram(t)
			s, err := OpenSyslog(p, true)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Handle(tc.meta, []byte(testLine)); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 1<<16)
			n, _ := srv.Read(buf)
			m := rfc5424.FindStringSubmatch(string(buf[:n]))
			if m == nil {
				t.Fatalf("not RFC 5424 with microseconds: %q", buf[:n])
			}
			if m[1] != tc.pri || m[5] != tc.msgid || m[4] != strconv.Itoa(os.Getpid()) || m[6] != strings.TrimSuffix(testLine, "\n") {
				t.Errorf("got pri %s msgid %s procid %s msg %q", m[1], m[5], m[4], m[6])
			}
			// The header carries the record's @timestamp, not the send time.
			if !tc.meta.Time.IsZero() && m[2] != "2026-01-02T03:04:05.000006Z" {
				t.Errorf("header timestamp %s, want the record's 2026-01-02T03:04:05.000006Z", m[2])
			}
		})
	}
}

// A stream-only syslog socket gets newline-terminated messages.
func TestSyslogStreamFallback(t *testing.T) {
	p := filepath.Join(t.TempDir(), "log")
	ln, err := net.Listen("unix", p)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		var lines []string
		sc := bufio.NewScanner(c)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		got <- lines
	}()
	s, err := OpenSyslog(p, false)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := s.Handle(Meta{Type: "denied", Important: true}, []byte(testLine)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	lines := <-got
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2: %q", len(lines), lines)
	}
	for _, l := range lines {
		if !rfc5424.MatchString(l) {
			t.Errorf("not RFC 5424: %q", l)
		}
	}
}

// readFrame reads one RFC 6587 octet-counted frame.
func readFrame(r *bufio.Reader) (string, error) {
	n, err := r.ReadString(' ')
	if err != nil {
		return "", err
	}
	size, err := strconv.Atoi(strings.TrimSuffix(n, " "))
	if err != nil {
		return "", err
	}
	msg := make([]byte, size)
	_, err = io.ReadFull(r, msg)
	return string(msg), err
}

// readFrames reads frames until EOF.
func readFrames(r *bufio.Reader) ([]string, error) {
	var out []string
	for {
		f, err := readFrame(r)
		if err == io.EOF && f == "" {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, f)
	}
}

func TestTCPOctetCounting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		fr, _ := readFrames(bufio.NewReader(c))
		got <- fr
	}()
	tc := NewTCP(ln.Addr().String(), false)
	if err := tc.Connect(); err != nil {
		t.Fatal(err)
	}
	lines := []string{testLine, `{"a":"` + strings.Repeat("é", 5000) + `"}` + "\n", "{}\n"}
	for _, l := range lines {
		if err := tc.Handle(Meta{Type: "allowed", Important: true}, []byte(l)); err != nil {
			t.Fatal(err)
		}
	}
	tc.Close()
	frames := <-got
	if len(frames) != len(lines) {
		t.Fatalf("got %d frames, want %d", len(frames), len(lines))
	}
	for i, f := range frames {
		m := rfc5424.FindStringSubmatch(f)
		if m == nil || m[6] != strings.TrimSuffix(lines[i], "\n") {
			t.Errorf("frame %d: %.80q", i, f)
		}
	}
}

// After the collector drops the connection the sink reconnects once and
// resends the record; with the collector gone it fails and backs off.
func TestTCPReconnectAndBackoff(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	conns := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
	now := time.Unix(1000, 0)
	tc := NewTCP(addr, true)
	tc.now = func() time.Time { return now }
	if err := tc.Connect(); err != nil {
		t.Fatal(err)
	}
	first := <-conns
	// The collector closes; the kernel may accept one more write before
	// reporting the reset, so write until the sink notices and redials.
	first.(*net.TCPConn).SetLinger(0)
	first.Close()
	var second net.Conn
	for i := 0; second == nil && i < 100; i++ {
		if err := tc.Handle(Meta{Type: "allowed"}, []byte("{}\n")); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		select {
		case second = <-conns:
		default:
			time.Sleep(time.Millisecond)
		}
	}
	if second == nil {
		t.Fatal("the sink never reconnected")
	}
	if err := tc.Handle(Meta{Type: "denied"}, []byte(testLine)); err != nil {
		t.Fatal(err)
	}
	// The record that triggered the redial (and any sent before the test
	// saw the new connection), then the denial.
	r := bufio.NewReader(second)
	for n := 0; ; n++ {
		f, err := readFrame(r)
		if err != nil {
			t.Fatalf("after reconnecting: %v", err)
		}
		if strings.Contains(f, `"os.system"`) {
			if n == 0 {
				t.Error("the record that found the connection broken was not resent")
			}
			break
		}
	}
	// Collector gone for good.
	ln.Close()
	second.(*net.TCPConn).SetLinger(0)
	second.Close()
	var herr error
	for i := 0; herr == nil && i < 100; i++ {
		herr = tc.Handle(Meta{Type: "allowed"}, []byte("{}\n"))
	}
	if herr == nil {
		t.Fatal("writes to a closed collector kept succeeding")
	}
	if err := tc.Handle(Meta{Type: "allowed"}, []byte("{}\n")); !errors.Is(err, ErrSinkDown) {
		t.Errorf("during backoff: %v, want ErrSinkDown", err)
	}
}

// A run opening the log while another appends must not take a record
// being written for one cut short: its check of the last byte is made
// under the append lock, so it never adds an empty line.
func TestEndLastLineRacesNoAppend(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	w, err := unix.Open(path, unix.O_RDWR|unix.O_APPEND|unix.O_CREAT|unix.O_CLOEXEC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(w)
	// Records of 5000 bytes cross page boundaries, so the file grows in
	// steps while one is written.
	rec := append(bytes.Repeat([]byte("x"), 4999), '\n')
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 2000 {
			if err := flockTimeout(w, LockTimeout); err != nil {
				t.Error(err)
				return
			}
			_, _ = unix.Write(w, rec)
			_ = unix.Flock(w, unix.LOCK_UN)
		}
	}()
	for {
		select {
		case <-done:
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(data, []byte("\n\n")) {
				t.Fatal("an empty line was added between two records")
			}
			return
		default:
		}
		r, err := unix.Open(path, unix.O_RDWR|unix.O_APPEND|unix.O_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := endLastLine(r, 1); err != nil {
			t.Fatal(err)
		}
		unix.Close(r)
	}
}
