package logverify

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/record"
)

// fakeRun is one run for a synthetic log.
type fakeRun struct {
	id     string
	script string
	recs   []record.Record
	noEnd  bool
}

// lastClock makes every synthetic log later than the ones made before it.
var lastClock = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// writeLog encodes runs the way spython appends them to one file: each run
// chains from the previous run's last hash.
func writeLog(t testing.TB, key []byte, runs ...fakeRun) []byte {
	t.Helper()
	var out bytes.Buffer
	prev := ""
	clock := lastClock
	defer func() { lastClock = clock }()
	for _, r := range runs {
		enc := record.NewEncoder(record.Run{ID: r.id, ScriptPath: r.script, PID: 42, UID: 0, Policy: "test"}, record.NewChain(key, prev))
		recs := append([]record.Record{{Action: "spython.run_file", Type: "allowed", Args: starlark.Tuple{starlark.String(r.script)}}}, r.recs...)
		if !r.noEnd {
			recs = append(recs, record.Record{Action: "spython.run_end", Type: "allowed", Args: starlark.Tuple{starlark.MakeInt(0), starlark.String("finished")}})
		}
		for i := range recs {
			clock = clock.Add(time.Millisecond)
			recs[i].Time = clock
			line := enc.Encode(&recs[i])
			out.Write(line)
			prev = string(line[len(line)-67 : len(line)-3])
		}
	}
	return out.Bytes()
}

type rec = record.Record

func ev(action, typ string, args ...starlark.Value) record.Record {
	r := record.Record{Action: action, Type: typ, Args: starlark.Tuple(args)}
	if typ != "allowed" {
		r.Reason = "test: " + action
	}
	return r
}

func simpleRun(id string, n int) fakeRun {
	r := fakeRun{id: id, script: "/jobs/a.star"}
	for i := 0; i < n; i++ {
		r.recs = append(r.recs, ev("open", "allowed", starlark.String(fmt.Sprintf("/tmp/f%d", i)), starlark.String("r"), starlark.MakeInt(0)))
	}
	return r
}

// lines splits a log into lines that keep their newline.
func lines(b []byte) []string {
	ls := strings.SplitAfter(string(b), "\n")
	return ls[:len(ls)-1]
}

func join(ls []string) []byte {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}
