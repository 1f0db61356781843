package logverify

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spython-dev/spython/internal/record"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

func TestVerify(t *testing.T) {
	two := writeLog(t, nil, simpleRun("run1", 4), simpleRun("run2", 3)) // lines 1-6, 7-11
	hmacLog := writeLog(t, testKey, simpleRun("run1", 4), simpleRun("run2", 3))
	killed := writeLog(t, nil, fakeRun{id: "run1", script: "/jobs/a.star", noEnd: true}, simpleRun("run2", 1))
	L := lines(two)

	for _, tc := range []struct {
		name     string
		log      []byte
		key      []byte
		wantLine int // 0: verifies
		wantKind string
	}{
		{"intact, two runs chained", two, nil, 0, ""},
		{"intact hmac with key", hmacLog, testKey, 0, ""},
		{"hmac without key", hmacLog, nil, 1, KindKey},
		{"hmac with the wrong key", hmacLog, []byte("another key of 16+ bytes"), 1, KindChain},
		{"sha256 when a key is given: downgrade", two, testKey, 1, KindKey},
		{"run without run_end then another run", killed, nil, 0, ""},
		{"empty file", nil, nil, 0, ""},
		{"flipped byte in args", bytes.Replace(two, []byte(`"/tmp/f2"`), []byte(`"/tmp/f3"`), 1), nil, 4, KindChain},
		{"flipped byte in the hash", []byte(strings.Replace(string(two), L[2][len(L[2])-10:], flipHex(L[2][len(L[2])-10])+L[2][len(L[2])-9:], 1)), nil, 3, KindChain},
		{"flipped sequence digit", bytes.Replace(two, []byte(`"event.sequence":3,`), []byte(`"event.sequence":4,`), 1), nil, 4, KindSequence},
		{"deleted line", join(append(append([]string{}, L[:3]...), L[4:]...)), nil, 4, KindSequence},
		{"deleted first line", join(L[1:]), nil, 1, KindBoundary},
		{"deleted first run", join(L[6:]), nil, 1, KindBoundary},
		{"deleted run_end of run 1", join(append(append([]string{}, L[:5]...), L[6:]...)), nil, 6, KindBoundary},
		{"reordered lines", join(append(append(append([]string{}, L[:2]...), L[3], L[2]), L[4:]...)), nil, 3, KindSequence},
		{"reordered runs", join(append(append([]string{}, L[6:]...), L[:6]...)), nil, 1, KindBoundary},
		{"duplicated line", join(append(append([]string{}, L[:3]...), L[2:]...)), nil, 4, KindSequence},
		{"forged line inserted", join(append(append(append([]string{}, L[:3]...), forge(L[2])), L[3:]...)), nil, 4, KindChain},
		{"truncated mid-record", two[:len(two)-20], nil, 11, KindTruncated},
		{"not JSON", join(append(append([]string{}, L[:1]...), "hello\n")), nil, 2, KindFormat},
		{"hash not last", join(append(append([]string{}, L[:1]...), strings.Replace(L[1], `"}`+"\n", `","x":1}`+"\n", 1))), nil, 2, KindFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Verify(bytes.NewReader(tc.log), Options{Key: tc.key})
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantLine == 0 {
				if res.Break != nil {
					t.Fatalf("want OK, got %v", res.Break)
				}
				return
			}
			if res.Break == nil {
				t.Fatalf("want a break at line %d (%s), got OK", tc.wantLine, tc.wantKind)
			}
			if res.Break.Line != tc.wantLine || res.Break.Kind != tc.wantKind {
				t.Errorf("got %v, want line %d: %s", res.Break, tc.wantLine, tc.wantKind)
			}
		})
	}
}

// forge makes a plausible record with the next sequence number whose hash
// is made up (the forger has no way to compute the HMAC; for SHA-256 the
// forger can, which is what anchors are for).
func forge(after string) string {
	return strings.Replace(strings.Replace(after, `"event.sequence":2,`, `"event.sequence":3,`, 1), `"/tmp/f1"`, `"/etc/shadow"`, 1)
}

func TestVerifyCounts(t *testing.T) {
	killed := writeLog(t, nil, fakeRun{id: "run1", script: "/jobs/a.star", noEnd: true}, simpleRun("run2", 1))
	res, err := Verify(bytes.NewReader(killed), Options{})
	if err != nil || res.Break != nil {
		t.Fatal(err, res.Break)
	}
	if res.Records != 4 || res.Runs != 2 || res.Algs[record.AlgSHA256] != 2 {
		t.Errorf("records %d runs %d algs %v", res.Records, res.Runs, res.Algs)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "run1") {
		t.Errorf("warnings %q, want one about run1", res.Warnings)
	}
}

// rechain rewrites a SHA-256 log from line `from` on with valid hashes:
// what an attacker with write access can always do without a key.
func rechain(t *testing.T, ls []string) []byte {
	t.Helper()
	prev := ""
	var out []string
	for _, l := range ls {
		i := strings.LastIndex(l, `"event.hash":"`)
		body := l[:i]
		if strings.Contains(body, `"spython.chain.prev":"`) {
			j := strings.Index(body, `"spython.chain.prev":"`) + len(`"spython.chain.prev":"`)
			k := strings.Index(body[j:], `"`)
			body = body[:j] + prev + body[j+k:]
		}
		h := record.Sum(nil, prev, []byte(body))
		out = append(out, body+`"event.hash":"`+h+`"}`+"\n")
		prev = h
	}
	return join(out)
}

func TestVerifyAnchors(t *testing.T) {
	old := writeLog(t, nil, simpleRun("run0", 1))                                              // a rotated-out file
	full := writeLog(t, nil, simpleRun("run1", 4), simpleRun("run2", 3), simpleRun("run3", 2)) // 1-6, 7-11, 12-15
	L := lines(full)
	other := writeLog(t, nil, fakeRun{id: "elsewhere", script: "/jobs/other.star"})
	// The system log: run starts, run ends (what the native sinks carry),
	// with syslog headers before the JSON, plus another script's records.
	var sys strings.Builder
	for _, i := range []int{0, 5, 6, 10, 11, 14} {
		sys.WriteString("2026-01-02T03:04:05+00:00 host spython[42]: " + L[i])
	}
	sys.WriteString("unrelated line\n")
	sys.WriteString(string(old))
	sys.WriteString(string(other))
	anchors, err := ReadAnchors(strings.NewReader(sys.String()))
	if err != nil || len(anchors) != 11 {
		t.Fatalf("ReadAnchors: %d anchors, %v", len(anchors), err)
	}
	for _, tc := range []struct {
		name     string
		log      []byte
		wantLine int
		wantKind string
	}{
		{"intact", full, 0, ""},
		{"tail of the last run cut at a record boundary", join(L[:13]), 14, KindTruncated},
		{"last run removed entirely", join(L[:11]), 12, KindTruncated},
		// The next run's first record is anchored and chained from the
		// removed run: it no longer matches the system log's copy.
		{"middle run removed and the chain recomputed", rechain(t, append(append([]string{}, L[:6]...), L[11:]...)), 7, KindAnchor},
		{"record rewritten and the chain recomputed", rechain(t, append(append(append([]string{}, L[:2]...), strings.Replace(L[2], "/tmp/f1", "/tmp/xx", 1)), L[3:]...)), 6, KindAnchor},
		{"run0's file was rotated away: its anchors are older than this file", full, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Verify(bytes.NewReader(tc.log), Options{Anchors: anchors})
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantLine == 0 {
				if res.Break != nil {
					t.Fatalf("want OK, got %v", res.Break)
				}
				if res.AnchorsMatched == 0 {
					t.Error("no anchor matched")
				}
				return
			}
			if res.Break == nil || res.Break.Line != tc.wantLine || res.Break.Kind != tc.wantKind {
				t.Errorf("got %v, want line %d: %s", res.Break, tc.wantLine, tc.wantKind)
			}
		})
	}
}

// flipHex returns a hex digit other than c.
func flipHex(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}
