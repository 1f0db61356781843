// Command testreport reads `go test -json` on stdin and prints what plain
// `go test` prints (package results, the output of failing tests) and then
// every skipped test with its reason, so that `make test` shows the
// integration tests that did not run. It exits 1 if a test or a build
// failed.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

func main() {
	out := map[string][]string{} // package/test → its output so far
	var skipped []string
	failed := false
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Action == "" {
			fmt.Println(sc.Text()) // not an event: pass it on
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output", "build-output":
			if e.Test == "" {
				if e.Output != "PASS\n" { // plain go test leaves it out
					fmt.Print(e.Output)
				}
			} else {
				out[key] = append(out[key], e.Output)
			}
		case "fail", "build-fail":
			failed = true
			fmt.Print(strings.Join(out[key], ""))
			delete(out, key)
		case "skip":
			if e.Test != "" {
				skipped = append(skipped, fmt.Sprintf("%s %s: %s", e.Package, e.Test, reason(out[key])))
			}
			delete(out, key)
		case "pass":
			delete(out, key)
		}
	}
	if len(skipped) > 0 {
		fmt.Printf("\nSKIPPED (%d tests did not run):\n", len(skipped))
		for _, s := range skipped {
			fmt.Println("  " + s)
		}
	}
	if failed || sc.Err() != nil {
		os.Exit(1)
	}
}

// reason is the skip message: the test's last "file.go:N: …" line.
func reason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if _, msg, ok := strings.Cut(l, ".go:"); ok && !strings.HasPrefix(l, "---") {
			if _, m, ok := strings.Cut(msg, ": "); ok {
				return m
			}
		}
	}
	return "(no reason given)"
}
