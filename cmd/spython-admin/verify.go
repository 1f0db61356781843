package main

import (
	"fmt"
	flag "github.com/spf13/pflag"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spython-dev/spython/internal/logverify"
	"github.com/spython-dev/spython/internal/record"
)

func init() {
	register("verify", command{usage: "verify [--key FILE] [--anchors FILE] LOG   check the tamper-evidence chain; exit 1 at the first break", run: runVerify})
}

// runVerify prints "LOG: OK ..." and exits 0, or "LOG:LINE: KIND: ..."
// for the first break and exits 1; 2 for usage and I/O errors.
func runVerify(args []string) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	keyFile := fs.String("key", "", "chain key file: the policy's log.hmac_key_file, or for a forward-secure key the seed from `spython-admin chainkey`")
	anchorFile := fs.String("anchors", "", "exported system log holding spython records (journalctl -o cat, an rsyslog file)")
	if fs.Parse(args) != nil || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: spython-admin verify [--key FILE] [--anchors FILE] LOG")
		return 2
	}
	var opt logverify.Options
	if *keyFile != "" {
		data, err := os.ReadFile(*keyFile)
		var key *record.Key
		if err == nil {
			key, err = record.ParseKey(data)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "spython-admin verify: key %s: %v\n", *keyFile, err)
			return 2
		}
		if key.FSS {
			opt.FSS = key
		} else {
			opt.Key = key.Secret
		}
	}
	if *anchorFile != "" {
		as, err := readWith(*anchorFile, logverify.ReadAnchors)
		if err != nil {
			fmt.Fprintf(os.Stderr, "spython-admin verify: anchors: %v\n", err)
			return 2
		}
		opt.Anchors = as
	}
	log := fs.Arg(0)
	res, err := readWith(log, func(r io.Reader) (*logverify.Result, error) { return logverify.Verify(r, opt) })
	if err != nil {
		fmt.Fprintf(os.Stderr, "spython-admin verify: %v\n", err)
		return 2
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(os.Stderr, "%s: warning: %s\n", log, w)
	}
	if b := res.Break; b != nil {
		fmt.Printf("%s:%d: %s: %s\n", log, b.Line, b.Kind, b.Msg)
		return 1
	}
	var algs []string
	for a, n := range res.Algs {
		algs = append(algs, fmt.Sprintf("%s×%d", a, n))
	}
	sort.Strings(algs)
	anchors := "no anchors"
	if *anchorFile != "" {
		anchors = fmt.Sprintf("%d anchors matched, %d for other logs", res.AnchorsMatched, res.AnchorsOther)
	}
	fmt.Printf("%s: OK: %d records, %d runs (%s), %s\n", log, res.Records, res.Runs, strings.Join(algs, " "), anchors)
	fmt.Printf("%s: guarantee: %s\n", log, res.Guarantee())
	return 0
}

func readWith[T any](path string, f func(io.Reader) (T, error)) (T, error) {
	file, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer file.Close()
	return f(file)
}
