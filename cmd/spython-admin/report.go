package main

import (
	"encoding/json"
	"fmt"
	flag "github.com/spf13/pflag"
	"os"

	"github.com/spython-dev/spython/internal/logverify"
)

func init() {
	register("report", command{usage: "report [--json] LOG   summarise a log per run: denials, dynamic code, writes then loads, network, subprocesses, gaps", run: runReport})
}

func runReport(args []string) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if fs.Parse(args) != nil || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: spython-admin report [--json] LOG")
		return 2
	}
	rep, err := readWith(fs.Arg(0), logverify.Summarise)
	if err != nil {
		fmt.Fprintf(os.Stderr, "spython-admin report: %v\n", err)
		return 2
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(os.Stderr, "spython-admin report: %v\n", err)
			return 2
		}
		return 0
	}
	rep.WriteText(os.Stdout)
	return 0
}
