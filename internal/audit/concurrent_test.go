package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.starlark.net/starlark"

	"github.com/spython-dev/spython/internal/logverify"
	"github.com/spython-dev/spython/internal/policy"
	"github.com/spython-dev/spython/internal/record"
	"github.com/spython-dev/spython/internal/sink"
)

// concurrentLog has runs loggers, each with its own open of path, append
// perRun records at once, as concurrent spython processes do.
func concurrentLog(t *testing.T, path string, key []byte, runs, perRun int) {
	t.Helper()
	p, err := policy.Parse([]byte(`{"name":"t"}`))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, runs)
	for i := 0; i < runs; i++ {
		f, err := sink.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		l := New(Config{Policy: p, File: f, HMACKey: key, Run: record.Run{ID: fmt.Sprintf("run%02d", i), ScriptPath: "/jobs/a.star", PID: 1000 + i}})
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for j := 0; j < perRun; j++ {
				if err := l.Audit(nil, "tick", starlark.Tuple{starlark.MakeInt(j)}); err != nil {
					errs <- err
					return
				}
			}
			errs <- l.End(0, "finished")
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func runIDs(t *testing.T, ls []string) []string {
	ids := make([]string, len(ls))
	for i, l := range ls {
		var r struct {
			ID string `json:"spython.run.id"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		ids[i] = r.ID
	}
	return ids
}

// TestConcurrentRunsVerify: 20 runs appending to one log at once verify,
// and a deleted, altered, reordered or forged record in any of them is
// still found (spec amendment 2).
func TestConcurrentRunsVerify(t *testing.T) {
	for _, key := range [][]byte{nil, []byte("0123456789abcdef0123456789abcdef")} {
		t.Run(fmt.Sprintf("key=%v", key != nil), func(t *testing.T) {
			const runs, perRun = 20, 40
			path := filepath.Join(t.TempDir(), "a.star.log")
			concurrentLog(t, path, key, runs, perRun)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ls := strings.SplitAfter(string(data), "\n")
			ls = ls[:len(ls)-1]
			if want := runs * (perRun + 1); len(ls) != want {
				t.Fatalf("%d lines, want %d", len(ls), want)
			}
			ids := runIDs(t, ls)
			switches := 0
			for i := 1; i < len(ids); i++ {
				if ids[i] != ids[i-1] {
					switches++
				}
			}
			if switches < runs {
				t.Logf("only %d run switches: the runs barely overlapped", switches)
			}
			verify := func(b []byte) *logverify.Result {
				res, err := logverify.Verify(bytes.NewReader(b), logverify.Options{Key: key})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			res := verify(data)
			if res.Break != nil || res.Runs != runs || res.Records != len(ls) {
				t.Fatalf("untouched log: break %v, %d runs, %d records", res.Break, res.Runs, res.Records)
			}
			// Pick lines by position and by run: a record in the middle, a
			// neighbour of another run, a run_end that is not the last line.
			mid := len(ls) / 2
			for mid < len(ls)-1 && !strings.Contains(ls[mid], `"tick"`) {
				mid++ // a script's own event, so that "altered" changes it
			}
			other := mid + 1
			for other < len(ls) && ids[other] == ids[mid] {
				other++
			}
			same := -1
			for i := mid + 1; i < len(ls); i++ {
				if ids[i] == ids[mid] {
					same = i
					break
				}
			}
			end := -1
			for i := 0; i < len(ls)-1; i++ {
				if strings.Contains(ls[i], `"spython.run_end"`) {
					end = i
					break
				}
			}
			firstOfRun := -1
			for i := 1; i < len(ls); i++ {
				if strings.Contains(ls[i], `"spython.chain.alg"`) {
					firstOfRun = i
					break
				}
			}
			del := func(idx ...int) []string {
				out := []string{}
				skip := map[int]bool{}
				for _, i := range idx {
					skip[i] = true
				}
				for i, l := range ls {
					if !skip[i] {
						out = append(out, l)
					}
				}
				return out
			}
			swap := func(i, j int) []string {
				out := append([]string{}, ls...)
				out[i], out[j] = out[j], out[i]
				return out
			}
			// A forged record: a copy of the mid record with its sequence
			// advanced and the chain recomputed over the line before it,
			// without the key (a forger without it can only use SHA-256).
			forged := func() []string {
				var prev string
				if mid > 0 {
					prev = ls[mid-1][len(ls[mid-1])-67 : len(ls[mid-1])-3]
				}
				body := strings.Replace(ls[mid][:len(ls[mid])-len(`"event.hash":"`)-64-3], `"tick"`, `"forged"`, 1)
				line := body + `"event.hash":"` + record.Sum(nil, prev, []byte(body)) + "\"}\n"
				out := append([]string{}, ls[:mid]...)
				out = append(out, line)
				return append(out, ls[mid:]...)
			}
			var wholeRun []int
			for i, id := range ids {
				if id == ids[mid] {
					wholeRun = append(wholeRun, i)
				}
			}
			// How the runs interleave depends on scheduling: a neighbour
			// from another run, or a later record of mid's run, may not
			// exist. Look the other way before giving a case up.
			if same < 0 {
				for i := mid - 1; i >= 0; i-- {
					if ids[i] == ids[mid] {
						same = i
						break
					}
				}
			}
			if other >= len(ls) {
				other = mid - 1
				for other >= 0 && ids[other] == ids[mid] {
					other--
				}
			}
			cases := map[string][]string{
				"deleted record":                del(mid),
				"deleted run_end of a run":      del(end),
				"deleted first record of a run": del(firstOfRun),
				"deleted whole run":             del(wholeRun...),
				"altered record":                append(append(append([]string{}, ls[:mid]...), strings.Replace(ls[mid], `"tick"`, `"tock"`, 1)), ls[mid+1:]...),
				"forged record":                 forged(),
			}
			if other >= 0 {
				cases["swapped with another run"] = swap(mid, other)
			}
			if same >= 0 {
				cases["swapped within a run"] = swap(mid, same)
			}
			if wholeRun[len(wholeRun)-1] == len(ls)-1 {
				delete(cases, "deleted whole run") // the tail needs anchors
			}
			for name, tampered := range cases {
				res := verify([]byte(strings.Join(tampered, "")))
				if res.Break == nil {
					t.Errorf("%s: verified OK", name)
				}
			}
		})
	}
}
